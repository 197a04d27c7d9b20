"""What each soft goal cost in travel: a plan beside a travel-only plan of the same day.

The soft goals (continuity, gender preference, stability, closeness to target hours) buy
something a planner wants with travel. To say how much, the day is also solved with their
weights at zero (:func:`travel_only`): the difference in travel is what the goals cost
together, and each goal's share of it is in proportion to what it gained, in the objective's
own units (its weight times its improvement over the travel-only plan). A goal that gained
nothing costs nothing; a goal at weight 0 is not shown. In a draft the travel-only plan gets a
short search (a quarter of the budget), so the cost shown tends to be low: a better travel-only
plan would show a higher one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .model import Options, Plan, Problem
from .objective import continuity_cost, hours_cost, preference_cost, stability_cost

SOFT = ("continuity", "preference", "stability", "hours")
LEAN_SHARE = 0.25  # of a draft's time budget, for the travel-only solve (at least LEAN_MIN_S)
LEAN_MIN_S = 1.0


def travel_only(problem: Problem) -> Problem:
    """The same day with every soft goal's weight at zero: coverage, lateness and travel only."""
    return problem.replace(weights=dataclasses.replace(problem.weights, **{k: 0 for k in SOFT}))


@dataclass(frozen=True)
class GoalCost:
    goal: str  # one of SOFT
    gained: int  # in the goal's own unit (visits, carer-slots, minutes), > 0 is better than travel-only
    km: float  # its share of the extra travel
    words: str  # e.g. "continuity: 9 more visits by a regular carer for 14.0 km"


def goal_counts(problem: Problem, plan: Plan) -> dict[str, int]:
    """Each goal's shortfall in its own unit (lower is better), whatever its weight: visits not
    by a regular carer, visits against a gender wish, carer-slots moved off the current plan,
    minutes away from carers' target hours."""
    unit = dataclasses.replace(problem.weights, **{k: 1 for k in SOFT})
    ones = problem.replace(weights=unit)
    return {
        "continuity": continuity_cost(ones, plan),
        "preference": preference_cost(ones, plan),
        "stability": stability_cost(ones, plan),
        "hours": hours_cost(ones, plan),
    }


def _s(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


_WORDS = {  # goal -> (its name, words for n gained, words for n lost)
    "continuity": ("continuity", lambda n: f"{_s(n, 'more visit')} by a regular carer",
                   lambda n: f"{_s(n, 'fewer visit')} by a regular carer"),
    "preference": ("gender preference", lambda n: f"{_s(n, 'fewer visit')} against a client's wish",
                   lambda n: f"{_s(n, 'more visit')} against a client's wish"),
    "stability": ("stability", lambda n: f"{_s(n, 'more call')} kept with their current carer",
                  lambda n: f"{_s(n, 'fewer call')} kept with their current carer"),
    "hours": ("contracted hours", lambda n: f"{_s(n, 'minute')} closer to carers' target hours",
              lambda n: f"{_s(n, 'minute')} further from carers' target hours"),
}


def goal_costs(problem: Problem, plan: Plan, lean: Plan) -> dict:
    """``plan`` (default weights) beside ``lean`` (travel-only) of the same ``problem``.

    Returns the travel of both, the extra km, one :class:`GoalCost` per goal that gained or lost
    anything (as dicts) and ``lines``, the words a planner reads. When the travel-only plan covers
    fewer carer-slots, its travel is not comparable and ``comparable`` is False."""
    km, lean_km = plan.travel_metres() / 1000, lean.travel_metres() / 1000
    extra = round(km - lean_km, 1)
    have, base = goal_counts(problem, plan), goal_counts(problem, lean)
    w = problem.weights
    gained = {g: base[g] - have[g] for g in SOFT}
    value = {g: max(0, gained[g]) * getattr(w, g) for g in SOFT}
    total_value = sum(value.values())
    comparable = lean.coverage(problem) >= plan.coverage(problem) - 1e-9
    costs = []
    for g in SOFT:
        if gained[g] == 0 or not getattr(w, g):  # a goal at weight 0 is not one the agency set
            continue
        share = round(max(0.0, extra) * value[g] / total_value, 1) if total_value else 0.0
        name, better, worse = _WORDS[g]
        text = f"{name}: {(better if gained[g] > 0 else worse)(abs(gained[g]))}"
        text += f" for {share} km" if gained[g] > 0 else ""
        costs.append(GoalCost(g, gained[g], share, text))
    lines = [c.words for c in costs]
    if not comparable:
        lines.append("(the travel-only plan covered fewer calls: its travel is not a fair comparison)")
    elif extra == 0:
        lines.append("the goals cost no extra travel")
    elif extra < 0:
        lines.append(f"the goals cost no extra travel: the travel-only plan travelled {-extra} km more")
    else:
        lines.append(f"in all {extra} km more than the travel-only plan ({lean_km:.1f} km)")
    return {
        "travel_km": round(km, 1),
        "travel_only_km": round(lean_km, 1),
        "extra_km": extra,
        "extra_pct": round(100.0 * extra / lean_km, 1) if lean_km else 0.0,
        "comparable": comparable,
        "goals": [dataclasses.asdict(c) for c in costs],
        "lines": lines,
    }


def lean_options(options: Options) -> tuple[Options, Options]:
    """The draft's search and the travel-only one, sharing ``options``' budget (deterministic
    mode: the same solution limit for both)."""
    if options.time_limit is None:
        return options, dataclasses.replace(options, should_stop=options.should_stop)
    lean = max(LEAN_MIN_S, options.time_limit * LEAN_SHARE)
    main = max(LEAN_MIN_S, options.time_limit - lean)
    return dataclasses.replace(options, time_limit=main), dataclasses.replace(options, time_limit=lean)
