"""Sharing a whole-dollar appropriation among towns in whole dollars that add up to it exactly.

Some grants give each eligible town its share of an appropriation (C.G.S. 10-266t: average daily
membership; 10-265m: resident students). Rounding each town's share to the dollar on its own can
pay out a few dollars more or less than was appropriated. :func:`allocate_largest_remainder` uses
the largest-remainder (Hamilton) method instead: every town gets the whole dollars of its exact
share, and the dollars left over go one each to the towns with the largest fractions of a dollar,
so the town amounts always add up to the appropriation. Shares are computed exactly (as fractions
of the float64 inputs), so ties are real ties; they go to the town that comes first.
"""

from __future__ import annotations

from fractions import Fraction

import numpy


def allocate_largest_remainder(total, weights):
    """Whole dollars for each weight, in proportion to the weights, summing exactly to ``total``.

    ``total`` is a whole, non-negative number of dollars; ``weights`` are non-negative finite
    numbers (a zero weight gets nothing). If every weight is zero there is no one to share with:
    every amount is 0 (and the sum is 0, not ``total``).

    >>> allocate_largest_remainder(10, [1, 1, 1]).tolist()
    [4.0, 3.0, 3.0]
    >>> allocate_largest_remainder(100, [0.5, 0, 1.5, 1]).tolist()
    [17.0, 0.0, 50.0, 33.0]
    """
    weights = numpy.asarray(weights, dtype=numpy.float64)
    if weights.ndim != 1:
        raise ValueError("weights must be a one-dimensional sequence")
    if not numpy.isfinite(weights).all() or (weights < 0).any():
        raise ValueError(f"weights must be finite and non-negative, got {weights.tolist()}")
    total_fraction = Fraction(float(total))
    if total_fraction.denominator != 1 or total_fraction < 0:
        raise ValueError(f"total must be a whole, non-negative number of dollars, got {total!r}")
    exact = [Fraction(float(weight)) for weight in weights]
    weight_sum = sum(exact, Fraction(0))
    if weight_sum == 0:
        return numpy.zeros(len(weights), dtype=numpy.float64)
    quotas = [total_fraction * weight / weight_sum for weight in exact]
    floors = [quota.numerator // quota.denominator for quota in quotas]
    left_over = int(total_fraction) - sum(floors)
    # Largest fraction first; sorted() is stable, so equal fractions keep the towns' order.
    order = sorted(range(len(quotas)), key=lambda index: quotas[index] - floors[index], reverse=True)
    for index in order[:left_over]:
        floors[index] += 1
    return numpy.array(floors, dtype=numpy.float64)


def allocate_by_group(totals, weights, groups):
    """:func:`allocate_largest_remainder` within each group: ``totals[g]`` among the weights of group ``g``.

    ``groups`` gives each weight's group index (0 .. len(totals) - 1), as
    ``GroupPopulation.members_entity_id`` does for the towns of each state.

    >>> allocate_by_group([10, 5], [1, 1, 1, 2, 3], [0, 0, 0, 1, 1]).tolist()
    [4.0, 3.0, 3.0, 2.0, 3.0]
    """
    weights = numpy.asarray(weights, dtype=numpy.float64)
    groups = numpy.asarray(groups)
    amounts = numpy.zeros(len(weights), dtype=numpy.float64)
    for group, total in enumerate(numpy.asarray(totals, dtype=numpy.float64)):
        members = groups == group
        amounts[members] = allocate_largest_remainder(total, weights[members])
    return amounts
