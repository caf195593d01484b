"""Reading and checking the data the model runs on: the ECS formula inputs and the published history.

Every column of a formula-inputs CSV (the columns of the shipped
``ecs_formula_inputs_fy2026.csv``) is declared once in :data:`FORMULA_INPUT_COLUMNS`, with the
variable it feeds and the values it may take. A file that does not fit stops with an
:class:`~openfisca_ct_education.errors.InputDataError` naming the file, the row, the column or the
year: never a silently wrong number.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import functools
import hashlib
import io
from pathlib import Path

import numpy
import pandas

from openfisca_ct_education.data import file_cache
from openfisca_ct_education.data.admissible import ADMISSIBLE, TOWNS, Admissible, admissible_mask, problem
from openfisca_ct_education.data.user_text import read_text_and_bytes
from openfisca_ct_education.errors import InputDataError

DATA_DIR = Path(__file__).resolve().parent
#: The state's formula inputs of every formula year of record (its own per-year worksheets).
SHIPPED_FORMULA_INPUTS = {year: DATA_DIR / f"ecs_formula_inputs_fy{year}.csv" for year in range(2019, 2028)}
#: The FY2027 entitlements as estimated when the FY2026-27 budget passed (no published FY2027 figures yet).
SHIPPED_ENTITLEMENT_ESTIMATE = DATA_DIR / "ecs_entitlements_by_town_fy2027_estimate.csv"
SHIPPED_ENTITLEMENT_HISTORY = DATA_DIR / "ecs_entitlements_by_town_fy2001_2026.csv"
SHIPPED_ACCOUNTABILITY_INDEX = DATA_DIR / "accountability_index_2024_25.csv"
SHIPPED_ENROLLMENT = DATA_DIR / "district_enrollment_fy2008_2026.csv"
SHIPPED_DESIGNATIONS = DATA_DIR / "district_designations.csv"
SHIPPED_ALLIANCE_REPORT_FIGURES = DATA_DIR / "alliance_report_figures.csv"
SHIPPED_COMPENSATORY_APPLICANTS = DATA_DIR / "compensatory_education_applicants.csv"

#: Fiscal years the formula of C.G.S. 10-262h covers and a formula-inputs file may be for: FY2019 to the
#: end of its phase-down schedule (FY2034, when an overfunded town reaches its fully funded grant).
FORMULA_YEARS = range(2019, 2035)
#: Formula years without inputs of record: their inputs are projected (engine/years.py).
PROJECTION_YEARS = range(max(SHIPPED_FORMULA_INPUTS) + 1, FORMULA_YEARS[-1] + 1)
#: Fiscal years run on the entitlements CSDE published (set as amounts, before the formula).
RECORD_YEARS = range(2013, FORMULA_YEARS[0])
#: Fiscal years the package can run on its shipped data: the entitlements of record from the first
#: alliance district year (C.G.S. 10-262u), the formula on the shipped inputs, then projections.
SHIPPED_YEARS = range(RECORD_YEARS[0], FORMULA_YEARS[-1] + 1)


@dataclasses.dataclass(frozen=True)
class Column:
    """A column of the formula-inputs CSV: its kind, its bounds and the variable it feeds."""

    name: str
    kind: str  # "int", "float", "flag", "str", "vintage"
    variable: str | None = None
    meaning: str = ""
    # A designation flag: checked against this designation parameter where it holds a record for the
    # year, and set as the variable's input only for a year it holds none for.
    designation: str | None = None
    #: The variable whose declaration in :data:`~openfisca_ct_education.data.admissible.ADMISSIBLE` the
    #: column's values are checked against (``variable`` if not given).
    checked_as: str | None = None

    @property
    def admissible(self) -> Admissible | None:
        """What the column's values may be: the one declaration of the variable it feeds."""
        return ADMISSIBLE.get(self.checked_as or self.variable)


FORMULA_INPUT_COLUMNS = (
    Column("town_code", "int", "town_code", "CSDE town code 1-169"),
    Column("town", "str", None, "town name (the town's id in the simulation)"),
    Column("fiscal_year", "int", None, "fiscal year the inputs are for (FY2026 = 2025-26)"),
    Column("count_date", "vintage", None, "date of the student counts"),
    Column("drg", "str", "district_reference_group", "District Reference Group"),
    Column("alliance_flag", "flag", "is_alliance_district", "alliance district (0/1)", "cgs_10_262u.alliance_districts"),
    Column("psd_flag", "flag", "is_priority_school_district", "priority school district (0/1)", "cgs_10_266p.designations"),
    Column("reform_flag", "flag", "is_educational_reform_district", "educational reform district (0/1)", "cgs_10_262u.educational_reform_districts"),
    Column("pic_rank", "int", "ecs_public_investment_community_rank", "Public Investment Community rank (0 = not ranked)"),
    Column("resident_students", "float", "ecs_resident_students", "resident students"),
    Column("frpl_count", "float", "ecs_low_income_students", "students eligible for free or reduced-price meals"),
    Column("ell_count", "float", "ecs_english_learners", "English learners"),
    Column("engl_grand_list_years", "vintage", None, "grand-list years averaged"),
    Column("engl_avg", "float", "ecs_equalized_net_grand_list", "3-year average equalized net grand list ($)"),
    Column("population_year", "vintage", None, "population vintage"),
    Column("population", "float", "ecs_population", "population"),
    Column("mhi_year", "vintage", None, "median household income vintage"),
    Column("mhi", "float", "ecs_median_household_income", "median household income ($)"),
    Column("rsd_students", "float", "ecs_regional_district_students", "students sent to a regional school district"),
    Column("rsd_grades", "float", "ecs_regional_district_grades", "grades the regional district serves"),
    Column("endowed_students", "float", "ecs_endowed_academy_students", "students sent to an endowed academy"),
    Column("endowed_grades", "float", "ecs_endowed_academy_grades", "grades the endowed academy serves"),
    Column("base_grant_fy2017", "float", "ecs_base_grant_amount", "FY2017 grant, the statutory base grant amount ($)"),
    Column("ecs_entitlement_prior_year", "float", None, "the previous fiscal year's ECS entitlement ($)", checked_as="ecs_entitlement"),
)
COLUMN_NAMES = tuple(column.name for column in FORMULA_INPUT_COLUMNS)


@dataclasses.dataclass(frozen=True)
class FormulaInputs:
    """A checked formula-inputs table for one fiscal year, one row per town, in town-code order."""

    year: int
    frame: pandas.DataFrame
    source: Path
    sha256: str
    #: For inputs projected to a year without inputs of record: the assumption, named (None: inputs of record).
    projection: str | None = None
    #: Digest of (year, frame) when the schema passed it; a frame changed since is checked again.
    checked_digest: int | None = dataclasses.field(default=None, compare=False, repr=False)


def trusted(inputs: FormulaInputs) -> FormulaInputs:
    """``inputs`` marked checked without the schema: for a projection of checked inputs (positive factors keep
    every least value), after a vectorised check of each number against its declaration (a growth rate can
    still carry a count or a grand list past its most value)."""
    frame = inputs.frame
    for column in FORMULA_INPUT_COLUMNS:
        name = column.checked_as or column.variable
        if column.admissible is None or column.kind in ("str", "vintage"):
            continue
        bad = numpy.flatnonzero(~admissible_mask(name, frame[column.name].to_numpy()))
        if len(bad):
            row = int(bad[0])
            raise InputDataError(
                f"FY{inputs.year}, {inputs.projection or inputs.source}: town {frame['town'][row]}, column "
                f"'{column.name}': {problem(name, frame[column.name][row])}."
            )
    return dataclasses.replace(inputs, checked_digest=_digest(inputs.year, inputs.frame))


def _digest(year: int, frame: pandas.DataFrame) -> int:
    return hash((year, tuple(frame.columns), int(pandas.util.hash_pandas_object(frame, index=True).sum())))


def _schema():
    """:mod:`openfisca_ct_education.data.schema`, imported when a file is checked (pandera takes ~0.5 s to load)."""
    from openfisca_ct_education.data import schema

    return schema


#: The sha256 of every data file the package ships, recorded when it was added (``sha256sum *.csv``).
SHIPPED_SHA256SUMS = DATA_DIR / "SHA256SUMS"
#: Largest data file read: a bigger one is refused before it is read, not parsed for minutes.
MAX_FILE_BYTES = file_cache.MAX_FILE_BYTES
#: Most rows of a formula-inputs table (one per town: 169), before any of them is checked.
MAX_FORMULA_INPUT_ROWS = 1_000


@functools.cache
def shipped_sha256() -> frozenset[str]:
    """The hashes recorded in ``data/SHA256SUMS``: the contents the test suite checked against their schemas."""
    lines = SHIPPED_SHA256SUMS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0] for line in lines if line.strip())


def is_shipped(path=None, sha256: str | None = None) -> bool:
    """Whether the file (or the content whose hash is ``sha256``) is one of the package's own data files.

    Judged by content, not by folder: a file whose sha256 is recorded in ``data/SHA256SUMS`` was checked
    against its schema by the test suite (tests/data/test_shipped_data.py) and is not checked again at run
    time (a ``ct-education run`` on the shipped data does not load pandera); any other file is, even one
    edited in place in the package's data folder.
    """
    return (sha256 or file_sha256(path)) in shipped_sha256()


def file_sha256(path: Path) -> str:
    return file_cache.content_sha256(path)


def check_year(year) -> int:
    """The fiscal year, if the formula covers it; else an error that says which years it covers."""
    if not isinstance(year, (int, numpy.integer)) or int(year) not in FORMULA_YEARS:
        raise InputDataError(
            f"Fiscal year {year!r} is not covered: the ECS formula of C.G.S. 10-262h is modelled "
            f"for FY{FORMULA_YEARS[0]} to FY{FORMULA_YEARS[-1]} (earlier grants were set as amounts "
            "by the legislature)."
        )
    return int(year)


def _read_text(path: Path) -> str:
    """The file's text (see :func:`_read`)."""
    return _read(path)[0]


def _read(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, str]:
    """The file's text and the sha256 of its bytes; a clear error if it cannot be read, is too big or is not UTF-8."""
    text, raw = read_text_and_bytes(path, "data file", max_bytes, lambda size: _too_big(size, max_bytes), "save the file as UTF-8 CSV")
    return text, hashlib.sha256(raw).hexdigest()


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"{'over ' if size > max_bytes else ''}{size:,} bytes, more than a data file of the package's can be "
        f"(at most {max_bytes:,} bytes; the FY2026 formula inputs of 169 towns are about 35,000): not read."
    )


def _check_rows(path, rows: int) -> None:
    if rows > MAX_FORMULA_INPUT_ROWS:
        raise InputDataError(
            f"{path}: {rows:,} rows, but a formula-inputs table has one row per town (169); at most "
            f"{MAX_FORMULA_INPUT_ROWS:,} are looked at: not checked further."
        )


def _check_header(path: Path, header: list[str], expected: tuple[str, ...]) -> None:
    unnamed = [index for index, name in enumerate(header) if not name]
    if unnamed:
        raise InputDataError(f"{path}: column {unnamed[0] + 1} of the header has no name. Expected columns: {', '.join(expected)}.")
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise InputDataError(f"{path}: duplicate column(s) {', '.join(duplicates)}.")
    missing = [name for name in expected if name not in header]
    unknown = [name for name in header if name not in expected]
    if missing or unknown:
        problems = []
        for name in missing:
            guess = difflib.get_close_matches(name, unknown, n=1)
            hint = f" (found '{guess[0]}': misspelled?)" if guess else ""
            problems.append(f"missing column '{name}'{hint}")
        problems += [
            f"unknown column '{name}'"
            for name in unknown
            if not difflib.get_close_matches(name, missing, n=1)
        ]
        raise InputDataError(f"{path}: " + "; ".join(problems) + f". Expected columns: {', '.join(expected)}.")


def _parse(raw: pandas.DataFrame) -> pandas.DataFrame:
    """The cells as the schema checks them: text stripped; numbers as float64 (NaN where not a number)."""
    frame = pandas.DataFrame(index=raw.index)
    for column in FORMULA_INPUT_COLUMNS:
        values = raw[column.name].str.strip()
        frame[column.name] = values if column.kind in ("str", "vintage") else pandas.to_numeric(values, errors="coerce").astype("float64")
    return frame


def check_formula_inputs(inputs: FormulaInputs) -> FormulaInputs:
    """A :class:`FormulaInputs` made in Python (not read by :func:`read_formula_inputs`) checked by the same schema.

    Its cells are parsed as a file's are (text "0" and "1" are flags 0 and 1, True and False too; a
    number given as text is parsed as a number) and the inputs returned hold the parsed, typed frame:
    what a simulation is built from is what was checked.
    """
    if not isinstance(inputs, FormulaInputs) or not isinstance(inputs.frame, pandas.DataFrame):
        raise InputDataError(f"Expected FormulaInputs holding a DataFrame, got {type(inputs).__name__}.")
    year = check_year(inputs.year)
    if inputs.checked_digest is not None and inputs.checked_digest == _digest(year, inputs.frame):
        return inputs
    _check_header(inputs.source, [str(name) for name in inputs.frame.columns], COLUMN_NAMES)
    _check_rows(inputs.source, len(inputs.frame))
    frame = inputs.frame.reset_index(drop=True)
    raw = pandas.DataFrame(
        {
            column.name: (frame[column.name].astype(int) if column.kind == "flag" and frame[column.name].dtype == bool else frame[column.name]).astype(str)
            for column in FORMULA_INPUT_COLUMNS
        }
    )
    parsed = _parse(raw)
    towns = connecticut_towns()
    schema = _schema()
    schema.validate(parsed, raw, schema.formula_inputs_schema(FORMULA_INPUT_COLUMNS, year, towns), inputs.source, FORMULA_INPUT_COLUMNS, year, towns)
    typed = _typed(parsed)
    return dataclasses.replace(inputs, frame=typed, checked_digest=_digest(year, typed))


def _typed(frame: pandas.DataFrame) -> pandas.DataFrame:
    """A checked frame with whole-number columns as int64, in town-code order."""
    for column in FORMULA_INPUT_COLUMNS:
        if column.kind in ("int", "flag"):
            frame[column.name] = frame[column.name].astype("int64")
    return frame.sort_values("town_code").reset_index(drop=True)


def read_formula_inputs(path=None, year: int = 2026) -> FormulaInputs:
    """Read and check a formula-inputs CSV for fiscal ``year`` (the shipped FY2026 file if no path).

    A file is read and checked once per process while it is unchanged (:mod:`file_cache`).
    """
    year = check_year(year)
    if path is None:
        if year not in SHIPPED_FORMULA_INPUTS:
            raise InputDataError(
                f"No formula inputs for FY{year} ship with the package (it ships FY"
                f"{min(SHIPPED_FORMULA_INPUTS)}-FY{max(SHIPPED_FORMULA_INPUTS)}; later years are projected): "
                "give a CSV file with the same columns for that year."
            )
        path = SHIPPED_FORMULA_INPUTS[year]
    return _read_formula_inputs(Path(path), year)


@file_cache.by_file
def _read_formula_inputs(path: Path, year: int, checked: bool = False) -> FormulaInputs:
    text, sha256 = _read(path)
    try:
        header = next(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise InputDataError(f"{path}: not a readable CSV file ({error}).") from None
    _check_header(path, [name.strip() for name in header], COLUMN_NAMES)
    _check_rows(path, text.count("\n") - 1)
    try:
        raw = pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pandas.errors.ParserError, ValueError) as error:
        raise InputDataError(f"{path}: not a readable CSV file ({error}).") from None
    raw.columns = [name.strip() for name in raw.columns]
    if raw.empty:
        raise InputDataError(f"{path}: the file has a header but no rows.")
    frame = _parse(raw)
    towns = connecticut_towns()
    if checked or not is_shipped(sha256=sha256):
        schema = _schema()
        schema.validate(
            frame, raw, schema.formula_inputs_schema(FORMULA_INPUT_COLUMNS, year, towns), path, FORMULA_INPUT_COLUMNS, year, towns
        )
    frame = _typed(frame)
    return FormulaInputs(year=year, frame=frame, source=path, sha256=sha256, checked_digest=_digest(year, frame))


def read_entitlement_estimate(path=None) -> pandas.Series:
    """The FY2027 entitlements as estimated with the budget: town code -> whole dollars."""
    return _read_entitlement_estimate(Path(path or SHIPPED_ENTITLEMENT_ESTIMATE))


@file_cache.by_file
def _read_entitlement_estimate(path: Path) -> pandas.Series:
    frame = pandas.read_csv(io.StringIO(_read_text(path)))
    missing = {"town_code", "fiscal_year", "ecs_entitlement"} - set(frame.columns)
    if missing:
        raise InputDataError(f"{path}: missing column(s) {', '.join(sorted(missing))}.")
    if len(frame) != TOWNS or frame["town_code"].duplicated().any() or frame["ecs_entitlement"].isna().any():
        raise InputDataError(f"{path}: expected one entitlement for each of the 169 towns.")
    return frame.set_index("town_code")["ecs_entitlement"].sort_index().astype("float64")


def published_entitlements(year: int) -> tuple[pandas.Series, str]:
    """The entitlements of record for ``year`` (town code -> dollars) and the file they come from.

    The published history to FY2026; for FY2027 the estimate made with the budget.
    """
    history = read_entitlement_history()
    if year in history.columns:
        return history[year], SHIPPED_ENTITLEMENT_HISTORY.name
    if year == 2027:
        return read_entitlement_estimate(), SHIPPED_ENTITLEMENT_ESTIMATE.name
    raise InputDataError(f"FY{year}: no published or estimated entitlements to compare with (FY2001-FY2026 published, FY2027 estimated).")


def connecticut_towns() -> pandas.Series:
    """The 169 towns of record: town name by CSDE town code (from the shipped published history)."""
    return _towns_of(SHIPPED_ENTITLEMENT_HISTORY)


@file_cache.by_file
def _towns_of(path: Path) -> pandas.Series:
    history = pandas.read_csv(path, usecols=["town_code", "town"])
    return history.drop_duplicates("town_code").set_index("town_code")["town"].sort_index()


def read_designations() -> pandas.DataFrame:
    """The shipped designation record (district_designations.csv): one row per town, indexed by town code."""
    return _read_designations(SHIPPED_DESIGNATIONS)


@file_cache.by_file
def _read_designations(path: Path) -> pandas.DataFrame:
    return pandas.read_csv(path).set_index("town_code")


def read_entitlement_history(path=None) -> pandas.DataFrame:
    """The published ECS entitlements: one row per town, one column per fiscal year (whole dollars)."""
    return _read_entitlement_history(Path(path or SHIPPED_ENTITLEMENT_HISTORY))


def _table(path: Path, schema_name: str, checked: bool) -> pandas.DataFrame:
    """A shipped CSV table, checked by its schema (``schema_name`` in :mod:`.schema`) unless its bytes are the shipped ones."""
    text, sha256 = _read(path)
    frame = pandas.read_csv(io.StringIO(text))
    if checked or not is_shipped(sha256=sha256):
        schema = _schema()
        frame = schema.validate_table(frame, getattr(schema, schema_name), path)
    return frame


@file_cache.by_file
def _read_entitlement_history(path: Path, checked: bool = False) -> pandas.DataFrame:
    history = _table(path, "HISTORY_SCHEMA", checked)
    table = history.pivot(index="town_code", columns="fiscal_year", values="ecs_entitlement").sort_index()
    if table.isna().any().any():
        raise InputDataError(f"{path}: a town has no published entitlement for some year.")
    return table.astype("float64")


@file_cache.by_file
def _town_district_rows(path: Path, checked: bool = False) -> pandas.DataFrame:
    """Rows of a CSDE district file for towns' local districts (district code = town code x 10000 + 11)."""
    frame = _table(path, "DISTRICT_SCHEMA", checked)
    town_districts = frame[frame["district_code"] % 10000 == 11].copy()
    town_districts["town_code"] = town_districts["district_code"] // 10000
    return town_districts


def read_accountability_index(path=None) -> pandas.DataFrame:
    """The Next Generation Accountability Index of each town's local district: town_code x fiscal_year."""
    rows = _town_district_rows(Path(path or SHIPPED_ACCOUNTABILITY_INDEX))
    return rows.pivot(index="town_code", columns="fiscal_year", values="accountability_index")


#: EdSight enrollment columns and the district variables they feed.
ENROLLMENT_COLUMNS = {
    "enrollment_total": "district_enrollment",
    "n_frpl": "district_low_income_students",
    "n_ell": "district_english_learners",
    "n_sped": "district_students_with_disabilities",
}


def read_enrollment(path=None, column: str = "enrollment_total") -> pandas.DataFrame:
    """An EdSight count (``column``) of each town's local district: town_code x fiscal_year."""
    rows = _town_district_rows(Path(path or SHIPPED_ENROLLMENT))
    return rows.pivot(index="town_code", columns="fiscal_year", values=column)


def check_shipped_data() -> None:
    """Check every shipped data file against its schema (what :func:`is_shipped` files skip at run time)."""
    for year, path in SHIPPED_FORMULA_INPUTS.items():
        _read_formula_inputs(path, year, True)
    _read_entitlement_history(SHIPPED_ENTITLEMENT_HISTORY, True)
    _read_entitlement_estimate(SHIPPED_ENTITLEMENT_ESTIMATE)
    for path in (SHIPPED_ACCOUNTABILITY_INDEX, SHIPPED_ENROLLMENT):
        _town_district_rows(path, True)


def read_compensatory_education_applicants() -> pandas.DataFrame:
    """The towns whose boards received a C.G.S. 10-262k compensatory education grant, by fiscal year (town_code, fiscal_year)."""
    return _read_applicants(SHIPPED_COMPENSATORY_APPLICANTS)


@file_cache.by_file
def _read_applicants(path: Path) -> pandas.DataFrame:
    frame = pandas.read_csv(path)
    if frame.duplicated(["town_code", "fiscal_year"]).any() or frame["town_code"].isna().any():
        raise InputDataError(f"{path}: a town is listed twice for a year, or a row has no town code.")
    return frame
