"""/calculate without dpath: the stock handler's answer, each requested variable computed once for all entities.

openfisca-web-api's ``handlers.calculate`` finds the requested values (``null`` in the situation) with
``dpath.search`` over every path, computes them one entity at a time, and merges the answers back
with ``dpath.merge``: for the 169 towns of a state, two thirds of the handler's time went to dpath
(benchmarks/results.md). This handler builds the simulation from whole columns where the situation
is made of them (:mod:`openfisca_ct_education.web.columns`: an app's whole state), else as the stock
handler does (:func:`~openfisca_ct_education.web.checks.check_situation`, then
``SimulationBuilder.build_from_entities``); computes each requested (variable, period) once; and writes
each entity's value in place, converted as the stock handler converts it (an Enum's name, a float
through its shortest repr, a str, else the Python value). tests/web/test_calculate.py checks that it
answers as the stock handler does.
"""

from __future__ import annotations

import math

import numpy
from openfisca_core.indexed_enums import Enum
from openfisca_core.simulations import SimulationBuilder

from openfisca_ct_education.web import columns
from openfisca_ct_education.web.checks import Limits, RequestError, check_situation
from openfisca_ct_education.web.json_body import parse_body, parse_fast


def calculate_body(tax_benefit_system, body: bytes, limits: Limits) -> dict:
    """The answer to a /calculate request's body: whole columns parsed by orjson and built as arrays
    (:mod:`.columns`) where they are that, else the body parsed strictly, checked and built by openfisca-core."""
    data = parse_fast(body)
    built = columns.build(tax_benefit_system, data, limits) if data is not None else None
    if built is None:
        data = parse_body(body)
    return calculate(tax_benefit_system, data, limits, built)


def calculate(tax_benefit_system, input_data: dict, limits: Limits | None = None, built=None) -> dict:
    """The situation with its null values replaced by the computed values (as ``openfisca_web_api.handlers.calculate``).

    ``built``: what :func:`openfisca_ct_education.web.columns.build` made of ``input_data``, if it took it.
    Raises :class:`RequestError` for a situation the server must not compute, and (422) if a computed
    value is not a finite number.
    """
    limits = limits or Limits()
    if built is None:
        check_situation(tax_benefit_system, input_data, limits)
        simulation = SimulationBuilder().build_from_entities(tax_benefit_system, input_data)
        requested = _requested(simulation, input_data)
    else:
        simulation, requested = built
    finite = True
    for plural, name, key, cells in requested:
        variable = tax_benefit_system.get_variable(name)
        result = simulation.calculate(name, key)
        if variable.value_type is float:
            finite = finite and bool(numpy.isfinite(result).all())
        values = _values(variable, result)
        for index, by_period in cells:
            by_period[key] = values[index]
    if not finite:
        refuse_non_finite(input_data)
    return input_data


def _requested(simulation, input_data: dict) -> list:
    """``[(entity plural, variable, period key, [(entity index, its periods dict)])]`` of the situation's null values."""
    requested = {}
    for plural, instances in input_data.items():
        if not isinstance(instances, dict):
            continue
        index = {identifier: position for position, identifier in enumerate(simulation.get_population(plural).ids)}
        for entity_id, variables in instances.items():
            if not isinstance(variables, dict):
                continue
            for name, by_period in variables.items():
                if not isinstance(by_period, dict):
                    continue
                for key, value in by_period.items():
                    if value is None:
                        requested.setdefault((plural, name, str(key)), []).append((index[entity_id], by_period))
    return [(*column, cells) for column, cells in requested.items()]


def _values(variable, result) -> list:
    """Each entity's value as the stock handler gives it."""
    if variable.value_type == Enum:
        return [item.name for item in result.decode()]
    if variable.value_type == float:  # a float64's repr is its shortest, so float(str(v)) is v: tolist() says the same
        return result.tolist() if result.dtype == numpy.float64 else [float(str(value)) for value in result]
    if variable.value_type == str:
        return [str(value) for value in result]
    return result.tolist()


def refuse_non_finite(document) -> None:
    """Raise :class:`RequestError` (422) naming the first number of a computed ``document`` that is not finite."""
    where = _first_non_finite(document)
    if where is not None:
        raise RequestError({"error": f"The computation gave a non-finite value at {'/'.join(where)}: check the inputs."}, 422)


def _first_non_finite(value, path=()):
    """The path to the first number of ``value`` (a JSON document) that is not finite, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return path
    if isinstance(value, dict):
        for key, item in value.items():
            found = _first_non_finite(item, (*path, str(key)))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_non_finite(item, (*path, str(index)))
            if found is not None:
                return found
    return None
