"""The sheets of the ``--format xlsx`` workbooks of ``compare``, ``run`` and ``reconcile`` (written by :mod:`.xlsx`).

``compare``: Summary (statewide totals per scenario and year, differences, percent and per pupil), Towns
(:func:`fiscal.town_figures`, sorted as asked, the statewide row below), By DRG, Designations (entering
and leaving), Edits and assumptions, Sources (data files with hash and vintage, package version, period
convention, command line), Notes. ``run`` and ``reconcile``: Summary, Towns, Sources, Notes. The figures are
those of the JSON output, to the dollar (percents as fractions, Excel's convention).
"""

from __future__ import annotations

import pandas

from openfisca_ct_education.reports import fiscal
from openfisca_ct_education.reports import xlsx
from openfisca_ct_education.reports.xlsx import Sheet
from openfisca_ct_education.workbench.compare import BASELINE, Comparison

#: Labels of the measures in the workbook's headers.
LABELS = {
    "town_code": "town code",
    "drg": "DRG",
    fiscal.RESIDENT: "ECS resident students",
    fiscal.NEED: "ECS need students",
    fiscal.ECS: "ECS grant",
    fiscal.BOARDS: "paid to boards of education",
}
#: Statewide figures that are counts, not dollars.
COUNTS = ("alliance_monitoring_meetings",)


def header(column: str) -> str:
    """``ecs_entitlement|difference HB 5001`` -> ``ECS grant: difference HB 5001``."""
    measure, _, label = column.partition("|")
    name = LABELS.get(measure, measure)
    return f"{name}: {label}" if label else name


def compare_sheets(comparison: Comparison, metadata: dict, files: list[dict], sort: str, edits=None) -> list[Sheet]:
    """The seven sheets of the comparison's workbook. ``files``: the data files (role, file, sha256, vintage);
    ``edits``: a table of the parameter edits as applied (else the metadata's descriptions are listed)."""
    figures = fiscal.town_figures(comparison, sort)
    return [
        _summary(comparison, figures),
        _towns(figures),
        _by_drg(comparison),
        _designations(comparison),
        _edits_and_assumptions(metadata, edits),
        sources_sheet(metadata, files),
        notes_sheet(fiscal.notes(comparison) + _more_notes(metadata, comparison.omitted)),
    ]


def _summary(comparison: Comparison, figures: pandas.DataFrame) -> Sheet:
    statewide = fiscal.statewide_row(figures)
    frame = comparison.statewide.rename(columns={"variable": "measure", "baseline": BASELINE, "value": "scenario value"}).copy()
    frame.insert(0, "fiscal year", comparison.year)
    frame["percent change"] = fiscal.ratio(frame["difference"], frame[BASELINE])
    for count in (fiscal.RESIDENT, fiscal.NEED):
        column = f"difference per {'resident' if count == fiscal.RESIDENT else 'need'} student"
        frame[column] = [
            statewide.get(fiscal.per_pupil_column(fiscal.ECS, scenario, count)) if measure == fiscal.ECS else None
            for measure, scenario in zip(frame["measure"], frame["scenario"])
        ]
    frame["unit"] = ["meetings" if measure in COUNTS else "dollars" for measure in frame["measure"]]
    money = [None if measure in COUNTS else "dollars" for measure in frame["measure"]]
    kinds = {BASELINE: money, "scenario value": money, "difference": money, "percent change": "percent"}
    kinds |= {column: "per-pupil" for column in frame if column.startswith("difference per ")}
    return Sheet("Summary", frame, kinds)


def _towns(figures: pandas.DataFrame) -> Sheet:
    frame = figures.copy()
    below = pandas.DataFrame([fiscal.statewide_row(figures)]).assign(town="TOTAL (statewide)")
    for table in (frame, below):
        for column in table:
            if fiscal.kind(column) == "percent":
                table[column] = table[column] / 100
    kinds = {header(column): fiscal.kind(column) for column in frame if fiscal.kind(column)}
    return Sheet("Towns", frame.rename(columns=header), kinds, below=below.rename(columns=header), freeze="C2")


def _by_drg(comparison: Comparison) -> Sheet:
    frame = comparison.by_drg.rename(columns={"drg": "DRG", "variable": "measure", "baseline": BASELINE, "value": "scenario value"}).copy()
    if not frame.empty:
        frame["percent change"] = fiscal.ratio(frame["difference"], frame[BASELINE])
    return Sheet("By DRG", frame, {BASELINE: "dollars", "scenario value": "dollars", "difference": "dollars", "percent change": "percent"})


def _designations(comparison: Comparison) -> Sheet:
    frame = comparison.designations.copy()
    if not frame.empty:
        frame.insert(frame.columns.get_loc("entering"), "entering count", frame["entering"].map(len))
        frame.insert(frame.columns.get_loc("leaving"), "leaving count", frame["leaving"].map(len))
        frame = frame.rename(columns={"baseline_count": f"count, {BASELINE}", "count": "count, scenario"})
    return Sheet("Designations", frame, wrap=("entering", "leaving"))


def _edits_and_assumptions(metadata: dict, edits) -> Sheet:
    """One row per parameter edit (``edits``: parameter, old, new, from, citation; else the metadata's
    descriptions), then one per assumption of the run (where the entitlement comes from, as if in force, approximations)."""
    if edits is not None and not edits.empty:
        rows = edits.astype(object).assign(kind="parameter edit")
    else:
        rows = pandas.DataFrame({"kind": "parameter edit", "parameter": list(metadata.get("parameter_edits", []))})
    assumptions = [(name, metadata.get(key)) for name, key in (("entitlement", "entitlement"), ("as if in force", "as_if_in_force"), ("approximation", "approximation"))]
    rows = pandas.concat(
        [rows, pandas.DataFrame([{"kind": "assumption", "parameter": name, "description": text} for name, text in assumptions if text])],
        ignore_index=True,
    )
    rows = rows[["kind"] + [column for column in rows if column != "kind"]]
    return Sheet("Edits and assumptions", rows, wrap=tuple(column for column in ("citation", "description") if column in rows))


def sources_sheet(metadata: dict, files: list[dict]) -> Sheet:
    """Package version, period convention, command line, then each data file with its role, hash and vintage."""
    rows = [
        {"item": "package", "value": f"openfisca-ct-education {metadata.get('package_version', '')}"},
        {"item": "fiscal year", "value": f"FY{metadata.get('fiscal_year', '')}"},
        {"item": "period convention", "value": metadata.get("period_convention", "")},
        {"item": "command line", "value": metadata.get("command", "")},
    ]
    rows += [
        {"item": f"data: {item['role']}", "value": item["file"], "sha256": item["sha256"], "vintage": item.get("vintage", "")}
        for item in files
    ]
    return Sheet("Sources", pandas.DataFrame(rows, columns=["item", "value", "sha256", "vintage"]), wrap=("value",))


def notes_sheet(notes: list[str]) -> Sheet:
    return Sheet("Notes", pandas.DataFrame({"note": notes}), wrap=("note",))


def _more_notes(metadata: dict, omitted: dict) -> list[str]:
    notes = [f"{key}: {value}" for key, value in metadata.items() if key in ("entitlement", "approximation", "as_if_in_force")]
    return notes + [f"left out, {name}: {reason}" for name, reason in omitted.items()]


def run_sheets(frame: pandas.DataFrame, total: dict, kinds: dict, metadata: dict, files: list[dict], notes: list[str]) -> list[Sheet]:
    """The workbook of ``ct-education run``: the statewide totals, every town (``kinds``: the column kinds), sources, notes."""
    summary = pandas.DataFrame({"measure": list(total), f"FY{metadata.get('fiscal_year', '')} statewide": list(total.values())})
    summary_kinds = [kinds.get(name) for name in total]
    below = pandas.DataFrame([{"town": "TOTAL (statewide)", **total}])
    return [
        Sheet("Summary", summary, {summary.columns[1]: summary_kinds}),
        Sheet("Towns", frame, kinds, below=below, freeze="C2"),
        sources_sheet(metadata, files),
        notes_sheet(notes),
    ]


def reconciliation_workbook(frame: pandas.DataFrame, facts: dict, metadata: dict, files: list[dict]) -> bytes:
    """The bytes of ``ct-education reconcile --format xlsx``'s workbook (see :func:`reconcile_sheets`)."""
    notes = [
        f"FY{metadata.get('fiscal_year')}: computed by the model (C.G.S. 10-262f, 10-262h) against the entitlements CSDE published; "
        "difference = computed - published; where the two disagree the model keeps the statute.",
        "percent difference: the difference as a fraction of the published entitlement.",
    ]
    return xlsx.workbook(reconcile_sheets(frame, facts, metadata, files, notes))


def reconcile_sheets(frame: pandas.DataFrame, facts: dict, metadata: dict, files: list[dict], notes: list[str]) -> list[Sheet]:
    """The workbook of ``ct-education reconcile``: the summary facts, every town with its difference, sources, notes."""
    towns = frame.assign(**{"percent difference": fiscal.ratio(frame["difference"], frame["published"])})
    summary = pandas.DataFrame({"measure": list(facts), "value": [cell for cell in facts.values()]})
    money = {"published": "dollars", "computed": "dollars", "difference": "dollars", "percent difference": "percent"}
    summary_kinds = ["dollars" if "total" in name or "difference" in name else None for name in facts]
    return [
        Sheet("Summary", summary, {"value": summary_kinds}),
        Sheet("Towns", towns, money, freeze="C2"),
        sources_sheet(metadata, files),
        notes_sheet(notes),
    ]

