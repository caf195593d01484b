"""Charts a fiscal note can use (matplotlib, Agg), as PNG, SVG or PDF.

* :func:`comparison_chart`: for every scenario, the change of each of the 169 towns' ECS grant, sorted, on
  one value axis shared by the scenarios; below, the change of what the boards of education are paid,
  as a second, labelled chart on its own shared axis.
* :func:`statewide_by_year_chart`: the statewide total per fiscal year per scenario (year ranges).

Every figure carries its title, the units of its axes, the statewide total and a source line (package
version, command, data file and hash), so that it stands on its own when pasted into a note. The drawing
functions take the numbers they draw, never a simulation.
"""

from __future__ import annotations

import dataclasses
import io
import math
import textwrap
from pathlib import Path

import numpy
import pandas

from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.reports import fiscal
from openfisca_ct_education.workbench.compare import BASELINE, Comparison, difference_column

#: What ``--chart`` can write (file suffix -> matplotlib format).
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
GAIN, LOSS, NEUTRAL, SOURCE = "#2166ac", "#b2182b", "#7f7f7f", "#444444"
#: Largest gains and losses named in each panel.
NAMED = 5


@dataclasses.dataclass(frozen=True)
class Panel:
    """One panel: each town's change (index: town name; dollars), its title, and the group whose value axis it shares."""

    title: str
    changes: pandas.Series
    group: str


def pyplot():
    """matplotlib's pyplot on the Agg backend (no display needed), dollar signs taken as text, not as math."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["text.parse_math"] = False
    from matplotlib import pyplot

    return pyplot


def dollars(value: float, _position=None, step: float = 0) -> str:
    """$2.46B, $9.8M, $350k, $800; negative with a minus sign. ``step``: the spacing of an axis's ticks,
    for as many more decimals as it takes to tell them apart ($2.455B, $2.460B)."""
    sign, value = ("-" if value < 0 else ""), abs(value)
    for size, suffix, decimals in ((1e9, "B", 2), (1e6, "M", 1), (1e3, "k", 0)):
        if value >= size:
            if step > 0:
                decimals = max(decimals, math.ceil(-math.log10(step / size) - 1e-9))
            return f"{sign}${value / size:,.{decimals}f}{suffix}"
    return f"{sign}${value:,.0f}"


def dollar_axis(axis) -> None:
    """The y-axis of ``axis`` (plotted already) in dollars, each tick with the decimals its spacing needs."""
    from matplotlib.ticker import FuncFormatter

    ticks = axis.get_yticks()
    step = float(numpy.diff(ticks).min()) if len(ticks) > 1 else 0.0
    axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _position=None: dollars(value, step=step)))


def signed_dollars(value: float, _position=None) -> str:
    return ("+" if value > 0 else "") + dollars(value)


def source_line(metadata: dict) -> str:
    """The figure's source: package version, command, data file and hash, the period convention."""
    parts = [f"Source: openfisca-ct-education {metadata.get('package_version', '')}".rstrip()]
    if metadata.get("command"):
        parts.append(f"`{metadata['command']}`")
    if metadata.get("data"):
        digest = metadata.get("data_sha256", "")
        parts.append(f"data {metadata['data']}" + (f" (sha256 {digest[:12]})" if digest else ""))
    year = metadata.get("fiscal_year")
    if year:
        parts.append(f"FY{year} = July {int(year) - 1} - June {year}")
    return "; ".join(parts) + "."


def image_format(path, formats=FORMATS, option: str = "--chart") -> str:
    """The format of an output picture from its suffix; an error naming what ``option`` can write."""
    suffix = Path(path).suffix.lower()
    if suffix not in formats:
        raise InputDataError(f"{option} {path}: cannot write a {suffix or 'file without a suffix'}; give a file ending in {', '.join(formats)}.")
    return formats[suffix]


def comparison_chart(comparison: Comparison, metadata: dict, fmt: str = "png") -> bytes:
    """The change per town of every scenario (ECS, then paid to the boards of education), as a file's bytes."""
    towns = fiscal.with_boards_total(comparison).set_index("town")
    panels = []
    for measure, group, what in ((fiscal.ECS, "ecs", "ECS grant"), (fiscal.BOARDS, "boards", "Paid to the boards of education")):
        for scenario in comparison.scenarios:
            changes = towns[difference_column(measure, scenario.name)]
            base, total = towns[f"{measure}|{BASELINE}"].sum(), changes.sum()
            panels.append(
                Panel(
                    f"{what}: {scenario.name} against {BASELINE}\n"
                    f"statewide {total:+,.0f} dollars ({dollars(base)} -> {dollars(base + total)}"
                    + (f", {total / base:+.2%}" if base else "")
                    + ")",
                    changes,
                    group,
                )
            )
    title = f"Change in ECS grant by town, FY{comparison.year}, and in what the boards of education are paid (C.G.S. 10-262f, 10-262h, 10-262u)"
    return town_change_chart(panels, title, source_line(metadata), fmt)


def town_change_chart(panels: list[Panel], title: str, source: str, fmt: str = "png") -> bytes:
    """Per panel, every town's change sorted from the largest loss to the largest gain, on a value axis shared by
    the panels of its group; how many towns gain and lose and the largest changes named in the panel."""
    plt = pyplot()
    from matplotlib.ticker import FuncFormatter

    figure, axes = plt.subplots(len(panels), 1, figsize=(11, 3.5 * len(panels) + 1.2), squeeze=False)
    limits = {}
    for panel in panels:
        low, high = limits.get(panel.group, (0.0, 0.0))
        limits[panel.group] = (min(low, float(panel.changes.min())), max(high, float(panel.changes.max())))
    for axis, panel in zip(axes[:, 0], panels):
        changes = panel.changes.sort_values(kind="stable")
        axis.bar(numpy.arange(len(changes)), changes.to_numpy(), width=0.85, color=numpy.where(changes > 0, GAIN, numpy.where(changes < 0, LOSS, NEUTRAL)))
        axis.axhline(0, color="black", linewidth=0.6)
        low, high = limits[panel.group]
        if low == high == 0:
            axis.set_ylim(-1, 1)
            axis.set_yticks([0])
        else:
            pad = 0.15 * (high - low)
            axis.set_ylim(low - (pad if low < 0 else 0.02 * pad), high + (pad if high > 0 else 0.02 * pad))
        axis.set_xlim(-1, len(changes))
        axis.yaxis.set_major_formatter(FuncFormatter(signed_dollars))
        axis.set_xticks([])
        axis.set_xlabel(f"the {len(changes)} towns, sorted by change", fontsize=8)
        axis.set_ylabel("change per town (dollars)", fontsize=8)
        axis.tick_params(labelsize=8)
        axis.grid(axis="y", alpha=0.3)
        axis.set_title("\n".join(textwrap.fill(line, 120) for line in panel.title.split("\n")), fontsize=9.5, loc="left")
        _describe(axis, changes)
    figure.suptitle(textwrap.fill(title, 110), fontsize=12, x=0.01, ha="left", fontweight="bold")
    _source(figure, source)
    figure.tight_layout(rect=(0, 0.035, 1, 0.97))
    return _bytes(plt, figure, fmt)


def _describe(axis, changes: pandas.Series) -> None:
    """A box in the panel's emptier corner: how many towns gain and lose, and the largest gains and losses."""
    gains, losses = changes[changes > 0].nlargest(NAMED), changes[changes < 0].nsmallest(NAMED)
    lines = [f"{int((changes > 0).sum())} towns gain, {int((changes < 0).sum())} lose, {int((changes == 0).sum())} unchanged"]
    if len(gains):
        lines.append("largest gains: " + ", ".join(f"{town} {signed_dollars(value)}" for town, value in gains.items()))
    if len(losses):
        lines.append("largest losses: " + ", ".join(f"{town} {signed_dollars(value)}" for town, value in losses.items()))
    x, y, ha, va = (0.01, 0.97, "left", "top") if changes.max() >= -changes.min() else (0.99, 0.03, "right", "bottom")
    box = {"boxstyle": "round", "facecolor": "white", "edgecolor": "#cccccc", "alpha": 0.9}
    axis.text(x, y, "\n".join(lines), transform=axis.transAxes, ha=ha, va=va, fontsize=7.5, bbox=box)


def statewide_by_year_chart(totals: pandas.DataFrame, title: str, value_label: str, source: str, fmt: str = "png") -> bytes:
    """``totals``: one row per fiscal year (index), one column per scenario, current law first, in dollars. A line
    per scenario over the years; each scenario's cumulative difference from current law over the window in the legend."""
    plt = pyplot()
    baseline = totals.columns[0]
    figure, axis = plt.subplots(figsize=(9, 4.8))
    for index, scenario in enumerate(totals.columns):
        cumulative = "" if index == 0 else f" (cumulative {float((totals[scenario] - totals[baseline]).sum()):+,.0f} dollars)"
        axis.plot(totals.index, totals[scenario], marker="o", linewidth=2.2 if index == 0 else 1.6, label=f"{scenario}{cumulative}")
    dollar_axis(axis)
    axis.set_xticks(list(totals.index), [f"FY{year}" for year in totals.index])
    axis.set_xlabel(f"fiscal year (FY{totals.index[0]} = July {totals.index[0] - 1} - June {totals.index[0]})", fontsize=8)
    axis.set_ylabel(value_label, fontsize=8)
    axis.tick_params(labelsize=8)
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8, loc="best")
    axis.set_title(textwrap.fill(title, 90), fontsize=11, loc="left", fontweight="bold")
    _source(figure, source)
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    return _bytes(plt, figure, fmt)


def _source(figure, source: str) -> None:
    figure.text(0.01, 0.005, textwrap.fill(source, 190), fontsize=7, color=SOURCE, ha="left", va="bottom")


def _bytes(plt, figure, fmt: str) -> bytes:
    """The figure as the bytes of a ``fmt`` file (no timestamp in PNG, so that a drawing is reproducible)."""
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format=fmt, dpi=120, metadata={"Software": None} if fmt == "png" else None)
    finally:
        plt.close(figure)
    return buffer.getvalue()
