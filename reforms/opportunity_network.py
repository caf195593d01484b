"""Recommendation 1: the Alliance District program reimagined as the Opportunity Network.

CSDE, Report on the Effectiveness of the Alliance District Program (February 2026), Recommendation 1:
identify districts by performance and student need (e.g. the bottom 30 on the Accountability Index, or
the 40 with the greatest share of high-need students), keeping today's 36 alliance districts (the
report expects about 46), and continue directing a portion of ECS to the board of education, sized
by the degree of student need rather than by growth over a base year.

    openfisca serve --country-package openfisca_ct_education --reforms openfisca_ct_education.reforms.opportunity_network.OpportunityNetwork
"""

import numpy

from openfisca_ct_education.engine.allocation import allocate_by_group
from openfisca_ct_education.model_api import YEAR, State, Town, Variable, round_half_up, where
from openfisca_ct_education.reforms.network_common import (
    REPORT,
    add_if_missing,
    add_network_parameters,
    in_force,
    keep_current_law,
    network_parameters,
    opportunity_network_high_need_share,
    opportunity_network_identification_year,
    opportunity_network_need_rank,
    opportunity_network_performance_rank,
    put,
    stated_protection_choices,
)
from openfisca_core.reforms import Reform


class is_opportunity_network_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The district is in the Opportunity Network (before the network is in force: today's alliance districts)"
    reference = [REPORT]
    documentation = (
        "CSDE report (Feb 2026), Recommendation 1: the bottom performance_bottom_count districts on the "
        "Accountability Index, or the need_top_count districts with the greatest share of high-need "
        "students (an APPROXIMATION, see opportunity_network_high_need_share), and (transition) every "
        "district designated an alliance district."
    )

    def formula(town, period, parameters):
        """Lowest performance or greatest need on the identification's data, or kept from the alliance districts."""
        alliance = town("is_alliance_district", period)
        if not in_force(parameters, period):
            return alliance
        p = network_parameters(parameters, period).identification
        performance = town("opportunity_network_performance_rank", period)
        need = town("opportunity_network_need_rank", period)
        selected = ((performance >= 1) & (performance <= p.performance_bottom_count)) | ((need >= 1) & (need <= p.need_top_count))
        return selected | (alliance & p.keep_current_alliance_districts)


class opportunity_network_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Opportunity Network grant: the portion of the member's ECS entitlement directed to its board of education, sized by student need"
    reference = [REPORT]
    documentation = (
        "CSDE report (Feb 2026), Recommendation 1. The member's ECS entitlement x its high-need share "
        "(an APPROXIMATION) x the grant rate, to the dollar, at most the entitlement; or, with the "
        "cost-neutral option, current law's statewide alliance district grants shared among the members "
        "in proportion to entitlement x high-need share, in whole dollars summing exactly to that total."
    )

    def formula(town, period, parameters):
        """Need-sized share of ECS for members (0 before the network is in force)."""
        if not in_force(parameters, period):
            return town.filled_array(0.0)
        p = network_parameters(parameters, period).grant
        members = town("is_opportunity_network_district", period)
        entitlement = town("ecs_entitlement", period)
        weight = where(members, entitlement * town("opportunity_network_high_need_share", period), 0.0)
        if p.cost_neutral:
            states = town.simulation.populations["state"]
            target = states.sum(town("alliance_district_grant_under_current_law", period))
            return numpy.minimum(allocate_by_group(target, weight, states.members_entity_id), entitlement)
        return numpy.minimum(round_half_up(p.share_of_ecs_per_high_need_share * weight), entitlement)


class opportunity_network_member_exit_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Phased-exit grant of a district that has left the Opportunity Network: a share of last year's network grant, still directed to its board"
    reference = [REPORT]
    documentation = (
        "CSDE report (Feb 2026), Recommendation 3: \"phased exit of all districts in the Opportunity Network\". A district "
        "that was a member last year and is not this year keeps network_exit.exit_share (illustrative: half) of last "
        "year's network grant directed to its board of education for one year, out of its own ECS entitlement (not new "
        "money; at most the entitlement). 0 unless the network was in force last year too."
    )

    def formula(town, period, parameters):
        """exit share x last year's network grant, for a district that left the network this year (0 otherwise)."""
        if not in_force(parameters, period) or not in_force(parameters, period.last_year):
            return town.filled_array(0.0)
        left = town("is_opportunity_network_district", period.last_year) & ~town("is_opportunity_network_district", period)
        share = network_parameters(parameters, period).network_exit.exit_share
        amount = numpy.minimum(round_half_up(share * town("opportunity_network_grant", period.last_year)), town("ecs_entitlement", period))
        return where(left, amount, 0.0)


class alliance_district_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Portion of ECS paid to the board of education: the alliance district grant, or under the Opportunity Network its grant (and a leaver's phased-exit grant)"
    reference = [REPORT]
    documentation = "Replaced by the Opportunity Network grant, plus the phased-exit grant of a district leaving the network, from the network's effective fiscal year (CSDE report, Recommendations 1, 3 and 5)."

    def formula(town, period, parameters):
        """Current law before the network is in force; the Opportunity Network grant and any phased-exit grant after."""
        if in_force(parameters, period):
            return town("opportunity_network_grant", period) + town("opportunity_network_member_exit_grant", period)
        return town("alliance_district_grant_under_current_law", period)


class opportunity_network_grant_statewide(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total Opportunity Network grants of the state"
    reference = [REPORT]
    documentation = "Sum over the state's towns of the Opportunity Network grant."

    def formula(state, period):
        """Sum of the member towns' Opportunity Network grants."""
        return state.sum(state.members("opportunity_network_grant", period))


class opportunity_network_district_count(Variable):
    value_type = int
    entity = State
    definition_period = YEAR
    unit = "district"
    label = "Number of districts in the Opportunity Network"
    reference = [REPORT]
    documentation = "The report expects about 46, including all 36 of today's alliance districts."

    def formula(state, period):
        """Count of the member towns in the network."""
        return state.sum(state.members("is_opportunity_network_district", period))


class OpportunityNetwork(Reform):
    name = "Opportunity Network (CSDE report, February 2026, Recommendation 1)"

    def apply(self):
        self.modify_parameters(modifier_function=add_network_parameters)
        keep_current_law(self, "alliance_district_grant")
        stated_protection_choices(self)
        add_if_missing(
            self,
            opportunity_network_high_need_share,
            opportunity_network_performance_rank,
            opportunity_network_need_rank,
            opportunity_network_identification_year,
        )
        put(
            self,
            is_opportunity_network_district,
            opportunity_network_grant,
            opportunity_network_member_exit_grant,
            alliance_district_grant,
            opportunity_network_grant_statewide,
            opportunity_network_district_count,
        )
