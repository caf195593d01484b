"""Recommendation 3: the priority school district grants consolidated into the Opportunity Network.

CSDE, Report on the Effectiveness of the Alliance District Program (February 2026), Recommendation 3:
the network's districts of greatest need and lowest performance (the intensive subset of
Recommendation 2) become the priority school districts; the PSD, extended school hours and summer
school appropriations ($30.8M, $2.9M and $3.4M in FY2026) become one grant; CSDE retains up to 10%
for administration; 20% of the PSD funds go to an incentive grant for the most improved districts;
one identification cycle (e.g. every four years) with a phased exit.

The consolidated grant is shared among the intensive districts in proportion to their high-need
students (an APPROXIMATION: enrollment x the lower-bound high-need share), in whole dollars that add
up exactly to what is distributed. Who the most improved districts are needs two years of the
accountability index (the package ships one), so the incentive pool is reported, not allocated.
"""

import numpy
from openfisca_core.reforms import Reform

from openfisca_ct_education.engine.allocation import allocate_by_group
from openfisca_ct_education.model_api import YEAR, State, Town, Variable, round_half_up, where
from openfisca_ct_education.reforms.network_common import (
    REPORT,
    add_if_missing,
    add_network_parameters,
    alliance_districts_as_network,
    data_period,
    in_force,
    intensive_support_district,
    keep_current_law,
    network_parameters,
    opportunity_network_high_need_share,
    opportunity_network_identification_year,
    put,
    stated_protection_choices,
)

#: The grants the consolidated grant replaces, and their appropriations (state variables).
CONSOLIDATED_GRANTS = ("priority_school_district_grant", "extended_school_hours_grant", "summer_school_grant")
#: What current law leaves of the PSD appropriation: consolidated too.
UNALLOCATED = "priority_school_district_appropriation_unallocated"
APPROPRIATIONS = ("priority_school_district_appropriation", "extended_school_hours_appropriation", "summer_school_appropriation")


class is_priority_school_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "Priority school district: designated of record, or under the Opportunity Network its intensive subset"
    reference = [REPORT]
    documentation = (
        "CSDE report (Feb 2026), Recommendation 3: the PSDs become the network's districts with intensive support. "
        "By default this designation does NOT reach into the ECS formula (\"consolidated, outside the ECS formula\"): "
        "ecs_is_protected_district keeps today's priority school districts unless psd_consolidation.reaches_ecs is chosen."
    )

    def formula(town, period, parameters):
        """Current law before the network is in force; the intensive subset after."""
        if in_force(parameters, period):
            return town("is_intensive_support_district", period)
        return town("is_priority_school_district_under_current_law", period)


def consolidated(name: str, entity=Town):
    """A grant of CONSOLIDATED_GRANTS (or what is left of an appropriation): current law before the network is in force, 0 after."""

    def formula(population, period, parameters):
        if in_force(parameters, period):
            return population.filled_array(0.0)
        return population(f"{name}_under_current_law", period)

    formula.__doc__ = f"Current law's {name} before the network is in force; consolidated into the network's grant after (Recommendation 3)."
    return type(
        name,
        (Variable,),
        {
            "value_type": float,
            "entity": entity,
            "definition_period": YEAR,
            "unit": "currency-USD",
            "label": f"{name.replace('_', ' ').capitalize()} (consolidated into the Opportunity Network grant once in force)",
            "reference": [REPORT],
            "documentation": "CSDE report (Feb 2026), Recommendation 3: consolidated into opportunity_network_consolidated_grant.",
            "formula": formula,
        },
    )


class opportunity_network_consolidated_appropriation(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "The PSD, extended school hours and summer school appropriations, consolidated"
    reference = [REPORT]
    documentation = "CSDE report (Feb 2026), Recommendation 3: $30.8M + $2.9M + $3.4M in FY2026."

    def formula(state, period):
        """Sum of the three appropriations."""
        return sum(state(name, period) for name in APPROPRIATIONS)


class opportunity_network_administration_retained(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the consolidated appropriations CSDE retains for oversight, evaluation, assistance and administration"
    reference = [REPORT]
    documentation = "CSDE report (Feb 2026), Recommendation 3: up to 10 percent."

    def formula(state, period, parameters):
        """administration share x consolidated appropriation, to the dollar (0 before the network is in force)."""
        if not in_force(parameters, period):
            return state.filled_array(0.0)
        share = network_parameters(parameters, period).psd_consolidation.administration_share
        return round_half_up(share * state("opportunity_network_consolidated_appropriation", period))


class opportunity_network_incentive_pool(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the PSD appropriation kept for an incentive grant to the most improved districts (not allocated here)"
    reference = [REPORT]
    documentation = (
        "CSDE report (Feb 2026), Recommendation 3: e.g. 20 percent of the PSD funds. The most improved "
        "districts need two years of the accountability index; the package ships one, so the pool is reported, not allocated."
    )

    def formula(state, period, parameters):
        """incentive share x PSD appropriation, to the dollar (0 before the network is in force)."""
        if not in_force(parameters, period):
            return state.filled_array(0.0)
        share = network_parameters(parameters, period).psd_consolidation.incentive_share_of_psd_appropriation
        return round_half_up(share * state("priority_school_district_appropriation", period))


class opportunity_network_exit_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Phased-exit grant of a district that has left the intensive subset"
    reference = [REPORT]
    documentation = "CSDE report (Feb 2026), Recommendation 3: phased exit; here a share of the previous year's consolidated grant, for one year."

    def formula(town, period, parameters):
        """exit share x last year's consolidated grant, for a district intensive last year and not this year."""
        if not in_force(parameters, period) or not in_force(parameters, period.last_year):
            return town.filled_array(0.0)
        left = town("is_intensive_support_district", period.last_year) & ~town("is_intensive_support_district", period)
        share = network_parameters(parameters, period).psd_consolidation.phased_exit_share
        return where(left, round_half_up(share * town("opportunity_network_consolidated_grant", period.last_year)), 0.0)


class opportunity_network_consolidated_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Opportunity Network consolidated grant of an intensive district (from the PSD, extended hours and summer school funds)"
    reference = [REPORT]
    documentation = (
        "CSDE report (Feb 2026), Recommendation 3: the consolidated appropriations less what CSDE retains, "
        "the incentive pool and the phased-exit grants, shared among the intensive districts in proportion "
        "to their high-need students (an APPROXIMATION), in whole dollars adding up exactly."
    )

    def formula(town, period, parameters):
        """Share of the distributable consolidated funds, by high-need students (0 before the network is in force)."""
        if not in_force(parameters, period):
            return town.filled_array(0.0)
        states = town.simulation.populations["state"]
        distributable = (
            states("opportunity_network_consolidated_appropriation", period)
            - states("opportunity_network_administration_retained", period)
            - states("opportunity_network_incentive_pool", period)
            - states.sum(town("opportunity_network_exit_grant", period))
        )
        high_need = town("district_enrollment", data_period(parameters, period)) * town("opportunity_network_high_need_share", period)
        weight = where(town("is_intensive_support_district", period), high_need, 0.0)
        return allocate_by_group(numpy.maximum(distributable, 0), weight, states.members_entity_id)


class opportunity_network_consolidated_grant_statewide(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total Opportunity Network consolidated grants and phased-exit grants of the state"
    reference = [REPORT]
    documentation = "Sum over the state's towns."

    def formula(state, period):
        """Sum of the consolidated and exit grants."""
        return state.sum(state.members("opportunity_network_consolidated_grant", period) + state.members("opportunity_network_exit_grant", period))


class PsdConsolidation(Reform):
    name = "Priority school districts consolidated into the network (CSDE report, February 2026, Recommendation 3)"

    def apply(self):
        self.modify_parameters(modifier_function=add_network_parameters)
        for name in ("is_priority_school_district", *CONSOLIDATED_GRANTS, UNALLOCATED):
            keep_current_law(self, name)
        stated_protection_choices(self)
        add_if_missing(
            self,
            alliance_districts_as_network(),
            opportunity_network_high_need_share,
            opportunity_network_identification_year,
            intensive_support_district(),
        )
        put(
            self,
            is_priority_school_district,
            *(consolidated(name) for name in CONSOLIDATED_GRANTS),
            consolidated(UNALLOCATED, State),
            opportunity_network_consolidated_appropriation,
            opportunity_network_administration_retained,
            opportunity_network_incentive_pool,
            opportunity_network_exit_grant,
            opportunity_network_consolidated_grant,
            opportunity_network_consolidated_grant_statewide,
        )
