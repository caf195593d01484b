"""The hardened app's /calculate handler (web/calculate.py), on either path, answers exactly what openfisca-web-api's stock handler answers."""

import copy
import json
from pathlib import Path

import pytest
from openfisca_web_api import handlers

from openfisca_ct_education.data.inputs import read_formula_inputs
from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.web import calculate
from openfisca_ct_education.web.checks import Limits
from openfisca_ct_education.web.situations import whole_state_situation

EXAMPLES = Path(__file__).resolve().parents[2] / "openfisca_ct_education" / "situation_examples"


def situations():
    inputs = read_formula_inputs(None, 2026)
    yield "whole state, entitlement", whole_state_situation(inputs)
    yield "whole state, several variables", whole_state_situation(
        inputs, requested=("ecs_entitlement", "ecs_base_aid_ratio", "is_alliance_district", "district_reference_group", "ecs_fully_funded_grant", "ecs_public_investment_community_rank")
    )
    state = whole_state_situation(inputs)
    state["states"]["connecticut"]["ecs_statewide_entitlement"] = {"2026": None}
    yield "a state variable too", state
    for path in sorted(EXAMPLES.glob("*.json")):
        yield path.name, json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "situation"), list(situations()), ids=[name for name, _ in situations()])
def test_same_answer_as_the_stock_handler(name, situation):
    system = current_law()
    stock = handlers.calculate(system, copy.deepcopy(situation))
    assert calculate.calculate(system, copy.deepcopy(situation)) == stock
    assert calculate.calculate_body(system, json.dumps(situation).encode(), Limits()) == stock  # whole columns: as arrays
