"""C.G.S. 10-266p(a): the priority school district grant amounts the statute sets, and what is left of the appropriation.

The statute allocates $1,000,000 to each of the eight largest towns and $500,000 to each town
ranked under (a)(2) or (a)(3), "subject to" C.G.S. 10-276a(c). The rule by which the rest of the
appropriation is allocated was not available to the project (statute brief, open question 11), so
it is not modelled: the town amounts here are the statutory base amounts only, and the rest is
reported, undistributed, as ``priority_school_district_appropriation_unallocated``.
"""

from openfisca_ct_education.model_api import (
    YEAR,
    not_encoded_before,
    require_whole_state,
    State,
    Town,
    Variable,
    where,
)
from openfisca_ct_education.references import PA_25_168, SEC_10_266P, SEC_10_276A


class priority_school_district_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Priority school district grant: the statutory base amount ($1,000,000 or $500,000)"
    reference = [SEC_10_266P, SEC_10_276A]
    documentation = (
        "C.G.S. § 10-266p(a): $1,000,000 to a priority school district among the eight largest towns "
        "(input psd_is_among_largest_towns), $500,000 to any other priority school district (a "
        "designated district not among the largest qualifies under (a)(2) or (a)(3)); 0 otherwise. "
        "A town among the largest that also ranks under (a)(2) or (a)(3) gets $1,000,000, not both "
        "amounts (the reading taken here). NOT THE WHOLE GRANT: the statute allocates the remainder "
        "of the appropriation by a rule the project did not have, so it is not modelled (see "
        "priority_school_district_appropriation_unallocated); the reductions 'subject to' § 10-276a(c) "
        "are not modelled either. Actual grants are larger (CSDE paid Bridgeport $6,707,226 for FY2014)."
    )

    formula = not_encoded_before(2026, "priority_school_district_grant", "the priority school district grant (FY2026 designations and amounts)")

    def formula_2025_07_01(town, period, parameters):
        """C.G.S. 10-266p(a), base amounts for the eight largest towns and the ranked towns (text in force for FY2026)."""
        amounts = parameters(period).cgs_10_266p
        base = where(town("psd_is_among_largest_towns", period), amounts.grant_largest_town, amounts.grant_ranked_town)
        return where(town("is_priority_school_district", period), base, 0.0)


class priority_school_district_grant_total(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total of the priority school district base amounts of the state's towns"
    reference = [SEC_10_266P]
    documentation = "C.G.S. § 10-266p(a): sum over the state's towns of priority_school_district_grant (base amounts only)."

    def formula(state, period):
        """Sum of the member towns' base amounts (C.G.S. 10-266p(a))."""
        return state.sum(state.members("priority_school_district_grant", period))


class priority_school_district_appropriation(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Appropriation for priority school district grants for the fiscal year"
    reference = [PA_25_168, SEC_10_266P]
    documentation = (
        "C.G.S. § 10-266p(a): the appropriation that funds the grants, from the budget act (parameter cgs_10_266p.appropriation: $30.8 million for "
        "FY2026, PA 25-168, rounded as given in the statute brief). No value is recorded for other "
        "fiscal years: give it as an input."
    )

    def formula(state, period, parameters):
        """FY2026 appropriation, PA 25-168 (the budget act)."""
        return state.filled_array(parameters(period).cgs_10_266p.appropriation)


class priority_school_district_appropriation_unallocated(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the priority school district appropriation left after the statutory base amounts (not allocated by the model)"
    reference = [SEC_10_266P, PA_25_168]
    documentation = (
        "C.G.S. § 10-266p(a): the appropriation minus the $1,000,000 and $500,000 base amounts of all "
        "the state's priority school districts. The statute allocates this remainder to the districts, "
        "but its rule was not available to the project, so the model does not distribute it and does "
        "not guess. Phase-out (§ 10-276a) and transitional (§ 10-263c) grants are not deducted: which "
        "appropriation pays them was not established. Only a state of all 169 towns can give it."
    )

    def formula(state, period, parameters):
        """Appropriation (PA 25-168) minus the base amounts of C.G.S. 10-266p(a), over all towns."""
        require_whole_state(
            state,
            period,
            parameters(period).state.number_of_towns,
            "priority_school_district_appropriation_unallocated",
            "The unallocated priority school district appropriation",
        )
        return state("priority_school_district_appropriation", period) - state(
            "priority_school_district_grant_total", period
        )
