"""C.G.S. 10-266p: designation as a priority school district (an input: the designation of record)."""

from openfisca_ct_education.model_api import YEAR, Town, Variable
from openfisca_ct_education.references import SEC_10_266P


class is_priority_school_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's school district is a priority school district for the fiscal year"
    reference = [SEC_10_266P]
    documentation = (
        "C.G.S. § 10-266p(a). Input: the designation of record for the fiscal year. It sets the "
        "10% minimum base aid ratio of C.G.S. § 10-262f and the hold-harmless of C.G.S. § 10-262h."
    )
