"""Rounding as the state's ECS calculation worksheet does it.

The OFA/CSDE worksheet keeps need students to 2 decimals, ENGL per capita to the cent, the
wealth factors and the wealth adjustment factor to 6 decimals and grants to the dollar, with a
spreadsheet's ROUND: halves go away from zero. numpy's ``round`` sends halves to the even
neighbour instead, and binary floating point can land a decimal half a hair below it
(0.6809915 is stored as 0.680991499999...). Both would change published grants, so this module
rounds the way the worksheet does, on float64 values.
"""

import numpy

#: Digits kept after scaling, to absorb binary noise before deciding a half (as a spreadsheet
#: works on 15 significant digits). 1e-6 of a unit in the last kept place is far below any
#: difference the worksheet's inputs can make.
_NOISE_DECIMALS = 6


def round_half_up(values, decimals=0):
    """Round to ``decimals`` places, halves away from zero, in float64.

    >>> round_half_up([0.6809915, 2.5, -2.5, 1354.475], [6, 0, 0, 2]).tolist()
    [0.680992, 3.0, -3.0, 1354.48]
    """
    scale = numpy.power(10.0, decimals)
    scaled = numpy.round(numpy.asarray(values, dtype=numpy.float64) * scale, _NOISE_DECIMALS)
    return numpy.sign(scaled) * numpy.floor(numpy.abs(scaled) + 0.5) / scale


def round_down(values):
    """Whole units below, in float64, after absorbing binary noise as :func:`round_half_up` does.

    CSDE paid the C.G.S. 10-276a phase-out grants in the whole dollars below the statutory
    amount (Ansonia FY2012: $940,553 for $940,553.50).

    >>> round_down([940553.5, 480184.5, 2.9999999999, -0.5]).tolist()
    [940553.0, 480184.0, 3.0, -1.0]
    """
    return numpy.floor(numpy.round(numpy.asarray(values, dtype=numpy.float64), _NOISE_DECIMALS))
