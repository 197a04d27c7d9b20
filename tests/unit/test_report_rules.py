"""The small rules the reports are built from, each shown on both sides of its line."""

import datetime as dt

from api.domain.reports.report_settings import age_band, minimum_wage_on
from api.domain.reports.shape import time_band
from api.domain.visits.call_flags import has_no_check_out, is_late, is_short

RATES = [{"band": "21_and_over", "from": "2025-04-01", "rate": 12.21},
         {"band": "21_and_over", "from": "2026-04-01", "rate": 12.71}]


def test_late_is_more_than_the_allowed_minutes_after_the_planned_start():
    assert not is_late(480, 495, 15) and is_late(480, 496, 15)
    assert not is_late(480, 470, 15)  # early is not late


def test_short_is_under_the_share_of_the_planned_length():
    assert is_short(60, 44.9, 75) and not is_short(60, 45, 75)
    assert not is_short(0, 0, 75)


def test_no_check_out_needs_a_check_in():
    assert has_no_check_out(480, None) and not has_no_check_out(None, None) and not has_no_check_out(480, 520)


def test_the_rate_in_force_is_the_latest_that_started_on_or_before_the_day():
    assert minimum_wage_on(RATES, "21_and_over", dt.date(2026, 3, 31)) == 12.21
    assert minimum_wage_on(RATES, "21_and_over", dt.date(2026, 4, 1)) == 12.71
    assert minimum_wage_on(RATES, "18_to_20", dt.date(2026, 4, 1)) is None


def test_age_band_turns_on_the_birthday():
    born = dt.date(2005, 6, 1)
    assert age_band(born, dt.date(2026, 5, 31)) == "18_to_20" and age_band(born, dt.date(2026, 6, 1)) == "21_and_over"
    assert age_band(None, dt.date(2026, 6, 1)) == "21_and_over"


def test_time_bands_of_the_day():
    assert [time_band(m) for m in (299, 300, 660, 840, 1080, 1320, 1470)] == [
        "night", "morning", "lunch", "tea", "bed", "night", "night"]
