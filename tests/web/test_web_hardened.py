"""The hardened web API (openfisca_ct_education.web.app under gunicorn): malformed requests get a 4xx with a
message, oversized ones are refused quickly, the whole state is computed right, and a bounded load
on loopback is served without error."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import time
import urllib.error

import pytest
from web_server import hardened_server, post  # noqa: F401 (pytest fixture)

from openfisca_ct_education.data.inputs import read_formula_inputs
from openfisca_ct_education.engine.simulation import build_simulation
from openfisca_ct_education.web.situations import whole_state_situation
from openfisca_ct_education.web.checks import Limits

ASK = {"ecs_need_students": {"2026": None}}
MALFORMED = {
    "invalid JSON": (b"{not json", "application/json", 400, "Invalid JSON"),
    "NaN": (b'{"towns": {"a": {"ecs_resident_students": {"2026": NaN}}}}', "application/json", 400, "NaN"),
    "Infinity": (b'{"towns": {"a": {"ecs_resident_students": {"2026": Infinity}}}}', "application/json", 400, "Infinity"),
    "nested too deeply": (b"[" * 100_000 + b"]" * 100_000, "application/json", 400, "nested too deeply"),
    "not UTF-8": ('{"towns": {"é": {}}}'.encode("latin-1"), "application/json", 400, "UTF-8"),
    "a form, not JSON": (b"towns=1", "application/x-www-form-urlencoded", 415, "application/json"),
    "an array": (b"[1, 2]", "application/json", 400, "JSON object"),
    "empty body": (b"", "application/json", 400, "Invalid JSON"),
    "empty town id": ({"towns": {"": ASK}}, None, 400, "empty"),
    "monthly period": ({"towns": {"a": {"ecs_need_students": {"2026-01": None}}}}, None, 400, "fiscal year"),
    "a year far away": ({"towns": {"a": {"ecs_entitlement": {"9999": None}}}}, None, 400, "outside the fiscal years"),
    "a string for a count": ({"towns": {"a": {"ecs_resident_students": {"2026": "many"}, **ASK}}}, None, 400, "expected a number"),
    "a negative count": ({"towns": {"a": {"ecs_resident_students": {"2026": -5}, **ASK}}}, None, 400, "-5 is negative"),
    "an enormous number": ({"towns": {"a": {"alliance_designation_rank": {"2026": 10**30}, **ASK}}}, None, 400, "out of range"),
    "a rank above the towns": ({"towns": {"a": {"ecs_public_investment_community_rank": {"2026": 10**30}, **ASK}}}, None, 400, "above 169"),
    "a string for a flag": ({"towns": {"a": {"is_alliance_district": {"2026": "maybe"}, **ASK}}}, None, 400, "true or false"),
    "unknown variable": ({"towns": {"a": {"nope": {"2026": None}}}}, None, 404, "not found"),
    "no resident students": ({"towns": {"a": ASK}}, None, 400, "No resident students"),
    "statewide median of a few towns": ({"towns": {"a": {"ecs_resident_students": {"2026": 10}, "ecs_entitlement": {"2025": 1, "2026": None}}}}, None, 400, None),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_request_is_a_4xx_with_a_message(hardened_server, case):  # noqa: F811
    body, content_type, status, fragment = MALFORMED[case]
    for path in ("/calculate", "/trace"):
        start = time.monotonic()
        answer_status, text = post(hardened_server, path, body, content_type or "application/json")
        assert answer_status == status, f"{path}: {answer_status} {text[:300]}"
        assert time.monotonic() - start < 10
        message = json.loads(text)
        assert message
        if fragment:
            assert fragment in text, text[:300]


def test_a_million_towns_is_refused_quickly(hardened_server):  # noqa: F811
    body = ('{"towns": {' + ", ".join(f'"t{i}": {{}}' for i in range(1_000_000)) + "}}").encode()
    assert len(body) > Limits().max_body_bytes
    start = time.monotonic()
    try:
        status, text = post(hardened_server, "/calculate", body, timeout=20)
    except urllib.error.URLError as error:  # the server answered 413 and closed while the body was still being sent
        assert isinstance(error.reason, (BrokenPipeError, ConnectionResetError)), error
        status, text = declared_size_answer(hardened_server, len(body))
    assert status == 413 and "send fewer towns" in text, text[:300]
    assert time.monotonic() - start < 5


def declared_size_answer(url, size):
    """The answer to a POST that declares ``size`` bytes and sends none: refused on the header alone."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("POST", "/calculate")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


def test_too_many_entities_under_the_byte_limit_are_refused(hardened_server):  # noqa: F811
    towns = {f"t{i}": {} for i in range(Limits().max_entities + 1)}
    status, text = post(hardened_server, "/calculate", {"towns": towns})
    assert status == 413 and "at most 1000" in text, text[:300]


@pytest.fixture(scope="module")
def whole_state():
    inputs = read_formula_inputs(None, 2026)
    return inputs, json.dumps(whole_state_situation(inputs)).encode()


def test_whole_state_is_computed_as_in_process(hardened_server, whole_state):  # noqa: F811
    inputs, body = whole_state
    status, text = post(hardened_server, "/calculate", body)
    assert status == 200, text[:300]
    towns = json.loads(text)["towns"]
    expected = build_simulation(2026, inputs).calculate("ecs_entitlement", "2026")
    assert [towns[name]["ecs_entitlement"]["2026"] for name in inputs.frame["town"]] == expected.tolist()
    assert towns["Hartford"]["ecs_entitlement"]["2026"] == 226674245


def test_bounded_load_of_whole_state_requests(hardened_server, whole_state):  # noqa: F811
    """4 clients, 12 requests in all, at most 60 s: every one answered 200; latencies reported."""
    _, body = whole_state
    deadline = time.monotonic() + 60

    def one(_):
        if time.monotonic() > deadline:
            return None
        start = time.perf_counter()
        status, _ = post(hardened_server, "/calculate", body)
        return status, time.perf_counter() - start

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = [result for result in pool.map(one, range(12)) if result]
    assert results and all(status == 200 for status, _ in results)
    latencies = sorted(seconds for _, seconds in results)
    print(f"\n/calculate 169 towns x{len(results)}: p50 {latencies[len(latencies) // 2]:.3f} s, max {latencies[-1]:.3f} s")
    # The server still answers at once after the load and every malformed request above.
    status, _ = post(hardened_server, "/calculate", {"towns": {"a": ASK}}, timeout=10)
    assert status == 400
