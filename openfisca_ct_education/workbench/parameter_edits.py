"""Bill language as parameter edits: ``PATH=VALUE[@FY]`` on the command line, or a YAML/JSON file.

    cgs_10_262f.need_students.english_learner_weight=0.30@2028     (from FY2028: 1 July 2027)
    opportunity_network.grant.cost_neutral=true                     (in every year)
    cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank.brackets[1].amount=0.07@2027

A file maps each path to a value, or to ``{FY or YYYY-MM-DD: value}``::

    cgs_10_262f.foundation:
      2028: 12500
    opportunity_network.implementation.effective_fiscal_year: 2027

An unknown path is an error that names it (and the nearest known paths); nothing is applied then.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path

import yaml
from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale
from openfisca_core.reforms import Reform

from openfisca_ct_education.data.mapping_file import read_mapping
from openfisca_ct_education.errors import InputDataError

EVERY_YEAR = "1900-01-01"
_BRACKET = re.compile(r"^brackets\[(\d+)\]$")


@dataclasses.dataclass(frozen=True)
class ParameterEdit:
    """A parameter path, its new value, and the date from which it applies (None: every year)."""

    path: str
    value: object
    start: str | None = None

    def describe(self) -> str:
        since = f" from {self.start}" if self.start else ""
        return f"{self.path} = {self.value!r}{since}"


def fiscal_year_start(text) -> str:
    """``2028`` (fiscal year) -> ``2027-07-01``; a date ``YYYY-MM-DD`` is kept."""
    text = str(text).strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{int(text) - 1}-07-01"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    raise InputDataError(f"{text!r} is neither a fiscal year (e.g. 2028) nor a date (YYYY-MM-DD)")


def parse_set(text: str) -> ParameterEdit:
    """One ``PATH=VALUE[@FY]``."""
    path, equals, rest = text.partition("=")
    if not equals or not path.strip() or not rest.strip():
        raise InputDataError(f"--set {text!r}: write PATH=VALUE or PATH=VALUE@FY (e.g. cgs_10_262f.foundation=12500@2028)")
    value, at, year = rest.rpartition("@") if "@" in rest else (rest, "", "")
    return ParameterEdit(path.strip(), _value(value, f"--set {text!r}"), fiscal_year_start(year) if at else None)


def read_edits_file(path) -> list[ParameterEdit]:
    """The edits of a YAML or JSON file (see the module docstring)."""
    path = Path(path)
    content = read_mapping(path, "parameter paths to values")
    edits = []
    for parameter, value in content.items():
        if isinstance(value, dict):
            edits += [ParameterEdit(str(parameter), _value(item, f"{path}: {parameter}"), fiscal_year_start(when)) for when, item in value.items()]
        else:
            edits.append(ParameterEdit(str(parameter), _value(value, f"{path}: {parameter}")))
    return edits


def _value(value, where: str):
    if isinstance(value, str):
        value = yaml.safe_load(value.strip()) if value.strip() else None
    if isinstance(value, bool) or (isinstance(value, (int, float)) and value == value and abs(value) != float("inf")):
        return value
    raise InputDataError(f"{where}: {value!r} is not a number or true/false.")


def resolve(parameters: ParameterNode, path: str) -> Parameter:
    """The parameter at ``path`` (a scale's bracket as ``...brackets[i].amount``); an error naming an unknown path."""
    node = parameters
    for part in path.split("."):
        bracket = _BRACKET.match(part)
        if bracket and isinstance(node, ParameterScale) and int(bracket.group(1)) < len(node.brackets):
            node = node.brackets[int(bracket.group(1))]
        elif isinstance(node, ParameterNode) and part in node.children:
            node = node.children[part]
        elif hasattr(node, "children") and part in node.children:
            node = node.children[part]
        else:
            raise InputDataError(_unknown(parameters, path))
    if not isinstance(node, Parameter):
        kind = "a scale: name a bracket, e.g. " + f"{path}.brackets[0].amount" if isinstance(node, ParameterScale) else "a group of parameters"
        raise InputDataError(f"Parameter {path!r} is {kind}.")
    return node


def _unknown(parameters, path: str) -> str:
    known = [parameter.name for parameter in parameters.get_descendants() if isinstance(parameter, (Parameter, ParameterScale))]
    near = difflib.get_close_matches(path, known, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(near)}?" if near else ""
    return f"Unknown parameter {path!r}.{hint}"


def apply_edits(parameters: ParameterNode, edits) -> ParameterNode:
    """Apply every edit to ``parameters`` (all paths are checked first: an error applies none)."""
    targets = [(resolve(parameters, edit.path), edit) for edit in edits]
    for parameter, edit in targets:
        parameter.update(start=edit.start or EVERY_YEAR, value=edit.value)
    return parameters


def edits_reform(edits, name: str = "parameter edits") -> type:
    """A Reform class applying ``edits`` (to compose with other reforms, in order)."""
    edits = tuple(edits)

    class ParameterEdits(Reform):
        def apply(self):
            self.modify_parameters(modifier_function=lambda parameters: apply_edits(parameters, edits))

    ParameterEdits.name = f"{name}: " + "; ".join(edit.describe() for edit in edits)
    return ParameterEdits
