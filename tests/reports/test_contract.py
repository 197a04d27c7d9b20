"""Hours against contract and downtime on the hand-worked calls (tests/reports/worked_calls.py)."""

from tests.reports.conftest import figures, table


def test_contracted_planned_and_delivered_per_carer_week(worked, report):
    rows = {r["carer"]: r for r in table(report("contract"), "by_week")}
    assert [rows["Ann Example"][k] for k in ("contracted", "planned", "delivered")] == [20.0, 2.75, 2.28]
    assert [rows["Bea Example"][k] for k in ("contracted", "planned", "delivered")] == [10.0, 2.25, 1.58]


def test_downtime_is_an_idle_gap_over_an_hour_but_not_a_split_shift(worked, report):
    body = report("contract")
    # Ann: the double-up ends 10:15, her 12:00 call needs 10 min of travel: idle 10:15-11:50.
    # Her 12:30 -> 20:00 gap and Bea's evening gaps are split shifts (over 3 hours).
    assert table(body, "downtime") == [{"date": "2026-11-02", "carer_id": table(body, "downtime")[0]["carer_id"],
                                        "carer": "Ann Example", "from": "10:15", "to": "11:50", "minutes": 95}]
    assert figures(body)["downtime_blocks"] == 1


def test_downtime_is_over_the_gap_setting_and_up_to_the_split_shift_setting(worked, report, client, factory):
    # Ann's gaps: 09:00-09:20 (20 min), 10:15-11:50 (95) and 12:30-19:50 (440, before her 20:00 call).
    def blocks(gap, split):
        r = client.put("/settings", json={"values": {"downtime_gap_minutes": gap, "split_shift_gap_minutes": split}},
                       headers=factory.headers("manager"))
        assert r.status_code == 200, r.text
        return [(b["from"], b["to"]) for b in table(report("contract", carer_id=worked["ann"]), "downtime")]

    assert blocks(95, 439) == []
    assert blocks(94, 440) == [("10:15", "11:50"), ("12:30", "19:50")]
