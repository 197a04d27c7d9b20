"""`carerun bench --peer vroom` with VROOM's figures kept from an earlier run (--peer-from) and the
solver given VROOM's wall time on the days without double-ups (--peer-same-time)."""

import json

import pytest

from api.solver import bench, peer_vroom

from .builders import base

pytest.importorskip("vroom", reason=peer_vroom.INSTALL_HINT)

KEPT_VROOM = {"coverage_pct": 100.0, "travel_km": 12.3, "travel_hours": 0.5, "wall_s": 0.4, "cpu_s": 0.8,
              "first_s": None, "violations": 0, "load": "1.00 1.00 1.00"}


def test_kept_vroom_figures_are_used_and_the_solver_gets_vroom_s_wall_time(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("VROOM solved again although its figures were kept")

    # the bench's peer (the optimiser's own start, api.solver.vroom_start, may still use VROOM)
    monkeypatch.setattr(peer_vroom, "solve_vroom", never)
    peer = bench.bench_peer("small", base(), seed=1, solutions=5, threads=1, level=5, days="plain",
                            same_time=True, kept={"plain": {"vroom": KEPT_VROOM}})
    assert peer["plain"]["vroom"] == dict(KEPT_VROOM, kept=True)
    same = peer["plain"]["travel-only same wall"]
    assert same["coverage_pct"] == 100.0 and same["violations"] == 0
    assert "vroom repaired" not in peer  # plain days only


def test_figures_of_another_seed_or_level_are_refused(tmp_path):
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps({"seed": 2, "sizes": [
        {"size": "small", "calls": 163, "carers": 28, "peer": {"exploration": 5, "plain": {"vroom": KEPT_VROOM}}}]}))
    with pytest.raises(ValueError, match="seed 2"):
        bench.kept_peer(str(earlier), "small", seed=1, level=5, calls=163, carers=28)
    with pytest.raises(ValueError, match="28 carers"):  # the generator hired otherwise: another day
        bench.kept_peer(str(earlier), "small", seed=2, level=5, calls=163, carers=27)
    assert bench.kept_peer(str(earlier), "medium", seed=2, level=5, calls=623, carers=92) is None
    assert bench.kept_peer(str(earlier), "small", seed=2, level=5, calls=163, carers=28)["plain"]["vroom"] == KEPT_VROOM


def test_peer_options_without_a_peer_are_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        bench.main(["--sizes", "small", "--peer-same-time"])
    assert exit_.value.code == 2
    assert "--peer-same-time and --peer-from need --peer vroom" in capsys.readouterr().err
