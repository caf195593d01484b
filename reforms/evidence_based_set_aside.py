"""Recommendation 4: a share of each network grant dedicated to state-directed evidence-based programs.

CSDE, Report on the Effectiveness of the Alliance District Program (February 2026), Recommendation 4:
districts in the Opportunity Network are incentivized to dedicate a portion of their grant to
evidence-based activities implemented by CSDE (LEAP home visits, high-dosage tutoring...). The
set-aside is part of the grant (no new money); the incentive the state adds on it is new money.
Without the Opportunity Network reform, it applies to today's alliance district grants.
"""

from openfisca_core.reforms import Reform

from openfisca_ct_education.model_api import YEAR, State, Town, Variable, round_half_up, where
from openfisca_ct_education.reforms.network_common import (
    REPORT,
    add_if_missing,
    add_network_parameters,
    alliance_districts_as_network,
    in_force,
    network_parameters,
    put,
)


class evidence_based_set_aside(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the district's network grant dedicated to state-directed evidence-based programs"
    reference = [REPORT]
    documentation = (
        "CSDE report (Feb 2026), Recommendation 4: take-up x set-aside share x the grant to the board of education "
        "(alliance_district_grant), to the dollar. The recommendation is an incentive, not a mandate: the take-up "
        "(evidence_based.take_up_share) is an ASSUMPTION, an expected rate applied to every member (1 = all take it up)."
    )

    def formula(town, period, parameters):
        """take-up x set-aside share x the network (or alliance district) grant of a member (0 before the network is in force)."""
        if not in_force(parameters, period):
            return town.filled_array(0.0)
        evidence_based = network_parameters(parameters, period).evidence_based
        share = evidence_based.take_up_share * evidence_based.set_aside_share
        member = town("is_opportunity_network_district", period)
        return where(member, round_half_up(share * town("alliance_district_grant", period)), 0.0)


class evidence_based_incentive(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "State incentive paid on the district's evidence-based set-aside (new state money)"
    reference = [REPORT]
    documentation = "CSDE report (Feb 2026), Recommendation 4: incentive rate x the set-aside, to the dollar."

    def formula(town, period, parameters):
        """incentive rate x set-aside (0 before the network is in force)."""
        if not in_force(parameters, period):
            return town.filled_array(0.0)
        rate = network_parameters(parameters, period).evidence_based.incentive_rate
        return round_half_up(rate * town("evidence_based_set_aside", period))


class evidence_based_incentive_statewide(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total state incentives on evidence-based set-asides (the recommendation's new cost)"
    reference = [REPORT]
    documentation = "Sum over the state's towns."

    def formula(state, period):
        """Sum of the towns' incentives."""
        return state.sum(state.members("evidence_based_incentive", period))


class EvidenceBasedSetAside(Reform):
    name = "Evidence-based set-aside (CSDE report, February 2026, Recommendation 4)"

    def apply(self):
        self.modify_parameters(modifier_function=add_network_parameters)
        add_if_missing(self, alliance_districts_as_network())
        put(self, evidence_based_set_aside, evidence_based_incentive, evidence_based_incentive_statewide)
