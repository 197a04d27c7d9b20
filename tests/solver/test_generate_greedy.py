from api.solver import check, greedy
from api.solver.generate import generate


def test_generated_days_are_feasible_by_construction():
    agency = generate(150, seed=11, days=2)
    for p, witness in zip(agency.days, agency.witnesses):
        assert witness.coverage(p) == 100.0
        assert check(p, witness) == []
        assert any(c.carers_required == 2 for c in p.calls)
        assert any(c.skills for c in p.calls)
        assert any(k.excluded_clients for k in p.carers)
        assert {len(k.shifts) for k in p.carers if k.shifts} == {1, 2}  # split shifts too
        assert all(51.2 < c.location[0] < 51.6 and -3.1 < c.location[1] < -2.5 for c in p.calls)


def test_generation_is_seeded():
    a, b = generate(50, seed=7), generate(50, seed=7)
    assert a.days[0].to_dict() == b.days[0].to_dict()


def test_greedy_is_valid():
    p = generate(150, seed=12).days[0]
    plan = greedy(p)
    assert check(p, plan) == []
    assert plan.coverage(p) > 80
