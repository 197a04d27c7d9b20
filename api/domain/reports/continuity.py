"""Continuity (report 3): per client, how many different carers came in the range (default the
last 4 weeks) and the share of their calls that had one of their regular carers; the agency's
mean and the clients worst served.

A client's regular carers are the ones the office named as preferred, plus up to three carers
most often on the client's calls in the range, counting only carers on at least two of them
(one visit does not make a regular). A call counts as by a regular when any of its carers is.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from api.domain.reports.call_facts import load_facts
from api.domain.reports.filters import ReportFilters
from api.domain.reports.shape import Chart, Figure, Report, Series, Table, columns, pct
from api.domain.tables import ClientCarerPreference

REGULARS_PER_CLIENT = 3  # as the optimiser's continuity (api.domain.rostering.planning)
WORST_SHOWN = 10


async def continuity(f: ReportFilters) -> Report:
    facts = await load_facts(f)
    carers_on: dict[int, list[set[int]]] = defaultdict(list)  # client -> carers of each staffed call
    for call in facts.calls:
        who = {a.carer_id for a in call.attendances}
        if who:
            carers_on[call.client_id].append(who)
    preferred: dict[int, set[int]] = defaultdict(set)
    for p in await ClientCarerPreference.select(ClientCarerPreference.client, ClientCarerPreference.carer).where(
            ClientCarerPreference.kind == "preferred"):
        preferred[p["client"]].add(p["carer"])
    rows = []
    for client, calls in carers_on.items():
        counts = Counter(c for who in calls for c in who)
        regulars = preferred[client] | {c for c, n in counts.most_common(REGULARS_PER_CLIENT) if n >= 2}
        by_regular = sum(1 for who in calls if who & regulars)
        rows.append({
            "client_id": client, "client": facts.client_names.get(client, "?"), "calls": len(calls),
            "distinct_carers": len(counts), "by_regular": by_regular,
            "regular_percent": pct(by_regular, len(calls)),
            "regulars": ", ".join(sorted(facts.carer_names.get(c, "?") for c in regulars)),
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
