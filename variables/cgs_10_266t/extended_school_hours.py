"""C.G.S. 10-266t: extended school hours grants to priority school districts, by share of average daily membership."""

import numpy

from openfisca_ct_education.model_api import (
    YEAR,
    allocate_state_amount,
    ratio,
    require_whole_state,
    State,
    Town,
    TownInputError,
    Variable,
    where,
)
from openfisca_ct_education.references import PA_25_168, SEC_10_261, SEC_10_266T, SEC_10_266U


class average_daily_membership(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Average daily membership of the town's school district"
    reference = [SEC_10_261, SEC_10_266T]
    documentation = "C.G.S. § 10-261, definition of average daily membership, as used by § 10-266t. Input."


class extended_school_hours_membership(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Average daily membership counted for the extended school hours grant (priority school districts only)"
    reference = [SEC_10_266T]
    documentation = "C.G.S. § 10-266t: the district's average daily membership if it is a priority school district, else 0."

    def formula(town, period):
        """C.G.S. 10-266t: only priority school districts share the grant; each must have its membership."""
        priority = town("is_priority_school_district", period)
        membership = town("average_daily_membership", period)
        missing = priority & (membership <= 0)
        if missing.any():
            raise TownInputError(
                numpy.asarray(town.ids)[missing],
                "average_daily_membership",
                period,
                "A priority school district's average daily membership is needed to share the extended school "
                "hours grant (C.G.S. 10-266t); the shipped data does not carry it: give it as an input",
            )
        return where(priority, membership, 0.0)


class extended_school_hours_total_membership(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "student"
    label = "Total average daily membership of all priority school districts of the state"
    reference = [SEC_10_266T]
    documentation = (
        "C.G.S. § 10-266t: the denominator of each district's share. Summed over the state's towns, "
        "which must be all 169; a situation of fewer towns must give it as an input."
    )

    def formula(state, period, parameters):
        """C.G.S. 10-266t: total average daily membership of the priority school districts."""
        require_whole_state(
            state,
            period,
            parameters(period).state.number_of_towns,
            "extended_school_hours_total_membership",
            "The total average daily membership of all priority school districts",
        )
        return state.sum(state.members("extended_school_hours_membership", period))


class extended_school_hours_share(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "The district's share of the average daily membership of all priority school districts"
    reference = [SEC_10_266T]
    documentation = "C.G.S. § 10-266t: the district's average daily membership over the total of all priority school districts (0 if that total is 0)."

    def formula(town, period):
        """C.G.S. 10-266t: membership / total membership of the priority school districts."""
        total = town.state("extended_school_hours_total_membership", period)
        membership = town("extended_school_hours_membership", period)
        return ratio(membership, total)


class extended_school_hours_appropriation(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Appropriation for extended school hours grants for the fiscal year"
    reference = [PA_25_168, SEC_10_266T, SEC_10_266U]
    documentation = (
        "C.G.S. § 10-266t: the appropriation that funds the grants, from the budget act (parameter cgs_10_266t.appropriation: $2.9 million for FY2026, "
        "PA 25-168, rounded as given in the statute brief). C.G.S. § 10-266t shares the appropriation "
        "less the set-asides of § 10-266u(a) and (b); those set-asides are not modelled (their amounts "
        "were not available), so the whole appropriation is shared. Other fiscal years: give it as an input."
    )

    def formula(state, period, parameters):
        """FY2026 appropriation, PA 25-168 (the budget act)."""
        return state.filled_array(parameters(period).cgs_10_266t.appropriation)


class extended_school_hours_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Extended school hours grant: the district's share of the appropriation, in whole dollars"
    reference = [SEC_10_266T, PA_25_168]
    documentation = (
        "C.G.S. § 10-266t: share of average daily membership among priority school districts times the "
        "appropriation. With all 169 towns, whole dollars by the largest-remainder method "
        "(openfisca_ct_education.engine.allocation), adding up exactly to the appropriation; a situation of "
        "fewer towns gives each its share to the dollar, halves up (the whole-state allocation can "
        "differ by $1)."
    )

    def formula(town, period, parameters):
        """C.G.S. 10-266t: the appropriation (PA 25-168) shared by average daily membership."""
        return allocate_state_amount(
            town,
            period,
            parameters(period).state.number_of_towns,
            "extended_school_hours_membership",
            "extended_school_hours_share",
            "extended_school_hours_appropriation",
        )


class extended_school_hours_grant_total(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total extended school hours grants of the state's towns"
    reference = [SEC_10_266T]
    documentation = "C.G.S. § 10-266t: sum over the state's towns of extended_school_hours_grant."

    def formula(state, period):
        """Sum of the member towns' grants (C.G.S. 10-266t)."""
        return state.sum(state.members("extended_school_hours_grant", period))
