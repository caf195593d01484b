"""Charts made from the model's own output, written as PNG files at build time (matplotlib, Agg).

One function per chart; each takes the numbers it draws and a path, and writes one PNG. The
functions that compute numbers from the model (:func:`town_values`, :func:`share_of_ecs_by_town`)
run a simulation of the shipped data, so a chart can never show other figures than the model.

Hook for the Alliance grant chart (the CSDE report's figure "Alliance grant as a share of ECS, by
town, FY2013 against FY2026"): :func:`share_of_ecs_by_town` takes the name of the variable to chart.
Once the model has the variable ``alliance_district_grant`` (with its FY2013 amounts of record as
inputs, like the ECS history), :data:`ALLIANCE_GRANT_VARIABLE` names it and the chart appears on
the Charts page with no other change. Until then the page says the chart is waiting for it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy  # noqa: E402
import pandas  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

# HOOK: the variable charted as a share of ECS by town (see the module docstring).
ALLIANCE_GRANT_VARIABLE = "alliance_district_grant"
ALLIANCE_GRANT_YEARS = (2013, 2026)

COLORS = {"earlier": "#9bb7d4", "later": "#1f4e79", "highlight": "#c0504d", "other": "#7f7f7f"}


def _save(figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return path


def _dollars(value, _position=None) -> str:
    if abs(value) >= 1e6:
        return f"${value / 1e6:,.0f}M"
    if abs(value) >= 1e3:
        return f"${value / 1e3:,.0f}k"
    return f"${value:,.0f}"


def parameter_changed(history: list[tuple[str, object]]) -> bool:
    """True when a parameter took more than one value over time (a timeline is then worth drawing)."""
    values = {value for _, value in history if value is not None}
    return len(values) > 1


def parameter_timeline(history: list[tuple[str, object]], unit: str | None, title: str, path: Path) -> Path:
    """A small step chart of a parameter's values against their effective dates."""
    dates = [datetime.date.fromisoformat(date) for date, _ in history]
    values = [numpy.nan if value is None else float(value) for _, value in history]
    end = dates[-1].replace(year=dates[-1].year + 2)
    figure, axis = plt.subplots(figsize=(6, 2.2))
    axis.step(dates + [end], values + [values[-1]], where="post", color=COLORS["later"], linewidth=2)
    axis.plot(dates, values, "o", color=COLORS["later"], markersize=4)
    axis.set_title(title, fontsize=10)
    axis.set_xlabel("effective date (a value applies until the next one)", fontsize=8)
    if unit == "currency-USD":
        axis.yaxis.set_major_formatter(FuncFormatter(_dollars))
    elif unit == "/1":
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value * 100:g}%"))
    axis.tick_params(labelsize=8)
    axis.grid(True, alpha=0.3)
    axis.set_ylim(bottom=min(0, numpy.nanmin(values)))
    return _save(figure, path)


def town_values(simulation, variables_by_period: dict[str, tuple[str, str]]) -> pandas.DataFrame:
    """A frame of one row per town: ``column -> (variable, period)`` computed by the simulation."""
    frame = pandas.DataFrame({"town": list(simulation.populations["town"].ids)})
    for column, (variable, period) in variables_by_period.items():
        frame[column] = simulation.calculate(variable, period)
    return frame


def paired_town_chart(frame: pandas.DataFrame, earlier: str, later: str, title: str, path: Path, as_share: bool = False) -> Path:
    """Horizontal bars, two per town (``earlier`` and ``later`` columns), towns sorted by ``later``."""
    frame = frame.sort_values(later)
    positions = numpy.arange(len(frame))
    figure, axis = plt.subplots(figsize=(7, 0.22 * len(frame) + 1.2))
    axis.barh(positions + 0.2, frame[earlier], height=0.4, color=COLORS["earlier"], label=earlier)
    axis.barh(positions - 0.2, frame[later], height=0.4, color=COLORS["later"], label=later)
    axis.set_yticks(positions, frame["town"], fontsize=7)
    axis.xaxis.set_major_formatter(FuncFormatter((lambda value, _: f"{value * 100:g}%") if as_share else _dollars))
    axis.tick_params(axis="x", labelsize=8)
    axis.set_ylim(-0.7, len(frame) - 0.3)
    axis.set_title(title, fontsize=10)
    axis.legend(fontsize=8, loc="lower right")
    axis.grid(True, axis="x", alpha=0.3)
    return _save(figure, path)


def change_by_town_chart(frame: pandas.DataFrame, earlier: str, later: str, highlight: str, title: str, path: Path) -> Path:
    """Every town's percent change from ``earlier`` to ``later``, sorted; towns where ``highlight`` is true in red."""
    change = (frame[later] - frame[earlier]) / frame[earlier].where(frame[earlier] != 0) * 100
    frame = frame.assign(change=change).sort_values("change").reset_index(drop=True)
    colors = numpy.where(frame[highlight], COLORS["highlight"], COLORS["later"])
    figure, axis = plt.subplots(figsize=(7, 3))
    axis.bar(frame.index, frame["change"], color=colors, width=0.9)
    axis.set_xticks([])
    axis.set_xlabel(f"{len(frame)} towns, sorted by change", fontsize=8)
    axis.set_ylabel("change (%)", fontsize=8)
    axis.axhline(0, color="black", linewidth=0.6)
    axis.set_title(title, fontsize=10)
    axis.tick_params(labelsize=8)
    handles = [plt.Rectangle((0, 0), 1, 1, color=COLORS[key]) for key in ("highlight", "later")]
    axis.legend(handles, [highlight.replace("_", " "), "other towns"], fontsize=8, loc="upper left")
    axis.grid(True, axis="y", alpha=0.3)
    return _save(figure, path)


def distribution_chart(values: numpy.ndarray, markers: dict[str, float], title: str, xlabel: str, path: Path) -> Path:
    """A histogram of one value over the towns, with labelled vertical lines (e.g. minimums)."""
    figure, axis = plt.subplots(figsize=(7, 2.8))
    axis.hist(values, bins=40, color=COLORS["later"])
    for index, (label, value) in enumerate(markers.items()):
        axis.axvline(value, color=COLORS["highlight"], linestyle="--", linewidth=1)
        axis.text(value, axis.get_ylim()[1] * (0.92 - 0.1 * index), f" {label}", fontsize=8, color=COLORS["highlight"])
    axis.set_title(title, fontsize=10)
    axis.set_xlabel(xlabel, fontsize=8)
    axis.set_ylabel("towns", fontsize=8)
    axis.tick_params(labelsize=8)
    axis.grid(True, axis="y", alpha=0.3)
    return _save(figure, path)


def share_of_ecs_by_town(simulation, variable_name: str, years: tuple[int, int], path: Path) -> Path | None:
    """``variable_name`` as a share of the ECS entitlement, by town, in two fiscal years (the Alliance hook).

    Returns ``None`` (and draws nothing) while the model has no variable ``variable_name``. The
    simulation must be able to give the variable and ``ecs_entitlement`` for both years (earlier
    years as inputs of record). Towns where the variable is zero in both years are left out.
    """
    if variable_name not in simulation.tax_benefit_system.variables:
        return None
    earlier, later = (f"FY{year}" for year in years)
    frame = pandas.DataFrame({"town": list(simulation.populations["town"].ids)})
    for label, year in zip((earlier, later), years):
        grant = simulation.calculate(variable_name, str(year))
        ecs = simulation.calculate("ecs_entitlement", str(year))
        frame[label] = numpy.divide(grant, ecs, out=numpy.zeros_like(grant, dtype=float), where=ecs != 0)
    frame = frame[(frame[earlier] != 0) | (frame[later] != 0)]
    label = simulation.tax_benefit_system.variables[variable_name].label.split(":")[0]
    title = f"{label} as a share of the ECS grant, by town: {earlier} and {later}"
    return paired_town_chart(frame, earlier, later, title, path, as_share=True)
