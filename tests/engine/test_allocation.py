"""openfisca_ct_education.engine.allocation: whole dollars that add up exactly to the amount shared."""

from __future__ import annotations

import doctest

import numpy
import pytest

from openfisca_ct_education.engine import allocation
from openfisca_ct_education.engine import rounding
from openfisca_ct_education.engine.allocation import allocate_by_group, allocate_largest_remainder


def test_doctests():
    for module in (allocation, rounding):
        failures, _ = doctest.testmod(module)
        assert failures == 0, module.__name__


def test_worked_example():
    # 100 among weights 1, 2, 3 (sum 6): quotas 16.67, 33.33, 50 -> floors 16, 33, 50 = 99;
    # the dollar left goes to the largest fraction (0.67, the first town) -> 17, 33, 50.
    assert allocate_largest_remainder(100, [1, 2, 3]).tolist() == [17.0, 33.0, 50.0]


def test_ties_go_to_the_earlier_town():
    # 2 dollars among 3 equal weights: quotas 0.67 each, all fractions equal -> the first two towns.
    assert allocate_largest_remainder(2, [5, 5, 5]).tolist() == [1.0, 1.0, 0.0]


def test_whole_quotas_are_kept_exactly():
    # 2,900,000 among weights 1, 1, 2: quotas 725,000, 725,000, 1,450,000, no dollar left over.
    assert allocate_largest_remainder(2_900_000, [1, 1, 2]).tolist() == [725_000.0, 725_000.0, 1_450_000.0]


def test_zero_weights_get_nothing_and_all_zero_weights_share_nothing():
    assert allocate_largest_remainder(10, [0, 3, 0]).tolist() == [0.0, 10.0, 0.0]
    assert allocate_largest_remainder(10, [0, 0]).tolist() == [0.0, 0.0]
    assert allocate_largest_remainder(10, []).tolist() == []


@pytest.mark.parametrize("total", [10.5, -1, float("nan")])
def test_total_must_be_whole_dollars(total):
    with pytest.raises(ValueError):
        allocate_largest_remainder(total, [1, 2])


@pytest.mark.parametrize("weights", [[1, -1], [1, float("inf")], [[1, 2]]])
def test_weights_must_be_finite_non_negative_and_flat(weights):
    with pytest.raises(ValueError):
        allocate_largest_remainder(10, weights)


def test_by_group():
    # group 0: 10 among 1, 1, 1 -> 4, 3, 3; group 1: 5 among 2, 3 -> 2, 3
    amounts = allocate_by_group([10, 5], [1, 1, 2, 1, 3], [0, 0, 1, 0, 1])
    assert amounts.tolist() == [4.0, 3.0, 2.0, 3.0, 3.0]


def test_property_random_inputs_sum_exactly_and_stay_within_a_dollar_of_the_quota():
    generator = numpy.random.default_rng(20260101)
    for _ in range(500):
        size = int(generator.integers(1, 200))
        weights = generator.uniform(0, 30_000, size).round(int(generator.integers(0, 3)))
        weights[generator.random(size) < 0.3] = 0  # towns that do not share
        if weights.sum() == 0:
            weights[0] = 1
        total = float(generator.integers(0, 50_000_000))
        amounts = allocate_largest_remainder(total, weights)
        assert amounts.dtype == numpy.float64
        assert amounts.sum() == total
        assert (amounts == numpy.floor(amounts)).all()
        assert (amounts[weights == 0] == 0).all()
        quotas = total * weights / weights.sum()
        # each amount is its quota rounded down or up (allowing float64 error in the check's quotas)
        assert (numpy.abs(amounts - quotas) < 1 + 1e-6).all()


def test_property_more_weight_never_means_fewer_dollars():
    generator = numpy.random.default_rng(7)
    for _ in range(200):
        weights = generator.uniform(1, 1000, 20).round(2)
        amounts = allocate_largest_remainder(3_400_000, weights)
        order = numpy.argsort(weights, kind="stable")
        assert (numpy.diff(amounts[order]) >= 0).all()
