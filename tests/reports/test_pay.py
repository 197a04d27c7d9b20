"""Pay against the minimum wage on the hand-worked calls (tests/reports/worked_calls.py)."""

from tests.reports.conftest import figures, table


def test_an_overrun_paid_by_planned_time_falls_below_the_living_wage(worked, report):
    rows = {r["carer"]: r for r in table(report("pay", as_="manager"), "periods")}
    ann = rows["Ann Example"]
    # Ann attended calls 1-3: paid 135 planned min + 30 travel at £12.75 = £35.06; worked
    # 60 + 30 + 47 + 30 travel = 167 min: £12.60 an hour, under the £12.71 in force in November 2026.
    assert (ann["pay"], ann["worked_hours"], ann["effective_rate"], ann["minimum_wage"]) == (35.06, 2.78, 12.6, 12.71)
    assert ann["below_minimum"] is True and ann["shortfall"] == 0.32
    # Bea is 19: the 18-20 rate (£10.85). Her call with no check-out counts its planned 30 min.
    bea = rows["Bea Example"]
    assert (bea["age_band"], bea["minimum_wage"], bea["worked_hours"], bea["pay"], bea["below_minimum"]) == (
        "18_to_20", 10.85, 2.83, 38.25, False)


def test_the_flag_counts_periods_below_the_minimum(worked, report):
    assert figures(report("pay", as_="manager"))["below_minimum"] == 1


def test_pay_is_for_managers(worked, client, factory):
    r = client.get("/reports/pay", headers=factory.headers("planner"))
    assert r.status_code == 403
    assert client.get("/reports/pay/csv", headers=factory.headers("planner")).status_code == 403


def test_minimum_wage_rates_take_effect_from_their_date(worked, report, client, factory):
    # A higher 21+ rate from 3 November does not apply to a week whose pay day is 2 November.
    rates = [{"band": "21_and_over", "from": "2026-04-01", "rate": 12.0},
             {"band": "21_and_over", "from": "2026-11-03", "rate": 20.0},
             {"band": "18_to_20", "from": "2026-04-01", "rate": 10.85}]
    r = client.put("/settings", json={"values": {"minimum_wage_rates": rates}}, headers=factory.headers("manager"))
    assert r.status_code == 200, r.text
    ann = next(r for r in table(report("pay", as_="manager"), "periods") if r["carer"] == "Ann Example")
    assert (ann["minimum_wage"], ann["below_minimum"]) == (12.0, False)
    ann = next(r for r in table(report("pay", as_="manager", to="2026-11-08"), "periods") if r["carer"] == "Ann Example")
    assert (ann["minimum_wage"], ann["below_minimum"]) == (20.0, True)


def test_a_malformed_rate_table_is_refused(client, factory):
    r = client.put("/settings", json={"values": {"minimum_wage_rates": [{"band": "adult", "from": "2026-04-01", "rate": 12}]}},
                   headers=factory.headers("manager"))
    assert r.status_code == 400 and "minimum_wage_rates" in r.text
