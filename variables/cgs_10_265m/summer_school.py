"""C.G.S. 10-265m: summer school grants to priority school districts, by share of resident students."""

from openfisca_ct_education.model_api import (
    YEAR,
    allocate_state_amount,
    ratio,
    require_whole_state,
    State,
    Town,
    Variable,
    where,
)
from openfisca_ct_education.references import PA_25_168, SEC_10_262F, SEC_10_265M


class summer_school_resident_students(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Resident students counted for the summer school grant (priority school districts only)"
    reference = [SEC_10_265M, SEC_10_262F]
    documentation = (
        "C.G.S. § 10-265m: the district's resident students (ecs_resident_students, § 10-262f(22)) if it "
        "is a priority school district, else 0. Not modelled: § 10-265m keeps a district eligible for "
        "five years from its designation in the first year it applied, so a former priority school "
        "district may still share (CSDE paid Ansonia summer school grants FY2012-FY2014 while it "
        "received phase-out grants); here only the year's priority school districts share."
    )

    def formula(town, period):
        """C.G.S. 10-265m: only priority school districts share the grant."""
        return where(town("is_priority_school_district", period), town("ecs_resident_students", period), 0.0)


class summer_school_total_resident_students(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "student"
    label = "Total resident students of all priority school districts of the state"
    reference = [SEC_10_265M]
    documentation = (
        "C.G.S. § 10-265m: the denominator of each district's share. Summed over the state's towns, "
        "which must be all 169; a situation of fewer towns must give it as an input."
    )

    def formula(state, period, parameters):
        """C.G.S. 10-265m: total resident students of the priority school districts."""
        require_whole_state(
            state,
            period,
            parameters(period).state.number_of_towns,
            "summer_school_total_resident_students",
            "The total resident students of all priority school districts",
        )
        return state.sum(state.members("summer_school_resident_students", period))


class summer_school_share(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "The district's share of the resident students of all priority school districts"
    reference = [SEC_10_265M]
    documentation = "C.G.S. § 10-265m: the district's resident students over the total of all priority school districts (0 if that total is 0)."

    def formula(town, period):
        """C.G.S. 10-265m: resident students / total resident students of the priority school districts."""
        total = town.state("summer_school_total_resident_students", period)
        students = town("summer_school_resident_students", period)
        return ratio(students, total)


class summer_school_appropriation(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Appropriation for summer school grants to priority school districts for the fiscal year"
    reference = [PA_25_168, SEC_10_265M]
    documentation = (
        "C.G.S. § 10-265m: the appropriation that funds the grants, from the budget act (parameter cgs_10_265m.appropriation: $3.4 million for FY2026, "
        "PA 25-168, rounded as given in the statute brief). Other fiscal years: give it as an input."
    )

    def formula(state, period, parameters):
        """FY2026 appropriation, PA 25-168 (the budget act)."""
        return state.filled_array(parameters(period).cgs_10_265m.appropriation)


class summer_school_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Summer school grant: the district's share of the appropriation, in whole dollars"
    reference = [SEC_10_265M, PA_25_168]
    documentation = (
        "C.G.S. § 10-265m: share of resident students among priority school districts times the "
        "appropriation, within available appropriations. With all 169 towns, whole dollars by the "
        "largest-remainder method (openfisca_ct_education.engine.allocation), adding up exactly to the "
        "appropriation; a situation of fewer towns gives each its share to the dollar, halves up."
    )

    def formula(town, period, parameters):
        """C.G.S. 10-265m: the appropriation (PA 25-168) shared by resident students."""
        return allocate_state_amount(
            town,
            period,
            parameters(period).state.number_of_towns,
            "summer_school_resident_students",
            "summer_school_share",
            "summer_school_appropriation",
        )


class summer_school_grant_total(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total summer school grants of the state's towns"
    reference = [SEC_10_265M]
    documentation = "C.G.S. § 10-265m: sum over the state's towns of summer_school_grant."

    def formula(state, period):
        """Sum of the member towns' grants (C.G.S. 10-265m)."""
        return state.sum(state.members("summer_school_grant", period))
