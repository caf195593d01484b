"""The workbench's comparison as text, CSV, JSON or Markdown, and as a chart."""

from __future__ import annotations

import json

import pandas

from openfisca_ct_education.audit.citations import references_at
from openfisca_ct_education.workbench.compare import BASELINE, BOARD_GRANTS, Comparison, board_note

#: How a count's unit reads next to its figure (money is in dollars).
COUNT_UNITS = {"meeting": "meetings a year", "district": "districts", "town": "towns", "student": "students"}

FORMATS = ("table", "csv", "json", "markdown")


def _money(value) -> str:
    return f"{value:+,.0f}" if value else "0"


def town_changes(comparison: Comparison) -> pandas.DataFrame:
    """Per town and scenario: the change of what the boards of education are paid, and of each grant that changes."""
    towns = comparison.towns
    rows = []
    for scenario in comparison.scenarios:
        deltas = [column for column in towns if column.endswith(f"|Δ {scenario.name}")]
        board = [f"{name}|Δ {scenario.name}" for name in BOARD_GRANTS if f"{name}|Δ {scenario.name}" in towns]
        frame = towns[["town_code", "town", "drg"]].copy()
        frame["scenario"] = scenario.name
        frame["to_boards_of_education"] = towns[board].sum(axis=1) if board else 0.0
        for column in deltas:
            if towns[column].any():
                frame[f"Δ {column.split('|')[0]}"] = towns[column]
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


def as_json(comparison: Comparison, metadata: dict) -> str:
    towns = comparison.towns.copy()
    records = []
    for row in towns.to_dict("records"):
        record = {"town_code": int(row["town_code"]), "town": row["town"], "drg": row["drg"]}
        for column, value in row.items():
            if "|" in column:
                variable, label = column.split("|", 1)
                record.setdefault(variable, {})[label] = bool(value) if isinstance(value, (bool,)) or str(type(value)).endswith("bool_'>") else round(float(value))
        records.append(record)
    return json.dumps(
        {
            **metadata,
            "scenarios": [scenario.name for scenario in comparison.scenarios],
            "scenario_details": [
                {"title": scenario.name, "bill": scenario.bill, "description": scenario.description} for scenario in comparison.scenarios
            ],
            "parameter_edits": edits_table(comparison).to_dict("records"),
            "statewide": _records(comparison.statewide),
            "statewide_note": board_note(comparison),
            "designations": _records(comparison.designations),
            "by_drg": _records(comparison.by_drg),
            "towns": records,
            "omitted": comparison.omitted,
        },
        indent=2,
        default=_plain,
    ) + "\n"


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(type(value))


def _records(frame: pandas.DataFrame) -> list:
    return [{key: (round(value) if isinstance(value, float) else value) for key, value in row.items()} for row in frame.to_dict("records")]


def as_csv(comparison: Comparison) -> str:
    """Every town, every compared column (``variable|scenario``), then a TOTAL row of the money columns."""
    towns = comparison.towns.copy()
    money = [column for column in towns if "|" in column and towns[column].dtype.kind == "f"]
    towns[money] = towns[money].round().astype("int64")
    total = {"town": "TOTAL"} | {column: towns[column].sum() for column in money}
    table = pandas.concat([towns, pandas.DataFrame([total])], ignore_index=True)
    table["town_code"] = table["town_code"].astype("Int64")
    return table.to_csv(index=False, lineterminator="\n")


def as_text(comparison: Comparison, metadata: dict, markdown: bool) -> str:
    """The statewide totals, designation changes, totals by DRG and per-town changes, for reading."""
    lines = []
    heading = (lambda text: f"\n## {text}\n") if markdown else (lambda text: f"\n== {text} ==")
    lines.append(f"# Comparison, FY{comparison.year}: {BASELINE} against {', '.join(s.name for s in comparison.scenarios)}" if markdown else f"Comparison, FY{comparison.year}")
    lines += [f"- {key}: {value}" if markdown else f"# {key}: {value}" for key, value in metadata.items()]
    described = [scenario for scenario in comparison.scenarios if scenario.bill or scenario.description]
    if described:
        lines.append(heading("Scenarios"))
        lines += [f"- {scenario.name}" + (f" ({scenario.bill})" if scenario.bill else "") + (f": {scenario.description}" if scenario.description else "") for scenario in described]
    edits = edits_table(comparison)
    if not edits.empty:
        lines.append(heading("Parameter edits applied (old -> new in the first fiscal year compared that they change)"))
        edits["old -> new"] = [f"{old} -> {new}" for old, new in zip(edits["old"], edits["new"])]
        columns = (["scenario"] if len(comparison.edits) > 1 else []) + ["parameter", "old -> new", "from", "citation"]
        lines.append(_table(edits[columns], markdown))
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
    lines.append(heading("Towns whose grants change (all towns: --format csv or json)"))
    changes = town_changes(comparison)
    delta_columns = [column for column in changes if column.startswith("Δ ") or column == "to_boards_of_education"]
    changed = changes[(changes[delta_columns] != 0).any(axis=1)].sort_values(["scenario", "to_boards_of_education"])
    for column in delta_columns:
        changed[column] = changed[column].map(_money)
    lines.append(_table(changed, markdown) if not changed.empty else "(none)")
    if comparison.omitted:
        lines.append(heading("Left out (inputs or law not available for the year)"))
        lines += [f"- {name}: {reason}" for name, reason in comparison.omitted.items()]
    return "\n".join(lines) + "\n"


def _statewide_text(statewide: pandas.DataFrame) -> pandas.DataFrame:
    text = statewide.copy()
    for column in ("baseline", "value"):
        text[column] = statewide[column].map(lambda value: f"{value:,.0f}")
    text["difference"] = statewide["difference"].map(_money)
    return text.rename(columns={"value": "scenario value"})


def _table(frame: pandas.DataFrame, markdown: bool) -> str:
    return frame.to_markdown(index=False) if markdown else frame.to_string(index=False)


def render(comparison: Comparison, fmt: str, metadata: dict) -> str:
    if fmt == "json":
        return as_json(comparison, metadata)
    if fmt == "csv":
        return as_csv(comparison)
    return as_text(comparison, metadata, markdown=fmt == "markdown")


def chart(comparison: Comparison, path) -> None:
    """Per scenario, the change of what each town's board of education is paid, sorted (towns that change only)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        from openfisca_ct_education.errors import InputDataError

        raise InputDataError("--chart needs matplotlib: pip install 'openfisca-ct-education[chart]'") from None
    changes = town_changes(comparison)
    scenarios = [scenario.name for scenario in comparison.scenarios]
    heights = [max(3, 0.16 * int((changes[changes["scenario"] == name]["to_boards_of_education"] != 0).sum()) + 1.5) for name in scenarios]
    figure, axes = pyplot.subplots(len(scenarios), 1, figsize=(9, sum(heights)), squeeze=False, gridspec_kw={"height_ratios": heights})
    for axis, name in zip(axes[:, 0], scenarios):
        frame = changes[(changes["scenario"] == name) & (changes["to_boards_of_education"] != 0)].sort_values("to_boards_of_education")
        colors = ["#b2182b" if value < 0 else "#2166ac" for value in frame["to_boards_of_education"]]
        axis.barh(frame["town"], frame["to_boards_of_education"] / 1e6, color=colors)
        axis.axvline(0, color="black", linewidth=0.6)
        axis.set_title(f"{name}: change of grants paid to boards of education, FY{comparison.year} ($ million)", fontsize=10)
        axis.tick_params(axis="y", labelsize=7)
        axis.grid(axis="x", alpha=0.3)
        if frame.empty:
            axis.text(0.5, 0.5, "no town changes", transform=axis.transAxes, ha="center")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
