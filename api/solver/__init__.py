"""Carerun's optimiser: allocate home-care calls to carers, explain, check and re-plan.

A pure library over OR-Tools; it imports nothing from the web app or the database.
"""

from . import rule_names
from .check import check
from .greedy import greedy
from .model import (
    Call,
    Carer,
    FixedCall,
    LateStart,
    Link,
    Options,
    Part,
    Plan,
    Problem,
    Progress,
    Rules,
    Run,
    Shift,
    Stop,
    Unallocated,
    Violation,
    Weights,
)
from .solve import solve
from .travel import Haversine, Matrix, Osrm

__all__ = [
    "Call",
    "Carer",
    "FixedCall",
    "Haversine",
    "LateStart",
    "Link",
    "Matrix",
    "Options",
    "Part",
    "Osrm",
    "Plan",
    "Problem",
    "Progress",
    "Rules",
    "Run",
    "Shift",
    "Stop",
    "Unallocated",
    "Violation",
    "Weights",
    "check",
    "greedy",
    "rule_names",
    "solve",
]
