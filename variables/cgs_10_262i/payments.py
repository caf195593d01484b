"""C.G.S. 10-262i(b): the ECS grant paid in three installments, and its split between the town and the board of education.

October and January are each 25% of the grant, to the whole dollar (halves away from zero); April is
the balance, so the three installments add up to the grant exactly. The alliance district grant
(C.G.S. 10-262u(c)) is paid for the board of education and the rest (the non-alliance portion) to the
town: the town's installments are those of the non-alliance portion by the same rule, and the board's
are the installment less the town's, so town + board = installment exactly.

The grant paid (10-262i(a)) is the entitlement adjusted for the difference between the prior year's
final and preliminary entitlements: that difference is a labelled input (0 when not given: the
package has final entitlements only), and it is added to the town's part. The compensatory education
grant of C.G.S. 10-262k is deducted from the town's October part and paid to the board of education.
The state's October installment = town's October part + board's alliance part + compensatory grant.

Not modelled:

* the March payment of the balance to a town that has not adopted the uniform fiscal year (10-262i(b)):
  the amount is the same, only its month changes;
* when CSDE actually pays the alliance district grant: on approval of the board's plan (10-262u(d)),
  which can be later than the installment month; here it follows the 10-262i(b) schedule;
* installments before FY2018 (the earliest text of 10-262i(b) read for the package): asking for one is an error.
"""

import numpy

from openfisca_ct_education.model_api import YEAR, Town, TownInputError, Variable, round_half_up
from openfisca_ct_education.references import CSDE_ALLIANCE, SEC_10_262I, SEC_10_262K, SEC_10_262K_2012, SEC_10_262U

_NOT_MODELLED = (
    "C.G.S. § 10-262i(b) before FY2018 is not modelled (the earliest text read for the package is the 2018 "
    "revision)"
)
_UNMODELLED_NOTE = (
    " Not modelled: the March payment for a town without the uniform fiscal year (10-262i(b)); "
    "CSDE's payment of alliance district grants on approval of the board's plan (10-262u(d))."
)


def _installment(town, period, parameters, amount_variable, month):
    """``month``'s share (october, january) of ``amount_variable``, to the whole dollar (C.G.S. 10-262i(b))."""
    p = parameters(period).cgs_10_262i
    share = p.installment_share[month]
    return round_half_up(share * town(amount_variable, period), p.installment_rounding)


def _refuse(town, period, variable_name):
    raise TownInputError(numpy.asarray(town.ids), variable_name, period, _NOT_MODELLED)


class ecs_payment_october(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "October installment of the ECS grant (town, board of education and compensatory grant together): 25% of the grant paid, to the whole dollar"
    reference = [SEC_10_262I]
    documentation = (
        "C.G.S. § 10-262i(b): \"twenty-five per cent of the grant in October\". Rounded to the whole "
        "dollar, halves away from zero (a package convention: the statute does not say)." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_october")

    def formula_2017_07_01(town, period, parameters):
        """25% of the grant paid, to the dollar (C.G.S. 10-262i(a), (b), text as revised to 2018 and current)."""
        return _installment(town, period, parameters, "ecs_grant_paid", "october")


class ecs_payment_january(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "January installment of the ECS grant (town and board of education together): 25% of the grant paid, to the whole dollar"
    reference = [SEC_10_262I]
    documentation = (
        "C.G.S. § 10-262i(b): \"twenty-five per cent of the grant in January\". Rounded as the October "
        "installment." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_january")

    def formula_2017_07_01(town, period, parameters):
        """25% of the grant paid, to the dollar (C.G.S. 10-262i(a), (b), text as revised to 2018 and current)."""
        return _installment(town, period, parameters, "ecs_grant_paid", "january")


class ecs_payment_april(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "April installment of the ECS grant (town and board of education together): the balance of the grant paid"
    reference = [SEC_10_262I]
    documentation = (
        "C.G.S. § 10-262i(b): \"the balance of the grant in April\" (in March for a town without the uniform "
        "fiscal year, same amount). October + January + April = grant paid (ecs_grant_paid) exactly." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_april")

    def formula_2017_07_01(town, period):
        """The balance of the grant (C.G.S. 10-262i(b), text as revised to 2018 and current)."""
        paid = town("ecs_payment_october", period) + town("ecs_payment_january", period)
        return town("ecs_grant_paid", period) - paid


class ecs_payment_to_town_october_before_compensatory_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "The town's October part before the compensatory education grant is deducted: 25% of the grant paid to the town, to the whole dollar"
    reference = [SEC_10_262I, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262i(b) applied to the town's part (ecs_grant_paid_to_town: the non-alliance portion of "
        "C.G.S. § 10-262u(c), with the 10-262i(a) adjustment)." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_to_town_october_before_compensatory_grant")

    def formula_2017_07_01(town, period, parameters):
        """25% of the grant paid to the town, to the dollar (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        return _installment(town, period, parameters, "ecs_grant_paid_to_town", "october")


class ecs_payment_to_town_october(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "October ECS payment to the town: 25% of the town's part (after the alliance grant), less the compensatory education grant"
    reference = [SEC_10_262I, SEC_10_262U, SEC_10_262K, SEC_10_262K_2012]
    documentation = (
        "C.G.S. § 10-262i(b) applied to the town's part of the grant (the entitlement less the alliance district "
        "grant, which is paid for the board of education, C.G.S. § 10-262u(c); plus the 10-262i(a) adjustment), "
        "less the compensatory education grant: C.G.S. § 10-262k, \"the commissioner shall deduct such amount from "
        "the payment made to the town in October of such subsequent fiscal year pursuant to section 10-262i\". "
        "For a town that is not an alliance district and did not apply, the whole installment." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_to_town_october")

    def formula_2017_07_01(town, period):
        """Town's October part less the compensatory education grant (C.G.S. 10-262i(b); 10-262u(c); 10-262k)."""
        before = town("ecs_payment_to_town_october_before_compensatory_grant", period)
        return before - town("compensatory_education_grant", period)


class ecs_payment_to_town_january(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "January ECS payment to the town: 25% of the town's part (after the alliance grant), to the whole dollar"
    reference = [SEC_10_262I, SEC_10_262U]
    documentation = "C.G.S. § 10-262i(b) applied to the town's part (ecs_grant_paid_to_town)." + _UNMODELLED_NOTE

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_to_town_january")

    def formula_2017_07_01(town, period, parameters):
        """25% of the grant paid to the town, to the dollar (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        return _installment(town, period, parameters, "ecs_grant_paid_to_town", "january")


class ecs_payment_to_town_april(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "April ECS payment to the town: the balance of the town's part (after the alliance grant)"
    reference = [SEC_10_262I, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262i(b) applied to the town's part (ecs_grant_paid_to_town): the part less the town's October "
        "part (before the compensatory grant is deducted) and January part, so that the town's three payments plus "
        "the compensatory grant add up to the town's part exactly." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_to_town_april")

    def formula_2017_07_01(town, period):
        """The balance of the town's part (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        paid = town("ecs_payment_to_town_october_before_compensatory_grant", period) + town("ecs_payment_to_town_january", period)
        return town("ecs_grant_paid_to_town", period) - paid


class alliance_district_grant_payment_october(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the October ECS installment paid for the board of education as alliance district grant (installment less the town's part)"
    reference = [SEC_10_262I, SEC_10_262U, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(c) and § 10-262i(b): the October installment less the town's October part (before the "
        "compensatory grant is deducted: that grant goes to the board too, under 10-262k), so town + alliance "
        "part + compensatory grant = installment exactly; 0 for a town that is not an alliance district. "
        "Because each part is rounded on its own, a month's board part can differ by $1 from 25% of the "
        "alliance grant; the three months add up to the grant exactly." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """October installment - town's October part before the compensatory grant (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        return town("ecs_payment_october", period) - town("ecs_payment_to_town_october_before_compensatory_grant", period)


class alliance_district_grant_payment_january(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the January ECS installment paid for the board of education as alliance district grant (installment less the town's part)"
    reference = [SEC_10_262I, SEC_10_262U, CSDE_ALLIANCE]
    documentation = "C.G.S. § 10-262u(c) and § 10-262i(b): the January installment less the part paid to the town." + _UNMODELLED_NOTE

    def formula(town, period):
        """January installment - town's January part (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        return town("ecs_payment_january", period) - town("ecs_payment_to_town_january", period)


class alliance_district_grant_payment_april(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the April ECS installment paid for the board of education as alliance district grant (installment less the town's part)"
    reference = [SEC_10_262I, SEC_10_262U, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(c) and § 10-262i(b): the April installment less the part paid to the town; the "
        "board's three parts add up to the alliance district grant exactly." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """April installment - town's April part (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        return town("ecs_payment_april", period) - town("ecs_payment_to_town_april", period)


class ecs_prior_year_entitlement_adjustment(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    default_value = 0
    label = "10-262i(a) adjustment (input, 0 when not given): the prior year's final entitlement less its preliminary entitlement, added to this year's grant"
    reference = [SEC_10_262I]
    documentation = (
        "C.G.S. § 10-262i(a): the grant \"shall be calculated using the data of record as of the December first "
        "prior to the fiscal year such grant is to be paid, adjusted for the difference between the final "
        "entitlement for the prior fiscal year and the preliminary entitlement for such fiscal year\" (instalawyer "
        "copy of the current text). The package holds final entitlements only, so the difference is an input, in "
        "whole dollars, positive when the final entitlement was the larger; 0 when not given. Model's choice "
        "[unverified]: it is added to the town's part (ecs_grant_paid_to_town), not to the alliance district grant."
    )


class ecs_grant_paid(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "ECS grant paid for the fiscal year: the entitlement plus the 10-262i(a) adjustment for the prior year"
    reference = [SEC_10_262I]
    documentation = (
        "C.G.S. § 10-262i(a): \"each town shall be paid a grant equal to the amount the town is entitled to receive "
        "under the provisions of section 10-262h ... adjusted for the difference between the final entitlement for "
        "the prior fiscal year and the preliminary entitlement\". Equal to the entitlement when no adjustment is given."
    )

    def formula(town, period):
        """Entitlement + the prior-year adjustment (C.G.S. 10-262i(a))."""
        return town("ecs_entitlement", period) + town("ecs_prior_year_entitlement_adjustment", period)


class ecs_grant_paid_to_town(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "The town's part of the grant paid: the non-alliance portion plus the 10-262i(a) adjustment"
    reference = [SEC_10_262I, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262u(c) and § 10-262i(a): the grant paid less the alliance district grant (paid for the board "
        "of education). Its installments are the town's (ecs_payment_to_town_*); the compensatory education grant "
        "(C.G.S. § 10-262k) comes out of its October part."
    )

    def formula(town, period):
        """Non-alliance portion + the 10-262i(a) adjustment (C.G.S. 10-262u(c); 10-262i(a))."""
        return town("ecs_non_alliance_portion", period) + town("ecs_prior_year_entitlement_adjustment", period)
