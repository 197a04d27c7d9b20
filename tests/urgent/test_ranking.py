"""Who can be there soonest: nearer first; a carer whose run the visit would make very late
below one a little farther but free; skills and exclusions hold, with the reason in words."""

from tests.support.planner_setup import MONDAY, add_call
from tests.urgent.conftest import ALL_DAY, SPOT, log_fall

AT = f"{MONDAY}T12:00:00+00:00"  # a winter Monday: UK time is UTC


def _rank(client, headers, request_id):
    r = client.get(f"/urgent/{request_id}/candidates", params={"at": AT}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_nearer_carer_ranks_first(client, factory):
    planner = factory.headers("planner")
    near = factory.carer(name="Nia Near", home_lat=SPOT["lat"] + 0.01, home_lon=SPOT["lon"], availability=ALL_DAY)
    far = factory.carer(name="Fay Far", home_lat=SPOT["lat"] + 0.10, home_lon=SPOT["lon"], availability=ALL_DAY)
    person = factory.client_(**SPOT)
    ranked = _rank(client, planner, log_fall(client, planner, person["id"])["id"])
    names = [c["name"] for c in ranked["candidates"]]
    assert names.index("Nia Near") < names.index("Fay Far")
    first = ranked["candidates"][0]
    assert first["carer_id"] == near["id"] and first["from_where"] == "from home" and first["late_calls"] == []
    assert first["eta_minutes"] < ranked["candidates"][1]["eta_minutes"]
    assert far["id"] in [c["carer_id"] for c in ranked["candidates"]]


def test_a_run_made_very_late_ranks_below_a_free_carer_a_little_farther(client, factory):
    planner = factory.headers("planner")
    busy = factory.carer(name="Bea Busy", home_lat=SPOT["lat"] + 0.005, home_lon=SPOT["lon"], availability=ALL_DAY)
    free = factory.carer(name="Fred Free", home_lat=SPOT["lat"] + 0.03, home_lon=SPOT["lon"], availability=ALL_DAY)
    person = factory.client_(**SPOT)
    neighbour = factory.client_(name="Nora Neighbour", lat=SPOT["lat"] + 0.002, lon=SPOT["lon"])
    for start in ("12:30", "13:15", "14:00"):
        add_call(client, planner, neighbour["id"], start=start, carer_ids=[busy["id"]])
    request = log_fall(client, planner, person["id"], duration_minutes=90)
    ranked = _rank(client, planner, request["id"])
    order = [c["carer_id"] for c in ranked["candidates"]]
    assert order.index(free["id"]) < order.index(busy["id"])
    bea = next(c for c in ranked["candidates"] if c["carer_id"] == busy["id"])
    fred = next(c for c in ranked["candidates"] if c["carer_id"] == free["id"])
    assert bea["eta_minutes"] < fred["eta_minutes"]  # nearer, yet below
    assert [c["client_name"] for c in bea["late_calls"]][:1] == ["Nora Neighbour"]
    assert bea["late_calls"][0]["planned_start"] == "12:30" and bea["late_calls"][0]["hand_over"] is True


def test_skills_and_exclusions_hold(client, factory):
    planner = factory.headers("planner")
    trained = factory.carer(name="Hana Hoist", skills=["hoist"], availability=ALL_DAY)
    untrained = factory.carer(name="Una Untrained", skills=["medication"], availability=ALL_DAY)
    barred = factory.carer(name="Xena Excluded", skills=["hoist"], availability=ALL_DAY)
    person = factory.client_(**SPOT, excluded_carer_ids=[barred["id"]])
    ranked = _rank(client, planner, log_fall(client, planner, person["id"], required_skills=["hoist"])["id"])
    assert [c["carer_id"] for c in ranked["candidates"]] == [trained["id"]]
    cannot = {c["carer_id"]: c["reason"] for c in ranked["cannot_go"]}
    assert "does not hold hoist" in cannot[untrained["id"]]
    assert "asked for this carer not to visit" in cannot[barred["id"]]
