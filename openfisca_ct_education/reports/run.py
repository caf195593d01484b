"""Per-town tables of a simulation's results, with per-pupil and percent columns and a statewide total, as text, CSV or JSON."""

from __future__ import annotations

import json

import numpy
import pandas
from openfisca_core.errors import ParameterNotFoundError, SituationParsingError

from openfisca_ct_education.errors import InputDataError, message_of
from openfisca_ct_education.reports import workbooks, xlsx
from openfisca_ct_education.reports.csv_text import csv_text
from openfisca_ct_education.reports.fiscal import ratio

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
    "ecs_payment_to_town_october",
    "ecs_payment_to_town_january",
    "ecs_payment_to_town_april",
    "compensatory_education_grant",
    "priority_school_district_grant",
    "extended_school_hours_grant",
    "summer_school_grant",
)


def run_variables(system, formula_year: bool) -> tuple:
    """The columns of ``ct-education run``: the formula's steps in a formula year, then what builds on the entitlement."""
    first = FORMULA_VARIABLES if formula_year else ("town_code", "ecs_entitlement")
    return tuple(name for name in first + DESIGNATION_AND_GRANT_VARIABLES if name in system.variables)


RUN_VARIABLES = FORMULA_VARIABLES
FORMATS = ("table", "csv", "json", "xlsx")
_DECIMALS = {"currency-USD": 0, "cents": 2, "student": 2, "/1": 6, "percent": 2}
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


#: Columns computed from the variables, after the ECS entitlement: per pupil (cents) and the percent change.
DERIVED_UNITS = {"ecs_per_resident_student": "cents", "ecs_per_need_student": "cents", "ecs_pct_change": "percent"}
#: The narrow table's columns (those the year has), fitting 120 characters; ``--columns`` / ``--wide`` for others.
NARROW_COLUMNS = ("town_code", "town", "ecs_entitlement", "ecs_per_resident_student", "ecs_pct_change", "alliance_district_grant")
_DERIVED = {
    "ecs_per_resident_student": ("ecs_entitlement", "ecs_resident_students"),
    "ecs_per_need_student": ("ecs_entitlement", "ecs_need_students"),
}


def with_per_pupil(frame: pandas.DataFrame) -> pandas.DataFrame:
    """The run's table with the ECS entitlement per resident and per need student, and its percent change from the
    prior year's entitlement, after the entitlement (where the year has the counts and the prior year)."""
    frame = frame.copy()
    position = frame.columns.get_loc("ecs_entitlement") + 1
    for name, values in reversed(_derived(frame).items()):
        frame.insert(position, name, values)
    return frame


def _derived(table) -> dict:
    """The derived columns of a table, or of a statewide total (a dict): ratios of the (summed) columns."""
    values = {}
    for name, (numerator, denominator) in _DERIVED.items():
        if numerator in table and denominator in table:
            values[name] = ratio(table[numerator], table[denominator])
    if "ecs_prior_year_entitlement" in table:
        values["ecs_pct_change"] = ratio(numpy.asarray(table["ecs_entitlement"]) - numpy.asarray(table["ecs_prior_year_entitlement"]), table["ecs_prior_year_entitlement"]) * 100
    return values


def _is_summed(system, name: str) -> bool:
    variable = system.get_variable(name)
    return variable.unit in ("currency-USD", "student") and name not in _CENTS


def statewide_total(frame: pandas.DataFrame, system) -> dict:
    """Sums of the money and student columns (exact: float64 whole dollars); per-pupil and percent columns of the sums."""
    total = {
        name: frame[name].sum() for name in frame.columns if name not in ("town", "town_code") and name not in DERIVED_UNITS and _is_summed(system, name)
    }
    derived = {name: float(value) for name, value in _derived(total).items() if name in frame}
    return {name: (derived[name] if name in derived else total[name]) for name in frame.columns if name in total or name in derived}


def _plain(value, unit):
    """A JSON/CSV-friendly number: whole dollars as int, others rounded to their kept decimals; NaN as None."""
    if isinstance(value, (bool, numpy.bool_)):
        return bool(value)
    if value is None or value != value:
        return None
    if unit == "currency-USD":
        return int(round(float(value)))
    if isinstance(value, (numpy.integer, int)):
        return int(value)
    decimals = _DECIMALS.get(unit)
    return round(float(value), decimals) if decimals is not None else float(value)


def units(frame, system) -> dict:
    """Each column's display unit: the variable's unit ("cents" for money kept to the cent, "percent")."""
    result = {name: (None if name == "town" else DERIVED_UNITS.get(name) or system.get_variable(name).unit) for name in frame.columns}
    return {name: ("cents" if name in _CENTS else unit) for name, unit in result.items()}


def render(frame: pandas.DataFrame, system, fmt: str, metadata: dict, columns=None, files=()):
    """The table as ``table`` (aligned text: ``columns`` as :func:`table_columns`), ``csv`` (with a TOTAL row) or
    ``json`` text, or the bytes of the ``xlsx`` workbook (``files``: the data files for its Sources sheet)."""
    unit_of = units(frame, system)
    total = statewide_total(frame, system)
    if fmt == "xlsx":
        notes = [f"{key}: {value}" for key, value in metadata.items() if key not in ("fiscal_year", "period_convention", "package_version", "command", "data", "data_sha256")]
        notes.append("ecs_per_resident_student, ecs_per_need_student: the ECS entitlement over the year's ECS resident and need students (C.G.S. 10-262f); "
                     "ecs_pct_change: its change from the prior year's entitlement, percent; statewide: of the statewide sums.")
        return xlsx.workbook(workbooks.run_sheets(frame, total, column_kinds(frame, system), metadata, list(files), notes))
    rows = [{name: (value if name == "town" else _plain(value, unit_of[name])) for name, value in row.items()} for row in frame.to_dict("records")]
    total_row = {name: _plain(value, unit_of[name]) for name, value in total.items()}
    if fmt == "json":
        return json.dumps({**metadata, "towns": rows, "statewide_total": total_row}, indent=2) + "\n"
    table = pandas.DataFrame(rows + [{"town": "TOTAL", **total_row}], columns=frame.columns)
    table["town_code"] = table["town_code"].astype("Int64")
    if fmt == "csv":
        return csv_text(table)
    shown = table[table_columns(frame, columns)]
    text = pandas.DataFrame({name: shown[name].map(_text_formatter(unit_of[name])) if name != "town" else shown[name] for name in shown})
    lines = [f"# {key}: {value}" for key, value in metadata.items()]
    hidden = len(frame.columns) - len(shown.columns)
    if hidden:
        lines.append(f"# {hidden} more columns: --wide, or --columns NAME,... (the CSV's names); every column: --format csv, json or xlsx")
    return "\n".join(lines) + "\n" + text.to_string(index=False) + "\n"


def table_columns(frame: pandas.DataFrame, columns=None) -> list:
    """The table's columns: the narrow default (None), every one ("all"), or those named (town first)."""
    if columns is None:
        return [name for name in NARROW_COLUMNS if name in frame]
    if columns == "all":
        return list(frame.columns)
    unknown = [name for name in columns if name not in frame]
    if unknown:
        raise InputDataError(f"--columns: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(frame.columns)}.")
    return ["town"] + [name for name in columns if name != "town"]


def column_kinds(frame: pandas.DataFrame, system) -> dict:
    """The workbook's number format of each column (see :mod:`openfisca_ct_education.reports.xlsx`)."""
    kinds = {"currency-USD": "dollars", "cents": "per-pupil", "percent": "percent", "student": "students"}
    return {name: kinds[unit] for name, unit in units(frame, system).items() if unit in kinds}


def _text_formatter(unit):
    decimals = _DECIMALS.get(unit)
    if unit == "currency-USD":
        return lambda value: "" if pandas.isna(value) else f"{int(value):,}"
    if unit == "percent":
        return lambda value: "" if pandas.isna(value) else f"{value:+.2f}%"
    if decimals is not None:
        return lambda value: "" if pandas.isna(value) else f"{value:,.{decimals}f}"
    return lambda value: "" if pandas.isna(value) else str(value) if isinstance(value, (bool, numpy.bool_)) else str(int(value)) if float(value).is_integer() else str(value)
