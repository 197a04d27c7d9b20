"""Formatting seconds-from-day-start for planners."""


def clock(seconds: int) -> str:
    """``27000 -> '07:30'``; times past midnight keep counting (``90000 -> '25:00'``)."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


DAY = 24 * 3600


def day_clock(seconds: int) -> str:
    """A time of an adjacent day, from this day's midnight: ``-10800 -> "the previous day's 21:00"``,
    ``115200 -> "the next day's 08:00"``; a time of this day: ``"the 08:00"``."""
    if seconds < 0:
        return f"the previous day's {clock(seconds + DAY)}"
    if seconds >= DAY:
        return f"the next day's {clock(seconds - DAY)}"
    return f"the {clock(seconds)}"
