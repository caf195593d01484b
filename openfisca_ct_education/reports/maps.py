"""A map of the 169 towns (a choropleth) of a comparison: the change in ECS grant per town, in dollars, percent or per pupil.

Drawn with matplotlib polygon patches on the shipped town boundaries (``data/ct_town_boundaries.geojson``,
read by :mod:`openfisca_ct_education.data.town_boundaries`): no geographic library and no network. The
colour scale diverges at zero (blue: the town gains; red: it loses; white: unchanged), the legend names the
units, the largest changes are labelled on the map, and the title gives the statewide figure.
"""

from __future__ import annotations

import math
import textwrap

import numpy
import pandas

from openfisca_ct_education.data.town_boundaries import read_town_boundaries
from openfisca_ct_education.reports import fiscal
from openfisca_ct_education.reports.charts import _bytes, _source, pyplot, signed_dollars, source_line
from openfisca_ct_education.workbench.compare import BASELINE, Comparison, difference_column

#: What ``--map`` can write (file suffix -> matplotlib format).
FORMATS = {".png": "png", ".svg": "svg"}
#: ``--map-value``: the column of :func:`fiscal.town_figures`, its legend, and how a value is written.
VALUES = {
    "difference": (lambda name: difference_column(fiscal.ECS, name), "change in ECS grant (dollars per town)", signed_dollars),
    "pct": (lambda name: fiscal.percent_column(fiscal.ECS, name), "change in ECS grant (percent of current law's grant)", lambda value, _=None: f"{value:+.1f}%"),
    "per-pupil": (
        lambda name: fiscal.per_pupil_column(fiscal.ECS, name),
        "change in ECS grant per resident student (dollars)",
        lambda value, _=None: f"{'+' if value > 0 else '-' if value < 0 else ''}${abs(value):,.0f}",
    ),
}
#: Towns named on each map: the largest changes in absolute value.
LABELLED = 6
#: Latitude of the middle of Connecticut: the map's east-west scale (equirectangular projection).
MIDDLE_LATITUDE = 41.6


def comparison_map(comparison: Comparison, value: str, metadata: dict, fmt: str = "png") -> bytes:
    """One map per scenario of the change in ECS grant (``value``: a key of :data:`VALUES`), as a file's bytes."""
    figures = fiscal.town_figures(comparison, "town")
    statewide = fiscal.statewide_row(figures)
    maps = []
    for scenario in comparison.scenarios:
        column, legend, writer = VALUES[value]
        if column(scenario.name) not in figures:
            from openfisca_ct_education.errors import InputDataError

            raise InputDataError(f"--map-value {value}: FY{comparison.year} has no student counts (a year of record); use --map-value difference.")
        total = statewide[difference_column(fiscal.ECS, scenario.name)]
        base = statewide[f"{fiscal.ECS}|{BASELINE}"]
        title = (
            f"Change in ECS grant by town, FY{comparison.year}: {scenario.name} against {BASELINE}\n"
            f"statewide {total:+,.0f} dollars ({total / base:+.2%})" + (f", {writer(statewide[column(scenario.name)])} {_per(value)}" if value == "per-pupil" else "")
        )
        maps.append((title, figures.set_index("town_code")[column(scenario.name)], legend, writer))
    return choropleth(maps, source_line(metadata), fmt)


def _per(value: str) -> str:
    return "per resident student" if value == "per-pupil" else ""


def choropleth(maps: list[tuple], source: str, fmt: str = "png") -> bytes:
    """``maps``: (title, values by town code, legend, value writer) per map, drawn one under the other."""
    plt = pyplot()
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import Normalize
    from matplotlib.patches import Polygon
    from matplotlib.ticker import FuncFormatter

    towns = read_town_boundaries()
    codes = [code for code, town in towns.items() for _ in town.rings]
    everything = numpy.concatenate([ring for town in towns.values() for ring in town.rings])
    figure, axes = plt.subplots(len(maps), 1, figsize=(11, 7.4 * len(maps) + 0.4), squeeze=False)
    for axis, (title, values, legend, writer) in zip(axes[:, 0], maps):
        data = values.reindex(codes).to_numpy(dtype=float)
        bound = float(numpy.nanmax(numpy.abs(data))) if numpy.isfinite(data).any() else 0.0
        patches = PatchCollection(
            [Polygon(ring, closed=True) for town in towns.values() for ring in town.rings],
            cmap="RdBu",
            norm=Normalize(-(bound or 1.0), bound or 1.0),
            edgecolor="#555555",
            linewidth=0.3,
        )
        patches.set_array(numpy.nan_to_num(data))
        axis.add_collection(patches)
        axis.set_xlim(everything[:, 0].min() - 0.02, everything[:, 0].max() + 0.02)
        axis.set_ylim(everything[:, 1].min() - 0.02, everything[:, 1].max() + 0.02)
        axis.set_aspect(1 / math.cos(math.radians(MIDDLE_LATITUDE)))
        axis.set_axis_off()
        colorbar = figure.colorbar(patches, ax=axis, orientation="horizontal", fraction=0.045, pad=0.02, shrink=0.7, format=FuncFormatter(writer))
        colorbar.set_label(legend + ("; no town changes" if bound == 0 else "; blue: gains, red: losses"), fontsize=9)
        if bound == 0:
            colorbar.set_ticks([0])
        colorbar.ax.tick_params(labelsize=8)
        _label_largest(axis, values, towns, writer)
        axis.set_title("\n".join(textwrap.fill(line, 100) for line in title.split("\n")), fontsize=11, loc="left")
    _source(figure, source)
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    return _bytes(plt, figure, fmt)


def _label_largest(axis, values: pandas.Series, towns: dict, writer) -> None:
    """Name the towns of the largest changes (absolute value) at the middle of their largest polygon."""
    changed = values[(values != 0) & values.notna()]
    for code in changed.abs().nlargest(LABELLED).index:
        ring = max(towns[code].rings, key=len)
        axis.annotate(
            f"{towns[code].name}\n{writer(values[code])}",
            (ring[:, 0].mean(), ring[:, 1].mean()),
            ha="center",
            va="center",
            fontsize=7,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
