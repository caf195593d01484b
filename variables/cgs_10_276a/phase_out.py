"""C.G.S. 10-276a: phase-out grants for a district no longer eligible for a priority school district grant."""

import numpy

from openfisca_ct_education.model_api import YEAR, State, Town, Variable, max_, round_down, select
from openfisca_ct_education.references import PA_23_208, SEC_10_263C, SEC_10_276A


class psd_final_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "The district's final priority school district grant (the last one before it lost its status)"
    reference = [SEC_10_276A]
    documentation = "C.G.S. § 10-276a(b), \"the amount of such final grant\". Input, in whole dollars."


class years_since_loss_of_psd_status(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    label = "Fiscal years since the district's final priority school district grant (1 = the first year after it; 0 = not a former priority school district)"
    reference = [SEC_10_276A]
    documentation = (
        "C.G.S. § 10-276a(a): the phase-out grant is paid for each of the three fiscal years following "
        "the fiscal year of the final priority school district grant. Input."
    )


class priority_school_district_phase_out_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Priority school district phase-out grant, in whole dollars"
    reference = [SEC_10_276A, PA_23_208, SEC_10_263C]
    documentation = (
        "C.G.S. § 10-276a(b): in the 1st, 2nd and 3rd fiscal year after the final grant F, "
        "F - s x (F - M), with M the greater of $250,000 and the transitional school district grant "
        "(§ 10-263c) and s = 25%, 50%, 75%. From FY2024, PA 23-208 § 7: full grant (s = 0) in the "
        "first year, as the OLR summary describes § 7 (\"a full, rather than reduced, grant\"; UNVERIFIED: the "
        "codified (b)(1), current as of January 1, 2025, still reads twenty-five per cent, and § 7's text, which "
        "amends an earlier 2023 amendment creating a fourth year, was not found; years 2 and 3 are kept at 50% "
        "and 75%). Rounded down to the dollar, as "
        "CSDE paid Ansonia FY2012-FY2014 ($940,553, $710,369, $480,184 on a $1,170,738 final grant). "
        "0 for a priority school district of the year and outside years 1-3. Not modelled: "
        "§ 10-276a(c)."
    )

    def formula_2001_07_01(town, period, parameters):
        """C.G.S. 10-276a(b), commencing FY2002; first-year share 0 from FY2024 (PA 23-208 s. 7), via the parameters."""
        phase_out = parameters(period).cgs_10_276a
        floor = max_(phase_out.phase_out_floor, parameters(period).cgs_10_263c.grant_amount)
        years = town("years_since_loss_of_psd_status", period)
        share = select(
            [years == 1, years == 2, years == 3],
            [phase_out.reduction_share.year_1, phase_out.reduction_share.year_2, phase_out.reduction_share.year_3],
            0.0,
        )
        final = town("psd_final_grant", period)
        paid = (years >= 1) & (years <= 3) & numpy.logical_not(town("is_priority_school_district", period))
        return numpy.where(paid, round_down(final - share * (final - floor)), 0.0)


class priority_school_district_phase_out_grant_total(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total priority school district phase-out grants of the state's towns"
    reference = [SEC_10_276A]
    documentation = "C.G.S. § 10-276a: sum over the state's towns of priority_school_district_phase_out_grant."

    def formula(state, period):
        """Sum of the member towns' phase-out grants (C.G.S. 10-276a)."""
        return state.sum(state.members("priority_school_district_phase_out_grant", period))
