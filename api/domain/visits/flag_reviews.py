"""The office resolves a flag on a call record with a comment ("client at day centre,
confirmed with daughter"). One resolution per call, carer and flag; audited; a flag the call
does not have cannot be resolved."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from api.auth import AuthUser
from api.domain.shared import audit
from api.domain.shared.choices import CallFlag
from api.domain.shared.common import ConflictException, invalid, not_found
from api.domain.shared.db import write_transaction
from api.domain.tables import CallFlagReview, Visit
from api.domain.visits.call_records import CallRecordFilters, FlagOut, load_call_records
from api.domain.visits.fields import now


class ResolveFlagIn(msgspec.Struct):
    flag: CallFlag
    comment: Annotated[str, Meta(min_length=1, max_length=2000)]
    carer_id: int | None = None  # the carer the flag is about; none for a call nobody was sent to


async def resolve_flag(user: AuthUser, visit_id: int, data: ResolveFlagIn) -> FlagOut:
    if not data.comment.strip():
        raise invalid("comment", "say what was found (e.g. client at day centre, confirmed with daughter)")
    visit = await Visit.select(Visit.date).where(Visit.id == visit_id).first()
    if visit is None:
        raise not_found("call", visit_id)
    async with write_transaction():
        row = (await load_call_records(CallRecordFilters(visit["date"], visit["date"]), visit_ids=[visit_id]))[0]
        flag = next((f for f in row.flags if f.flag == data.flag and f.carer_id == data.carer_id), None)
        if flag is None:
            who = f" for carer {data.carer_id}" if data.carer_id is not None else ""
            raise invalid("flag", f"this call has no '{data.flag}' flag{who}")
        if flag.resolved:
            raise ConflictException(detail=f"the '{data.flag}' flag was already resolved by "
                                           f"{flag.resolved_by}: {flag.comment}")
        resolved_at = now()
        inserted = await CallFlagReview.insert(CallFlagReview(
            visit=visit_id, carer=data.carer_id, flag=data.flag, comment=data.comment.strip(),
            resolved_by=user.id, resolved_at=resolved_at,
        )).returning(CallFlagReview.id)
        await audit.record(user.id, "call_flag_review", inserted[0]["id"], "resolve", None,
                           {"visit_id": visit_id, "carer_id": data.carer_id, "flag": data.flag,
                            "comment": data.comment.strip()})
    row = (await load_call_records(CallRecordFilters(visit["date"], visit["date"]), visit_ids=[visit_id]))[0]
    return next(f for f in row.flags if f.flag == data.flag and f.carer_id == data.carer_id)
