"""The links between calls (:class:`~api.solver.model.Link`) as constraints of the routing model.

``gap``: the second call's start minus the first's within the gap (stated on the time cumuls,
whatever the calls' activity: the windows are wide enough for a dropped partner to sit anywhere
that fits; when they are not, the two calls may not both be planned). ``different_carers`` and
``same_carer`` compare the carer of each node's vehicle (a carer with a split shift has two
vehicles), a dropped node standing for a carer of its own. ``served_together``: the same activity.
"""

from __future__ import annotations

from .model import DIFFERENT_CARERS, GAP, SAME_CARER, SERVED_TOGETHER, Carer, Problem


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

    for link in problem.links:
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
            for a, b in zip(a_nodes, b_nodes):
                both = routing.ActiveVar(manager.NodeToIndex(a)) * routing.ActiveVar(manager.NodeToIndex(b))
                solver.Add((carer(a) - carer(b)) * both == 0)
