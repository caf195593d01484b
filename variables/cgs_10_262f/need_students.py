"""C.G.S. 10-262f: total need students (resident students weighted for low income, concentrated poverty and English learners)."""

import numpy

from openfisca_ct_education.model_api import (
    YEAR,
    max_,
    not_encoded_before,
    round_half_up,
    Town,
    TownInputError,
    Variable,
)
from openfisca_ct_education.references import PA_17_2_JSS, PA_21_2_JSS, SEC_10_262F


class ecs_resident_students(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Resident students: pupils the town is responsible for educating (October 1 count of the prior school year)"
    reference = [SEC_10_262F]
    documentation = (
        "C.G.S. § 10-262f(22), definition of \"resident students\". Input: the count of record used by "
        "the fiscal year's ECS worksheet (FY2026 uses the October 2024 count); fractional for "
        "part-time and tuition students."
    )


class ecs_low_income_students(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Low-income students: resident students eligible for free or reduced-price meals"
    reference = [SEC_10_262F]
    documentation = "C.G.S. § 10-262f(25), definition of \"total need students\". Input: the count of record for the fiscal year."


class ecs_english_learners(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "English learners among resident students"
    reference = [SEC_10_262F]
    documentation = "C.G.S. § 10-262f(25), definition of \"total need students\". Input: the count of record for the fiscal year."


class ecs_concentrated_poverty_students(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Low-income students above the concentrated-poverty threshold share of resident students"
    reference = [SEC_10_262F, PA_17_2_JSS, PA_21_2_JSS]
    documentation = "C.G.S. § 10-262f(25), definition of \"total need students\": the students who count with the concentrated poverty weight."

    formula = not_encoded_before(2019, "ecs_concentrated_poverty_students", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Low-income students in excess of the threshold share of resident students (PA 17-2 JSS; threshold 75%, 60% from FY2022 under PA 21-2 JSS)."""
        threshold = parameters(period).cgs_10_262f.need_students.concentrated_poverty_threshold
        excess = town("ecs_low_income_students", period) - threshold * town("ecs_resident_students", period)
        return max_(0, excess)


class ecs_need_students(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Total need students"
    reference = [SEC_10_262F, PA_17_2_JSS, PA_21_2_JSS]
    documentation = (
        "C.G.S. § 10-262f(25), definition of \"total need students\": resident students plus 30% of "
        "low-income students, plus the concentrated poverty weight of low-income students above "
        "the threshold, plus the English learner weight of English learners; kept to 2 decimals "
        "as the state's worksheet does."
    )

    formula = not_encoded_before(2019, "ecs_need_students", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Total need students under PA 17-2 JSS, with the weights of PA 21-2 JSS from FY2022.

        resident + 0.30 x low-income + w_CP x (low-income above the threshold) + w_EL x English learners
        (w_CP 0.05 and w_EL 0.15 for FY2019-FY2021; 0.15 and 0.25 from FY2022).
        """
        resident = town("ecs_resident_students", period)
        if (resident <= 0).any():
            raise TownInputError(
                numpy.asarray(town.ids)[resident <= 0],
                "ecs_resident_students",
                period,
                "No resident students for this fiscal year: the ECS formula needs the year's own inputs "
                "(nothing is carried over from another year)",
            )
        p = parameters(period).cgs_10_262f
        need = (
            resident
            + p.need_students.low_income_weight * town("ecs_low_income_students", period)
            + p.need_students.concentrated_poverty_weight * town("ecs_concentrated_poverty_students", period)
            + p.need_students.english_learner_weight * town("ecs_english_learners", period)
        )
        return round_half_up(need, p.worksheet_rounding.need_students)
