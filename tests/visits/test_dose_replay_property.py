"""The outbox's dose records, as a property: a phone replays its doses (a correction among them)
with duplicates, out of order and several at once. However they arrive, once everything has
been sent in order at least once, every UUID is exactly one dose record, every 2xx answer for a
UUID names that one record, and the MAR chart shows the correction. Bounded: a dozen examples."""

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.domain.shared.common import server_today
from tests.support.carer_world import CarerWorld, now_iso
from tests.support.concurrent import post_together

ACTIONS = 4  # Paracetamol given; Senna refused; Paracetamol corrected to prompted; PRN gel given
schedule = st.tuples(st.lists(st.integers(0, ACTIONS - 1), max_size=3 * ACTIONS),  # duplicates, any order
                     st.lists(st.integers(1, 4), min_size=1, max_size=6))  # how many go at once


@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=schedule)
def test_every_dose_uuid_is_one_record(client, factory, world: CarerWorld, plan):
    deliveries, batch_sizes = plan
    office = factory.headers("manager")
    carer, phone = factory.carer_user()
    visit = world.call([carer["id"]])
    med = {}
    for name, extra in (("Paracetamol", {"call_types": ["morning"]}), ("Senna", {"call_types": ["morning"]}),
                        ("Gel", {"prn": True})):
        answer = client.post(f"/clients/{world.su['id']}/medications", headers=office,
                             json={"name": name, "dose": "1", "starts_on": "2026-01-01", **extra})
        med[name] = answer.json()["id"]
    uids = [str(uuid.uuid4()) for _ in range(ACTIONS)]
    bodies = [
        {"medication_id": med["Paracetamol"], "outcome": "given"},
        {"medication_id": med["Senna"], "outcome": "refused"},
        {"medication_id": med["Paracetamol"], "outcome": "prompted", "supersedes_uuid": uids[0]},
        {"medication_id": med["Gel"], "outcome": "prn_given", "reason": "Knee pain"},
    ]
    actions = [{"client_uuid": uid, "device_time": now_iso(), **body} for uid, body in zip(uids, bodies)]
    answers: dict[str, list] = {}
    queue, size = list(deliveries), 0
    while queue:  # copies, out of order, several at once (two phones, a retry racing the first)
        n = batch_sizes[size % len(batch_sizes)]
        batch, queue = queue[:n], queue[n:]
        size += 1
        responses = post_together(client, [(f"/visits/{visit}/doses", actions[i], phone) for i in batch])
        for i, response in zip(batch, responses):
            answers.setdefault(uids[i], []).append(response)
    for i in range(ACTIONS):  # then the outbox itself: every action once more, in order, one at a time
        answers.setdefault(uids[i], []).append(client.post(f"/visits/{visit}/doses", json=actions[i], headers=phone))

    # Hypothesis runs its examples on one database: look only at this example's medicines and UUIDs.
    due = {d["medication_id"]: d for d in client.get(f"/visits/{visit}/doses", headers=office).json()}
    assert {name: due[i]["current"]["outcome"] for name, i in med.items()} == {
        "Paracetamol": "prompted", "Senna": "refused", "Gel": "prn_given"}
    audit = client.get("/audit", params={"entity": "dose_record", "limit": 500}, headers=office).json()["items"]
    stored = [e["after"]["client_uuid"] for e in audit if e["after"]["client_uuid"] in uids]
    assert sorted(stored) == sorted(uids)  # each UUID stored exactly once
    for uid, responses in answers.items():
        ok = [r for r in responses if r.status_code in (200, 201)]
        assert ok and len({r.json()["id"] for r in ok}) == 1, [r.text for r in responses]
        # Before its original arrived, a correction is refused (409) and stores nothing.
        assert all(r.status_code == 409 for r in responses if r not in ok), [r.text for r in responses]
    chart = client.get(f"/clients/{world.su['id']}/mar", headers=office).json()
    cells = {r["name"]: r["cells"][server_today().day - 1] for r in chart["rows"] if r["medication_id"] in med.values()}
    assert cells == {"Paracetamol": "P", "Senna": "R", "Gel": "1"}
