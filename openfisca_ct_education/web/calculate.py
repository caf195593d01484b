"""/calculate without dpath: the stock handler's answer, each requested variable computed once for all entities.

openfisca-web-api's ``handlers.calculate`` finds the requested values (``null`` in the situation) with
``dpath.search`` over every path, computes them one entity at a time, and merges the answers back
with ``dpath.merge``: for the 169 towns of a state, two thirds of the handler's time went to dpath
(benchmarks/results.md). This handler builds the simulation the same way
(``SimulationBuilder.build_from_entities``), walks the situation once, computes each requested
(variable, period) once, and writes each entity's value in place, converted as the stock handler
converts it (an Enum's name, a float through its shortest repr, a str, else the Python value).
tests/web/test_calculate.py checks that both answer the same.
"""

from __future__ import annotations

from openfisca_core.indexed_enums import Enum
from openfisca_core.simulations import SimulationBuilder


def calculate(tax_benefit_system, input_data: dict) -> dict:
    """The situation with its null values replaced by the computed values (as ``openfisca_web_api.handlers.calculate``)."""
    simulation = SimulationBuilder().build_from_entities(tax_benefit_system, input_data)
    requested = []  # (the periods dict to fill, its key, variable name, period, entity plural, entity id)
    for plural, instances in input_data.items():
        if not isinstance(instances, dict):
            continue
        for entity_id, variables in instances.items():
            if not isinstance(variables, dict):
                continue
            for name, by_period in variables.items():
                if not isinstance(by_period, dict):
                    continue
                for period, value in by_period.items():
                    if value is None:
                        requested.append((by_period, period, name, plural, entity_id))
    computed = {}
    indexes = {}
    for by_period, period, name, plural, entity_id in requested:
        key = (name, str(period))
        if key not in computed:
            computed[key] = _values(tax_benefit_system.get_variable(name), simulation.calculate(name, str(period)))
        if plural not in indexes:
            population = simulation.get_population(plural)
            indexes[plural] = {identifier: index for index, identifier in enumerate(population.ids)}
        by_period[period] = computed[key][indexes[plural][entity_id]]
    return input_data


def _values(variable, result) -> list:
    """Each entity's value as the stock handler gives it."""
    if variable.value_type == Enum:
        return [item.name for item in result.decode()]
    if variable.value_type == float:
        return [float(str(value)) for value in result]
    if variable.value_type == str:
        return [str(value) for value in result]
    return result.tolist()
