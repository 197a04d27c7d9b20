"""The calls of a date range as the reports read them, worked out in the database.

`attendance(f)` is the SQL of one row per carer on each call (not cancelled) in the range and
filters: the call with its client, the carer's planned start and travel (the optimiser's model),
and the carer's first check-in and last check-out as minutes from the call date's midnight in
the agency's time zone (past 1440 after midnight). Each report puts its own GROUP BY on top, so
a year of history (730,000 calls at 2,000 a day) is summed where it lies and only the totals
travel to Python. Every report builds on this one reader, so all of them agree on what a call,
a check-in or a delivered minute is.

The SQL runs on SQLite and PostgreSQL alike; the two places they differ (whole days between
dates, a timestamp as local minutes) are `day_number` and `_local_minutes` below.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TypeVar
from zoneinfo import ZoneInfo

from api.domain.reports.filters import ReportFilters
from api.domain.reports.shape import TIME_BANDS
from api.domain.shared.choices import VisitStatus
from api.domain.shared.common import agency_zone, week_start
from api.domain.shared.db import engine, is_postgres
from api.domain.rostering.part_lengths import part_lengths
from api.domain.tables import Assignment, Carer, Client, Visit


T = TypeVar("T")

REPORT_WORK_MEM = "128MB"  # PostgreSQL: sort and hash memory of one report query


@dataclass
class Query:
    """SQL with Piccolo's `{}` placeholders and their values, in order."""

    sql: str = ""
    args: list = field(default_factory=list)
    # PostgreSQL: join by merge in one process (see rows); for a report whose query reads the
    # range's calls, assignments and attendance whole, each in visit order from its index.
    merge_joins: bool = False

    def merged(self) -> Query:
        self.merge_joins = True
        return self

    def add(self, sql: str, *args) -> Query:
        self.sql += sql
        self.args += args
        return self

    async def rows(self) -> list[dict]:
        if not is_postgres():
            return await Visit.raw(self.sql, *self.args)
        # For this query's own transaction only: a year's grouping (730,000 calls) spilled to
        # disk at the default 4 MB of sort and hash memory; and the joins go in the order written,
        # calls of the range first: PostgreSQL takes the (call, carer) join to visit_attendance for
        # far fewer rows than it is (a carer is one of a call's few) and chose to join every
        # assignment of all time first (4 weeks of pay: 8.3 s, in order 1.4 s, at a load of 11).
        # No JIT: compiling a year's query took 0.1-0.2 s of a core, more than it saved.
        async with engine().transaction():
            await engine().run_ddl(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
            await engine().run_ddl("SET LOCAL join_collapse_limit = 1")
            await engine().run_ddl("SET LOCAL jit = off")
            if self.merge_joins:
                # The range's calls, assignments and check times each come in visit order from
                # their indexes (visit_pkey, assignment_visit, visit_attendance_visit_carer), so a
                # merge join walks them side by side; hashing a year's 730,000 rows cost more than
                # the join (contract's weekly hours over a year: 1.15 s of the database's CPU
                # hashed, 0.76 s merged). Parallel workers would each read the inner index whole.
                await engine().run_ddl("SET LOCAL enable_hashjoin = off")
                await engine().run_ddl("SET LOCAL max_parallel_workers_per_gather = 0")
            return await Visit.raw(self.sql, *self.args)


async def together(*reads: Awaitable[T]) -> list[T]:
    """The answers of independent reads (coroutines of report queries), in order: on PostgreSQL
    at the same time, each query on its own pooled connection, so a report waits for its slowest
    query rather than their sum; one after the other on SQLite, or inside a transaction (its one
    connection runs one query at a time)."""
    if is_postgres() and engine().current_transaction.get() is None:
        return list(await asyncio.gather(*reads))
    return [await read for read in reads]


@dataclass(frozen=True)
class Frame:
    """What the SQL of one report is anchored to: day numbers count from `monday`, the Monday
    of the range's first week, so `day_no / 7` is the week and `monday + 7 * week` its date."""

    f: ReportFilters
    # (visit, carer, minutes): carers on a double-up part whose length is not the call's
    part_minutes: tuple[tuple[int, int, int], ...] = ()

    @property
    def monday(self) -> dt.date:
        return week_start(self.f.date_from)

    def day(self, day_no: int) -> dt.date:
        return self.monday + dt.timedelta(days=int(day_no))

    def week(self, week_no: int) -> dt.date:
        return self.monday + dt.timedelta(days=7 * int(week_no))

    def day_no(self, day: dt.date) -> int:
        return (day - self.monday).days


async def frame_of(f: ReportFilters) -> Frame:
    """The frame of a report that counts each carer's own minutes (att's `minutes`): with the
    few double-up parts in the range whose length is not the call's (part_lengths)."""
    lengths = await part_lengths((Assignment.visit.date >= f.date_from) & (Assignment.visit.date <= f.date_to)
                                 & (Assignment.visit.status != VisitStatus.CANCELLED.value))
    return Frame(f, tuple(sorted((v, c, m) for (v, c), m in lengths.items())))


def day_number(column: str) -> str:
    """Whole days from the `{}` date parameter to a date column (SQL; one placeholder)."""
    if is_postgres():
        return f"({column} - CAST({{}} AS DATE))"
    return f"CAST(julianday({column}) - julianday({{}}) AS INTEGER)"


def band_sql(minute: str) -> str:
    """The time band (shape.time_band) of a minute of the day, as SQL. The bands follow each
    other, so each WHEN is one comparison (a year's query works it out 730,000 times)."""
    day_minute = f"((({minute}) % 1440 + 1440) % 1440)"
    cases, previous_end = [f"WHEN {day_minute} < {TIME_BANDS[0][1]} THEN 'night'"], TIME_BANDS[0][1]
    for name, start, end in TIME_BANDS:
        assert start == previous_end, "time bands must follow each other"
        cases.append(f"WHEN {day_minute} < {end} THEN '{name}'")
        previous_end = end
    return f"CASE {' '.join(cases)} ELSE 'night' END"


@functools.lru_cache(maxsize=64)
def _utc_offsets(first: dt.date, last: dt.date, zone: ZoneInfo) -> tuple[int, list[tuple[dt.datetime, int]]]:
    """The zone's UTC offset (minutes) before `first` and each change up to `last`, as
    (UTC moment from which it applies, new offset): the clock changes a range spans."""

    def offset(moment: dt.datetime) -> int:
        return int(moment.astimezone(zone).utcoffset().total_seconds() // 60)

    utc = dt.timezone.utc
    start = dt.datetime.combine(first, dt.time(), utc)
    changes, current = [], offset(start)
    moment = start
    while moment.date() <= last:
        nxt = moment + dt.timedelta(hours=1)
        if offset(nxt) != current:
            current = offset(nxt)
            changes.append((nxt, current))
        moment = nxt
    return offset(start), changes


def _local_minutes(moment: str, call_date: str, f: ReportFilters) -> Query:
    """SQL: minutes from `call_date`'s local midnight to the timestamp `moment`, in whole seconds
    (a part second dropped, as the phone's clock shows it).

    Both databases add the zone's offset in force at `moment` as a CASE over the clock changes
    between the range's first day and a week after its last (calls past midnight, late
    check-outs): on PostgreSQL `AT TIME ZONE` on every check-in and check-out was a third of a
    year's query (0.5 s of 1.5 s), and SQLite knows no zones."""
    before, changes = _utc_offsets(f.date_from - dt.timedelta(days=1), f.date_to + dt.timedelta(days=7), agency_zone())
    offset, previous = Query("CASE" if changes else ""), before
    for moment_from, new in changes:
        if is_postgres():
            offset.add(f" WHEN {moment} < {{}} THEN {previous}", moment_from)
        else:
            offset.add(f" WHEN julianday({moment}) < julianday({{}}) THEN {previous}", moment_from.strftime("%Y-%m-%d %H:%M:%S"))
        previous = new
    offset.add(f" ELSE {previous} END" if changes else str(previous))
    if is_postgres():  # seconds since 1970 of the moment, as local time, less those of the date's midnight
        return (Query(f"FLOOR(date_part('epoch', {moment}) + 60 * (").add(offset.sql, *offset.args)
                .add(f") - ({call_date} - DATE '1970-01-01') * 86400) / 60"))
    seconds = f"(CAST(strftime('%s', {moment}) AS INTEGER) - CAST(strftime('%s', {call_date}) AS INTEGER))"
    return Query(f"{seconds} / 60.0 + ").add(offset.sql, *offset.args)


def visit_where(alias: str, f: ReportFilters) -> Query:
    """The range and the client, town and funder filters on a visit table alias (no carer)."""
    q = Query(f"{alias}.date >= {{}} AND {alias}.date <= {{}} AND {alias}.status <> {{}}",
              [f.date_from, f.date_to, VisitStatus.CANCELLED.value])
    if f.client_id is not None:
        q.add(f" AND {alias}.client = {{}}", f.client_id)
    if f.town:
        q.add(f" AND {alias}.client IN (SELECT id FROM client WHERE town = {{}})", f.town)
    if f.funder:
        q.add(f" AND {alias}.client IN (SELECT id FROM client WHERE funder = {{}})", f.funder)
    return q


def attendance(frame: Frame, *, checks: bool = True, unstaffed: bool = False, places: bool = False) -> Query:
    """`WITH att AS (...)`: one row per carer on each call of the range and filters, with
    visit, day_no (from frame.monday), client (with `places` its town and funder: a join a
    year's query need not pay for otherwise), window_start, window_end, duration (the call's),
    minutes (the carer's: their own part's length on a double-up whose parts differ, with a
    frame from `frame_of`; else the call's),
    carers_required, call_type, carer, planned_start, travel_minutes, travel_metres, and with
    `checks` the carer's checked_in and checked_out (local minutes; NULL when not recorded),
    woken_minutes (a sleep-in's time woken up and working, told at check-out) and in_at and
    out_at, the moments themselves: test those for NULL. PostgreSQL works a column of this
    subquery out again wherever the outer query names it (about 0.1 s of a core for each
    checked_in or checked_out named, on a year's 730,000 rows), so name them as few times as you can.

    With `unstaffed`, a call nobody is allocated to is one row with a NULL carer. With the carer
    filter only that carer's rows are kept (a call without them is not there at all). A check-in
    kept after the call was moved to another carer is not this carer's delivery: check times join
    on the call and the carer. They are the earliest check-in and latest check-out recorded (the
    log's summary, visit_attendance), as minutes of the call's day."""
    f = frame.f
    q = Query("WITH ")
    if frame.part_minutes:  # whole numbers of our own, written out: no limit on parameters
        rows = ", ".join(f"({int(v)}, {int(c)}, {int(m)})" for v, c, m in frame.part_minutes)
        q.add(f"part_len(visit, carer, minutes) AS (VALUES {rows}), ")
    q.add("att AS NOT MATERIALIZED (SELECT v.id AS visit, ").add(day_number("v.date"), frame.monday)
    q.add(" AS day_no, v.date AS date, v.client AS client,")
    if places:
        q.add(" c.town AS town, c.funder AS funder,")
    q.add(" v.window_start AS window_start, v.window_end AS window_end, v.duration_minutes AS duration,"
          " v.carers_required AS carers_required, v.call_type AS call_type, a.carer AS carer, a.planned_start AS planned_start,"
          " a.travel_minutes AS travel_minutes, a.travel_metres AS travel_metres")
    q.add(", COALESCE(p.minutes, v.duration_minutes) AS minutes" if frame.part_minutes else ", v.duration_minutes AS minutes")
    if checks:
        checked_in, checked_out = _local_minutes("t.first_in", "v.date", f), _local_minutes("t.last_out", "v.date", f)
        q.add(", ").add(checked_in.sql, *checked_in.args).add(" AS checked_in, ")
        q.add(checked_out.sql, *checked_out.args).add(" AS checked_out, COALESCE(t.woken_minutes, 0) AS woken_minutes,"
                                                      " t.first_in AS in_at, t.last_out AS out_at")
    q.add(" FROM visit v JOIN client c ON c.id = v.client" if places else " FROM visit v")
    q.add(" LEFT JOIN" if unstaffed and f.carer_id is None else " JOIN")
    q.add(" assignment a ON a.visit = v.id")
    if frame.part_minutes:
        q.add(" LEFT JOIN part_len p ON p.visit = a.visit AND p.carer = a.carer")
    if checks:  # visit_attendance: the log's first check-in and last check-out per carer and call
        q.add(" LEFT JOIN visit_attendance t ON t.visit = a.visit AND t.carer = a.carer")
    where = visit_where("v", f)
    q.add(" WHERE ").add(where.sql, *where.args)
    if not places:
        q.add(" AND v.client IS NOT NULL")  # as the join to the client would
    if f.carer_id is not None:
        q.add(" AND a.carer = {}", f.carer_id)
    return q.add(")")


def grouped(source: str, sets: dict[str, tuple[str, ...]], aggregates: str) -> str:
    """SQL: `aggregates` over the rows of `source` (a CTE), grouped once by each set of columns,
    one row per group with `grp` (the set's name) and every set's columns (NULL where not its).
    PostgreSQL reads the rows once for all the sets (GROUPING SETS); SQLite has none, so there
    it is one GROUP BY per set, joined by UNION ALL."""
    keys = list(dict.fromkeys(k for cols in sets.values() for k in cols))
    if is_postgres():
        # GROUPING(keys...) has a bit set, leftmost key first, for each key a group is not by.
        mask = {name: sum(1 << (len(keys) - 1 - i) for i, k in enumerate(keys) if k not in cols)
                for name, cols in sets.items()}
        tag = " ".join(f"WHEN {m} THEN '{name}'" for name, m in mask.items())
        by = ", ".join(f"({', '.join(cols)})" for cols in sets.values())
        return (f"SELECT CASE GROUPING({', '.join(keys)}) {tag} END AS grp, {', '.join(keys)}, {aggregates}"
                f" FROM {source} GROUP BY GROUPING SETS ({by})")
    return " UNION ALL ".join(
        f"SELECT '{name}' AS grp, {', '.join(k if k in cols else f'NULL AS {k}' for k in keys)}, {aggregates}"
        f" FROM {source} GROUP BY {', '.join(cols)}" for name, cols in sets.items())


def delivered() -> str:
    """SQL over `att` rows: the carer's delivered minutes (checked in to out; nothing without
    both, nothing when the check-out is before the check-in), naming each check time once.
    GREATEST skips a NULL on PostgreSQL, SQLite's max() answers NULL: 0 either way."""
    return f"COALESCE({'GREATEST' if is_postgres() else 'MAX'}(checked_out - checked_in, 0), 0)"


def as_date(value) -> dt.date:
    """A date from a raw query (SQLite answers text for computed columns)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def agency_now() -> dt.datetime:
    return dt.datetime.now(agency_zone()).replace(tzinfo=None)


async def carer_names() -> dict[int, str]:
    return {c["id"]: c["name"] for c in await Carer.select(Carer.id, Carer.name)}


async def client_names() -> dict[int, str]:
    return {c["id"]: c["name"] for c in await Client.select(Client.id, Client.name)}
