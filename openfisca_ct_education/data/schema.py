"""The formula-inputs CSV as a pandera schema, and pandera's findings as one message naming file, row and column.

:func:`formula_inputs_schema` turns the column declarations of :data:`inputs.FORMULA_INPUT_COLUMNS`
and the declaration of each variable a column feeds (:data:`openfisca_ct_education.data.admissible.ADMISSIBLE`:
least and most value, whole number, allowed text, a count that may not exceed another) into a
``pandera.DataFrameSchema`` (plus: numbers finite, flags 0/1, names not empty, the year of the run,
Connecticut's town codes once each, every town present). :func:`validate` runs it on all rows at once
and raises one :class:`~openfisca_ct_education.errors.InputDataError`: the first problem in reading
order (column order, then row), and how many more there are.
"""

from __future__ import annotations

import numpy
import pandas
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from openfisca_ct_education.data.admissible import admissible_mask, cross_field_problem, problem
from openfisca_ct_education.errors import InputDataError

# Order in which problems are reported: a column's own values, then the year, then the towns.
_RANK = {"not_nullable": 0, "finite": 0, "not_empty": 0, "admissible": 1, "whole_number": 2, "flag": 3, "at_most": 4}


def _finite(series):
    return series.isna() | numpy.isfinite(series.astype(float))


def _whole(series):
    return series.isna() | ~numpy.isfinite(series) | (series == numpy.floor(series))


def column_schema(column) -> pa.Column:
    """The pandera column of one declared column (numbers already parsed as float64, NaN where not a number).

    Its values are checked against the declaration of the variable the column feeds
    (:data:`openfisca_ct_education.data.admissible.ADMISSIBLE`), the one every door checks against.
    """
    admissible = column.admissible
    if column.kind in ("str", "vintage"):
        checks = [pa.Check(lambda s: s != "", name="not_empty")] if column.kind == "str" else []
        if admissible is not None and admissible.allowed is not None:
            checks.append(pa.Check(lambda s: (s == "") | s.isin(admissible.allowed), name="admissible"))
        return pa.Column(str, checks=checks, nullable=False)
    checks = [pa.Check(_finite, name="finite")]
    if admissible is not None:
        name = column.checked_as or column.variable
        checks.append(pa.Check(lambda s: ~numpy.isfinite(s) | admissible_mask(name, s.to_numpy()), name="admissible"))
    if column.kind in ("int", "flag") and not (admissible is not None and admissible.whole):
        checks.append(pa.Check(_whole, name="whole_number"))
    if column.kind == "flag":
        checks.append(pa.Check(lambda s: s.isna() | s.isin([0, 1]) | (s != numpy.floor(s)), name="flag"))
    return pa.Column("float64", checks=checks, nullable=False)


def _at_most_checks(columns) -> list[pa.Check]:
    """A value may not exceed another column of its row (low-income students <= resident students): one check each."""
    by_variable = {column.variable: column for column in columns if column.variable}
    checks = []
    for column in columns:
        bound = by_variable.get(column.admissible.at_most) if column.admissible is not None and column.admissible.at_most else None
        if bound is not None:
            checks.append(
                pa.Check(  # a bound that is itself not admissible is reported once, on its own column
                    lambda frame, a=column.name, b=bound.name, v=bound.variable: ~(frame[a] > frame[b])
                    | ~admissible_mask(v, frame[b].to_numpy()),
                    name=f"at_most:{column.name}:{bound.name}",
                )
            )
    return checks


def formula_inputs_schema(columns, year: int, towns: pandas.Series) -> pa.DataFrameSchema:
    """The schema of a formula-inputs table for fiscal ``year``; ``towns`` = town name by code."""
    schema = {column.name: column_schema(column) for column in columns}
    schema["fiscal_year"] = schema["fiscal_year"].set_checks(
        [*schema["fiscal_year"].checks, pa.Check(lambda s: s.isna() | (s == year), name="fiscal_year")]
    )
    known = set(towns.index)

    def known_code(frame):
        codes = frame["town_code"]
        return codes.isna() | codes.isin(known) | ~numpy.isfinite(codes)

    def name_matches(frame):
        expected = frame["town_code"].map(lambda code: towns.get(code))
        return expected.isna() | (expected == frame["town"])

    def no_duplicate(frame):
        return ~frame["town_code"].duplicated()

    def all_present(frame):
        return bool(towns.index.isin(frame["town_code"]).all())

    return pa.DataFrameSchema(
        schema,
        checks=[
            pa.Check(known_code, name="known_town_code"),
            pa.Check(name_matches, name="town_name"),
            pa.Check(no_duplicate, name="duplicate_town"),
            pa.Check(all_present, name="missing_towns"),
            *_at_most_checks(columns),
        ],
        strict=False,
        coerce=False,
    )


def validate(frame, raw, schema, path, columns, year: int, towns: pandas.Series) -> None:
    """Raise :class:`InputDataError` on the first problem pandera finds in ``frame`` (``raw`` = its text cells)."""
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        first, count = _first_problem(errors.failure_cases, frame, raw, path, columns, year, towns)
        more = count - 1
        raise InputDataError(first + (f" ({more} more problem(s) in the file.)" if more else "")) from None


def _first_problem(cases, frame, raw, path, columns, year, towns) -> tuple[str, int]:
    """The message of the first problem in reading order, and how many distinct problems there are.

    Vectorised over pandera's failure cases (a file of many bad cells is sorted, not looped over):
    only the first problem is put into words.
    """
    declared = {column.name: rank for rank, column in enumerate(columns)}
    check = cases["check"].astype(str).str.split("(").str[0]
    kind = check.str.split(":").str[0]
    row = pandas.to_numeric(cases["index"], errors="coerce")
    column = cases["column"].where(cases["column"].notna(), "").astype(str)
    at_most = kind == "at_most"
    column = column.where(~at_most, check.str.split(":").str[1])
    frame_wide = kind.isin(["known_town_code", "town_name", "duplicate_town"])
    keys = pandas.DataFrame(
        {
            "group": numpy.select(
                [kind == "missing_towns", frame_wide & (kind != "duplicate_town"), kind == "duplicate_town", kind == "fiscal_year"],
                [4, 2, 3, 1],
                0,
            ),
            "rank": column.map(declared).fillna(0).astype(int).where(~frame_wide, 0),
            "check_rank": kind.map(_RANK).fillna(5).astype(int).where(~frame_wide, 0),
            "row": row.fillna(-1).astype(int),
            "check": check,
            "column": column,
        }
    )
    keys.loc[frame_wide.to_numpy(), "column"] = ""  # a check of the whole row: one problem per row, not per column
    useful = (kind == "missing_towns") | (row.notna() & (frame_wide | column.isin(declared)))
    keys = keys[useful.to_numpy()].drop_duplicates(["group", "check", "column", "row"])
    keys = keys.sort_values(["group", "rank", "check_rank", "row"], kind="stable")
    first = keys.iloc[0]
    message = _message(first["check"], first["column"], int(first["row"]), frame, raw, path, columns, year, towns)
    return message, len(keys)


def _message(check, column_name, row, frame, raw, path, columns, year, towns) -> str:
    kind = check.split(":")[0]
    if kind == "missing_towns":
        missing = towns.index.difference(frame["town_code"])
        names = ", ".join(towns[missing][:5]) + (" ..." if len(missing) > 5 else "")
        return (
            f"{path}: {len(missing)} town(s) missing ({names}). The ECS formula takes statewide "
            f"medians over all {len(towns)} towns, so every town must be present."
        )
    if kind in ("known_town_code", "town_name", "duplicate_town"):
        code, name = frame["town_code"][row], frame["town"][row]
        if kind == "known_town_code":
            return f"{path}, row {row + 2}, column 'town_code': unknown town code {code:g} (Connecticut towns are 1-{len(towns)})."
        if kind == "town_name":
            return f"{path}, row {row + 2}: town code {code:g} is {towns[code]}, not {name!r}."
        return f"{path}, row {row + 2}: town {name} (code {code:g}) appears twice."
    by_name = {column.name: column for column in columns}
    return _column_message(kind, check, by_name[column_name], frame, raw, row, path, year)


def _column_message(kind, check, column, frame, raw, row, path, year) -> str:
    town = raw["town"][row].strip() if "town" in raw and column.name != "town" else ""
    where = f"{path}, row {row + 2}, column '{column.name}'" + (f" ({town})" if town else "")
    value = frame[column.name][row]
    if kind in ("not_nullable", "finite"):
        if column.kind == "str":
            return f"{where}: empty ({column.meaning})."
        return f"{where}: {raw[column.name][row]!r} is not a finite number ({column.meaning})."
    if kind == "not_empty":
        return f"{where}: empty ({column.meaning})."
    if kind == "admissible":
        return f"{where}: {problem(column.checked_as or column.variable, value)}."
    if kind == "at_most":
        bound = check.split(":")[2]
        return f"{where}: {cross_field_problem(column.checked_as or column.variable, value, frame[bound][row], repr(bound))}."
    if kind == "whole_number":
        return f"{where}: {value:g} is not a whole number."
    if kind == "flag":
        return f"{where}: {value:g} must be 0 or 1."
    if kind == "fiscal_year":
        return f"{where}: {value:g} but the run is for FY{year}: each fiscal year uses its own inputs."
    return f"{where}: {value!r} fails the check {check}."


def _non_negative(series):
    return series.isna() | (series >= 0)


#: The published entitlements (ecs_entitlements_by_town_*.csv): whole, non-negative dollars by town and year.
HISTORY_SCHEMA = pa.DataFrameSchema(
    {
        "town_code": pa.Column(int, pa.Check.in_range(1, 169), nullable=False),
        "fiscal_year": pa.Column(int, pa.Check.in_range(1990, 2100), nullable=False),
        "ecs_entitlement": pa.Column(float, [pa.Check(_finite, name="finite"), pa.Check(_non_negative, name="minimum")], nullable=False, coerce=True),
    },
    unique=["town_code", "fiscal_year"],
)

#: Counts and scores of a CSDE district file: non-negative where given (a blank is "not reported").
DISTRICT_MEASURES = ("accountability_index", "enrollment_total", "n_ell", "n_free_lunch", "n_reduced_lunch", "n_frpl", "n_sped")

#: A CSDE district file (accountability index, enrollment): a district code and year on every row, no negative measure.
DISTRICT_SCHEMA = pa.DataFrameSchema(
    {
        "district_code": pa.Column(int, pa.Check.ge(0), nullable=False),
        "fiscal_year": pa.Column(int, pa.Check.in_range(1990, 2100), nullable=False),
        **{
            name: pa.Column(float, [pa.Check(_finite, name="finite"), pa.Check(_non_negative, name="minimum")], nullable=True, required=False, coerce=True)
            for name in DISTRICT_MEASURES
        },
    },
)


def validate_table(frame: pandas.DataFrame, table_schema: pa.DataFrameSchema, path) -> pandas.DataFrame:
    """``frame`` checked against ``table_schema``; else an :class:`InputDataError` naming the file, row and column."""
    try:
        return table_schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        case = cases.iloc[0]
        row = "" if pandas.isna(case["index"]) else f", row {int(case['index']) + 2}"
        column = "" if case["column"] is None or pandas.isna(case["column"]) else f", column '{case['column']}'"
        more = f" ({len(cases) - 1} more problem(s) in the file.)" if len(cases) > 1 else ""
        raise InputDataError(f"{path}{row}{column}: {case['failure_case']!r} fails the check {case['check']}.{more}") from None
