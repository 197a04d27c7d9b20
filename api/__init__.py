"""Carerun: rostering and visits for domiciliary care agencies."""

import os

# Piccolo finds its engine through this module; set before any table is used.
os.environ.setdefault("PICCOLO_CONF", "api.piccolo_conf")
