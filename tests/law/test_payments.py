"""ECS payments (C.G.S. 10-262i(b)) and their town / board of education split (10-262u(c)) on the real FY2026 simulation."""

from __future__ import annotations

import numpy
import pytest

from openfisca_ct_education.errors import TownInputError
from openfisca_ct_education.engine.simulation import build_simulation
from openfisca_ct_education.engine.years import run_years

MONTHS = ("october", "january", "april")

# Hartford, worked by hand from its published amounts (ecs_entitlements_by_town_fy2001_2026.csv, town code 64):
#   FY2026 entitlement 226,674,245 ; FY2012 entitlement (base year of its alliance grant) 187,974,890
#   alliance district grant = 226,674,245 - 187,974,890 = 38,699,355 ; non-alliance portion = 187,974,890
#   installments: 25% x 226,674,245 = 56,668,561.25 -> 56,668,561 (October, January)
#                 April = 226,674,245 - 2 x 56,668,561 = 226,674,245 - 113,337,122 = 113,337,123
#   town:         25% x 187,974,890 = 46,993,722.50 -> 46,993,723 (half away from zero)
#                 April = 187,974,890 - 93,987,446 = 93,987,444
#   board:        56,668,561 - 46,993,723 = 9,674,838 (October, January) ; 113,337,123 - 93,987,444 = 19,349,679
#                 9,674,838 + 9,674,838 + 19,349,679 = 38,699,355 = the alliance grant
HARTFORD = {
    "ecs_payment": (56668561, 56668561, 113337123),
    "ecs_payment_to_town": (46993723, 46993723, 93987444),
    "alliance_district_grant_payment": (9674838, 9674838, 19349679),
}


@pytest.fixture(scope="module", params=["FY2026 alone", "FY2026 chained from FY2025"])
def fy2026(request):
    """FY2026 built alone, and as a window chained from FY2025 builds it (``compare --years 2025-2026``):
    the payments, and the compensatory grants of the year's applicants, are the same in both."""
    if request.param == "FY2026 alone":
        return build_simulation(2026)
    return run_years([2025, 2026], chain_from=2025).simulations[2026]


def _installments(simulation, prefix):
    return [simulation.calculate(f"{prefix}_{month}", "2026") for month in MONTHS]


def test_installments_sum_exactly_to_the_entitlement_for_all_169_towns(fy2026):
    entitlement = fy2026.calculate("ecs_entitlement", "2026")
    october, january, april = _installments(fy2026, "ecs_payment")
    assert len(entitlement) == 169
    assert all(values.dtype == numpy.float64 for values in (october, january, april))
    assert numpy.array_equal(october + january + april, entitlement)
    assert numpy.array_equal(october, numpy.floor(october)) and numpy.array_equal(april, numpy.floor(april))
    assert (numpy.abs(october - 0.25 * entitlement) <= 0.5).all()


def test_town_part_plus_board_part_is_the_installment_exactly_for_all_169_towns(fy2026):
    """October: town + alliance part + compensatory grant (C.G.S. 10-262k) = installment; January, April: town + alliance part."""
    compensatory = fy2026.calculate("compensatory_education_grant", "2026")
    for month, installment, town_part, board_part in zip(
        MONTHS,
        _installments(fy2026, "ecs_payment"),
        _installments(fy2026, "ecs_payment_to_town"),
        _installments(fy2026, "alliance_district_grant_payment"),
    ):
        extra = compensatory if month == "october" else 0
        assert numpy.array_equal(town_part + board_part + extra, installment), month
    town_total = sum(_installments(fy2026, "ecs_payment_to_town"))
    board_total = sum(_installments(fy2026, "alliance_district_grant_payment"))
    assert numpy.array_equal(town_total + compensatory, fy2026.calculate("ecs_non_alliance_portion", "2026"))
    assert numpy.array_equal(board_total, fy2026.calculate("alliance_district_grant", "2026"))
    not_alliance = ~fy2026.calculate("is_alliance_district", "2026")
    assert not_alliance.sum() == 169 - 36
    assert (board_total[not_alliance] == 0).all()


# C.G.S. 10-262k: the board may apply "to receive not more than two per cent of the town's grant entitlement pursuant
# to section 10-262h ... the commissioner shall deduct such amount from the payment made to the town in October"
# (https://law.justia.com/codes/connecticut/2012/title-10/chapter-172/section-10-262k/). Both towns are on CSDE's FY2026
# payment list of applicants (data/compensatory_education_applicants.csv).
#
# New Milford (not an alliance district), FY2026 entitlement 11,645,304:
#   compensatory grant 2% x 11,645,304 = 232,906.08 -> 232,906
#   installments 25% x 11,645,304 = 2,911,326 (October, January) ; April 11,645,304 - 5,822,652 = 5,822,652
#   town: October 2,911,326 - 232,906 = 2,678,420 ; January 2,911,326 ; April 5,822,652
#   2,678,420 + 2,911,326 + 5,822,652 = 11,412,398 = 11,645,304 - 232,906
NEW_MILFORD = {
    "ecs_payment": (2911326, 2911326, 5822652),
    "ecs_payment_to_town": (2678420, 2911326, 5822652),
    "alliance_district_grant_payment": (0, 0, 0),
}
# Middletown (alliance district since FY2013), FY2026 entitlement 28,184,338, FY2012 entitlement 16,652,386:
#   alliance grant 28,184,338 - 16,652,386 = 11,531,952 ; town's part (non-alliance portion) 16,652,386
#   compensatory grant 2% x 28,184,338 (the whole "grant entitlement pursuant to section 10-262h") = 563,686.76 -> 563,687
#   installments 25% x 28,184,338 = 7,046,084.50 -> 7,046,085 (October, January) ; April 28,184,338 - 14,092,170 = 14,092,168
#   town: 25% x 16,652,386 = 4,163,096.50 -> 4,163,097 ; October 4,163,097 - 563,687 = 3,599,410 ; January 4,163,097 ;
#         April 16,652,386 - 8,326,194 = 8,326,192
#   board (alliance): 7,046,085 - 4,163,097 = 2,882,988 (October, January) ; 14,092,168 - 8,326,192 = 5,765,976 ;
#         2,882,988 x 2 + 5,765,976 = 11,531,952 = the alliance grant
MIDDLETOWN = {
    "ecs_payment": (7046085, 7046085, 14092168),
    "ecs_payment_to_town": (3599410, 4163097, 8326192),
    "alliance_district_grant_payment": (2882988, 2882988, 5765976),
}


@pytest.mark.parametrize("name, grant, expected", [("New Milford", 232906, NEW_MILFORD), ("Middletown", 563687, MIDDLETOWN)])
def test_payments_as_the_state_makes_them_worked_by_hand(fy2026, name, grant, expected):
    index = list(fy2026.populations["town"].ids).index(name)
    assert fy2026.calculate("compensatory_education_grant_applied", "2026")[index]
    assert fy2026.calculate("compensatory_education_grant", "2026")[index] == grant
    for prefix, values in expected.items():
        assert tuple(v[index] for v in _installments(fy2026, prefix)) == values, prefix


def test_compensatory_education_grants_fy2026_statewide(fy2026):
    """Eight applicants of record; 2% of each entitlement, to the dollar; no other town."""
    applied = fy2026.calculate("compensatory_education_grant_applied", "2026")
    grant = fy2026.calculate("compensatory_education_grant", "2026")
    entitlement = fy2026.calculate("ecs_entitlement", "2026")
    assert applied.sum() == 8 and (grant[~applied] == 0).all()
    assert (grant[applied] == numpy.floor(0.02 * entitlement[applied] + 0.5)).all()
    assert fy2026.calculate("compensatory_education_grant_statewide", "2026")[0] == grant.sum()


def test_hartford_installments_worked_by_hand(fy2026):
    index = list(fy2026.populations["town"].ids).index("Hartford")
    assert fy2026.calculate("ecs_entitlement", "2026")[index] == 226674245
    assert fy2026.calculate("alliance_district_grant", "2026")[index] == 38699355
    for prefix, expected in HARTFORD.items():
        assert tuple(values[index] for values in _installments(fy2026, prefix)) == expected, prefix


def test_installments_before_fy2018_are_refused_not_zero():
    simulation = build_simulation(2017)
    with pytest.raises(TownInputError, match="10-262i"):
        simulation.calculate("ecs_payment_october", "2017")
