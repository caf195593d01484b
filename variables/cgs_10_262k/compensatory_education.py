"""C.G.S. 10-262k: grants for compensatory education programs, out of the town's ECS grant.

"the board of education which has jurisdiction over the schools in any town (1) with a total population ...
greater than twenty thousand, and (2) in which the grant mastery percentage ... is greater than twenty per
cent may annually apply to the Commissioner of Education ... to receive not more than two per cent of the
town's grant entitlement pursuant to section 10-262h for the subsequent fiscal year for compensatory
education programs. ... Upon submission of a timely application to the commissioner, the commissioner shall
deduct such amount from the payment made to the town in October of such subsequent fiscal year pursuant to
section 10-262i, and the board of education shall receive a grant in such amount." (2012 text, justia copy.)

Which boards applied is an input (the FY2026 list of CSDE's payment list ships with the package). The
eligibility tests (population, grant mastery percentage) are not checked: the grant mastery percentage is
not in the package's data, and the list is of boards that were paid. The amount is the maximum, 2% of the
whole entitlement, to the dollar. For an alliance district the 2% is of the entitlement "pursuant to section
10-262h" (the whole grant, alliance grant included), as the text says, and it is deducted from the town's
October part, the payment "made to the town" -- the alliance grant is not paid to the town (10-262u(c)).
CSDE's payment practice for an alliance town was not found in the sources: this reading is UNVERIFIED.
"""

import numpy

from openfisca_ct_education.model_api import YEAR, State, Town, Variable, round_half_up
from openfisca_ct_education.references import SEC_10_262I, SEC_10_262K, SEC_10_262K_2012, SEC_10_262U

_TEXT = SEC_10_262K_2012


class compensatory_education_grant_applied(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    default_value = False
    label = "The town's board of education applied for a compensatory education grant out of this year's ECS grant (input)"
    reference = [SEC_10_262K, _TEXT]
    documentation = (
        "C.G.S. § 10-262k: the board \"may annually apply to the Commissioner of Education\". Input: for FY2026, "
        "the eight towns on CSDE's ECS payment list (data/compensatory_education_applicants.csv); false when not "
        "given. The eligibility tests of 10-262k (population over 20,000, grant mastery percentage over 20%) are "
        "not checked: the mastery percentage is not in the package's data."
    )


class compensatory_education_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Compensatory education grant to the board of education: 2% of the town's ECS entitlement, deducted from the town's October payment"
    reference = [SEC_10_262K, _TEXT, SEC_10_262I, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262k: \"not more than two per cent of the town's grant entitlement pursuant to section 10-262h\", "
        "which \"the commissioner shall deduct ... from the payment made to the town in October\". The model takes "
        "the maximum, 2% of the whole entitlement, to the whole dollar (halves away from zero), and never more than "
        "the town's October part (ecs_payment_to_town_october_before_compensatory_grant). UNVERIFIED: that boards "
        "take the full 2%, the rounding, and for an alliance district that the 2% is of the whole entitlement and "
        "comes out of the town's part (CSDE's payment list amounts are not in the sources)."
    )

    def formula(town, period, parameters):
        """Applied: min(2% of the entitlement to the dollar, the town's October part) (C.G.S. 10-262k)."""
        applied = town("compensatory_education_grant_applied", period)
        if not applied.any():
            return town.filled_array(0.0)
        p = parameters(period).cgs_10_262k
        amount = round_half_up(p.maximum_share * town("ecs_entitlement", period), p.rounding)
        october = town("ecs_payment_to_town_october_before_compensatory_grant", period)
        return numpy.where(applied, numpy.minimum(amount, numpy.maximum(october, 0)), 0.0)


class compensatory_education_grant_statewide(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total compensatory education grants of the state (taken out of the towns' October ECS payments)"
    reference = [SEC_10_262K, _TEXT]
    documentation = "Sum over the state's towns of the C.G.S. § 10-262k grant."

    def formula(state, period):
        """Sum of the member towns' compensatory education grants."""
        return state.sum(state.members("compensatory_education_grant", period))
