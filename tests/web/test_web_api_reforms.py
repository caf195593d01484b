"""A reformed system served next to current law: ``openfisca serve --reforms`` (one reform per server instance)."""

import pytest
from server import serve
from test_web_api import _request, server  # noqa: F401 (the current-law server fixture)

REFORM = "openfisca_ct_education.reforms.opportunity_network.OpportunityNetwork"

# The first situation of tests/yaml/reforms/opportunity_network.yaml (worked by hand there), FY2028.
SITUATION = {
    "towns": {
        "A": {
            "town_code": {"ETERNITY": 2},
            "ecs_entitlement": {"2028": 10000000},
            "accountability_index": {"2027": 55},
            "district_enrollment": {"2027": 1000},
            "district_low_income_students": {"2027": 700},
            "alliance_district_grant": {"2028": None},
        },
        "B": {
            "town_code": {"ETERNITY": 1},
            "ecs_entitlement": {"2028": 4000000},
            "accountability_index": {"2027": 70},
            "district_enrollment": {"2027": 500},
            "district_low_income_students": {"2027": 100},
            "alliance_district_grant": {"2028": None},
        },
    },
    "states": {"connecticut": {"members": ["A", "B"]}},
}


@pytest.fixture(scope="module")
def reformed():
    with serve("--reforms", REFORM) as base_url:
        yield base_url


def test_reformed_server_computes_the_network_grant(reformed):
    situation = {**SITUATION, "towns": {name: {**town, "alliance_district_grant_under_current_law": {"2028": 0}} for name, town in SITUATION["towns"].items()}}
    answer = _request(reformed, "POST", "/calculate", situation)
    assert answer.status == 200, answer.text
    towns = answer.json()["towns"]
    # 0.35 x 0.70 x 10,000,000 = 2,450,000; 0.35 x 0.20 x 4,000,000 = 280,000
    assert towns["A"]["alliance_district_grant"]["2028"] == 2450000
    assert towns["B"]["alliance_district_grant"]["2028"] == 280000
    parameter = _request(reformed, "GET", "/parameter/opportunity_network.grant.share_of_ecs_per_high_need_share")
    assert parameter.status == 200 and parameter.json()["values"] == {"2012-07-01": 0.35}


def test_current_law_server_has_no_network(server):  # noqa: F811 (the current-law server of test_web_api)
    answer = _request(server, "GET", "/parameter/opportunity_network.grant.share_of_ecs_per_high_need_share")
    assert answer.status == 404
