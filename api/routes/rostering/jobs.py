"""Optimise and find cover: background solver jobs with progress streamed as server-sent events."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from litestar.response import ServerSentEvent, ServerSentEventMessage
from msgspec import Meta

from api.auth import EVENT_STREAM, planner_guard
from api.domain.rostering import jobs
from api.domain.shared.choices import JobKind
from api.domain.tables import Carer, Visit


class JobIn(msgspec.Struct):
    start: dt.date
    end: dt.date | None = None
    kind: JobKind = JobKind.OPTIMISE
    time_limit: Annotated[float, Meta(gt=0, le=600)] | None = None
    solution_limit: Annotated[int, Meta(ge=1, le=100000)] | None = None  # deterministic search


class ApplyIn(msgspec.Struct):
    # A draft covering fewer calls than the working rota is applied only when this is true.
    confirm_fewer_calls: bool = False


def _public(job: dict) -> dict:
    return {k: v for k, v in job.items() if k != "plan"}


class OptimiseController(Controller):
    path = "/optimise/jobs"
    tags = ["optimise"]
    guards = [planner_guard]

    @post("/", operation_id="startSolverJob")
    async def start(self, request: Request, data: JSONBody[JobIn]) -> dict:
        job = await jobs.start_job(data.kind, data.start, data.end or data.start, request.user.id,
                                   data.time_limit, data.solution_limit)
        return _public(job)

    @get("/current", operation_id="currentSolverJob")
    async def current(self) -> dict:
        """The job every planner's board shows: the running one, else the newest unapplied
        draft of the last 12 hours (`job` is null when there is none)."""
        return {"job": await jobs.current_job()}

    @get("/{job_id:int}", operation_id="getSolverJob", raises=[NotFoundException])
    async def get_job(self, job_id: FromPath[int]) -> dict:
        return _public(await jobs.get_job(job_id))

    @get("/{job_id:int}/draft", operation_id="getSolverDraft", raises=[NotFoundException])
    async def draft(self, job_id: FromPath[int]) -> dict:
        job = await jobs.get_job(job_id, with_plan=True)
        # Optimise and cover drafts hold one plan per day; a rolling-rota job holds only its
        # summary ({"roll": ...}) and has no draft days to show.
        days = {
            day: {k: v for k, v in d.items() if k not in ("plan", "read_versions")} | {"runs": d["plan"]["runs"]}
            for day, d in (job["plan"] or {}).items() if isinstance(d, dict) and "plan" in d
        }
        names = {str(c["id"]): c["name"] for c in await Carer.select(Carer.id, Carer.name)}
        clients = {str(c["id"]): c["name"] for c in await Visit.select(
            Visit.id, Visit.client.name.as_alias("name")).where(
            (Visit.date >= job["start_date"]) & (Visit.date <= job["end_date"]))}
        return {"job": _public(job), "days": days, "carer_names": names, "call_clients": clients}

    @post("/{job_id:int}/stop", operation_id="stopSolverJob", status_code=200, raises=[NotFoundException])
    async def stop(self, request: Request, job_id: FromPath[int]) -> dict:
        return _public(await jobs.request_stop(job_id, request.user.id))

    @post("/{job_id:int}/apply", operation_id="applySolverJob", status_code=200, raises=[NotFoundException])
    async def apply(self, request: Request, job_id: FromPath[int], data: JSONBody[ApplyIn | None] = None) -> dict:
        """Make the draft the working rota; 409 when it covers fewer calls than the rota
        and `confirm_fewer_calls` is not set."""
        return await jobs.apply_job(job_id, request.user.id, bool(data and data.confirm_fewer_calls))

    @get("/{job_id:int}/events", operation_id="solverJobEvents", raises=[NotFoundException],
         opt={EVENT_STREAM: True}, media_type="text/event-stream")
    async def events(self, job_id: FromPath[int]) -> ServerSentEvent:
        await jobs.get_job(job_id)  # 404 before the stream starts

        async def stream():
            last = None
            while True:
                job = _public(await jobs.get_job(job_id))
                snapshot = json.dumps({"status": job["status"], "progress": job["progress"],
                                       "error": job["error"]}, default=str)
                if snapshot != last:
                    last = snapshot
                    yield ServerSentEventMessage(data=snapshot, event="progress")
                if job["status"] in jobs.TERMINAL:
                    return
                await asyncio.sleep(0.5)

        return ServerSentEvent(stream())
