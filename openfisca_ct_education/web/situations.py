"""A web API situation of every town of a formula-inputs table: what an app sends to /calculate for the whole state."""

from __future__ import annotations

from openfisca_ct_education.data.inputs import FORMULA_INPUT_COLUMNS, FormulaInputs
from openfisca_ct_education.engine.simulation import STATE_ID


def whole_state_situation(inputs: FormulaInputs, requested=("ecs_entitlement",)) -> dict:
    """Every town of ``inputs`` with its inputs for the year, its previous entitlement, and ``requested`` asked.

    The statewide medians are computed by the server from the towns (all 169 are given). Designation
    flags are left to the designations of record (they agree with the file, which the reader checks).
    """
    year, previous = str(inputs.year), str(inputs.year - 1)
    columns = [c for c in FORMULA_INPUT_COLUMNS if c.variable and c.designation is None and c.variable != "town_code"]
    towns = {}
    for row in inputs.frame.itertuples(index=False):
        town = {"town_code": {"ETERNITY": int(row.town_code)}}
        for column in columns:
            value = getattr(row, column.name)
            town[column.variable] = {year: value if isinstance(value, str) else getattr(value, "item", lambda: value)()}
        town["ecs_entitlement"] = {previous: float(row.ecs_entitlement_prior_year)}
        for name in requested:
            town.setdefault(name, {})[year] = None
        towns[row.town] = town
    return {"towns": towns, "states": {STATE_ID: {"members": list(towns)}}}


def whole_state_years_situation(inputs_by_year, requested=("ecs_entitlement",)) -> dict:
    """Every town with the inputs of several consecutive years (a list of :class:`FormulaInputs`, ascending).

    Only the first year's previous entitlement is given: each later year starts from the one before,
    which the server computes from its inputs (C.G.S. 10-262h chains the years). ``requested`` is asked
    for the last year only. A designation flag is sent for a year the designations of record do not
    cover (as the simulation builder does).
    """
    from openfisca_ct_education.engine.simulation import designations_of_record

    situation = whole_state_situation(inputs_by_year[0], requested=())
    for index, inputs in enumerate(inputs_by_year):
        year = str(inputs.year)
        last = index == len(inputs_by_year) - 1
        single = whole_state_situation(inputs, requested=requested if last else ())
        flags = [c for c in FORMULA_INPUT_COLUMNS if c.designation and designations_of_record(c.designation, inputs.year) is None]
        for row in inputs.frame.itertuples(index=False):
            town = situation["towns"][row.town]
            for name, by_period in single["towns"][row.town].items():
                if name == "ecs_entitlement" and index:
                    by_period = {period: value for period, value in by_period.items() if period == year}
                town.setdefault(name, {}).update(by_period)
            for column in flags:
                town[column.variable] = {**town.get(column.variable, {}), year: bool(getattr(row, column.name))}
    return situation
