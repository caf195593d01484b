"""Building a simulation of all 169 towns for a fiscal year, from checked input data."""

from __future__ import annotations

import functools

from openfisca_core.simulations import SimulationBuilder

from openfisca_ct_education import CountryTaxBenefitSystem
from openfisca_ct_education.inputs import (
    FORMULA_INPUT_COLUMNS,
    FormulaInputs,
    read_entitlement_history,
    read_formula_inputs,
)

STATE_ID = "connecticut"


@functools.cache
def current_law() -> CountryTaxBenefitSystem:
    """The current-law tax-benefit system, loaded once per process."""
    return CountryTaxBenefitSystem()


def build_simulation(year: int = 2026, data=None, tax_benefit_system=None, history=None):
    """A simulation of every town for fiscal ``year``.

    ``data`` is a formula-inputs CSV path (default: the shipped file for ``year``) or a
    :class:`FormulaInputs`. The published entitlements of every earlier fiscal year are set as
    inputs (they are amounts of record); the file's ``ecs_entitlement_prior_year`` column is the
    previous year's entitlement of record for the worksheet and takes precedence for that year.
    """
    inputs = data if isinstance(data, FormulaInputs) else read_formula_inputs(data, year)
    system = tax_benefit_system or current_law()
    frame = inputs.frame
    towns = list(frame["town"])

    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("town", towns)
    state = builder.declare_entity("state", [STATE_ID])
    builder.join_with_persons(state, [STATE_ID] * len(towns), ["member"] * len(towns))
    simulation = builder.build(system)

    period = str(inputs.year)
    for column in FORMULA_INPUT_COLUMNS:
        if column.variable == "town_code":
            simulation.set_input("town_code", "ETERNITY", frame["town_code"].to_numpy())
        elif column.variable is not None:
            values = frame[column.name].to_numpy()
            simulation.set_input(column.variable, period, values.astype(bool) if column.kind == "flag" else values)

    history = read_entitlement_history() if history is None else history
    published = history.reindex(frame["town_code"])
    for fiscal_year in published.columns:
        if fiscal_year < inputs.year - 1:
            simulation.set_input("ecs_entitlement", str(fiscal_year), published[fiscal_year].to_numpy())
    simulation.set_input("ecs_entitlement", str(inputs.year - 1), frame["ecs_entitlement_prior_year"].to_numpy())
    return simulation
