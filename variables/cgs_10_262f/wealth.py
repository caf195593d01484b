"""C.G.S. 10-262f: town wealth against the statewide medians (ENGL per capita, median household income)."""

import numpy

from openfisca_ct_education.model_api import (
    YEAR,
    not_encoded_before,
    round_half_up,
    State,
    statewide_median,
    Town,
    TownInputError,
    Variable,
)
from openfisca_ct_education.references import PA_17_2_JSS, SEC_10_262F


def wealth_factor(town, period, parameters, measure, statewide_median):
    """A town's wealth measure over the threshold factor times its statewide median, to 6 decimals (C.G.S. 10-262f)."""
    p = parameters(period).cgs_10_262f
    ratio = town(measure, period) / (p.wealth.threshold_factor * town.state(statewide_median, period))
    return round_half_up(ratio, p.worksheet_rounding.wealth_factors)


class ecs_equalized_net_grand_list(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Equalized net grand list: average of the three grand lists the fiscal year uses"
    reference = [SEC_10_262F]
    documentation = (
        "C.G.S. § 10-262f, definition of \"equalized net grand list\" (OPM's estimate of taxable "
        "property at market value). Input: the 3-year average the worksheet uses (FY2026: grand "
        "lists 2020-2022)."
    )


class ecs_population(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "person"
    label = "Town population estimate used for ENGL per capita"
    reference = [SEC_10_262F]
    documentation = "C.G.S. § 10-262f. Input: the population estimate of the vintage the worksheet uses (FY2026: 2022)."


class ecs_median_household_income(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Town median household income"
    reference = [SEC_10_262F]
    documentation = "C.G.S. § 10-262f(4), definition of \"median household income\". Input: the vintage the worksheet uses (FY2026: ACS 2022)."


class ecs_engl_per_capita(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Equalized net grand list per capita"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = "C.G.S. § 10-262f, definition of \"equalized net grand list per capita\": the average grand list divided by population, to the cent."

    formula = not_encoded_before(2019, "ecs_engl_per_capita", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """ENGL per capita (PA 17-2 JSS): average equalized net grand list / population, to the cent."""
        population = town("ecs_population", period)
        if (population <= 0).any():
            raise TownInputError(
                numpy.asarray(town.ids)[population <= 0],
                "ecs_population",
                period,
                "Population must be positive to compute ENGL per capita (C.G.S. 10-262f)",
            )
        decimals = parameters(period).cgs_10_262f.worksheet_rounding.engl_per_capita
        return round_half_up(town("ecs_equalized_net_grand_list", period) / population, decimals)


class ecs_state_median_engl_per_capita(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Statewide median of town ENGL per capita"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = (
        "C.G.S. § 10-262f, wealth adjustment factor: the median over all towns of the state. "
        "Computed from the state's member towns, which must be all 169; a situation of fewer "
        "towns must give it as an input."
    )

    formula = not_encoded_before(2019, "ecs_state_median_engl_per_capita", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(state, period, parameters):
        """Median ENGL per capita over all towns of the state (PA 17-2 JSS)."""
        return statewide_median(
            state, "ecs_engl_per_capita", period, parameters(period).state.number_of_towns, "ecs_state_median_engl_per_capita"
        )


class ecs_state_median_household_income(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Statewide median of town median household incomes"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = (
        "C.G.S. § 10-262f, wealth adjustment factor: the median over all towns of the state. "
        "Computed from the state's member towns, which must be all 169; a situation of fewer "
        "towns must give it as an input."
    )

    formula = not_encoded_before(2019, "ecs_state_median_household_income", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(state, period, parameters):
        """Median of town median household incomes over all towns of the state (PA 17-2 JSS)."""
        return statewide_median(
            state, "ecs_median_household_income", period, parameters(period).state.number_of_towns, "ecs_state_median_household_income"
        )


class ecs_engl_factor(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "Property wealth factor: ENGL per capita over 1.35 times the statewide median"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = "C.G.S. § 10-262f, wealth adjustment factor; kept to 6 decimals as the state's worksheet does."

    formula = not_encoded_before(2019, "ecs_engl_factor", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """ENGL per capita / (threshold factor x statewide median ENGL per capita) (PA 17-2 JSS)."""
        return wealth_factor(town, period, parameters, "ecs_engl_per_capita", "ecs_state_median_engl_per_capita")


class ecs_median_household_income_factor(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "Income wealth factor: median household income over 1.35 times the statewide median"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = "C.G.S. § 10-262f, wealth adjustment factor; kept to 6 decimals as the state's worksheet does."

    formula = not_encoded_before(2019, "ecs_median_household_income_factor", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Median household income / (threshold factor x statewide median) (PA 17-2 JSS)."""
        return wealth_factor(town, period, parameters, "ecs_median_household_income", "ecs_state_median_household_income")


class ecs_wealth_adjustment_factor(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "Wealth adjustment factor: 70% property wealth factor + 30% income wealth factor"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = (
        "C.G.S. § 10-262f, definition of \"wealth adjustment factor\"; kept to 6 decimals with "
        "halves away from zero, as the state's worksheet does (the base aid ratio is one minus it)."
    )

    formula = not_encoded_before(2019, "ecs_wealth_adjustment_factor", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """0.70 x ENGL factor + 0.30 x median household income factor (PA 17-2 JSS)."""
        p = parameters(period).cgs_10_262f
        factor = (
            p.wealth.engl_weight * town("ecs_engl_factor", period)
            + p.wealth.mhi_weight * town("ecs_median_household_income_factor", period)
        )
        return round_half_up(factor, p.worksheet_rounding.wealth_adjustment_factor)
