"""Reconciliation of the model's entitlements with the published ones: town, published, computed, difference."""

from __future__ import annotations

import pandas

from openfisca_ct_education.report import write_atomically


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


def write_report(frame: pandas.DataFrame, year: int, directory, data_source: str) -> list:
    """Write ``reconciliation_fy{year}.csv`` (every town) and ``.md`` (summary and deviations)."""
    from pathlib import Path

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    csv_path = directory / f"reconciliation_fy{year}.csv"
    md_path = directory / f"reconciliation_fy{year}.md"
    csv_text = frame.to_csv(index=False, lineterminator="\n")
    md_text = markdown(frame, year, data_source)
    write_atomically(csv_path, csv_text)
    write_atomically(md_path, md_text)
    return [csv_path, md_path]
