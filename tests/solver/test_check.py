"""One test per hard rule of the checker: the smallest case that breaks it, and nothing else."""

from api.solver import Carer, Rules, Shift, check

from .builders import H, M, base, plan_of, valid_runs, with_call, with_carer


def rules_broken(problem, runs):
    return {v.rule for v in check(problem, plan_of(problem, runs))}


def test_the_base_plan_is_valid():
    assert check(base(), plan_of(base(), valid_runs())) == []


def test_unknown_ids():
    runs = valid_runs()
    runs[("B", 0)].insert(0, ("zz", 8 * H + 30 * M))
    assert "unknown_ids" in rules_broken(base(), runs)


def test_carers_required():
    runs = valid_runs()
    del runs[("B", 0)]
    assert rules_broken(base(), runs) == {"carers_required"}


def test_double_up_together():
    runs = valid_runs()
    runs[("B", 0)] = [("d", 11 * H + 5 * M)]
    assert rules_broken(base(), runs) == {"double_up_together"}


def test_duration():
    p = base()
    plan = plan_of(p, valid_runs())
    plan.runs[0].stops[0].end -= 60
    assert {v.rule for v in check(p, plan)} == {"duration"}


def test_time_window():
    runs = valid_runs()
    runs[("A", 0)][0] = ("c1", 8 * H + 30 * M)
    assert rules_broken(base(), runs) == {"time_window"}


def test_shift_window():
    p = with_carer(base(), "A", shifts=(Shift(8 * H + 55 * M, 14 * H),))
    assert rules_broken(p, valid_runs()) == {"shift_window"}


def test_travel_time():
    p = with_call(base(), "c2", earliest=9 * H + 30 * M)
    runs = valid_runs()
    runs[("A", 0)][1] = ("c2", 9 * H + 35 * M)  # needs 10 minutes from place 1 to 2
    assert rules_broken(p, runs) == {"travel_time"}


def test_no_overlap():
    p = with_carer(base(), "B", shifts=(Shift(8 * H, 14 * H), Shift(8 * H, 14 * H)))
    runs = valid_runs()
    runs[("B", 1)] = [("c2", 11 * H)]
    p = with_call(p, "c2", earliest=10 * H, latest=11 * H)
    runs[("A", 0)] = [("c1", 9 * H), ("d", 11 * H)]
    assert rules_broken(p, runs) == {"no_overlap"}


def test_absence():
    p = with_carer(base(), "B", absent=True)
    assert rules_broken(p, valid_runs()) == {"absence"}


def test_skills():
    p = base()
    p = p.replace(carers=p.carers + [Carer("C", (Shift(8 * H, 14 * H),), 0)])
    runs = valid_runs()
    runs[("C", 0)] = runs.pop(("B", 0))
    assert rules_broken(p, runs) == {"skills"}


def test_exclusions():
    p = with_carer(base(), "A", excluded_clients=("cl2",))
    assert rules_broken(p, valid_runs()) == {"exclusions"}


def test_daily_cap():
    p = with_carer(base(), "A", daily_cap=60 * M)
    assert rules_broken(p, valid_runs()) == {"daily_cap"}


def test_weekly_cap():
    p = with_carer(base(), "A", worked_week=40 * H, weekly_cap=41 * H)
    assert rules_broken(p, valid_runs()) == {"weekly_cap"}


def test_breaks():
    p = base().replace(rules=Rules(break_after=2 * H, break_duration=30 * M))
    assert rules_broken(p, valid_runs()) == {"breaks"}


def test_a_long_enough_gap_is_a_break():
    p = base().replace(rules=Rules(break_after=2 * H, break_duration=20 * M))
    assert rules_broken(p, valid_runs()) == set()  # 20-minute idle gaps before c2 and d


def test_pinned():
    p = with_call(base(), "c2", pinned=("B",))
    assert rules_broken(p, valid_runs()) == {"pinned"}


def test_started():
    p = with_call(base(), "c1", started_at=9 * H + 10 * M)
    assert rules_broken(p, valid_runs()) == {"started"}
