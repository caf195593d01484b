"""An illustrative bill, written as an OpenFisca reform: raise the ECS foundation to $12,500 from FY2026.

Not a real bill: the amount is made up to show the method. A reform changes the model without
touching current law; its parameter change carries its own effective date and citation.
"""

from openfisca_core.reforms import Reform


class FoundationIncrease(Reform):
    """Foundation of C.G.S. 10-262f raised from $11,525 to $12,500 for FY2026 (1 July 2025) onwards."""

    name = "Foundation $12,500 from FY2026 (illustrative)"

    def apply(self):
        def raise_foundation(parameters):
            parameters.cgs_10_262f.foundation.update(start="2025-07-01", value=12_500)
            return parameters

        self.modify_parameters(modifier_function=raise_foundation)
