"""Sphinx extension: the reference part of the site, generated from the loaded tax-benefit system.

At ``builder-inited`` (before Sphinx reads any source) it writes reStructuredText into
``docs/reference/`` (git-ignored, rewritten on every build):

* one page per parameter (every :class:`Parameter` and :class:`ParameterScale` of
  ``tax_benefit_system.parameters``): description, unit, every value with its effective date and
  the citation in force on that date, a timeline chart where the value changed, and the variables
  that read it;
* one page per variable: label, entity, period, type, unit, documentation, references, each
  formula version with its start date, docstring and source, the parameters and variables it
  reads, and the variables that read it;
* one page for the reforms: every :class:`Reform` subclass found in the modules of
  ``openfisca_ct_education.reforms``, what it changes (computed by applying it) and its
  parameters.

Nothing here is written by hand about the model: what the pages say comes from the objects
OpenFisca loaded. What a formula reads is found by reading its source (the variable names it
quotes, the ``parameters(period)...`` paths it follows, and the same in the package's helper
functions it calls), so every dated formula version is covered, not just those a simulation
happens to run.
"""

from __future__ import annotations

import ast
import datetime
import importlib
import inspect
import pkgutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale
from openfisca_core.reforms import Reform

import model_charts

UNIT_NAMES = {
    "currency-USD": "US dollars",
    "/1": "ratio (1 = 100%)",
    "decimal-place": "decimal places",
    "rank": "rank",
    "student": "students",
    "person": "persons",
    "grade": "grades",
    "town": "towns",
}


# --- Reading the model ---------------------------------------------------------------------


def leaf_parameters(parameters: ParameterNode) -> list:
    """Every parameter of the tree: a :class:`Parameter` or a whole :class:`ParameterScale`, by name."""
    leaves = [node for node in parameters.get_descendants() if isinstance(node, (Parameter, ParameterScale))]
    return sorted(leaves, key=lambda node: node.name)


def parameter_nodes(parameters: ParameterNode) -> list:
    """Every folder of the parameter tree (a :class:`ParameterNode`), by name."""
    return sorted((node for node in parameters.get_descendants() if isinstance(node, ParameterNode)), key=lambda n: n.name)


def fiscal_year(instant: str) -> int:
    """The fiscal year a date falls in: FY2026 = 1 July 2025 - 30 June 2026."""
    date = datetime.date.fromisoformat(instant)
    return date.year + 1 if date.month >= 7 else date.year


def value_history(parameter: Parameter) -> list[tuple[str, object]]:
    """(effective date, value) of a parameter, oldest first; a value of ``None`` ends the parameter."""
    return sorted((entry.instant_str, entry.value) for entry in parameter.values_list)


def scale_history(scale: ParameterScale) -> list[tuple[str, list[tuple[object, object]]]]:
    """(effective date, [(threshold, amount or rate), ...]) at each date any bracket changes, oldest first."""
    dates = sorted(
        {entry.instant_str for bracket in scale.brackets for child in bracket.children.values() for entry in child.values_list}
    )
    history = []
    for date in dates:
        rows = []
        for bracket in scale.brackets:
            threshold = bracket.children["threshold"](date) if "threshold" in bracket.children else None
            value_key = next(key for key in ("amount", "rate", "average_rate", "base") if key in bracket.children)
            rows.append((threshold, bracket.children[value_key](date)))
        history.append((date, rows))
    return history


def references_in_force(metadata: dict, instant: str) -> list[dict]:
    """The citations of ``metadata.reference`` keyed by the latest date on or before ``instant``."""
    references = metadata.get("reference") or {}
    if isinstance(references, list):  # an undated list: cited for every value
        return references
    dated = sorted(str(date) for date in references if str(date) <= instant)
    if not dated:
        return []
    chosen = dated[-1]
    return next(value for key, value in references.items() if str(key) == chosen)


def formula_versions(variable) -> list[tuple[str, str | None, object]]:
    """(start date, end date or None, function) of each dated formula of a variable, oldest first."""
    starts = list(variable.formulas.keys())
    versions = []
    for index, start in enumerate(starts):
        end = None
        if index + 1 < len(starts):
            end = (datetime.date.fromisoformat(starts[index + 1]) - datetime.timedelta(days=1)).isoformat()
        versions.append((start, end, variable.formulas[start]))
    if variable.end and versions:
        versions[-1] = (versions[-1][0], variable.end, versions[-1][2])
    return versions


@dataclass
class Reads:
    """What a formula reads: variable names and parameter paths."""

    variables: set = field(default_factory=set)
    parameters: set = field(default_factory=set)


def _function_tree(function) -> ast.AST | None:
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return None


def _attribute_path(node: ast.AST, aliases: dict) -> list[str] | None:
    """``parameters(period).a.b`` -> ['a', 'b']; ``p.c`` with ``p`` an alias of one -> its path + ['c']."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    names.reverse()
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "parameters":
        return names
    if isinstance(node, ast.Name) and node.id in aliases:
        return aliases[node.id] + names
    return None


def _project_folders() -> list[Path]:
    from openfisca_ct_education import PACKAGE_DIR, model_dir

    return [PACKAGE_DIR, model_dir("variables"), model_dir("reforms")]


def _is_project_function(candidate) -> bool:
    """A function of this package or of its variables/reforms (OpenFisca loads those under generated module names)."""
    if not inspect.isfunction(candidate):
        return False
    try:
        source = Path(inspect.getsourcefile(candidate)).resolve()
    except TypeError:
        return False
    return any(source.is_relative_to(folder) for folder in _project_folders())


def formula_reads(function, variable_names: set, parameter_names: set, seen=None) -> Reads:
    """The variables and parameters a formula reads, from its source and the project helpers it calls."""
    seen = set() if seen is None else seen
    reads = Reads()
    if function in seen:
        return reads
    seen.add(function)
    tree = _function_tree(function)
    if tree is None:
        return reads
    aliases: dict[str, list[str]] = {}
    # Not reads in themselves: the inner links of a chain (``parameters(period).cgs_10_262f`` inside
    # ``parameters(period).cgs_10_262f.foundation``), and the node an alias names (``p = parameters(period).x``)
    # when longer paths are read through it (see below). Counting them listed every parameter of the section.
    links = set()
    for node in ast.walk(tree):  # aliases first: p = parameters(period).x.y
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            links.add(id(node.value))
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            path = _attribute_path(node.value, aliases)
            if path is not None:
                aliases[node.targets[0].id] = path
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in variable_names:
            reads.variables.add(node.value)
        elif isinstance(node, ast.Attribute) and id(node) not in links:
            path = _attribute_path(node, aliases)
            if path:
                reads.parameters.add(".".join(path))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            helper = function.__globals__.get(node.func.id)
            if _is_project_function(helper):
                inner = formula_reads(helper, variable_names, parameter_names, seen)
                reads.variables |= inner.variables
                reads.parameters |= inner.parameters
    paths = reads.parameters
    reads.parameters = {path for path in paths if not any(other.startswith(path + ".") for other in paths)}
    # Keep the longest path that names a parameter (p.foundation, not p; nor p.foundation.real).
    reads.parameters = set().union(*(_parameters_read(path, parameter_names) for path in reads.parameters))
    return reads


def _parameters_read(path: str, parameter_names: set) -> set:
    """The parameters a read of ``path`` reaches: the leaf it starts with, or every leaf of the node it names."""
    parts = path.split(".")
    for size in range(len(parts), 0, -1):
        candidate = ".".join(parts[:size])
        if candidate in parameter_names:
            return {candidate}
    return {name for name in parameter_names if name.startswith(path + ".")}


def dependency_graph(tax_benefit_system) -> dict[str, dict[str, Reads]]:
    """For each variable, for each formula start date: what that formula reads."""
    variable_names = set(tax_benefit_system.variables)
    parameter_names = {leaf.name for leaf in leaf_parameters(tax_benefit_system.parameters)}
    return {
        name: {
            start: formula_reads(function, variable_names, parameter_names)
            for start, function in variable.formulas.items()
        }
        for name, variable in tax_benefit_system.variables.items()
    }


def readers(graph: dict) -> tuple[dict[str, set], dict[str, set]]:
    """Reverse of the graph: variable -> variables reading it; parameter -> variables reading it."""
    variable_readers: dict[str, set] = {}
    parameter_readers: dict[str, set] = {}
    for name, versions in graph.items():
        for reads in versions.values():
            for read in reads.variables - {name}:
                variable_readers.setdefault(read, set()).add(name)
            for read in reads.parameters:
                parameter_readers.setdefault(read, set()).add(name)
    return variable_readers, parameter_readers


def variable_section(variable) -> str:
    """The statute folder of a variable's source file (``cgs_10_262f``...), or ``general``."""
    path = Path(variable.introspection_data[0]) if variable.introspection_data else None
    if path is None or path.parent.name in ("variables", ""):
        return "general"
    return path.parent.name


def reform_classes(package_name: str = "openfisca_ct_education.reforms") -> list[type]:
    """Every :class:`Reform` subclass defined in a module of the reforms package, by qualified name."""
    package = importlib.import_module(package_name)
    modules = [package]
    for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
        modules.append(importlib.import_module(info.name))
    found = {}
    for module in modules:
        for _, candidate in inspect.getmembers(module, inspect.isclass):
            if issubclass(candidate, Reform) and candidate is not Reform and candidate.__module__ == module.__name__:
                found[f"{candidate.__module__}.{candidate.__qualname__}"] = candidate
    return [found[name] for name in sorted(found)]


def reform_changes(reform_class: type, baseline) -> dict:
    """What applying a reform changes: variables added, changed or neutralized; parameters added or changed."""
    reformed = reform_class(baseline)
    added = sorted(set(reformed.variables) - set(baseline.variables))
    changed, neutralized = [], []
    for name in sorted(set(reformed.variables) & set(baseline.variables)):
        new, old = reformed.variables[name], baseline.variables[name]
        if new.is_neutralized and not old.is_neutralized:
            neutralized.append(name)
        elif new is not old and (dict(new.formulas) != dict(old.formulas) or new.value_type != old.value_type):
            changed.append(name)
    old_leaves = {leaf.name: leaf for leaf in leaf_parameters(baseline.parameters)}
    parameters = []
    for leaf in leaf_parameters(reformed.parameters):
        before = old_leaves.get(leaf.name)
        now = _leaf_values(leaf)
        if before is None or _leaf_values(before) != now:
            parameters.append((leaf, None if before is None else before))
    return {"reformed": reformed, "added": added, "changed": changed, "neutralized": neutralized, "parameters": parameters}


def _leaf_values(leaf):
    if isinstance(leaf, ParameterScale):
        return scale_history(leaf)
    return value_history(leaf)


# --- Writing reStructuredText ---------------------------------------------------------------


def heading(text: str, character: str) -> str:
    return f"{text}\n{character * len(text)}\n"


def escape(text) -> str:
    """Text safe inside reStructuredText prose and table cells."""
    text = " ".join(str(text).split())
    for special in ("\\", "*", "`", "|", "_"):
        text = text.replace(special, "\\" + special)
    return text


def link(title: str, href: str) -> str:
    return f"`{escape(title)} <{href}>`__"


def list_table(header: list[str] | None, rows: list[list[str]], widths: list[int] | None = None) -> str:
    """An RST list-table; cells are already RST. ``header`` None: a table of facts, no header row."""
    lines = [".. list-table::", f"   :header-rows: {0 if header is None else 1}"]
    if widths:
        lines.append(f"   :widths: {' '.join(str(width) for width in widths)}")
    lines.append("")
    for row in ([] if header is None else [header]) + rows:
        for index, cell in enumerate(row):
            marker = "* -" if index == 0 else "  -"
            lines.append(f"   {marker} {cell if str(cell).strip() else '..'}")
    return "\n".join(lines) + "\n"


def format_value(value, unit: str | None) -> str:
    """A parameter value as a reader wants it: dollars with separators, ratios with their percent."""
    if value is None:
        return "*(ends)*"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if unit == "currency-USD":
        return f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"
    if unit == "/1" and isinstance(value, (int, float)):
        return f"{value:g} ({value * 100:.4g}%)"
    return f"{value:g}" if isinstance(value, float) else escape(value)


def unit_text(unit: str | None) -> str:
    if not unit:
        return "none"
    return f"{UNIT_NAMES.get(unit, unit)} (``{unit}``)"


def reference_labels() -> dict[str, str]:
    """URL -> a name for it, from the constants of :mod:`openfisca_ct_education.references`.

    ``SEC_10_262F`` -> "C.G.S. § 10-262f", ``PA_17_2_JSS`` -> "PA 17-2 JSS"; any other constant keeps its name.
    """
    from openfisca_ct_education import references

    labels = {}
    for name, value in vars(references).items():
        if not (name.isupper() and isinstance(value, str) and value.startswith("http")):
            continue
        parts = name.split("_")
        if parts[0] == "SEC":
            label = f"C.G.S. § {parts[1]}-{'-'.join(parts[2:]).lower()}"
        elif parts[0] == "PA":
            label = f"PA {parts[1]}-{' '.join(parts[2:])}"
        else:
            label = name.replace("_", " ")
        labels.setdefault(value, label)
    return labels


def reference_link(reference: str, labels: dict[str, str]) -> str:
    reference = str(reference)
    if not reference.startswith("http"):
        return escape(reference)
    return link(labels.get(reference, reference), reference)


def citations(references: list[dict]) -> str:
    return "; ".join(link(ref.get("title", ref.get("href", "")), ref["href"]) if ref.get("href") else escape(ref.get("title", "")) for ref in references)


def parameter_doc(name: str) -> str:
    return f":doc:`{name} </reference/parameters/{name}>`"


def variable_doc(name: str) -> str:
    return f":doc:`{name} </reference/variables/{name}>`"


def parameter_title(leaf) -> str:
    return f"{leaf.metadata.get('label') or leaf.description or leaf.name}"


def parameter_page(leaf, used_by: set, chart: str | None, ancestors: list) -> str:
    """The page of one parameter or scale."""
    metadata = leaf.metadata or {}
    title = parameter_title(leaf)
    parts = [f".. _parameter-{leaf.name}:\n", heading(escape(title), "=")]
    facts = [
        ["Name", f"``{leaf.name}``"],
        ["Description", escape(leaf.description or "")],
        ["Kind", "scale (brackets)" if isinstance(leaf, ParameterScale) else "single value"],
    ]
    if isinstance(leaf, ParameterScale):
        facts.append(["Threshold unit", unit_text(metadata.get("threshold_unit"))])
        facts.append(["Amount unit", unit_text(metadata.get("amount_unit") or metadata.get("rate_unit"))])
    else:
        facts.append(["Unit", unit_text(metadata.get("unit"))])
    facts.append(["Periodicity", escape(metadata.get("period", "not given"))])
    facts.append(["Source file", f"``{_relative_source(leaf.file_path)}``"])
    parts.append(list_table(None, facts, [20, 80]))
    if getattr(leaf, "documentation", None):
        parts.append(escape(leaf.documentation) + "\n")
    parts.append(heading("Values and their citations", "-"))
    parts.append(
        "Each value applies from its effective date until the next one. The fiscal year is the first one "
        "it applies to (FY2026 = 1 July 2025 - 30 June 2026). The citation is the reference the parameter "
        "file gives for that date.\n"
    )
    if isinstance(leaf, ParameterScale):
        parts.append(_scale_values_table(leaf))
    else:
        parts.append(_parameter_values_table(leaf))
    if chart:
        parts.append(heading("Timeline", "-"))
        parts.append(f".. image:: {chart}\n   :alt: {escape(title)} over time\n   :width: 520px\n")
    parts.append(heading("Read by", "-"))
    parts.append(_bullets([variable_doc(name) for name in sorted(used_by)]) or "No variable reads it.\n")
    node_references = [node for node in ancestors if (node.metadata or {}).get("reference") or node.description]
    if node_references:
        parts.append(heading("In the parameter tree", "-"))
        lines = []
        for node in node_references:
            cited = citations(_all_references(node.metadata or {}))
            lines.append(f"``{node.name}``: {escape(node.description or '')}" + (f" ({cited})" if cited else ""))
        parts.append(_bullets(lines))
    return "\n".join(parts)


def _all_references(metadata: dict) -> list[dict]:
    references = metadata.get("reference") or {}
    if isinstance(references, list):
        return references
    return [ref for key in sorted(references, key=str) for ref in references[key]]


def _parameter_values_table(parameter: Parameter) -> str:
    unit = parameter.metadata.get("unit")
    rows = [
        [date, f"FY{fiscal_year(date)}", format_value(value, unit), citations(references_in_force(parameter.metadata, date)) or "*none given*"]
        for date, value in value_history(parameter)
    ]
    return list_table(["Effective from", "First fiscal year", "Value", "Citation"], rows, [14, 10, 16, 60])


def _scale_values_table(scale: ParameterScale) -> str:
    amount_unit = scale.metadata.get("amount_unit") or scale.metadata.get("rate_unit")
    rows = []
    for date, brackets in scale_history(scale):
        cells = "; ".join(f"from {format_value(threshold, None)}: {format_value(amount, amount_unit)}" for threshold, amount in brackets)
        rows.append([date, f"FY{fiscal_year(date)}", cells, citations(references_in_force(scale.metadata, date)) or "*none given*"])
    return list_table(["Effective from", "First fiscal year", "Brackets (threshold: amount)", "Citation"], rows, [14, 10, 36, 40])


def _bullets(items: list[str]) -> str:
    return "".join(f"* {item}\n" for item in items)


def _relative_source(path) -> str:
    if not path:
        return "(unknown)"
    path = Path(path)
    for anchor in ("parameters", "variables", "reforms"):
        if anchor in path.parts:
            return "/".join(path.parts[path.parts.index(anchor):])
    return path.name


def variable_page(variable, versions: dict, used_by: set) -> str:
    """The page of one variable."""
    parts = [f".. _variable-{variable.name}:\n", heading(variable.name, "="), escape(variable.label or "") + "\n"]
    facts = [
        ["Entity", f"{escape(variable.entity.label)} (``{variable.entity.key}``)"],
        ["Period", f"``{variable.definition_period}``" + (" (a fiscal year: period 2026 = FY2026)" if str(variable.definition_period) == "year" else "")],
        ["Value type", f"``{variable.value_type.__name__}``"],
        ["Unit", unit_text(getattr(variable, "unit", None))],
        ["Default value", f"``{variable.default_value!r}``"],
        ["Kind", "computed by a formula" if variable.formulas else "input (no formula)"],
        ["Source file", f"``{_relative_source(variable.introspection_data[0]) if variable.introspection_data else '(unknown)'}``"],
    ]
    if variable.end:
        facts.append(["Ends", variable.end])
    if getattr(variable, "possible_values", None) is not None:
        facts.append(["Possible values", ", ".join(f"``{item.name}``" for item in variable.possible_values)])
    parts.append(list_table(None, facts, [20, 80]))
    if variable.documentation:
        parts.append(heading("Documentation", "-"))
        parts.append(escape(variable.documentation) + "\n")
    parts.append(heading("References", "-"))
    references = variable.reference if isinstance(variable.reference, list) else ([variable.reference] if variable.reference else [])
    labels = reference_labels()
    parts.append(_bullets([reference_link(ref, labels) for ref in references]) or "None given.\n")
    parts.append(heading("Formulas", "-"))
    if not variable.formulas:
        parts.append("None: this variable is an input of the simulation (from the data file or the situation).\n")
    for start, end, function in formula_versions(variable):
        reads = versions[start]
        span = ("from the beginning" if start == "0001-01-01" else f"from {start} (FY{fiscal_year(start)})") + (
            f" to {end} (FY{fiscal_year(end)})" if end else ""
        )
        parts.append(heading(f"{function.__name__}: {span}", "~"))
        parts.append(_docstring_block(function))
        parts.append("**Reads variables:** " + (", ".join(variable_doc(name) for name in sorted(reads.variables - {variable.name})) or "none") + "\n")
        if variable.name in reads.variables:
            parts.append(f"**Reads itself** at another period (e.g. the previous fiscal year).\n")
        parts.append("**Reads parameters:** " + (", ".join(parameter_doc(name) for name in sorted(reads.parameters)) or "none") + "\n")
        parts.append(_source_block(function))
    parts.append(heading("Read by", "-"))
    parts.append(_bullets([variable_doc(name) for name in sorted(used_by)]) or "No formula of the model reads it.\n")
    return "\n".join(parts)


def _docstring_block(function) -> str:
    doc = inspect.getdoc(function)
    if not doc:
        return "*No docstring.*\n"
    return "\n".join("| " + escape(line) if line.strip() else "|" for line in doc.splitlines()) + "\n"


def _source_block(function) -> str:
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return ""
    return ".. code-block:: python\n\n" + textwrap.indent(source.rstrip() + "\n", "   ") + "\n"


def reforms_page(reforms: list[tuple[type, dict]]) -> str:
    """The page listing every reform and what it changes."""
    parts = [heading("Reforms", "="), "Every ``Reform`` subclass found in the modules of ``openfisca_ct_education.reforms``.\n"]
    if not reforms:
        parts.append(
            "**None yet.** The package ships no reform. A reform added to ``reforms/`` will be listed "
            "here on the next build, with what it changes; see the :doc:`drafter guide </guides/drafter>` "
            "for how to write one.\n"
        )
        return "\n".join(parts)
    for reform_class, changes in reforms:
        parts.append(reform_section(reform_class, changes))
    return "\n".join(parts)


def reform_section(reform_class: type, changes: dict) -> str:
    """One reform: its docstring, its variables and its parameters before and after."""
    name = f"{reform_class.__module__}.{reform_class.__qualname__}"
    parts = [heading(f"``{reform_class.__qualname__}``", "-"), f"``{name}``\n"]
    doc = inspect.getdoc(reform_class)
    parts.append((escape(doc) if doc else "*No docstring.*") + "\n")
    for label, key in (("Variables added", "added"), ("Variables changed", "changed"), ("Variables neutralized", "neutralized")):
        links = [f"``{item}``" if key == "added" else variable_doc(item) for item in changes[key]]
        parts.append(f"**{label}:** " + (", ".join(links) or "none") + "\n")
    if not changes["parameters"]:
        parts.append("**Parameters changed:** none\n")
    for leaf, before in changes["parameters"]:
        parts.append(heading(f"Parameter {leaf.name}", "~"))
        unit = (leaf.metadata or {}).get("unit")
        if isinstance(leaf, ParameterScale):
            rows = [[date, f"{brackets}"] for date, brackets in scale_history(leaf)]
            parts.append(list_table(["Effective from", "Brackets under the reform"], rows))
            continue
        baseline = dict(value_history(before)) if before is not None else {}
        rows = []
        for date, value in value_history(leaf):
            old = baseline.get(date, "")
            rows.append([date, f"FY{fiscal_year(date)}", format_value(old, unit) if old != "" else "", format_value(value, unit)])
        parts.append(list_table(["Effective from", "First fiscal year", "Current law", "Under the reform"], rows))
        parts.append("Current law: " + (parameter_doc(leaf.name) if before is not None else "a new parameter") + "\n")
    return "\n".join(parts)


def parameters_index(leaves: list, nodes: list) -> str:
    """The list of every parameter, grouped by folder of the tree."""
    parts = [
        heading("Parameters", "="),
        f"All {len(leaves)} parameters of the model, by folder of ``parameters/``. Each page gives every "
        "value with its effective date and citation.\n",
        ".. toctree::\n   :hidden:\n\n" + "".join(f"   {leaf.name}\n" for leaf in leaves),
    ]
    groups: dict[str, list] = {}
    for leaf in leaves:
        groups.setdefault(leaf.name.rsplit(".", 1)[0] if "." in leaf.name else "", []).append(leaf)
    descriptions = {node.name: node.description for node in nodes}
    for group in sorted(groups):
        parts.append(heading(f"{group or '(top level)'}", "-"))
        if descriptions.get(group):
            parts.append(escape(descriptions[group]) + "\n")
        rows = [[parameter_doc(leaf.name), escape(leaf.description or ""), _current_value(leaf)] for leaf in groups[group]]
        parts.append(list_table(["Parameter", "Description", "Latest value"], rows, [30, 50, 20]))
    return "\n".join(parts)


def _current_value(leaf) -> str:
    if isinstance(leaf, ParameterScale):
        return f"{len(leaf.brackets)} brackets"
    date, value = value_history(leaf)[-1]
    return f"{format_value(value, leaf.metadata.get('unit'))} from {date}"


def variables_index(tax_benefit_system) -> str:
    """The list of every variable, grouped by statute folder."""
    variables = sorted(tax_benefit_system.variables.values(), key=lambda variable: variable.name)
    parts = [
        heading("Variables", "="),
        f"All {len(variables)} variables of the model, by folder of ``variables/`` (one per statute section).\n",
        ".. toctree::\n   :hidden:\n\n" + "".join(f"   {variable.name}\n" for variable in variables),
    ]
    groups: dict[str, list] = {}
    for variable in variables:
        groups.setdefault(variable_section(variable), []).append(variable)
    for group in sorted(groups):
        parts.append(heading(group, "-"))
        rows = [
            [variable_doc(variable.name), escape(variable.label or ""), variable.entity.key, "formula" if variable.formulas else "input"]
            for variable in groups[group]
        ]
        parts.append(list_table(["Variable", "Label", "Entity", "Kind"], rows, [30, 52, 8, 10]))
    return "\n".join(parts)


def reference_index(parameter_count: int, variable_count: int, reform_count: int) -> str:
    return "\n".join(
        [
            heading("Reference", "="),
            "Generated from the loaded tax-benefit system on every build of this site, so it cannot disagree "
            f"with the code: {parameter_count} parameters, {variable_count} variables, {reform_count} reforms.\n",
            ".. toctree::\n   :maxdepth: 1\n\n   parameters/index\n   variables/index\n   reforms\n",
        ]
    )


# --- The build step -------------------------------------------------------------------------


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it (so Sphinx rebuilds only what changed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def generate(tax_benefit_system, out_dir: Path, image_dir: Path, image_prefix: str) -> dict:
    """Write every reference page (and parameter chart) for ``tax_benefit_system``; return counts."""
    written: set[Path] = set()

    def write(path: Path, text: str) -> None:
        write_if_changed(path, text)
        written.add(path)

    leaves = leaf_parameters(tax_benefit_system.parameters)
    nodes = parameter_nodes(tax_benefit_system.parameters)
    graph = dependency_graph(tax_benefit_system)
    variable_readers, parameter_readers = readers(graph)
    for leaf in leaves:
        chart = None
        if isinstance(leaf, Parameter) and model_charts.parameter_changed(value_history(leaf)):
            filename = f"parameter_{leaf.name}.png"
            model_charts.parameter_timeline(value_history(leaf), leaf.metadata.get("unit"), parameter_title(leaf), image_dir / filename)
            chart = f"{image_prefix}/{filename}"
        ancestors = [node for node in nodes if leaf.name.startswith(node.name + ".")]
        write(out_dir / "parameters" / f"{leaf.name}.rst", parameter_page(leaf, parameter_readers.get(leaf.name, set()), chart, ancestors))
    for name, variable in tax_benefit_system.variables.items():
        write(out_dir / "variables" / f"{name}.rst", variable_page(variable, graph[name], variable_readers.get(name, set())))
    reforms = [(reform_class, reform_changes(reform_class, tax_benefit_system)) for reform_class in reform_classes()]
    write(out_dir / "parameters" / "index.rst", parameters_index(leaves, nodes))
    write(out_dir / "variables" / "index.rst", variables_index(tax_benefit_system))
    write(out_dir / "reforms.rst", reforms_page(reforms))
    write(out_dir / "index.rst", reference_index(len(leaves), len(tax_benefit_system.variables), len(reforms)))
    for stale in set(out_dir.rglob("*.rst")) - written:  # a parameter or variable that was removed loses its page
        stale.unlink()
    return {"parameters": len(leaves), "variables": len(tax_benefit_system.variables), "reforms": len(reforms)}


def _on_builder_inited(app) -> None:
    from openfisca_ct_education.engine.simulation import current_law

    source = Path(app.srcdir)
    counts = generate(current_law(), source / "reference", source / "_generated" / "images", "/_generated/images")
    app.config.model_reference_counts = counts


def setup(app):
    app.add_config_value("model_reference_counts", {}, "env")
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
