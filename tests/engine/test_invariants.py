"""Invariants of the law, as properties over generated towns and states (hypothesis).

Small states give their statewide medians as inputs, so each town's figures depend on its own
inputs alone; whole states are the 169 towns with generated counts and wealth, for any formula year.
"""

from __future__ import annotations

import numpy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openfisca_core.errors import SituationParsingError
from openfisca_core.simulations import SimulationBuilder
from strategies import formula_year, small_state, state_medians, town, whole_state

from openfisca_ct_education.data.admissible import ADMISSIBLE
from openfisca_ct_education.engine.allocation import allocate_by_group, allocate_largest_remainder
from openfisca_ct_education.engine.simulation import build_simulation, current_law

SMALL = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WHOLE = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: The most a median household income may be (data/admissible.py): the wealthier town stays a possible town.
MOST_INCOME = ADMISSIBLE["ecs_median_household_income"].maximum
more = st.floats(0, 5_000, allow_nan=False, allow_infinity=False)
richer = st.floats(1, 5, allow_nan=False, allow_infinity=False)


def simulate(situation):
    return SimulationBuilder().build_from_entities(current_law(), situation)


@SMALL
@given(town, state_medians, formula_year, more, more, more)
def test_more_need_students_never_lower_the_fully_funded_grant(inputs, medians, year, resident, low_income, english):
    """Two towns alike but for more resident, low-income and English-learner students."""
    needier = dict(inputs, ecs_resident_students=inputs["ecs_resident_students"] + resident)
    # Low-income students and English learners are counted among the resident students (data/admissible.py):
    # the added ones are at most the added resident students.
    low_income_students = inputs["low_income_share"] * inputs["ecs_resident_students"] + min(low_income, resident)
    english_learners = inputs["english_learner_share"] * inputs["ecs_resident_students"] + min(english, resident)
    needier["low_income_share"] = low_income_students / needier["ecs_resident_students"]
    needier["english_learner_share"] = english_learners / needier["ecs_resident_students"]
    simulation = simulate(small_state([inputs, needier], medians, year))
    need = simulation.calculate("ecs_need_students", str(year))
    grant = simulation.calculate("ecs_fully_funded_grant", str(year))
    assert need[1] >= need[0]
    assert grant[1] >= grant[0], (need, grant)


@SMALL
@given(town, state_medians, formula_year, richer, richer)
def test_more_wealth_never_raises_the_base_aid_ratio(inputs, medians, year, property_factor, income_factor):
    wealthier = dict(
        inputs,
        ecs_equalized_net_grand_list=inputs["ecs_equalized_net_grand_list"] * property_factor,
        ecs_median_household_income=min(inputs["ecs_median_household_income"] * income_factor, MOST_INCOME),
    )
    ratio = simulate(small_state([inputs, wealthier], medians, year)).calculate("ecs_base_aid_ratio", str(year))
    assert ratio[1] <= ratio[0]


@SMALL
@given(st.lists(town, min_size=1, max_size=6), state_medians, formula_year)
def test_base_aid_ratio_between_its_floor_and_one_plus_the_pic_bonus(towns, medians, year):
    simulation = simulate(small_state(towns, medians, year))
    period = str(year)
    ratio = simulation.calculate("ecs_base_aid_ratio", period)
    floor = simulation.calculate("ecs_minimum_base_aid_ratio", period)
    bonus = simulation.calculate("ecs_base_aid_ratio_adjustment_factor", period)
    assert ((bonus >= 0) & (bonus <= 0.06)).all()
    assert (ratio >= floor).all() and (ratio <= 1 + bonus).all(), (ratio, floor, bonus)


@SMALL
@given(st.lists(town, min_size=1, max_size=6), state_medians, formula_year)
def test_protected_towns_never_fall_below_their_hold_harmless_amount(towns, medians, year):
    simulation = simulate(small_state(towns, medians, year))
    period = str(year)
    protected = simulation.calculate("ecs_is_protected_district", period)
    entitlement = simulation.calculate("ecs_entitlement", period)
    hold_harmless = simulation.calculate("ecs_hold_harmless_amount", period)
    assert (entitlement[protected] >= hold_harmless[protected]).all()


# Statewide totals and the town variable each adds up.
TOTALS = {
    "ecs_statewide_entitlement": "ecs_entitlement",
    "alliance_district_grant_statewide": "alliance_district_grant",
    "ecs_non_alliance_portion_statewide": "ecs_non_alliance_portion",
    "priority_school_district_grant_total": "priority_school_district_grant",
    "priority_school_district_phase_out_grant_total": "priority_school_district_phase_out_grant",
    "transitional_school_district_grant_total": "transitional_school_district_grant",
    "summer_school_grant_total": "summer_school_grant",
    "extended_school_hours_grant_total": "extended_school_hours_grant",
}
# Appropriations shared among towns, and the town variable that holds each town's share.
SHARED = {"summer_school_appropriation": "summer_school_grant", "extended_school_hours_appropriation": "extended_school_hours_grant"}


def whole_state_simulation(inputs, data):
    simulation = build_simulation(inputs.year, inputs)
    period = str(inputs.year)
    membership = data.draw(st.lists(st.integers(1, 30_000), min_size=169, max_size=169), label="average daily membership")
    simulation.set_input("average_daily_membership", period, numpy.array(membership, dtype=numpy.float64))
    for appropriation in SHARED:
        amount = data.draw(st.integers(0, 10**10), label=appropriation)
        simulation.set_input(appropriation, period, numpy.array([float(amount)]))
    return simulation, period


def computed(simulation, variable, period):
    """The variable's values, or None where the law the package encodes does not set it for the year."""
    try:
        return simulation.calculate(variable, period)
    except (SituationParsingError, ValueError) as error:
        if "not found" in str(error) or isinstance(error, SituationParsingError):
            return None
        raise


@WHOLE
@given(whole_state(), st.data())
def test_whole_state_invariants(inputs, data):
    simulation, period = whole_state_simulation(inputs, data)
    entitlement = simulation.calculate("ecs_entitlement", period)
    assert numpy.isfinite(entitlement).all() and (entitlement >= 0).all()

    # Alliance grant + non-alliance portion = entitlement, town by town, exactly.
    alliance = simulation.calculate("alliance_district_grant", period)
    portion = simulation.calculate("ecs_non_alliance_portion", period)
    assert (alliance + portion == entitlement).all()

    # Protected towns keep their hold-harmless amount.
    protected = simulation.calculate("ecs_is_protected_district", period)
    assert (entitlement[protected] >= simulation.calculate("ecs_hold_harmless_amount", period)[protected]).all()

    # Statewide totals are the sums of the towns (the ECS total always; others where the year has them).
    checked = 0
    for total, per_town in TOTALS.items():
        state_value, town_values = computed(simulation, total, period), computed(simulation, per_town, period)
        if state_value is not None and town_values is not None:
            assert state_value[0] == town_values.sum(), total
            checked += 1
    assert checked >= 3

    # The shares of an appropriation add up to it exactly (where some town shares it).
    for appropriation, per_town in SHARED.items():
        shares = computed(simulation, per_town, period)
        if shares is not None and (shares > 0).any():
            assert shares.sum() == simulation.calculate(appropriation, period)[0], appropriation


whole_dollars = st.integers(0, 10**12)
weights = st.lists(st.floats(0, 1e9, allow_nan=False, allow_infinity=False), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(whole_dollars, weights)
def test_shares_of_any_appropriation_sum_to_it_exactly(total, weights):
    amounts = allocate_largest_remainder(total, weights)
    assert (amounts == numpy.floor(amounts)).all() and (amounts >= 0).all()
    if sum(weights) > 0:
        assert amounts.sum() == total
        quotas = [total * weight / sum(weights) for weight in weights]
        assert all(abs(amount - quota) < 1 + 1e-6 * total for amount, quota in zip(amounts, quotas))
    else:
        assert amounts.sum() == 0


@settings(max_examples=100, deadline=None)
@given(st.lists(whole_dollars, min_size=1, max_size=4), st.data())
def test_shares_within_each_state_sum_to_its_appropriation(totals, data):
    groups = data.draw(st.lists(st.integers(0, len(totals) - 1), min_size=len(totals), max_size=40))
    groups = list(range(len(totals))) + groups[len(totals):]  # every state has a town
    shares = data.draw(st.lists(st.floats(0.001, 1e6, allow_nan=False), min_size=len(groups), max_size=len(groups)))
    amounts = allocate_by_group(totals, shares, groups)
    for group, total in enumerate(totals):
        assert amounts[numpy.array(groups) == group].sum() == total
