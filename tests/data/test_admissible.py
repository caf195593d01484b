"""One declaration of what each input may be (openfisca_ct_education/data/admissible.py), checked the same way at
every door: a formula-inputs file, the Python API (FormulaInputs, simulation.set_input, a situation) and the
web API (the hardened app and the stock ``openfisca serve`` app). Issue 12, items 7, 8, 10 and 11."""

from __future__ import annotations

import dataclasses
import json

import numpy
import pandas
import pytest
from openfisca_core.errors import SituationParsingError
from openfisca_core.simulations import SimulationBuilder
from openfisca_web_api.app import create_app as stock_app

from openfisca_ct_education.data import admissible
from openfisca_ct_education.data.admissible import ADMISSIBLE, problem
from openfisca_ct_education.data.inputs import (
    FORMULA_INPUT_COLUMNS,
    SHIPPED_FORMULA_INPUTS,
    read_accountability_index,
    read_enrollment,
    read_entitlement_history,
    read_formula_inputs,
)
from openfisca_ct_education.engine.simulation import build_simulation, current_law
from openfisca_ct_education.errors import InadmissibleInputError, InputDataError
from openfisca_ct_education.web.app import create_app

YEAR = 2026


def test_every_input_variable_is_declared_once():
    system = current_law()
    inputs = {name for name, variable in system.variables.items() if not variable.formulas}
    # Formula variables a situation of a few towns must give as inputs (their errors say so).
    asked_as_inputs = {name for name, variable in system.variables.items() if "as an input" in (variable.documentation or "")}
    assert inputs - set(ADMISSIBLE) == set(), "input variables without a declaration in data/admissible.py"
    assert asked_as_inputs - set(ADMISSIBLE) == set()
    assert set(ADMISSIBLE) - set(system.variables) == set(), "declarations of variables that do not exist"
    for column in FORMULA_INPUT_COLUMNS:
        if column.kind == "int" and column.admissible is not None:
            assert column.admissible.whole, column.name


def test_the_shipped_data_is_admissible():
    """The plausible bounds refuse no real figure: the inputs of every formula year FY2019-FY2027, the history, the district files."""
    for year in SHIPPED_FORMULA_INPUTS:
        frame = read_formula_inputs(None, year).frame
        for column in FORMULA_INPUT_COLUMNS:
            if column.admissible is not None:
                assert admissible.admissible_mask(column.checked_as or column.variable, frame[column.name].to_numpy()).all(), (year, column.name)
        assert (frame["frpl_count"] <= frame["resident_students"]).all() and (frame["ell_count"] <= frame["resident_students"]).all()
    history = read_entitlement_history().to_numpy()
    assert admissible.admissible_mask("ecs_entitlement", history[~numpy.isnan(history)]).all()
    index = read_accountability_index().to_numpy()
    assert admissible.admissible_mask("accountability_index", index[~numpy.isnan(index)]).all()
    enrollment = read_enrollment().to_numpy()
    assert admissible.admissible_mask("district_enrollment", enrollment[~numpy.isnan(enrollment)]).all()


def _csv_message(tmp_path, column, value, town="Hartford"):
    frame = pandas.read_csv(SHIPPED_FORMULA_INPUTS[YEAR], dtype=str, keep_default_na=False)
    frame.loc[frame["town"] == town, column] = value
    path = tmp_path / "inputs.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputDataError) as error:
        read_formula_inputs(path, YEAR)
    return str(error.value)


def _situation(town_inputs: dict, state_inputs: dict | None = None) -> dict:
    town = {"ecs_resident_students": {"2026": 1000.0}, "ecs_entitlement": {"2026": None}}
    town.update(town_inputs)
    state = {"members": ["Hartford"], **(state_inputs or {})}
    return {"towns": {"Hartford": town}, "states": {"connecticut": state}}


def _web_messages(body: dict) -> list[str]:
    """The 400 answers of the hardened app and of the stock app (``openfisca serve``) to ``body``."""
    messages = []
    for app in (create_app(), stock_app(current_law())):
        answer = app.test_client().post("/calculate", data=json.dumps(body), content_type="application/json")
        assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
        messages.append(answer.get_data(as_text=True))
    return messages


@pytest.mark.parametrize(
    "column, variable, text, value",
    [
        ("mhi", "ecs_median_household_income", "-5", -5.0),
        ("frpl_count", "ecs_low_income_students", "1e300", 1e300),
        ("rsd_grades", "ecs_regional_district_grades", "99", 99.0),
        ("drg", "district_reference_group", "BX", "BX"),
    ],
)
def test_every_door_refuses_a_value_with_the_same_words(tmp_path, column, variable, text, value):
    expected = problem(variable, value)
    assert expected
    assert expected in _csv_message(tmp_path, column, text)
    simulation = build_simulation(YEAR)
    with pytest.raises(InadmissibleInputError) as error:
        simulation.set_input(variable, str(YEAR), numpy.full(169, value, dtype=object if isinstance(value, str) else float))
    assert expected in str(error.value) and "towns Andover" in str(error.value)
    body = _situation({variable: {"2026": value}})
    with pytest.raises(SituationParsingError) as error:
        SimulationBuilder().build_from_entities(current_law(), body)
    assert expected in json.dumps(error.value.error)
    for message in _web_messages(body):
        assert json.dumps(expected)[1:-1] in message


@pytest.mark.parametrize("median", [-5, 0, 1e-300])
def test_a_statewide_median_household_income_that_is_not_one(median):
    """-5 gave Hartford $539 billion; 0 and 1e-300 divided by (almost) nothing."""
    body = _situation({}, {"ecs_state_median_household_income": {"2026": median}, "ecs_state_median_engl_per_capita": {"2026": 150000}})
    for message in _web_messages(body):
        assert "ecs_state_median_household_income" in message and "is below 1,000" in message


def test_a_count_larger_than_the_resident_students_whichever_is_set_first():
    simulation = build_simulation(YEAR)
    resident = simulation.calculate("ecs_resident_students", str(YEAR))
    with pytest.raises(InadmissibleInputError, match="ecs_english_learners.*more than the town's ecs_resident_students"):
        simulation.set_input("ecs_english_learners", str(YEAR), resident + 1)
    simulation = build_simulation(YEAR)
    with pytest.raises(InadmissibleInputError, match="ecs_low_income_students.*more than the town's ecs_resident_students"):
        simulation.set_input("ecs_resident_students", str(YEAR), resident / 100)


def test_a_default_value_stands_for_not_given():
    """A situation gives some towns a value and not others: the others hold the default, which passes."""
    body = {
        "towns": {"A": {"ecs_population": {"2026": 5000}}, "B": {}},
        "states": {"connecticut": {"members": ["A", "B"]}},
    }
    simulation = SimulationBuilder().build_from_entities(current_law(), body)
    assert simulation.calculate("ecs_population", "2026").tolist() == [5000, 0]


def test_python_api_flags_given_as_text_are_parsed_not_truthy():
    """A text psd_flag column of "0"/"1" made every town a priority school district (+$69M statewide in FY2025):
    "0" is a non-empty string, so astype(bool) made it True. FY2025 has no PSD designations of record, so the
    flag is the input (the FY2026 inputs relabelled FY2025 stand in for a FY2025 file)."""
    shipped = read_formula_inputs(None, YEAR)
    frame = shipped.frame.assign(fiscal_year=2025)
    as_numbers = dataclasses.replace(shipped, year=2025, frame=frame, checked_digest=None)
    as_text = dataclasses.replace(as_numbers, frame=frame.assign(psd_flag=frame["psd_flag"].astype(str)))
    as_bools = dataclasses.replace(as_numbers, frame=frame.assign(psd_flag=frame["psd_flag"].astype(bool)))
    expected = build_simulation(2025, as_numbers)
    for inputs in (as_text, as_bools):
        simulation = build_simulation(2025, inputs)
        assert simulation.calculate("is_priority_school_district", "2025").sum() == frame["psd_flag"].sum() == 16
        assert simulation.calculate("ecs_entitlement", "2025").sum() == expected.calculate("ecs_entitlement", "2025").sum()


def test_district_reference_group_is_kept_whole_and_a_missing_one_is_empty():
    """DRG kept only its first character ("BX" counted in group B), and a missing one was answered "b''"."""
    body = {
        "towns": {"A": {"district_reference_group": {"2026": "I"}}, "B": {"district_reference_group": {"2026": None}}},
        "states": {"connecticut": {"members": ["A", "B"]}},
    }
    for app in (create_app(), stock_app(current_law())):
        answer = app.test_client().post("/calculate", data=json.dumps(body), content_type="application/json")
        assert answer.status_code == 200
        assert answer.get_json()["towns"]["B"]["district_reference_group"]["2026"] == ""
    groups = build_simulation(2020).calculate("district_reference_group", "2020")
    assert set(groups) == set("ABCDEFGHI")
