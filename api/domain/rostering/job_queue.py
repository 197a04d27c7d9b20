"""Solver jobs on PostgreSQL go through procrastinate, a maintained PostgreSQL job queue, so
that any number of machines running `carerun worker` share the solving.

The queue only carries the job id; the job row (SolverJob) stays the record of status,
progress, heartbeat and result, exactly as with the local worker process used on SQLite.
procrastinate keeps its own tables (procrastinate_*) in the same database; `carerun migrate`
creates them once.
"""

from __future__ import annotations

import os

from procrastinate import App, PsycopgConnector

QUEUE = "solver"


def _database_url() -> str:
    from api.settings import default_database_url

    return os.environ.get("DATABASE_URL") or default_database_url()


queue_app = App(connector=PsycopgConnector(conninfo=_database_url(), min_size=1, max_size=4))


@queue_app.task(name="carerun.solve", queue=QUEUE, pass_context=False)
async def solve_job(job_id: int) -> None:
    from api.worker import main as run_solver_job

    await run_solver_job(job_id)


async def defer_solver_job(job_id: int) -> None:
    async with queue_app.open_async():
        await solve_job.defer_async(job_id=job_id)


async def ensure_queue_schema() -> None:
    """Create procrastinate's tables the first time (its schema is applied once per database)."""
    from api.domain.shared.db import engine

    rows = await engine().run_ddl("SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present")
    if rows and rows[0]["present"]:
        return
    async with queue_app.open_async():
        await queue_app.schema_manager.apply_schema_async()


async def run_queue_worker(concurrency: int = 1) -> None:
    """Take solver jobs off the queue until stopped (Ctrl-C / SIGTERM finish the current one)."""
    async with queue_app.open_async():
        await queue_app.run_worker_async(queues=[QUEUE], concurrency=concurrency,
                                         delete_jobs="successful")
