"""C.G.S. 10-262j: a town's shortfall below its minimum budget requirement, and the penalty (secondary source)."""

import numpy

from openfisca_ct_education.model_api import YEAR, Town, TownInputError, Variable
from openfisca_ct_education.references import CSDE_MBR, MBR_PENALTY_PRESS, SEC_10_262I, SEC_10_262J

_BEFORE_FY2023 = "C.G.S. § 10-262j before FY2023 is not modelled (see minimum_budget_requirement)"


def _refuse(town, period, variable_name):
    raise TownInputError(numpy.asarray(town.ids), variable_name, period, _BEFORE_FY2023)


class mbr_shortfall(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Amount by which the town's budgeted appropriation for education falls short of its minimum budget requirement"
    reference = [SEC_10_262J]
    documentation = "C.G.S. § 10-262j(a): max(0, MBR - budgeted appropriation for education); 0 if exempt. Needs the input budgeted_appropriation_for_education."

    def formula(town, period):
        """Before FY2023: not modelled (an error, not a zero)."""
        _refuse(town, period, "mbr_shortfall")

    def formula_2022_07_01(town, period):
        """max(0, MBR - budgeted appropriation) (C.G.S. 10-262j(a), as revised to January 1, 2023)."""
        gap = town("minimum_budget_requirement", period) - town("budgeted_appropriation_for_education", period)
        return numpy.maximum(gap, 0)


class mbr_shortfall_penalty(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Penalty for the year's MBR shortfall, forfeited from the following year's ECS grant: twice the shortfall (secondary source)"
    reference = [MBR_PENALTY_PRESS, SEC_10_262I, CSDE_MBR]
    documentation = (
        "C.G.S. § 10-262i or 10-262j (subsection not read; 10-262i's heading names a penalty). SECONDARY "
        "SOURCE ONLY, a weak one: the state withholds twice the shortfall from the next year's equalization "
        "aid grant; the parameter cgs_10_262j.shortfall_penalty_multiple holds the multiple. The penalty is "
        "not deducted from any ECS payment of the package."
    )

    def formula(town, period):
        """Before FY2023: not modelled (an error, not a zero)."""
        _refuse(town, period, "mbr_shortfall_penalty")

    def formula_2022_07_01(town, period, parameters):
        """Multiple x shortfall (secondary source; the statutory penalty of C.G.S. 10-262i was not read)."""
        return parameters(period).cgs_10_262j.shortfall_penalty_multiple * town("mbr_shortfall", period)
