"""Named scenarios: a bill as a small, validated data structure, side by side with others without Python.

A scenario file (YAML or JSON) holds::

    title: Foundation to $12,500 from FY2027      # how outputs label the scenario (required)
    bill: HB 5001                                 # optional
    description: Raises the foundation ...        # optional
    reforms: [opportunity_network]                # optional: reform names, applied in order (a+b also works)
    parameters:                                   # optional: parameter edits, as in a --parameters file
      cgs_10_262f.foundation:
        2027: 12500

``ct-education compare --scenario "HB 5001=bill_a.yaml" --scenario bill_b.yaml`` compares each
against current law (the title before ``=`` replaces the file's). :meth:`ScenarioSpec.from_dict` takes
the same content as a dict (the web page's ``/compare`` body): every key checked, unknown keys named.
"""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

from openfisca_ct_education.data.mapping_file import read_mapping
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.workbench.compare import BASELINE, Scenario, reform_names, scenarios
from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.workbench.parameter_edits import ParameterEdit, check_edit, edits_from_mapping, merge_edits, parse_set, read_edits_file
from openfisca_ct_education.workbench.reform_loader import apply_reforms, load_reform

KEYS = ("title", "bill", "description", "reforms", "parameters")
MAX_TITLE = 80
MAX_DESCRIPTION = 2000


def _text(value, key: str, where, limit: int, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise InputDataError(f"{where}: no {key} (every scenario has a title; give one in the file or as --scenario \"TITLE=FILE\").")
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputDataError(f"{where}: {key} must be text.")
    text = " ".join(value.split())
    if len(text) > limit:
        raise InputDataError(f"{where}: {key} is longer than {limit} characters.")
    return text


@dataclasses.dataclass(frozen=True)
class ScenarioSpec:
    """A named scenario: title, optional bill number and description, reform names, parameter edits."""

    title: str
    reforms: tuple = ()  # names (short or dotted), applied in order
    edits: tuple = ()  # ParameterEdit
    bill: str | None = None
    description: str | None = None

    @classmethod
    def from_dict(cls, content, where="scenario", title: str | None = None) -> ScenarioSpec:
        """The scenario a mapping describes (see the module docstring); ``title`` replaces the mapping's."""
        if not isinstance(content, dict):
            raise InputDataError(f"{where}: expected a mapping with a title, reforms and parameters.")
        unknown = [key for key in content if key not in KEYS]
        if unknown:
            near = difflib.get_close_matches(str(unknown[0]), KEYS, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise InputDataError(f"{where}: unknown key {unknown[0]!r}{hint}; a scenario has {', '.join(KEYS)}.")
        label = _text(title if title is not None else content.get("title"), "title", where, MAX_TITLE, required=True)
        if label == BASELINE:
            raise InputDataError(f"{where}: the title {BASELINE!r} is the baseline's; choose another.")
        reforms = content.get("reforms") or []
        if isinstance(reforms, str):
            reforms = [reforms]
        if not isinstance(reforms, list) or not all(isinstance(name, str) for name in reforms):
            raise InputDataError(f"{where}: reforms must be a list of reform names.")
        names = tuple(name for group in reforms for name in reform_names(group, f"{where}: reforms"))
        parameters = content.get("parameters")
        edits = tuple(edits_from_mapping(parameters, f"{where}: parameters")) if parameters is not None else ()
        if not names and not edits:
            raise InputDataError(f"{where}: the scenario changes nothing (give reforms or parameters).")
        return cls(
            title=label,
            reforms=names,
            edits=tuple(merge_edits(edits)),
            bill=_text(content.get("bill"), "bill", where, MAX_TITLE),
            description=_text(content.get("description"), "description", where, MAX_DESCRIPTION),
        )

    def to_dict(self) -> dict:
        """The mapping :meth:`from_dict` reads back (edits by path, dated ones keyed by their date)."""
        parameters: dict = {}
        for edit in self.edits:
            if edit.start is None:
                parameters[edit.path] = edit.value
            else:
                parameters.setdefault(edit.path, {})[edit.start] = edit.value
        content = {"title": self.title, "bill": self.bill, "description": self.description, "reforms": list(self.reforms), "parameters": parameters}
        return {key: value for key, value in content.items() if value not in (None, [], {})}

    def checked(self) -> ScenarioSpec:
        """The scenario, once its reforms are known and each edit names a parameter of the reformed law with
        an admissible value (what ``compare`` checks before computing, without computing)."""
        system = apply_reforms(current_law(), self.reforms)
        for edit in self.edits:
            check_edit(system.parameters, edit)
        return self

    def scenario(self, common_edits=()) -> Scenario:
        """The workbench scenario: its reforms loaded, then its own edits and ``common_edits`` (--set, --parameters)."""
        edits = merge_edits(self.edits, common_edits)
        return Scenario(self.title, tuple(load_reform(name) for name in self.reforms), tuple(edits), self.bill, self.description)


def read_scenario_file(path, title: str | None = None) -> ScenarioSpec:
    """The scenario of a YAML or JSON file (``title`` replaces the file's)."""
    return ScenarioSpec.from_dict(read_mapping(path, "scenario file"), Path(path), title)


def parse_scenario_option(text: str) -> tuple[str | None, Path]:
    """``--scenario "TITLE=FILE"`` or ``--scenario FILE`` -> (title or None, path)."""
    if Path(text).is_file() or "=" not in text:
        return None, Path(text)
    title, _, path = text.partition("=")
    if not title.strip() or not path.strip():
        raise InputDataError(f"--scenario {text!r}: write TITLE=FILE or FILE.")
    return title.strip(), Path(path.strip())


def from_options(reforms=(), sets=(), parameter_files=(), scenario_options=()) -> tuple[list[Scenario], list[ParameterEdit]]:
    """The scenarios and common edits of the command line's scenario options (``compare`` and ``explain`` alike):
    ``--reform`` (each a scenario), ``--set`` and ``--parameters`` (every file merged, a parameter edited
    twice from the same date is a conflict; applied in every scenario), ``--scenario`` (named scenarios)."""
    edits = merge_edits([parse_set(text) for text in sets], *(read_edits_file(path) for path in parameter_files))
    named = [read_scenario_file(path, title).scenario(edits) for title, path in map(parse_scenario_option, scenario_options)]
    return scenarios(reforms, edits, named), edits
