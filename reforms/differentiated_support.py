"""Recommendation 2: intensive CSDE support for a subset of the network, desk monitoring for the rest.

CSDE, Report on the Effectiveness of the Alliance District Program (February 2026), Recommendation 2:
limit intensive supports (monitoring meetings, site visits) to the 12-15 districts with the greatest
student need and the lowest performance; desk monitoring for the others. Today: 19 districts x 3
meetings + 17 x 2 = 91 meetings a year. Without the Opportunity Network reform, the subset is taken
among today's alliance districts.
"""

from openfisca_core.reforms import Reform

from openfisca_ct_education.model_api import YEAR, State, Town, Variable
from openfisca_ct_education.reforms.network_common import (
    REPORT,
    add_if_missing,
    add_network_parameters,
    alliance_districts_as_network,
    in_force,
    intensive_support_district,
    keep_current_law,
    network_parameters,
    opportunity_network_high_need_share,
    opportunity_network_identification_year,
    put,
)


class monitoring_meetings(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "meeting"
    label = "Monitoring meetings CSDE holds a year with the district under differentiated support"
    reference = [REPORT]
    documentation = "CSDE report (Feb 2026), Recommendation 2: meetings for intensive districts, desk monitoring (no meeting by default) for the others."

    def formula(town, period, parameters):
        """Meetings per intensive district, or per other network district (0 before the network is in force)."""
        if not in_force(parameters, period):
            return town.filled_array(0)
        p = network_parameters(parameters, period).differentiated_support
        intensive = town("is_intensive_support_district", period)
        member = town("is_opportunity_network_district", period)
        return intensive * p.meetings_per_intensive_district + (member & ~intensive) * p.meetings_per_other_district


class alliance_monitoring_meetings(Variable):
    value_type = int
    entity = State
    definition_period = YEAR
    unit = "meeting"
    label = "Monitoring meetings CSDE holds a year with the network's districts"
    reference = [REPORT]
    documentation = "Current law's count before the network is in force; the sum of the districts' meetings after (Recommendation 2)."

    def formula(state, period, parameters):
        """Today's practice before the network is in force; the districts' meetings after."""
        if in_force(parameters, period):
            return state.sum(state.members("monitoring_meetings", period))
        return state("alliance_monitoring_meetings_under_current_law", period)


class intensive_support_district_count(Variable):
    value_type = int
    entity = State
    definition_period = YEAR
    unit = "district"
    label = "Number of network districts with intensive CSDE support"
    reference = [REPORT]
    documentation = "The report expects around 12-15."

    def formula(state, period):
        """Count of the intensive districts."""
        return state.sum(state.members("is_intensive_support_district", period))


class DifferentiatedSupport(Reform):
    name = "Differentiated support (CSDE report, February 2026, Recommendation 2)"

    def apply(self):
        self.modify_parameters(modifier_function=add_network_parameters)
        keep_current_law(self, "alliance_monitoring_meetings")
        add_if_missing(
            self,
            alliance_districts_as_network(),
            opportunity_network_high_need_share,
            opportunity_network_identification_year,
            intensive_support_district(),
        )
        put(self, monitoring_meetings, alliance_monitoring_meetings, intensive_support_district_count)
