"""The offline outbox, as a property: phones replay their actions with duplicates, out of order,
several at once, while the office cancels calls mid-stream. Afterwards every UUID that was sent
is exactly one record (a visit log or a kept conflict), and each answer the phone was given
(2xx: stored, 409 kept: kept for the office) matches that record. Bounded: a dozen examples of
at most ~30 requests. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import datetime as dt
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.domain.shared.common import agency_date
from tests.support.carer_world import CarerWorld
from tests.support.concurrent import post_together

CALLS = 2
STEPS = [("check-in", {}), ("tasks", {"task": "Breakfast", "done": True}),
         ("tasks", {"task": "Medication", "done": False, "reason": "declined"}),
         ("notes", {"note": "All well"}), ("check-out", {})]
ACTIONS = CALLS * len(STEPS)  # action i: call i // len(STEPS), step i % len(STEPS)

# A delivery is an action's index, or ("cancel", call): the office cancelling a call mid-stream.
delivery = st.one_of(st.integers(0, ACTIONS - 1), st.tuples(st.just("cancel"), st.integers(0, CALLS - 1)))
schedule = st.tuples(st.lists(delivery, max_size=2 * ACTIONS),  # duplicates, any order
                     st.lists(st.integers(1, 4), min_size=1, max_size=8))  # how many go at once


@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=schedule)
def test_every_uuid_is_one_record_and_every_answer_holds(client, factory, world: CarerWorld, plan):
    deliveries, batch_sizes = plan
    carer, headers = factory.carer_user()
    planner = factory.headers("planner")
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=ACTIONS)
    # Each call on the day of its check-in, so a run just after midnight stays plausible.
    calls = [world.call([carer["id"]], agency_date(start + dt.timedelta(minutes=c * len(STEPS))))
             for c in range(CALLS)]
    actions = []
    for i in range(ACTIONS):  # device times in the order the carer did things
        path, extra = STEPS[i % len(STEPS)]
        body = {"client_uuid": str(uuid.uuid4()), "device_time": (start + dt.timedelta(minutes=i)).isoformat(),
                **extra}
        actions.append((f"/visits/{calls[i // len(STEPS)]}/{path}", body))
    # The outbox sends everything at least once; `deliveries` adds copies and reorders.
    queue = list(deliveries) + [i for i in range(ACTIONS) if i not in deliveries]

    answers: dict[str, list] = {}
    size = 0
    while queue:
        batch, queue = queue[:batch_sizes[size % len(batch_sizes)]], queue[batch_sizes[size % len(batch_sizes)]:]
        size += 1
        requests, sent = [], []
        for item in batch:
            if isinstance(item, tuple):  # the office cancels (a 409 once a carer checked in is fine)
                visit_id = calls[item[1]]
                version = client.get(f"/calls/{visit_id}", headers=planner).json()["version"]
                requests.append((f"/calls/{visit_id}/cancel", {"version": version}, planner))
                sent.append(None)
            else:
                path, body = actions[item]
                requests.append((path, body, headers))
                sent.append(body["client_uuid"])
        for uid, response in zip(sent, post_together(client, requests)):
            if uid is not None:
                answers.setdefault(uid, []).append(response)

    logs, kept = {}, {}
    for visit_id in calls:
        office = client.get(f"/visits/{visit_id}/logs", headers=planner).json()
        for log in office["logs"]:
            logs[log["client_uuid"]] = logs.get(log["client_uuid"], 0) + 1
        for conflict in office["conflicts"]:
            kept[conflict["client_uuid"]] = kept.get(conflict["client_uuid"], 0) + 1
    for uid, responses in answers.items():
        codes = {r.status_code for r in responses}
        assert logs.get(uid, 0) + kept.get(uid, 0) == 1, (uid, codes)
        if logs.get(uid):
            assert codes <= {200, 201}, [r.text for r in responses]
            assert len({r.json()["record_id"] for r in responses}) == 1
        else:
            assert codes == {409} and all(r.json()["extra"]["kept"] for r in responses), [r.text for r in responses]
    assert set(logs) | set(kept) == set(answers)
