"""Designations of record (alliance districts, educational reform districts...) kept as dated parameters.

A designation parameter is a node with one boolean child per designated town, named
``town_<CSDE code>``, true from the date the designation took effect. A town without a child, or
whose child has no value yet at the instant, is not designated.
"""

import numpy


def parameter_key(town_codes):
    """The parameter child name of each town code: ``town_<code>``."""
    return numpy.array([f"town_{int(code)}" for code in numpy.asarray(town_codes)])


def designated(node_at_instant, town_codes):
    """True for each town whose designation is in force at the node's instant."""
    in_force = {key for key in node_at_instant if bool(node_at_instant[key])}
    return numpy.isin(parameter_key(town_codes), list(in_force))
