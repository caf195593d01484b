"""C.G.S. 10-262u: alliance districts, educational reform districts, and the rule that designates them."""

import numpy

from openfisca_ct_education.model_api import (
    YEAR,
    designated,
    rank_within_state,
    ratio,
    State,
    Town,
    TownInputError,
    Variable,
)
from openfisca_ct_education.references import CSDE_ACCOUNTABILITY, CSDE_ALLIANCE, CSDE_EDSIGHT, PA_12_116, SEC_10_262U


class is_alliance_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's school district is designated an alliance district for the fiscal year"
    reference = [SEC_10_262U, PA_12_116, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(a)(1) and (b): the designations of record (30 districts for FY2013-FY2017, "
        "33 for FY2018-FY2022, 36 for FY2023-FY2027), kept in the parameter "
        "cgs_10_262u.alliance_districts by CSDE town code. It sets the 10% minimum base aid ratio "
        "of C.G.S. § 10-262f(2), the hold-harmless of C.G.S. § 10-262h and the alliance district grant."
    )

    def formula_2012_07_01(town, period, parameters):
        """Designated of record for the fiscal year (C.G.S. 10-262u(b), PA 12-116 as amended)."""
        return designated(parameters(period).cgs_10_262u.alliance_districts, town("town_code", period))


class alliance_district_first_designation_year(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "year"
    label = "First fiscal year the town's district was designated an alliance district (0 if never, up to this year)"
    reference = [SEC_10_262U]
    documentation = "C.G.S. § 10-262u(b)(1)-(3): FY2013, FY2018 or FY2023 for the districts of record."

    def formula_2012_07_01(town, period, parameters):
        """Earliest fiscal year from FY2013 to this one in which the town was designated of record (C.G.S. 10-262u(b))."""
        codes = town("town_code", period)
        first = numpy.zeros(len(codes), dtype=numpy.int64)
        for year in range(parameters(period).cgs_10_262u.first_program_year, period.start.year + 1):
            now = designated(parameters(str(year)).cgs_10_262u.alliance_districts, codes)
            first = numpy.where((first == 0) & now, year, first)
        return first


class alliance_district_base_year(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "year"
    label = "Base fiscal year of the alliance district grant (FY2012 for districts first designated FY2013 or FY2018; FY2022 from FY2023)"
    reference = [SEC_10_262U]
    documentation = "C.G.S. § 10-262u(c) as applied by CSDE: the grant is the increase of ECS over the base year's entitlement."

    def formula_2012_07_01(town, period, parameters):
        """Base year by designation cohort (C.G.S. 10-262u(c)); 0 for a town never designated."""
        first = town("alliance_district_first_designation_year", period)
        base = parameters(period).cgs_10_262u.base_year_by_first_designation.calc(first)
        return numpy.where(first > 0, base, 0)


class alliance_district_base_year_entitlement(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "The alliance district's ECS entitlement in its base year (0 for other towns)"
    reference = [SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262u(c). The base year's entitlement of record must be known: for a designated "
        "town without one the computation stops with an error, never a zero."
    )

    def formula_2012_07_01(town, period):
        """The entitlement of the base year (FY2012 or FY2022) of each designated town (C.G.S. 10-262u(c))."""
        base_year = town("alliance_district_base_year", period)
        amount = numpy.zeros(len(base_year))
        for year in numpy.unique(base_year[base_year > 0]):
            entitlement = town("ecs_entitlement", str(year))
            if year >= period.start.year:
                raise TownInputError(
                    numpy.asarray(town.ids)[base_year == year],
                    "alliance_district_base_year",
                    period,
                    f"The alliance grant's base year FY{year} is not before FY{period.start.year}",
                )
            amount = numpy.where(base_year == year, entitlement, amount)
        return amount


class alliance_district_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Alliance district grant: the part of the town's ECS entitlement above its base-year entitlement, paid to the board of education"
    reference = [SEC_10_262U, PA_12_116, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(c): for an alliance district, the increase of its ECS entitlement over its "
        "base-year entitlement is withheld from the town and paid to its board of education as a "
        "grant, on approval of its plan (10-262u(d)); never negative. Not new money: a portion of ECS. "
        "FY2024-FY2025: CSDE carved an educator diversity set-aside (about $4.28M statewide, C.G.S. "
        "10-262u as amended by PA 23-208 § 5) out of this amount; its rate and per-town amounts are "
        "not in the package's sources, so it is not modelled: this variable includes it. FY2018: computed on the "
        "grant of C.G.S. § 10-262h(a) before the November 2017 holdbacks (ecs_grant_before_holdbacks), as CSDE "
        "computes its FY2018 figure; the holdbacks fall on the non-alliance portion."
    )

    def formula_2012_07_01(town, period):
        """max(0, entitlement before holdbacks - base-year entitlement) for an alliance district (C.G.S. 10-262u(c), PA 12-116; 10-262h(a) for FY2018)."""
        increase = town("ecs_grant_before_holdbacks", period) - town("alliance_district_base_year_entitlement", period)
        return numpy.where(town("is_alliance_district", period), numpy.maximum(increase, 0), 0)


class ecs_non_alliance_portion(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Non-alliance portion of ECS: the entitlement less the alliance district grant, paid to the town"
    reference = [SEC_10_262U]
    documentation = "C.G.S. § 10-262u(c): what the town receives directly; alliance grant + non-alliance portion = entitlement."

    def formula_2012_07_01(town, period):
        """Entitlement - alliance district grant (C.G.S. 10-262u(c))."""
        return town("ecs_entitlement", period) - town("alliance_district_grant", period)


class alliance_district_share_of_ecs(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "Alliance district grant as a share of the town's ECS entitlement"
    reference = [SEC_10_262U, CSDE_ALLIANCE]
    documentation = "The measure of the CSDE report (February 2026): from 2.1% to 63.7% of ECS in FY2026."

    def formula_2012_07_01(town, period):
        """Alliance grant / entitlement (0 where the entitlement is 0)."""
        entitlement = town("ecs_entitlement", period)
        return ratio(town("alliance_district_grant", period), entitlement)


class is_educational_reform_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's school district is an educational reform district (an alliance district among the ten lowest accountability index scores)"
    reference = [SEC_10_262U, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(a)(4): the designations of record, kept in the parameter "
        "cgs_10_262u.educational_reform_districts. Known for FY2026 on; earlier years are refused."
    )

    def formula(town, period):
        """No designations of record before FY2026 in the package's data."""
        raise TownInputError(
            numpy.asarray(town.ids),
            "is_educational_reform_district",
            period,
            "Educational reform district designations before FY2026 are not in the package's data: give them as an input",
        )

    def formula_2025_07_01(town, period, parameters):
        """Designated of record for the fiscal year (C.G.S. 10-262u(a)(4))."""
        return designated(parameters(period).cgs_10_262u.educational_reform_districts, town("town_code", period))


class accountability_index(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "index"
    label = "Next Generation Accountability Index (0-100) of the town's local school district for the school year ending in this fiscal year"
    reference = [CSDE_ACCOUNTABILITY, SEC_10_262U]
    documentation = "C.G.S. § 10-223e, the measure 10-262u(a)(1) designates by. Input: CSDE EdSight (2024-25 = period 2025). Negative = no index (the town has no local district)."
    default_value = -1


class district_enrollment(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "October enrollment of the town's local school district in the school year ending in this fiscal year"
    reference = [CSDE_EDSIGHT]
    documentation = "Input: CSDE EdSight enrollment (2024-25 = period 2025); used for the 1,000-student rule of designation."


class alliance_designation_rank(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "rank"
    label = "Rank of the town's district by accountability index among the state's districts of at least 1,000 students (1 = lowest; 0 = not ranked)"
    reference = [SEC_10_262U, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(a)(1)(A), \"among the towns with the thirty-three lowest accountability index scores\", "
        "as CSDE identifies districts (steps for 2017-18: local and regional districts with at least 1,000 "
        "students, ranked by accountability index, lowest first). The 1,000-student minimum is CSDE's practice, "
        "not the text of (a)(1) [unverified in the statute]. Ranked over the towns' local districts of the state "
        "(regional school districts are not towns and are not ranked here). Ties keep town order."
    )

    def formula_2012_07_01(town, period, parameters):
        """Ascending rank of the accountability index among eligible districts of the state (C.G.S. 10-262u(a)(1))."""
        p = parameters(period).cgs_10_262u
        index = town("accountability_index", period)
        eligible = (index >= 0) & (town("district_enrollment", period) >= p.minimum_district_enrollment)
        return rank_within_state(town, index, eligible)


class is_previously_designated_alliance_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's district was designated an alliance district in the window C.G.S. 10-262u(a)(1)(B) names (FY2013-FY2022 in the current text)"
    reference = [SEC_10_262U, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(a)(1)(B): \"was previously designated as an alliance district by the Commissioner of "
        "Education for the fiscal years ending June 30, 2013, to June 30, 2022, inclusive\"; for the 2017 round, "
        "FY2013-FY2017 (CSDE's Step 4). The window's last year is the parameter "
        "cgs_10_262u.previously_designated_through."
    )

    def formula_2012_07_01(town, period, parameters):
        """First designated of record in FY2013 to the window's last year (C.G.S. 10-262u(a)(1)(B))."""
        first = town("alliance_district_first_designation_year", period)
        return (first > 0) & (first <= parameters(period).cgs_10_262u.previously_designated_through)


class is_selected_by_alliance_designation_rule(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "A designation round run on this year's accountability index would designate the town an alliance district"
    reference = [SEC_10_262U, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262u(a)(1): (A) among the number_ranked_lowest lowest accountability index scores (30 for "
        "the 2012 and 2017 rounds, 33 in the current text), or (B) previously designated. The count ranked is not "
        "the count designated (number_designated: 30, 33, 36 in (b)(1)-(3)): the 2017 round ranked the 30 lowest, "
        "27 of them already designated, and kept the 3 that would have exited, giving 33."
    )

    def formula_2012_07_01(town, period, parameters):
        """Lowest N by accountability index, or previously designated (C.G.S. 10-262u(a)(1)(A), (B))."""
        rank = town("alliance_designation_rank", period)
        lowest = (rank > 0) & (rank <= parameters(period).cgs_10_262u.number_ranked_lowest)
        return lowest | town("is_previously_designated_alliance_district", period)


class alliance_districts_selected_by_rule(Variable):
    value_type = int
    entity = State
    definition_period = YEAR
    unit = "district"
    label = "Number of districts a designation round on this year's index would designate (to compare with the number C.G.S. 10-262u(b) designates)"
    reference = [SEC_10_262U]
    documentation = "Count of is_selected_by_alliance_designation_rule, to compare with the parameter cgs_10_262u.number_designated."

    def formula_2012_07_01(state, period):
        """Sum of the member towns selected by the rule."""
        return state.sum(state.members("is_selected_by_alliance_designation_rule", period))


class educational_reform_rank(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "rank"
    label = "Rank of the town's district by accountability index when all towns are ranked (1 = lowest; 0 = no index)"
    reference = [SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262u(a)(4): \"among the ten lowest accountability index scores when all towns are ranked "
        "highest to lowest in accountability index scores\": every town whose local district has an index, "
        "whatever its enrollment (no 1,000-student minimum). Ties keep town order."
    )

    def formula_2012_07_01(town, period):
        """Ascending rank of the accountability index among all towns with an index (C.G.S. 10-262u(a)(4))."""
        index = town("accountability_index", period)
        return rank_within_state(town, index, index >= 0)


class is_selected_by_educational_reform_rule(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "This year's accountability index would make the town an educational reform district (an alliance district among the ten lowest when all towns are ranked)"
    reference = [SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262u(a)(4): \"an alliance district that is among the ten lowest accountability index scores "
        "when all towns are ranked\". All towns are ranked (educational_reform_rank), not only the districts of "
        "1,000 students or more, so a small district such as Thompson (826 students in 2024-25) can be one; a town "
        "among the ten lowest that is not an alliance district takes a place without being designated, so fewer "
        "than ten may be selected."
    )

    def formula_2012_07_01(town, period, parameters):
        """Selected as an alliance district and ranked 1-10 among all towns (C.G.S. 10-262u(a)(4))."""
        rank = town("educational_reform_rank", period)
        n = parameters(period).cgs_10_262u.number_of_educational_reform_districts
        return town("is_selected_by_alliance_designation_rule", period) & (rank > 0) & (rank <= n)


class alliance_district_grant_statewide(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total alliance district grants of the state"
    reference = [SEC_10_262U]
    documentation = "Sum over the state's towns of the C.G.S. § 10-262u(c) grant."

    def formula_2012_07_01(state, period):
        """Sum of the member towns' alliance district grants."""
        return state.sum(state.members("alliance_district_grant", period))


class ecs_non_alliance_portion_statewide(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total non-alliance portion of ECS of the state"
    reference = [SEC_10_262U]
    documentation = "Sum over the state's towns of the entitlement less the alliance district grant."

    def formula_2012_07_01(state, period):
        """Sum of the member towns' non-alliance portions."""
        return state.sum(state.members("ecs_non_alliance_portion", period))
