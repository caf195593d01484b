"""The workbench's comparison as text, CSV, JSON or Markdown (the workbook, charts and maps: ``xlsx``, ``charts``, ``maps``)."""

from __future__ import annotations

import json

import pandas

from openfisca_ct_education.audit.citations import references_at
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.reports import fiscal, workbooks, xlsx
from openfisca_ct_education.reports.csv_text import csv_text, is_boolean
from openfisca_ct_education.workbench.compare import BASELINE, Comparison, board_note, difference_column

#: How a count's unit reads next to its figure (money is in dollars).
COUNT_UNITS = {"meeting": "meetings a year", "district": "districts", "town": "towns", "student": "students"}

FORMATS = ("table", "csv", "json", "markdown", "xlsx")


def _money(value) -> str:
    return f"{value:+,.0f}" if value else "0"


#: The short columns of the per-town table, from the fiscal-note columns of a scenario (``{}``: its name).
TABLE_COLUMNS = {
    "ecs_difference": difference_column(fiscal.ECS, "{}"),
    "ecs_pct_change": fiscal.percent_column(fiscal.ECS, "{}"),
    "ecs_per_resident_student": fiscal.per_pupil_column(fiscal.ECS, "{}", fiscal.RESIDENT),
    "ecs_per_need_student": fiscal.per_pupil_column(fiscal.ECS, "{}", fiscal.NEED),
    "boards_difference": difference_column(fiscal.BOARDS, "{}"),
}
NARROW_COLUMNS = ("town", "drg", *TABLE_COLUMNS)


def town_changes(comparison: Comparison, sort: str = "change") -> pandas.DataFrame:
    """Per scenario and town: the ECS change (dollars, percent, per resident and need student), the change of
    what the boards of education are paid, and of each other grant (``<grant>_difference``)."""
    figures = fiscal.town_figures(comparison, "town")
    rows = []
    for scenario in comparison.scenarios:
        ordered = fiscal.sort_towns(figures, sort, scenario.name)
        frame = ordered[["town_code", "town", "drg"]].copy()
        frame.insert(0, "scenario", scenario.name)
        for short, column in TABLE_COLUMNS.items():
            if column.format(scenario.name) in ordered:
                frame[short] = ordered[column.format(scenario.name)]
        for column in ordered:
            variable = column.split("|")[0]
            if column == difference_column(variable, scenario.name) and variable not in fiscal.HEADLINE:
                frame[f"{variable}_difference"] = ordered[column]
        rows.append(frame)
    return pandas.concat(rows, ignore_index=True)


def edits_table(comparison: Comparison) -> pandas.DataFrame:
    """Every parameter edit as applied: scenario, parameter, old -> new in the first fiscal year it changes, from, citation."""
    rows = []
    for scenario, applied in comparison.edits.items():
        for item in applied:
            _, references = references_at(item.owner, f"{item.fiscal_year}-01-01")
            rows.append(
                {
                    "scenario": scenario,
                    "parameter": item.edit.path,
                    "old": _plain_value(item.old),
                    "new": _plain_value(item.new),
                    "from": f"FY{item.edit.fiscal_year} ({item.edit.start})" if item.edit.start else "every year",
                    "citation": "; ".join(reference["title"] for reference in references),
                    "link": "; ".join(reference["href"] for reference in references),
                }
            )
    return pandas.DataFrame(rows, columns=["scenario", "parameter", "old", "new", "from", "citation", "link"], dtype=object)


def _plain_value(value):
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and not isinstance(value, bool):
        return int(value)
    return value


def as_json(comparison: Comparison, metadata: dict, sort: str = "change") -> str:
    """Every town as ``{town_code, town, drg, students..., variable: {label: value}}``, with the statewide tables."""
    figures = fiscal.town_figures(comparison, sort)
    records = [_json_record(row) for row in figures.to_dict("records")]
    return json.dumps(
        {
            **metadata,
            "notes": fiscal.notes(comparison),
            "scenarios": [scenario.name for scenario in comparison.scenarios],
            "scenario_details": [
                {"title": scenario.name, "bill": scenario.bill, "description": scenario.description} for scenario in comparison.scenarios
            ],
            "parameter_edits": edits_table(comparison).to_dict("records"),
            "statewide": _records(comparison.statewide),
            "statewide_note": board_note(comparison),
            "statewide_towns": _json_record(fiscal.statewide_row(figures)),
            "designations": _records(comparison.designations),
            "by_drg": _records(comparison.by_drg),
            "towns": records,
            "omitted": comparison.omitted,
        },
        indent=2,
        default=_plain,
    ) + "\n"


def _json_value(column: str, value):
    if is_boolean(value):
        return bool(value)
    if value is None or value != value:
        return None
    return round(float(value), 2) if fiscal.kind(column) in ("percent", "per-pupil", "students") else round(float(value))


def _json_record(row: dict) -> dict:
    record = {}
    for column, value in row.items():
        if column in ("town_code", "town", "drg"):
            record[column] = int(value) if column == "town_code" else value
        elif "|" in column:
            variable, label = column.split("|", 1)
            record.setdefault(variable, {})[label] = _json_value(column, value)
        else:
            record[column] = _json_value(column, value)
    return record


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(type(value))


def _records(frame: pandas.DataFrame) -> list:
    return [{key: (round(value) if isinstance(value, float) else value) for key, value in row.items()} for row in frame.to_dict("records")]


def csv_table(comparison: Comparison, sort: str = "change") -> pandas.DataFrame:
    """Every town, every fiscal-note column (``variable|label``, ASCII), then the statewide TOTAL row."""
    figures = fiscal.town_figures(comparison, sort)
    table = pandas.concat([figures, pandas.DataFrame([fiscal.statewide_row(figures)])], ignore_index=True)
    for column in table.columns:
        kind = fiscal.kind(column)
        if kind == "dollars":
            table[column] = table[column].round().astype("Int64")
        elif kind in ("percent", "per-pupil", "students"):
            table[column] = table[column].round(2)
    table["town_code"] = table["town_code"].astype("Int64")
    return table


def as_csv(comparison: Comparison, sort: str = "change") -> str:
    return csv_text(csv_table(comparison, sort))


def as_text(comparison: Comparison, metadata: dict, markdown: bool, sort: str = "change", columns=None) -> str:
    """The statewide totals, designation changes, totals by DRG and per-town changes, for reading."""
    lines = []
    heading = (lambda text: f"\n## {text}\n") if markdown else (lambda text: f"\n== {text} ==")
    lines.append(f"# Comparison, FY{comparison.year}: {BASELINE} against {', '.join(s.name for s in comparison.scenarios)}" if markdown else f"Comparison, FY{comparison.year}")
    lines += [f"- {key}: {value}" if markdown else f"# {key}: {value}" for key, value in metadata.items()]
    described = [scenario for scenario in comparison.scenarios if scenario.bill or scenario.description]
    if described:
        lines.append(heading("Scenarios"))
        lines += [f"- {scenario.name}" + (f" ({scenario.bill})" if scenario.bill else "") + (f": {scenario.description}" if scenario.description else "") for scenario in described]
    lines += edits_lines(comparison, heading, markdown)
    statewide = comparison.statewide.copy()
    money = statewide["unit"] == "currency-USD" if "unit" in statewide else pandas.Series(True, index=statewide.index)
    lines.append(heading("Statewide ($)"))
    lines.append(_table(_statewide_text(statewide[money]).drop(columns=["unit"], errors="ignore"), markdown))
    lines.append(f"\nNote: {board_note(comparison)}.")
    if (~money).any():
        lines.append(heading("Statewide counts"))
        counts = _statewide_text(statewide[~money])
        counts["unit"] = counts["unit"].map(lambda unit: COUNT_UNITS.get(unit, unit))
        lines.append(_table(counts, markdown))
    if not comparison.designations.empty:
        lines.append(heading("Designations: districts entering and leaving"))
        designations = comparison.designations.copy()
        for column in ("entering", "leaving"):
            designations[column] = designations[column].map(lambda towns: f"{len(towns)}: {', '.join(towns)}" if towns else "0")
        lines.append(_table(designations, markdown))
    if not comparison.by_drg.empty:
        lines.append(heading("By District Reference Group (FY2026 groups)"))
        by_drg = comparison.by_drg.copy()
        by_drg = by_drg[by_drg["difference"] != 0] if (by_drg["difference"] != 0).any() else by_drg
        for column in ("baseline", "value"):
            by_drg[column] = by_drg[column].map(lambda value: f"{value:,.0f}")
        by_drg["difference"] = by_drg["difference"].map(_money)
        lines.append(_table(by_drg, markdown))
    changes = town_changes(comparison, sort)
    for scenario in comparison.scenarios:
        title = "Towns whose grants change" + (f": {scenario.name}" if len(comparison.scenarios) > 1 else "")
        lines.append(heading(f"{title} (sorted by {sort}; every column: --wide; all towns: --format csv, json or xlsx)"))
        lines.append(_changes_table(changes[changes["scenario"] == scenario.name], columns, markdown))
    if comparison.omitted:
        lines.append(heading("Left out (inputs or law not available for the year)"))
        lines += [f"- {name}: {reason}" for name, reason in comparison.omitted.items()]
    lines.append(heading("Notes"))
    lines += [f"- {note}" for note in fiscal.notes(comparison)]
    return "\n".join(lines) + "\n"


def edits_lines(comparison: Comparison, heading, markdown: bool) -> list[str]:
    """The section listing the parameter edits applied (none if there are none)."""
    edits = edits_table(comparison)
    if edits.empty:
        return []
    edits["old -> new"] = [f"{old} -> {new}" for old, new in zip(edits["old"], edits["new"])]
    shown = (["scenario"] if len(comparison.edits) > 1 else []) + ["parameter", "old -> new", "from", "citation"]
    return [heading("Parameter edits applied (old -> new in the first fiscal year compared that they change)"), _table(edits[shown], markdown)]


def _statewide_text(statewide: pandas.DataFrame) -> pandas.DataFrame:
    text = statewide.copy()
    for column in ("baseline", "value"):
        text[column] = statewide[column].map(lambda value: f"{value:,.0f}")
    text["difference"] = statewide["difference"].map(_money)
    return text.rename(columns={"value": "scenario value"})


def table_columns(changes: pandas.DataFrame, columns) -> list:
    """The columns of the per-town table: ``columns`` as asked (``None``: the narrow default; ``"all"``: every one)."""
    available = [column for column in changes if column not in ("scenario", "town_code")]
    if columns is None:
        return [column for column in NARROW_COLUMNS if column in available]
    if columns == "all":
        return available
    unknown = [column for column in columns if column not in available]
    if unknown:
        raise InputDataError(f"--columns: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(available)}.")
    return list(columns)


def _changes_table(changes: pandas.DataFrame, columns, markdown: bool) -> str:
    money = [column for column in changes if column.endswith("_difference")]
    changed = changes[(changes[money] != 0).any(axis=1)] if money else changes
    if changed.empty:
        return "(none)"
    shown = changed[table_columns(changes, columns)].copy()
    for column in shown:
        if column.endswith("_difference"):
            shown[column] = shown[column].map(_money)
        elif column.endswith("_pct_change"):
            shown[column] = shown[column].map(lambda value: "" if value != value else f"{value:+.2f}%")
        elif column.endswith("_student"):
            shown[column] = shown[column].map(lambda value: "" if value != value else f"{value:+,.2f}")
    return _table(shown, markdown)


def _table(frame: pandas.DataFrame, markdown: bool) -> str:
    return frame.to_markdown(index=False) if markdown else frame.to_string(index=False)


def render(comparison: Comparison, fmt: str, metadata: dict, sort: str = "change", columns=None, files=()):
    """The comparison as ``json``, ``csv``, ``markdown`` or ``table`` text (``columns``: the per-town table's, see
    :func:`table_columns`), or the bytes of the ``xlsx`` workbook (``files``: the data files for its Sources sheet)."""
    if fmt == "xlsx":
        edits = edits_table(comparison)
        return xlsx.workbook(workbooks.compare_sheets(comparison, metadata, list(files), sort, edits))
    if fmt == "json":
        return as_json(comparison, metadata, sort)
    if fmt == "csv":
        return as_csv(comparison, sort)
    return as_text(comparison, metadata, markdown=fmt == "markdown", sort=sort, columns=columns)
