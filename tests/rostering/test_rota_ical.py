"""Each carer's calls as an iCalendar feed behind a private, revocable URL."""

import datetime as dt

from tests.support.planner_setup import add_call
from api.domain.shared.common import server_today


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_feed_is_rfc5545_with_crlf_and_folded_lines(client, factory):
    h = factory.headers("planner")
    ann, ann_h = factory.carer_user(name="Ann")
    long_name = "Olive Oakhurst-Pebblestone; of Channel View, Clevedon " + "é" * 40
    someone = factory.client_(name=long_name[:128], address="12 Harbour Rise", postcode="BS21 7AA")
    day = server_today() + dt.timedelta(days=2)
    call = add_call(client, h, someone["id"], date=day.isoformat(), start="08:15", carer_ids=[ann["id"]],
                    tasks=["Prepare breakfast", "Medication, as per MAR"])
    published = client.post("/publications", json={"start": day.isoformat(), "end": day.isoformat()}, headers=h)
    assert published.status_code == 201  # the feed shows the published rota
    link = client.post(f"/rota/carers/{ann['id']}/calendar-link", headers=ann_h).json()
    r = client.get(link["path"])  # no Authorization header: calendar apps have none
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    raw = r.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends CRLF
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75  # octets, folded
        line.decode("utf-8")  # never a split character
    lines = _unfold(r.text)
    assert f"UID:call-{call['id']}-carer-{ann['id']}@carerun" in lines
    assert f"DTSTART;TZID=Europe/London:{day:%Y%m%d}T081500" in lines
    assert f"DTEND;TZID=Europe/London:{day:%Y%m%d}T084500" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary.startswith("SUMMARY:Olive Oakhurst-Pebblestone\\; of Channel View\\, Clevedon é")
    assert "Tasks: Prepare breakfast\\; Medication\\, as per MAR" in next(
        line for line in lines if line.startswith("DESCRIPTION:"))
    assert lines.count("BEGIN:VEVENT") == 1


def test_feed_tokens_are_checked(client, factory):
    ann, ann_h = factory.carer_user()
    bea, _ = factory.carer_user()
    assert client.get("/rota/calendar/not-a-token.ics").status_code == 401
    access = ann_h["Authorization"].split()[1]
    assert client.get(f"/rota/calendar/{access}.ics").status_code == 401  # a login token is not a feed key
    assert client.post(f"/rota/carers/{bea['id']}/calendar-link", headers=ann_h).status_code == 403
    assert client.post("/rota/carers/99999/calendar-link", headers=factory.headers("planner")).status_code == 404


def test_a_new_link_revokes_the_old_and_staff_can_reset_it(client, factory):
    ann, ann_h = factory.carer_user()
    planner = factory.headers("planner")
    assert client.get(f"/rota/carers/{ann['id']}/calendar-link", headers=ann_h).json()["exists"] is False
    first = client.post(f"/rota/carers/{ann['id']}/calendar-link", headers=ann_h).json()["path"]
    assert client.get(first).status_code == 200
    assert client.get(f"/rota/carers/{ann['id']}/calendar-link", headers=planner).json()["exists"] is True
    second = client.post(f"/rota/carers/{ann['id']}/calendar-link", headers=planner).json()["path"]
    assert client.get(first).status_code == 401  # replaced: the old link is dead
    assert client.get(second).status_code == 200
    assert client.delete(f"/rota/carers/{ann['id']}/calendar-link", headers=planner).status_code == 204
    assert client.get(second).status_code == 401


def test_the_link_dies_when_the_carer_login_is_deactivated(client, factory):
    ann, ann_h = factory.carer_user()
    path = client.post(f"/rota/carers/{ann['id']}/calendar-link", headers=ann_h).json()["path"]
    assert client.get(path).status_code == 200
    admin = factory.headers("admin")
    assert client.patch(f"/users/{ann['user_id']}", json={"active": False}, headers=admin).status_code == 200
    assert client.get(path).status_code == 401
