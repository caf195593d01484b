"""C.G.S. 10-262j: the inputs of the minimum budget requirement that the package's data does not carry.

Budget figures, net current expenditures, the board's choice of lookback and the reductions the
Commissioner approves are not in the shipped data: give them for the towns and years of interest.
"""

from openfisca_ct_education.model_api import YEAR, Town, Variable
from openfisca_ct_education.references import CSDE_ACCOUNTABILITY, CSDE_MBR, SEC_10_262J


class mbr_prior_year_budgeted_appropriation(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "The town's budgeted appropriation for education for the prior fiscal year (input)"
    reference = [SEC_10_262J]
    documentation = "C.G.S. § 10-262j(a), the starting point of the minimum budget requirement. Input: not in the package's data."


class mbr_net_current_expenditures_per_resident_student(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Net current expenditures per resident student of the town's district, as used for the enrollment-decline reduction (input)"
    reference = [SEC_10_262J]
    documentation = "C.G.S. § 10-262j(a)(2), \"the net current expenditures per resident student of such district\" (defined in 10-262f). Input: not in the package's data."


class mbr_enrollment_decline_lookback_years(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    unit = "year"
    label = "Number of years back (1-5, chosen by the board) over which the net decline in resident students is measured"
    reference = [SEC_10_262J]
    documentation = (
        "C.G.S. § 10-262j(a)(2): \"a period that may include any of the five fiscal years immediately prior\". "
        "Input, default 1; outside 1 to the parameter cgs_10_262j.enrollment_decline_maximum_lookback_years "
        "is an error."
    )
    default_value = 1


class mbr_other_permitted_reductions(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "Other reductions of the minimum budget requirement the town may make: high school tuition, school closure, efficiencies approved by the Commissioner (input amount)"
    reference = [SEC_10_262J, CSDE_MBR]
    documentation = (
        "C.G.S. § 10-262j(a)(3) and following (tuition decline of a district without a high school; school "
        "closure; regional collaboration or efficiencies approved by the Commissioner of Education). Their "
        "conditions and amounts are not modelled: the total is an input."
    )


class is_top_performing_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's district is among the top 10% of districts by accountability index, exempt from the MBR for the year (input)"
    reference = [CSDE_MBR, SEC_10_262J, CSDE_ACCOUNTABILITY]
    documentation = (
        "C.G.S. § 10-262j (exemption; subsection not read), known from a secondary source (CSDE 2023-24 MBR "
        "page): districts in the top ten per cent of the accountability index are exempt from the minimum "
        "budget requirement. Input: CSDE's list ranks all districts (regional and charter districts too), which are not "
        "towns, on an index year the package cannot fix from the sources, so it is not computed. "
        "is_selected_by_top_performing_rule is an approximation on the towns' local districts."
    )


class budgeted_appropriation_for_education(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "currency-USD"
    label = "The town's budgeted appropriation for education for the fiscal year (input)"
    reference = [SEC_10_262J]
    documentation = "C.G.S. § 10-262j(a), what must not be less than the minimum budget requirement. Input: not in the package's data."
