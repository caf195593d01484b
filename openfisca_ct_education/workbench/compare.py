"""The drafter's workbench: current law against one or more scenarios (reforms and parameter edits), for every town.

A scenario is reforms applied in order (``a+b``), then the parameter edits (``--set``, ``--parameters``).
For each scenario the comparison gives, per town, the baseline and scenario values of the grant
variables and their differences; the statewide totals; the districts entering or leaving each
designation; totals by District Reference Group.
"""

from __future__ import annotations

import dataclasses

import numpy
import pandas
from openfisca_core.errors import ParameterNotFoundError, SituationParsingError

from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.workbench.parameter_edits import ParameterEdit, edits_reform
from openfisca_ct_education.workbench.reform_loader import load_reform
from openfisca_ct_education.engine.simulation import build_simulation, current_law, has_formula_inputs

#: Town money variables compared (those the systems can compute for the year).
GRANT_VARIABLES = (
    "ecs_entitlement",
    "alliance_district_grant",
    "ecs_non_alliance_portion",
    "priority_school_district_grant",
    "extended_school_hours_grant",
    "summer_school_grant",
    "opportunity_network_consolidated_grant",
    "opportunity_network_exit_grant",
    "evidence_based_set_aside",
    "evidence_based_incentive",
)
#: What the state pays the boards of education, for the chart and the "to boards" total.
BOARD_GRANTS = (
    "alliance_district_grant",
    "priority_school_district_grant",
    "extended_school_hours_grant",
    "summer_school_grant",
    "opportunity_network_consolidated_grant",
    "opportunity_network_exit_grant",
    "evidence_based_incentive",
)
DESIGNATIONS = {
    "alliance": "is_alliance_district",
    "network": "is_opportunity_network_district",
    "intensive": "is_intensive_support_district",
    "psd": "is_priority_school_district",
}
#: Statewide figures that are not sums of towns.
STATE_VARIABLES = (
    "alliance_monitoring_meetings",
    "priority_school_district_appropriation",
    "priority_school_district_appropriation_unallocated",
    "extended_school_hours_appropriation",
    "summer_school_appropriation",
    "opportunity_network_consolidated_appropriation",
    "opportunity_network_administration_retained",
    "opportunity_network_incentive_pool",
)
BASELINE = "current law"
#: Current law's counts of the year (a formula year only), for the differences per pupil.
STUDENT_COUNTS = ("ecs_resident_students", "ecs_need_students")
#: What stands for a designation current law does not have: the network's baseline is today's alliance districts.
BASELINE_STAND_IN = {"is_opportunity_network_district": "is_alliance_district"}
AS_IF_IN_FORCE = "opportunity_network.implementation.effective_fiscal_year"


@dataclasses.dataclass(frozen=True)
class Scenario:
    name: str
    reforms: tuple = ()
    edits: tuple = ()

    def system(self, year: int, as_if_in_force: bool):
        system = current_law()
        for reform in self.reforms:
            system = reform(system)
        edits = list(self.edits)
        if as_if_in_force and AS_IF_IN_FORCE.split(".")[0] in system.parameters.children:
            edits.insert(0, ParameterEdit(AS_IF_IN_FORCE, year, f"{year - 1}-07-01"))
        return edits_reform(edits)(system) if edits else system


def scenarios(reform_groups, edits) -> list[Scenario]:
    """One scenario per ``--reform`` (``a+b`` combines), each with the edits; the edits alone if no reform."""
    edits = tuple(edits)
    if not reform_groups:
        if not edits:
            raise InputDataError("Nothing to compare: give --reform NAME (repeatable, a+b to combine) or --set / --parameters.")
        return [Scenario("parameter edits", (), edits)]
    result = []
    for group in reform_groups:
        names = [name.strip() for name in group.split("+") if name.strip()]
        if not names:
            raise InputDataError(f"--reform {group!r}: no reform named.")
        result.append(Scenario("+".join(names), tuple(load_reform(name) for name in names), edits))
    return result


def difference_column(variable: str, scenario: str) -> str:
    """The column of a scenario's difference from current law (ASCII, as every output names it)."""
    return f"{variable}|difference {scenario}"


@dataclasses.dataclass
class Comparison:
    year: int
    scenarios: list
    towns: pandas.DataFrame  # town_code, town, drg, [student counts], then <variable>|<scenario> columns (baseline = BASELINE), <variable>|difference <scenario>
    statewide: pandas.DataFrame  # variable, scenario, baseline, value, difference
    designations: pandas.DataFrame  # designation, scenario, baseline count, count, entering, leaving
    by_drg: pandas.DataFrame  # drg, variable, scenario, baseline, value, difference
    omitted: dict

    def column(self, variable: str, scenario: str) -> str:
        return f"{variable}|{scenario}"


def _values(simulation, names, year, omitted) -> dict:
    """The variables the system has and can compute for the year; those it cannot go to ``omitted``."""
    values = {}
    for name in names:
        if name not in simulation.tax_benefit_system.variables:
            continue
        try:
            values[name] = simulation.calculate(name, str(year))
        except (SituationParsingError, ParameterNotFoundError) as error:
            omitted.setdefault(name, str(getattr(error, "error", error)))
    return values


def compare(year: int, scenario_list, data=None, as_if_in_force: bool = False, simulations=None) -> Comparison:
    """Run current law and every scenario for fiscal ``year`` and compare them.

    ``simulations`` (label -> simulation holding ``year``, the baseline under :data:`BASELINE`) are used
    instead of building them: a chain of years (``workbench/multi_year.py``) is built once for all its years.
    """
    omitted = {}
    runs = simulations or {BASELINE: build_simulation(year, data)} | {
        scenario.name: build_simulation(year, data, tax_benefit_system=scenario.system(year, as_if_in_force)) for scenario in scenario_list
    }
    baseline = runs[BASELINE]
    names = GRANT_VARIABLES + tuple(DESIGNATIONS.values())
    computed = {label: _values(simulation, names, year, omitted) for label, simulation in runs.items()}
    towns = pandas.DataFrame(
        {
            "town_code": baseline.calculate("town_code", "ETERNITY"),
            "town": list(baseline.populations["town"].ids),
            "drg": _drg(baseline, year),
        }
        # the counts are inputs of a formula year: a year of record has none (never 0 students)
        | (_values(baseline, STUDENT_COUNTS, year, {}) if has_formula_inputs(year, data) else {})
    )
    for name, stand_in in BASELINE_STAND_IN.items():
        if name not in computed[BASELINE] and stand_in in computed[BASELINE]:
            computed[BASELINE][name] = computed[BASELINE][stand_in]
    # A variable a system does not have is 0 there (a grant the reform creates); one that a system has
    # but cannot compute for the year is left out of the comparison altogether, never taken as 0.
    present = [name for name in names if name not in omitted and any(name in values for values in computed.values())]
    for name in present:
        for label, values in computed.items():
            towns[f"{name}|{label}"] = values.get(name, numpy.zeros(len(towns), dtype=bool if name in DESIGNATIONS.values() else float))
    grants = [name for name in GRANT_VARIABLES if name in present]
    for name in grants:
        for scenario in scenario_list:
            towns[difference_column(name, scenario.name)] = towns[f"{name}|{scenario.name}"] - towns[f"{name}|{BASELINE}"]
    return Comparison(
        year,
        list(scenario_list),
        towns,
        _statewide(towns, grants, runs, scenario_list, year, omitted),
        _designation_changes(towns, present, scenario_list),
        _by_drg(towns, grants, scenario_list),
        omitted,
    )


def _drg(simulation, year):
    try:
        values = simulation.calculate("district_reference_group", str(year))
    except (SituationParsingError, ParameterNotFoundError):
        values = numpy.array([b""] * simulation.populations["town"].count)
    return [value.decode() if isinstance(value, bytes) else str(value) for value in values]


def _statewide(towns, grants, runs, scenario_list, year, omitted) -> pandas.DataFrame:
    rows = []
    for name in grants:
        base = towns[f"{name}|{BASELINE}"].sum()
        for scenario in scenario_list:
            value = towns[f"{name}|{scenario.name}"].sum()
            rows.append({"variable": name, "scenario": scenario.name, "baseline": base, "value": value, "difference": value - base})
    board = [name for name in BOARD_GRANTS if name in grants]
    base = sum(towns[f"{name}|{BASELINE}"].sum() for name in board)
    for scenario in scenario_list:
        value = sum(towns[f"{name}|{scenario.name}"].sum() for name in board)
        rows.append({"variable": "paid to boards of education (sum of the grants above)", "scenario": scenario.name, "baseline": base, "value": value, "difference": value - base})
    for name in STATE_VARIABLES:
        values = {}
        for label, simulation in runs.items():
            if name in simulation.tax_benefit_system.variables:
                try:
                    values[label] = float(simulation.calculate(name, str(year)).sum())
                except (SituationParsingError, ParameterNotFoundError) as error:
                    omitted.setdefault(name, str(getattr(error, "error", error)))
        if BASELINE in values or values:
            for scenario in scenario_list:
                base, value = values.get(BASELINE, 0.0), values.get(scenario.name, values.get(BASELINE, 0.0))
                rows.append({"variable": name, "scenario": scenario.name, "baseline": base, "value": value, "difference": value - base})
    return pandas.DataFrame(rows)


def _designation_changes(towns, present, scenario_list) -> pandas.DataFrame:
    rows = []
    for label, name in DESIGNATIONS.items():
        if name not in present:
            continue
        before = towns[f"{name}|{BASELINE}"].astype(bool)
        for scenario in scenario_list:
            after = towns[f"{name}|{scenario.name}"].astype(bool)
            rows.append(
                {
                    "designation": label,
                    "scenario": scenario.name,
                    "baseline_count": int(before.sum()),
                    "count": int(after.sum()),
                    "entering": list(towns["town"][after & ~before]),
                    "leaving": list(towns["town"][before & ~after]),
                }
            )
    return pandas.DataFrame(rows)


def _by_drg(towns, grants, scenario_list) -> pandas.DataFrame:
    rows = []
    for drg, group in towns.groupby("drg"):
        for name in grants:
            base = group[f"{name}|{BASELINE}"].sum()
            for scenario in scenario_list:
                value = group[f"{name}|{scenario.name}"].sum()
                if base or value:
                    rows.append({"drg": drg or "(none)", "variable": name, "scenario": scenario.name, "baseline": base, "value": value, "difference": value - base})
    return pandas.DataFrame(rows)
