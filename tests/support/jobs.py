"""Waiting for a solver job through the API until it ends (a guard against hanging, not a
timing assertion: a loaded machine may take its time)."""

import time

ENDED = ("done", "stopped", "failed", "applied")


def finished_job(client, headers, job_id, timeout=180) -> dict:
    deadline = time.monotonic() + timeout
    job = None
    while time.monotonic() < deadline:
        job = client.get(f"/optimise/jobs/{job_id}", headers=headers).json()
        if job["status"] in ENDED:
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish: {job}")
