"""Where each input of a simulation built by :func:`~openfisca_ct_education.engine.simulation.build_simulation` came from.

An input is a file, a column, a town's row and a data vintage: the formula-inputs CSV (one column per
variable, see :data:`~openfisca_ct_education.data.inputs.FORMULA_INPUT_COLUMNS`; its
``ecs_entitlement_prior_year`` column is the previous year's entitlement), the published history of
entitlements (every earlier fiscal year, and the year itself in a year of record), or the CSDE district
files (accountability index, EdSight enrollment).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from openfisca_ct_education.data.inputs import (
    DATA_DIR,
    ENROLLMENT_COLUMNS,
    FORMULA_INPUT_COLUMNS,
    SHIPPED_ACCOUNTABILITY_INDEX,
    SHIPPED_COMPENSATORY_APPLICANTS,
    SHIPPED_ENROLLMENT,
    SHIPPED_ENTITLEMENT_HISTORY,
    FormulaInputs,
    file_sha256,
)

#: District variables and the CSDE file and column each is read from.
DISTRICT_SOURCES = {"accountability_index": (SHIPPED_ACCOUNTABILITY_INDEX, "accountability_index")} | {
    variable: (SHIPPED_ENROLLMENT, column) for column, variable in ENROLLMENT_COLUMNS.items()
}

#: The column giving the data vintage of each value column (others are of the file's fiscal year).
VINTAGE_COLUMNS = {
    "resident_students": "count_date",
    "frpl_count": "count_date",
    "ell_count": "count_date",
    "engl_avg": "engl_grand_list_years",
    "population": "population_year",
    "mhi": "mhi_year",
}


@dataclasses.dataclass(frozen=True)
class DataSources:
    """The files a simulation was built from, able to say where any input value came from."""

    inputs: FormulaInputs | None
    year: int
    history_path: Path = SHIPPED_ENTITLEMENT_HISTORY

    @functools.cached_property
    def history_sha256(self) -> str:
        return file_sha256(self.history_path)

    def files(self) -> list[dict]:
        """The data files with their sha256, for an audit to be reproduced."""
        files = []
        if self.inputs is not None:
            files.append({"role": "formula inputs", "file": self.inputs.source.name, "sha256": self.inputs.sha256, "fiscal_year": self.inputs.year})
        files.append({"role": "published entitlement history", "file": Path(self.history_path).name, "sha256": self.history_sha256})
        for role, path in (
            ("accountability index", SHIPPED_ACCOUNTABILITY_INDEX),
            ("district enrollment", SHIPPED_ENROLLMENT),
            ("compensatory education applicants (C.G.S. 10-262k)", SHIPPED_COMPENSATORY_APPLICANTS),
        ):
            files.append({"role": role, "file": path.name, "sha256": file_sha256(path)})
        return files

    def source(self, variable: str, period: str, town_code: int) -> dict | None:
        """Where the input ``variable`` for ``period`` of town ``town_code`` was read from; None if unknown."""
        year = self.year
        if variable in DISTRICT_SOURCES and period.isdigit():
            path, column = DISTRICT_SOURCES[variable]
            return {
                "file": path.name,
                "sha256": file_sha256(path),
                "column": column,
                "town_code": int(town_code),
                "fiscal_year": int(period),
                "vintage": f"school year ending June 30, {period} (CSDE)",
            }
        if variable == "compensatory_education_grant_applied" and period.isdigit():
            return {
                "file": SHIPPED_COMPENSATORY_APPLICANTS.name,
                "sha256": file_sha256(SHIPPED_COMPENSATORY_APPLICANTS),
                "column": "town_code",
                "town_code": int(town_code),
                "fiscal_year": int(period),
                "vintage": f"CSDE FY{period} ECS payment list (listed towns applied; others did not)",
            }
        if self.inputs is None:
            if variable == "town_code" or (variable == "ecs_entitlement" and period.isdigit() and int(period) <= year):
                return self._history(period, town_code)
            return None
        if variable == "ecs_entitlement" and period.isdigit() and int(period) < year:
            if int(period) == year - 1:
                return self._column("ecs_entitlement_prior_year", town_code, f"FY{period} entitlement of record")
            return self._history(period, town_code)
        for column in FORMULA_INPUT_COLUMNS:
            if column.variable == variable and (period == str(year) or variable == "town_code"):
                return self._column(column.name, town_code, None)
        return None

    def _history(self, period: str, town_code: int) -> dict:
        return {
            "file": Path(self.history_path).name,
            "sha256": self.history_sha256,
            "column": "town_code" if not period.isdigit() else "ecs_entitlement",
            "town_code": int(town_code),
            "fiscal_year": int(period) if period.isdigit() else None,
            "vintage": f"published FY{period} entitlement (CSDE)" if period.isdigit() else "CSDE town codes",
        }

    def _column(self, name: str, town_code: int, vintage: str | None) -> dict:
        frame = self.inputs.frame
        row = frame[frame["town_code"] == town_code].iloc[0]
        if vintage is None:
            vintage_column = VINTAGE_COLUMNS.get(name)
            vintage = f"{vintage_column} {row[vintage_column]}" if vintage_column else f"fiscal_year {self.inputs.year}"
        return {
            "file": self.inputs.source.name,
            "sha256": self.inputs.sha256,
            "column": name,
            "town_code": int(town_code),
            "fiscal_year": self.inputs.year,
            "vintage": vintage,
        }


def recorded_vintages(readme: Path = DATA_DIR / "README.md") -> dict[str, tuple[str, str]]:
    """Shipped file name -> (its vintage, its sha256), as the data README's tables record them
    (``| file | what | vintage | sha256 |``)."""
    rows = re.findall(r"^\|\s*`([^`]+)`\s*\|.*\|\s*([^|]+?)\s*\|\s*`([0-9a-f]{64})`\s*\|\s*$", readme.read_text(encoding="utf-8"), re.M)
    return {name: (vintage, digest) for name, vintage, digest in rows}


def files_with_vintage(files: list[dict]) -> list[dict]:
    """:meth:`DataSources.files` with each file's vintage: a shipped file's from the data README (same name and
    hash), any other file's is its fiscal year, as given by the user."""
    recorded = recorded_vintages()
    result = []
    for item in files:
        vintage, digest = recorded.get(item["file"], ("", ""))
        if digest != item["sha256"]:
            vintage = f"FY{item['fiscal_year']} (a file given by the user)" if item.get("fiscal_year") else "a file given by the user"
        result.append({**item, "vintage": vintage})
    return result
