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


#: C.G.S. 10-262h(a): for FY2018 an alliance district is entitled to its base grant amount, its FY2017 grant.
#: The published FY2018 amounts are after the November 2017 holdbacks; the grant before them is the FY2017 one.
BEFORE_HOLDBACKS = {2018: 2017}


def alliance_rule_from_record(history: pandas.DataFrame, designations: pandas.DataFrame, years, before_holdbacks: bool = True) -> pandas.DataFrame:
    """The alliance grant as CSDE describes it, straight from the records, independently of the model.

    ``designations`` is the shipped ``district_designations.csv`` (first fiscal year designated);
    ``history`` the published entitlements (town_code x fiscal_year). For each designated town and
    year: max(0, entitlement - entitlement of FY2012), or of FY2022 for districts first designated for FY2023.
    FY2018: the entitlement before the holdbacks (10-262h(a)(1): the base grant amount = the FY2017 grant),
    unless ``before_holdbacks`` is false (then the amount paid).
    """
    first = designations.set_index("town_code")["alliance_first_designated_fy"]
    rows = []
    for year in years:
        source = BEFORE_HOLDBACKS.get(year, year) if before_holdbacks else year
        for code, first_year in first.dropna().items():
            if first_year <= year:
                base = 2022 if first_year >= 2023 else 2012
                rows.append((year, code, max(0, int(history.loc[code, source]) - int(history.loc[code, base]))))
    return pandas.DataFrame(rows, columns=["fiscal_year", "town_code", "rule"])


def _alliance_notes(by_town: pandas.DataFrame, history: pandas.DataFrame, designations: pandas.DataFrame, stated) -> list:
    """Notes that locate the deviations from the report: FY2018 before and after the holdbacks; the FY2023 cohort's base year."""
    notes = []
    years = sorted(by_town["fiscal_year"].unique())
    if 2018 in years:
        model = by_town.loc[by_town["fiscal_year"] == 2018, "alliance_district_grant"].sum()
        paid = alliance_rule_from_record(history, designations, [2018], before_holdbacks=False)["rule"].sum()
        figure = stated.get(2018)
        notes.append(
            f"- FY2018: the grant is computed on the grants of C.G.S. 10-262h(a) before the November 2017 holdbacks (an "
            f"alliance district's base grant amount, its FY2017 grant), as CSDE computes its FY2018 figure: "
            f"${model:,}. On the amounts paid after the holdbacks it would be ${paid:,} (${model - paid:+,}); the "
            "holdbacks fall on the non-alliance portion. "
            + ("The report's copy in the sources omits its FY2018 figure (table not converted), so it is not compared."
               if figure is None else f"Against the report's ${figure:,}: ${model - figure:+,}.")
        )
    last = max(years)
    first = designations.set_index("town_code")["alliance_first_designated_fy"]
    late = first[first >= 2023].index
    if last in stated.index and len(late):
        rows = by_town[(by_town["fiscal_year"] == last) & by_town["town_code"].isin(late)].set_index("town_code")
        on_fy2012 = (rows["ecs_entitlement"] - history.loc[rows.index, 2012]).clip(lower=0).astype("int64")
        # the districts of that cohort with no increase over FY2022 (model grant 0) but an increase over FY2012
        extra = on_fy2012.where(rows["alliance_district_grant"] == 0, 0)
        named = [f"{rows.town[code]} ${extra[code]:,} (its FY{last} entitlement - its FY2012 entitlement)" for code in rows.index if extra[code] > 0]
        if named:
            total = by_town.loc[by_town["fiscal_year"] == last, "alliance_district_grant"].sum()
            notes.append(
                f"- FY{last}: the statute's base year for the districts first designated for FY2023 is FY2022 (C.G.S. "
                f"10-262u(c)); the model keeps it, so a district of that cohort below its FY2022 entitlement has no grant. "
                f"On an FY2012 base: {', '.join(named)}. The model's total plus this is ${total + extra.sum():,}, "
                f"${total + extra.sum() - stated[last]:+,} from the report's ${stated[last]:,} (which rounds to $0.1M): "
                "CSDE's figure equals the FY2012-base amount for it. The statute is kept; the deviation is listed here."
            )
    return notes


def alliance_rule_deviations(by_town: pandas.DataFrame, rule: pandas.DataFrame) -> pandas.DataFrame:
    """Towns and years where the model's grant differs from the rule applied to the records (or one side is missing)."""
    model = by_town[by_town["is_alliance_district"] | (by_town["alliance_district_grant"] != 0)]
    merged = model.merge(rule, on=["fiscal_year", "town_code"], how="outer")
    merged["model"] = merged["alliance_district_grant"].fillna(-1).astype("int64")
    merged["rule"] = merged["rule"].fillna(-1).astype("int64")
    merged["town"] = merged["town"].fillna(merged["town_code"].astype(str))
    return merged[merged["model"] != merged["rule"]][["fiscal_year", "town_code", "town", "model", "rule"]]


def alliance_markdown(by_town: pandas.DataFrame, report_figures: pandas.DataFrame, rule_deviations: pandas.DataFrame, notes=()) -> str:
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
            "per-town grants; the statute's rule is kept."
        )
    lines += list(notes)
    lines += [
        "",
        "## Towns whose grant differs from the base-year rule applied to the published entitlements",
        "",
    ]
    if rule_deviations.empty:
        lines.append(
            "None: for every town and year the model's grant equals max(0, entitlement - base-year entitlement) "
            "(FY2018: the entitlement before the holdbacks, 10-262h(a))."
        )
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
    last = max(years)  # the latest year on the formula; the earlier ones on the entitlements CSDE published
    by_town = alliance_by_year(years, lambda year: simulation.build_year(year, history=history, on_record=year < last))
    published = history.copy()
    computed_2026 = by_town[by_town["fiscal_year"] == 2026].set_index("town_code")["ecs_entitlement"]
    published[2026] = computed_2026.reindex(published.index)  # the rule on the model's FY2026 entitlements
    designations = inputs.read_designations().reset_index()
    rule = alliance_rule_from_record(published, designations, years)
    deviations = alliance_rule_deviations(by_town, rule)
    figures = pandas.read_csv(inputs.SHIPPED_ALLIANCE_REPORT_FIGURES)
    notes = _alliance_notes(by_town, published, designations, figures.set_index("fiscal_year")["statewide_alliance_grant"])
    text = alliance_markdown(by_town, figures, deviations, notes)
    return by_town, deviations, text


def write_alliance_report(directory) -> Path:
    """Write ``reconciliation_alliance.md`` and ``reconciliation_alliance.csv`` (every town and year)."""
    by_town, _, text = alliance_report()
    directory = output_directory(directory)
    write_atomically(directory / "reconciliation_alliance.csv", by_town.to_csv(index=False, lineterminator="\n"))
    write_atomically(directory / "reconciliation_alliance.md", text)
    return directory / "reconciliation_alliance.md"
