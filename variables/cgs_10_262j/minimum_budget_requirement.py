"""C.G.S. 10-262j: the minimum budget requirement (MBR), the least a town may budget for education.

MBR = the prior year's budgeted appropriation for education + the ECS aid increase (10-262i(d)), less
the reductions 10-262j(a) permits: the aid reduction, 50% of net current expenditures per resident
student for each resident student of net decline over up to five years, and the other reductions
(tuition, school closure, efficiencies approved by the Commissioner), given as one amount. A current or
former alliance district may not reduce its MBR; a top-performing district is exempt.

The text modelled is the one "for any fiscal year" (as revised to January 1, 2023): formulas start with
FY2023 and asking for an earlier year is an error. Not modelled: the rule that a year's resident student
count may be used only once (10-262j(a)(2)(A): the board's earlier MBR calculations are not known), the
detail of the tuition reduction of 10-262j(a)(3) and of the Commissioner's approvals (one input amount).
The budget figures, net current expenditures and the board's choices are not in the package's data: they
are inputs (inputs.py), and the MBR is meaningful only when they are given. The shortfall and its penalty
(a secondary source) are in penalty.py.
"""

import numpy

from openfisca_ct_education.model_api import YEAR, Town, TownInputError, Variable, rank_within_state
from openfisca_ct_education.references import (
    CSDE_ACCOUNTABILITY,
    CSDE_ALLIANCE,
    CSDE_MBR,
    PA_15_99_OLR,
    SEC_10_262H,
    SEC_10_262I,
    SEC_10_262J,
    SEC_10_262U,
)

_BEFORE_FY2023 = (
    "C.G.S. § 10-262j before FY2023 is not modelled (its texts were written for named fiscal years; the "
    "package models the text 'for any fiscal year' as revised to January 1, 2023)"
)


def _refuse(town, period, variable_name):
    raise TownInputError(numpy.asarray(town.ids), variable_name, period, _BEFORE_FY2023)


def _town_receipts_change(town, period):
    """This year's ECS received by the town less last year's: the entitlement, for an alliance district the
    non-alliance portion (C.G.S. 10-262u(c): the alliance district grant is paid to the board of education)."""
    change = town("ecs_entitlement", period) - town("ecs_prior_year_entitlement", period)
    alliance = town("is_alliance_district", period)
    if not alliance.any():
        return change
    town_part = town("ecs_non_alliance_portion", period) - town("ecs_non_alliance_portion", period.last_year)
    return numpy.where(alliance, town_part, change)


_ALLIANCE_RULE = (
    " For an alliance district the increase is that of the non-alliance portion (what is paid to the town), not of "
    "the whole entitlement: the alliance district grant is withheld from the town and paid to the board of education "
    "(C.G.S. 10-262u(c); 10-262i(c): aid is expended \"in accordance with the provisions of section 10-262u\"), and "
    "CSDE states that an alliance district \"cannot decrease their local contribution - which is a combination of "
    "ECS non-alliance funds and local taxes - though flat funding of that local contribution is permissible to "
    "satisfy MBR\" (report on the Alliance District program, February 2026, Essential Fiscal Facts). UNVERIFIED: "
    "the text of 10-262i(d) was not found in the stored copies of the statute."
)


class ecs_aid_increase(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "ECS aid increase: the amount by which the ECS paid to the town exceeds the prior year's (0 if it does not); for an alliance district, of its non-alliance portion"
    reference = [SEC_10_262I, SEC_10_262J, SEC_10_262U, CSDE_ALLIANCE]
    documentation = (
        "C.G.S. § 10-262i(d), \"aid increase\", which 10-262j(a) adds to the minimum budget requirement (\"plus "
        "any aid increase described in subsection (d) of section 10-262i\"). Measured against the previous year."
        + _ALLIANCE_RULE
    )

    def formula(town, period):
        """max(0, change in the ECS received by the town) (C.G.S. 10-262i(d); alliance district: its non-alliance portion, 10-262u(c))."""
        return numpy.maximum(_town_receipts_change(town, period), 0)


class ecs_aid_reduction(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "ECS aid reduction: the amount by which the ECS paid to the town is below the prior year's (0 if it is not); for an alliance district, of its non-alliance portion"
    reference = [SEC_10_262I, SEC_10_262J, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262i(d), \"aid reduction\", by which 10-262j(a)(1) lets a town reduce its minimum budget "
        "requirement (an alliance district may not: mbr_permitted_reduction)." + _ALLIANCE_RULE
    )

    def formula(town, period):
        """max(0, fall in the ECS received by the town) (C.G.S. 10-262i(d); alliance district: its non-alliance portion, 10-262u(c))."""
        return numpy.maximum(-_town_receipts_change(town, period), 0)


class mbr_is_current_or_former_alliance_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's district is or has been an alliance district (it may not reduce its minimum budget requirement)"
    reference = [CSDE_MBR, PA_15_99_OLR, SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262j (subsection not read), known from secondary sources (CSDE 2023-24 MBR page; OLR "
        "summary of PA 15-99, extended by PA 15-5 JSS § 511 to current or former alliance districts). Designated "
        "this year (is_alliance_district) or in any year from FY2013 (alliance_district_first_designation_year)."
    )

    def formula(town, period):
        """Alliance district this year or in an earlier year of record (C.G.S. 10-262u(b))."""
        former = town("alliance_district_first_designation_year", period) > 0
        return town("is_alliance_district", period) | former


class mbr_resident_students_decline(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Net decline in resident students over the chosen lookback: the earlier count less the latest (0 if no decline)"
    reference = [SEC_10_262J]
    documentation = (
        "C.G.S. § 10-262j(a)(2). The latest count for the MBR of fiscal year y is the one of FY y-1 (the "
        "October count the board has when it budgets), which is ecs_resident_students for period y (each ECS "
        "worksheet uses the prior school year's October count); with a lookback of L years the earlier count "
        "is that of FY y-1-L, ecs_resident_students for period y-L. The count for FY2021 (October 2020, "
        "ecs_resident_students for period 2022) may not be used (10-262j(a)(2)(B)): when the earlier count "
        "would be it, the count of the year before it (FY2020, period 2021) is used instead, so FY2021 is "
        "passed over and not counted as one of the lookback years; when the latest count would be it, there "
        "is no decline. The counts used must be given: a missing one is an error, not a zero. The rule that "
        "a year's count may be used only once (10-262j(a)(2)(A)) is not modelled."
    )

    def formula(town, period):
        """Before FY2023: not modelled (an error, not a zero)."""
        _refuse(town, period, "mbr_resident_students_decline")

    def formula_2022_07_01(town, period, parameters):
        """Earlier count - latest count, passing over the FY2021 count (C.G.S. 10-262j(a)(2), as revised to January 1, 2023)."""
        p = parameters(period).cgs_10_262j
        lookback = town("mbr_enrollment_decline_lookback_years", period)
        bad = (lookback < 1) | (lookback > p.enrollment_decline_maximum_lookback_years)
        if bad.any():
            raise TownInputError(
                numpy.asarray(town.ids)[bad],
                "mbr_enrollment_decline_lookback_years",
                period,
                f"The lookback must be 1 to {p.enrollment_decline_maximum_lookback_years} years (C.G.S. 10-262j(a)(2))",
            )
        excluded = p.enrollment_decline_excluded_count_year
        latest_count_year = period.start.year - 1
        count_year = latest_count_year - lookback
        count_year = numpy.where(count_year == excluded, count_year - 1, count_year)
        earlier = numpy.zeros(len(lookback))
        for year in numpy.unique(count_year):
            earlier = numpy.where(count_year == year, _count_of_record(town, int(year)), earlier)
        decline = numpy.maximum(earlier - _count_of_record(town, latest_count_year), 0)
        return numpy.where(latest_count_year == excluded, 0, decline)


def _count_of_record(town, count_year):
    """The resident student count taken in fiscal year ``count_year``: ecs_resident_students of the next period."""
    period = str(count_year + 1)
    if town.simulation.get_holder("ecs_resident_students").get_array(period) is None:
        raise TownInputError(
            numpy.asarray(town.ids),
            "ecs_resident_students",
            period,
            f"The minimum budget requirement's enrollment decline needs the FY{count_year} resident student "
            f"count (ecs_resident_students for period {period}); give it as an input",
        )
    return town("ecs_resident_students", period)


class mbr_enrollment_decline_reduction(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Reduction of the MBR for declining enrollment: 50% of net current expenditures per resident student x net decline"
    reference = [SEC_10_262J]
    documentation = (
        "C.G.S. § 10-262j(a)(2): \"the number of such net reduction multiplied by fifty per cent of the net "
        "current expenditures per resident student\". Not rounded (the statute does not say). Claimed by giving "
        "mbr_net_current_expenditures_per_resident_student: when no town of the simulation gives it, the "
        "resident student counts are not needed and the reduction is 0."
    )

    def formula(town, period):
        """Before FY2023: not modelled (an error, not a zero)."""
        _refuse(town, period, "mbr_enrollment_decline_reduction")

    def formula_2022_07_01(town, period, parameters):
        """Rate x NCEP per resident student x decline (C.G.S. 10-262j(a)(2), as revised to January 1, 2023)."""
        rate = parameters(period).cgs_10_262j.enrollment_decline_reduction_rate
        per_student = town("mbr_net_current_expenditures_per_resident_student", period)
        if not (per_student > 0).any():
            return numpy.zeros(len(per_student))  # nobody claims it: the counts are not needed
        return rate * per_student * town("mbr_resident_students_decline", period)


class mbr_permitted_reduction(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total reduction of the MBR the town may make: aid reduction + enrollment decline + other (0 for a current or former alliance district)"
    reference = [SEC_10_262J, CSDE_MBR, PA_15_99_OLR]
    documentation = (
        "C.G.S. § 10-262j(a)(1)-(2) and following. A current or former alliance district may not reduce its "
        "minimum budget requirement (secondary sources: CSDE 2023-24 MBR page; PA 15-99, PA 15-5 JSS § 511)."
    )

    def formula(town, period):
        """Before FY2023: not modelled (an error, not a zero)."""
        _refuse(town, period, "mbr_permitted_reduction")

    def formula_2022_07_01(town, period):
        """Sum of the permitted reductions, none for an alliance district (C.G.S. 10-262j(a), as revised to January 1, 2023; PA 15-99)."""
        total = (
            town("ecs_aid_reduction", period)
            + town("mbr_enrollment_decline_reduction", period)
            + town("mbr_other_permitted_reductions", period)
        )
        return numpy.where(town("mbr_is_current_or_former_alliance_district", period), 0, total)


class is_exempt_from_minimum_budget_requirement(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town is exempt from the minimum budget requirement for the year (top-performing district)"
    reference = [CSDE_MBR, SEC_10_262J]
    documentation = (
        "C.G.S. § 10-262j (exemption; subsection not read), known from a secondary source (CSDE 2023-24 MBR "
        "page): districts in the top ten per cent of the accountability index are exempt for that year."
    )

    def formula(town, period):
        """A top-performing district (CSDE, secondary source for C.G.S. 10-262j)."""
        return town("is_top_performing_district", period)


class minimum_budget_requirement(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Minimum budget requirement: the least the town may budget for education (0 if exempt)"
    reference = [SEC_10_262J, SEC_10_262I, SEC_10_262H]
    documentation = (
        "C.G.S. § 10-262j(a): the prior year's budgeted appropriation for education plus any aid increase "
        "(10-262i(d)), less the permitted reductions; not below 0. Not applicable (0) to an exempt "
        "(top-performing) district: see is_exempt_from_minimum_budget_requirement. Meaningful only when the "
        "inputs mbr_prior_year_budgeted_appropriation (and the reductions' inputs) are given."
    )

    def formula(town, period):
        """Before FY2023: not modelled (an error, not a zero)."""
        _refuse(town, period, "minimum_budget_requirement")

    def formula_2022_07_01(town, period):
        """max(0, prior appropriation + aid increase - permitted reduction), 0 if exempt (C.G.S. 10-262j(a), as revised to January 1, 2023)."""
        required = (
            town("mbr_prior_year_budgeted_appropriation", period)
            + town("ecs_aid_increase", period)
            - town("mbr_permitted_reduction", period)
        )
        exempt = town("is_exempt_from_minimum_budget_requirement", period)
        return numpy.where(exempt, 0, numpy.maximum(required, 0))


class is_selected_by_top_performing_rule(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "Approximation: the town's district is in the top 10% by this year's accountability index among the state's towns with an index"
    reference = [CSDE_MBR, CSDE_ACCOUNTABILITY]
    documentation = (
        "C.G.S. § 10-262j (exemption; subsection not read), from a secondary source (CSDE 2023-24 MBR page): "
        "top ten per cent of the accountability index. An approximation for comparison with the input is_top_performing_district, which the exemption uses: "
        "ranked only among the towns' local districts with an index (not regional or charter districts), on "
        "the period's own index, the number of districts selected being the share of those ranked rounded "
        "down; ties keep town order."
    )

    def formula_2022_07_01(town, period, parameters):
        """Rank <= share x number ranked, highest index first (CSDE, secondary source for C.G.S. 10-262j)."""
        index = town("accountability_index", period)
        ranked = index >= 0
        rank = rank_within_state(town, -index, ranked)
        state_of_town = town.simulation.populations["state"].members_entity_id
        number_ranked = numpy.bincount(state_of_town[ranked], minlength=state_of_town.max() + 1)[state_of_town]
        share = parameters(period).cgs_10_262j.top_performing_exemption_share
        return (rank > 0) & (rank <= numpy.floor(share * number_ranked + 1e-9))
