"""The formula-inputs CSV as a pandera schema, and pandera's findings as one message naming file, row and column.

:func:`formula_inputs_schema` turns the declarations of :data:`inputs.FORMULA_INPUT_COLUMNS` into a
``pandera.DataFrameSchema`` (numbers finite, at least their minimum, whole where they count,
flags 0/1, names not empty, the year of the run, Connecticut's town codes once each, every town
present). :func:`validate` runs it on all rows at once and raises one
:class:`~openfisca_ct_education.errors.InputDataError`: the first problem in reading order (column
order, then row), said as before, and how many more there are.
"""

from __future__ import annotations

import numpy
import pandas
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from openfisca_ct_education.errors import InputDataError

# Order in which problems are reported: a column's own values, then the year, then the towns.
_RANK = {"not_nullable": 0, "finite": 0, "not_empty": 0, "minimum": 1, "whole_number": 2, "flag": 3}


def _finite(series):
    return series.isna() | numpy.isfinite(series.astype(float))


def _whole(series):
    return series.isna() | ~numpy.isfinite(series) | (series == numpy.floor(series))


def column_schema(column) -> pa.Column:
    """The pandera column of one declared column (numbers already parsed as float64, NaN where not a number)."""
    if column.kind in ("str", "vintage"):
        checks = [pa.Check(lambda s: s != "", name="not_empty")] if column.kind == "str" else []
        return pa.Column(str, checks=checks, nullable=False)
    checks = [pa.Check(_finite, name="finite")]
    if column.minimum is not None:
        checks.append(pa.Check(lambda s, m=column.minimum: s.isna() | (s >= m) | ~numpy.isfinite(s), name="minimum"))
    if column.kind in ("int", "flag"):
        checks.append(pa.Check(_whole, name="whole_number"))
    if column.kind == "flag":
        checks.append(pa.Check(lambda s: s.isna() | s.isin([0, 1]) | (s != numpy.floor(s)), name="flag"))
    return pa.Column("float64", checks=checks, nullable=False)


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
        ],
        strict=False,
        coerce=False,
    )


def validate(frame, raw, schema, path, columns, year: int, towns: pandas.Series) -> None:
    """Raise :class:`InputDataError` on the first problem pandera finds in ``frame`` (``raw`` = its text cells)."""
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        problems = _problems(errors.failure_cases, frame, raw, path, columns, year, towns)
        first = problems[0][1]
        more = len(problems) - 1
        raise InputDataError(first + (f" ({more} more problem(s) in the file.)" if more else "")) from None


def _problems(cases, frame, raw, path, columns, year, towns):
    declared = {column.name: (rank, column) for rank, column in enumerate(columns)}
    problems = []
    for case in cases.itertuples(index=False):
        check = str(case.check).split("(")[0]
        row = None if pandas.isna(case.index) else int(case.index)
        if check == "missing_towns":
            missing = towns.index.difference(frame["town_code"])
            names = ", ".join(towns[missing][:5]) + (" ..." if len(missing) > 5 else "")
            message = (
                f"{path}: {len(missing)} town(s) missing ({names}). The ECS formula takes statewide "
                f"medians over all {len(towns)} towns, so every town must be present."
            )
            problems.append(((4, 0, 0, 0), message))
        elif check in ("known_town_code", "town_name", "duplicate_town"):
            if row is None:
                continue
            code, name = frame["town_code"][row], frame["town"][row]
            if check == "known_town_code":
                message = f"{path}, row {row + 2}, column 'town_code': unknown town code {code:g} (Connecticut towns are 1-{len(towns)})."
            elif check == "town_name":
                message = f"{path}, row {row + 2}: town code {code:g} is {towns[code]}, not {name!r}."
            else:
                message = f"{path}, row {row + 2}: town {name} (code {code:g}) appears twice."
            problems.append(((2 if check != "duplicate_town" else 3, 0, 0, row), message))
        elif case.column in declared and row is not None:
            rank, column = declared[case.column]
            problems.append(((1 if check == "fiscal_year" else 0, rank, _RANK.get(check, 4), row), _column_message(check, column, frame, raw, row, path, year)))
    problems = sorted({message: key for key, message in problems}.items(), key=lambda item: item[1])
    return [(key, message) for message, key in problems]


def _column_message(check, column, frame, raw, row, path, year) -> str:
    where = f"{path}, row {row + 2}, column '{column.name}'"
    value = frame[column.name][row]
    if check in ("not_nullable", "finite"):
        if column.kind == "str":
            return f"{where}: empty ({column.meaning})."
        return f"{where}: {raw[column.name][row]!r} is not a finite number ({column.meaning})."
    if check == "not_empty":
        return f"{where}: empty ({column.meaning})."
    if check == "minimum":
        less = "negative" if column.minimum == 0 else "less"
        return f"{where}: {value:g} is below {column.minimum:g} ({column.meaning} cannot be {less})."
    if check == "whole_number":
        return f"{where}: {value:g} is not a whole number."
    if check == "flag":
        return f"{where}: {value:g} must be 0 or 1."
    if check == "fiscal_year":
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
