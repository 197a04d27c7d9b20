"""Formatting seconds-from-day-start for planners."""


def clock(seconds: int) -> str:
    """``27000 -> '07:30'``; times past midnight keep counting (``90000 -> '25:00'``)."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
