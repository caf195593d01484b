"""Minimum budget requirement (C.G.S. 10-262j): what is refused rather than computed as a zero.

The rules themselves are tested by hand in tests/yaml/minimum_budget_requirement.yaml.
"""

from __future__ import annotations

import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_ct_education.errors import TownInputError
from openfisca_ct_education.engine.simulation import build_simulation


def test_mbr_before_fy2023_is_refused_not_zero():
    fy2026 = build_simulation(2026)
    with pytest.raises(TownInputError, match="10-262j"):
        fy2026.calculate("minimum_budget_requirement", "2022")


def test_mbr_lookback_outside_1_to_5_is_an_error(tax_benefit_system):
    simulation = SimulationBuilder().build_from_entities(
        tax_benefit_system,
        {
            "towns": {
                "a": {
                    "mbr_enrollment_decline_lookback_years": {"2026": 6},
                    "mbr_net_current_expenditures_per_resident_student": {"2026": 18000},
                    "ecs_resident_students": {"2026": 1000, "2020": 1200},
                }
            }
        },
    )
    with pytest.raises(TownInputError, match="1 to 5"):
        simulation.calculate("mbr_resident_students_decline", "2026")


def test_mbr_missing_earlier_count_is_an_error_not_a_zero(tax_benefit_system):
    simulation = SimulationBuilder().build_from_entities(
        tax_benefit_system,
        {"towns": {"a": {"ecs_resident_students": {"2026": 1000}}}},
    )
    with pytest.raises(TownInputError, match="FY2024 resident student count"):
        simulation.calculate("mbr_resident_students_decline", "2026")
