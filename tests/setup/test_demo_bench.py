"""`carerun bench --demo C,K` benchmarks the solver on a demo agency built through the app."""

import subprocess
import sys


def test_demo_bench_prints_solver_and_greedy_figures(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "bench", "--demo", "10,3", "--seconds", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("demo agency: 10 clients, 3 carers")
    assert [line.split()[0] for line in lines[1:]] == ["solver", "greedy"]
    assert all(line.endswith("violations 0") for line in lines[1:])


def test_demo_bench_rejects_a_bad_size():
    result = subprocess.run([sys.executable, "-m", "api.cli", "bench", "--demo", "ten"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "CLIENTS,CARERS" in result.stderr
