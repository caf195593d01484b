"""C.G.S. 10-262f: regional and endowed academy bonuses, the fully funded grant, the base grant amount."""

from openfisca_ct_education.model_api import YEAR, not_encoded_before, round_half_up, Town, Variable
from openfisca_ct_education.references import PA_17_2_JSS, PA_21_2_JSS, SEC_10_262F


class ecs_regional_district_students(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Students the town sends to a regional school district"
    reference = [SEC_10_262F]
    documentation = "C.G.S. § 10-262f, definition of \"regional bonus\". Input."


class ecs_regional_district_grades(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "grade"
    label = "Number of grades the town's regional school district serves"
    reference = [SEC_10_262F]
    documentation = "C.G.S. § 10-262f, definition of \"regional bonus\". Input."


class ecs_endowed_academy_students(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Students the town sends to an endowed academy"
    reference = [SEC_10_262F, PA_21_2_JSS]
    documentation = "C.G.S. § 10-262f, definition of \"endowed academy bonus\". Input."


class ecs_endowed_academy_grades(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "grade"
    label = "Number of grades the endowed academy serves for the town's students"
    reference = [SEC_10_262F, PA_21_2_JSS]
    documentation = "C.G.S. § 10-262f, definition of \"endowed academy bonus\". Input."


class ecs_regional_bonus(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Regional bonus"
    reference = [SEC_10_262F, PA_17_2_JSS, PA_21_2_JSS]
    documentation = "C.G.S. § 10-262f, definition of \"regional bonus\": added to the fully funded grant of a town that is a member of a regional school district."

    formula = not_encoded_before(2019, "ecs_regional_bonus", "the ECS formula of PA 17-2 JSS")

    def formula_2021_07_01(town, period, parameters):
        """$100 x students sent x grades the regional district serves (PA 21-2 JSS, from FY2022)."""
        p = parameters(period).cgs_10_262f.regional_bonus
        return p.amount_per_student * town("ecs_regional_district_students", period) * town("ecs_regional_district_grades", period)

    def formula_2018_07_01(town, period, parameters):
        """Per-student amount of $100 x grades served / 13, kept to the cent, x students sent (PA 17-2 JSS, FY2019-FY2021)."""
        p = parameters(period).cgs_10_262f.regional_bonus
        per_student = round_half_up(
            p.amount_per_student * town("ecs_regional_district_grades", period) / p.grades_of_full_regional_program, 2
        )
        return per_student * town("ecs_regional_district_students", period)


class ecs_endowed_academy_bonus(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Endowed academy bonus"
    reference = [SEC_10_262F, PA_21_2_JSS]
    documentation = "C.G.S. § 10-262f, definition of \"endowed academy bonus\" (from FY2022); none before."

    formula = not_encoded_before(2019, "ecs_endowed_academy_bonus", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """No endowed academy bonus before FY2022 (PA 17-2 JSS): PA 21-2 JSS created it."""
        return town.filled_array(0.0)

    def formula_2021_07_01(town, period, parameters):
        """$100 x students sent x grades the endowed academy serves (PA 21-2 JSS, from FY2022)."""
        p = parameters(period).cgs_10_262f.endowed_academy_bonus
        return p.amount_per_student * town("ecs_endowed_academy_students", period) * town("ecs_endowed_academy_grades", period)


class ecs_fully_funded_grant_before_bonuses(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Foundation x total need students x base aid ratio, to the dollar"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = "C.G.S. § 10-262f, definition of \"fully funded grant\", before the bonuses."

    formula = not_encoded_before(2019, "ecs_fully_funded_grant_before_bonuses", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Foundation x total need students x base aid ratio, rounded to the dollar (PA 17-2 JSS)."""
        p = parameters(period).cgs_10_262f
        amount = p.foundation * town("ecs_need_students", period) * town("ecs_base_aid_ratio", period)
        return round_half_up(amount, p.worksheet_rounding.grant)


class ecs_fully_funded_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Fully funded grant"
    reference = [SEC_10_262F, PA_17_2_JSS, PA_21_2_JSS]
    documentation = (
        "C.G.S. § 10-262f, definition of \"fully funded grant\": foundation x total need students "
        "x base aid ratio, plus the regional bonus and the endowed academy bonus."
    )

    formula = not_encoded_before(2019, "ecs_fully_funded_grant", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period, parameters):
        """Foundation x need students x base aid ratio + regional bonus + endowed academy bonus (PA 17-2 JSS; endowed academy bonus from FY2022, PA 21-2 JSS)."""
        amount = (
            town("ecs_fully_funded_grant_before_bonuses", period)
            + town("ecs_regional_bonus", period)
            + town("ecs_endowed_academy_bonus", period)
        )
        return round_half_up(amount, parameters(period).cgs_10_262f.worksheet_rounding.grant)


class ecs_base_grant_amount(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Base grant amount: the town's FY2017 ECS grant"
    reference = [SEC_10_262F, PA_17_2_JSS]
    documentation = (
        "C.G.S. § 10-262f, definition of \"base grant amount\": the grant the town was entitled to "
        "for the fiscal year ending June 30, 2017. Its value is the FY2017 entitlement (an input "
        "from the published history); the worksheet's own column may be given instead."
    )

    formula = not_encoded_before(2019, "ecs_base_grant_amount", "the ECS formula of PA 17-2 JSS")

    def formula_2018_07_01(town, period):
        """The town's entitlement for FY2017 (PA 17-2 JSS)."""
        return town("ecs_entitlement", "2017")
