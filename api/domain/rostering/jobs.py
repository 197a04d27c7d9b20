"""Optimisation and cover jobs: run in a worker process, never on the web server's event loop.

A job is a row (SolverJob): the web process creates it and hands it to a worker. On SQLite it
starts `python -m api.worker ID` itself (and reaps it when it ends); on PostgreSQL it defers a
task on the procrastinate queue (job_queue.py), which `carerun worker` processes on any machine
run. The worker writes its progress and a heartbeat to the row and stops early when
`stop_requested` is set, keeping the best plan found so far. A job whose heartbeat stops (its
worker died) is failed with a reason, so it no longer blocks the next Optimise. The result is a
draft per date (plan, diff against the working allocation, unallocated calls with reasons)
that the planner reviews, applies, then publishes.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading

from api.domain.shared import audit
from api.domain.rostering.calls import dates_in
from api.domain.rostering.draft_figures import comparison
from api.domain.shared.common import ConflictException, invalid, not_found
from api.domain.shared.db import is_postgres, write_transaction
from api.domain.rostering.planning import build_problem, current_plan, store_day
from api.domain.tables import SolverJob
from api.solver import Plan
from api.solver.cover import diff_plans

KINDS = ("optimise", "cover")
TERMINAL = ("done", "stopped", "failed", "applied")
MAX_JOB_DAYS = 7
HEARTBEAT_SECONDS = 1.0  # how often a running worker writes its heartbeat
JOB_START_LOCK = 7_310_001  # PostgreSQL advisory lock key: one job start at a time


def heartbeat_timeout_s() -> float:
    """A running job whose heartbeat is older than this has lost its worker."""
    return float(os.environ.get("CARERUN_JOB_HEARTBEAT_TIMEOUT_S") or 30)


def start_timeout_s() -> float:
    """A queued job that no worker has picked up after this long is given up."""
    return float(os.environ.get("CARERUN_JOB_START_TIMEOUT_S") or 120)


def _launch_worker(job_id: int) -> None:
    # A separate process: the solve holds a CPU for seconds to minutes and must not stall the API.
    process = subprocess.Popen(
        [sys.executable, "-m", "api.worker", str(job_id)],
        env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=None, start_new_session=True,
    )
    # Wait on it from a thread so that, however it ends, it is reaped (no zombie process).
    threading.Thread(target=process.wait, name=f"reap-solver-{job_id}", daemon=True).start()


async def _hand_to_worker(job_id: int) -> None:
    if is_postgres():
        from api.domain.rostering.job_queue import defer_solver_job

        await defer_solver_job(job_id)
    else:
        _launch_worker(job_id)


def _worker_alive_here(worker: str | None) -> bool:
    """Whether the job's worker ("host pid") is a live process on this machine.

    A late heartbeat alone is not proof of death: on a starved 2-core machine a live worker's
    heartbeat was seen late by more than 30 s. A worker on this machine is asked directly;
    one on another machine (the PostgreSQL queue) is judged by its heartbeat alone."""
    host, _, pid = (worker or "").rpartition(" ")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:  # a zombie (state Z) has died
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def fail_abandoned_jobs() -> None:
    """Fail the jobs whose worker died (no heartbeat) or that no worker ever picked up."""
    now = dt.datetime.now(dt.timezone.utc)
    silent = now - dt.timedelta(seconds=heartbeat_timeout_s())
    late = (SolverJob.status == "running") & (
        (SolverJob.heartbeat_at < silent) | (SolverJob.heartbeat_at.is_null() & (SolverJob.created_at < silent)))
    dead = [j["id"] for j in await SolverJob.select(SolverJob.id, SolverJob.worker).where(late)
            if not _worker_alive_here(j["worker"])]
    if dead:
        await SolverJob.update({
            SolverJob.status: "failed", SolverJob.finished_at: now,
            SolverJob.error: (f"the solver worker stopped (no heartbeat for {heartbeat_timeout_s():g} s); "
                              "the plan was not changed: start Optimise again"),
        }).where(late & SolverJob.id.is_in(dead))
    unclaimed = now - dt.timedelta(seconds=start_timeout_s())
    await SolverJob.update({
        SolverJob.status: "failed", SolverJob.finished_at: now,
        SolverJob.error: (f"no solver worker picked the job up within {start_timeout_s():g} s; "
                          "is a worker running?"),
    }).where((SolverJob.status == "queued") & (SolverJob.created_at < unclaimed))


async def start_job(kind: str, start: dt.date, end: dt.date, actor_id: int | None,
                    time_limit: float | None = None, solution_limit: int | None = None) -> dict:
    if kind not in KINDS:
        raise invalid("kind", f"must be one of {', '.join(KINDS)}")
    days = dates_in(start, end)
    if len(days) > MAX_JOB_DAYS:
        raise invalid("end", f"optimise at most {MAX_JOB_DAYS} days at a time")
    job = await insert_job(kind, start, end, actor_id, {
        "solutions": 0, "best_objective": None, "elapsed": 0.0, "time_limit": time_limit, "day": None,
        **({"solution_limit": solution_limit} if solution_limit else {})})
    await _hand_to_worker(job["id"])
    return await get_job(job["id"])


async def insert_job(kind: str, start: dt.date, end: dt.date, actor_id: int | None, progress: dict,
                     unless_since: dt.datetime | None = None) -> dict | None:
    """Record a new job, queued, when no other job is queued or running (409 otherwise); with
    `unless_since`, None (and nothing recorded) when a job of this kind was started since then.
    The check and the insert are one transaction (on PostgreSQL under an advisory lock), so two
    server processes cannot both start one."""
    await fail_abandoned_jobs()
    async with write_transaction():
        if is_postgres():
            await SolverJob.raw("SELECT pg_advisory_xact_lock({})", JOB_START_LOCK)
        if unless_since is not None and await SolverJob.exists().where(
                (SolverJob.kind == kind) & (SolverJob.created_at >= unless_since)):
            return None
        running = await SolverJob.select(SolverJob.kind).where(
            SolverJob.status.is_in(["queued", "running"])).first()
        if running:
            what = "the rolling rota is being extended" if running["kind"] == "roll" else "another optimisation is running"
            raise ConflictException(detail=f"{what}; stop it or wait for it")
        row = await SolverJob.insert(SolverJob(
            kind=kind, start_date=start, end_date=end, created_by=actor_id, progress=progress,
        )).returning(SolverJob.id)
        job_id = row[0]["id"]
        await audit.record(actor_id, "solver_job", job_id, "start", None,
                           {"kind": kind, "start": start, "end": end})
    return {"id": job_id}


async def hand_to_worker(job_id: int) -> None:
    await _hand_to_worker(job_id)


async def get_job(job_id: int, with_plan: bool = False) -> dict:
    await fail_abandoned_jobs()  # so a planner watching a dead worker's job sees it fail
    columns = [c for c in SolverJob.all_columns() if with_plan or c._meta.name != "plan"]
    row = await SolverJob.select(*columns).where(SolverJob.id == job_id).output(load_json=True).first()
    if row is None:
        raise not_found("job", job_id)
    return row


async def request_stop(job_id: int, actor_id: int | None) -> dict:
    job = await get_job(job_id)
    if job["status"] not in TERMINAL:
        await SolverJob.update({SolverJob.stop_requested: True}).where(SolverJob.id == job_id)
        await audit.record(actor_id, "solver_job", job_id, "stop")
    return await get_job(job_id)


async def apply_job(job_id: int, actor_id: int | None, confirm_fewer_calls: bool = False) -> dict:
    """Make a finished draft the working allocation of its dates (then the planner publishes).

    One transaction for the whole job: every day or none. A call changed since the job read it
    (a hand move, pin, release, cancellation, or a call added meanwhile) keeps its newer state
    and is listed under "skipped" with the reason. A draft that covers fewer calls than the
    working rota on any of its days is applied only with `confirm_fewer_calls`: Optimise
    must never make a day worse silently."""
    async with write_transaction():
        # Finished -> applied, once: a second Apply (another planner, a double tap) gets 409.
        claimed = await SolverJob.update({SolverJob.status: "applied"}).where(
            (SolverJob.id == job_id) & SolverJob.status.is_in(["done", "stopped"])).returning(SolverJob.id)
        job = await SolverJob.select(SolverJob.status, SolverJob.plan).where(
            SolverJob.id == job_id).output(load_json=True).first()
        if job is None:
            raise not_found("job", job_id)
        if not claimed:
            raise ConflictException(detail=f"the job is {job['status']}; only a finished draft can be applied")
        worse = sorted(day for day, draft in (job["plan"] or {}).items() if draft.get("covers_fewer"))
        if worse and not confirm_fewer_calls:  # raising here rolls the claim back
            raise ConflictException(
                detail=(f"the draft covers fewer calls than the working rota on {', '.join(worse)}; "
                        "apply it with confirm_fewer_calls to accept that"),
                extra={"key": "confirm_fewer_calls", "days": worse},
            )
        results, skipped = {}, []
        for day_text, draft in sorted((job["plan"] or {}).items()):
            read = draft.get("read_versions")
            result = await store_day(
                dt.date.fromisoformat(day_text), Plan.from_dict(draft["plan"]), actor_id,
                None if read is None else {int(k): v for k, v in read.items()})
            results[day_text] = result
            skipped += [{**s, "date": day_text} for s in result["skipped"]]
        await audit.record(actor_id, "solver_job", job_id, "apply", None, {"days": results})
    return {"job_id": job_id, "days": results, "skipped": skipped}


def draft_summary(day: dt.date, plan: Plan, before: Plan, problem,
                  read_versions: dict[int, int] | None = None) -> dict:
    diff = diff_plans(before, plan)
    return comparison(problem, before, plan) | {
        # each call's version when the job read it: Apply keeps whatever changed since
        "read_versions": {str(k): v for k, v in (read_versions or {}).items()},
        "plan": plan.to_dict(),
        "diff": {carer: {"added": d.added, "removed": d.removed, "retimed": d.retimed}
                 for carer, d in diff.items() if d.added or d.removed or d.retimed},
        "coverage_pct": round(plan.coverage(problem), 2),
        "unallocated": [{"call_id": u.call_id, "reason": u.reason, "missing": u.missing}
                        for u in plan.unallocated],
        "travel_km": round(plan.travel_metres() / 1000, 1),
        "objective": plan.objective,
        # what each soft goal cost in travel against a travel-only plan (None: not measured)
        "goal_costs": plan.stats.get("goal_costs"),
    }


async def current_job() -> dict | None:
    """The job a planner's board shows: the one queued or running (only one runs at a time),
    else the newest finished draft not yet applied, from the last 12 hours. Every planner
    sees the same one, whoever started it."""
    await fail_abandoned_jobs()
    columns = [c for c in SolverJob.all_columns() if c._meta.name != "plan"]
    columns.append(SolverJob.created_by.display_name.as_alias("started_by"))
    live = await SolverJob.select(*columns).where(SolverJob.status.is_in(["queued", "running"])).order_by(
        SolverJob.id, ascending=False).output(load_json=True).first()
    if live:
        return live
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=12)
    return await SolverJob.select(*columns).where(
        SolverJob.status.is_in(["done", "stopped"]) & (SolverJob.created_at >= since)
    ).order_by(SolverJob.id, ascending=False).output(load_json=True).first()


async def load_day(day: dt.date, extra_worked: dict[int, int] | None = None,
                   last_night: dict[int, int] | None = None, day_before=None, next_day_in_draft: bool = False):
    """The day's problem, its working plan, and each call's version as read now."""
    problem, context = await build_problem(day, extra_worked, last_night, day_before, next_day_in_draft)
    return problem, await current_plan(day, problem), context.visit_versions
