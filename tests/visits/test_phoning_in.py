"""End of shift for the office: who has phoned in, and who is overdue."""

import datetime as dt
import uuid

from api.domain.shared.common import agency_zone, server_today
from api.domain.tables import Assignment, Visit


async def _early_call(client_id: int, carer_id: int) -> None:
    visit = await Visit.insert(Visit(client=client_id, date=server_today(), window_start=0, window_end=10,
                                     duration_minutes=1, call_type="morning")).returning(Visit.id)
    await Assignment.insert(Assignment(visit=visit[0]["id"], carer=carer_id, planned_start=0))


def test_the_office_sees_who_phoned_in_and_who_is_overdue(client, factory, run):
    su = factory.client_()
    (done, phone), (late, _) = factory.carer_user(phone="07700 900111"), factory.carer_user(phone="07700 900222")
    run(_early_call, su["id"], done["id"])
    run(_early_call, su["id"], late["id"])
    shift = {"client_uuid": str(uuid.uuid4()), "date": server_today().isoformat(), "mileage": 14.5,
             "notes": "Traffic on the seafront"}
    assert client.post("/me/shift-reports", json=shift, headers=phone).status_code == 201
    board = client.get("/phoning-in", headers=factory.headers("planner")).json()
    by_name = {p["carer_name"]: p for p in board}
    assert (by_name[done["name"]]["status"], by_name[done["name"]]["mileage"]) == ("phoned_in", 14.5)
    # The call ended at 00:01; with the 30 minute margin the carer is overdue from 00:31 (agency time).
    now = dt.datetime.now(agency_zone())
    expected = "overdue" if now.hour * 60 + now.minute > 31 else "not_yet"
    assert (by_name[late["name"]]["status"], by_name[late["name"]]["phone"]) == (expected, "07700 900222")
    assert board[0]["carer_name"] == late["name"]  # the ones to chase first
