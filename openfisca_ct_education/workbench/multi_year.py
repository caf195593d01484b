"""The workbench over a window of fiscal years: current law and each scenario chained year to year.

Each scenario (and current law) is run as a chain (:mod:`openfisca_ct_education.engine.years`) from
the window's first formula year, so a bill edit dated in the window changes that year and every later
year through the prior-year entitlement. Per year the comparison is the one-year comparison of
:mod:`openfisca_ct_education.workbench.compare`; over the window, statewide totals per year and
scenario and the cumulative difference.
"""

from __future__ import annotations

import dataclasses

import pandas

from openfisca_ct_education.data.inputs import FORMULA_YEARS
from openfisca_ct_education.data.projection import HELD_CONSTANT
from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.engine.years import run_years
from openfisca_ct_education.workbench.compare import BASELINE, BOARD_TOTAL, compare

#: Statewide figures followed year by year (the entitlement, and what the boards of education are paid).
FOLLOWED = ("ecs_entitlement", BOARD_TOTAL)


@dataclasses.dataclass
class YearsComparison:
    years: list
    sources: dict  # year -> YearSource (current law's; every scenario has the same inputs)
    scenarios: list
    by_year: dict  # year -> Comparison
    statewide: pandas.DataFrame  # fiscal_year, status, variable, scenario, baseline, value, difference, cumulative_difference

    def cumulative(self) -> pandas.DataFrame:
        """Per variable and scenario: the window's totals and their difference."""
        grouped = self.statewide.groupby(["variable", "scenario"], sort=False)[["baseline", "value", "difference"]].sum()
        return grouped.reset_index().assign(window=f"FY{self.years[0]}-FY{self.years[-1]}")


def default_chain_start(years) -> int | None:
    """A window is chained from its first formula year (a bill dated in it carries to the later years)."""
    first = max(min(years), FORMULA_YEARS[0])
    return first if first <= max(years) else None


def compare_years(years, scenario_list, *, chain_from=None, data=None, projection=HELD_CONSTANT, as_if_in_force=False) -> YearsComparison:
    years = list(years)
    chain_from = chain_from if chain_from is not None else default_chain_start(years)
    systems = {BASELINE: current_law()} | {scenario.name: scenario.system(years[0], as_if_in_force) for scenario in scenario_list}
    runs = {
        label: run_years(years, chain_from=chain_from, data=data, projection=projection, tax_benefit_system=system)
        for label, system in systems.items()
    }
    by_year = {
        year: compare(year, scenario_list, as_if_in_force=as_if_in_force, simulations={label: run.simulations[year] for label, run in runs.items()}, years=years)
        for year in years
    }
    sources = runs[BASELINE].sources
    rows = []
    for year in years:
        statewide = by_year[year].statewide
        status = sources[year].metadata()["status"]
        for row in statewide[statewide["variable"].isin(FOLLOWED)].to_dict("records"):
            row.pop("unit", None)  # both followed figures are dollars
            rows.append({"fiscal_year": year, "status": status, "prior_year": sources[year].prior, **row})
    statewide = pandas.DataFrame(rows)
    statewide["cumulative_difference"] = statewide.groupby(["variable", "scenario"], sort=False)["difference"].cumsum()
    return YearsComparison(years, sources, list(scenario_list), by_year, statewide)

