"""The coverage map: statute section and subsection -> the parameters and variables that encode it -> the tests.

Citations are read from the parameters' reference titles and the variables' documentation
("C.G.S. § 10-262f(25), definition of \"total need students\""). A test exercises what it names
(YAML tests: their output variables; Python tests: the variable and parameter names they mention)
and, through them, every step those results are computed from (the FY2026 trace of the shipped data).

    python -m openfisca_ct_education.audit.coverage   # Markdown on standard output; the docs site builds it too
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

import yaml
from openfisca_core.parameters import ParameterScale

from openfisca_ct_education import model_dir
from openfisca_ct_education.audit import citations

#: Sections in the project's scope, with what they are about; those not cited by the model are listed as not encoded.
SCOPE = {
    "10-262f": "Education Cost Sharing: definitions (foundation, need students, wealth, base aid ratio, fully funded grant)",
    "10-262h": "Education Cost Sharing: grant amounts for each fiscal year (phase-in, hold-harmless)",
    "10-262i": "Education Cost Sharing: payment of the grants",
    "10-262j": "Minimum budget requirement",
    "10-262k": "Compensatory education grants out of the ECS grant",
    "10-262u": "Alliance districts: designation and the alliance district grant",
    "10-266p": "Priority school districts: designation and grants",
    "10-266q": "Priority school districts: applications and uses of the grant",
    "10-266t": "Priority school districts: extended school hours grant",
    "10-265m": "Priority school districts: summer school grant",
    "10-276a": "Former priority school districts: phase-out grants",
    "10-263c": "Transitional school district grant",
}
#: What the model encodes of a section it cites only in part.
PARTLY = {
    "10-262i": "the payment schedule of (b) and the adjustment of (a) (a labelled input: the package has final entitlements only)",
    "10-266p": "the statutory base amounts; the allocation of the rest of the appropriation is not encoded (rule not in the sources)",
}
#: What marks a choice the sources do not settle, in a citation or a documentation.
UNVERIFIED = re.compile(r"unverified|\[\?\]|not yet confirmed|to be checked|not checked against|secondary source", re.IGNORECASE)
_TERM_AFTER = re.compile(r'^[^"]{0,30}?"([^"]+)"')


def _subsections(text: str) -> list[tuple[str, str]]:
    """``[(section, subsection label), ...]``: the label is the subsection path and/or the defined term."""
    found = []
    for match in citations._SECTION.finditer(text or ""):
        term = _TERM_AFTER.search(text[match.end():])
        parts = [match.group(2)] if match.group(2) else []
        if term and not text[match.end():match.end() + 3].startswith(" ("):
            parts.append(f"“{term.group(1)}”")
        found.append((match.group(1), " ".join(parts) or "(whole section)"))
    return found


def parameter_leaves(node):
    """Every parameter and scale of ``node``, depth first (a scale counts as one: its brackets are not leaves)."""
    for child in node.children.values():
        if hasattr(child, "children") and not isinstance(child, ParameterScale):
            yield from parameter_leaves(child)
        else:
            yield child


def encodings(tax_benefit_system) -> dict:
    """``{(section, subsection): {"parameters": set, "variables": set}}``."""
    table = collections.defaultdict(lambda: {"parameters": set(), "variables": set()})
    for parameter in parameter_leaves(tax_benefit_system.parameters):
        for entries in ((parameter.metadata or {}).get("reference") or {}).values():
            for entry in entries:
                for key in _subsections(entry["title"]):
                    table[key]["parameters"].add(parameter.name)
    for name, variable in tax_benefit_system.variables.items():
        for key in _subsections(citations.first_clause(variable.documentation)) or _subsections(variable.documentation):
            table[key]["variables"].add(name)
    return table


def dependencies(tax_benefit_system, year: int = 2026) -> dict[str, set[str]]:
    """For each variable and parameter, everything it is computed from (the trace of ``year`` on the shipped data)."""
    from openfisca_ct_education.engine.simulation import build_simulation

    simulation = build_simulation(year, tax_benefit_system=tax_benefit_system)
    simulation.trace = True
    for name in ("ecs_statewide_entitlement", "ecs_entitlement"):
        simulation.calculate(name, str(year))
    below = collections.defaultdict(set)

    def visit(node) -> set[str]:
        names = {parameter.name for parameter in node.parameters}
        for child in node.children:
            names |= {child.name} | visit(child)
        below[node.name] |= names
        return names

    for tree in simulation.tracer.trees:
        visit(tree)
    return below


def tests_naming(tests_dir: Path, names: set[str]) -> dict[str, set[str]]:
    """``{test: names it exercises directly}``: YAML tests by their outputs, Python test files by the names they mention."""
    tests_dir = Path(tests_dir)
    named = collections.defaultdict(set)
    for path in sorted(tests_dir.rglob("*.yaml")):
        for test in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            label = f"{path.relative_to(tests_dir.parent).as_posix()}: {test.get('name', '')}"
            named[label] |= set(test.get("output") or {}) & names
    for path in sorted(tests_dir.rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        named[path.relative_to(tests_dir.parent).as_posix()] |= {
            name for name in names if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text)
        }
    return named


def coverage_markdown(tax_benefit_system, tests_dir) -> str:
    """The coverage map as Markdown (the documentation site's coverage page is built from it)."""
    table = encodings(tax_benefit_system)
    all_names = set(tax_benefit_system.variables) | {parameter.name for parameter in parameter_leaves(tax_benefit_system.parameters)}
    below = dependencies(tax_benefit_system)
    direct = tests_naming(tests_dir, all_names)
    through = {test: set().union(*(below.get(name, set()) for name in names)) for test, names in direct.items()}

    def tests_of(names: set[str]) -> tuple[list[str], list[str]]:
        naming = sorted(test for test, tested in direct.items() if tested & names)
        feeding = sorted(test for test in through if test not in naming and through[test] & names)
        return naming, feeding

    lines = [
        "# Coverage map: statute → model → tests",
        "",
        "Generated from the model and the tests by `python -m openfisca_ct_education.audit.coverage` (and each build of",
        "the documentation site). Citations are read from the parameters' reference titles and the",
        "variables' `documentation`. *Tests naming it*: YAML tests whose outputs include it, Python test files",
        "that mention it. *Tests through a result*: tests of a result computed from it (FY2026 trace).",
        "",
        "| section | subsection | parameters | variables | tests naming it | tests through a result |",
        "|---|---|---|---|---|---|",
    ]
    for (section, subsection) in sorted(table, key=lambda key: (_section_order(key[0]), _natural(key[1]))):
        entry = table[(section, subsection)]
        names = entry["parameters"] | entry["variables"]
        naming, feeding = tests_of(names)
        lines.append(
            f"| {section} | {subsection} | {_codes(entry['parameters'])} | {_codes(entry['variables'])} | "
            f"{_list(naming)} | {_list(feeding)} |"
        )
    cited = collections.defaultdict(set)
    for section, subsection in table:
        cited[section].add(subsection)
    lines += ["", "## Sections in scope", "", "| section | about | encoded |", "|---|---|---|"]
    for section, about in SCOPE.items():
        if section not in cited:
            status = "**not encoded yet**"
        else:
            status = f"{len(cited[section])} subsection(s) cited above" + (f"; {PARTLY[section]}" if section in PARTLY else "")
        lines.append(f"| C.G.S. § {section} | {about or '—'} | {status} |")
    choices = unverified_choices(tax_benefit_system)
    lines += [
        "",
        "## Unverified choices",
        "",
        "Choices the statute text read for the package does not settle (a subsection or act not found in the stored",
        "copies, a secondary source, a convention), kept and marked as such where they are made; and the choices the",
        f"reforms make that the CSDE report does not, stated as parameters. {len(choices)} in all.",
        "",
        "| kind | name | what is unverified |",
        "|---|---|---|",
    ]
    lines += [f"| {kind} | `{name}` | {passage.replace('|', '/')} |" for kind, name, passage in choices]
    return "\n".join(lines) + "\n"


def _unverified_passage(text: str, width: int = 320) -> str | None:
    """The passage of ``text`` around the mark of an unverified choice (the whole text if short), or None."""
    text = " ".join(str(text).split())
    found = UNVERIFIED.search(text)
    if not found:
        return None
    if len(text) <= width:
        return text
    start = max(0, min(found.start() - width // 2, len(text) - width))
    passage = text[start:start + width]
    return ("..." if start else "") + passage + ("..." if start + width < len(text) else "")


def _parameter_texts(node, name: str = ""):
    """(name, texts) of every parameter leaf of a parsed YAML node: description, documentation, reference titles."""
    texts = [node.get("description", ""), node.get("documentation", "")]
    for citations in (node.get("metadata", {}).get("reference") or {}).values():
        texts += [citation.get("title", "") for citation in citations]
    children = {key: value for key, value in node.items() if isinstance(value, dict) and key not in ("metadata", "values", "brackets")}
    if "values" in node or "brackets" in node or not children:
        yield name, texts
    for key, child in children.items():
        yield from _parameter_texts(child, f"{name}.{key}" if name else key)


def unverified_choices(tax_benefit_system) -> list[tuple[str, str, str]]:
    """(kind, name, passage) for every parameter, variable and reform parameter whose citation or documentation marks a
    choice as unverified (the sources read do not settle it): the coverage page lists them all."""
    rows = []
    for parameter in parameter_leaves(tax_benefit_system.parameters):
        texts = [getattr(parameter, "documentation", None) or "", parameter.description or ""]
        for citations in (parameter.metadata.get("reference") or {}).values():
            texts += [citation.get("title", "") for citation in citations]
        passage = next((found for found in map(_unverified_passage, texts) if found), None)
        if passage:
            rows.append(("parameter", parameter.name, passage))
    for name, variable in sorted(tax_benefit_system.variables.items()):
        passage = _unverified_passage(variable.documentation or "", 480) or _unverified_passage(variable.label or "")
        if passage:
            rows.append(("variable", name, passage))
    reform_parameters = model_dir("reforms") / "parameters" / "opportunity_network.yaml"
    for name, texts in _parameter_texts(yaml.safe_load(reform_parameters.read_text()), "opportunity_network"):
        stated = next((text for text in texts if "CHOICE THE REPORT DOES NOT MAKE" in str(text) or "ASSUMPTION" in str(text)), None)
        if stated:
            rows.append(("reform parameter (stated choice)", name, " ".join(str(stated).split())[:300]))
    return sorted(rows, key=lambda row: (row[0], _natural(row[1])))


def _section_order(section: str):
    title, number = section.split("-", 1)
    digits = re.match(r"\d+", number).group()
    return int(title), int(digits), number


def _natural(text: str):
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part]


def _codes(names) -> str:
    return "<br>".join(f"`{name}`" for name in sorted(names)) or "—"


def _list(tests) -> str:
    """Test files, each with the number of its YAML tests listed (``file: test name`` entries)."""
    per_file = collections.Counter(test.split(": ", 1)[0] for test in tests)
    return "<br>".join(
        f"{file} ({count} tests)" if count > 1 else file for file, count in sorted(per_file.items())
    ) or "—"


if __name__ == "__main__":
    from openfisca_ct_education.engine.simulation import current_law

    tests = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "tests"
    sys.stdout.write(coverage_markdown(current_law(), tests))
