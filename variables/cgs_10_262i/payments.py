"""C.G.S. 10-262i(b): the ECS grant paid in three installments, and its split between the town and the board of education.

October and January are each 25% of the grant, to the whole dollar (halves away from zero); April is
the balance, so the three installments add up to the grant exactly. The alliance district grant
(C.G.S. 10-262u(c)) is paid for the board of education and the rest (the non-alliance portion) to the
town: the town's installments are those of the non-alliance portion by the same rule, and the board's
are the installment less the town's, so town + board = installment exactly.

Not modelled:

* the 10-262i(a) adjustment of a year's payments for the difference between the prior year's final
  entitlement and its preliminary entitlement (the package has final entitlements only);
* the March payment of the balance to a town that has not adopted the uniform fiscal year (10-262i(b)):
  the amount is the same, only its month changes;
* when CSDE actually pays the alliance district grant: on approval of the board's plan (10-262u(d)),
  which can be later than the installment month; here it follows the 10-262i(b) schedule;
* installments before FY2018 (the earliest text of 10-262i(b) read for the package): asking for one is an error.
"""

import numpy

from openfisca_ct_education.model_api import YEAR, Town, TownInputError, Variable, round_half_up
from openfisca_ct_education.references import CSDE_ALLIANCE, SEC_10_262I, SEC_10_262U

_NOT_MODELLED = (
    "C.G.S. § 10-262i(b) before FY2018 is not modelled (the earliest text read for the package is the 2018 "
    "revision)"
)
_UNMODELLED_NOTE = (
    " Not modelled: the 10-262i(a) adjustment for the difference between the prior year's final and "
    "preliminary entitlement; the March payment for a town without the uniform fiscal year (10-262i(b)); "
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
    label = "October installment of the town's ECS grant: 25% of the entitlement, to the whole dollar"
    reference = [SEC_10_262I]
    documentation = (
        "C.G.S. § 10-262i(b): \"twenty-five per cent of the grant in October\". Rounded to the whole "
        "dollar, halves away from zero (a package convention: the statute does not say)." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_october")

    def formula_2017_07_01(town, period, parameters):
        """25% of the entitlement, to the dollar (C.G.S. 10-262i(b), text as revised to 2018 and current)."""
        return _installment(town, period, parameters, "ecs_entitlement", "october")


class ecs_payment_january(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "January installment of the town's ECS grant: 25% of the entitlement, to the whole dollar"
    reference = [SEC_10_262I]
    documentation = (
        "C.G.S. § 10-262i(b): \"twenty-five per cent of the grant in January\". Rounded as the October "
        "installment." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_january")

    def formula_2017_07_01(town, period, parameters):
        """25% of the entitlement, to the dollar (C.G.S. 10-262i(b), text as revised to 2018 and current)."""
        return _installment(town, period, parameters, "ecs_entitlement", "january")


class ecs_payment_april(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "April installment of the town's ECS grant: the balance (entitlement less the October and January installments)"
    reference = [SEC_10_262I]
    documentation = (
        "C.G.S. § 10-262i(b): \"the balance of the grant in April\" (in March for a town without the uniform "
        "fiscal year, same amount). October + January + April = entitlement exactly." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_april")

    def formula_2017_07_01(town, period):
        """The balance of the grant (C.G.S. 10-262i(b), text as revised to 2018 and current)."""
        paid = town("ecs_payment_october", period) + town("ecs_payment_january", period)
        return town("ecs_entitlement", period) - paid


class ecs_payment_to_town_october(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the October ECS installment paid to the town: 25% of the non-alliance portion, to the whole dollar"
    reference = [SEC_10_262I, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262i(b) applied to the non-alliance portion of C.G.S. § 10-262u(c) (the entitlement "
        "less the alliance district grant, which is paid for the board of education). For a town that is "
        "not an alliance district, the whole installment." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_to_town_october")

    def formula_2017_07_01(town, period, parameters):
        """25% of the non-alliance portion, to the dollar (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        return _installment(town, period, parameters, "ecs_non_alliance_portion", "october")


class ecs_payment_to_town_january(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the January ECS installment paid to the town: 25% of the non-alliance portion, to the whole dollar"
    reference = [SEC_10_262I, SEC_10_262U]
    documentation = "C.G.S. § 10-262i(b) applied to the non-alliance portion of C.G.S. § 10-262u(c)." + _UNMODELLED_NOTE

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_to_town_january")

    def formula_2017_07_01(town, period, parameters):
        """25% of the non-alliance portion, to the dollar (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        return _installment(town, period, parameters, "ecs_non_alliance_portion", "january")


class ecs_payment_to_town_april(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the April ECS installment paid to the town: the balance of the non-alliance portion"
    reference = [SEC_10_262I, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262i(b) applied to the non-alliance portion of C.G.S. § 10-262u(c): the portion less "
        "the town's October and January parts, so the town's three parts add up to it exactly." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """Before FY2018: not modelled (an error, not a zero)."""
        _refuse(town, period, "ecs_payment_to_town_april")

    def formula_2017_07_01(town, period):
        """The balance of the non-alliance portion (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        paid = town("ecs_payment_to_town_october", period) + town("ecs_payment_to_town_january", period)
        return town("ecs_non_alliance_portion", period) - paid


class alliance_district_grant_payment_october(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Part of the October ECS installment paid for the board of education as alliance district grant (installment less the town's part)"
    reference = [SEC_10_262I, SEC_10_262U, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(c) and § 10-262i(b): the October installment less the part paid to the town, so "
        "town + board of education = installment exactly; 0 for a town that is not an alliance district. "
        "Because each part is rounded on its own, a month's board part can differ by $1 from 25% of the "
        "alliance grant; the three months add up to the grant exactly." + _UNMODELLED_NOTE
    )

    def formula(town, period):
        """October installment - town's October part (C.G.S. 10-262i(b); 10-262u(c), PA 12-116)."""
        return town("ecs_payment_october", period) - town("ecs_payment_to_town_october", period)


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
