"""Implausible visit times: check-in and check-out on the call's date (the agency's, Europe/London),
a far-off phone clock flagged, check-out before check-in refused, very short or long calls flagged."""

import datetime as dt
from zoneinfo import ZoneInfo

from tests.support.carer_world import new_uuid, now_iso

LONDON = ZoneInfo("Europe/London")


def _at(day: dt.date, hhmm: str) -> str:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), LONDON).isoformat()


def _logs(client, factory, visit_id):
    return client.get(f"/visits/{visit_id}/logs", headers=factory.headers("planner")).json()


def _london_today() -> dt.date:
    return dt.datetime.now(LONDON).date()


def test_check_in_days_before_the_call_with_a_1999_clock_is_refused(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]], _london_today() + dt.timedelta(days=10))
    response = client.post(f"/visits/{visit_id}/check-in", headers=headers, json={
        "client_uuid": new_uuid(), "device_time": "1999-12-03T08:00:00+00:00"})
    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == "device_time"
    assert "cannot be sent before that day" in response.json()["extra"][0]["message"]
    assert _logs(client, factory, visit_id)["logs"] == []


def test_check_in_with_a_phone_time_on_another_day_is_refused(client, factory, world):
    carer, headers = factory.carer_user()
    visit_id = world.call([carer["id"]], _london_today())
    for device_time in ("1999-12-03T08:00:00+00:00", _at(_london_today() - dt.timedelta(days=1), "08:00")):
        response = client.post(f"/visits/{visit_id}/check-in", headers=headers, json={
            "client_uuid": new_uuid(), "device_time": device_time})
        assert response.status_code == 400, response.text
        assert response.json()["extra"][0]["key"] == "device_time"
        assert "must be on the call's date" in response.json()["extra"][0]["message"]
    assert _logs(client, factory, visit_id)["logs"] == []


def test_the_call_date_is_judged_in_the_agency_time_zone(client, factory, world):
    carer, headers = factory.carer_user()
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time).
    late_evening_utc = "2026-07-01T23:30:00+00:00"
    on_2_july = world.call([carer["id"]], dt.date(2026, 7, 2))
    on_1_july = world.call([carer["id"]], dt.date(2026, 7, 1))
    ok = client.post(f"/visits/{on_2_july}/check-in", headers=headers,
                     json={"client_uuid": new_uuid(), "device_time": late_evening_utc})
    refused = client.post(f"/visits/{on_1_july}/check-in", headers=headers,
                          json={"client_uuid": new_uuid(), "device_time": late_evening_utc})
    assert ok.status_code == 201, ok.text
    assert refused.status_code == 400 and "device_time" in refused.text


def test_a_far_off_phone_clock_is_stored_with_a_flag_the_office_sees(client, factory, world):
    carer, headers = factory.carer_user()
    yesterday = _london_today() - dt.timedelta(days=1)
    late = world.call([carer["id"]], yesterday)  # replayed today from an offline phone
    on_time = world.call([carer["id"]], _london_today())
    replayed = client.post(f"/visits/{late}/check-in", headers=headers,
                           json={"client_uuid": new_uuid(), "device_time": _at(yesterday, "08:05")})
    live = client.post(f"/visits/{on_time}/check-in", headers=headers,
                       json={"client_uuid": new_uuid(), "device_time": now_iso()})
    assert replayed.status_code == 201 and replayed.json()["device_time_off"] is True
    assert live.status_code == 201 and live.json()["device_time_off"] is False
    assert [log["device_time_off"] for log in _logs(client, factory, late)["logs"]] == [True]
    assert [log["device_time_off"] for log in _logs(client, factory, on_time)["logs"]] == [False]


def test_check_out_before_check_in_is_refused(client, factory, world):
    carer, headers = factory.carer_user()
    yesterday = _london_today() - dt.timedelta(days=1)
    visit_id = world.call([carer["id"]], yesterday)
    check_in = client.post(f"/visits/{visit_id}/check-in", headers=headers,
                           json={"client_uuid": new_uuid(), "device_time": _at(yesterday, "08:10")})
    assert check_in.status_code == 201
    out = client.post(f"/visits/{visit_id}/check-out", headers=headers,
                      json={"client_uuid": new_uuid(), "device_time": _at(yesterday, "08:00")})
    assert out.status_code == 400
    assert out.json()["extra"][0]["key"] == "device_time"
    assert "before your check-in" in out.json()["extra"][0]["message"]
    assert [log["kind"] for log in _logs(client, factory, visit_id)["logs"]] == ["check_in"]


def test_check_out_after_midnight_of_a_late_call_is_accepted(client, factory, world):
    carer, headers = factory.carer_user()
    night = _london_today() - dt.timedelta(days=2)
    visit_id = world.call([carer["id"]], night, at=23 * 60 + 30, minutes=30, call_type="night")
    after = night + dt.timedelta(days=1)
    check_in = client.post(f"/visits/{visit_id}/check-in", headers=headers,
                           json={"client_uuid": new_uuid(), "device_time": _at(night, "23:35")})
    too_late = client.post(f"/visits/{visit_id}/check-out", headers=headers,
                           json={"client_uuid": new_uuid(), "device_time": _at(after + dt.timedelta(days=1), "00:10")})
    out = client.post(f"/visits/{visit_id}/check-out", headers=headers,
                      json={"client_uuid": new_uuid(), "device_time": _at(after, "00:10")})
    assert check_in.status_code == 201, check_in.text
    assert too_late.status_code == 400 and "or the next morning" in too_late.json()["extra"][0]["message"]
    assert out.status_code == 201, out.text
    assert [log["kind"] for log in _logs(client, factory, visit_id)["logs"]] == ["check_in", "check_out"]


def test_a_waking_night_is_checked_in_late_after_midnight(client, factory, world):
    carer, headers = factory.carer_user()
    night = _london_today() - dt.timedelta(days=2)
    visit_id = world.call([carer["id"]], night, at=22 * 60, minutes=9 * 60, call_type="waking_night")
    after = night + dt.timedelta(days=1)
    for path, moment in (("check-in", _at(after, "00:20")), ("check-out", _at(after, "07:00"))):
        response = client.post(f"/visits/{visit_id}/{path}", headers=headers,
                               json={"client_uuid": new_uuid(), "device_time": moment})
        assert response.status_code == 201, response.text


def _visit_of_length(client, factory, world, minutes: int) -> dict:
    """A 30-minute call yesterday, checked in at 08:00 and out `minutes` later: the stored check-out."""
    carer, headers = factory.carer_user()
    yesterday = _london_today() - dt.timedelta(days=1)
    visit_id = world.call([carer["id"]], yesterday)
    start = dt.datetime.combine(yesterday, dt.time(8, 0), LONDON)
    for path, moment in (("check-in", start), ("check-out", start + dt.timedelta(minutes=minutes))):
        response = client.post(f"/visits/{visit_id}/{path}", headers=headers,
                               json={"client_uuid": new_uuid(), "device_time": moment.isoformat()})
        assert response.status_code == 201, response.text
    return [log for log in _logs(client, factory, visit_id)["logs"] if log["kind"] == "check_out"][0]


def test_very_short_and_very_long_calls_are_flagged_for_review(client, factory, world):
    assert _visit_of_length(client, factory, world, 5)["call_length"] == "short"  # under 25% of 30
    assert _visit_of_length(client, factory, world, 30)["call_length"] == ""
    assert _visit_of_length(client, factory, world, 100)["call_length"] == "long"  # over 300% of 30


def test_a_sleep_in_check_out_tells_the_time_woken_and_only_a_sleep_in(client, factory, world):
    carer, headers = factory.carer_user()
    night = _london_today() - dt.timedelta(days=2)
    sleep_in = world.call([carer["id"]], night, at=22 * 60, minutes=9 * 60, call_type="sleep_in")
    visit = world.call([carer["id"]], night, at=20 * 60, minutes=30, call_type="bed")
    after = night + dt.timedelta(days=1)
    refused = client.post(f"/visits/{visit}/check-out", headers=headers, json={
        "client_uuid": new_uuid(), "device_time": _at(night, "20:30"), "woken_minutes": 30})
    assert refused.status_code == 400 and refused.json()["extra"][0]["key"] == "woken_minutes"
    for path, moment, extra in (("check-in", _at(night, "21:58"), {}),
                                ("check-out", _at(after, "07:00"), {"woken_minutes": 40})):
        response = client.post(f"/visits/{sleep_in}/{path}", headers=headers,
                               json={"client_uuid": new_uuid(), "device_time": moment, **extra})
        assert response.status_code == 201, response.text
    out = [log for log in _logs(client, factory, sleep_in)["logs"] if log["kind"] == "check_out"]
    assert [log["woken_minutes"] for log in out] == [40]
