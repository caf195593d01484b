"""Every fiscal year of the law, FY2013-FY2034: where each year's inputs and prior-year entitlement come from.

A year's **inputs** are one of:

* ``record`` (FY2013-FY2018): the entitlement CSDE published, set as an amount (no formula);
* ``formula``: the state's formula inputs of the year (shipped for FY2019-FY2027, or the user's file);
* ``projection`` (FY2028-FY2034, the rest of the phase-down schedule of C.G.S. 10-262h): inputs
  projected by a named assumption (:mod:`openfisca_ct_education.data.projection`): by default the
  latest inputs given (FY2027's, or the user's file of a later year) held constant, or grown by an
  assumptions file; or the user's own projected-inputs file for the year (in a chained year its
  ``ecs_entitlement_prior_year`` column is not used: the chain gives the previous year).

A formula year's **prior-year entitlement** (where C.G.S. 10-262h starts the year from) is one of:

* ``published``: the previous year's published entitlement, as the state's worksheet starts from it
  (the file's ``ecs_entitlement_prior_year``); each such year is its own simulation, the same as
  ``build_simulation(year)``;
* ``chained``: from a start year S on, every year after S starts from the model's own result for the
  year before (S itself starts from the published figure). One simulation holds the whole chain and
  computes it in ascending order. Out-years are always chained (there is no published FY2027 or later):
  from FY2027 unless an earlier start is asked for. A bill edit dated S or later moves every later year.
"""

from __future__ import annotations

import dataclasses
import re

from openfisca_ct_education.data.inputs import (
    FORMULA_YEARS,
    PROJECTION_YEARS,
    RECORD_YEARS,
    SHIPPED_ENTITLEMENT_HISTORY,
    SHIPPED_FORMULA_INPUTS,
    SHIPPED_YEARS,
    FormulaInputs,
    check_year,
)
from openfisca_ct_education.data.projection import HELD_CONSTANT, Assumptions, project
from openfisca_ct_education.engine.simulation import add_formula_year, build_year, formula_inputs
from openfisca_ct_education.errors import InputDataError

#: The last year whose formula inputs are of record (shipped); out-years are chained from it by default.
LAST_SHIPPED_YEAR = max(SHIPPED_FORMULA_INPUTS)


@dataclasses.dataclass(frozen=True)
class YearSource:
    """Where one fiscal year's inputs and prior-year entitlement come from."""

    year: int
    kind: str  # "record", "formula" or "projection"
    inputs: FormulaInputs | None = None
    chain_start: int | None = None  # the chain's start year, if this year is chained

    @property
    def is_projection(self) -> bool:
        return self.kind == "projection"

    @property
    def prior(self) -> str:
        """``published``, ``chained`` or ``record``."""
        if self.kind == "record":
            return "record"
        return "chained" if self.chain_start is not None and self.year > self.chain_start else "published"

    def describe_inputs(self) -> str:
        if self.kind == "record":
            return f"entitlement of record, published by CSDE ({SHIPPED_ENTITLEMENT_HISTORY.name}); no formula"
        if self.inputs.projection:
            return f"PROJECTION: {self.inputs.projection}"
        return f"formula inputs {self.inputs.source.name} (sha256 {self.inputs.sha256[:12]}...)"

    def describe_prior(self) -> str:
        if self.prior == "record":
            return "not applicable (amount of record)"
        if self.prior == "chained":
            return (
                f"chained: the model's own FY{self.year - 1} entitlement (chain from FY{self.chain_start}, "
                f"which starts from the published FY{self.chain_start - 1} entitlement)"
            )
        return f"published: the FY{self.year - 1} entitlement of record (column ecs_entitlement_prior_year of {self.inputs.source.name})"

    @property
    def marked(self) -> bool:
        """Whether a year's outputs say how it was computed: a projection, or a year chained from the model's previous year."""
        return self.is_projection or self.prior == "chained"

    def output_metadata(self) -> dict:
        """What a year's output says about its inputs and prior year (a projection is marked as one)."""
        if self.kind == "record":
            return {}
        items = {"prior_year_entitlement": self.describe_prior()}
        if self.is_projection:
            items = {"PROJECTION": f"figures computed on projected inputs: {self.inputs.projection}", **items}
        return items

    def metadata(self) -> dict:
        return {
            "fiscal_year": self.year,
            "status": "projection" if self.is_projection else self.kind,
            "inputs": self.describe_inputs(),
            "prior_year_entitlement": self.describe_prior(),
        }


@dataclasses.dataclass
class YearRun:
    """The simulations of a window of fiscal years and where each year came from."""

    sources: dict  # year -> YearSource
    simulations: dict  # year -> the simulation holding it (one shared by a chain)

    @property
    def years(self) -> list:
        return sorted(self.sources)


def year_range(first: int, last: int) -> range:
    """The fiscal years ``first``-``last``, checked against what the package covers."""
    if first > last:
        raise InputDataError(f"Years {first}-{last}: the range starts after it ends (write the earlier year first, e.g. 2027-2030).")
    for year in (first, last):
        if year not in SHIPPED_YEARS:
            raise InputDataError(
                f"FY{year} is not covered: the package runs FY{SHIPPED_YEARS[0]}-FY{SHIPPED_YEARS[-1]} (the published "
                f"entitlements to FY{RECORD_YEARS[-1]}, the formula from FY{FORMULA_YEARS[0]}, projections to the end of "
                f"the phase-down schedule of C.G.S. 10-262h in FY{FORMULA_YEARS[-1]})."
            )
    return range(first, last + 1)


def parse_year_range(text: str) -> range:
    """``2019-2027`` (or one year ``2027``) as a checked range of fiscal years."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", str(text))
    if not match:
        raise InputDataError(f"Years {text!r}: write a range of fiscal years, e.g. 2027-2030.")
    first = int(match.group(1))
    return year_range(first, int(match.group(2) or first))


def plan(years, *, chain_from=None, data=None, projection: Assumptions = HELD_CONSTANT) -> dict:
    """Where each year of ``years`` (and of the chain that leads to it) comes from: year -> :class:`YearSource`.

    ``data`` maps a fiscal year to a formula-inputs file or :class:`FormulaInputs` (the user's own, or
    projected inputs for an out-year); ``projection`` grows the inputs of out-years without a file.
    """
    years = sorted(set(years))
    if not years:
        raise InputDataError("No fiscal year asked for: the range is empty (or starts after it ends).")
    year_range(years[0], years[-1])
    data = dict(data or {})
    for year in sorted(data):
        check_year(year)  # a formula-inputs file is for a formula year
    start = _chain_start(years, chain_from, data)
    wanted = sorted(set(years) | (set(range(start, max(years) + 1)) if start is not None else set()))
    sources, latest = {}, None
    for year in wanted:
        if year in RECORD_YEARS:
            sources[year] = YearSource(year, "record")
            continue
        if year in data or year in SHIPPED_FORMULA_INPUTS:
            inputs = formula_inputs(year, data.get(year))
            kind = "projection" if year in PROJECTION_YEARS else "formula"
            if kind == "projection" and not inputs.projection:
                inputs = dataclasses.replace(inputs, projection=f"the projected inputs of the file {inputs.source}")
            latest = inputs  # the latest inputs given (shipped or the user's): later years are projected from them
        else:
            # a projected year comes after the chain's start, a year with inputs: ``latest`` is set
            inputs, kind = project(latest, year, projection), "projection"
        chained = start if start is not None and year >= start else None
        sources[year] = YearSource(year, kind, inputs, chained)
    return sources


def _chain_start(years, chain_from, data):
    """The chain's start year: the one asked for, else FY2027 when the window reaches out-years, else none."""
    if chain_from is None:
        return LAST_SHIPPED_YEAR if max(years) > LAST_SHIPPED_YEAR else None
    if chain_from not in FORMULA_YEARS or chain_from > max(years):
        raise InputDataError(
            f"--chain-from {chain_from}: a chain starts in a formula year FY{FORMULA_YEARS[0]}-FY{max(years)} "
            "(the window's last year at the latest)."
        )
    if chain_from in PROJECTION_YEARS and chain_from not in data:
        raise InputDataError(
            f"--chain-from {chain_from}: FY{chain_from} has no published prior-year entitlement to start from; "
            f"chain from FY{LAST_SHIPPED_YEAR} or earlier."
        )
    if chain_from > min(years) and max(years) > LAST_SHIPPED_YEAR and chain_from > LAST_SHIPPED_YEAR:
        raise InputDataError(f"--chain-from {chain_from}: the out-years are chained from FY{LAST_SHIPPED_YEAR} or earlier.")
    return chain_from


def run_years(years, *, chain_from=None, data=None, projection: Assumptions = HELD_CONSTANT, tax_benefit_system=None, history=None) -> YearRun:
    """The simulations of every year of ``years`` (see the module docstring for the sources)."""
    sources = plan(years, chain_from=chain_from, data=data, projection=projection)
    simulations = {}
    chain = [source for source in sources.values() if source.chain_start is not None]
    if chain:
        simulation = _chain(chain, tax_benefit_system, history)
        simulations.update({source.year: simulation for source in chain})
    for year, source in sources.items():
        if year not in simulations:
            simulations[year] = build_year(year, source.inputs, tax_benefit_system, history)
    wanted = set(years)
    return YearRun({year: sources[year] for year in sorted(wanted)}, {year: simulations[year] for year in sorted(wanted)})


def _chain(chain, tax_benefit_system, history):
    """One simulation of the chained years: the first from its published prior year, each later one from the model's."""
    first = chain[0]
    simulation = build_year(first.year, first.inputs, tax_benefit_system, history)
    for source in chain[1:]:
        add_formula_year(simulation, source.inputs)
    for source in chain:  # ascending: each year's prior-year entitlement is already computed
        simulation.calculate("ecs_entitlement", str(source.year))
    return simulation


def chained_simulation(year, data=None, tax_benefit_system=None, history=None, *, chain_from=None, projection=HELD_CONSTANT):
    """The simulation holding fiscal ``year`` at the end of its chain (what ``build_simulation`` gives for an out-year)."""
    if isinstance(data, dict):
        by_year = data
    else:
        by_year = {year: data} if data is not None else {}
    run = run_years([year], chain_from=chain_from, data=by_year, projection=projection or HELD_CONSTANT, tax_benefit_system=tax_benefit_system, history=history)
    simulation = run.simulations[year]
    return simulation
