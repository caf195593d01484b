"""CSDE's monitoring of alliance districts today (the baseline of the Opportunity Network's Recommendation 2)."""

import numpy

from openfisca_ct_education.model_api import YEAR, not_encoded_before, State, Variable
from openfisca_ct_education.references import CSDE_ALLIANCE, SEC_10_262U


class alliance_monitoring_meetings(Variable):
    value_type = int
    entity = State
    definition_period = YEAR
    unit = "meeting"
    label = "Monitoring meetings CSDE holds a year with the state's alliance districts"
    reference = [CSDE_ALLIANCE, SEC_10_262U]
    documentation = (
        "CSDE practice under C.G.S. 10-262u (report of February 2026, Recommendation 2): 19 alliance "
        "districts with three meetings a year and the others with two: 19 x 3 + 17 x 2 = 91 for the 36 "
        "districts of FY2026. Which 19 is not published, so this is a statewide count. From FY2026."
    )

    formula = not_encoded_before(2026, "alliance_monitoring_meetings", "CSDE's monitoring of alliance districts (as the February 2026 report describes it)")

    def formula_2025_07_01(state, period, parameters):
        """most-supported districts x 3 + the other alliance districts x 2."""
        p = parameters(period).cgs_10_262u.csde_monitoring
        districts = state.sum(state.members("is_alliance_district", period))
        most = numpy.minimum(districts, p.districts_with_most_meetings)
        return most * p.most_meetings + (districts - most) * p.other_meetings
