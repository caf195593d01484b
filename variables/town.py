"""Identity of a town: its CSDE code and District Reference Group."""

from openfisca_ct_education.model_api import ETERNITY, YEAR, Town, Variable
from openfisca_ct_education.references import CSDE_DRG, CSDE_ECS


class town_code(Variable):
    value_type = int
    entity = Town
    definition_period = ETERNITY
    label = "CSDE town code (1-169, alphabetical: Andover = 1, Windsor Locks = 165)"
    reference = [CSDE_ECS]
    documentation = "Input. The town's code in CSDE's grant files; its local school district has the same code."


class district_reference_group(Variable):
    value_type = str
    entity = Town
    definition_period = YEAR
    label = "District Reference Group (A = wealthiest ... I = neediest), as assigned by CSDE"
    reference = [CSDE_DRG]
    documentation = "Input. CSDE's grouping of districts with similar socio-economic status; used to group results."
