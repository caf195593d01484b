"""Reconciliation of the model's entitlements with the published ones: town, published, computed, difference."""

from __future__ import annotations

from pathlib import Path

import pandas

from openfisca_ct_education.data.output_files import output_directory, write_atomically


def reconcile(simulation, year: int, history: pandas.DataFrame) -> pandas.DataFrame:
    """Per town: the published entitlement for ``year``, the model's, and model minus published."""
    if year not in history.columns:
        raise ValueError(f"No published entitlements for FY{year} to reconcile with.")
    codes = simulation.calculate("town_code", "ETERNITY")
    frame = pandas.DataFrame(
        {
            "town_code": codes,
            "town": list(simulation.populations["town"].ids),
            "published": history[year].reindex(codes).to_numpy(),
            "computed": simulation.calculate("ecs_entitlement", str(year)),
        }
    )
    frame["difference"] = frame["computed"] - frame["published"]
    for column in ("published", "computed", "difference"):
        frame[column] = frame[column].round().astype("int64")
    return frame


def summary(frame: pandas.DataFrame) -> dict:
    deviations = frame[frame["difference"] != 0]
    largest = frame.loc[frame["difference"].abs().idxmax()]
    return {
        "towns": len(frame),
        "exact": int((frame["difference"] == 0).sum()),
        "deviating": len(deviations),
        "largest_absolute_difference": int(abs(largest["difference"])),
        "largest_difference_town": largest["town"] if len(deviations) else None,
        "published_total": int(frame["published"].sum()),
        "computed_total": int(frame["computed"].sum()),
    }


def markdown(frame: pandas.DataFrame, year: int, data_source: str) -> str:
    """The report in Markdown: the summary, then every town whose figure differs."""
    facts = summary(frame)
    lines = [
        f"# Reconciliation of FY{year} ECS entitlements",
        "",
        f"Computed by the model (C.G.S. 10-262f, 10-262h) from `{data_source}`, against the entitlements "
        "CSDE published (`ecs_entitlements_by_town_fy2001_2026.csv`). Difference = computed - published.",
        "Where the two disagree the model keeps the statute; each deviation is listed here with its size.",
        "",
        f"- Towns: {facts['towns']}",
        f"- Exact to the dollar: {facts['exact']}",
        f"- Deviating: {facts['deviating']}",
        f"- Largest absolute difference: ${facts['largest_absolute_difference']:,}"
        + (f" ({facts['largest_difference_town']})" if facts["largest_difference_town"] else ""),
        f"- Statewide: published ${facts['published_total']:,}, computed ${facts['computed_total']:,}, "
        f"difference ${facts['computed_total'] - facts['published_total']:+,}",
        "",
        "| town code | town | published | computed | difference |",
        "|---:|---|---:|---:|---:|",
    ]
    deviations = frame[frame["difference"] != 0]
    lines += [
        f"| {row.town_code} | {row.town} | {row.published:,} | {row.computed:,} | {row.difference:+,} |"
        for row in deviations.itertuples()
    ]
    if deviations.empty:
        lines.append("| | (none) | | | |")
    return "\n".join(lines) + "\n"


def alliance_by_year(years, build) -> pandas.DataFrame:
    """Per town and fiscal year: the entitlement, the alliance district grant and the non-alliance portion.

    ``build(year)`` returns the simulation of a year (as ``simulation.build_simulation`` does).
    """
    frames = []
    for year in years:
        simulation = build(year)
        period = str(year)
        frames.append(
            pandas.DataFrame(
                {
                    "fiscal_year": year,
                    "town_code": simulation.calculate("town_code", "ETERNITY"),
                    "town": list(simulation.populations["town"].ids),
                    "is_alliance_district": simulation.calculate("is_alliance_district", period),
                    "ecs_entitlement": simulation.calculate("ecs_entitlement", period).round().astype("int64"),
                    "alliance_district_grant": simulation.calculate("alliance_district_grant", period).round().astype("int64"),
                    "ecs_non_alliance_portion": simulation.calculate("ecs_non_alliance_portion", period).round().astype("int64"),
                }
            )
        )
    return pandas.concat(frames, ignore_index=True)


def alliance_rule_from_record(history: pandas.DataFrame, designations: pandas.DataFrame, years) -> pandas.DataFrame:
    """The alliance grant as CSDE describes it, straight from the records, independently of the model.

    ``designations`` is the shipped ``district_designations.csv`` (first fiscal year designated);
    ``history`` the published entitlements (town_code x fiscal_year). For each designated town and
    year: max(0, entitlement - entitlement of FY2012), or of FY2022 for districts first designated for FY2023.
    """
    first = designations.set_index("town_code")["alliance_first_designated_fy"]
    rows = []
    for year in years:
        for code, first_year in first.dropna().items():
            if first_year <= year:
                base = 2022 if first_year >= 2023 else 2012
                rows.append((year, code, max(0, int(history.loc[code, year]) - int(history.loc[code, base]))))
    return pandas.DataFrame(rows, columns=["fiscal_year", "town_code", "rule"])


def alliance_rule_deviations(by_town: pandas.DataFrame, rule: pandas.DataFrame) -> pandas.DataFrame:
    """Towns and years where the model's grant differs from the rule applied to the records (or one side is missing)."""
    model = by_town[by_town["is_alliance_district"] | (by_town["alliance_district_grant"] != 0)]
    merged = model.merge(rule, on=["fiscal_year", "town_code"], how="outer")
    merged["model"] = merged["alliance_district_grant"].fillna(-1).astype("int64")
    merged["rule"] = merged["rule"].fillna(-1).astype("int64")
    merged["town"] = merged["town"].fillna(merged["town_code"].astype(str))
    return merged[merged["model"] != merged["rule"]][["fiscal_year", "town_code", "town", "model", "rule"]]


def alliance_markdown(by_town: pandas.DataFrame, report_figures: pandas.DataFrame, rule_deviations: pandas.DataFrame) -> str:
    """The alliance reconciliation: statewide totals by year against the CSDE report, and every deviation."""
    totals = by_town.groupby("fiscal_year").agg(
        districts=("is_alliance_district", "sum"),
        entitlement=("ecs_entitlement", "sum"),
        alliance=("alliance_district_grant", "sum"),
        non_alliance=("ecs_non_alliance_portion", "sum"),
    )
    stated = report_figures.set_index("fiscal_year")["statewide_alliance_grant"]
    lines = [
        "# Reconciliation of the alliance district grant, FY2013-FY2026",
        "",
        "The model's alliance district grant (C.G.S. 10-262u(c): the entitlement above the base-year entitlement, "
        "base FY2012 for districts first designated for FY2013 or FY2018, FY2022 for FY2023) on the published "
        "entitlements (the FY2026 entitlement computed by the formula), against the totals the CSDE report on the "
        "Alliance District program (February 2026) states.",
        "",
        "| FY | alliance districts | ECS entitlement | alliance grant | share of ECS | non-alliance portion | CSDE report | model - report |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for year, row in totals.iterrows():
        figure = stated.get(year)
        lines.append(
            f"| {year} | {row.districts} | {row.entitlement:,} | {row.alliance:,} | {row.alliance / row.entitlement:.1%} | "
            f"{row.non_alliance:,} | {'' if figure is None else f'{figure:,}'} | "
            f"{'' if figure is None else f'{row.alliance - figure:+,}'} |"
        )
    last = totals.index.max()
    zero = by_town[(by_town["fiscal_year"] == last) & by_town["is_alliance_district"] & (by_town["alliance_district_grant"] == 0)]
    lines += ["", "The CSDE report rounds its figures to $0.1M. Known reasons for a deviation:", ""]
    if 2024 in totals.index:
        lines.append(
            "- FY2024-FY2025: CSDE carved an Educational Diversity set-aside (about $4.28M statewide) out of the "
            "alliance increase; its rate and per-town amounts are not in the package's sources, so the model's grant "
            f"includes it (FY2024: model ${totals.alliance[2024] / 1e6:,.2f}M - $4.28M = "
            f"${(totals.alliance[2024] - 4.28e6) / 1e6:,.2f}M)."
        )
    if last in stated.index:
        difference = totals.alliance[last] - stated[last]
        lines.append(
            f"- FY{last}: the model's total is ${abs(difference) / 1e6:,.1f}M ({abs(difference) / stated[last]:.2%}) "
            f"{'below' if difference < 0 else 'above'} the report's ${stated[last] / 1e6:,.1f}M. The model's FY{last} "
            f"entitlements are the formula's (see reconciliation_fy{last}.md); {len(zero)} alliance district(s) "
            f"({', '.join(zero['town'])}) have no increase over their base year. The report does not list its "
            "per-town grants, so the difference cannot be located further; the statute's rule is kept."
        )
    lines += [
        "",
        "## Towns whose grant differs from the base-year rule applied to the published entitlements",
        "",
    ]
    if rule_deviations.empty:
        lines.append("None: for every town and year the model's grant equals max(0, entitlement - base-year entitlement).")
    else:
        lines += ["| FY | town | model | rule | difference |", "|---:|---|---:|---:|---:|"]
        lines += [
            f"| {row.fiscal_year} | {row.town} | {row.model:,} | {row.rule:,} | {row.model - row.rule:+,} |"
            for row in rule_deviations.itertuples()
        ]
    return "\n".join(lines) + "\n"


def write_report(frame: pandas.DataFrame, year: int, directory, data_source: str) -> list:
    """Write ``reconciliation_fy{year}.csv`` (every town) and ``.md`` (summary and deviations)."""
    directory = output_directory(directory)
    csv_path = directory / f"reconciliation_fy{year}.csv"
    md_path = directory / f"reconciliation_fy{year}.md"
    csv_text = frame.to_csv(index=False, lineterminator="\n")
    md_text = markdown(frame, year, data_source)
    write_atomically(csv_path, csv_text)
    write_atomically(md_path, md_text)
    return [csv_path, md_path]


def alliance_report(years=range(2013, 2027)):
    """The alliance reconciliation on the shipped data: (per town and year, deviations from the rule, Markdown)."""
    from openfisca_ct_education.data import inputs
    from openfisca_ct_education.engine import simulation

    history = inputs.read_entitlement_history()
    by_town = alliance_by_year(years, lambda year: simulation.build_simulation(year, history=history))
    published = history.copy()
    computed_2026 = by_town[by_town["fiscal_year"] == 2026].set_index("town_code")["ecs_entitlement"]
    published[2026] = computed_2026.reindex(published.index)  # the rule on the model's FY2026 entitlements
    rule = alliance_rule_from_record(published, inputs.read_designations().reset_index(), years)
    deviations = alliance_rule_deviations(by_town, rule)
    text = alliance_markdown(by_town, pandas.read_csv(inputs.SHIPPED_ALLIANCE_REPORT_FIGURES), deviations)
    return by_town, deviations, text


def write_alliance_report(directory) -> Path:
    """Write ``reconciliation_alliance.md`` and ``reconciliation_alliance.csv`` (every town and year)."""
    by_town, _, text = alliance_report()
    directory = output_directory(directory)
    write_atomically(directory / "reconciliation_alliance.csv", by_town.to_csv(index=False, lineterminator="\n"))
    write_atomically(directory / "reconciliation_alliance.md", text)
    return directory / "reconciliation_alliance.md"
