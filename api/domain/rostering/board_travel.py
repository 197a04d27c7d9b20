"""Travel on the day board: the minutes before each call of each run, worked out in one go
per request, in a worker thread so that a travel service never holds up the event loop.

A configured travel service (OSRM) is asked once per transport mode for one table over the
places of that mode's runs. The local estimate (great-circle x road factor) is computed per run
instead: a few small tables cost far less than one table over every place of the day (at 600
clients and 160 carers that is about 580,000 pairs, most of them never a journey anyone makes).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

from api.domain.rostering.planning import travel_model
from api.solver import Osrm

Place = tuple[float, float]


def _uses_service(model) -> bool:
    return isinstance(getattr(model, "inner", model), Osrm)


def _legs_of_runs(runs: list[tuple[str, list[Place]]]) -> list[list[int]]:
    """For each run (transport mode, [home, first call, second call...]) the minutes of each
    journey: home -> first, first -> second..."""
    model = travel_model()
    out: list[list[int]] = [[] for _ in runs]
    if not _uses_service(model):
        for i, (mode, places) in enumerate(runs):
            if len(places) > 1:
                seconds, _ = model.matrices(places, mode)
                out[i] = [seconds[k][k + 1] // 60 for k in range(len(places) - 1)]
        return out
    by_mode: dict[str, list[int]] = defaultdict(list)
    for i, (mode, _) in enumerate(runs):
        by_mode[mode].append(i)
    for mode, indices in by_mode.items():
        places = sorted({p for i in indices for p in runs[i][1]})
        where = {p: k for k, p in enumerate(places)}
        seconds, _ = model.matrices(places, mode)  # one table for every run of this mode
        for i in indices:
            run = runs[i][1]
            out[i] = [seconds[where[a]][where[b]] // 60 for a, b in zip(run, run[1:])]
    return out


async def legs_of_runs(runs: list[tuple[str, list[Place]]]) -> list[list[int]]:
    return await asyncio.to_thread(_legs_of_runs, runs)
