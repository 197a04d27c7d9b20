"""Shared set-up for the carer app tests: a client with a care plan and calls assigned to carers.

Calls and assignments are made in the domain (as the generator and the allocator do); every
behaviour under test is then exercised through the HTTP API.
"""

from __future__ import annotations

import datetime as dt
import uuid

from api.domain.tables import Assignment, Visit
from api.domain.shared.common import server_today


async def _call(client_id: int, carer_ids: list[int], day: dt.date, tasks: list[str],
                at: int = 8 * 60, minutes: int = 30, call_type: str = "morning") -> int:
    visit = await Visit.insert(Visit(
        client=client_id, date=day, window_start=at, window_end=at + 30,
        duration_minutes=minutes, carers_required=len(carer_ids), tasks=tasks, call_type=call_type,
    )).returning(Visit.id)
    visit_id = visit[0]["id"]
    for carer_id in carer_ids:
        await Assignment.insert(Assignment(visit=visit_id, carer=carer_id, planned_start=at))
    return visit_id


async def _reassign(visit_id: int, to_carer: int) -> None:
    await Assignment.update({Assignment.carer: to_carer}).where(Assignment.visit == visit_id)


async def _cancel(visit_id: int) -> None:
    await Visit.update({Visit.status: "cancelled"}).where(Visit.id == visit_id)


class CarerWorld:
    """One client (key safe 4321, care plan with two tasks) and helpers to make calls."""

    def __init__(self, client, factory, run):
        self.client, self.factory, self.run = client, factory, run
        # These tests are about what carers record, not publishing: carers see the working
        # rota of days never published (the agency setting; its default hides them).
        shown = client.put("/settings", json={"values": {"show_unpublished_days_to_carers": True}},
                           headers=factory.headers("manager"))
        assert shown.status_code == 200, shown.text
        self.su = factory.client_(key_safe_code="4321", access_notes="Key safe left of the back door",
                                  alerts="Allergic to penicillin")
        plan = client.post("/care-plans", headers=factory.headers("planner"), json={
            "client_id": self.su["id"], "title": "Morning support",
            "tasks": [{"name": "Breakfast", "details": "Porridge, no sugar"},
                      {"name": "Medication", "details": "Blister pack, morning slot"}],
        })
        assert plan.status_code == 201, plan.text

    def call(self, carer_ids: list[int], day: dt.date | None = None,
             tasks: list[str] | None = None, at: int = 8 * 60, minutes: int = 30,
             call_type: str = "morning") -> int:
        """A call at `at` (minutes from midnight) lasting `minutes`, assigned to the carers."""
        return self.run(_call, self.su["id"], carer_ids, day or server_today(),
                        ["Breakfast", "Medication"] if tasks is None else tasks, at, minutes, call_type)

    def reassign(self, visit_id: int, to_carer: int) -> None:
        self.run(_reassign, visit_id, to_carer)

    def cancel(self, visit_id: int) -> None:
        self.run(_cancel, visit_id)


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def new_uuid() -> str:
    return str(uuid.uuid4())
