"""What value each parameter may take, declared once: by its unit, and by its name where its meaning differs.

openfisca-core checks a parameter file's structure; it accepts a negative rate, an infinite amount or
a fractional number of decimal places. The declarations here are used at every door a parameter
value comes in by: :func:`check_parameters` walks the tree when the law is loaded and after each
reform, and the workbench checks each bill edit (``--set``, ``--parameters``, scenario files) against
the same :func:`admissible` declaration. A value that does not fit is an
:class:`~openfisca_ct_education.errors.InputDataError` naming the parameter, the value and why.

* a share, rate or weight (unit ``/1``) is in [0, 1]: 30 "looks like a percent: did you mean 0.30?";
  the few ``/1`` parameters that are multiples (the wealth threshold factor, the MBR penalty multiple)
  are declared by name, with their own bounds;
* money (``currency-USD``) is 0 or more and at most $10 billion (the whole ECS grant is $2.5 billion);
* ranks are whole numbers within 1-169 (the towns of the state; the PIC scale's first threshold,
  rank 0, means "not ranked"); counts of towns and districts within 0-169;
* decimal places are whole, 0-12; years whole, 0-2100; grades whole, 0-13; true/false is a boolean.
"""

from __future__ import annotations

import dataclasses
import math

from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale

from openfisca_ct_education.data.admissible import MOST_DOLLARS, MOST_STUDENTS, TOWNS
from openfisca_ct_education.errors import InputDataError


@dataclasses.dataclass(frozen=True)
class Admissible:
    """What values a parameter may take: a number (``whole`` or not) within [minimum, maximum], or a boolean."""

    meaning: str
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    boolean: bool = False
    percent_hint: bool = False  # a share: a value in (1, 100] is probably a percent

    def describe(self) -> str:
        if self.boolean:
            return f"{self.meaning}: true or false"
        kind = "a whole number" if self.whole else "a number"
        return f"{self.meaning}: {kind} from {_plain(self.minimum)} to {_plain(self.maximum)}"

    def problem(self, value) -> str | None:
        """Why ``value`` is not admissible (None if it is)."""
        if self.boolean:
            return None if isinstance(value, bool) else "is not true or false"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "is not a number"
        if not math.isfinite(value):
            return "is not finite"
        if self.whole and value != int(value):
            return f"is not a whole number ({self.describe()})"
        if self.minimum is not None and value < self.minimum:
            return "is negative" + f" ({self.describe()})" if value < 0 <= self.minimum else f"is below {_plain(self.minimum)} ({self.describe()})"
        if self.maximum is not None and value > self.maximum:
            if self.percent_hint and value <= 100:
                return f"is more than 1: {_plain(value)} looks like a percent: did you mean {_share(value)}? ({self.describe()})"
            return f"is above {_plain(self.maximum)} ({self.describe()})"
        return None


def _plain(number) -> str:
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        number = int(number)
    return f"{number:,}" if isinstance(number, int) and abs(number) >= 10_000 else str(number)


def _share(percent) -> str:
    text = f"{percent / 100:.8f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def _whole(meaning, low, high):
    return Admissible(meaning, low, high, whole=True)


SHARE = Admissible("a share, rate or weight (1 = 100%)", 0, 1, percent_hint=True)
MONEY = Admissible("an amount in dollars", 0, MOST_DOLLARS)

#: What a value of each unit must be. A parameter of a unit not listed here fails the tests
#: (tests/engine/test_parameter_checks.py): every unit is declared.
BY_UNIT = {
    "/1": SHARE,
    "currency-USD": MONEY,
    "student": Admissible("a number of students", 0, MOST_STUDENTS),
    "decimal-place": _whole("a number of decimal places", 0, 12),
    "year": _whole("a fiscal year or a number of years", 0, 2100),
    "rank": _whole(f"a rank among the {TOWNS} towns", 1, TOWNS),
    "town": _whole("a number of towns", 0, TOWNS),
    "district": _whole("a number of districts", 0, TOWNS),
    "grade": _whole("a number of grades (kindergarten to grade 12: 13)", 0, 13),
    "meeting": _whole("a number of meetings a year", 0, 365),
    "bool": Admissible("a yes/no rule", boolean=True),
}

#: Parameters whose meaning differs from their unit's (a scale's thresholds or amounts as ``<scale>.threshold``).
BY_NAME = {
    "cgs_10_262f.wealth.threshold_factor": Admissible("a multiple of the statewide median", 0, 10),
    "cgs_10_262j.shortfall_penalty_multiple": Admissible("a multiple of the budget shortfall", 0, 10),
    "cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank.threshold": _whole(
        f"a Public Investment Community rank (0 = not ranked) among the {TOWNS} towns", 0, TOWNS
    ),
}


def admissible(name: str, unit: str | None) -> Admissible | None:
    """The declaration for parameter ``name`` (a scale's part as ``<scale>.threshold``) of ``unit``; None: unit not declared."""
    return BY_NAME.get(name) or BY_UNIT.get(unit)


def value_problem(name: str, unit: str | None, value) -> str | None:
    """Why ``value`` is not admissible for parameter ``name`` (None if it is, or if nothing is declared)."""
    rule = admissible(name, unit)
    if rule is None or value is None:
        return None
    return f"{rule.problem(value)} (unit {unit})" if rule.problem(value) else None


def _check_values(parameter: Parameter, name: str, unit, where: str) -> None:
    for at_instant in parameter.values_list:
        problem = value_problem(name, unit, at_instant.value)
        if problem:
            raise InputDataError(
                f"Parameter {where}, value from {at_instant.instant_str}: {at_instant.value!r} {problem}; "
                f"file {getattr(parameter, 'file_path', None) or 'unknown'}."
            )


def scale_part_unit(scale: ParameterScale, key: str) -> str | None:
    """The unit of a scale's ``threshold`` or ``amount``/``rate`` (from the scale's metadata)."""
    return scale.metadata.get(f"{key}_unit")


def check_parameters(node) -> None:
    """Raise :class:`InputDataError` on the first parameter value its declaration does not allow."""
    if isinstance(node, Parameter):
        _check_values(node, node.name, node.metadata.get("unit"), node.name)
    elif isinstance(node, ParameterScale):
        for index, bracket in enumerate(node.brackets):
            for key in ("threshold", "amount", "rate"):
                child = bracket.children.get(key)
                if child is not None:
                    _check_values(child, f"{node.name}.{key}", scale_part_unit(node, key), f"{node.name}[{index}].{key}")
    elif isinstance(node, ParameterNode):
        for child in node.children.values():
            check_parameters(child)
