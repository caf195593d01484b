"""C.G.S. 10-262h(a): the FY2018 equalization aid grants as the statute defines them, before the November 2017 holdbacks.

"(a) For the fiscal year ending June 30, 2018, each town maintaining public schools according to law shall be
entitled to an equalization aid grant as follows: (1) Any town designated as an alliance district ... shall be
entitled to an equalization aid grant in an amount equal to its base grant amount; and (2) any town not designated
as an alliance district shall be entitled to an equalization aid grant in an amount equal to ninety-five per cent of
its base grant amount." (findlaw copy, current as of January 1, 2025.)

What was paid for FY2018 (the published entitlements, ecs_entitlement) is lower: the November 2017 holdbacks. CSDE's
statewide alliance district figure is computed on the grants before them; the model's alliance district grant for
FY2018 is therefore computed on this amount, and the holdbacks fall on the town's part (ecs_non_alliance_portion),
which is what was paid less the alliance grant.
"""

from openfisca_ct_education.model_api import YEAR, Town, Variable, round_half_up, where
from openfisca_ct_education.references import PA_17_2_JSS, SEC_10_262H, SEC_10_262U

FINDLAW_10_262H = "https://codes.findlaw.com/ct/title-10-education-and-culture/ct-gen-st-sect-10-262h/"


class ecs_grant_before_holdbacks(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "ECS grant the town is entitled to under C.G.S. 10-262h before any holdback (FY2018: its base grant amount, or 95% of it; other years: the entitlement)"
    reference = [SEC_10_262H, FINDLAW_10_262H, PA_17_2_JSS, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262h(a), FY2018: an alliance district's base grant amount (its FY2017 grant), any other town's "
        "95% of it, to the whole dollar (rounding: package convention). The FY2018 amounts paid (ecs_entitlement, "
        "the published history) are these less the November 2017 holdbacks; every other year it equals the "
        "entitlement. The alliance district grant is computed on it (as CSDE's FY2018 figure is)."
    )

    def formula(town, period):
        """The entitlement (no holdback in the years the package models, other than FY2018)."""
        return town("ecs_entitlement", period)

    def formula_2017_07_01(town, period, parameters):
        """10-262h(a) (PA 17-2 JSS): base grant amount (the FY2017 grant) for an alliance district, 95% of it otherwise."""
        base = town("ecs_entitlement", "2017")
        share = parameters(period).cgs_10_262h.fy2018_share_of_base_grant_for_other_towns
        return where(town("is_alliance_district", period), base, round_half_up(share * base))

    def formula_2018_07_01(town, period):
        """The entitlement, from FY2019 (C.G.S. 10-262h(b) and after)."""
        return town("ecs_entitlement", period)
