"""Generators of the bad-input corpus for data (issue 12, part B): formula-inputs files, web situations and
Python API calls with values their variable's declaration (openfisca_ct_education/data/admissible.py) refuses.

Format: tests/bad_input/README.md. Each function is ``name(tmp, **arguments)``.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import numpy
import pandas

SHIPPED_YEAR = 2026


def _shipped_frame() -> pandas.DataFrame:
    from openfisca_ct_education.data.inputs import SHIPPED_FORMULA_INPUTS

    return pandas.read_csv(SHIPPED_FORMULA_INPUTS[SHIPPED_YEAR], dtype=str, keep_default_na=False)


def inputs_with(tmp: Path, cells: dict | None = None, town: str = "Andover", column: str | None = None, value: str = "", encoding: str = "utf-8") -> bytes:
    """The shipped FY2026 formula inputs with cells changed: ``column`` of ``town`` set to ``value``, or
    ``cells`` = {"Town": {"column": "value"}} (``"*"`` for every town)."""
    frame = _shipped_frame()
    cells = dict(cells or {})
    if column is not None:
        cells.setdefault(town, {})[column] = value
    for name, values in cells.items():
        rows = slice(None) if name == "*" else frame["town"] == name
        for key, text in values.items():
            frame.loc[rows, key] = str(text)
    return frame.to_csv(index=False).encode(encoding)


def many_rows(tmp: Path, copies: int = 30) -> bytes:
    """The shipped file's rows repeated ``copies`` times (a file under the size cap with thousands of rows)."""
    frame = _shipped_frame()
    return pandas.concat([frame] * copies, ignore_index=True).to_csv(index=False).encode()


def big_bad_csv(tmp: Path, megabytes: float = 5) -> bytes:
    """A formula-inputs file of ``megabytes`` MB whose every count is bad (before: minutes and gigabytes to an error)."""
    frame = _shipped_frame()
    frame["resident_students"] = "-1"
    rows = frame.to_csv(index=False).encode().split(b"\n", 1)
    header, body = rows[0] + b"\n", rows[1]
    copies = int(megabytes * 1024 * 1024 / len(body)) + 1
    return header + body * copies


# --- web situations ---------------------------------------------------------------------------


def _few_towns(**town_inputs) -> dict:
    """Two towns with their statewide medians given, asking for the entitlement (a valid situation, then changed)."""
    town = {
        "ecs_resident_students": {"2026": 1000.0},
        "ecs_low_income_students": {"2026": 300.0},
        "ecs_english_learners": {"2026": 50.0},
        "ecs_equalized_net_grand_list": {"2026": 1.5e9},
        "ecs_population": {"2026": 10000.0},
        "ecs_median_household_income": {"2026": 90000.0},
        "ecs_base_grant_amount": {"2026": 5e6},
        "ecs_entitlement": {"2025": 5e6, "2026": None},
    }
    other = json.loads(json.dumps(town))
    for name, value in town_inputs.items():
        town[name] = value
    return {"towns": {"Hartford": town, "Other": other}, "states": {"connecticut": {"members": ["Hartford", "Other"]}}}


def situation_request(tmp: Path, town: dict | None = None, state: dict | None = None) -> dict:
    """A POST /calculate of :func:`situation`."""
    return {"method": "POST", "path": "/calculate", "json": situation(tmp, town, state)}


def situation(tmp: Path, town: dict | None = None, state: dict | None = None) -> dict:
    """A web request body: two towns (Hartford with ``town``'s inputs changed) and the state's inputs ``state``."""
    body = _few_towns(**(town or {}))
    body["states"]["connecticut"].update(
        {"ecs_state_median_household_income": {"2026": 80000.0}, "ecs_state_median_engl_per_capita": {"2026": 150000.0}}
    )
    body["states"]["connecticut"].update(state or {})
    return body


# --- Python API -------------------------------------------------------------------------------


def set_input(tmp: Path, variable: str, value, year: int = SHIPPED_YEAR):
    """``simulation.set_input(variable, year, [value] * 169)`` on the shipped FY2026 simulation."""

    def call():
        from openfisca_ct_education.engine.simulation import build_simulation

        simulation = build_simulation(SHIPPED_YEAR)
        population = simulation.get_variable_population(variable)
        simulation.set_input(variable, str(year), numpy.full(population.count, value))

    return call


def formula_inputs_with(tmp: Path, cells: dict):
    """``build_simulation(2026, FormulaInputs)`` of the shipped frame with ``cells`` = {"Town": {"column": value}} (Python values)."""

    def call():
        from openfisca_ct_education.data.inputs import read_formula_inputs
        from openfisca_ct_education.engine.simulation import build_simulation

        shipped = read_formula_inputs(None, SHIPPED_YEAR)
        frame = shipped.frame.astype(object)
        for name, values in cells.items():
            rows = slice(None) if name == "*" else frame["town"] == name
            for key, value in values.items():
                frame.loc[rows, key] = value
        build_simulation(SHIPPED_YEAR, dataclasses.replace(shipped, frame=frame, checked_digest=None))

    return call


def formula_inputs_rows(tmp: Path, copies: int = 1000):
    """A FormulaInputs of ``copies`` times the 169 towns (checked row by row before: minutes)."""

    def call():
        from openfisca_ct_education.data.inputs import read_formula_inputs
        from openfisca_ct_education.engine.simulation import build_simulation

        shipped = read_formula_inputs(None, SHIPPED_YEAR)
        frame = pandas.concat([shipped.frame] * copies, ignore_index=True)
        build_simulation(SHIPPED_YEAR, dataclasses.replace(shipped, frame=frame, checked_digest=None))

    return call


def build_situation(tmp: Path, town: dict | None = None, state: dict | None = None):
    """``SimulationBuilder().build_from_entities`` of :func:`situation` (the Python door of a web situation)."""

    def call():
        from openfisca_core.simulations import SimulationBuilder

        from openfisca_ct_education.engine.simulation import current_law

        SimulationBuilder().build_from_entities(current_law(), situation(tmp, town, state))

    return call
