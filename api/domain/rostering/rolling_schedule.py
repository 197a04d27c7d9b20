"""When the rolling rota is extended: every day at the agency's set time, and on demand.

Each web server process runs `scheduler_loop`: once a minute it asks whether today's roll is
due (the set time has passed in the agency's time zone) and not yet started; then it starts
one as a background job, run by the solver worker like Optimise (`api.worker`, or the
PostgreSQL queue). A server that was down at the set time catches up when it starts. Several
server processes cannot start two: the check and the insert are one transaction
(jobs.insert_job). When another job is running the roll waits for the next minute's look.

The set time is the agency setting `rolling_rota_time` ("HH:MM"; empty turns the daily roll
off); `CARERUN_ROLLING_SCHEDULER=off` stops the loop in a process (the tests use it).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re

from api.domain.rostering import jobs
from api.domain.rostering.calls import dates_in
from api.domain.rostering.rolling import ROLLING_DAYS
from api.domain.shared.common import ConflictException, agency_zone, server_today

LOOK_EVERY_S = 60
log = logging.getLogger("carerun.rolling")


async def roll_time() -> str | None:
    """The time of day of the daily roll ("HH:MM"), or None when the agency turned it off."""
    from api.domain.setup import agency_settings

    value = (await agency_settings.get("rolling_rota_time") or "").strip()
    return value if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) else None


async def start_roll(actor_id: int | None, start: dt.date | None = None, end: dt.date | None = None,
                     unless_since: dt.datetime | None = None) -> dict | None:
    """Start calls from defaults with their master-rota carers for a range (by default the
    rolling four weeks from today) as a background job (409 while another job runs). With
    `unless_since`: nothing (None) if a roll was started since that moment."""
    start = start or server_today()
    end = end or start + dt.timedelta(days=ROLLING_DAYS - 1)
    days = len(dates_in(start, end))  # 400 for a reversed or too long range
    job = await jobs.insert_job("roll", start, end, actor_id, {"days_done": 0, "days": days}, unless_since)
    if job is None:
        return None
    await jobs.hand_to_worker(job["id"])
    return await jobs.get_job(job["id"])


def due_moment(at: str, now: dt.datetime) -> dt.datetime:
    """Today's set time (in the agency's zone) as an aware moment."""
    zone = agency_zone()
    local = now.astimezone(zone)
    hour, minute = (int(x) for x in at.split(":"))
    return dt.datetime.combine(local.date(), dt.time(hour, minute), zone)


async def roll_if_due(now: dt.datetime | None = None) -> dict | None:
    """Start today's roll if its time has come and none was started since; the job or None."""
    at = await roll_time()
    if at is None:
        return None
    now = now or dt.datetime.now(dt.timezone.utc)
    due = due_moment(at, now)
    if now < due:
        return None
    try:
        return await start_roll(None, unless_since=due.astimezone(dt.timezone.utc))
    except ConflictException:
        return None  # another job runs: the next look tries again


def scheduler_enabled() -> bool:
    return os.environ.get("CARERUN_ROLLING_SCHEDULER", "on").lower() not in ("off", "0", "no")


async def scheduler_loop() -> None:
    while True:
        try:
            job = await roll_if_due()
            if job is not None:
                log.info("daily roll of the rota started (job %s)", job["id"])
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - a failed look must not end the daily roll for good
            log.warning("the daily roll could not be started", exc_info=True)
        await asyncio.sleep(LOOK_EVERY_S)


_task: asyncio.Task | None = None


async def start_scheduler() -> None:
    """App startup hook."""
    global _task
    if scheduler_enabled() and _task is None:
        _task = asyncio.get_running_loop().create_task(scheduler_loop())


async def stop_scheduler() -> None:
    """App shutdown hook."""
    global _task
    if _task is not None:
        _task.cancel()
        try:
            await _task
        except (asyncio.CancelledError, Exception):  # noqa: BLE001
            pass
        _task = None


async def record_roll(summary: dict, actor_id: int | None = None) -> None:
    """Record a roll done in this process (the demo's) as a finished roll job, so the daily
    roll knows today's has been done."""
    from api.domain.tables import SolverJob

    await SolverJob.insert(SolverJob(
        kind="roll", start_date=dt.date.fromisoformat(summary["start"]),
        end_date=dt.date.fromisoformat(summary["end"]), status="applied", created_by=actor_id,
        progress={"days_done": len(summary["days"]), "days": len(summary["days"]),
                  "calls_created": summary["calls_created"], "master": summary["master"],
                  "other": summary["other"], "unallocated": summary["unallocated"]},
        plan={"roll": summary}, finished_at=dt.datetime.now(dt.timezone.utc),
    ))


async def last_roll() -> dict | None:
    """The latest roll job (its counts in `progress`), or None."""
    from api.domain.tables import SolverJob

    row = await SolverJob.select(SolverJob.id).where(SolverJob.kind == "roll").order_by(
        SolverJob.id, ascending=False).first()
    return None if row is None else await jobs.get_job(row["id"])
