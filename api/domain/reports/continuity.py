"""Continuity (report 3): per client, how many different carers came in the range (default the
last 4 weeks) and the share of their calls that had one of their regular carers; the agency's
mean and the clients worst served.

A client's regular carers are the ones the office named as preferred, plus up to three carers
most often on the client's calls in the range, counting only carers on at least two of them
(one visit does not make a regular). A call counts as by a regular when any of its carers is.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from api.domain.reports import call_facts
from api.domain.reports.call_facts import Frame, Query, attendance
from api.domain.reports.filters import ReportFilters
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns, pct
from api.domain.tables import ClientCarerPreference

REGULARS_PER_CLIENT = 3  # as the optimiser's continuity (api.domain.rostering.planning)
WORST_SHOWN = 10


def _carers_sql(frame: Frame) -> Query:
    """Per client and carer, the staffed calls the carer was on; a call with more than one carer
    (a double-up) apart, by its id, so the report can tell whether any of its carers was a regular.
    Only double-ups are looked at per call: a call that needs one carer has one (assignments
    never exceed the carers a call needs); grouping a year's calls by call took a third to half the time."""
    return attendance(frame, checks=False).add(""",
    pairs AS MATERIALIZED (SELECT visit, client, carer, day_no * 1440 + window_start AS start FROM att
      WHERE carers_required > 1),
    shared AS (SELECT visit FROM pairs GROUP BY visit HAVING COUNT(DISTINCT carer) > 1)
    SELECT client, carer, NULL AS shared, COUNT(*) AS calls, MIN(day_no * 1440 + window_start) AS first_seen
    FROM att WHERE carers_required <= 1 GROUP BY client, carer
    UNION ALL SELECT p.client, p.carer, s.visit, COUNT(DISTINCT p.visit), MIN(p.start)
    FROM pairs p LEFT JOIN shared s ON s.visit = p.visit GROUP BY p.client, p.carer, s.visit""")


async def continuity(f: ReportFilters) -> Report:
    counts: dict[int, Counter] = defaultdict(Counter)  # client -> carer -> calls they were on
    alone: dict[int, Counter] = defaultdict(Counter)  # client -> carer -> calls they were the only carer of
    shared: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))  # client -> call -> carers
    # In order of each carer's first call: equally frequent carers rank as first seen.
    for r in sorted(await _carers_sql(Frame(f)).rows(), key=lambda r: r["first_seen"]):
        counts[r["client"]][r["carer"]] += int(r["calls"])
        if r["shared"] is None:
            alone[r["client"]][r["carer"]] += int(r["calls"])
        else:
            shared[r["client"]][r["shared"]].add(r["carer"])
    carer_names, client_names = await call_facts.carer_names(), await call_facts.client_names()
    preferred: dict[int, set[int]] = defaultdict(set)
    for p in await ClientCarerPreference.select(ClientCarerPreference.client, ClientCarerPreference.carer).where(
            ClientCarerPreference.kind == "preferred"):
        preferred[p["client"]].add(p["carer"])
    rows = []
    for client, on in counts.items():
        regulars = preferred[client] | {c for c, n in on.most_common(REGULARS_PER_CLIENT) if n >= 2}
        calls = sum(alone[client].values()) + len(shared[client])
        by_regular = (sum(n for c, n in alone[client].items() if c in regulars)
                      + sum(1 for who in shared[client].values() if who & regulars))
        rows.append({
            "client_id": client, "client": client_names.get(client, "?"), "calls": calls,
            "distinct_carers": len(on), "by_regular": by_regular,
            "regular_percent": pct(by_regular, calls),
            "regulars": ", ".join(sorted(carer_names.get(c, "?") for c in regulars)),
        })
    rows.sort(key=lambda r: (-r["distinct_carers"], r["regular_percent"] or 0, r["client"]))
    calls_total = sum(r["calls"] for r in rows)
    mean = round(sum(r["distinct_carers"] for r in rows) / len(rows), 1) if rows else None
    share = pct(sum(r["by_regular"] for r in rows), calls_total)
    figures = [
        Figure("mean_distinct_carers", "Different carers per client (mean)", mean, note="fewer is better"),
        Figure("regular_percent", "Calls by a regular carer", share, "%"),
        Figure("clients", "Clients with calls", len(rows)),
    ]
    worst = rows[:WORST_SHOWN]
    histogram = Counter(r["distinct_carers"] for r in rows)
    spread = sorted(histogram)
    charts = [
        Chart("spread", "Clients by number of different carers", "bar", [str(n) for n in spread],
              [Series("Clients", [histogram[n] for n in spread])]),
        Chart("worst", "Clients worst served", "hbar", [r["client"] for r in worst],
              [Series("Different carers", [r["distinct_carers"] for r in worst]),
               Series("Calls by a regular %", [r["regular_percent"] for r in worst])]),
    ]
    cols = columns(("client", "Client"), ("calls", "Calls"), ("distinct_carers", "Different carers"),
                   ("by_regular", "Calls by a regular"), ("regular_percent", "By a regular %"),
                   ("regulars", "Regular carers"))
    tables = [Table("by_client", "By client (worst served first)", cols, rows)]
    return Report("continuity", "Continuity of carers", f.date_from, f.date_to, figures, charts, tables)
