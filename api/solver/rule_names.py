"""The names of the checker's hard rules: the ``rule`` of every :class:`~api.solver.model.Violation`.

Defined once here so that the checker, the re-planner and the app's move warnings compare the
same strings. The values are part of API answers: never change them.
"""

from __future__ import annotations

from typing import Final

UNKNOWN_IDS: Final = "unknown_ids"
CARERS_REQUIRED: Final = "carers_required"
DOUBLE_UP_TOGETHER: Final = "double_up_together"
DURATION: Final = "duration"
TIME_WINDOW: Final = "time_window"
SHIFT_WINDOW: Final = "shift_window"
TRAVEL_TIME: Final = "travel_time"
NO_OVERLAP: Final = "no_overlap"
ABSENCE: Final = "absence"
SKILLS: Final = "skills"
EXCLUSIONS: Final = "exclusions"
DAILY_CAP: Final = "daily_cap"
WEEKLY_CAP: Final = "weekly_cap"
BREAKS: Final = "breaks"
PINNED: Final = "pinned"
STARTED: Final = "started"
NIGHT_REST: Final = "night_rest"
LINKED_GAP: Final = "linked_gap"
SAME_CARER: Final = "same_carer"
DIFFERENT_CARERS: Final = "different_carers"

# in the order the checker runs them
ALL: Final = (
    UNKNOWN_IDS,
    CARERS_REQUIRED,
    DOUBLE_UP_TOGETHER,
    DURATION,
    TIME_WINDOW,
    SHIFT_WINDOW,
    TRAVEL_TIME,
    NO_OVERLAP,
    ABSENCE,
    SKILLS,
    EXCLUSIONS,
    DAILY_CAP,
    WEEKLY_CAP,
    BREAKS,
    PINNED,
    STARTED,
    NIGHT_REST,
    LINKED_GAP,
    SAME_CARER,
    DIFFERENT_CARERS,
)
