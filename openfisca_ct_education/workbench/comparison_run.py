"""One comparison as every door runs it: current law and the scenarios for a fiscal year or a window of years.

``ct-education compare`` and the web workbench's ``POST /compare`` both call :func:`run_comparison`, so a
scenario gives the same numbers and the same account of its inputs (formula, projection, chained prior
year; the data files and their hashes) whichever door it comes through.
"""

from __future__ import annotations

import dataclasses
from importlib.metadata import version

from openfisca_ct_education import PERIOD_CONVENTION
from openfisca_ct_education.data.projection import HELD_CONSTANT
from openfisca_ct_education.data.provenance import DataSources, files_with_vintage
from openfisca_ct_education.engine import years as fiscal_years
from openfisca_ct_education.workbench import compare, multi_year

APPROXIMATION = "the high-need share is a lower bound (largest of the low-income, EL and disability shares), not CSDE's unduplicated count"


@dataclasses.dataclass
class ComparisonRun:
    """A comparison (one year: :class:`compare.Comparison`; a window: :class:`multi_year.YearsComparison`) and its account."""

    comparison: object
    metadata: dict
    files: list  # the data files behind a one-year comparison, with hash and vintage (a workbook's Sources)
    source: object = None  # the YearSource of a one-year comparison

    @property
    def window(self) -> bool:
        return isinstance(self.comparison, multi_year.YearsComparison)


def run_comparison(years, scenario_list, *, as_if_in_force=False, chain_from=None, data=None, projection=HELD_CONSTANT, command=None) -> ComparisonRun:
    """Current law against ``scenario_list`` for ``years`` (one year, or a window chained year to year).

    ``command``: how the comparison was asked for (a command line, a shared link), recorded in the metadata."""
    years = list(years)
    first = years[0]
    head = {
        **({"fiscal_year": first} if len(years) == 1 else {"fiscal_years": f"{years[0]}-{years[-1]}"}),
        "period_convention": PERIOD_CONVENTION,
    }
    package = {"package_version": version("openfisca-ct-education")}
    sources = {"chain_from": chain_from, "data": data or {}, "projection": projection}
    if len(years) > 1:
        comparison = multi_year.compare_years(years, scenario_list, as_if_in_force=as_if_in_force, **sources)
        return ComparisonRun(comparison, head | _account(comparison.by_year[first], as_if_in_force, first) | package, [])
    year = first
    systems = {scenario.name: scenario.systems(year, as_if_in_force) for scenario in scenario_list}
    runs = {
        label: fiscal_years.run_years([year], tax_benefit_system=system, **sources)
        for label, system in {compare.BASELINE: None, **{name: after for name, (_, after) in systems.items()}}.items()
    }
    source = runs[compare.BASELINE].sources[year]
    simulations = {label: run.simulations[year] for label, run in runs.items()}
    comparison = compare.compare(year, scenario_list, as_if_in_force=as_if_in_force, simulations=simulations, systems=systems)
    entitlement = "computed by the ECS formula" if source.kind != "record" else "published by CSDE (entitlement of record)"
    files = files_with_vintage(DataSources(source.inputs, year).files())
    metadata = head | {"entitlement": entitlement} | _account(comparison, as_if_in_force, year) | source.output_metadata()
    metadata |= package | ({"command": command} if command else {}) | {"data": files[0]["file"], "data_sha256": files[0]["sha256"]}
    return ComparisonRun(comparison, metadata, files, source)


def _account(comparison, as_if_in_force: bool, year: int) -> dict:
    """Whether the reforms were applied as if in force (said only where a scenario has a reform with an
    effective date, :attr:`compare.Comparison.effective_dates`), and the approximation of the figures."""
    said = {}
    if comparison.effective_dates:
        said["as_if_in_force"] = (
            f"yes: the Opportunity Network reforms are applied to FY{year} as if in force (--staged keeps their effective year)"
            if as_if_in_force
            else "no: the reforms' effective fiscal year is kept (--staged)"
        )
    return said | {"approximation": APPROXIMATION}
