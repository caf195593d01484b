"""Values a parameter may take, by its unit: checked when the law is loaded and after each reform.

openfisca-core checks a parameter file's structure; it accepts a negative rate, an infinite amount or
a fractional number of decimal places. :func:`check_parameters` walks the tree and refuses those with
an :class:`~openfisca_ct_education.errors.InputDataError` naming the parameter, the date of the value
and the file.
"""

from __future__ import annotations

import math

from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale

from openfisca_ct_education.errors import InputDataError


def _whole(low, high):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            return "is not a whole number"
        return None if low <= value <= high else f"is outside {low}-{high}"

    return check


def _non_negative(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "is not a number"
    if not math.isfinite(value):
        return "is not finite"
    return "is negative" if value < 0 else None


def _bool(value):
    return None if isinstance(value, bool) else "is not true or false"


#: What a value of each unit must be (units not listed are not checked).
BY_UNIT = {
    "/1": _non_negative,
    "currency-USD": _non_negative,
    "student": _non_negative,
    "decimal-place": _whole(0, 12),
    "year": _whole(0, 2100),  # a fiscal year or a number of years
    "rank": _whole(0, 10_000),
    "town": _whole(0, 10_000),
    "district": _whole(0, 10_000),
    "bool": _bool,
}


def _check_values(parameter: Parameter, unit, where: str) -> None:
    check = BY_UNIT.get(unit)
    if check is None:
        return
    for at_instant in parameter.values_list:
        value = at_instant.value
        problem = None if value is None else check(value)
        if problem:
            raise InputDataError(
                f"Parameter {where}, value from {at_instant.instant_str}: {value!r} {problem} (unit {unit}); "
                f"file {getattr(parameter, 'file_path', None) or 'unknown'}."
            )


def check_parameters(node) -> None:
    """Raise :class:`InputDataError` on the first parameter value its unit does not allow."""
    if isinstance(node, Parameter):
        _check_values(node, node.metadata.get("unit"), node.name)
    elif isinstance(node, ParameterScale):
        for index, bracket in enumerate(node.brackets):
            for key, unit in (("threshold", node.metadata.get("threshold_unit")), ("amount", node.metadata.get("amount_unit"))):
                child = bracket.children.get(key)
                if child is not None:
                    _check_values(child, unit, f"{node.name}[{index}].{key}")
    elif isinstance(node, ParameterNode):
        for child in node.children.values():
            check_parameters(child)
