"""Worker for one solver job: `python -m api.worker JOB_ID` (or a procrastinate task).

The solve runs in a child process (solve_process); the event loop meanwhile writes progress to the job row and
watches for a stop request, so a planner's Stop ends the search with the best plan so far,
and writes a heartbeat every second: if this process dies, the web side sees the heartbeat
stop and fails the job (jobs.fail_abandoned_jobs).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import sys
import time
import traceback
from collections import defaultdict

import api  # noqa: F401  (sets PICCOLO_CONF)
from api.domain.rostering.jobs import HEARTBEAT_SECONDS, draft_summary, load_day
from api.domain.rostering.call_links import planned_in
from api.domain.rostering.planning import rest_after_plan
from api.domain.tables import SolverJob
from api.domain.rostering.solve_process import SolveInChild, stop_event
from api.solver import Options

POLL_SECONDS = 0.5
log = logging.getLogger("carerun.worker")


def default_options(progress: dict) -> Options:
    limit = progress.get("time_limit")
    if limit is None:
        limit = float(os.environ.get("CARERUN_SOLVER_SECONDS", "15"))
    solutions = progress.get("solution_limit")
    if solutions:  # deterministic mode (tests)
        return Options(time_limit=None, solution_limit=int(solutions))
    return Options(time_limit=float(limit))


class JobTakenAway(Exception):
    """The job is no longer ours: it was failed as abandoned (our heartbeat was late)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def _update(job_id: int, **values) -> None:
    # Only while the job is still running here: never overwrite a job that was failed meanwhile.
    updated = await SolverJob.update({getattr(SolverJob, k): v for k, v in values.items()}).where(
        (SolverJob.id == job_id) & (SolverJob.status == "running")).returning(SolverJob.id)
    if not updated:
        raise JobTakenAway(job_id)


async def _claim(job_id: int) -> bool:
    """queued -> running, once: two workers given the same job cannot both run it."""
    claimed = await SolverJob.update({
        SolverJob.status: "running", SolverJob.heartbeat_at: _now(),
        SolverJob.worker: f"{socket.gethostname()} {os.getpid()}"[:128],
    }).where((SolverJob.id == job_id) & (SolverJob.status == "queued")).returning(SolverJob.id)
    return bool(claimed)


async def _beat(job_id: int) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        try:
            await _update(job_id, heartbeat_at=_now())
        except JobTakenAway:
            return
        except Exception:  # noqa: BLE001 - a busy database now and then must not stop the heart
            log.warning("heartbeat of solver job %s not written", job_id, exc_info=True)


async def run_job(job_id: int) -> None:
    if not await _claim(job_id):
        return
    heart = asyncio.ensure_future(_beat(job_id))
    try:
        await _solve_job(job_id)
    finally:
        heart.cancel()


async def _roll_job(job_id: int, job: dict) -> None:
    """The rolling rota (rolling.roll_forward): no draft, the calls and carers go straight into
    the working rota day by day; progress is the counts so far, Stop ends it between days."""
    from api.domain.rostering.rolling import roll_forward

    started = time.monotonic()
    days = (job["end_date"] - job["start_date"]).days + 1

    async def on_day(summary: dict) -> None:
        await _update(job_id, progress={**_counts(summary), "days": days,
                                        "elapsed": round(time.monotonic() - started, 1)})

    async def should_stop() -> bool:
        row = await SolverJob.select(SolverJob.stop_requested).where(SolverJob.id == job_id).first()
        return bool(row and row["stop_requested"])

    summary = await roll_forward(job["start_date"], days, job["created_by"], on_day, should_stop)
    await _update(job_id, status="applied", plan={"roll": summary}, finished_at=_now(),
                  progress={**_counts(summary), "days": days, "elapsed": round(time.monotonic() - started, 1),
                            **({"stopped": True} if summary.get("stopped") else {})})


def _counts(summary: dict) -> dict:
    return {"days_done": len(summary["days"]), "calls_created": summary["calls_created"],
            "master": summary["master"], "other": summary["other"], "unallocated": summary["unallocated"],
            "day": summary["days"][-1]["date"] if summary["days"] else None}


async def _solve_job(job_id: int) -> None:
    job = await SolverJob.select().where(SolverJob.id == job_id).output(load_json=True).first()
    if job["kind"] == "roll":
        return await _roll_job(job_id, job)
    progress = dict(job["progress"] or {})
    stop = stop_event()
    state = {"solutions": 0, "best_objective": None, "day": None, "days_done": 0}
    started = time.monotonic()
    drafts: dict[str, dict] = {}
    extra_worked: dict[int, int] = defaultdict(int)
    last_night: dict[int, int] | None = None  # the rests the draft's previous day leaves (nights)
    day_before = None  # the draft's previous day as planned (links across midnight)

    async def watch(task: asyncio.Future, child: SolveInChild) -> None:
        solved_before = state["solutions"]  # earlier days of the same job

        def take_progress() -> None:
            state["solutions"] = solved_before + child.solutions
            state["best_objective"] = child.best_objective

        while not task.done():
            row = await SolverJob.select(SolverJob.stop_requested).where(SolverJob.id == job_id).first()
            if row and row["stop_requested"]:
                stop.set()
            take_progress()
            try:
                await _update(job_id, progress={**progress, **state, "elapsed": round(time.monotonic() - started, 1)})
            except JobTakenAway:
                stop.set()  # end the search: nobody will read its result
                raise
            await asyncio.sleep(POLL_SECONDS)
        take_progress()

    day = job["start_date"]
    while day <= job["end_date"]:
        if stop.is_set():
            break  # stopped: days not reached keep their current allocation
        state["day"] = day.isoformat()
        problem, before, read_versions = await load_day(day, dict(extra_worked), last_night, day_before,
                                                        next_day_in_draft=day < job["end_date"])
        options = default_options(progress)
        child = SolveInChild(stop)
        solving = asyncio.ensure_future(child.run(job["kind"], problem, before, options))
        await asyncio.gather(solving, watch(solving, child))
        plan = solving.result()
        drafts[day.isoformat()] = draft_summary(day, plan, before, problem, read_versions)
        # Carry this day's change of working time into the next days' weekly caps.
        for run in plan.runs:
            extra_worked[int(run.carer_id)] += run.work_seconds // 60
        for run in before.runs:
            extra_worked[int(run.carer_id)] -= run.work_seconds // 60
        last_night = rest_after_plan(problem, plan)  # who rests next morning in this draft
        day_before = planned_in(plan)  # and where this day's calls are, for links to them
        state["days_done"] += 1
        day += dt.timedelta(days=1)
        if day.weekday() == 0:
            extra_worked.clear()  # a new week starts from what is stored
    await _update(
        job_id,
        status="stopped" if stop.is_set() else "done",
        plan=drafts,
        progress={**progress, **state, "elapsed": round(time.monotonic() - started, 1)},
        finished_at=dt.datetime.now(dt.timezone.utc),
    )


async def main(job_id: int) -> None:
    try:
        await run_job(job_id)
    except JobTakenAway:
        log.warning("solver job %s was failed as abandoned while this worker ran it", job_id)
    except Exception as exc:  # noqa: BLE001 - the job row must tell the planner what happened
        traceback.print_exc()
        try:
            await _update(job_id, status="failed", error=f"{type(exc).__name__}: {exc}",
                          finished_at=_now())
        except JobTakenAway:
            pass


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
