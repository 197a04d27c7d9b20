"""Telling people about changes: Web Push to carers' phones."""
