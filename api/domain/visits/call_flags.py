"""The rules that flag a call, in one place: the call records (visits), the live board and the
reports judge a call by these same functions, with the thresholds the agency sets.

Times are minutes from the call date's midnight in the agency's time zone (a check-out after
midnight of a call that started at 23:30 is past 1440), so a call across midnight is judged
like any other.
"""

from __future__ import annotations

LATE_AFTER_MINUTES = 15  # the agency's default: "on time" means started within 15 minutes
SHORT_UNDER_PERCENT = 75  # a call delivered under 75% of its planned length is short
LEFT_EARLY_MINUTES = 10  # a carer who left this much before the planned length was delivered


def is_late(planned_start: int, checked_in: int, late_after: int = LATE_AFTER_MINUTES) -> bool:
    """Started more than `late_after` minutes after the planned start (early is not late)."""
    return checked_in - planned_start > late_after


def is_missed(checked_in: int | None) -> bool:
    """Nobody checked in. (Only judged once the call's window and duration are past.)"""
    return checked_in is None


def is_short(planned_minutes: int, delivered_minutes: float,
             short_under_percent: int = SHORT_UNDER_PERCENT) -> bool:
    """Delivered under the share of the planned length the agency accepts."""
    return planned_minutes > 0 and delivered_minutes * 100 < planned_minutes * short_under_percent


def has_no_check_out(checked_in: int | None, checked_out: int | None) -> bool:
    return checked_in is not None and checked_out is None


def left_early(planned_minutes: int, delivered_minutes: float, left_early_minutes: int = LEFT_EARLY_MINUTES,
               short_under_percent: int = SHORT_UNDER_PERCENT) -> bool:
    """Left more than `left_early_minutes` before the planned length was delivered, without the
    call being short (a short call is flagged as short only)."""
    return (planned_minutes > 0 and planned_minutes - delivered_minutes > left_early_minutes
            and not is_short(planned_minutes, delivered_minutes, short_under_percent))
