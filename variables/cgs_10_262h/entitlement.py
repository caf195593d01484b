"""C.G.S. 10-262h: the equalization aid (ECS) grant each town is entitled to, by fiscal year.

The fiscal years FY2019-FY2027 follow the phase-in of PA 17-2 JSS as amended by PA 21-2 JSS,
PA 23-204 and PA 25-168. FY2018 and earlier grants were set as amounts by the legislature:
they are inputs (the published history ships with the package), never computed.
"""

import numpy

from openfisca_ct_education.model_api import (
    YEAR,
    max_,
    not_encoded_before,
    previous_year_value,
    round_half_up,
    State,
    Town,
    TownInputError,
    Variable,
    where,
)
from openfisca_ct_education.references import PA_17_2_JSS, PA_21_2_JSS, PA_23_204, PA_25_168, SEC_10_262F, SEC_10_262H


class ecs_entitlement(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Education Cost Sharing (equalization aid) grant the town is entitled to for the fiscal year"
    reference = [SEC_10_262H, PA_17_2_JSS, PA_21_2_JSS, PA_23_204, PA_25_168]
    documentation = (
        "C.G.S. § 10-262h. From FY2019: the phase-in amount (ecs_phase_in_grant), raised for an "
        "alliance or priority school district to its hold-harmless amount. FY2018 and earlier: "
        "amounts set by the legislature, which must be given as inputs (the published history)."
    )

    def formula(town, period):
        """FY2018 and earlier: no formula. The legislature set these grants as amounts (C.G.S. 10-262h(a) for FY2018)."""
        raise TownInputError(
            numpy.asarray(town.ids),
            "ecs_entitlement",
            period,
            f"The ECS entitlement for FY{period.start.year} was set as an amount by the legislature and is "
            "not computed by the formula (which starts with FY2019): give it as an input, for example "
            "from the published history shipped with the package",
        )

    def formula_2018_07_01(town, period):
        """C.G.S. 10-262h(b) and following (PA 17-2 JSS, as amended by PA 21-2 JSS, PA 23-204 and PA 25-168).

        The phase-in amount, or for an alliance or priority school district the greater of it and
        the hold-harmless amount.
        """
        phase_in = town("ecs_phase_in_grant", period)
        protected = town("ecs_is_protected_district", period)
        return where(protected, max_(phase_in, town("ecs_hold_harmless_amount", period)), phase_in)


class ecs_prior_year_entitlement(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "The town's ECS entitlement for the previous fiscal year"
    reference = [SEC_10_262H]
    documentation = (
        "C.G.S. § 10-262h, \"the equalization aid grant amount for the previous fiscal year\": the "
        "entitlement given for the year before, or computed from that year's formula inputs when they are "
        "given (a chain of years); never taken as 0 when neither is given (an error names what is missing)."
    )

    def formula(town, period):
        """The entitlement of the fiscal year before (C.G.S. 10-262h): given, or computed from that year's inputs."""
        return previous_year_value(town, "ecs_entitlement", period, 2019, ("ecs_resident_students", "ecs_fully_funded_grant", "ecs_phase_in_grant"))


class ecs_grant_adjustment_reference_amount(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Amount the fully funded grant is compared with: the base grant (FY2019-FY2022), the previous year's grant (from FY2023)"
    reference = [SEC_10_262F, SEC_10_262H, PA_17_2_JSS, PA_21_2_JSS]
    documentation = "C.G.S. § 10-262f, definition of \"grant adjustment\", and § 10-262h: what decides whether a town is under- or overfunded."

    formula = not_encoded_before(2019, "ecs_grant_adjustment_reference_amount", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """The base grant amount, FY2019-FY2022 (PA 17-2 JSS; C.G.S. 10-262h(b), (c))."""
        return town("ecs_base_grant_amount", period)

    def formula_2022_07_01(town, period):
        """The previous fiscal year's grant, from FY2023 (PA 21-2 JSS)."""
        return town("ecs_prior_year_entitlement", period)


class ecs_grant_adjustment(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Grant adjustment: the difference between the fully funded grant and the reference amount"
    reference = [SEC_10_262F, SEC_10_262H, PA_17_2_JSS, PA_21_2_JSS]
    documentation = "C.G.S. § 10-262f, definition of \"grant adjustment\": the absolute difference."

    formula = not_encoded_before(2019, "ecs_grant_adjustment", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """|fully funded grant - reference amount| (PA 17-2 JSS; reference amount as amended by PA 21-2 JSS)."""
        return abs(town("ecs_fully_funded_grant", period) - town("ecs_grant_adjustment_reference_amount", period))


class ecs_is_underfunded(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's fully funded grant is greater than its reference amount (it is phased up, not down)"
    reference = [SEC_10_262H, PA_17_2_JSS, PA_21_2_JSS]
    documentation = "C.G.S. § 10-262h: \"any town whose fully funded grant is greater than its base grant amount\" (from FY2023: its previous grant)."

    formula = not_encoded_before(2019, "ecs_is_underfunded", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """Fully funded grant > reference amount (PA 17-2 JSS; reference amount as amended by PA 21-2 JSS)."""
        return town("ecs_fully_funded_grant", period) > town("ecs_grant_adjustment_reference_amount", period)


class ecs_phase_in_starting_amount(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Amount the year's phase-in step starts from: the base grant (FY2019), the previous year's grant (from FY2020)"
    reference = [SEC_10_262H, PA_17_2_JSS]
    documentation = "C.G.S. § 10-262h(b) (FY2019: \"its base grant amount plus ...\") and (c) and after (\"its equalization aid grant amount for the previous fiscal year plus ...\")."

    formula = not_encoded_before(2019, "ecs_phase_in_starting_amount", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """The base grant amount, FY2019 (C.G.S. 10-262h(b), PA 17-2 JSS)."""
        return town("ecs_base_grant_amount", period)

    def formula_2019_07_01(town, period):
        """The previous fiscal year's grant, from FY2020 (C.G.S. 10-262h(c), PA 17-2 JSS)."""
        return town("ecs_prior_year_entitlement", period)


class ecs_phase_in_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Phase-in amount: the starting amount plus (underfunded) or minus (overfunded) the year's share of the grant adjustment"
    reference = [SEC_10_262H, PA_17_2_JSS, PA_21_2_JSS, PA_23_204, PA_25_168]
    documentation = (
        "C.G.S. § 10-262h, for each fiscal year from FY2019: an underfunded town gets its starting "
        "amount plus the year's phase-in rate of its grant adjustment (4.1% FY2019; 10.66% "
        "FY2020-FY2022; 16.67% FY2023; 20% FY2024; 56.5% FY2025; full funding from FY2026); an "
        "overfunded town loses the year's phase-down rate (25% FY2019; 8.33% FY2020-FY2021; held "
        "harmless FY2022-FY2027; 14.29% FY2028 ... 100% FY2034). To the dollar. Held harmless means held at the "
        "previous fiscal year's grant (the starting amount): for FY2027, the FY2026 grant. PA 25-168's text was not "
        "found in the sources [unverified], and summaries of sHB 7167 (2025) say both \"maintain their funding "
        "levels from FY 25\" and \"receive their prior fiscal year amounts\"; the state's own FY2027 estimate "
        "(made with the budget) settles it: each of the 61 towns whose FY2026 grant differs from its FY2025 grant "
        "and whose FY2027 estimate equals one of them equals its FY2026 grant, none its FY2025 grant."
    )

    formula = not_encoded_before(2019, "ecs_phase_in_grant", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Starting amount +/- the year's rate x grant adjustment (PA 17-2 JSS; rates as amended by PA 21-2 JSS, PA 23-204 and PA 25-168).

        The year's change (rate x grant adjustment, signed) is rounded to the dollar, halves away from
        zero, before it is added, as the state's worksheet does: FY2019's 25% cut of an overfunded
        town's odd grant adjustment ends in 50 cents and is rounded up (Andover: 25% x $795,402 =
        $198,850.50 -> $198,851; $2,331,185 - $198,851 = $2,132,334 published).
        """
        p = parameters(period)
        adjustment = town("ecs_grant_adjustment", period)
        step = where(
            town("ecs_is_underfunded", period),
            p.cgs_10_262h.underfunded_increase_rate * adjustment,
            -p.cgs_10_262h.overfunded_decrease_rate * adjustment,
        )
        return town("ecs_phase_in_starting_amount", period) + round_half_up(step, p.cgs_10_262f.worksheet_rounding.grant)


class ecs_hold_harmless_amount(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Least grant an alliance or priority school district is entitled to"
    reference = [SEC_10_262H, PA_17_2_JSS, PA_23_204, PA_25_168]
    documentation = (
        "C.G.S. § 10-262h: an alliance district (or priority school district) is not reduced. "
        "FY2019-FY2023: its starting amount (the base grant in FY2019, the previous year's grant "
        "after). From FY2024: the greater of its base grant amount and its previous year's grant."
    )

    formula = not_encoded_before(2019, "ecs_hold_harmless_amount", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """The starting amount: not reduced below the base grant (FY2019) or the previous year's grant (FY2020-FY2023) (PA 17-2 JSS; C.G.S. 10-262h(b)(2))."""
        return town("ecs_phase_in_starting_amount", period)

    def formula_2023_07_01(town, period):
        """The greater of the base grant amount (FY2017 grant) and the previous year's grant, from FY2024 (PA 23-204)."""
        return max_(town("ecs_base_grant_amount", period), town("ecs_prior_year_entitlement", period))


class ecs_statewide_entitlement(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total ECS entitlement of all towns of the state"
    reference = [SEC_10_262H]
    documentation = "Sum over the state's towns of the C.G.S. § 10-262h entitlement."

    def formula(state, period):
        """Sum of the member towns' entitlements."""
        return state.sum(state.members("ecs_entitlement", period))
