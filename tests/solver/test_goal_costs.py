"""What the soft goals cost in travel (api.solver.goal_costs) on a hand-built day: the client's
regular carer lives far away, another carer next door."""

from api.solver import Call, Carer, Problem, Shift, Weights, check, solve
from api.solver.goal_costs import goal_costs, travel_only

from .builders import H, M, det, line_matrix


def day(continuity: int) -> Problem:
    return Problem(
        calls=[Call("c1", "cl1", 5, 10 * H, 10 * H + 30 * M, 30 * M)],
        carers=[
            Carer("Far", (Shift(8 * H, 14 * H),), 0, preferred_clients=("cl1",)),  # 50 min, 25 km away
            Carer("Near", (Shift(8 * H, 14 * H),), 4),  # 10 min, 5 km away
        ],
        travel=line_matrix(),
        weights=Weights(continuity=continuity),
    )


def solved(problem: Problem):
    plan = solve(problem, det())
    assert check(problem, plan) == []
    return plan


def test_continuity_bought_with_travel_is_shown_in_km():
    p = day(continuity=100 * M)  # a regular carer's visit is worth 100 minutes of travel
    plan, lean = solved(p), solved(travel_only(p))
    assert plan.assignments()["c1"] == ("Far",) and lean.assignments()["c1"] == ("Near",)
    costs = goal_costs(p, plan, lean)
    assert costs["extra_km"] == 40.0 and costs["comparable"]
    assert costs["lines"][0] == "continuity: 1 more visit by a regular carer for 40.0 km"
    assert [g["goal"] for g in costs["goals"]] == ["continuity"]


def test_a_goal_that_buys_nothing_costs_nothing():
    p = day(continuity=5 * M)  # worth less than the 80 minutes more the regular carer would drive
    plan, lean = solved(p), solved(travel_only(p))
    costs = goal_costs(p, plan, lean)
    assert costs["extra_km"] == 0 and costs["goals"] == []
    assert costs["lines"] == ["the goals cost no extra travel"]
