"""Hours report on the hand-worked calls (tests/reports/worked_calls.py)."""

from tests.reports.conftest import figures, table


def test_commissioned_planned_delivered_and_unallocated_hours(worked, report):
    body = report("hours")
    # Commissioned: Olive 150 min + Percy 45x2 + 30 + 60 = 330 min. Planned: every carer on a
    # call that is not cancelled, 300 min. Delivered: 60 + 30 + 47 + 30 + 65 (across midnight)
    # + 0 (no check-out) = 232 min. Unallocated: the 30-minute call nobody has.
    assert figures(body) == {"commissioned": 5.5, "planned": 5.0, "delivered": 3.87, "unallocated": 0.5,
                             "delivered_percent": 70.3, "sleep_ins": 0}


def test_hours_per_client_funder_and_carer(worked, report):
    body = report("hours")
    clients = {r["client"]: r for r in table(body, "by_client")}
    assert {k: clients["Percy Example"][k] for k in ("commissioned", "planned", "delivered", "unallocated")} == {
        "commissioned": 3.0, "planned": 2.5, "delivered": 2.37, "unallocated": 0.5}
    funders = {r["funder"]: r["delivered"] for r in table(body, "by_funder")}
    assert funders == {"local_authority": 1.5, "private": 2.37}
    carers = {r["carer"]: (r["planned"], r["delivered"]) for r in table(body, "by_carer")}
    assert carers == {"Ann Example": (2.75, 2.28), "Bea Example": (2.25, 1.58)}


def test_the_funder_filter_keeps_that_funders_clients(worked, report):
    assert figures(report("hours", funder="private"))["commissioned"] == 3.0
