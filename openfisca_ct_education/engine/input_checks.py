"""Inputs set in Python checked against their declarations (:mod:`openfisca_ct_education.data.admissible`).

:class:`openfisca_ct_education.model_api.Variable` routes ``simulation.set_input`` (and the inputs of a
situation built by ``SimulationBuilder``: the web API, YAML tests) through :func:`checked_set_input`,
which refuses, with an :class:`~openfisca_ct_education.errors.InadmissibleInputError` naming the town,
the variable and the period, a value its declaration does not allow, and a count larger than the one it
may not exceed (low-income students > resident students), whichever of the two is set last. A value equal
to the variable's default stands for "not given" (a situation gives only some towns a value) and
passes: the formulas that need it say so themselves.

:mod:`openfisca_ct_education.engine.simulation` sets the data of checked files (their schemas checked them,
from the same declarations) inside :func:`already_checked`, so a build pays nothing twice.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools

import numpy

from openfisca_ct_education.data.admissible import ADMISSIBLE, admissible_mask, cross_field_problem, problem
from openfisca_ct_education.errors import InadmissibleInputError

_TRUSTED = contextvars.ContextVar("trusted_inputs", default=False)
#: For each input, the inputs declared not to exceed it (ecs_resident_students -> low-income students, English learners).
_BOUNDED_BY = {}
for _name, _declared in ADMISSIBLE.items():
    if _declared.at_most:
        _BOUNDED_BY.setdefault(_declared.at_most, []).append(_name)


@contextlib.contextmanager
def already_checked(really: bool = True):
    """Inputs set inside (or by a function it decorates) were checked by the schema of their file: not checked
    again (unless ``really`` is false)."""
    token = _TRUSTED.set(really)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def has_own_set_input(variable) -> bool:
    """Whether ``variable`` casts its inputs itself (a ``set_input`` of its own, beside the check of this module)."""
    set_input = variable.set_input
    return set_input is not None and not (isinstance(set_input, functools.partial) and set_input.func is checked_set_input and set_input.args == (None,))


def checked_set_input(inner, holder, period, array):
    """``holder.set_input(period, array)`` after checking ``array`` (``inner``: the variable's own set_input, if any)."""
    if not _TRUSTED.get():
        check(holder, period, array)
    return inner(holder, period, array) if inner else holder._set(period, array)


def check(holder, period, array) -> None:
    """Raise :class:`InadmissibleInputError` if ``array`` holds a value the variable's declaration refuses."""
    variable = holder.variable
    values = numpy.asarray(array)
    if values.ndim == 0:
        values = values.reshape(1)
    if variable.value_type in (int, float) and values.dtype.kind not in "fiub":
        values = holder._to_array(values)  # text: the engine's conversion and its message
    if variable.value_type is str:
        values = values.astype(str)
    good = admissible_mask(variable.name, values)
    if good is None:
        if values.dtype.kind != "f":
            return
        good = numpy.isfinite(values)
    bad = numpy.flatnonzero((values != variable.default_value) & ~good)  # the default stands for "not given"
    if len(bad):
        value = values[bad[0]].item()
        _refuse(holder, period, int(bad[0]), problem(variable.name, value) or f"{value!r} is not a finite number", len(bad))
    _check_bounds(holder, period, values)


def _check_bounds(holder, period, values) -> None:
    """A count against the count it may not exceed, where both are given (either may be set first)."""
    name = holder.variable.name
    declared = ADMISSIBLE.get(name)
    pairs = []
    if declared is not None and declared.at_most:
        bound = holder.population.get_holder(declared.at_most).get_array(period)
        if bound is not None:
            pairs.append((name, values, bound))
    for other in _BOUNDED_BY.get(name, ()):
        counts = holder.population.get_holder(other).get_array(period)
        if counts is not None:
            pairs.append((other, counts, values))
    for counted, counts, bound in pairs:
        if len(counts) != len(bound):
            continue
        over = numpy.flatnonzero((counts > bound) & (bound > 0))
        if len(over):
            index = int(over[0])
            _refuse(holder, period, index, cross_field_problem(counted, counts[index].item(), bound[index].item()), len(over), counted)


def _refuse(holder, period, index, message, count, name=None):
    population = holder.population
    ids = getattr(population, "ids", None)
    instance = ids[index] if ids is not None and len(ids) > index else index
    more = f" ({count - 1} more)" if count > 1 else ""
    raise InadmissibleInputError(population.entity.plural, instance, name or holder.variable.name, period, message + more)
