"""Bill language as parameter edits: ``PATH=VALUE[@FY]`` on the command line, or a YAML/JSON file.

    cgs_10_262f.need_students.english_learner_weight=0.30@2028     (from FY2028: 1 July 2027)
    cgs_10_262f.foundation=12500@2027-07-01                         (from a date)
    opportunity_network.grant.cost_neutral=true                     (in every year)
    cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank.brackets[1].amount=0.07@2027

A file maps each path to a value, or to ``{FY or YYYY-MM-DD: value}``::

    cgs_10_262f.foundation:
      2028: 12500
    opportunity_network.implementation.effective_fiscal_year: 2027

Every edit is checked before anything is computed; one that does not pass stops the command with a
message saying why, and nothing is applied:

* a value is a **plain decimal number** (``12500``, ``0.30``, ``-5``) or ``true``/``false``: no sign
  ``+`` (there are no relative edits: write the new value), no leading zero (``011525``), no exponent
  (``1e3``: write ``1000``), no separators (``12,500``), no ``12:30``, ``on``/``yes``;
* the value must be admissible for the parameter: the one declaration of
  :mod:`openfisca_ct_education.engine.parameter_checks` (shares and weights in [0, 1], money 0 to
  $10 billion, ranks whole within 1-169...), the same the law and the reforms are checked against;
* a date is a fiscal year (``2028``, ``FY2028``: from 1 July 2027) or a real date ``YYYY-MM-DD``, in
  FY2000-FY2100;
* a path is a known parameter (an unknown one is named, with the nearest known paths);
* the same parameter from the same date twice (in a file, or in two sources) is a conflict;
* an edit that changes nothing in the years computed is an error (:func:`applied_edits`).
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import math
import re

from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale
from openfisca_core.reforms import Reform

from openfisca_ct_education.data.mapping_file import read_mapping
from openfisca_ct_education.engine.parameter_checks import scale_part_unit, value_problem
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.workbench.reform_loader import reforms_defining

EVERY_YEAR = "1900-01-01"
#: Fiscal years an edit may be dated in.
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2000, 2100
_BRACKET = re.compile(r"^brackets\[(\d+)\]$")
_PLAIN_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


@dataclasses.dataclass(frozen=True)
class ParameterEdit:
    """A parameter path, its new value, and the date from which it applies (None: every year)."""

    path: str
    value: object
    start: str | None = None
    #: Where the edit was written (``--set '...'``, ``bill.yaml``), for messages.
    source: str = dataclasses.field(default="", compare=False)

    def describe(self) -> str:
        since = f" from {self.start}" if self.start else ""
        return f"{self.path} = {self.value!r}{since}"

    @property
    def fiscal_year(self) -> int | None:
        """The first fiscal year the edit applies in (None: every year)."""
        if self.start is None:
            return None
        date = datetime.date.fromisoformat(self.start)
        return date.year + 1 if date.month >= 7 else date.year


def _why_not_plain(text: str) -> str:
    lowered = text.lower()
    if lowered in ("on", "off", "yes", "no", "y", "n"):
        return "write true or false"
    if lowered.lstrip("+-") in ("inf", "infinity", ".inf", "nan", ".nan"):
        return "not a finite number"
    if text.startswith("+"):
        return "no sign '+': write the parameter's new value itself (there are no relative edits)"
    if re.fullmatch(r"-?0[0-9]+(\.[0-9]+)?", text):
        return f"a leading zero (YAML 1.1 would read it as an octal number): write {text.lstrip('0') or '0'}"
    if re.fullmatch(r"-?[0-9.]+[eE][-+]?[0-9]+", text):
        number = float(text)
        example = f" ({number:f}".rstrip("0").rstrip(".") + ")" if math.isfinite(number) and abs(number) < 1e15 else ""
        return f"scientific notation: write it as a plain decimal{example}"
    if re.fullmatch(r"-?[0-9][0-9,_ ]*(\.[0-9]+)?", text):
        return f"no thousands separators: write {re.sub(r'[,_ ]', '', text)}"
    if re.fullmatch(r"-?\.[0-9]+|-?[0-9]+\.", text):
        return "write a digit on both sides of the decimal point (0.5, 5.0)"
    return "write digits with at most one decimal point (e.g. 12500 or 0.30)"


def parse_value(value, where: str):
    """A value of an edit: ``true``/``false``, or a plain decimal number (int without a point, else float).

    ``value`` is text (from the command line or a file read without YAML's type guesses), a boolean, or
    a finite number given as such (a dict built in Python). Anything else is refused, with the reason
    (see the module docstring).
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):  # a number already (a dict built in Python, a JSON body)
        if not math.isfinite(value):
            raise InputDataError(f"{where}: {value!r} is not a finite number.")
        return value
    if not isinstance(value, str):
        raise InputDataError(f"{where}: expected a number or true/false, not {type(value).__name__} {value!r}.")
    text = value.strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if not text:
        raise InputDataError(f"{where}: no value given (write a number or true/false).")
    if not _PLAIN_DECIMAL.fullmatch(text):
        raise InputDataError(f"{where}: {text!r} is not a plain decimal number: {_why_not_plain(text)}.")
    if len(text.split(".")[0].lstrip("-")) > 300:
        raise InputDataError(f"{where}: {text[:40]}{'...' if len(text) > 40 else ''} is too large a number.")
    return float(text) if "." in text else int(text)


def fiscal_year_start(text, where: str = "") -> str:
    """``2028`` or ``FY2028`` (fiscal year) -> ``2027-07-01``; a real date ``YYYY-MM-DD`` is kept; within FY2000-FY2100."""
    raw = str(text).strip()
    prefix = f"{where}: " if where else ""
    match = re.fullmatch(r"(?:FY)?(\d{4})", raw, flags=re.IGNORECASE)
    if match:
        year = int(match.group(1))
        if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
            raise InputDataError(f"{prefix}FY{match.group(1)} is not a fiscal year of FY{FIRST_FISCAL_YEAR}-FY{LAST_FISCAL_YEAR}.")
        return f"{year - 1}-07-01"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            date = datetime.date.fromisoformat(raw)
        except ValueError as error:
            raise InputDataError(f"{prefix}{raw!r} is not a date ({error}).") from None
        fiscal_year = date.year + 1 if date.month >= 7 else date.year
        if not FIRST_FISCAL_YEAR <= fiscal_year <= LAST_FISCAL_YEAR:
            raise InputDataError(f"{prefix}{raw} is not within FY{FIRST_FISCAL_YEAR}-FY{LAST_FISCAL_YEAR}.")
        return raw
    raise InputDataError(f"{prefix}{raw!r} is neither a fiscal year (e.g. 2028) nor a date (YYYY-MM-DD).")


def parse_set(text: str) -> ParameterEdit:
    """One ``PATH=VALUE[@FY]`` (the value parsed by :func:`parse_value`, the date by :func:`fiscal_year_start`)."""
    where = f"--set {text!r}"
    path, equals, rest = text.partition("=")
    if not equals or not path.strip() or not rest.strip():
        raise InputDataError(f"{where}: write PATH=VALUE or PATH=VALUE@FY (e.g. cgs_10_262f.foundation=12500@2028).")
    if path.rstrip()[-1:] in ("+", "-", "*", "/"):
        raise InputDataError(f"{where}: there are no relative edits ({path.rstrip()[-1]}=): write the new value itself.")
    value, at, year = rest.rpartition("@") if "@" in rest else (rest, "", "")
    return ParameterEdit(path.strip(), parse_value(value, where), fiscal_year_start(year, where) if at else None, where)


def edits_from_mapping(content: dict, where) -> list[ParameterEdit]:
    """The edits of a mapping ``{path: value or {FY or date: value}}`` (as a file or a scenario holds them)."""
    if not isinstance(content, dict) or not content:
        raise InputDataError(f"{where}: expected a mapping of parameter paths to values.")
    edits = []
    for parameter, value in content.items():
        here = f"{where}: {parameter}"
        if isinstance(value, dict):
            if not value:
                raise InputDataError(f"{here}: no value given.")
            for when, item in value.items():
                edits.append(ParameterEdit(str(parameter), parse_value(item, f"{here}: {when}"), fiscal_year_start(when, here), str(where)))
        else:
            edits.append(ParameterEdit(str(parameter), parse_value(value, here), None, str(where)))
    return edits


def read_edits_file(path) -> list[ParameterEdit]:
    """The edits of a YAML or JSON file (see the module docstring and :mod:`openfisca_ct_education.data.mapping_file`)."""
    return edits_from_mapping(read_mapping(path, "parameter edits file"), path)


def merge_edits(*groups) -> list[ParameterEdit]:
    """The edits of several sources in order; the same parameter from the same date twice is a conflict."""
    merged, seen = [], {}
    for group in groups:
        for edit in group:
            key = (edit.path, edit.start)
            if key in seen:
                first = seen[key]
                when = f"from {edit.start}" if edit.start else "in every year"
                raise InputDataError(
                    f"{edit.path} is edited twice {when}: {first.value!r} ({first.source or 'first'}) and "
                    f"{edit.value!r} ({edit.source or 'second'}); give it once."
                )
            seen[key] = edit
            merged.append(edit)
    return merged


@dataclasses.dataclass(frozen=True)
class Target:
    """What an edit path designates: the parameter to update, the one that carries its citation, its declaration name and unit."""

    parameter: Parameter
    owner: object  # the Parameter, or the ParameterScale of a bracket
    name: str  # the name its admissible values are declared under (a scale's part: <scale>.threshold)
    unit: str | None


def target(parameters: ParameterNode, path: str) -> Target:
    """The parameter at ``path`` (a scale's bracket as ``...brackets[i].amount``); an error naming an unknown path."""
    node, scale = parameters, None
    for part in path.split("."):
        bracket = _BRACKET.match(part)
        if bracket and isinstance(node, ParameterScale) and int(bracket.group(1)) < len(node.brackets):
            scale, node = node, node.brackets[int(bracket.group(1))]
        elif hasattr(node, "children") and part in node.children:
            node = node.children[part]
        else:
            raise InputDataError(_unknown(parameters, path))
    if not isinstance(node, Parameter):
        kind = "a scale: name a bracket, e.g. " + f"{path}.brackets[0].amount" if isinstance(node, ParameterScale) else "a group of parameters"
        raise InputDataError(f"Parameter {path!r} is {kind}.")
    if scale is not None:
        key = path.rsplit(".", 1)[-1]
        return Target(node, scale, f"{scale.name}.{key}", scale_part_unit(scale, key))
    return Target(node, node, node.name, node.metadata.get("unit"))


def resolve(parameters: ParameterNode, path: str) -> Parameter:
    """The parameter at ``path`` (see :func:`target`)."""
    return target(parameters, path).parameter


def _unknown(parameters, path: str) -> str:
    known = [parameter.name for parameter in parameters.get_descendants() if isinstance(parameter, (Parameter, ParameterScale))]
    near = difflib.get_close_matches(path, known, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(near)}?" if near else ""
    owners = [] if path.split(".")[0] in parameters.children else reforms_defining(path.split(".")[0])
    if owners:
        hint += f" It is a parameter of the reform(s) {', '.join(owners)}: compare with --reform {owners[0]} (or a scenario that has it)."
    return f"Unknown parameter {path!r}.{hint}"


def check_edit(parameters: ParameterNode, edit: ParameterEdit) -> Target:
    """The edit's target, once its value is admissible for it (else an error saying why)."""
    found = target(parameters, edit.path)
    problem = value_problem(found.name, found.unit, edit.value)
    if problem:
        where = f"{edit.source}: " if edit.source else ""
        raise InputDataError(f"{where}{edit.path} = {edit.value!r} {problem}.")
    return found


def apply_edits(parameters: ParameterNode, edits) -> ParameterNode:
    """Apply every edit to ``parameters`` (all are checked first: an error applies none)."""
    targets = [(check_edit(parameters, edit).parameter, edit) for edit in edits]
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


@dataclasses.dataclass(frozen=True)
class AppliedEdit:
    """An edit as applied in a scenario: the value before and after in the first year computed it changes."""

    edit: ParameterEdit
    owner: object  # the Parameter or ParameterScale, for its citation
    fiscal_year: int  # the first fiscal year computed in which it changes the value
    old: object
    new: object


def applied_edits(before: ParameterNode, after: ParameterNode, edits, years) -> list[AppliedEdit]:
    """Each edit's value before and after, in the first of ``years`` it changes; an edit that changes none is an error."""
    applied = []
    years = sorted(years)
    for edit in edits:
        found_after = target(after, edit.path)
        try:
            old_parameter = target(before, edit.path).parameter
        except InputDataError:
            old_parameter = None
        changes = []
        for year in years:
            instant = f"{year}-01-01"  # what a formula reads for fiscal year `year` (period `year`)
            old = old_parameter(instant) if old_parameter is not None else None
            new = found_after.parameter(instant)
            if old != new:
                changes.append((year, old, new))
        if not changes:
            in_years = f"FY{years[0]}" if len(years) == 1 else f"FY{years[0]}-FY{years[-1]}"
            if edit.start is not None and edit.fiscal_year > years[-1]:
                why = f"it applies from FY{edit.fiscal_year} ({edit.start}), after the years computed"
            else:
                why = f"the parameter is already {edit.value!r} then"
            where = f"{edit.source}: " if edit.source else ""
            raise InputDataError(f"{where}{edit.describe()} changes nothing in {in_years}: {why}.")
        year, old, new = changes[0]
        applied.append(AppliedEdit(edit, found_after.owner, year, old, new))
    return applied
