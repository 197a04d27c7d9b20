"""The day board a planner reads at agency scale: the day's totals, lean call blocks with the
travel before each, a fixed number of queries and a compressed answer."""

from tests.support.planner_setup import MONDAY, add_call
from api.domain.shared.common import server_today


def test_the_board_gives_the_days_totals(client, factory):
    h = factory.headers("planner")
    ann = factory.carer(name="Ann Totals")
    first = factory.client_(lat=51.44, lon=-2.85)
    add_call(client, h, first["id"], start="08:00", carer_ids=[ann["id"]])  # 30 minutes each
    add_call(client, h, factory.client_(lat=51.48, lon=-2.76)["id"], start="09:00", carer_ids=[ann["id"]])
    add_call(client, h, first["id"], start="12:00", carers_required=2, carer_ids=[ann["id"]])
    add_call(client, h, first["id"], start="15:00")
    board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
    totals = board["totals"]
    assert totals["calls"] == 4 and totals["unallocated"] == 2  # the half-covered double-up counts
    assert totals["care_hours"] == 1.5
    run = next(c for c in board["carers"] if c["name"] == "Ann Totals")["calls"]
    assert totals["travel_hours"] == round(sum(c["travel_minutes"] for c in run) / 60, 1) > 0
    assert run[0]["client_name"] == first["name"] and run[0]["planned_start"] == "08:00"


def test_a_call_block_says_who_it_is_shared_with_and_when_it_is_late_today(client, factory, run):
    import datetime as dt
    import uuid

    from api.domain.tables import VisitLog

    h = factory.headers("planner")
    ann, bea = factory.carer(name="Ann Late"), factory.carer(name="Bea Late")
    someone = factory.client_()
    today = server_today().isoformat()
    # Window 00:00-00:30 today: long past by the time the test runs (unless run in the first
    # quarter hour after midnight), so late unless someone checked in.
    late = add_call(client, h, someone["id"], date=today, start="00:00", carers_required=2,
                    carer_ids=[ann["id"], bea["id"]])
    started = add_call(client, h, someone["id"], date=today, start="00:01", carer_ids=[bea["id"]])

    async def check_in():
        await VisitLog.insert(VisitLog(client_uuid=str(uuid.uuid4()), visit=started["id"], carer=bea["id"],
                                       kind="check_in"))
    run(check_in)
    if dt.datetime.now().hour == 0 and dt.datetime.now().minute < 20:
        return  # too close to midnight for the call to be late yet
    rows = {c["name"]: c for c in client.get(f"/planner/day?date={today}", headers=h).json()["carers"]}
    block = rows["Ann Late"]["calls"][0]
    assert block["visit_id"] == late["id"] and block["late"] is True
    assert block["co_carer_ids"] == [bea["id"]] and block["carers_required"] == 2
    assert {c["visit_id"]: c.get("late", False) for c in rows["Bea Late"]["calls"]} == {late["id"]: True, started["id"]: False}


def test_the_board_is_sent_compressed_when_the_browser_accepts_it(client, factory):
    h = factory.headers("planner")
    for i in range(12):
        carer = factory.carer()
        add_call(client, h, factory.client_()["id"], start=f"{8 + i % 8:02d}:00", carer_ids=[carer["id"]])
    r = client.get(f"/planner/day?date={MONDAY}", headers={**h, "Accept-Encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip" and len(r.json()["carers"]) >= 12
    plain = client.get(f"/planner/day?date={MONDAY}", headers={**h, "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == r.json()


def test_the_board_reads_a_fixed_number_of_queries_however_many_calls_are_short(client, factory, monkeypatch):
    """Loading the board must not build a solver problem (the reasons come on demand), and its
    queries must not grow with the calls short of carers."""
    from piccolo.engine import engine_finder

    h = factory.headers("planner")
    for _ in range(3):
        factory.carer()
    engine = engine_finder()

    def board_queries() -> tuple[list[str], dict]:
        counted = []
        kind = type(engine)  # patched on the class: PostgreSQL's engine refuses instance attributes
        original = kind.run_querystring

        async def counting(self, querystring, *args, **kwargs):
            counted.append(str(querystring))
            return await original(self, querystring, *args, **kwargs)

        with monkeypatch.context() as patch:
            patch.setattr(kind, "run_querystring", counting)
            board = client.get(f"/planner/day?date={MONDAY}", headers=h).json()
        return counted, board

    add_call(client, h, factory.client_()["id"], start="08:00")
    one, board = board_queries()
    assert len(board["unallocated"]) == 1
    for hour in (9, 10, 11, 12, 13, 14):
        add_call(client, h, factory.client_()["id"], start=f"{hour:02d}:00")
    seven, board = board_queries()
    assert len(board["unallocated"]) == 7
    assert one and len(seven) == len(one), seven
    reads = [q for q in seven if "client_carer_preference" in q.lower() or "qualification" in q.lower()]
    assert not reads, "the board built a solver problem"


def test_a_night_added_by_hand_runs_past_midnight_and_the_board_names_its_kind(client, factory):
    h = factory.headers("planner")
    nia = factory.carer(name="Nia Board")
    su = factory.client_()
    add_call(client, h, su["id"], start="20:00", carer_ids=[nia["id"]])
    night = add_call(client, h, su["id"], start="22:00", duration_minutes=9 * 60, call_type="sleep_in",
                     carer_ids=[nia["id"]])
    run = next(c for c in client.get(f"/planner/day?date={MONDAY}", headers=h).json()["carers"]
               if c["name"] == "Nia Board")["calls"]
    assert [(c["planned_start"], c["duration_minutes"], c.get("call_type", "")) for c in run] == [
        ("20:00", 30, ""), ("22:00", 540, "sleep_in")]
    assert run[1]["visit_id"] == night["id"]
