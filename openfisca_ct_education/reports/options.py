"""The command line's fiscal-note options: the workbook, the table's columns, the sort, the chart and the map.

Declared here once (:func:`add_options`) and checked before anything is computed (:func:`check`): an
unknown ``--sort`` or ``--map-value`` (argparse's choices), a picture or workbook path whose suffix the
format cannot write, or whose folder does not exist, stops with one message and exit status 2, nothing
written. The pictures are drawn in memory (:func:`pictures`) and written with the other outputs.
"""

from __future__ import annotations

from pathlib import Path

from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.reports import charts, fiscal, maps
from openfisca_ct_education.reports import years as years_report

XLSX = "xlsx"


def add_options(parser, command: str) -> None:
    """The options of ``command`` (run, compare, reconcile) that shape its fiscal-note outputs."""
    if command in ("run", "compare"):
        parser.add_argument("--columns", type=_names, metavar="NAME,NAME,...", help="the columns of the table (--format table/markdown), by their CSV names")
        parser.add_argument("--wide", action="store_true", help="every column in the table (default: a narrow table of the key columns)")
    if command == "compare":
        parser.add_argument("--sort", choices=fiscal.SORTS, default="change", help="order of the towns: ECS change in dollars, percent, per resident student (largest first), or town code (default: %(default)s)")
        parser.add_argument("--chart", type=Path, metavar="FILE.png|svg|pdf", help="draw the change per town of every scenario (ECS; paid to the boards of education), sorted, on shared axes")
        parser.add_argument("--map", type=Path, metavar="FILE.png|svg", help="draw a map of the 169 towns coloured by the change in ECS grant")
        parser.add_argument("--map-value", choices=tuple(maps.VALUES), default="difference", help="what the map shows: dollars, percent or dollars per resident student (default: %(default)s)")
    if command == "reconcile":
        parser.add_argument("--format", choices=("markdown", XLSX), default="markdown", help="markdown: the CSV and Markdown report (default); xlsx: a workbook")


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def columns(args):
    """The table's columns: ``"all"`` (``--wide``), the names given (``--columns``), or None (the narrow default)."""
    if getattr(args, "wide", False) and getattr(args, "columns", None):
        raise InputDataError("--wide and --columns: give one (--wide shows every column).")
    return "all" if getattr(args, "wide", False) else getattr(args, "columns", None)


def check(args) -> None:
    """Refuse, before computing, an output the options cannot write (see the module docstring)."""
    fmt = getattr(args, "format", None)
    output = getattr(args, "output", None)
    if fmt == XLSX and args.command != "reconcile":
        if output is None:
            raise InputDataError("--format xlsx writes a workbook: give --output FILE.xlsx.")
        _suffix(output, "--output", (".xlsx",))
    if getattr(args, "chart", None) is not None:
        charts.image_format(args.chart, charts.FORMATS, "--chart")
    if getattr(args, "map", None) is not None:
        if getattr(args, "years", None) is not None:
            raise InputDataError("--map draws one fiscal year: give --year (with --years, --chart draws the statewide total per year).")
        charts.image_format(args.map, maps.FORMATS, "--map")
    for option in ("output", "chart", "map"):
        path = getattr(args, option, None)
        if path is not None and not Path(path).parent.is_dir():
            raise InputDataError(f"--{option} {path}: the folder {Path(path).parent} does not exist.")
    if getattr(args, "columns", None) is not None and fmt not in ("table", "markdown"):
        raise InputDataError(f"--columns chooses the columns of the table; --format {fmt} has every column.")


def _suffix(path, option: str, suffixes) -> None:
    if Path(path).suffix.lower() not in suffixes:
        raise InputDataError(f"{option} {path}: --format xlsx writes an Excel workbook; give a file ending in {', '.join(suffixes)}.")


def pictures(args, run, metadata: dict) -> list[tuple]:
    """(path, bytes) of the chart and the map asked for of a comparison run (a map: one year), drawn in memory."""
    drawn = []
    if getattr(args, "chart", None) is not None:
        drawn.append((args.chart, years_report.render_comparison_run_chart(run, metadata, charts.image_format(args.chart))))
    if getattr(args, "map", None) is not None:
        drawn.append((args.map, maps.comparison_map(run.comparison, args.map_value, metadata, charts.image_format(args.map, maps.FORMATS, "--map"))))
    return drawn
