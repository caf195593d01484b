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

from openfisca_ct_education.errors import InputDataError, message_of
from openfisca_ct_education.workbench.parameter_edits import ParameterEdit, applied_edits, edits_reform
from openfisca_ct_education.workbench.reform_loader import apply_reforms, load_reform
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
#: The label of a scenario made of parameter edits alone, without a title.
EDITS_ONLY = "parameter edits"
#: Current law's counts of the year (a formula year only), for the differences per pupil.
STUDENT_COUNTS = ("ecs_resident_students", "ecs_need_students")
#: What stands for a designation current law does not have: the network's baseline is today's alliance districts.
BASELINE_STAND_IN = {"is_opportunity_network_district": "is_alliance_district"}
AS_IF_IN_FORCE = "opportunity_network.implementation.effective_fiscal_year"
#: The statewide line of what the boards of education are paid (the sum of BOARD_GRANTS the systems have).
BOARD_TOTAL = "to_boards_of_education"


@dataclasses.dataclass(frozen=True)
class Scenario:
    """A column of the comparison: reforms applied in order, then parameter edits; labelled by ``name`` (its title)."""

    name: str
    reforms: tuple = ()
    edits: tuple = ()
    bill: str | None = None
    description: str | None = None

    def systems(self, year: int, as_if_in_force: bool) -> tuple:
        """(the reformed system before the edits, the system with them): the edits are compared between the two."""
        system = apply_reforms(current_law(), self.reforms)  # each reform's parameters checked
        if as_if_in_force and has_effective_date(system):
            system = edits_reform([ParameterEdit(AS_IF_IN_FORCE, year, f"{year - 1}-07-01")], "as if in force")(system)
        return system, (edits_reform(self.edits)(system) if self.edits else system)

    def system(self, year: int, as_if_in_force: bool):
        return self.systems(year, as_if_in_force)[1]


def has_effective_date(system) -> bool:
    """Whether a reform of ``system`` has an effective fiscal year (the Opportunity Network's, Recommendation 5)."""
    return AS_IF_IN_FORCE.split(".")[0] in system.parameters.children


def scenarios(reform_groups, edits, named=()) -> list[Scenario]:
    """One scenario per ``--reform`` (``a+b`` combines), each with the edits, then the ``named`` scenarios
    (:mod:`openfisca_ct_education.workbench.scenarios`, already carrying the edits); the edits alone if
    there is neither."""
    edits = tuple(edits)
    if not reform_groups and not named:
        if not edits:
            raise InputDataError("Nothing to compare: give --reform NAME (repeatable, a+b to combine), --scenario, or --set / --parameters.")
        return [Scenario(EDITS_ONLY, (), edits)]
    result = []
    for group in reform_groups:
        names = reform_names(group, f"--reform {group!r}")
        result.append(Scenario("+".join(names), tuple(load_reform(name) for name in names), edits))
    result += list(named)
    labels = [scenario.name for scenario in result]
    for label in labels:
        if label == BASELINE or labels.count(label) > 1:
            raise InputDataError(f"Two scenarios are labelled {label!r}: give each its own title." if label != BASELINE else f"A scenario may not be labelled {BASELINE!r} (the baseline).")
    return result


def reform_names(group: str, where: str) -> list[str]:
    """The reform names of ``a+b``."""
    names = [name.strip() for name in str(group).split("+") if name.strip()]
    if not names:
        raise InputDataError(f"{where}: no reform named.")
    return names


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
    #: Per scenario name, the parameter edits as applied (old -> new in the first fiscal year they change).
    edits: dict = dataclasses.field(default_factory=dict)
    #: Whether a scenario has a reform with an effective date (the "as if in force" choice applies to it).
    effective_dates: bool = False

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
            omitted.setdefault(name, message_of(error, simulation.tax_benefit_system.parameters))
    return values


def compare(year: int, scenario_list, data=None, as_if_in_force: bool = False, simulations=None, years=None, systems=None) -> Comparison:
    """Run current law and every scenario for fiscal ``year`` and compare them.

    ``simulations`` (label -> simulation holding ``year``, the baseline under :data:`BASELINE`) are used
    instead of building them: a chain of years (``workbench/multi_year.py``) is built once for all its years.
    ``years``: the years computed (default: ``year``); a parameter edit that changes none of them is an error.
    ``systems``: each scenario's :meth:`Scenario.systems` for ``year``, if the caller built them already.
    """
    omitted = {}
    systems = systems or {scenario.name: scenario.systems(year, as_if_in_force) for scenario in scenario_list}
    edits = {
        scenario.name: applied_edits(systems[scenario.name][0].parameters, systems[scenario.name][1].parameters, scenario.edits, years or [year])
        for scenario in scenario_list
    }
    runs = simulations or {BASELINE: build_simulation(year, data)} | {
        scenario.name: build_simulation(year, data, tax_benefit_system=systems[scenario.name][1]) for scenario in scenario_list
    }
    baseline = runs[BASELINE]
    names = GRANT_VARIABLES + tuple(DESIGNATIONS.values())
    computed = {label: _values(simulation, names, year, omitted) for label, simulation in runs.items()}
    # A designation is compared where a scenario has it: current law's stand-in (today's alliance
    # districts for the network) is its baseline only then, never a network of 0 against 36.
    compared = {name for label, values in computed.items() if label != BASELINE for name in values}
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
        if name not in computed[BASELINE] and stand_in in computed[BASELINE] and name in compared:
            computed[BASELINE][name] = computed[BASELINE][stand_in]
    # A variable a system does not have is 0 there (a grant the reform creates); one that a system has
    # but cannot compute for the year is left out of the comparison altogether, never taken as 0.
    present = [name for name in names if name not in omitted and any(name in values for values in computed.values())]
    present = [name for name in present if name not in DESIGNATIONS.values() or name in compared]
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
        edits,
        any(has_effective_date(after) for _, after in systems.values()),
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
        rows.append({"variable": BOARD_TOTAL, "scenario": scenario.name, "baseline": base, "value": value, "difference": value - base})
    for name in STATE_VARIABLES:
        values = {}
        for label, simulation in runs.items():
            if name in simulation.tax_benefit_system.variables:
                try:
                    values[label] = float(simulation.calculate(name, str(year)).sum())
                except (SituationParsingError, ParameterNotFoundError) as error:
                    omitted.setdefault(name, message_of(error, simulation.tax_benefit_system.parameters))
        if BASELINE in values or values:
            for scenario in scenario_list:
                base, value = values.get(BASELINE, 0.0), values.get(scenario.name, values.get(BASELINE, 0.0))
                rows.append({"variable": name, "scenario": scenario.name, "baseline": base, "value": value, "difference": value - base})
    frame = pandas.DataFrame(rows)
    if not frame.empty:
        frame["unit"] = [_unit(runs, name) for name in frame["variable"]]
    return frame


def _unit(runs, name) -> str:
    """The unit of a statewide line: the variable's (``currency-USD``, ``meeting``...); the board sum is money."""
    for simulation in runs.values():
        if name in simulation.tax_benefit_system.variables:
            return simulation.tax_benefit_system.variables[name].unit or ""
    return "currency-USD"


def board_note(comparison) -> str:
    """What the "paid to boards of education" line sums, and what listed above it it does not."""
    grants = set(comparison.statewide["variable"]) if not comparison.statewide.empty else set()
    board = [name for name in BOARD_GRANTS if name in grants]
    note = f"{BOARD_TOTAL} (paid to the boards of education) = {' + '.join(board)}"
    if "evidence_based_set_aside" in grants:
        note += "; the evidence-based set-aside is part of alliance_district_grant (not added again)"
    return note + "; the rest of ecs_entitlement (ecs_non_alliance_portion) is paid to the town"


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
