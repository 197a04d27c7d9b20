"""The links between calls (:class:`~api.solver.model.Link`) as constraints of the routing model.

``gap``: the second call's start minus the first's within the gap (stated on the time cumuls,
whatever the calls' activity: the windows are wide enough for a dropped partner to sit anywhere
that fits; when they are not, the two calls may not both be planned). ``different_carers`` and
``same_carer`` compare the carer of each node's vehicle (a carer with a split shift has two
vehicles), a dropped node standing for a carer of its own; ``same_carer`` between calls with
different numbers of carers keeps the smaller set within the larger. ``served_together``: the same activity.

A link to a :class:`~api.solver.model.FixedCall` (a call of an adjacent day, already planned)
narrows the linked call's start and its vehicles instead: see :func:`_add_fixed_link`.
"""

from __future__ import annotations

from .model import DIFFERENT_CARERS, GAP, SAME_CARER, SERVED_TOGETHER, Carer, FixedCall, Link, Problem


def add_links(problem: Problem, routing, manager, tdim, call_nodes: dict[str, list[int]], vehicles: list[tuple[Carer, int]]) -> None:
    if not problem.links:
        return
    solver = routing.solver()
    carer_ids: dict[str, int] = {}
    carer_of_vehicle = [carer_ids.setdefault(c.id, len(carer_ids)) for c, _ in vehicles]
    carer_var: dict[int, object] = {}

    def carer(node: int):
        if node not in carer_var:
            idx = manager.NodeToIndex(node)
            carer_var[node] = solver.Element([-(node + 2)] + carer_of_vehicle, (routing.VehicleVar(idx) + 1).Var())
        return carer_var[node]

    fixed = {f.id: f for f in problem.fixed}
    for link in problem.links:
        if link.first in fixed or link.second in fixed:
            _add_fixed_link(problem, routing, manager, tdim, call_nodes, vehicles, link, fixed, carer, carer_ids)
            continue
        a_nodes, b_nodes = call_nodes.get(link.first), call_nodes.get(link.second)
        if not a_nodes or not b_nodes:
            continue  # one of them cannot be planned at all
        ia, ib = manager.NodeToIndex(a_nodes[0]), manager.NodeToIndex(b_nodes[0])
        if link.kind == GAP:
            ca, cb = tdim.CumulVar(ia), tdim.CumulVar(ib)
            hi = link.max_gap
            if cb.Max() - ca.Min() >= link.min_gap and (hi is None or cb.Min() - ca.Max() <= hi):
                solver.Add(cb - ca >= link.min_gap)
                if hi is not None:
                    solver.Add(cb - ca <= hi)
            else:
                solver.Add(routing.ActiveVar(ia) + routing.ActiveVar(ib) <= 1)
        elif link.kind == SERVED_TOGETHER:
            solver.Add(routing.ActiveVar(ia) == routing.ActiveVar(ib))
        elif link.kind == DIFFERENT_CARERS:
            for a in a_nodes:
                for b in b_nodes:
                    solver.Add(carer(a) != carer(b))
        elif link.kind == SAME_CARER:
            # the smaller set within the larger: each carer of the call with fewer nodes is the
            # carer of one of the other's (a single call's carer is one of a double-up's two)
            small, large = (a_nodes, b_nodes) if len(a_nodes) <= len(b_nodes) else (b_nodes, a_nodes)
            for a in small:
                apart = carer(a) - carer(large[0])
                for b in large[1:]:
                    apart = apart * (carer(a) - carer(b))
                both = routing.ActiveVar(manager.NodeToIndex(a)) * routing.ActiveVar(manager.NodeToIndex(large[0]))
                solver.Add(apart * both == 0)


def _add_fixed_link(problem: Problem, routing, manager, tdim, call_nodes: dict[str, list[int]],
                    vehicles: list[tuple[Carer, int]], link: Link, fixed: dict[str, FixedCall],
                    carer, carer_ids: dict[str, int]) -> None:
    """A link between a call of this day and one of an adjacent day (``fixed``): the call's start
    is kept within the gap of the fixed start (not planned at all when its window cannot), and
    its carers are kept to, or away from, the fixed call's carers (``same_carer``: the smaller
    set within the larger, so a double-up after a single call has that call's carer as one of
    its two)."""
    other = fixed.get(link.first) or fixed.get(link.second)
    call_id = link.second if link.first == other.id else link.first
    nodes = call_nodes.get(call_id)
    if not nodes or call_id in fixed or problem.call(call_id).started_at is not None:
        return  # nothing to plan here, or a call already under way: what happened stands
    if link.kind == GAP:
        idx = manager.NodeToIndex(nodes[0])
        cumul = tdim.CumulVar(idx)
        big = 10**9
        hi_gap = big if link.max_gap is None else link.max_gap
        if link.first == other.id:  # the call comes after the fixed one
            lo, hi = other.start + link.min_gap, other.start + hi_gap
        else:
            lo, hi = other.start - hi_gap, other.start - link.min_gap
        lo, hi = max(lo, cumul.Min()), min(hi, cumul.Max())
        if lo > hi:
            routing.solver().Add(routing.ActiveVar(idx) == 0)
        else:
            cumul.SetRange(lo, hi)
    elif link.kind == SAME_CARER and len(nodes) > len(other.carers):
        first = routing.ActiveVar(manager.NodeToIndex(nodes[0]))
        for c in other.carers:
            if c not in carer_ids:  # not working this day: the call cannot keep its carer
                routing.solver().Add(first == 0)
                return
            apart = carer(nodes[0]) - carer_ids[c]
            for node in nodes[1:]:
                apart = apart * (carer(node) - carer_ids[c])
            routing.solver().Add(apart * first == 0)
    elif link.kind in (SAME_CARER, DIFFERENT_CARERS):
        theirs = [v for v, (c, _) in enumerate(vehicles) if c.id in other.carers]
        for node in nodes:
            var = routing.VehicleVar(manager.NodeToIndex(node))
            if link.kind == SAME_CARER:
                var.SetValues([-1] + theirs)
            elif theirs:
                var.RemoveValues(theirs)
