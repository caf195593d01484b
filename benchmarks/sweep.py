"""A parameter sweep: the FY2026 statewide ECS total under many values of the foundation (C.G.S. 10-262f).

Each variant is an OpenFisca reform that edits ``cgs_10_262f.foundation`` from FY2026, applied to the
current-law system, and a simulation of all 169 towns built on it: what an analyst's loop does.
"""

from __future__ import annotations

import time

from openfisca_core import periods
from openfisca_core.reforms import Reform

from openfisca_ct_education.data.inputs import read_formula_inputs
from openfisca_ct_education.engine.simulation import build_simulation, current_law

YEAR = 2026


def foundation_reform(value: float) -> type:
    class Foundation(Reform):
        name = f"foundation {value}"

        def apply(self):
            def edit(parameters):
                parameters.cgs_10_262f.foundation.update(start=periods.instant(f"{YEAR - 1}-07-01"), value=value)
                return parameters

            self.modify_parameters(modifier_function=edit)

    return Foundation


def sweep(variants: int, low: float = 10_000, high: float = 14_000) -> float:
    """Seconds to compute the statewide total of ``variants`` foundations between ``low`` and ``high``."""
    inputs = read_formula_inputs(None, YEAR)
    start = time.perf_counter()
    totals = []
    for index in range(variants):
        value = low + (high - low) * index / max(1, variants - 1)
        system = foundation_reform(value)(current_law())
        simulation = build_simulation(YEAR, inputs, tax_benefit_system=system)
        totals.append(float(simulation.calculate("ecs_statewide_entitlement", str(YEAR))[0]))
    seconds = time.perf_counter() - start
    if variants > 1 and not all(a <= b for a, b in zip(totals, totals[1:])):
        raise SystemExit("sweep: the statewide total fell as the foundation rose")
    return seconds
