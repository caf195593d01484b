"""Designations of record (alliance districts, educational reform districts...) kept as dated parameters.

A designation parameter is a node with one boolean child per designated town, named
``town_<CSDE code>``, true from the date the designation took effect. A town without a child, or
whose child has no value yet at the instant, is not designated.
"""

import numpy

PREFIX = "town_"


def parameter_key(town_codes):
    """The parameter child name of each town code: ``town_<code>``."""
    return numpy.array([f"{PREFIX}{int(code)}" for code in numpy.asarray(town_codes)])


def designated_codes(node_at_instant) -> list[int]:
    """The town codes whose designation is in force at the node's instant."""
    return [int(key[len(PREFIX):]) for key in node_at_instant if key.startswith(PREFIX) and bool(node_at_instant[key])]


def designated(node_at_instant, town_codes):
    """True for each town whose designation is in force at the node's instant.

    Compared as integer codes (not as ``town_<code>`` strings): this runs in every formula that reads
    a designation, and string keys were a seventh of an FY2026 evaluation (benchmarks/results.md).
    """
    return numpy.isin(numpy.asarray(town_codes).astype(numpy.int64), designated_codes(node_at_instant))
