"""Timesheets, payroll and invoice exports on the hand-worked calls (tests/reports/worked_calls.py)."""

from tests.reports.conftest import table


def test_payroll_row_per_carer_and_week_by_the_pay_rules(worked, report):
    rows = {r["carer"]: r for r in table(report("payroll", as_="manager"), "payroll")}
    ann = rows["Ann Example"]
    # Ann attended 3 calls: 135 planned minutes at £12.75 = £28.69; 30 min travel; 14 miles at £0.45.
    assert (ann["period_start"], ann["period_end"], ann["calls"], ann["call_hours_paid"], ann["call_pay"],
            ann["travel_hours_paid"], ann["miles"], ann["mileage_pay"]) == (
        "2026-11-02", "2026-11-08", 3, 2.25, 28.69, 0.5, 14.0, 6.3)
    assert ann["gross_pay"] == round(ann["call_pay"] + ann["travel_pay"] + ann["mileage_pay"], 2)


def test_the_timesheet_shows_actual_times_across_midnight(worked, report):
    lines = [r for r in table(report("payroll", as_="manager"), "timesheet") if r["planned_start"] == "23:30"]
    assert [(r["carer"], r["check_in"], r["check_out"], r["worked_minutes"]) for r in lines] == [
        ("Bea Example", "23:35", "00:40", 65)]


def test_invoice_is_delivered_hours_times_the_funders_rate(worked, report):
    rows = {r["client"]: r for r in table(report("payroll", as_="manager"), "invoice")}
    # Olive (local authority, £24.50): 60 + 30 min delivered. Percy (private, £29): the double-up
    # bills both carers (47 + 30) and the call across midnight 65: 142 min.
    assert (rows["Olive Example"]["delivered_hours"], rows["Olive Example"]["amount"]) == (1.5, 36.75)
    assert (rows["Percy Example"]["delivered_hours"], rows["Percy Example"]["amount"]) == (2.37, 68.63)


def test_payroll_csv_has_the_documented_header(worked, client, factory):
    r = client.get("/reports/payroll/csv", params={"from": "2026-11-02", "to": "2026-11-08"},
                   headers=factory.headers("manager"))
    assert r.status_code == 200
    assert r.text.splitlines()[0] == ("carer_id,carer,period_start,period_end,calls,call_hours_paid,"
                                      "travel_hours_paid,hourly_rate,travel_rate,call_pay,travel_pay,waking_nights,"
                                      "sleep_ins,sleep_in_rate,sleep_in_pay,miles,mileage_rate,mileage_pay,"
                                      "on_call,gross_pay")


def test_a_long_range_read_in_halves_gives_the_weeks_payroll_and_invoice(worked, report):
    # From 8 weeks on the range is read in two halves split at a Monday: the worked week is in
    # the first half of the one range and the second half of the other.
    week = report("payroll", as_="manager", day="2026-11-02", to="2026-11-08")
    for day, to in (("2026-11-02", "2027-01-03"), ("2026-09-07", "2026-11-08")):
        long = report("payroll", as_="manager", day=day, to=to)
        for key in ("payroll", "invoice", "timesheet"):
            assert table(long, key) == table(week, key), (day, key)
