"""Where each input of a simulation built by :func:`~openfisca_ct_education.simulation.build_simulation` came from.

An input is a file, a column, a town's row and a data vintage: the formula-inputs CSV (one column per
variable, see :data:`~openfisca_ct_education.inputs.FORMULA_INPUT_COLUMNS`; its
``ecs_entitlement_prior_year`` column is the previous year's entitlement) or the published history of
entitlements (every earlier fiscal year).
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from openfisca_ct_education.inputs import (
    FORMULA_INPUT_COLUMNS,
    SHIPPED_ENTITLEMENT_HISTORY,
    FormulaInputs,
    file_sha256,
)

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

    inputs: FormulaInputs
    history_path: Path = SHIPPED_ENTITLEMENT_HISTORY

    @functools.cached_property
    def history_sha256(self) -> str:
        return file_sha256(self.history_path)

    def files(self) -> list[dict]:
        """The data files with their sha256, for an audit to be reproduced."""
        return [
            {"role": "formula inputs", "file": self.inputs.source.name, "sha256": self.inputs.sha256, "fiscal_year": self.inputs.year},
            {"role": "published entitlement history", "file": Path(self.history_path).name, "sha256": self.history_sha256},
        ]

    def source(self, variable: str, period: str, town_code: int) -> dict | None:
        """Where the input ``variable`` for ``period`` of town ``town_code`` was read from; None if unknown."""
        year = self.inputs.year
        if variable == "ecs_entitlement" and period.isdigit() and int(period) < year:
            if int(period) == year - 1:
                return self._column("ecs_entitlement_prior_year", town_code, f"FY{period} entitlement of record")
            return {
                "file": Path(self.history_path).name,
                "sha256": self.history_sha256,
                "column": "ecs_entitlement",
                "town_code": town_code,
                "fiscal_year": int(period),
                "vintage": f"published FY{period} entitlement (CSDE)",
            }
        for column in FORMULA_INPUT_COLUMNS:
            if column.variable == variable and (period == str(year) or variable == "town_code"):
                return self._column(column.name, town_code, None)
        return None

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
