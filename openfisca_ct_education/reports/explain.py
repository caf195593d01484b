"""An explanation (see :mod:`openfisca_ct_education.audit.explain`) as text, Markdown or JSON."""

from __future__ import annotations

import json

FORMATS = ("text", "markdown", "json")
_DECIMALS = {"student": 2, "/1": 6, "person": 0, "grade": 0, "town": 0, "rank": 0, "decimal-place": 0}


def format_value(value, unit=None) -> str:
    """A value for reading: dollars with separators, factors to 6 decimals, students to 2."""
    if value is None:
        return "(not computed)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):  # a scale's brackets
        return "; ".join(", ".join(f"{key} {item}" for key, item in bracket.items()) for bracket in value)
    if isinstance(value, str):
        return value
    if unit in ("year", "rank"):
        return str(int(value)) if float(value).is_integer() else str(value)
    if unit == "currency-USD":
        return f"${value:,.2f}".replace(".00", "") if value != int(value) else f"${int(value):,}"
    decimals = _DECIMALS.get(unit)
    if decimals is not None and not float(value).is_integer():
        return f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,}"
    return f"{value:,}" if isinstance(value, (int, float)) else str(value)


def _departure(node) -> str:
    law = node.get("current_law")
    if not law:
        return ""
    if "value" in law:
        return f"  [DEPARTS from current law: {format_value(law['value'], node.get('unit'))}]"
    return f"  [DEPARTS from current law: {law['note']}]"


def _variable_lines(node) -> tuple[str, list[str]]:
    """The head line of a variable node and its detail lines."""
    where = "statewide " if node.get("statewide") else ""
    head = f"{where}{node['name']} [FY{node['period']}] = {format_value(node['value'], node['unit'])}{_departure(node)}"
    if node.get("see_above"):
        return head + "  (see above)", []
    details = [node["label"]]
    if node.get("origin") == "input":
        source = node["source"]
        if "file" in source:
            details.append(
                f"input: {source['file']}, column {source['column']}, town code {source['town_code']} ({source['vintage']})"
            )
        else:
            details.append(f"input: {source['note']}")
    else:
        formula = node["formula"]
        since = f"in force from {formula['in_force_from']}" if formula["in_force_from"] else "no start date"
        acts = f"; {', '.join(formula['acts'])}" if formula["acts"] else ""
        details.append(f"formula {formula['name']} ({since}{acts}): {formula['docstring']}")
    if node.get("citation"):
        details.append(f"cites: {node['citation']}")
    if node.get("reference"):
        details.append("refs: " + " ".join(node["reference"]))
    if node.get("taken_over_all_towns"):
        details.append("taken over all towns of the state: " + ", ".join(node["taken_over_all_towns"]))
    if node.get("truncated"):
        details.append("(steps below not shown: raise --depth)")
    return head, details


def _parameter_lines(node) -> tuple[str, list[str]]:
    head = (
        f"parameter {node['name']} = {format_value(node['value'], node['unit'])}"
        f" (in force from {node['in_force_from']}){_departure(node)}"
    )
    details = [node["label"] or node["description"] or ""]
    details += [f"{citation['title']} <{citation['href']}>" for citation in node["citation"]]
    return head, details


def _text(node, indent: str, lines: list[str]) -> None:
    head, details = _variable_lines(node)
    lines.append(indent + head)
    for detail in details:
        lines.append(indent + "    | " + detail)
    for parameter in node.get("parameters", []):
        phead, pdetails = _parameter_lines(parameter)
        lines.append(indent + "    - " + phead)
        lines.extend(indent + "        | " + detail for detail in pdetails)
    for child in node.get("children", []):
        _text(child, indent + "    ", lines)


def _header(explanation) -> list[str]:
    town = explanation["town"]
    lines = [
        f"{explanation['variable']} for {town['name']} (town code {town['code']}), FY{explanation['fiscal_year']}",
        f"{explanation['period_convention']}",
        f"openfisca-ct-education {explanation['package_version']}, openfisca-core {explanation['openfisca_core_version']}",
    ]
    lines += [f"data: {item['file']} sha256 {item['sha256']}" for item in explanation["data"]]
    year = explanation.get("year_source")
    if year and year["status"] == "projection":
        lines.append(f"{year['inputs']} (every figure of FY{year['fiscal_year']} rests on these projected inputs)")
    if year and year["status"] != "record":
        lines.append(f"prior-year entitlement: {year['prior_year_entitlement']}")
    if explanation["reforms"]:
        lines.append("reforms: " + ", ".join(explanation["reforms"]) + " (departures from current law are marked DEPARTS)")
    return lines


def to_text(explanation) -> str:
    lines = _header(explanation) + [""]
    _text(explanation["tree"], "", lines)
    return "\n".join(lines) + "\n"


def _markdown(node, level: int, lines: list[str]) -> None:
    pad = "  " * level
    head, details = _variable_lines(node)
    lines.append(f"{pad}- **{head}**")
    lines.extend(f"{pad}  - {detail}" for detail in details)
    for parameter in node.get("parameters", []):
        phead, pdetails = _parameter_lines(parameter)
        lines.append(f"{pad}  - *{phead}*")
        lines.extend(f"{pad}    - {detail}" for detail in pdetails)
    for child in node.get("children", []):
        _markdown(child, level + 1, lines)


def to_markdown(explanation) -> str:
    header = _header(explanation)
    lines = [f"# {header[0]}", ""] + [f"- {line}" for line in header[1:]] + [""]
    _markdown(explanation["tree"], 0, lines)
    return "\n".join(lines) + "\n"


def render(explanation, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(explanation, indent=2, ensure_ascii=False) + "\n"
    return to_markdown(explanation) if fmt == "markdown" else to_text(explanation)
