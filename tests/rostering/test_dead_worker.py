"""A solver worker killed mid-job (kill -9) does not block Optimise for ever: its heartbeat
stops, the job is failed with a reason the planner sees, a new job starts, and the dead
process is reaped (no zombie). On PostgreSQL the worker is a `carerun worker` queue process."""

import datetime as dt
import os
import signal
import time

from api.domain.setup.demo import build_demo
from api.domain.shared.db import is_postgres
from api.domain.shared.common import server_today


def _poll(client, h, job_id, until, timeout=120):
    # Waits on the state the API exposes; the deadline only stops a broken run hanging.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/optimise/jobs/{job_id}", headers=h).json()
        if until(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} never reached the state: {job}")


def _process_gone(pid: int) -> bool:
    """True once the process is reaped: a zombie (dead, not waited for) keeps its /proc entry."""
    return not os.path.exists(f"/proc/{pid}")


def _wait_until(check, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_a_killed_worker_fails_its_job_with_a_reason_and_a_new_optimise_starts(client, factory, run, monkeypatch,
                                                                               solver_queue):
    # Short, but long enough that the new job's live worker is not judged dead on a loaded machine.
    monkeypatch.setenv("CARERUN_JOB_HEARTBEAT_TIMEOUT_S", "10")
    run(build_demo, seed=3, clients=12, carers=4, password="demo")
    h = factory.headers_for("planner")
    today = server_today().isoformat()
    job = client.post("/optimise/jobs", json={"start": today, "time_limit": 300}, headers=h)
    assert job.status_code == 201, job.text
    running = _poll(client, h, job.json()["id"], lambda j: j["status"] == "running" and j["heartbeat_at"])
    pid = int(running["worker"].split()[-1])
    assert client.post("/optimise/jobs", json={"start": today}, headers=h).status_code == 409

    os.kill(pid, signal.SIGKILL)

    failed = _poll(client, h, running["id"], lambda j: j["status"] != "running")
    assert failed["status"] == "failed"
    assert "solver worker stopped" in failed["error"] and failed["finished_at"]
    if solver_queue is None:  # the web process started it: it must have reaped it
        assert _wait_until(lambda: _process_gone(pid)), f"worker {pid} left a zombie"
    else:  # the queue worker was the test's own child
        solver_queue.process.wait()
        solver_queue.start()

    again = client.post("/optimise/jobs", json={"start": today, "solution_limit": 5}, headers=h)
    assert again.status_code == 201, again.text
    done = _poll(client, h, again.json()["id"], lambda j: j["status"] in ("done", "failed"))
    assert done["status"] == "done", done


def test_a_finished_worker_is_reaped(client, factory, run):
    if is_postgres():
        return  # the queue worker is long-lived; the server starts no process per job
    run(build_demo, seed=3, clients=12, carers=4, password="demo")
    h = factory.headers_for("planner")
    job = client.post("/optimise/jobs", json={"start": server_today().isoformat(), "solution_limit": 5}, headers=h)
    done = _poll(client, h, job.json()["id"], lambda j: j["status"] in ("done", "failed"))
    assert done["status"] == "done", done
    pid = int(done["worker"].split()[-1])
    assert _wait_until(lambda: _process_gone(pid)), f"worker {pid} left a zombie"
