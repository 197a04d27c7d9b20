"""Find cover never empties a double-up silently: one that lost a carer to sickness and finds no
partner keeps the other carer and is shown half-covered with its reason, in the draft and on the
board after Apply."""


import pytest

from tests.support.planner_setup import MONDAY, add_call
from tests.support.jobs import finished_job

pytestmark = pytest.mark.usefixtures("solver_queue")  # a queue worker on PostgreSQL



def test_a_double_up_that_loses_a_carer_is_kept_half_covered_with_its_reason(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Hale", skills=["hoist"])
    bea = factory.carer(name="Bea Moss", skills=["hoist"])
    factory.carer(name="Cas Lee", skills=[])  # free, but without the hoist skill
    double = add_call(client, h, factory.client_(name="Rosa Juniper")["id"], start="10:00", carers_required=2,
                      required_skills=["hoist"], carer_ids=[ann["id"], bea["id"]])
    sick = client.post("/leave", json={"kind": "sick", "carer_id": ann["id"], "start_date": MONDAY,
                                       "end_date": MONDAY}, headers=h)
    assert sick.status_code == 201, sick.text

    job = client.post("/optimise/jobs", json={"start": MONDAY, "kind": "cover", "solution_limit": 10}, headers=h).json()
    assert finished_job(client, h, job["id"])["status"] == "done"
    draft = client.get(f"/optimise/jobs/{job['id']}/draft", headers=h).json()["days"][MONDAY]
    assert str(bea["id"]) not in draft["diff"]  # Bea keeps her half
    (short,) = draft["unallocated"]
    assert short["call_id"] == str(double["id"]) and short["missing"] == 1
    assert short["reason"] == "half-covered: 1 of 2 carers; every other carer with the hoist skill is off"

    assert client.post(f"/optimise/jobs/{job['id']}/apply", headers=h).status_code == 200
    (left,) = client.get(f"/planner/day?date={MONDAY}", headers=h).json()["unallocated"]
    assert [a["carer_id"] for a in left["assignments"]] == [bea["id"]]
    # The board asks for the reasons once it is drawn (they read the whole day).
    (explained,) = client.get(f"/calls/uncovered?date={MONDAY}", headers=h).json()
    assert explained["id"] == left["id"] and explained["reason"] == "carer off sick; " + short["reason"]
