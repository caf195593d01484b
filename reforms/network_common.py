"""What the Opportunity Network reforms share: their parameters, when they are in force, and how they
identify districts (CSDE, Report on the Effectiveness of the Alliance District Program, February 2026).

Each reform module (opportunity_network, differentiated_support, psd_consolidation,
evidence_based_set_aside) works alone or combined with the others: each adds what it needs of this
module if it is not there yet, and keeps a current-law copy of every variable it replaces, so that
before the network's effective fiscal year (Recommendation 5) the law is unchanged.
"""

from __future__ import annotations

from pathlib import Path

import numpy
from openfisca_core.parameters import load_parameter_file

from openfisca_ct_education.model_api import YEAR, State, Town, TownInputError, Variable, not_encoded_before, rank_within_state
from openfisca_ct_education.references import CSDE_ALLIANCE, SEC_10_262F, SEC_10_262H, SEC_10_262J

PARAMETERS_FILE = Path(__file__).resolve().parent / "parameters" / "opportunity_network.yaml"
REPORT = CSDE_ALLIANCE
NETWORK = "opportunity_network"


def add_network_parameters(parameters):
    """The ``opportunity_network`` parameters, added once whichever reform comes first."""
    if NETWORK not in parameters.children:
        parameters.add_child(NETWORK, load_parameter_file(str(PARAMETERS_FILE), NETWORK))
    return parameters


def network_parameters(parameters, period):
    return parameters(period).opportunity_network


def in_force(parameters, period) -> bool:
    """Whether the network is in force in the fiscal year ``period`` (Recommendation 5)."""
    return period.start.year >= network_parameters(parameters, period).implementation.effective_fiscal_year


def identification_year(parameters, period) -> int:
    """The fiscal year of the identification in force: the effective year, then every cycle (Recommendation 3)."""
    implementation = network_parameters(parameters, period).implementation
    first, cycle = int(implementation.effective_fiscal_year), int(implementation.identification_cycle_years)
    return first + cycle * ((period.start.year - first) // cycle)


def data_period(parameters, period) -> str:
    """Districts are identified on the data of the school year before the identification year."""
    return str(identification_year(parameters, period) - 1)


def put(reform, *variable_classes) -> None:
    """Add each variable, replacing one of the same name."""
    for variable_class in variable_classes:
        reform.replace_variable(variable_class)


def add_if_missing(reform, *variable_classes) -> None:
    """Add each variable another reform has not added already."""
    for variable_class in variable_classes:
        if variable_class.__name__ not in reform.variables:
            reform.add_variable(variable_class)


def keep_current_law(reform, name: str) -> str:
    """Add ``<name>_under_current_law``, a copy of the baseline's variable ``name``; return its name.

    A reform that replaces ``name`` reads the copy before the network is in force.
    """
    copy_name = f"{name}_under_current_law"
    if copy_name in reform.variables:
        return copy_name
    baseline = reform.baseline.variables[name]
    attributes = {
        "value_type": baseline.value_type,
        "entity": baseline.entity,
        "definition_period": baseline.definition_period,
        "label": f"{baseline.label} (current law, before the reform)",
        "reference": list(baseline.reference or []),
        "documentation": f"Current law's {name}, kept by the reform to apply before the network is in force.",
    }
    if baseline.unit:
        attributes["unit"] = baseline.unit
    for start, formula in baseline.formulas.items():
        attributes[f"formula_{start.replace('-', '_')}"] = formula
    reform.add_variable(type(copy_name, (Variable,), attributes))
    return copy_name


class opportunity_network_high_need_share(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "APPROXIMATION of the district's share of high-need students, on the identification's data year"
    reference = [REPORT]
    documentation = (
        "CSDE report (Feb 2026), Recommendation 1 (identification by student need). CSDE's unduplicated "
        "high-needs share is not in the data: this is district_high_need_share_lower_bound (the largest "
        "of the low-income, English learner and disability shares) of the school year before the "
        "identification year. Every output using it is an approximation."
    )

    def formula(town, period, parameters):
        """The lower-bound high-need share on the identification's data year (approximation)."""
        return town("district_high_need_share_lower_bound", data_period(parameters, period))


class opportunity_network_performance_rank(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "rank"
    label = "Rank of the district by accountability index, lowest first, on the identification's data year (0 = not ranked)"
    reference = [REPORT]
    documentation = "CSDE report (Feb 2026), Recommendation 1: districts in the bottom 30 on the Accountability Index."

    def formula(town, period, parameters):
        """Ascending rank of the accountability index among the state's districts with an index and the minimum enrollment."""
        year = data_period(parameters, period)
        index = town("accountability_index", year)
        if not (index >= 0).any():
            raise TownInputError(
                numpy.asarray(town.ids), "accountability_index", year,
                f"No accountability index for the school year ending in {year}: the Opportunity Network identifies districts on it",
            )
        enrollment = town("district_enrollment", year)
        minimum = network_parameters(parameters, period).identification.minimum_enrollment
        return rank_within_state(town, index, (index >= 0) & (enrollment > 0) & (enrollment >= minimum))


class opportunity_network_need_rank(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "rank"
    label = "Rank of the district by share of high-need students (APPROXIMATION), highest first (0 = not ranked)"
    reference = [REPORT]
    documentation = "CSDE report (Feb 2026), Recommendation 1: the bottom 40 in terms of proportion of high need students."

    def formula(town, period, parameters):
        """Descending rank of the (approximate) high-need share among the state's districts with students."""
        enrollment = town("district_enrollment", data_period(parameters, period))
        minimum = network_parameters(parameters, period).identification.minimum_enrollment
        share = town("opportunity_network_high_need_share", period)
        return rank_within_state(town, -share, (enrollment > 0) & (enrollment >= minimum))


class opportunity_network_identification_year(Variable):
    value_type = int
    entity = State
    definition_period = YEAR
    unit = "year"
    label = "Fiscal year of the Opportunity Network identification in force (its data: the school year before)"
    reference = [REPORT]
    documentation = "CSDE report (Feb 2026), Recommendation 3: one identification cycle (e.g. every four years)."

    def formula(state, period, parameters):
        """The effective year, then every identification cycle."""
        return state.filled_array(identification_year(parameters, period))


def alliance_districts_as_network():
    """``is_opportunity_network_district`` for a reform applied without the Opportunity Network: today's alliance districts."""

    class is_opportunity_network_district(Variable):
        value_type = bool
        entity = Town
        definition_period = YEAR
        label = "The district is in the network of districts the reform works on (without the Opportunity Network reform: today's alliance districts)"
        reference = [REPORT]
        documentation = "Without Recommendation 1, the network is the alliance districts of C.G.S. 10-262u."

        def formula(town, period):
            """Today's alliance districts."""
            return town("is_alliance_district", period)

    return is_opportunity_network_district


def intensive_support_district():
    """``is_intensive_support_district``: the network's districts of greatest need and lowest performance (Recommendation 2)."""

    class is_intensive_support_district(Variable):
        value_type = bool
        entity = Town
        definition_period = YEAR
        label = "The network district receives intensive CSDE support (greatest need and lowest performance)"
        reference = [REPORT]
        documentation = (
            "CSDE report (Feb 2026), Recommendation 2: around 12-15 network districts with the greatest "
            "student need and the lowest overall performance. Ranked among the network's districts by the "
            "sum of their rank by accountability index (lowest first) and their rank by high-need share "
            "(highest first, an APPROXIMATION); the lowest sums are intensive. None before the network is in force."
        )

        def formula(town, period, parameters):
            """The intensive_count network districts with the lowest sum of performance and need ranks."""
            if not in_force(parameters, period):
                return town.filled_array(False)
            members = town("is_opportunity_network_district", period)
            year = data_period(parameters, period)
            index = town("accountability_index", year)
            share = town("opportunity_network_high_need_share", period)
            ranked = members & (index >= 0)
            by_performance = rank_within_state(town, index, ranked)
            by_need = rank_within_state(town, -share, ranked)
            combined = rank_within_state(town, (by_performance + by_need) + index / 1000, ranked)
            count = network_parameters(parameters, period).differentiated_support.intensive_count
            return ranked & (combined >= 1) & (combined <= count)

    return is_intensive_support_district


def _alliance_or_network(town, period, parameters):
    """The alliance districts, and the network's members when the protections are extended to them (a choice)."""
    alliance = town("is_alliance_district", period)
    if not in_force(parameters, period) or not network_parameters(parameters, period).protections.extend_to_network_members:
        return alliance
    return alliance | town("is_opportunity_network_district", period)


def _priority_school_districts_for_ecs(town, period, parameters):
    """Today's priority school districts unless the PSD consolidation is chosen to reach into the ECS formula."""
    variables = town.simulation.tax_benefit_system.variables
    consolidated = "is_priority_school_district_under_current_law" in variables
    if consolidated and in_force(parameters, period) and not network_parameters(parameters, period).psd_consolidation.reaches_ecs:
        return town("is_priority_school_district_under_current_law", period)
    return town("is_priority_school_district", period)


class ecs_is_protected_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town is one the ECS formula protects (10% minimum base aid ratio, hold-harmless), with the network's stated choices"
    reference = [SEC_10_262F, SEC_10_262H, REPORT]
    documentation = (
        "Current law's rule (C.G.S. 10-262f(2), 10-262h: alliance districts; from FY2024 priority school districts too) "
        "with two choices the report does not make, both parameters: protections.extend_to_network_members (default "
        "false: the protections stay with the 36 alliance districts, not the network's members) and "
        "psd_consolidation.reaches_ecs (default false: the consolidation stays \"outside the ECS formula\", which keeps "
        "protecting today's priority school districts)."
    )

    formula = not_encoded_before(2019, "ecs_is_protected_district", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Alliance districts (C.G.S. 10-262f(2), 10-262h as enacted by PA 17-2 JSS), or the network's members if so chosen."""
        return _alliance_or_network(town, period, parameters)

    def formula_2023_07_01(town, period, parameters):
        """Alliance districts or priority school districts, from FY2024 (PA 23-204), with the network's stated choices."""
        return _alliance_or_network(town, period, parameters) | _priority_school_districts_for_ecs(town, period, parameters)


class mbr_is_current_or_former_alliance_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town may not reduce its minimum budget requirement (current or former alliance district; network members if so chosen)"
    reference = [SEC_10_262J, REPORT]
    documentation = (
        "Current law's rule (C.G.S. 10-262j: a current or former alliance district may not reduce its MBR), extended to "
        "the network's members only when protections.extend_to_network_members is chosen (default: not)."
    )

    def formula(town, period, parameters):
        """Current law, or a network member when the protections are extended (a stated choice)."""
        return town("mbr_is_current_or_former_alliance_district_under_current_law", period) | _alliance_or_network(town, period, parameters)


def stated_protection_choices(reform) -> None:
    """Replace the alliance-linked protections by their versions with the network's stated choices (items 12 and 15)."""
    keep_current_law(reform, "mbr_is_current_or_former_alliance_district")
    put(reform, ecs_is_protected_district, mbr_is_current_or_former_alliance_district)
