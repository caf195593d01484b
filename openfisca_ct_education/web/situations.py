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
