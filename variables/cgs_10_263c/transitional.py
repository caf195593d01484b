"""C.G.S. 10-263c: transitional school district grants to districts ranked 1-21 that get no priority school district money."""

import numpy

from openfisca_ct_education.model_api import YEAR, State, Town, Variable, where
from openfisca_ct_education.references import SEC_10_263C, SEC_10_266P, SEC_10_276A


class is_transitional_school_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The district is a transitional school district: ranked 1 to 21 under C.G.S. § 10-266p(a)(2) or (a)(3), with no priority school district or phase-out grant"
    reference = [SEC_10_263C, SEC_10_266P, SEC_10_276A]
    documentation = (
        "C.G.S. § 10-263c: a district ranked one to twenty-one on either ranking of § 10-266p(a)(2) or "
        "(3) (inputs psd_rank_children_and_mastery, psd_rank_ratio_and_mastery; 0 = not ranked) that is "
        "not a priority school district and receives no phase-out grant under § 10-276a."
    )

    def formula_2001_07_01(town, period, parameters):
        """C.G.S. 10-263c (text in force for FY2026; keyed from FY2002)."""
        cutoff = parameters(period).cgs_10_263c.rank_cutoff
        ranks = [town("psd_rank_children_and_mastery", period), town("psd_rank_ratio_and_mastery", period)]
        ranked = numpy.logical_or.reduce([(rank >= 1) & (rank <= cutoff) for rank in ranks])
        no_psd_money = numpy.logical_not(town("is_priority_school_district", period)) & (
            town("priority_school_district_phase_out_grant", period) == 0
        )
        return ranked & no_psd_money


class transitional_school_district_grant(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Transitional school district grant"
    reference = [SEC_10_263C]
    documentation = (
        "C.G.S. § 10-263c: $250,000 to each transitional school district, else 0. Not modelled: the "
        "transitional phase-out grants of § 10-263d and its halving of a newly eligible district's "
        "first-year grant."
    )

    def formula_2001_07_01(town, period, parameters):
        """C.G.S. 10-263c (text in force for FY2026; keyed from FY2002)."""
        return where(town("is_transitional_school_district", period), parameters(period).cgs_10_263c.grant_amount, 0.0)


class transitional_school_district_grant_total(Variable):
    value_type = float
    entity = State
    definition_period = YEAR
    unit = "currency-USD"
    label = "Total transitional school district grants of the state's towns"
    reference = [SEC_10_263C]
    documentation = "C.G.S. § 10-263c: sum over the state's towns of transitional_school_district_grant."

    def formula(state, period):
        """Sum of the member towns' transitional grants (C.G.S. 10-263c)."""
        return state.sum(state.members("transitional_school_district_grant", period))
