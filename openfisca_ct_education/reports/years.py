"""Several fiscal years at once: per-town results in long form (one row per town and year) or wide form
(one row per town), statewide totals per year, and a chart of the statewide total per year.

Every row and total carries its year's status (``record``, ``formula`` or ``projection``) and the
source of its prior-year entitlement, so a projected figure is never read as one of record.
"""

from __future__ import annotations

import csv
import io
import json

import pandas

from openfisca_ct_education.reports import charts, fiscal
from openfisca_ct_education.reports import run as report
from openfisca_ct_education.workbench.compare import difference_column

FORMATS = ("table", "csv", "json")


def year_tables(run, optional=report.DESIGNATION_AND_GRANT_VARIABLES) -> dict:
    """Per year: the town table of ``ct-education run`` and what was left out (year -> (frame, omitted))."""
    tables = {}
    for year in run.years:
        simulation = run.simulations[year]
        omitted = {}
        variables = report.run_variables(simulation.tax_benefit_system, run.sources[year].kind != "record")
        frame = report.town_table(simulation, year, variables, optional=optional, omitted=omitted)
        tables[year] = (frame, omitted)
    return tables


def statewide_by_year(run, tables, system) -> pandas.DataFrame:
    """One row per year: its status, the prior-year source and the statewide totals."""
    rows = []
    for year in run.years:
        frame, _ = tables[year]
        source = run.sources[year]
        totals = report.statewide_total(frame, system)
        rows.append({"fiscal_year": year, "status": source.metadata()["status"], "prior_year": source.prior, **totals})
    return pandas.DataFrame(rows)


def long_form(run, tables) -> pandas.DataFrame:
    frames = []
    for year in run.years:
        frame, _ = tables[year]
        source = run.sources[year]
        frames.append(frame.assign(fiscal_year=year, status=source.metadata()["status"], prior_year=source.prior))
    table = pandas.concat(frames, ignore_index=True)
    first = ["fiscal_year", "status", "prior_year", "town_code", "town"]
    return table[first + [column for column in table.columns if column not in first]]


def wide_form(run, tables) -> pandas.DataFrame:
    """One row per town; a column ``variable|FYyear`` (``|projection`` added for a projected year) for each year."""
    wide = None
    for year in run.years:
        frame, _ = tables[year]
        label = f"FY{year}" + ("|projection" if run.sources[year].is_projection else "")
        part = frame.set_index(["town_code", "town"]).rename(columns=lambda name: f"{name}|{label}")
        wide = part if wide is None else wide.join(part, how="outer")
    return wide.reset_index()


def render(run, system, fmt: str, metadata: dict, layout: str | None = None) -> str:
    tables = year_tables(run)
    totals = statewide_by_year(run, tables, system)
    units = {name: system.get_variable(name).unit for name in totals.columns if name in system.variables}
    sources = [run.sources[year].metadata() for year in run.years]
    omitted = {f"FY{year} {name}": reason for year in run.years for name, reason in tables[year][1].items()}
    if fmt == "json":
        years = []
        for year in run.years:
            frame, _ = tables[year]
            body = json.loads(report.render(frame, system, "json", {}))
            years.append({**run.sources[year].metadata(), **body})
        return json.dumps({**metadata, "years": years, "statewide_by_year": _plain_records(totals, units), "omitted": omitted}, indent=2) + "\n"
    if fmt == "csv":
        table = wide_form(run, tables) if layout == "wide" else _with_totals(long_form(run, tables), totals)
        money = [column for column in table.columns if _unit(system, column) == "currency-USD"]
        for column in money:
            table[column] = table[column].round().astype("Int64")
        table["town_code"] = table["town_code"].astype("Int64")
        return table.to_csv(index=False, lineterminator="\n")
    lines = [f"# {key}: {value}" for key, value in metadata.items()]
    lines += [f"# FY{item['fiscal_year']}: {item['status'].upper()}; inputs: {item['inputs']}; prior year: {item['prior_year_entitlement']}" for item in sources]
    lines += [f"# omitted {key}: {value}" for key, value in omitted.items()]
    lines += ["", "Statewide totals per year", _money_text(totals, units)]
    entitlement = wide_form(run, {year: (tables[year][0][["town_code", "town", "ecs_entitlement"]], {}) for year in run.years})
    lines += ["", "ECS entitlement per town and year (every column: --format csv; a row per town: --layout wide)", _money_text(entitlement, {c: "currency-USD" for c in entitlement.columns if "|" in c})]
    return "\n".join(lines) + "\n"


def _unit(system, column: str):
    name = column.split("|")[0]
    return system.get_variable(name).unit if name in system.variables and name != "ecs_engl_per_capita" else None


def _with_totals(table: pandas.DataFrame, totals: pandas.DataFrame) -> pandas.DataFrame:
    """The long form with a TOTAL row after each year's towns."""
    parts = []
    for year, group in table.groupby("fiscal_year", sort=True):
        total = totals[totals["fiscal_year"] == year].iloc[0].to_dict()
        total_row = {column: total[column] for column in group.columns if column in total}
        parts += [group, pandas.DataFrame([{**total_row, "town": "TOTAL"}])]
    return pandas.concat(parts, ignore_index=True)[table.columns]


def _money_text(frame: pandas.DataFrame, units: dict) -> str:
    shown = frame.copy()
    for column in shown.columns:
        if units.get(column) == "currency-USD" or units.get(column.split("|")[0]) == "currency-USD":
            shown[column] = shown[column].map(lambda value: "" if pandas.isna(value) else f"{value:,.0f}")
    return shown.to_string(index=False)


def _plain_records(frame: pandas.DataFrame, units: dict) -> list:
    records = []
    for row in frame.to_dict("records"):
        records.append({key: (int(round(value)) if units.get(key) == "currency-USD" else value.item() if hasattr(value, "item") else value) for key, value in row.items()})
    return records


def chart(totals: pandas.DataFrame, projection_years, title: str, source: str, fmt: str = "png") -> bytes:
    """The statewide total per year, one line per scenario (``totals``: fiscal_year, scenario, value); projected years shaded."""
    plt = charts.pyplot()
    figure, axis = plt.subplots(figsize=(11, 5.2))
    for scenario, group in totals.groupby("scenario", sort=False):
        group = group.sort_values("fiscal_year")
        axis.plot(group["fiscal_year"], group["value"], marker="o", label=scenario)
    projected = sorted(projection_years)
    if projected:
        axis.axvspan(projected[0] - 0.5, projected[-1] + 0.5, color="#999999", alpha=0.15, label="PROJECTION (inputs projected)")
    years = sorted(totals["fiscal_year"].unique())
    axis.set_xticks(years)
    axis.set_xticklabels([f"FY{year}" for year in years], rotation=45, fontsize=8)
    charts.dollar_axis(axis)
    axis.set_ylabel("statewide total")
    axis.set_title(title, fontsize=10)
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    charts._source(figure, source)
    return charts._bytes(plt, figure, fmt)

def render_comparison(comparison, fmt: str, metadata: dict, layout: str | None = None) -> str:
    """A :class:`~openfisca_ct_education.workbench.multi_year.YearsComparison` as table, Markdown, CSV or JSON
    text, or the bytes of an ``xlsx`` workbook."""
    from openfisca_ct_education.reports import compare as compare_report

    sources = [comparison.sources[year].metadata() for year in comparison.years]
    cumulative = comparison.cumulative()
    if fmt == "xlsx":
        from openfisca_ct_education.reports import workbooks, xlsx

        return xlsx.workbook(workbooks.years_sheets(comparison, metadata))
    if fmt == "json":
        by_year = {str(year): json.loads(compare_report.as_json(comparison.by_year[year], sources[index])) for index, year in enumerate(comparison.years)}
        return json.dumps(
            {
                **metadata,
                "years": sources,
                "statewide_by_year": compare_report._records(comparison.statewide),
                "cumulative": compare_report._records(cumulative),
                "by_year": by_year,
            },
            indent=2,
        ) + "\n"
    if fmt == "csv":
        frames = []
        for year, source in zip(comparison.years, sources):
            table = compare_report.csv_table(comparison.by_year[year])
            frames.append(table.assign(fiscal_year=year, status=source["status"], prior_year=comparison.sources[year].prior))
        if layout == "wide":
            return _wide_comparison(frames).to_csv(index=False, lineterminator="\n")
        table = pandas.concat(frames, ignore_index=True)
        money = [column for column in table.columns if fiscal.kind(column) == "dollars"]  # never a sum of percents
        window = f"FY{comparison.years[0]}-FY{comparison.years[-1]}"
        total = table[table["town"] == "TOTAL"][money].sum()
        cumulative_row = {"fiscal_year": window, "status": "cumulative", "town": f"TOTAL {window}", **total.to_dict()}
        table = pandas.concat([table, pandas.DataFrame([cumulative_row])], ignore_index=True)
        first = ["fiscal_year", "status", "prior_year", "town_code", "town"]
        table = table[first + [column for column in table.columns if column not in first]]
        for column in money:
            table[column] = table[column].round().astype("Int64")
        return table.to_csv(index=False, lineterminator="\n")
    markdown = fmt == "markdown"
    heading = (lambda text: f"\n## {text}\n") if markdown else (lambda text: f"\n== {text} ==")
    names = ", ".join(scenario.name for scenario in comparison.scenarios)
    lines = [f"# Comparison, FY{comparison.years[0]}-FY{comparison.years[-1]}: current law against {names}" if markdown else f"Comparison, FY{comparison.years[0]}-FY{comparison.years[-1]}"]
    lines += [f"- {key}: {value}" if markdown else f"# {key}: {value}" for key, value in metadata.items()]
    lines += [
        (f"- FY{item['fiscal_year']}: **{item['status'].upper()}**; " if markdown else f"# FY{item['fiscal_year']}: {item['status'].upper()}; ")
        + f"inputs: {item['inputs']}; prior year: {item['prior_year_entitlement']}"
        for item in sources
    ]
    lines += compare_report.edits_lines(comparison.by_year[comparison.years[0]], heading, markdown)
    shown = comparison.statewide.copy()
    for column in ("baseline", "value", "difference", "cumulative_difference"):
        shown[column] = shown[column].map(lambda value: f"{value:,.0f}")
    lines += [heading("Statewide per year (difference = scenario - current law)"), _table(shown, markdown)]
    cumulative = cumulative[["window", "variable", "scenario", "baseline", "value", "difference"]].copy()
    for column in ("baseline", "value", "difference"):
        cumulative[column] = cumulative[column].map(lambda value: f"{value:,.0f}")
    lines += [heading("Cumulative over the window"), _table(cumulative, markdown)]
    changes = _entitlement_changes(comparison)
    lines += [heading("Change of each town's ECS entitlement per year (towns that change; all columns: --format csv)")]
    lines.append(_table(changes, markdown) if not changes.empty else "(none)")
    return "\n".join(lines) + "\n"


def _table(frame: pandas.DataFrame, markdown: bool) -> str:
    return frame.to_markdown(index=False) if markdown else frame.to_string(index=False)


def _entitlement_changes(comparison) -> pandas.DataFrame:
    frames = []
    for scenario in comparison.scenarios:
        column = difference_column("ecs_entitlement", scenario.name)
        part = None
        for year in comparison.years:
            towns = comparison.by_year[year].towns
            if column not in towns:
                continue
            label = f"FY{year}" + (" (projection)" if comparison.sources[year].is_projection else "")
            values = towns.set_index("town")[column].rename(label)
            part = values.to_frame() if part is None else part.join(values)
        if part is None:
            continue
        part = part[(part != 0).any(axis=1)]
        part = part.map(lambda value: f"{value:+,.0f}" if value else "0").reset_index()
        frames.append(part.assign(scenario=scenario.name)[["scenario", "town"] + [c for c in part.columns if c not in ("town", "scenario")]])
    return pandas.concat(frames, ignore_index=True) if frames else pandas.DataFrame()


def _wide_comparison(frames) -> pandas.DataFrame:
    wide = None
    for frame in frames:
        year = frame["fiscal_year"].iloc[0]
        label = f"FY{year}" + ("|projection" if frame["status"].iloc[0] == "projection" else "")
        part = frame.drop(columns=[name for name in ("fiscal_year", "status", "prior_year", "drg") if name in frame]).set_index(["town_code", "town"])
        part = part.rename(columns=lambda name: f"{name}|{label}")
        wide = part if wide is None else wide.join(part, how="outer")
    return wide.reset_index()


def comparison_chart(comparison, fmt: str = "png") -> bytes:
    """The statewide ECS entitlement per year, current law and each scenario."""
    rows = []
    entitlement = comparison.statewide[comparison.statewide["variable"] == "ecs_entitlement"]
    for year, group in entitlement.groupby("fiscal_year"):
        rows.append({"fiscal_year": year, "scenario": "current law", "value": group["baseline"].iloc[0]})
        rows += [{"fiscal_year": year, "scenario": row.scenario, "value": row.value} for row in group.itertuples()]
    projected = [year for year in comparison.years if comparison.sources[year].is_projection]
    title = f"Statewide ECS entitlement per year, FY{comparison.years[0]}-FY{comparison.years[-1]}"
    return chart(pandas.DataFrame(rows), projected, title, _source_text(comparison.sources, comparison.years), fmt)

def run_chart(run, fmt: str = "png") -> bytes:
    """The statewide ECS entitlement per year of a run (current law)."""
    rows = [{"fiscal_year": year, "scenario": "current law", "value": run.simulations[year].calculate("ecs_entitlement", str(year)).sum()} for year in run.years]
    projected = [year for year in run.years if run.sources[year].is_projection]
    title = f"Statewide ECS entitlement per year, FY{run.years[0]}-FY{run.years[-1]}"
    return chart(pandas.DataFrame(rows), projected, title, _source_text(run.sources, run.years), fmt)


def _source_text(sources, years) -> str:
    """The chart's source line: the package, and where the projected and chained years come from."""
    from importlib.metadata import version

    parts = [f"Source: openfisca-ct-education {version('openfisca-ct-education')}"]
    projected = [sources[year] for year in years if sources[year].is_projection]
    if projected:
        parts.append(f"FY{projected[0].year}-FY{projected[-1].year} are projections: {projected[0].inputs.projection}")
    chained = [sources[year] for year in years if sources[year].prior == "chained"]
    if chained:
        parts.append(f"FY{chained[0].year} onward chained from FY{chained[0].chain_start} (each year from the model's previous year)")
    return "; ".join(parts) + "."

def mark_csv(text: str, source) -> str:
    """A one-year CSV of a projected or chained year with ``status`` and ``prior_year`` columns in front (every row
    marked); any other year's CSV as it is."""
    if not source.marked:
        return text
    rows = list(csv.reader(io.StringIO(text)))
    marks = [source.metadata()["status"], source.prior]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["status", "prior_year"] + rows[0])
    writer.writerows(marks + row for row in rows[1:])
    return out.getvalue()


def render_comparison_run(run, fmt: str, metadata: dict, sort: str = "change", columns=None, layout: str | None = None):
    """A :class:`~openfisca_ct_education.workbench.comparison_run.ComparisonRun` as ``fmt``, whichever door asked
    (``compare`` and the web workbench): a window through :func:`render_comparison`; one year through the
    comparison's own report, a projected or chained year's CSV marked (:func:`mark_csv`)."""
    if run.window:
        return render_comparison(run.comparison, fmt, metadata, layout=layout)
    from openfisca_ct_education.reports import compare as compare_report

    content = compare_report.render(run.comparison, fmt, metadata, sort, columns, run.files)
    return mark_csv(content, run.source) if fmt == "csv" else content


def render_comparison_run_chart(run, metadata: dict, fmt: str) -> bytes:
    """The chart of a :class:`~openfisca_ct_education.workbench.comparison_run.ComparisonRun`, whichever door
    asked: a window's statewide total per year and scenario (:func:`comparison_chart`), one year's change per
    town (:func:`openfisca_ct_education.reports.charts.comparison_chart`)."""
    if run.window:
        return comparison_chart(run.comparison, fmt)
    return charts.comparison_chart(run.comparison, metadata, fmt)
