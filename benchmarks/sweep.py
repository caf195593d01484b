"""Parameter sweeps: the FY2026 statewide ECS total under many values of the foundation (C.G.S. 10-262f).

Three ways of computing ``variants`` values (CPU seconds of this process), checked to give the same totals:

* :func:`baseline`: ``variants`` warm computations of current law (a simulation built and computed
  each time): what the sweep is measured against;
* :func:`in_place`: ``ct-education sweep``'s way (workbench/sweep.py): one editable copy of the law,
  the foundation's value node changed in place, one simulation whose computed values are forgotten;
* :func:`reform_per_variant`: an analyst's loop before issue 15: an OpenFisca reform (a copy of the
  parameter tree) and a simulation for each value.
"""

from __future__ import annotations

import time

from openfisca_core import periods
from openfisca_core.reforms import Reform

from openfisca_ct_education.engine.simulation import build_simulation, current_law
from openfisca_ct_education.workbench.sweep import Spec, Sweeper, parse_axis

YEAR = 2026
VARIABLE = "ecs_statewide_entitlement"


def foundations(variants: int, low: float = 10_000, high: float = 14_000) -> list[float]:
    return [low + (high - low) * index / max(1, variants - 1) for index in range(variants)]


def foundation_reform(value: float) -> type:
    class Foundation(Reform):
        name = f"foundation {value}"

        def apply(self):
            def edit(parameters):
                parameters.cgs_10_262f.foundation.update(start=periods.instant(f"{YEAR - 1}-07-01"), value=value)
                return parameters

            self.modify_parameters(modifier_function=edit)

    return Foundation


def baseline(variants: int) -> tuple[float, list]:
    start = time.process_time()
    totals = [float(build_simulation(YEAR).calculate(VARIABLE, str(YEAR))[0]) for _ in range(variants)]
    return time.process_time() - start, totals


def in_place(variants: int) -> tuple[float, list]:
    values = foundations(variants)
    start = time.process_time()
    sweeper = Sweeper(Spec(YEAR, (parse_axis(f"cgs_10_262f.foundation=0@{YEAR}"),), (VARIABLE,)))
    totals = [float(sweeper.compute((value,))[YEAR][VARIABLE][0]) for value in values]
    return time.process_time() - start, totals


def reform_per_variant(variants: int) -> tuple[float, list]:
    start = time.process_time()
    totals = []
    for value in foundations(variants):
        simulation = build_simulation(YEAR, tax_benefit_system=foundation_reform(value)(current_law()))
        totals.append(float(simulation.calculate(VARIABLE, str(YEAR))[0]))
    return time.process_time() - start, totals


def check(variants: int = 5) -> None:
    """The in-place sweep and the reforms agree to the dollar, and the total rises with the foundation."""
    _, by_reform = reform_per_variant(variants)
    _, by_node = in_place(variants)
    if by_reform != by_node:
        raise SystemExit(f"sweep: in-place values {by_node} differ from reforms {by_reform}")
    if not all(a <= b for a, b in zip(by_node, by_node[1:])):
        raise SystemExit("sweep: the statewide total fell as the foundation rose")


if __name__ == "__main__":  # peak memory of a sweep in its own process: python sweep.py VARIANTS
    import sys

    current_law()
    seconds, _ = in_place(int(sys.argv[1]))
    print([line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")][0], seconds)
