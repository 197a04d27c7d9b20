"""Split a large day into geographic clusters, sharing carers out by demand.

A flat routing model of 2,000 calls does badly in a minute (see TOOLCHAIN.md); a handful of
clusters of a few hundred calls each, solved one after the other, does much better. Calls are
grouped by k-means on their coordinates; carers are then handed out one by one to the cluster
whose unmet demand (carer-minutes per hour of the day, and per skill) their shifts cover best,
discounted by how far their home is from it.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .model import Call, Options, Problem
from .travel import TravelTable


def split(problem: Problem, table: TravelTable, options: Options, workers: int = 1) -> list[Problem]:
    calls = problem.calls
    if any(isinstance(c.location, int) for c in calls):
        return [problem]  # no coordinates: cannot cluster geographically
    if _links_between_calls(problem):
        return [problem]  # linked calls must be planned together (kept simple: no clusters)
    k = cluster_count(len(calls), options, workers)
    if k == 1:
        return [problem]
    pts = np.array([c.location for c in calls], dtype=float)
    labels, centres = _kmeans(pts, k, options.seed)
    labels, centres = _balanced(pts, labels, centres)
    # demand per cluster per hour, and per skill
    hours = int(max(c.latest + c.duration for c in calls) // 3600) + 2
    demand = np.zeros((k, hours))
    skill_need: list[dict[str, float]] = [dict() for _ in range(k)]
    for c, lab in zip(calls, labels):
        mins = c.duration / 60.0 * c.carers_required * 1.35  # with travel
        h0 = int(c.earliest // 3600)
        h1 = max(h0 + 1, int((c.latest + c.duration) // 3600) + 1)
        span = h1 - h0
        demand[lab, h0:h1] += mins / span
        for sk in c.skills:
            skill_need[lab][sk] = skill_need[lab].get(sk, 0.0) + mins
    lat0 = math.radians(float(pts[:, 0].mean()))
    carer_for: dict[str, int] = {}
    # continuity first: a carer goes where their regular clients' calls are today (regulars are
    # who has been serving those clients, so this keeps working runs together and continuity
    # cheap); carers with no regular client today are shared out by unmet demand
    client_load: dict[str, np.ndarray] = {}
    for c, lab in zip(calls, labels):
        client_load.setdefault(c.client_id, np.zeros(k))[lab] += c.duration * c.carers_required
    regular_for: dict[str, int] = {}
    for carer in problem.carers:
        if carer.absent or not carer.shifts or not carer.preferred_clients:
            continue
        load = np.zeros(k)
        for cl in carer.preferred_clients:
            if cl in client_load:
                load += client_load[cl]
        if load.any():
            regular_for[carer.id] = int(load.argmax())
    order = sorted(problem.carers, key=lambda c: (c.id not in regular_for, len(c.skills), c.id))
    for carer in order:
        if carer.absent or isinstance(carer.start_location, int):
            carer_for[carer.id] = 0
            continue
        supply = np.zeros(hours)
        for sh in carer.shifts:
            for h in range(int(sh.start // 3600), min(hours, int(math.ceil(sh.end / 3600)))):
                supply[h] += 60.0
        lat, lon = carer.start_location
        best, best_score = 0, -1e18
        for j in (range(k) if carer.id not in regular_for else [regular_for[carer.id]]):
            gain = np.minimum(np.maximum(demand[j], 0), supply).sum()
            for sk in carer.skills:
                gain += 0.5 * max(0.0, min(skill_need[j].get(sk, 0.0), supply.sum()))
            dy = (lat - centres[j, 0]) * 111.0
            dx = (lon - centres[j, 1]) * 111.0 * math.cos(lat0)
            score = gain - 12.0 * math.hypot(dx, dy)
            if score > best_score:
                best, best_score = j, score
        carer_for[carer.id] = best
        demand[best] -= supply
        for sk in carer.skills:
            skill_need[best][sk] = skill_need[best].get(sk, 0.0) - supply.sum()
    parts = []
    for j in range(k):
        cs = [c for c, lab in zip(calls, labels) if lab == j]
        ks = [c for c in problem.carers if carer_for[c.id] == j]
        if cs:
            parts.append(problem.replace(calls=cs, carers=ks))
    return parts


def cluster_count(n_calls: int, options: Options, workers: int = 1) -> int:
    """How many clusters a day of ``n_calls`` calls is split into (a multiple of the workers)."""
    k = max(1, math.ceil(n_calls / options.cluster_calls))
    if workers > 1 and k > 1:
        k = workers * math.ceil(n_calls / (options.cluster_calls * workers))  # even rounds
    return k


def split_by_runs(problem: Problem, runs: dict[tuple[str, int], list[tuple[Call, int]]], k: int,
                  seed: int = 0) -> list[Problem]:
    """Split a day that already has a plan (``runs``: each run's calls and their starts) into
    ``k`` clusters of whole carers: each carer with their runs' calls, grouped by where those
    calls are (k-means on each carer's mean call place, then at most 1.1 times a cluster's share
    of the calls to each, nearest first). Carers without calls go to the cluster nearest their
    home, calls without a carer to the nearest cluster. Each cluster's search then starts from
    its part of the plan.

    A double-up whose carers fall in different clusters stays as the plan has it: each of those
    clusters gets the part of its own carer, pinned to them at the plan's start (on the large
    bench day 45 of 150 double-ups; their carers, joined by the double-ups they share, formed
    one group of 88 carers, too many to keep together)."""
    calls_of: dict[str, list[Call]] = {}
    carers_of: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    for (carer_id, _), seq in runs.items():
        for call, start in seq:
            calls_of.setdefault(carer_id, []).append(call)
            carers_of.setdefault(call.id, []).append(carer_id)
            starts[call.id] = start
    busy = [c for c in problem.carers if calls_of.get(c.id) and not isinstance(c.start_location, int)]
    if k < 2 or len(busy) < k or any(isinstance(c.location, int) for c in problem.calls):
        return [problem]
    pts = np.array([np.mean([x.location for x in calls_of[c.id]], axis=0) for c in busy], dtype=float)
    weight = np.array([len(calls_of[c.id]) for c in busy])
    _, centres = _kmeans(pts, k, seed)
    cap = math.ceil(weight.sum() / k * 1.1)
    d2 = ((pts[:, None, :] - centres[None, :, :]) ** 2).sum(2)
    ranked = np.sort(d2, 1)
    load = np.zeros(k)
    group: dict[str, int] = {}
    for i in np.argsort(ranked[:, 0] - ranked[:, 1], kind="stable"):
        j = next((j for j in np.argsort(d2[i], kind="stable") if load[j] + weight[i] <= cap), int(load.argmin()))
        group[busy[i].id] = int(j)
        load[j] += weight[i]

    def nearest(loc) -> int:
        return int((((centres - np.array(loc, dtype=float)) ** 2).sum(1)).argmin())

    for c in problem.carers:
        if c.id not in group:
            group[c.id] = 0 if isinstance(c.start_location, int) else nearest(c.start_location)
    parts = []
    for j in range(k):
        cs = []
        for c in problem.calls:
            who = carers_of.get(c.id, [])
            mine = [cid for cid in who if group[cid] == j]
            if (not who and nearest(c.location) == j) or (who and len(mine) == len(who)):
                cs.append(c)
            elif mine:  # a double-up shared with another cluster: this cluster's carers, fixed
                cs.append(replace(c, carers_required=len(mine), pinned=tuple(mine), started_at=starts[c.id]))
        ks = [c for c in problem.carers if group[c.id] == j]
        if cs:
            parts.append(problem.replace(calls=cs, carers=ks))
    return parts


def _balanced(pts: np.ndarray, labels: np.ndarray, centres: np.ndarray, slack: float = 0.1,
              rounds: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Labels whose clusters hold at most ``1 + slack`` times their share of the calls, still
    by place.

    k-means on the towns' calls gave the large day clusters of 292-753 calls; the clusters of a
    round share its time alike, so the biggest got a third of the search per call the smallest
    did. Each call goes to the nearest cluster with room, the calls with most to lose (the
    largest gap between their nearest cluster and the next) first; the centres follow and the
    assignment is made again until it settles."""
    k = len(centres)
    if k < 2:
        return labels, centres
    cap = math.ceil(len(pts) / k * (1 + slack))
    for _ in range(rounds):
        d2 = ((pts[:, None, :] - centres[None, :, :]) ** 2).sum(2)
        ranked = np.sort(d2, 1)
        new = np.empty_like(labels)
        sizes = np.zeros(k, dtype=int)
        for i in np.argsort(ranked[:, 0] - ranked[:, 1], kind="stable"):
            j = next(j for j in np.argsort(d2[i], kind="stable") if sizes[j] < cap)
            new[i] = j
            sizes[j] += 1
        centres = np.array([pts[new == j].mean(0) if (new == j).any() else centres[j] for j in range(k)])
        if (new == labels).all():
            break
        labels = new
    return labels, centres


def _kmeans(pts: np.ndarray, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = [pts[rng.integers(len(pts))]]
    for _ in range(1, k):
        d = np.min([((pts - c) ** 2).sum(1) for c in centres], axis=0)
        centres.append(pts[rng.choice(len(pts), p=d / d.sum())] if d.sum() > 0 else pts[rng.integers(len(pts))])
    c = np.array(centres)
    labels = np.zeros(len(pts), dtype=int)
    for _ in range(30):
        labels = ((pts[:, None, :] - c[None, :, :]) ** 2).sum(2).argmin(1)
        new = np.array([pts[labels == j].mean(0) if (labels == j).any() else c[j] for j in range(k)])
        if np.allclose(new, c):
            break
        c = new
    return labels, c


def _links_between_calls(problem: Problem) -> bool:
    """Links between two calls of the day (a link to an adjacent day's fixed call binds one call
    alone, so it does not stop the day being split)."""
    fixed = {f.id for f in problem.fixed}
    return any(x.first not in fixed and x.second not in fixed for x in problem.links)
