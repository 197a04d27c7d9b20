"""A bounded schemathesis run over every operation of the OpenAPI document, as the demo admin
and as a demo carer: no answer may be a 5xx or break the documented schema (status codes,
content types, bodies). Run apart from tests/ (scripts/test.sh has a step for it)."""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    negative_data_rejection,
    positive_data_acceptance,
)

from tests.shared.test_authorisation_matrix import RULES
from tests_schema.demo_app import APP

# A few examples per operation and role keep the run to a couple of minutes on a loaded 2-core
# machine; CARERUN_SCHEMA_EXAMPLES raises it for a deeper search.
EXAMPLES = int(os.environ.get("CARERUN_SCHEMA_EXAMPLES", "3"))
EVENT_STREAMS = {"/live/stream", "/optimise/jobs/{job_id}/events"}

schema = schemathesis.openapi.from_asgi("/schema/openapi.json", APP)


# What is checked: no 5xx, and every answer's status code, content type, headers and body as
# documented. Left out: `Allow` (Litestar 2 lists one method on a path with several; fixed in
# Litestar 3), and whether requests are accepted or refused, which is the API's business
# rules (a valid-looking body naming a missing client is rightly a 400) and Litestar's lenient
# decoding (it reads "0" as false); the tests in tests/ protect those.
NOT_CHECKED = [allow_header_conformance, positive_data_acceptance, negative_data_rejection]


def _call_signed_in_as(case, token: str) -> None:
    if case.operation.path in EVENT_STREAMS:
        # An event stream runs until the client leaves: ask for one event, not a wait of
        # `interval` seconds between events for as long as the transport keeps reading.
        case.query = {**(case.query or {}), "max_events": 1}
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=NOT_CHECKED)


BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                   suppress_health_check=list(HealthCheck))


@schema.parametrize()
@BOUNDED
def test_as_admin_every_answer_is_documented_and_never_a_server_error(case, tokens):
    _call_signed_in_as(case, tokens["admin"])


# As a carer, only what a carer may call (the authorisation matrix's rule book says which):
# the rest answers 403 before reading anything, which that matrix already checks.
CARER_OPERATIONS = [op for op, rule in RULES.items() if rule.split()[1] == "ok"]


@schema.include(operation_id=CARER_OPERATIONS).parametrize()
@BOUNDED
def test_as_carer_every_answer_is_documented_and_never_a_server_error(case, tokens):
    _call_signed_in_as(case, tokens["carer"])
