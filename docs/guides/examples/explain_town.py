"""Explain one town's FY2026 ECS entitlement: every step of the computation, with the parameters read.

OpenFisca's tracer records each variable computed, its period, its value for every town and the
parameters its formula read. This prints the tree for one town, to a chosen depth.
"""

import sys

import numpy

from openfisca_ct_education.engine.simulation import build_simulation

TOWN = sys.argv[1] if len(sys.argv) > 1 else "Hartford"
DEPTH = int(sys.argv[2]) if len(sys.argv) > 2 else 4

simulation = build_simulation(2026)
simulation.trace = True
simulation.calculate("ecs_entitlement", "2026")
index = list(simulation.populations["town"].ids).index(TOWN)


def text(value):
    """Whole dollars with separators, ratios to 6 decimals, flags as True/False."""
    if isinstance(value, (bool, numpy.bool_)):
        return str(bool(value))
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.6f}".rstrip("0")


def show(node, depth=0):
    value = node.value[index] if len(node.value) > 1 else node.value[0]  # a state variable has one value
    print(f"{'  ' * depth}{node.name}<{node.period}> = {text(value)}")
    for parameter in node.parameters:
        print(f"{'  ' * depth}  | {parameter.name}<{parameter.period}> = {parameter.value}")
    if depth < DEPTH:
        for child in node.children:
            show(child, depth + 1)


show(simulation.tracer.trees[0])
