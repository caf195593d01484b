"""Checks a web API situation must pass before the engine sees it: its size, its periods, its values.

openfisca-core parses a situation itself, but lets through what this model cannot use: NaN and
infinite numbers (answered with invalid JSON), a monthly period for a fiscal-year variable (an
internal error), a year thousands of years away (a chain of prior-year entitlements as long), a
value its variable's declaration does not allow (:mod:`openfisca_ct_education.data.admissible`: a
negative count, a median of 0, a DRG "BX"), or a million towns. :func:`check_situation` refuses these with a message in
OpenFisca's error layout (``{"towns": {"Hartford": {"ecs_population": "..."}}}``), and leaves the
rest (unknown variables, malformed periods, roles) to the engine's own messages.
"""

from __future__ import annotations

import dataclasses
import math

from openfisca_core import periods

from openfisca_ct_education.data.admissible import problem


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one request may ask of the server."""

    max_body_bytes: int = 2 * 1024 * 1024  # a 169-town situation is about 0.2 MB
    max_entities: int = 1_000  # towns and states, all entities together
    max_periods_per_variable: int = 40
    first_year: int = 1990  # periods outside these fiscal years are refused
    last_year: int = 2060
    max_abs_value: float = 1e15  # dollars, students: far above any Connecticut figure
    body_read_seconds: float = 10  # a body not received in full by then is refused (408): a slow client frees its thread


INT64 = 2**63 - 1


class RequestError(Exception):
    """A request the server refuses: an HTTP status and a JSON payload saying why."""

    def __init__(self, payload, status: int = 400):
        super().__init__(payload)
        self.payload = payload
        self.status = status


def _nested(path, message):
    payload = message
    for key in reversed(path):
        payload = {key: payload}
    return payload


def check_situation(system, data, limits: Limits) -> None:
    """Raise :class:`RequestError` if the situation ``data`` is one the server must not compute."""
    if not isinstance(data, dict):
        raise RequestError({"error": "The situation must be a JSON object, e.g. {\"towns\": {...}, \"states\": {...}}."})
    plurals = {entity.plural: entity for entity in system.entities}
    unknown = [key for key in data if key not in plurals]
    if unknown:  # the engine ignores them, but its /trace walks them (an empty key was a 500)
        raise RequestError({"error": f"Unknown key {unknown[0]!r} in the situation: its keys are the entities {', '.join(sorted(plurals))}."})
    count = sum(len(instances) for key, instances in data.items() if key in plurals and isinstance(instances, dict))
    if count > limits.max_entities:
        raise RequestError(
            {"error": f"The situation holds {count} entities; this server computes at most {limits.max_entities} per request."},
            413,
        )
    for plural, instances in data.items():
        if plural in plurals and isinstance(instances, dict):
            roles = {role.plural or role.key for role in getattr(plurals[plural], "roles", ())}
            for instance_id, variables in instances.items():
                if not instance_id.strip():
                    raise RequestError({plural: f"An id of {plural} is empty: give each a name (e.g. \"Hartford\")."})
                if isinstance(variables, dict):
                    for name, values in variables.items():
                        if name not in roles and name in system.variables and isinstance(values, dict):
                            _check_values(system.variables[name], values, [plural, instance_id, name], limits)


def _check_values(variable, values: dict, path: list, limits: Limits) -> None:
    if len(values) > limits.max_periods_per_variable:
        raise RequestError(_nested(path, f"{len(values)} periods given; at most {limits.max_periods_per_variable} per variable."))
    for key, value in values.items():
        _check_period(variable, key, path, limits)
        if value is not None:
            problem = _value_problem(variable, value, limits)
            if problem:
                raise RequestError(_nested(path, f"{value!r} for period {key}: {problem}."))


def _check_period(variable, key, path, limits: Limits) -> None:
    try:
        period = periods.period(key)
    except (ValueError, TypeError, AttributeError):
        return  # the engine answers a malformed period with its own message
    if variable.definition_period == periods.DateUnit.ETERNITY:
        return
    if variable.definition_period == periods.DateUnit.YEAR and (period.unit != periods.DateUnit.YEAR or period.size != 1):
        raise RequestError(
            _nested(path, f"'{variable.name}' is defined by fiscal year: give a period like 2026 (FY2026), not {key!r}.")
        )
    if not limits.first_year <= period.start.year <= limits.last_year:
        raise RequestError(
            _nested(path, f"period {key!r} is outside the fiscal years FY{limits.first_year}-FY{limits.last_year} this server computes.")
        )


def _value_problem(variable, value, limits: Limits) -> str | None:
    """Why ``value`` cannot be an input of ``variable``, or None."""
    kind = variable.value_type
    if kind is bool:
        return None if isinstance(value, bool) else "expected true or false"
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "expected a number"
        if isinstance(value, float) and not math.isfinite(value):
            return "expected a finite number"
        declared = problem(variable.name, value)  # the variable's own bounds, if it has a declaration
        if declared:
            return declared
        if abs(value) > (INT64 if kind is int else limits.max_abs_value):
            return "out of range"
        if kind is int and value != int(value):
            return "expected a whole number"
        return None
    return problem(variable.name, value) if isinstance(value, str) else "expected a string"
