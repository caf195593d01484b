"""Citation completeness: every parameter and variable says what it is and on what authority.

* every parameter: a description, a unit (a scale: threshold_unit and amount_unit or rate_unit), a
  label, and references keyed by the date they took effect, each with a title and a link;
* every variable: a label, a reference and a documentation; every formula a docstring;
* no unknown key in a parameter file or its metadata: a typo fails here instead of being ignored
  (openfisca-core already rejects an unknown attribute of a variable).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from openfisca_ct_education.audit.coverage import parameter_leaves
from openfisca_ct_education import model_dir
from openfisca_ct_education.model_api import YEAR, Town, Variable

PARAMETERS_DIR = model_dir("parameters")

#: The keys a parameter's metadata may have, and no other.
METADATA_KEYS = {"label", "unit", "period", "reference", "type", "threshold_unit", "amount_unit", "rate_unit", "documentation", "notes"}
#: Top-level keys of a parameter file (``unit`` and ``reference`` belong in ``metadata``).
LEAF_KEYS = {"description", "metadata", "values", "brackets", "documentation"}
INDEX_KEYS = {"description", "metadata", "documentation"}
VALUE_KEYS = {"value"}
CITATION_KEYS = {"title", "href"}


def _check_reference(reference, where: str) -> list[str]:
    if not isinstance(reference, dict) or not reference:
        return [f"{where}: metadata.reference must map effective dates to lists of {{title, href}}"]
    problems = []
    for date, citations in reference.items():
        try:
            datetime.date.fromisoformat(str(date))
        except ValueError:
            problems.append(f"{where}: reference key {date!r} is not a date YYYY-MM-DD")
        if not isinstance(citations, list) or not citations:
            problems.append(f"{where}: reference {date}: no citation")
            continue
        for citation in citations:
            if not isinstance(citation, dict) or set(citation) != CITATION_KEYS:
                problems.append(f"{where}: reference {date}: {citation!r} must have exactly a title and an href")
            elif not str(citation["title"]).strip() or not str(citation["href"]).startswith(("https://", "http://")):
                problems.append(f"{where}: reference {date}: empty title or href not a link")
    return problems


def _is_node(content: dict) -> bool:
    """A node of parameters written in one file: no values of its own, every other key a parameter or a node."""
    children = [value for key, value in content.items() if key not in INDEX_KEYS]
    return (
        "values" not in content
        and "brackets" not in content
        and bool(children)
        and all(isinstance(child, dict) and ("values" in child or "brackets" in child or _is_node(child)) for child in children)
    )


def _check_content(content: dict, where: str, is_index: bool) -> list[str]:
    if _is_node(content):
        node = {key: value for key, value in content.items() if key in INDEX_KEYS}
        problems = check_parameter_content(node, where, is_index=True)
        for key, child in content.items():
            if key not in INDEX_KEYS:
                problems += _check_content(child, f"{where}:{key}", is_index=False)
        return problems
    return check_parameter_content(content, where, is_index)


def check_parameter_file(path: Path) -> list[str]:
    """Every problem of one parameter YAML file (index, leaf, or a node with its children in the file)."""
    where = f"{path.parent.name}/{path.name}"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(content, dict):
        return [f"{where}: not a mapping"]
    return _check_content(content, where, is_index=path.name == "index.yaml")


def check_parameter_content(content: dict, where: str, is_index: bool) -> list[str]:
    """Every problem of one parameter (a leaf) or node (its own description and metadata)."""
    problems = [f"{where}: unknown key {key!r}" for key in content if key not in (INDEX_KEYS if is_index else LEAF_KEYS)]
    if not str(content.get("description") or "").strip():
        problems.append(f"{where}: no description")
    metadata = content.get("metadata") or {}
    problems += [f"{where}: unknown metadata key {key!r}" for key in metadata if key not in METADATA_KEYS]
    if "reference" in metadata:
        problems += _check_reference(metadata["reference"], where)
    if is_index:
        return problems
    if not str(metadata.get("label") or "").strip():
        problems.append(f"{where}: no label")
    if "brackets" in content:
        if not metadata.get("threshold_unit") or not (metadata.get("amount_unit") or metadata.get("rate_unit")):
            problems.append(f"{where}: a scale needs threshold_unit and amount_unit (or rate_unit)")
    elif not metadata.get("unit"):
        problems.append(f"{where}: no unit")
    if "reference" not in metadata:
        problems.append(f"{where}: no reference")
    for date, value in (content.get("values") or {}).items():
        if isinstance(value, dict):
            problems += [f"{where}: values {date}: unknown key {key!r}" for key in value if key not in VALUE_KEYS]
    return problems


#: The model's parameters, and the reforms' own (loaded when a reform is applied).
PARAMETER_FILES = sorted(PARAMETERS_DIR.rglob("*.yaml")) + sorted(model_dir("reforms").rglob("*.yaml"))


def test_there_are_parameter_files():
    assert len(PARAMETER_FILES) > 20


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_parameter_file_is_complete(path):
    assert check_parameter_file(path) == []


def test_every_loaded_parameter_is_cited(tax_benefit_system):
    """The same checks on what openfisca-core loaded (what ``/parameter/<id>`` serves)."""
    problems = []
    for parameter in parameter_leaves(tax_benefit_system.parameters):
        metadata = parameter.metadata or {}
        if not (parameter.description and metadata.get("label")):
            problems.append(f"{parameter.name}: description or label missing")
        problems += _check_reference(metadata.get("reference"), parameter.name)
    assert problems == []


@pytest.mark.parametrize(
    "text, problem",
    [
        ("description: d\nmetadata:\n  label: l\n  unit: /1\n  refrence: {}\nvalues:\n  2020-07-01:\n    value: 1\n", "unknown metadata key 'refrence'"),
        ("description: d\nmetadata:\n  label: l\n  unit: /1\n  reference:\n    2020-07-01:\n      - title: t\nvalues:\n  2020-07-01:\n    value: 1\n", "exactly a title and an href"),
        ("description: d\nmetadata:\n  label: l\n  reference:\n    2020-07-01:\n      - {title: t, href: 'https://x'}\nvalues:\n  2020-07-01:\n    value: 1\n", "no unit"),
        ("descripton: d\nmetadata:\n  label: l\n  unit: /1\n  reference:\n    2020-07-01:\n      - {title: t, href: 'https://x'}\nvalues:\n  2020-07-01:\n    vaule: 1\n", "unknown key 'descripton'"),
        ("description: d\nmetadata:\n  label: l\n  unit: /1\n  reference:\n    2020-07-01:\n      - {title: t, href: 'https://x'}\nvalues:\n  2020-07-01:\n    vaule: 1\n", "unknown key 'vaule'"),
        ("description: d\nmetadata:\n  unit: /1\n  reference:\n    July 2020:\n      - {title: t, href: 'https://x'}\nvalues:\n  2020-07-01:\n    value: 1\n", "not a date"),
    ],
)
def test_a_typo_in_a_parameter_file_fails(tmp_path, text, problem):
    path = tmp_path / "typo.yaml"
    path.write_text(text)
    assert any(problem in message for message in check_parameter_file(path)), check_parameter_file(path)


def test_every_variable_has_a_label_a_reference_and_a_documentation(tax_benefit_system):
    problems = []
    for name, variable in sorted(tax_benefit_system.variables.items()):
        if not (variable.label or "").strip():
            problems.append(f"{name}: no label")
        references = variable.reference or []
        if not references or not all(str(reference).startswith("https://") for reference in references):
            problems.append(f"{name}: no reference, or a reference that is not a link")
        if not (variable.documentation or "").strip():
            problems.append(f"{name}: no documentation")
    assert problems == []


def test_every_formula_has_a_docstring(tax_benefit_system):
    missing = [
        f"{name}.{formula.__name__} ({start})"
        for name, variable in sorted(tax_benefit_system.variables.items())
        for start, formula in variable.formulas.items()
        if not (formula.__doc__ or "").strip()
    ]
    assert missing == []


def test_a_typo_in_a_variable_attribute_fails():
    class misspelled(Variable):
        value_type = float
        entity = Town
        definition_period = YEAR
        label = "A variable with a misspelled attribute"
        refrence = ["https://example.org"]

    with pytest.raises(ValueError, match="refrence"):
        misspelled()
