"""The hardened web API fuzzed from its own OpenAPI spec (schemathesis): never a 500, never a hang.

Every operation of /spec gets generated requests, valid and invalid (schemathesis's positive and
negative modes); each answer must come within its time limit and be below 500, an error with a JSON
message. Bounded: a few dozen examples an operation, loopback only. (The spec is read from the app
itself to list the operations; the requests go to the real gunicorn server. schemathesis's own pytest
plugin does not run under pytest 9, so hypothesis drives its strategies here.)
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from web_server import hardened_server  # noqa: F401 (pytest fixture)

from openfisca_ct_education.web.app import create_app

SPEC = create_app().test_client().get("/spec").get_json()
SCHEMA = schemathesis.openapi.from_dict(SPEC)
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}
EXAMPLES = {"POST": 60, "GET": 15}  # per operation, by method


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_server_error_and_a_message_for_each_refusal(hardened_server, label):  # noqa: F811
    operation = OPERATIONS[label]
    statuses = []

    @settings(max_examples=EXAMPLES[operation.method.upper()], deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE)
           | operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE))
    def check(case):
        response = case.call(base_url=hardened_server, timeout=20)
        statuses.append(response.status_code)
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:500]}"
        if response.status_code >= 400 and case.method.upper() == "POST":
            assert json.loads(response.text), response.text  # a JSON error body with something in it

    check()
    assert statuses, label
