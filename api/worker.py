"""Worker process for one solver job: `python -m api.worker JOB_ID`.

The solve runs in a thread; the event loop meanwhile writes progress to the job row and
watches for a stop request, so a planner's Stop ends the search with the best plan so far.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import sys
import threading
import time
import traceback
from collections import defaultdict

import api  # noqa: F401  (sets PICCOLO_CONF)
from api.domain.rostering.jobs import draft_summary, load_day
from api.domain.tables import SolverJob
from api.solver import Options, Progress, solve
from api.solver.cover import replan

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


async def _update(job_id: int, **values) -> None:
    await SolverJob.update({getattr(SolverJob, k): v for k, v in values.items()}).where(SolverJob.id == job_id)


async def run_job(job_id: int) -> None:
    job = await SolverJob.select().where(SolverJob.id == job_id).output(load_json=True).first()
    if job is None or job["status"] != "queued":
        return
    progress = dict(job["progress"] or {})
    await _update(job_id, status="running")
    stop = threading.Event()
    state = {"solutions": 0, "best_objective": None, "day": None, "days_done": 0}
    started = time.monotonic()
    drafts: dict[str, dict] = {}
    extra_worked: dict[int, int] = defaultdict(int)

    def on_progress(p: Progress) -> None:
        state["solutions"] += 1
        state["best_objective"] = p.best_objective

    async def watch(task: asyncio.Future) -> None:
        while not task.done():
            row = await SolverJob.select(SolverJob.stop_requested).where(SolverJob.id == job_id).first()
            if row and row["stop_requested"]:
                stop.set()
            await _update(job_id, progress={**progress, **state, "elapsed": round(time.monotonic() - started, 1)})
            await asyncio.sleep(POLL_SECONDS)

    day = job["start_date"]
    while day <= job["end_date"]:
        if stop.is_set():
            break  # stopped: days not reached keep their current allocation
        state["day"] = day.isoformat()
        problem, before = await load_day(day, dict(extra_worked))
        options = default_options(progress)
        options.should_stop = stop.is_set
        if job["kind"] == "cover":
            solving = asyncio.ensure_future(asyncio.to_thread(lambda: replan(problem, before, options).plan))
        else:
            solving = asyncio.ensure_future(asyncio.to_thread(solve, problem, options, on_progress))
        await asyncio.gather(solving, watch(solving))
        plan = solving.result()
        drafts[day.isoformat()] = draft_summary(day, plan, before, problem)
        # Carry this day's change of working time into the next days' weekly caps.
        for run in plan.runs:
            extra_worked[int(run.carer_id)] += run.work_seconds // 60
        for run in before.runs:
            extra_worked[int(run.carer_id)] -= run.work_seconds // 60
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
    except Exception as exc:  # noqa: BLE001 - the job row must tell the planner what happened
        traceback.print_exc()
        await _update(job_id, status="failed", error=f"{type(exc).__name__}: {exc}",
                      finished_at=dt.datetime.now(dt.timezone.utc))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
