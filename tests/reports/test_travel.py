"""Travel and mileage on the hand-worked calls (tests/reports/worked_calls.py)."""

from tests.reports.conftest import figures, table


def test_planned_travel_against_reported_mileage_and_claims(worked, report):
    body = report("travel")
    runs = {r["carer"]: r for r in table(body, "runs")}
    # Ann: 4 calls x 10 min / 5 km = 12.4 miles planned; she reported 14. The cancelled call's
    # travel is not counted for Bea: 3 x 15 min / 8 km.
    assert (runs["Ann Example"]["planned_travel_minutes"], runs["Ann Example"]["planned_miles"],
            runs["Ann Example"]["reported_miles"], runs["Ann Example"]["difference_miles"]) == (40, 12.4, 14.0, 1.6)
    assert (runs["Bea Example"]["planned_travel_minutes"], runs["Bea Example"]["planned_miles"]) == (45, 14.9)
    claims = {r["carer"]: r["amount"] for r in table(body, "claims")}
    assert claims == {"Ann Example": 6.3, "Bea Example": 9.0}  # at the default £0.45 a mile
    assert figures(body)["claims"] == 15.3 and figures(body)["claimed_miles"] == 34.0


def test_the_rate_per_mile_is_the_agencys_setting(worked, report, client, factory):
    r = client.put("/settings", json={"values": {"mileage_rate_per_mile": 0.5}}, headers=factory.headers("manager"))
    assert r.status_code == 200, r.text
    claims = {row["carer"]: row["amount"] for row in table(report("travel"), "claims")}
    assert claims == {"Ann Example": 7.0, "Bea Example": 10.0}
