"""C.G.S. 10-262f: base aid ratio, its minimums and its adjustment factor for public investment communities."""

from openfisca_ct_education.model_api import (
    YEAR,
    max_,
    not_encoded_before,
    round_half_up,
    Town,
    Variable,
    where,
)
from openfisca_ct_education.references import PA_17_2_JSS, PA_23_204, SEC_10_262F, SEC_10_262H, SEC_7_545


class ecs_public_investment_community_rank(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "rank"
    label = "Rank on OPM's Public Investment Community index used for the fiscal year (1 = most distressed; 0 = not ranked)"
    reference = [SEC_7_545, SEC_10_262F]
    documentation = "C.G.S. § 7-545 and § 10-262f, base aid ratio adjustment factor. Input: the ranking the fiscal year's worksheet uses."


class ecs_is_protected_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town is one the ECS formula protects: 10% minimum base aid ratio and hold-harmless (alliance districts; from FY2024 priority school districts too)"
    reference = [SEC_10_262F, SEC_10_262H, PA_17_2_JSS, PA_23_204]
    documentation = (
        "C.G.S. § 10-262f(2) (minimum base aid ratio) and § 10-262h (hold-harmless). The text "
        "enacted by PA 17-2 JSS names alliance districts only; the current text names alliance "
        "districts and priority school districts. The act that added priority school districts is "
        "not yet confirmed: this model dates it with the FY2024 hold-harmless of PA 23-204."
    )

    formula = not_encoded_before(2019, "ecs_is_protected_district", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """An alliance district (C.G.S. 10-262u), as in C.G.S. 10-262f(2)(C) and 10-262h(b) enacted by PA 17-2 JSS."""
        return town("is_alliance_district", period)

    def formula_2023_07_01(town, period):
        """An alliance district (C.G.S. 10-262u) or a priority school district (C.G.S. 10-266p), from FY2024 (PA 23-204, as the current text of 10-262f(2) reads)."""
        return town("is_alliance_district", period) + town("is_priority_school_district", period)


class ecs_base_aid_ratio_before_minimum(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "Base aid ratio before its minimum and adjustment: one minus the wealth adjustment factor"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = "C.G.S. § 10-262f(2), definition of \"base aid ratio\"; may be negative for the wealthiest towns."

    formula = not_encoded_before(2019, "ecs_base_aid_ratio_before_minimum", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """1 - wealth adjustment factor (PA 17-2 JSS)."""
        return 1 - town("ecs_wealth_adjustment_factor", period)


class ecs_minimum_base_aid_ratio(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "Minimum base aid ratio: 10% for an alliance or priority school district, 1% for any other town"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = "C.G.S. § 10-262f(2), definition of \"base aid ratio\" (the minimums)."

    formula = not_encoded_before(2019, "ecs_minimum_base_aid_ratio", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Minimum of PA 17-2 JSS: 10% for a protected district (see ecs_is_protected_district), 1% otherwise."""
        p = parameters(period).cgs_10_262f.base_aid_ratio
        return where(
            town("ecs_is_protected_district", period),
            p.minimum_alliance_or_priority_district,
            p.minimum_other_town,
        )


class ecs_base_aid_ratio_adjustment_factor(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "Base aid ratio adjustment factor for public investment communities (+0.06 to +0.03 for the 19 most distressed)"
    reference = [SEC_10_262F, SEC_7_545, PA_17_2_JSS]
    documentation = (
        "C.G.S. § 10-262f, definition of \"base aid ratio adjustment factor\": points added to the "
        "base aid ratio of the nineteen towns ranked highest on the public investment community "
        "index: ranks 1-5 +0.06, 6-10 +0.05, 11-15 +0.04, 16-19 +0.03."
    )

    formula = not_encoded_before(2019, "ecs_base_aid_ratio_adjustment_factor", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Points by Public Investment Community rank (PA 17-2 JSS)."""
        schedule = parameters(period).cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank
        return schedule.calc(town("ecs_public_investment_community_rank", period))


class ecs_base_aid_ratio(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "Base aid ratio (final): one minus the wealth adjustment factor plus the adjustment factor, not less than the minimum"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = (
        "C.G.S. § 10-262f(2): \"the sum of (A) one minus the town's wealth adjustment factor, and (B) the "
        "town's base aid ratio adjustment factor, if any, except that a town's base aid ratio shall not be "
        "less than (i) ten per cent ... and (ii) one per cent\" (text as revised, lawserver copy). The minimum "
        "floors the sum, as the text reads; the OFA/CSDE worksheets floor 1 - WAF before adding the "
        "adjustment factor. The two orders differ only for a public investment community whose 1 - WAF is "
        "below the minimum: no town in FY2019-FY2026 (every PIC town is far above it)."
    )

    formula = not_encoded_before(2019, "ecs_base_aid_ratio", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """max((1 - wealth adjustment factor) + adjustment factor, minimum) (C.G.S. 10-262f(2), PA 17-2 JSS), to 6 decimals like its terms."""
        ratio = max_(
            town("ecs_base_aid_ratio_before_minimum", period) + town("ecs_base_aid_ratio_adjustment_factor", period),
            town("ecs_minimum_base_aid_ratio", period),
        )
        return round_half_up(ratio, parameters(period).cgs_10_262f.worksheet_rounding.wealth_adjustment_factor)
