"""A draft's travel beside the working rota's counts the same legs on both sides."""

import dataclasses

from api.domain.rostering.draft_figures import comparison
from api.solver import solve

from tests.solver.builders import base, det


def as_stored(plan):
    """The plan as `current_plan` reads a rota from the database: each call's leg in, no way home."""
    return dataclasses.replace(plan, runs=[
        dataclasses.replace(r, travel_metres=sum(s.travel_metres for s in r.stops),
                            travel_seconds=sum(s.travel_seconds for s in r.stops),
                            return_travel_metres=0, return_travel_seconds=0)
        for r in plan.runs
    ])


def test_a_draft_that_keeps_the_rota_shows_the_same_travel():
    p = base()
    plan = solve(p, det())
    assert sum(r.return_travel_metres for r in plan.runs) > 0  # the carers do drive home
    figures = comparison(p, as_stored(plan), plan)
    assert figures["before"]["travel_km"] == figures["after"]["travel_km"] == round(plan.travel_metres() / 1000, 1)
