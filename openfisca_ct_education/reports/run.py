"""Per-town tables of a simulation's results, with a statewide total, as text, CSV or JSON."""

from __future__ import annotations

import json

import numpy
import pandas
from openfisca_core.errors import ParameterNotFoundError, SituationParsingError

from openfisca_ct_education.errors import message_of

#: Columns of ``ct-education run`` for a year the ECS formula computes (C.G.S. 10-262f, 10-262h).
FORMULA_VARIABLES = (
    "town_code",
    "ecs_resident_students",
    "ecs_need_students",
    "ecs_engl_per_capita",
    "ecs_wealth_adjustment_factor",
    "ecs_base_aid_ratio",
    "ecs_fully_funded_grant",
    "ecs_base_grant_amount",
    "ecs_prior_year_entitlement",
    "ecs_entitlement",
)
#: Columns that build on the entitlement, in every year (C.G.S. 10-262u, 10-262i, 10-266p and related).
DESIGNATION_AND_GRANT_VARIABLES = (
    "is_alliance_district",
    "is_priority_school_district",
    "alliance_district_grant",
    "ecs_non_alliance_portion",
    "ecs_payment_october",
    "ecs_payment_january",
    "ecs_payment_april",
    "priority_school_district_grant",
    "extended_school_hours_grant",
    "summer_school_grant",
)


def run_variables(system, formula_year: bool) -> tuple:
    """The columns of ``ct-education run``: the formula's steps in a formula year, then what builds on the entitlement."""
    first = FORMULA_VARIABLES if formula_year else ("town_code", "ecs_entitlement")
    return tuple(name for name in first + DESIGNATION_AND_GRANT_VARIABLES if name in system.variables)


RUN_VARIABLES = FORMULA_VARIABLES
FORMATS = ("table", "csv", "json")
_DECIMALS = {"currency-USD": 0, "cents": 2, "student": 2, "/1": 6}
#: Money kept to the cent rather than the dollar.
_CENTS = {"ecs_engl_per_capita"}


def town_table(simulation, year: int, variables=RUN_VARIABLES, optional=(), omitted=None) -> pandas.DataFrame:
    """One row per town (``town`` = its id), one column per variable, for fiscal ``year``.

    A variable of ``optional`` whose inputs the data does not hold for the year (a
    SituationParsingError naming them), or that the law the package encodes does not set for the
    year (a missing parameter), is left out, and the reason recorded in ``omitted``.
    """
    system = simulation.tax_benefit_system
    frame = pandas.DataFrame({"town": list(simulation.populations["town"].ids)})
    for name in variables:
        period = "ETERNITY" if system.get_variable(name).definition_period == "eternity" else str(year)
        try:
            frame[name] = simulation.calculate(name, period)
        except (SituationParsingError, ParameterNotFoundError) as error:
            if name not in optional or omitted is None:
                raise
            omitted[name] = message_of(error, system.parameters)
    ordered = ["town_code", "town"] + [name for name in variables if name != "town_code"]
    return frame[[name for name in ordered if name in frame]]


def _is_summed(system, name: str) -> bool:
    variable = system.get_variable(name)
    return variable.unit in ("currency-USD", "student") and name not in _CENTS


def statewide_total(frame: pandas.DataFrame, system) -> dict:
    """Sums of the money and student columns (exact: float64 whole dollars)."""
    return {name: frame[name].sum() for name in frame.columns if name not in ("town", "town_code") and _is_summed(system, name)}


def _plain(value, unit):
    """A JSON/CSV-friendly number: whole dollars as int, others rounded to their kept decimals."""
    if isinstance(value, (bool, numpy.bool_)):
        return bool(value)
    if unit == "currency-USD":
        return int(round(float(value)))
    if isinstance(value, (numpy.integer, int)):
        return int(value)
    decimals = _DECIMALS.get(unit)
    return round(float(value), decimals) if decimals is not None else float(value)


def _units(frame, system):
    """Each column's display unit: the variable's unit ("cents" for money kept to the cent)."""
    units = {name: (None if name == "town" else system.get_variable(name).unit) for name in frame.columns}
    return {name: ("cents" if name in _CENTS else unit) for name, unit in units.items()}


def render(frame: pandas.DataFrame, system, fmt: str, metadata: dict) -> str:
    """The table as ``table`` (aligned text), ``csv`` (with a TOTAL row) or ``json``."""
    units = _units(frame, system)
    total = statewide_total(frame, system)
    rows = [{name: (value if name == "town" else _plain(value, units[name])) for name, value in row.items()} for row in frame.to_dict("records")]
    total_row = {name: _plain(value, units[name]) for name, value in total.items()}
    if fmt == "json":
        return json.dumps({**metadata, "towns": rows, "statewide_total": total_row}, indent=2) + "\n"
    table = pandas.DataFrame(rows + [{"town": "TOTAL", **total_row}], columns=frame.columns)
    table["town_code"] = table["town_code"].astype("Int64")
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n")
    formatters = {name: _text_formatter(units[name]) for name in table.columns if name != "town"}
    lines = [f"# {key}: {value}" for key, value in metadata.items()]
    return "\n".join(lines) + "\n" + table.to_string(index=False, formatters=formatters, na_rep="") + "\n"


def _text_formatter(unit):
    decimals = _DECIMALS.get(unit)
    if unit == "currency-USD":
        return lambda value: "" if pandas.isna(value) else f"{int(value):,}"
    if decimals is not None:
        return lambda value: "" if pandas.isna(value) else f"{value:,.{decimals}f}"
    return lambda value: "" if pandas.isna(value) else str(int(value)) if float(value).is_integer() else str(value)
