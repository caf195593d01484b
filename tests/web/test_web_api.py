"""The package behind a real OpenFisca web API: ``openfisca serve`` in a subprocess, queried over HTTP.

The server is started once for this module on a free port of 127.0.0.1 and always stopped
afterwards. Only the standard library is used (``urllib``).
"""

from __future__ import annotations

import copy
import decimal
import json
import urllib.error
import urllib.request

import pytest
from server import serve

from openfisca_ct_education.situation_examples import DIR_PATH as EXAMPLES_DIR

EXAMPLE_PATH = EXAMPLES_DIR / "four_towns_fy2026.json"
FOUR_TOWNS = ("Bridgeport", "Hartford", "Waterbury", "New Haven")
REQUEST_TIMEOUT = 60  # seconds

# Published FY2026 ECS entitlements (CSDE), copied from
# /work/shared/data/ecs_entitlements_by_town_fy2001_2026.csv (rows fiscal_year 2026).
# Written here as literals: tests never read ../shared.
PUBLISHED_FY2026 = {
    "Bridgeport": 212796357,
    "Hartford": 226674245,
    "Waterbury": 201118542,
    "New Haven": 170824330,
}


class Response:
    def __init__(self, status: int, text: str):
        self.status = status
        self.text = text

    def json(self, **kwargs):
        return json.loads(self.text, **kwargs)


def _request(base_url: str, method: str, path: str, body=None) -> Response:
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        base_url + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as answer:
            return Response(answer.status, answer.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode("utf-8"))


@pytest.fixture(scope="module")
def server():
    """Base URL of a real ``openfisca serve`` of this package, stopped at the end of the module."""
    with serve() as base_url:
        yield base_url


@pytest.fixture
def example():
    """The shipped example situation (a fresh copy for each test)."""
    return json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))


def test_spec_shows_the_example_situation(server, example):
    answer = _request(server, "GET", "/spec")
    assert answer.status == 200, answer.text
    spec = answer.json()
    schemas = spec["components"]["schemas"]
    assert schemas["SituationInput"]["example"] == example
    assert set(example["towns"]) == set(FOUR_TOWNS)


def test_foundation_parameter(server):
    answer = _request(server, "GET", "/parameter/cgs_10_262f.foundation")
    assert answer.status == 200, answer.text
    values = answer.json()["values"]
    assert values["2013-07-01"] == 11525
    from_fy2014 = {date: value for date, value in values.items() if date >= "2013-07-01"}
    assert from_fy2014 == {"2013-07-01": 11525}, f"foundation changes after 2013-07-01: {from_fy2014}"


def test_calculate_reproduces_published_fy2026_grants(server, example):
    answer = _request(server, "POST", "/calculate", example)
    assert answer.status == 200, answer.text
    towns = answer.json()["towns"]
    # The same answer read with exact decimals: the JSON text itself must hold the whole dollars.
    towns_decimal = answer.json(parse_float=decimal.Decimal)["towns"]
    for town, published in PUBLISHED_FY2026.items():
        value = towns[town]["ecs_entitlement"]["2026"]
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (town, value)
        assert value == int(value), f"{town}: {value!r} is not a whole number of dollars"
        assert int(value) == published, f"{town}: {value!r} != published {published}"
        assert decimal.Decimal(towns_decimal[town]["ecs_entitlement"]["2026"]) == published
        # The other requested variables are answered too.
        for variable in ("ecs_fully_funded_grant", "ecs_need_students", "ecs_base_aid_ratio"):
            assert isinstance(towns[town][variable]["2026"], (int, float)), (town, variable)
    assert towns["Hartford"]["ecs_entitlement"]["2026"] == 226674245
    assert towns["Bridgeport"]["ecs_entitlement"]["2026"] == 212796357


def test_calculate_without_statewide_medians_is_a_400(server, example):
    situation = copy.deepcopy(example)
    state = situation["states"]["connecticut"]
    del state["ecs_state_median_engl_per_capita"]
    del state["ecs_state_median_household_income"]
    answer = _request(server, "POST", "/calculate", situation)
    assert answer.status == 400, f"expected 400, got {answer.status}: {answer.text}"
    assert "statewide median" in answer.text
    assert "169" in answer.text
    answer.json()  # a JSON error body, not an HTML error page


def test_trace_one_variable(server, example):
    hartford = copy.deepcopy(example["towns"]["Hartford"])
    for variable in ("ecs_fully_funded_grant", "ecs_need_students", "ecs_base_aid_ratio"):
        del hartford[variable]
    state = copy.deepcopy(example["states"]["connecticut"])
    state["members"] = ["Hartford"]
    situation = {"towns": {"Hartford": hartford}, "states": {"connecticut": state}}

    answer = _request(server, "POST", "/trace", situation)
    assert answer.status == 200, answer.text
    trace = answer.json()
    assert trace["requestedCalculations"] == ["ecs_entitlement<2026>"]
    node = trace["trace"]["ecs_entitlement<2026>"]
    assert node["value"] == [PUBLISHED_FY2026["Hartford"]]
    assert "ecs_phase_in_grant<2026>" in node["dependencies"]
    assert "ecs_state_median_engl_per_capita<2026>" in trace["trace"]
