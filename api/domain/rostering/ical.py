"""A carer's calls as an iCalendar feed (RFC 5545) that calendar apps can subscribe to.

Calendar apps cannot log in or send headers, so the feed URL carries a random key for one
carer's feed. Only its SHA-256 is stored; making a new link replaces (revokes) the old one, and
the feed answers only while the carer (and their login, if any) is active. Times are local
wall-clock times with the agency's zone, Europe/London, declared in a VTIMEZONE so any app
places them correctly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from litestar.exceptions import NotAuthorizedException

from api.domain.rostering.carer_view import calls_carer_sees
from api.domain.tables import CalendarFeedToken, Carer

TZID = "Europe/London"
VTIMEZONE = [
    "BEGIN:VTIMEZONE", f"TZID:{TZID}",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST",
    "DTSTART:19700329T010000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT",
    "DTSTART:19701025T020000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def new_feed_token(carer_id: int) -> str:
    """A new key for the carer's feed; the previous link stops working."""
    token = secrets.token_urlsafe(32)
    await CalendarFeedToken.delete().where(CalendarFeedToken.carer == carer_id)
    await CalendarFeedToken.insert(CalendarFeedToken(carer=carer_id, token_hash=_digest(token)))
    return token


async def revoke_feed_token(carer_id: int) -> None:
    await CalendarFeedToken.delete().where(CalendarFeedToken.carer == carer_id)


async def feed_link_made_at(carer_id: int) -> dt.datetime | None:
    row = await CalendarFeedToken.select(CalendarFeedToken.created_at).where(
        CalendarFeedToken.carer == carer_id).first()
    return row["created_at"] if row else None


async def carer_for_token(token: str) -> int:
    """The carer whose feed this key opens, if they (and their login) are still active."""
    row = await CalendarFeedToken.select(CalendarFeedToken.carer).where(
        CalendarFeedToken.token_hash == _digest(token)).first()
    if row is None:
        raise NotAuthorizedException(detail="unknown or revoked calendar link")
    carer = await Carer.select(Carer.active, Carer.user.active).where(Carer.id == row["carer"]).first()
    login_active = carer and (carer["user.active"] is None or bool(carer["user.active"]))  # None: no login
    if not carer or not carer["active"] or not login_active:
        raise NotAuthorizedException(detail="this calendar link belongs to an inactive carer")
    return row["carer"]


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _local(day: dt.date, minute: int) -> str:
    stamp = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
    return stamp.strftime("%Y%m%dT%H%M%S")


async def carer_calendar(carer_id: int, start: dt.date, end: dt.date) -> str:
    carer = await Carer.select(Carer.name).where(Carer.id == carer_id).first()
    name = carer["name"] if carer else f"carer {carer_id}"
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Carerun//Rota feed//EN", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", f"X-WR-CALNAME:{escape('Carerun calls: ' + name)}", f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for call in await calls_carer_sees(carer_id, start, end):
        h, m = map(int, call.planned_start.split(":"))
        begin = h * 60 + m
        details = [f"Window {call.window_start}-{call.window_end}"]
        if call.carers_required > 1:
            details.append(f"{call.carers_required} carers")
        if call.tasks:
            details.append("Tasks: " + "; ".join(call.tasks))
        lines += [
            "BEGIN:VEVENT",
            f"UID:call-{call.visit_id}-carer-{carer_id}@carerun",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={TZID}:{_local(call.date, begin)}",
            f"DTEND;TZID={TZID}:{_local(call.date, begin + call.duration_minutes)}",
            f"SUMMARY:{escape(call.client_name + (' (' + call.call_type + ')' if call.call_type else ''))}",
            f"LOCATION:{escape(', '.join(p for p in (call.address, call.town, call.postcode) if p))}",
            f"GEO:{call.lat:.6f};{call.lon:.6f}",
            f"DESCRIPTION:{escape(chr(10).join(details))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
