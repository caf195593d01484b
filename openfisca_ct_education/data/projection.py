"""Formula inputs for a fiscal year without inputs of record (FY2028-FY2034): projected by a named assumption.

The default assumption holds the latest year's inputs constant (counts, grand list, income,
designations). An assumptions file (YAML) gives a growth rate per input column, constant or per year::

    # growth per fiscal year, compounded from the base year's inputs (0.02 = +2% a year)
    resident_students: -0.005
    engl_avg: {2028: 0.04, 2029: 0.03, 2030: 0.03}   # a year not listed grows 0
    mhi: 0.025

A column not listed is held constant. Only the columns below may grow; an unknown column, a rate
that is not a number (or is -100% or less), or a year outside the projection years is an error
naming the file, the key and the year.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas

from openfisca_ct_education.data.mapping_file import read_mapping
from openfisca_ct_education.data.inputs import PROJECTION_YEARS, FormulaInputs, trusted
from openfisca_ct_education.errors import InputDataError

#: Columns a growth rate may apply to (counts and money; ranks, flags, grades and the base grant stay).
GROWING_COLUMNS = ("resident_students", "frpl_count", "ell_count", "engl_avg", "population", "mhi", "rsd_students", "endowed_students")


@dataclasses.dataclass(frozen=True)
class Assumptions:
    """Growth rates: column -> {fiscal year: rate}; and where they come from."""

    rates: dict
    source: str = "no growth"

    def rate(self, column: str, year: int) -> float:
        return self.rates.get(column, {}).get(year, 0.0)

    def describe(self) -> str:
        if not self.rates:
            return "held constant"
        return f"grown by the rates of {self.source} ({', '.join(sorted(self.rates))}; other columns held constant)"


HELD_CONSTANT = Assumptions({})


def read_assumptions(path) -> Assumptions:
    """The growth rates of an assumptions YAML file (see the module docstring), checked."""
    path = Path(path)
    content = read_mapping(path, "assumptions file of input columns to growth rates (e.g. 'mhi: 0.025')", typed=True)
    rates = {}
    for column, value in content.items():
        if column not in GROWING_COLUMNS:
            raise InputDataError(f"{path}, key '{column}': not an input column a growth rate applies to (one of {', '.join(GROWING_COLUMNS)}).")
        by_year = value if isinstance(value, dict) else {year: value for year in PROJECTION_YEARS}
        rates[column] = {}
        for year, rate in by_year.items():
            if not isinstance(year, int) or year not in PROJECTION_YEARS:
                raise InputDataError(
                    f"{path}, key '{column}': {year!r} is not a projected fiscal year (FY{PROJECTION_YEARS[0]}-FY{PROJECTION_YEARS[-1]})."
                )
            if isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate != rate or abs(rate) == float("inf") or rate <= -1:
                raise InputDataError(f"{path}, key '{column}', FY{year}: {rate!r} is not a growth rate (a number above -1, e.g. 0.02 for +2%).")
            rates[column][year] = float(rate)
    return Assumptions(rates, path.name)


def project(base: FormulaInputs, year: int, assumptions: Assumptions = HELD_CONSTANT) -> FormulaInputs:
    """``base``'s inputs carried to fiscal ``year``: each growing column compounded year by year from the base year."""
    frame = base.frame.copy()
    frame["fiscal_year"] = year
    for column in assumptions.rates:
        factor = 1.0
        for step in range(base.year + 1, year + 1):
            factor *= 1.0 + assumptions.rate(column, step)
        frame[column] = frame[column] * factor  # not rounded: the formula rounds its own steps (need students, factors)
    if assumptions.rates:
        frame = _keep_counts_consistent(frame)
    projected = FormulaInputs(
        year=year,
        frame=frame,
        source=base.source,
        sha256=base.sha256,
        projection=f"the FY{base.year} inputs ({base.source.name}) {assumptions.describe()}",
    )
    # Growth factors are positive and the counts kept consistent: what the base passed, the projection passes.
    return trusted(projected) if base.checked_digest is not None else projected


def _keep_counts_consistent(frame: pandas.DataFrame) -> pandas.DataFrame:
    """Low-income students and English learners cannot outgrow the resident students they are part of."""
    for column in ("frpl_count", "ell_count"):
        frame[column] = frame[column].where(frame[column] <= frame["resident_students"], frame["resident_students"])
    return frame
