"""Priority school districts: the designations of record, the 169-town allocations, and the errors."""

from __future__ import annotations

import numpy
import pytest
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.simulations import SimulationBuilder

from openfisca_ct_education.errors import IncompleteStateError, TownInputError
from openfisca_ct_education.engine.simulation import build_simulation

# The 16 FY2026 priority school districts, by CSDE town code: the towns with
# priority_school_district_fy2026 = 1 in /work/shared/data/district_designations.csv (the FY2026
# OFA/CSDE ECS worksheet flags). Literals: tests never read ../shared.
FY2026_PSD_TOWN_CODES = {
    2: "Ansonia", 15: "Bridgeport", 34: "Danbury", 37: "Derby", 43: "East Hartford", 64: "Hartford",
    77: "Manchester", 80: "Meriden", 89: "New Britain", 93: "New Haven", 95: "New London",
    103: "Norwalk", 104: "Norwich", 135: "Stamford", 151: "Waterbury", 163: "Windham",
}
# The eight largest towns by the 2020 decennial census (C.G.S. 10-266p(a)(1)), all among the above.
LARGEST_TOWNS_2020 = {"Bridgeport", "Stamford", "New Haven", "Hartford", "Waterbury", "Norwalk", "Danbury", "New Britain"}


def _situation(system, towns, inputs):
    builder = SimulationBuilder()
    return builder.build_from_entities(
        system,
        {
            "towns": {name: {**values} for name, values in towns.items()},
            "states": {"connecticut": {"members": list(towns), **inputs}},
        },
    )


@pytest.fixture(scope="module")
def fy2026():
    return build_simulation(2026)


def test_shipped_designations_of_record_are_the_16_fy2026_districts(tax_benefit_system):
    designations = tax_benefit_system.parameters("2026-01-01").cgs_10_266p.designations
    recorded = {int(key.removeprefix("town_")) for key in designations if designations[key]}
    assert recorded == set(FY2026_PSD_TOWN_CODES)
    for code, name in FY2026_PSD_TOWN_CODES.items():
        assert name in tax_benefit_system.parameters.cgs_10_266p.designations.children[f"town_{code}"].description


def test_formula_designations_match_the_loaders_psd_flags(fy2026, tax_benefit_system):
    # The 169-town simulation sets is_priority_school_district from the data's psd_flag; the formula
    # reading the designations of record by town code must give the same 16 towns.
    codes = fy2026.calculate("town_code", "2026")
    towns = list(fy2026.populations["town"].ids)
    simulation = _situation(
        tax_benefit_system, {name: {"town_code": {"ETERNITY": int(code)}} for name, code in zip(towns, codes)}, {}
    )
    by_formula = simulation.calculate("is_priority_school_district", "2026")
    assert by_formula.tolist() == fy2026.calculate("is_priority_school_district", "2026").tolist()
    assert {towns[i] for i in numpy.flatnonzero(by_formula)} == set(FY2026_PSD_TOWN_CODES.values())


def test_no_designations_of_record_before_fy2026_is_an_error(tax_benefit_system):
    simulation = _situation(tax_benefit_system, {"Hartford": {"town_code": {"ETERNITY": 64}}}, {})
    with pytest.raises(TownInputError, match="give is_priority_school_district as an input"):
        simulation.calculate("is_priority_school_district", "2025")


def test_fy2026_extended_school_hours_and_summer_school_sum_exactly_to_the_appropriations(fy2026):
    # The shipped data has no average daily membership: give the 169 towns one with fractions of a
    # student (the test is of the allocation, not of the data), so most quotas have remainders.
    resident = fy2026.calculate("ecs_resident_students", "2026")
    fy2026.set_input("average_daily_membership", "2026", resident * 0.97 + 0.37)
    esh = fy2026.calculate("extended_school_hours_grant", "2026")
    summer = fy2026.calculate("summer_school_grant", "2026")
    psd = fy2026.calculate("is_priority_school_district", "2026")
    assert psd.sum() == 16
    for grants, appropriation in ((esh, 2_900_000), (summer, 3_400_000)):
        assert grants.dtype == numpy.float64
        assert grants.sum() == appropriation
        assert (grants == numpy.floor(grants)).all()
        assert (grants[~psd] == 0).all() and (grants[psd] > 0).all()
    assert fy2026.calculate("extended_school_hours_grant_total", "2026").tolist() == [2_900_000]
    assert fy2026.calculate("summer_school_grant_total", "2026").tolist() == [3_400_000]
    # Each town is within a dollar of its exact share.
    shares = fy2026.calculate("summer_school_share", "2026")
    assert numpy.abs(summer - shares * 3_400_000).max() < 1
    assert shares.sum() == pytest.approx(1, abs=1e-12)


def test_fy2026_unallocated_psd_appropriation(fy2026):
    towns = fy2026.populations["town"].ids
    fy2026.set_input("psd_is_among_largest_towns", "2026", numpy.isin(towns, list(LARGEST_TOWNS_2020)))
    grants = fy2026.calculate("priority_school_district_grant", "2026")
    # 8 largest x 1,000,000 + 8 other PSDs x 500,000 = 12,000,000; 30,800,000 - 12,000,000 = 18,800,000
    assert grants.sum() == 12_000_000
    assert fy2026.calculate("priority_school_district_appropriation_unallocated", "2026").tolist() == [18_800_000]


def test_statewide_figures_of_a_few_towns_are_errors_not_guesses(tax_benefit_system):
    towns = {"Hartford": {"is_priority_school_district": {"2026": True}, "average_daily_membership": {"2026": 100},
                          "ecs_resident_students": {"2026": 100}}}
    simulation = _situation(tax_benefit_system, towns, {})
    for variable in ("extended_school_hours_grant", "summer_school_grant"):
        with pytest.raises(IncompleteStateError, match="as an input of the state"):
            simulation.calculate(variable, "2026")
    with pytest.raises(IncompleteStateError, match="priority_school_district_appropriation_unallocated"):
        simulation.calculate("priority_school_district_appropriation_unallocated", "2026")


def test_more_than_eight_largest_towns_is_an_error(tax_benefit_system):
    towns = {f"T{i}": {"psd_is_among_largest_towns": {"2026": True}} for i in range(9)}
    simulation = _situation(tax_benefit_system, towns, {})
    with pytest.raises(TownInputError, match="More than 8 towns"):
        simulation.calculate("is_eligible_priority_school_district", "2026")


def test_appropriations_are_recorded_for_fy2026_only(tax_benefit_system):
    simulation = _situation(tax_benefit_system, {"Hartford": {}}, {})
    for variable in ("priority_school_district_appropriation", "extended_school_hours_appropriation", "summer_school_appropriation"):
        with pytest.raises(ParameterNotFoundError):
            simulation.calculate(variable, "2027")
