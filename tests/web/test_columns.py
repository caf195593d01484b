"""A situation of whole columns (web/columns.py) is answered as the stock path answers it, and anything else goes the stock way.

The reference is the hardened app with the column path switched off (``columns.build`` always None:
the situation checked by web/checks.py, built by openfisca-core's ``build_from_entities``). Each body
below is sent to both apps; status and JSON must be the same. The whole state must take the column
path (else the speed-up is gone unnoticed); each edit that makes it something the column path does
not take must fall back to the stock path, so that the client reads the stock path's own message.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openfisca_ct_education.data.inputs import read_formula_inputs
from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.web import columns
from openfisca_ct_education.web.app import create_app
from openfisca_ct_education.web.checks import Limits
from openfisca_ct_education.web.json_body import parse_fast
from openfisca_ct_education.web.situations import whole_state_situation, whole_state_years_situation

INPUTS = read_formula_inputs(None, 2026)
WHOLE_STATE = whole_state_situation(INPUTS)
FAST = create_app().test_client()


def answers(client, situation) -> tuple[int, object]:
    response = client.post("/calculate", data=json.dumps(situation), content_type="application/json")
    return response.status_code, response.get_json()


def stock_answers(situation) -> tuple[int, object]:
    """The answer with the column path switched off."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columns, "build", lambda *_: None)
        return answers(FAST, situation)


def takes_columns(situation) -> bool:
    return columns.build(current_law(), parse_fast(json.dumps(situation).encode()), Limits()) is not None


def edited(change):
    situation = copy.deepcopy(WHOLE_STATE)
    change(situation)
    return situation


def _town(situation, name="Hartford"):
    return situation["towns"][name]


STILL_COLUMNS = {
    "the whole state": lambda s: None,
    "several variables asked": lambda s: [town.update({"ecs_base_aid_ratio": {"2026": None}, "is_alliance_district": {"2026": None}}) for town in s["towns"].values()],
    "a state variable asked": lambda s: s["states"]["connecticut"].update({"ecs_statewide_entitlement": {"2026": None}}),
    "a valid change of one value": lambda s: _town(s).update({"ecs_resident_students": {"2026": 20000}}),
    "an input of the state given": lambda s: s["states"]["connecticut"].update({"ecs_state_median_household_income": {"2026": 90000}}),
    "two states, each with its medians": lambda s: s["states"].update(
        {
            state: {"members": members, "ecs_state_median_household_income": {"2026": 90_000}, "ecs_state_median_engl_per_capita": {"2026": 180_000}}
            for state, members in (("connecticut", list(s["towns"])[:100]), ("elsewhere", list(s["towns"])[100:]))
        }
    ),
}

FALLS_BACK = {
    "a negative count": lambda s: _town(s).update({"ecs_english_learners": {"2026": -3}}),
    "a count of 0 where 0 is refused (the default)": lambda s: _town(s).update({"ecs_population": {"2026": 0}}),
    "a text for a number": lambda s: _town(s).update({"ecs_population": {"2026": "120000"}}),
    "true for a number": lambda s: _town(s).update({"ecs_population": {"2026": True}}),
    "a whole float for an integer": lambda s: _town(s).update({"town_code": {"ETERNITY": 64.0}}),
    "an integer beyond 64 bits": lambda s: _town(s).update({"town_code": {"ETERNITY": 2**70}}),
    "a number over the server's bound": lambda s: _town(s).update({"ecs_median_household_income": {"2026": 1e300}}),
    "more low-income students than students": lambda s: _town(s).update({"ecs_low_income_students": {"2026": 10**5}}),
    "a month for a fiscal-year variable": lambda s: _town(s).update({"ecs_population": {"2026-01": 120000}}),
    "more periods than the server takes": lambda s: [
        town.update({"ecs_regional_district_students": {str(year): 0 for year in range(2020, 2061)}}) for town in s["towns"].values()
    ],
    "a year the server does not compute": lambda s: [town.update({"ecs_population": {"1980": 1000}}) for town in s["towns"].values()],
    "one town without a variable": lambda s: _town(s).pop("ecs_population"),
    "one town asked what others give": lambda s: _town(s).update({"ecs_population": {"2026": None}}),
    "an unknown variable": lambda s: _town(s).update({"ecs_nonsense": {"2026": 1}}),
    "a state variable given for a town": lambda s: _town(s).update({"ecs_statewide_entitlement": {"2026": None}}),
    "a value without a period": lambda s: _town(s).update({"ecs_population": 120000}),
    "a town in no state": lambda s: s["states"]["connecticut"]["members"].remove("Hartford"),
    "a town twice": lambda s: s["states"]["connecticut"]["members"].append("Hartford"),
    "a member that is not a town": lambda s: s["states"]["connecticut"]["members"].append("Springfield"),
    "a member that is not a name": lambda s: s["states"]["connecticut"]["members"].append(7),
    "an empty town id": lambda s: s["towns"].update({" ": {}}),
    "no state": lambda s: s.pop("states"),
    "an unknown key": lambda s: s.update({"axes": []}),
    "a town that is not an object": lambda s: s["towns"].update({"Hartford": 3}),
}


@pytest.mark.parametrize("name", sorted(STILL_COLUMNS))
def test_whole_columns_take_the_column_path_and_answer_as_the_stock_path(name):
    situation = edited(STILL_COLUMNS[name])
    assert takes_columns(situation)
    fast = answers(FAST, situation)
    assert fast[0] == 200, fast
    assert fast == stock_answers(situation)


@pytest.mark.parametrize("name", sorted(FALLS_BACK))
def test_anything_else_takes_the_stock_path_and_its_message(name):
    situation = edited(FALLS_BACK[name])
    assert not takes_columns(situation)
    assert answers(FAST, situation) == stock_answers(situation)


def test_several_years_in_one_situation():
    situation = whole_state_years_situation([read_formula_inputs(None, year) for year in (2025, 2026)])
    assert takes_columns(situation)
    assert answers(FAST, situation) == stock_answers(situation)


def test_the_largest_grants_to_the_dollar_on_the_column_path():
    """CSDE's published FY2026 ECS entitlements of the four largest grants (the same literals as
    tests/engine/test_money_exact.py, from data/ecs_entitlements_by_town_fy2001_2026.csv): to the dollar
    through the column path and the JSON answer (float32 would carry Hartford's only to within $16)."""
    published = {"Bridgeport": 212_796_357, "Hartford": 226_674_245, "Waterbury": 201_118_542, "New Haven": 170_824_330}
    assert takes_columns(WHOLE_STATE)
    status, answer = answers(FAST, WHOLE_STATE)
    assert status == 200
    assert {town: answer["towns"][town]["ecs_entitlement"]["2026"] for town in published} == published


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6), st.integers(2**62, 2**66), st.floats(-1e7, 1e17), st.text(max_size=3),
    st.sampled_from(["A", "B", "I", "X"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    cells=st.lists(
        st.tuples(
            st.sampled_from(sorted(WHOLE_STATE["towns"])),
            st.sampled_from(sorted(_town(WHOLE_STATE))),
            VALUES,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_values_answer_as_the_stock_path(cells):
    """Whatever values a client puts in the whole state's cells, both paths say the same (a result or a message)."""
    situation = copy.deepcopy(WHOLE_STATE)
    for town, variable, value in cells:
        by_period = situation["towns"][town][variable]
        by_period[next(iter(by_period))] = value
    assert answers(FAST, situation) == stock_answers(situation)
