"""Continuity on the hand-worked calls (tests/reports/worked_calls.py)."""

from tests.reports.conftest import figures, table


def test_distinct_carers_and_calls_by_a_regular(worked, report):
    body = report("continuity")
    rows = {r["client"]: r for r in table(body, "by_client")}
    # Olive: Ann on 3 calls (a regular), Bea on 1 (not yet): 3 of 4 calls by a regular.
    assert (rows["Olive Example"]["distinct_carers"], rows["Olive Example"]["regular_percent"]) == (2, 75.0)
    # Percy: the double-up (Ann and Bea) and Bea's late call; Bea is on both: 2 of 2.
    assert (rows["Percy Example"]["distinct_carers"], rows["Percy Example"]["regular_percent"]) == (2, 100.0)
    assert figures(body) == {"mean_distinct_carers": 2.0, "regular_percent": 83.3, "clients": 2}
