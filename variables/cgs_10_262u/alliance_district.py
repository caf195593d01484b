"""C.G.S. 10-262u: designation as an alliance district (an input: the designations of record)."""

from openfisca_ct_education.model_api import YEAR, Town, Variable
from openfisca_ct_education.references import SEC_10_262U


class is_alliance_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's school district is designated an alliance district for the fiscal year"
    reference = [SEC_10_262U]
    documentation = (
        "C.G.S. § 10-262u(a)(1) and (b). Input: the designation of record for the fiscal year "
        "(36 districts for FY2023-FY2027). It sets the 10% minimum base aid ratio of C.G.S. "
        "§ 10-262f and the hold-harmless of C.G.S. § 10-262h."
    )


class is_educational_reform_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's school district is an educational reform district (alliance district among the ten lowest accountability index scores)"
    reference = [SEC_10_262U]
    documentation = "C.G.S. § 10-262u(a)(4). Input: the designation of record for the fiscal year."
