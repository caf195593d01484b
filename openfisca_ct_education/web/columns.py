"""A situation of whole columns built as arrays: the 169 towns of an app's /calculate without a walk value by value.

An app asking for the whole state sends every town with the same inputs for the same years
(:func:`openfisca_ct_education.web.situations.whole_state_situation`): 2,704 values for FY2026.
openfisca-core's ``SimulationBuilder.build_from_entities`` takes them one at a time (a deep copy, a
period parsed, a type converted, an array written per value) and :func:`~.checks.check_situation` looks
at each first: nine tenths of a 169-town request's time in the server (benchmarks/results.md).

:func:`build` reads such a situation column by column, one column per (variable, period) of an entity:
each column is converted once with the variable's dtype (as ``Variable.check_set_value`` converts a
value), checked once against the same declarations (:func:`~openfisca_ct_education.data.admissible.admissible_mask`:
what :func:`~.checks.check_situation` asks of each value) and set with ``holder.set_input`` (which runs the
engine's input checks, :mod:`openfisca_ct_education.engine.input_checks`, as the stock builder's does).
The populations are made as ``SimulationBuilder.finalize_variables_init`` makes them.

It takes only what it can answer exactly as the stock path would: entities that are all there
(``towns``, and ``states`` whose ``members`` hold each town once), complete columns (every town gives the
column, all values or all ``null``), canonical period keys (``"2026"``, ``"ETERNITY"``) within the
server's years, values of the variable's JSON type that pass their declaration. For anything else it
returns None and the request takes the stock path (:mod:`.checks`, then ``build_from_entities``), which
says what is wrong in its own words: the messages a client sees do not depend on this module.
tests/web/test_columns.py checks that both paths answer the same.
"""

from __future__ import annotations

import functools

import numpy
from openfisca_core import periods
from openfisca_core.errors import SituationParsingError
from openfisca_core.simulations import Simulation

from openfisca_ct_education.data.admissible import admissible_mask
from openfisca_ct_education.entities import State, Town
from openfisca_ct_education.web.checks import INT64, Limits

#: The JSON types a value of each variable type may have here (others go the stock way: a string for a
#: number is evaluated by openfisca-core, an Enum is converted from its name).
_JSON_TYPES = {float: {int, float}, int: {int}, bool: {bool}, str: {str}}


def build(system, data, limits: Limits):
    """``(simulation, requested)`` for a situation of whole columns, or None to take the stock path.

    ``requested`` lists, for each (entity plural, variable, period) asked (``null`` for every entity),
    each entity's index and periods dict, for :func:`openfisca_ct_education.web.calculate.calculate` to
    write the answer in.
    """
    if not isinstance(data, dict) or not data.keys() <= {Town.plural, State.plural}:
        return None
    towns, states = data.get(Town.plural), data.get(State.plural)
    if not isinstance(towns, dict) or not towns or not isinstance(states, dict) or not states:
        return None
    if len(towns) + len(states) > limits.max_entities:
        return None
    memberships = _memberships(towns, states)
    if memberships is None:
        return None
    years = _years(limits)
    populations = system.instantiate_entities()
    town_population, state_population = populations[Town.key], populations[State.key]
    (members_role,) = State.roles
    town_population.count, town_population.ids = len(towns), list(towns)
    state_population.count, state_population.ids = len(states), list(states)
    state_population.members_entity_id = numpy.array(memberships)
    state_population.members_role = numpy.array([members_role] * len(towns))
    simulation = Simulation(system, populations)
    state_variables = {state_id: {key: value for key, value in state.items() if key != members_role.plural} for state_id, state in states.items()}
    requested = []
    for instances, population in ((towns, town_population), (state_variables, state_population)):
        plural = population.entity.plural
        columns = _columns(instances, limits)
        if columns is None:
            return None
        for (name, key), values in columns.items():
            variable = system.variables.get(name)
            if variable is None or variable.entity.key != population.entity.key or not _period_allowed(variable, key, years):
                return None
            if all(value is None for value in values):
                requested.append((plural, name, key, [(index, variables[name]) for index, variables in enumerate(instances.values())]))
                continue
            array = _array(variable, values, limits)
            if array is None:
                return None
            period = periods.period(key)
            if variable.end is None or period.start.date <= variable.end:
                try:  # the engine's checks of the input (a count above the one it may not exceed...)
                    population.get_holder(name).set_input(period, array)
                except (ValueError, SituationParsingError):
                    return None
    return simulation, requested


def _memberships(towns: dict, states: dict) -> list | None:
    """The index of each town's state, if every id is a name and each town is a member of one state exactly."""
    if set(map(type, towns.values())) != {dict} or set(map(type, states.values())) != {dict}:
        return None
    members = [state.get(State.roles[0].plural) for state in states.values()]
    if set(map(type, members)) != {list} or not all(set(map(type, listed)) <= {str} for listed in members):
        return None
    if set(map(type, [*towns, *states])) != {str} or not all(map(str.strip, [*towns, *states])):
        return None  # an id that is not a name, or is empty
    state_of = {}
    for index, listed in enumerate(members):
        state_of.update(dict.fromkeys(listed, index))
    if sum(map(len, members)) != len(towns) or state_of.keys() != towns.keys():
        return None  # a town in no state or in two, a member that is not a town (or not a name)
    return [state_of[town] for town in towns]


def _columns(instances: dict, limits: Limits) -> dict | None:
    """``{(variable, period key): [the value of each instance]}``, if each instance gives the columns of the
    first (at most ``limits.max_periods_per_variable`` periods a variable).

    Read one column at a time (comprehensions, not a loop over every value: a third of the time of a
    whole-state request went to that loop).
    """
    rows = list(instances.values())
    shape = {name: list(by_period) for name, by_period in rows[0].items() if isinstance(by_period, dict)}
    if len(shape) != len(rows[0]) or set(map(len, rows)) != {len(shape)}:
        return None  # a variable without periods, or instances with other variables than the first
    if any(len(keys) > limits.max_periods_per_variable for keys in shape.values()):
        return None
    columns = {}
    try:
        for name, keys in shape.items():
            by_periods = [variables[name] for variables in rows]
            if set(map(type, by_periods)) != {dict} or set(map(len, by_periods)) != {len(keys)}:
                return None
            for key in keys:
                columns[(name, key)] = [by_period[key] for by_period in by_periods]
    except KeyError:  # an instance without a variable or a period of the first
        return None
    return columns


@functools.lru_cache(maxsize=8)
def _years(limits: Limits) -> frozenset:
    """The period keys of the fiscal years the server computes ("1990" ... "2060"): made once per limits, not per request."""
    return frozenset(str(year) for year in range(limits.first_year, limits.last_year + 1))


def _period_allowed(variable, key, years) -> bool:
    unit = variable.definition_period
    if unit == periods.DateUnit.ETERNITY:
        return key == "ETERNITY"
    return unit == periods.DateUnit.YEAR and key in years


def _array(variable, values: list, limits: Limits):
    """The column as the variable's array, if each value is of its JSON type and its declaration admits it."""
    if not set(map(type, values)) <= _JSON_TYPES.get(variable.value_type, set()):
        return None
    try:
        array = numpy.array(values, dtype=variable.dtype)
    except (OverflowError, ValueError, TypeError):
        return None
    if variable.value_type is float and not (numpy.abs(array) <= limits.max_abs_value).all():  # also NaN, infinities
        return None
    if variable.value_type is int and (array < -INT64).any():  # -2**63: its magnitude is over INT64
        return None
    admitted = admissible_mask(variable.name, array)
    if admitted is not None and not admitted.all():
        return None
    return array
