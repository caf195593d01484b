"""Hypothesis strategies: generated towns, small states with their statewide medians given, and whole
169-town states made by perturbing the shipped FY2026 inputs (for any formula year FY2019-FY2027)."""

from __future__ import annotations

import dataclasses

import numpy
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from openfisca_ct_education.engine.designations import designated
from openfisca_ct_education.data.inputs import FORMULA_INPUT_COLUMNS, FORMULA_YEARS, read_formula_inputs
from openfisca_ct_education.engine.simulation import _designations_of_record

TOWNS = 169
finite = dict(allow_nan=False, allow_infinity=False)

town = st.fixed_dictionaries(
    {
        "ecs_resident_students": st.floats(1, 30_000, **finite),
        "low_income_share": st.floats(0, 1, **finite),
        "english_learner_share": st.floats(0, 0.5, **finite),
        "ecs_equalized_net_grand_list": st.floats(1e6, 5e10, **finite),
        "ecs_population": st.floats(100, 200_000, **finite),
        "ecs_median_household_income": st.floats(20_000, 300_000, **finite),
        "ecs_public_investment_community_rank": st.integers(0, TOWNS),
        "ecs_regional_district_students": st.floats(0, 2_000, **finite),
        "ecs_regional_district_grades": st.integers(0, 13),
        "ecs_base_grant_amount": st.floats(0, 2.5e8, **finite).map(round),
        "prior_entitlement": st.floats(0, 2.5e8, **finite).map(round),
        "is_alliance_district": st.booleans(),
        "is_priority_school_district": st.booleans(),
    }
)
state_medians = st.fixed_dictionaries(
    {
        "ecs_state_median_engl_per_capita": st.floats(50_000, 500_000, **finite),
        "ecs_state_median_household_income": st.floats(40_000, 150_000, **finite),
    }
)
formula_year = st.integers(FORMULA_YEARS[0], FORMULA_YEARS[-1])


def town_situation(inputs: dict, year: int) -> dict:
    """A town of a web-API style situation for fiscal ``year`` from generated ``inputs``."""
    period, resident = str(year), inputs["ecs_resident_students"]
    values = {name: value for name, value in inputs.items() if name not in ("low_income_share", "english_learner_share", "prior_entitlement")}
    values["ecs_low_income_students"] = inputs["low_income_share"] * resident
    values["ecs_english_learners"] = inputs["english_learner_share"] * resident
    values["ecs_endowed_academy_students"] = 0.0
    values["ecs_endowed_academy_grades"] = 0.0
    situation = {name: {period: value} for name, value in values.items()}
    situation["ecs_entitlement"] = {str(year - 1): inputs["prior_entitlement"]}
    return situation


def small_state(towns: list[dict], medians: dict, year: int) -> dict:
    """A situation of a few towns in one state whose statewide medians are given as inputs."""
    names = [f"town_{index}" for index in range(len(towns))]
    return {
        "towns": {name: town_situation(inputs, year) for name, inputs in zip(names, towns)},
        "states": {"state": {"members": names, **{name: {str(year): value} for name, value in medians.items()}}},
    }


@st.composite
def whole_state(draw):
    """A checked formula-inputs table of all 169 towns: the shipped FY2026 counts and wealth scaled
    town by town, for a generated formula year, with the designation flags of record for that year."""
    year = draw(formula_year)
    shipped = read_formula_inputs(None, 2026)
    frame = shipped.frame.copy()
    factors = hnp.arrays(numpy.float64, TOWNS, elements=st.floats(0.5, 2.0, **finite))
    for name in ("resident_students", "engl_avg", "mhi", "base_grant_fy2017", "ecs_entitlement_prior_year"):
        frame[name] = frame[name] * draw(factors)
    frame["frpl_count"] = numpy.minimum(frame["frpl_count"] * draw(factors), frame["resident_students"])
    frame["ell_count"] = numpy.minimum(frame["ell_count"] * draw(factors), frame["resident_students"])
    frame[["base_grant_fy2017", "ecs_entitlement_prior_year"]] = frame[["base_grant_fy2017", "ecs_entitlement_prior_year"]].round()
    frame["fiscal_year"] = year
    for column in FORMULA_INPUT_COLUMNS:
        node = _designations_of_record(column.designation, year) if column.designation else None
        if node is not None:
            frame[column.name] = designated(node, frame["town_code"].to_numpy()).astype("int64")
    return dataclasses.replace(shipped, year=year, frame=frame)
