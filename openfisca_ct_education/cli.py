"""The ``ct-education`` command: run the ECS formula for every town, reconcile with published figures.

    ct-education run (--year 2026 | --years 2019-2027) [--data FILE] [--chain-from FY] [--projected-inputs FY=FILE ...]
                     [--assumptions FILE.yaml] [--wide] [--chart FILE.png] [--format table|csv|json] [--output FILE]
    ct-education reconcile (--year 2026 | --years 2019-2027) [--data FILE] [--output-dir DIR]
    ct-education explain --town NAME_OR_CODE --year 2026 --variable NAME [SCENARIO OPTIONS]
                         [--depth N] [--format text|markdown|json] [--output FILE] [--data FILE]
    ct-education compare (--year 2026 | --years 2027-2030) [SCENARIO OPTIONS] [--format ...] [--chart FILE] [--output FILE]
    ct-education sweep (--year 2026 | --years 2027-2030) --set PARAMETER=START:STOP:STEP [--set ...] [--reform NAME]
                       [--target NAME=VALUE@FY] [--towns] [--jobs N] [--yes] [--format ...] [--output FILE]

    SCENARIO OPTIONS (the same for compare and explain): --reform, --scenario, --set, --parameters, --staged

A user mistake (a bad file, a bad edit, a year the law does not cover) prints one message naming the
file, row, column, parameter or year, and exits with status 2; nothing is half-written, and no
output path that is an input, a device or a pipe is ever replaced (data/output_files.py).
"""

from __future__ import annotations

import argparse
import gc
import os
import shlex
import sys
from importlib.metadata import version
from pathlib import Path

from openfisca_core.errors import ParameterNotFoundError, SituationParsingError

from openfisca_ct_education import PERIOD_CONVENTION
from openfisca_ct_education.data import output_files
from openfisca_ct_education.data.provenance import DataSources, files_with_vintage
from openfisca_ct_education.data.inputs import (
    DATA_DIR,
    FORMULA_YEARS,
    SHIPPED_ENTITLEMENT_HISTORY,
    SHIPPED_YEARS,
    file_sha256,
    read_entitlement_history,
    read_formula_inputs,
)
from openfisca_ct_education.data.projection import HELD_CONSTANT, read_assumptions
from openfisca_ct_education.engine import years as fiscal_years
from openfisca_ct_education.engine.simulation import build_simulation, current_law
from openfisca_ct_education.errors import InputDataError, message_of
from openfisca_ct_education.reports import charts
from openfisca_ct_education.reports import compare as compare_report
from openfisca_ct_education.reports import explain as explain_render
from openfisca_ct_education.reports import options as output_options
from openfisca_ct_education.reports import run as report
from openfisca_ct_education.reports import sweep as sweep_report
from openfisca_ct_education.reports import years as years_report
from openfisca_ct_education.audit import reconcile_years
from openfisca_ct_education.workbench import comparison_run, scenarios
from openfisca_ct_education.reports.workbooks import reconciliation_workbook
from openfisca_ct_education.workbench.reform_loader import short_names



def _year(text: str) -> int:
    digits = text.strip()[2:] if text.strip()[:2].upper() == "FY" else text.strip()  # FY2026 is 2026
    if not (digits.isascii() and digits.isdigit() and len(digits) == 4):
        raise argparse.ArgumentTypeError(f"{text!r} is not a fiscal year (e.g. 2026 or FY2026 = 2025-26)")
    year = int(digits)
    if year not in SHIPPED_YEARS and year not in FORMULA_YEARS:
        raise argparse.ArgumentTypeError(
            f"FY{year} is not covered: FY{SHIPPED_YEARS[0]}-FY{SHIPPED_YEARS[-1]} on the shipped data (the formula from "
            f"FY{FORMULA_YEARS[0]}; the phase-down schedule of C.G.S. 10-262h ends in FY{FORMULA_YEARS[-1]})"
        )
    return year


def _years(text: str) -> range:
    try:
        return fiscal_years.parse_year_range(text)
    except InputDataError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _year_file(text: str) -> tuple:
    year, equals, path = text.partition("=")
    if not equals or not year.strip().isdigit() or not path.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write FY=FILE, e.g. 2029=inputs_fy2029.csv")
    return _year(year.strip()), Path(path.strip())


def _add_year_options(command, chart_help: str | None = None) -> None:
    """--year or --years, and where the years' inputs and prior-year entitlements come from (engine/years.py)."""
    when = command.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", type=_year, help=YEAR_HELP)
    when.add_argument("--years", type=_years, help="a range of fiscal years, e.g. 2019-2027 or 2027-2034")
    command.add_argument("--data", type=Path, help="formula-inputs CSV for --year (default: the shipped file for the year)")
    command.add_argument(
        "--chain-from",
        type=_year,
        metavar="FY",
        help="start a chain in this formula year: every later year starts from the model's own previous year "
        "(default: run keeps the published prior year to FY2027 and chains the out-years from FY2027; "
        "compare --years chains from the window's first year)",
    )
    command.add_argument(
        "--projected-inputs",
        type=_year_file,
        action="append",
        default=[],
        metavar="FY=FILE",
        help="your own formula-inputs CSV for a fiscal year (repeatable), e.g. projected inputs for an out-year",
    )
    command.add_argument("--assumptions", type=Path, help="YAML growth rates per input column for projected years (default: the latest inputs held constant)")
    command.add_argument(
        "--layout",
        choices=("long", "wide"),
        help="with --years and --format csv: long (a row per town and year, the default) or wide (a row per town, a column per variable and year)",
    )
    if chart_help:
        command.add_argument("--chart", type=Path, metavar="FILE.png|svg|pdf", help=chart_help)


def _sources(args) -> dict:
    """Keyword arguments of engine/years.py's run_years from the year options (each checked against the others)."""
    if args.years is None and args.layout is not None:
        raise InputDataError("--layout goes with --years (a range of fiscal years).")
    if args.years is not None and (getattr(args, "wide", False) or getattr(args, "columns", None)):
        raise InputDataError("--wide and --columns choose the columns of one year's table; with --years use --format csv (--layout wide for a row per town).")
    data = dict(args.projected_inputs)
    if args.data is not None:
        if args.years is not None:
            raise InputDataError("--data is for one --year; with --years give each year's file as --projected-inputs FY=FILE.")
        data[args.year] = args.data
    projection = read_assumptions(args.assumptions) if args.assumptions is not None else HELD_CONSTANT
    return {"chain_from": args.chain_from, "data": data, "projection": projection}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ct-education", description="Connecticut education-finance law (OpenFisca).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('openfisca-ct-education')}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="compute every town's ECS grant for a fiscal year or a range of years")
    _add_year_options(run, "with --years: draw the statewide total per year")
    run.add_argument("--format", choices=report.FORMATS, default="table", help=FORMAT_HELP)
    run.add_argument("--output", type=Path, help="write to this file instead of standard output")
    output_options.add_options(run, "run")

    rec = commands.add_parser("reconcile", help="compare computed entitlements with the published ones")
    rec_when = rec.add_mutually_exclusive_group()
    rec_when.add_argument("--year", type=_year, default=2026, help="fiscal year to reconcile with the published entitlements (default: 2026)")
    rec_when.add_argument("--years", type=_years, help="every formula year of a range in one report, e.g. 2019-2027")
    rec.add_argument("--data", type=Path, help="formula-inputs CSV (default: the shipped file for the year)")
    rec.add_argument("--output-dir", type=Path, default=Path("reports"), help="folder for the CSV and Markdown report")
    rec.add_argument(
        "--alliance",
        action="store_true",
        help="reconcile the alliance district grant FY2013-FY2026 instead (shipped data)",
    )
    output_options.add_options(rec, "reconcile")

    cmp = commands.add_parser("compare", help="current law against reforms and parameter edits, for every town", formatter_class=_HelpFormatter)
    _add_year_options(cmp)  # --chart (fiscal-note options): the change per town (--year) or the statewide total per year per scenario (--years)
    _scenario_options(cmp, "a scenario")
    cmp.add_argument("--format", choices=compare_report.FORMATS, default="table", help=FORMAT_HELP)
    cmp.add_argument("--output", type=Path, help="write to this file instead of standard output")
    output_options.add_options(cmp, "compare")

    exp = commands.add_parser("explain", help="every step, input and parameter behind one town's figure, with citations", formatter_class=_HelpFormatter)
    exp.add_argument("--town", required=True, help="town name (e.g. Ansonia) or CSDE town code")
    exp.add_argument("--year", type=_year, required=True, help=YEAR_HELP)
    exp.add_argument("--variable", required=True, help="variable to explain (e.g. ecs_entitlement; a reform's own variable with its --reform)")
    _scenario_options(exp, "the scenario explained (one)")
    exp.add_argument("--depth", type=_depth, help="levels of steps below the figure (default: all)")
    exp.add_argument("--format", choices=explain_render.FORMATS, default="text", help=FORMAT_HELP)
    exp.add_argument("--output", type=Path, help="write to this file instead of standard output")
    exp.add_argument("--data", type=Path, help="formula-inputs CSV (default: the shipped file for the year)")

    swp = commands.add_parser("sweep", help="a fiscal year under many parameter values: statewide totals per variant, or a goal-seek")
    swept_years = swp.add_mutually_exclusive_group(required=True)
    swept_years.add_argument("--year", type=_year, help="fiscal year (2026 = 2025-26)")
    swept_years.add_argument("--years", type=_years, help="a window of fiscal years, e.g. 2027-2030, chained from its first formula year")
    sweep_report.add_arguments(swp)

    web = commands.add_parser("web", help="serve the drafter's workbench page and the web API (gunicorn, hardened)")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    web.add_argument("--port", type=_port, default=8000, help="port (default: 8000)")
    web.add_argument("--workers", type=_port, help="gunicorn workers (default: one per core)")
    return parser


YEAR_HELP = "fiscal year: 2026 or FY2026 (= 1 July 2025 to 30 June 2026)"
FORMAT_HELP = "output format (default: %(default)s)"


REFORM_NAMES = "{reform names}"


class _HelpFormatter(argparse.HelpFormatter):
    """Lists the package's reforms in --help only when help is shown (finding them imports every reform module)."""

    def _expand_help(self, action):
        text = super()._expand_help(action)
        return text.replace(REFORM_NAMES, ", ".join(short_names())) if REFORM_NAMES in text else text


def _scenario_options(parser, what: str) -> None:
    """The scenario options, the same for compare and explain (one declaration)."""
    parser.add_argument(
        "--reform",
        action="append",
        default=[],
        help=f"{what}: a reform, or several joined by + (repeatable in compare: scenarios side by side); "
        f"a dotted path to a Reform class or one of: {REFORM_NAMES}",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PARAMETER=VALUE[@FY]",
        help="a parameter edit in every scenario: a plain decimal number or true/false, from fiscal year FY (or a date YYYY-MM-DD); repeatable",
    )
    parser.add_argument(
        "--parameters",
        type=Path,
        action="append",
        default=[],
        help="a YAML or JSON file of parameter edits (path: value, or path: {FY: value}); repeatable: the files are merged, "
        "a parameter edited twice from the same date is an error",
    )
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="[TITLE=]FILE",
        help="a named scenario: a YAML file with title, bill, description, reforms and parameters (repeatable)",
    )
    parser.add_argument(
        "--as-if-in-force",
        action="store_true",
        help="apply the Opportunity Network reforms to this year as if already in force (the default)",
    )
    parser.add_argument(
        "--staged",
        action="store_true",
        help="keep the reforms' effective fiscal year (Recommendation 5): before it, current law applies",
    )


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def _depth(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a depth (a whole number, 0 or more)")
    return int(text)


def _explain(args) -> str:
    from openfisca_ct_education.audit import explain  # each command imports what only it needs: `run` starts faster

    scenario = None
    if args.reform or args.set or args.parameters or args.scenario:
        scenario_list, _ = scenarios.from_options(args.reform, args.set, args.parameters, args.scenario)
        if len(scenario_list) > 1:
            raise InputDataError(
                f"explain follows one scenario, not {len(scenario_list)}: join reforms with + (a+b) in one --reform, or give one --scenario."
            )
        scenario = scenario_list[0]
    as_if_in_force = not args.staged
    explanation = explain.explain(args.town, args.year, args.variable, (), args.depth, args.data, scenario, as_if_in_force)
    return explain_render.render(explanation, args.format)


def _compare(args) -> str:
    scenario_list, _ = scenarios.from_options(args.reform, args.set, args.parameters, args.scenario)
    years = list(args.years) if args.years is not None else [args.year]
    run = comparison_run.run_comparison(years, scenario_list, as_if_in_force=not args.staged, command=args.command_line, **_sources(args))
    text = years_report.render_comparison_run(run, args.format, run.metadata, args.sort, output_options.columns(args), args.layout)
    return text, output_options.pictures(args, run, run.metadata)


def _run(args) -> str:
    sources = _sources(args)
    if args.years is not None:
        run = fiscal_years.run_years(args.years, **sources)
        system = run.simulations[run.years[0]].tax_benefit_system
        metadata = {"fiscal_years": f"{args.years[0]}-{args.years[-1]}", "period_convention": PERIOD_CONVENTION, "package_version": version("openfisca-ct-education")}
        pictures = [(args.chart, years_report.run_chart(run, charts.image_format(args.chart)))] if args.chart is not None else []
        return years_report.render(run, system, args.format, metadata, layout=args.layout), pictures
    if args.chart is not None:
        raise InputDataError("--chart goes with --years for run (the statewide total per year).")
    run = fiscal_years.run_years([args.year], **sources)
    source, simulation = run.sources[args.year], run.simulations[args.year]
    formula_year = source.kind != "record"
    inputs = source.inputs
    omitted = {}
    frame = report.town_table(
        simulation,
        args.year,
        report.run_variables(simulation.tax_benefit_system, formula_year),
        optional=report.DESIGNATION_AND_GRANT_VARIABLES,
        omitted=omitted,
    )
    frame = report.with_per_pupil(frame)
    metadata = {
        "fiscal_year": args.year,
        "period_convention": PERIOD_CONVENTION,
        "entitlement": "computed by the ECS formula (C.G.S. 10-262f, 10-262h)" if formula_year else "published by CSDE (entitlement of record)",
        "data": str(inputs.source.name if args.data is None else inputs.source) if formula_year else "ecs_entitlements_by_town_fy2001_2026.csv",
        "data_sha256": inputs.sha256 if formula_year else file_sha256(SHIPPED_ENTITLEMENT_HISTORY),
        **source.output_metadata(),
        "package_version": version("openfisca-ct-education"),
        "command": args.command_line,
    }
    metadata.update({f"omitted {name}": reason for name, reason in omitted.items()})
    files = files_with_vintage(DataSources(inputs, args.year).files())
    text = report.render(frame, simulation.tax_benefit_system, args.format, metadata, output_options.columns(args), files)
    return years_report.mark_csv(text, source) if args.format == "csv" else text


def _sweep(args) -> str:
    return sweep_report.command(args, {"period_convention": PERIOD_CONVENTION, "command": args.command_line})


def _reconcile(args) -> str:
    from openfisca_ct_education.audit import reconciliation

    if args.alliance:
        path = reconciliation.write_alliance_report(args.output_dir)
        return f"alliance district grant FY2013-FY2026 reconciled; report: {path}\n"
    if args.years is not None:
        paths, counts = reconcile_years.write_report(args.years, args.output_dir)
        return "; ".join(f"FY{year}: {exact} of 169 exact" for year, exact in counts.items()) + f"; report: {', '.join(str(path) for path in paths)}\n"
    inputs = read_formula_inputs(args.data, args.year)
    simulation = build_simulation(args.year, inputs)
    frame = reconciliation.reconcile(simulation, args.year, read_entitlement_history())
    facts = reconciliation.summary(frame)
    if args.format == output_options.XLSX:
        metadata = {"fiscal_year": args.year, "period_convention": PERIOD_CONVENTION, "package_version": version("openfisca-ct-education"), "command": args.command_line}
        workbook = reconciliation_workbook(frame, facts, metadata, files_with_vintage(DataSources(inputs, args.year).files()))
        paths = [args.output_dir / f"reconciliation_fy{args.year}.xlsx"]
        output_files.output_directory(args.output_dir)
        _write(paths[0], workbook)
    else:
        paths = reconciliation.write_report(frame, args.year, args.output_dir, inputs.source.name)
    return (
        f"FY{args.year}: {facts['exact']} of {facts['towns']} towns exact to the dollar; "
        f"largest difference ${facts['largest_absolute_difference']:,}"
        + (f" ({facts['largest_difference_town']})" if facts["largest_difference_town"] else "")
        + f"; report: {', '.join(str(path) for path in paths)}\n"
    )


def console() -> None:
    """The ``ct-education`` script: :func:`main` without the cyclic garbage collector, then the process ends at once.

    A command is a short-lived process whose objects are freed by reference counting; the collector's
    passes over the loaded system, and tearing the interpreter's modules down at exit (pandas, numpy,
    the tax-benefit system), were about a fifth of ``ct-education run`` (benchmarks/results.md).
    Everything is written and flushed before the process ends.
    """
    gc.disable()
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _write(path, content) -> None:
    """Write text or bytes (a workbook, a picture) to ``path``, all or nothing."""
    if isinstance(content, bytes):
        output_files.write_atomically_with(path, lambda target: Path(target).write_bytes(content))
    else:
        output_files.write_atomically(path, content)


def _inputs(args) -> list:
    """(role, path) of every file the command reads that an output must not replace."""
    inputs = [("--data file", getattr(args, "data", None))]
    inputs += [("--parameters file", path) for path in getattr(args, "parameters", [])]
    inputs += [("scenario file", scenarios.parse_scenario_option(text)[1]) for text in getattr(args, "scenario", [])]
    inputs += [("--projected-inputs file", path) for _, path in getattr(args, "projected_inputs", [])]
    inputs += [("--assumptions file", getattr(args, "assumptions", None))]
    inputs += [("package's data file", path) for path in sorted(DATA_DIR.glob("*.csv"))]
    return inputs


def _outputs(args) -> list:
    """(option, path) of every file the command writes."""
    outputs = [(f"--{option}", getattr(args, option, None)) for option in ("output", "chart", "map")]
    paths = [path for _, path in outputs if path is not None]
    if len(paths) != len(set(paths)):
        raise InputDataError("Two outputs have the same path: give --output, --chart and --map different files.")
    if args.command == "reconcile":
        output_files.check_output_directory(args.output_dir)  # before the years are computed
        names = ["reconciliation_alliance.csv", "reconciliation_alliance.md"] if args.alliance else [f"reconciliation_fy{args.year}.{suffix}" for suffix in ("csv", "md", "xlsx")]
        outputs += [("--output-dir", args.output_dir / name) for name in names]
    return outputs


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser().parse_args(argv)
    if args.command == "web":
        from openfisca_ct_education.web import serve

        serve.serve(args.host, args.port, args.workers)
    args.command_line = shlex.join(["ct-education", *argv])
    try:
        output_files.check_not_an_input(_outputs(args), _inputs(args))
        output_options.check(args)
        result = {"run": _run, "reconcile": _reconcile, "explain": _explain, "compare": _compare, "sweep": _sweep}[args.command](args)
        text, pictures = result if isinstance(result, tuple) else (result, [])
        output = getattr(args, "output", None)
        if output is None:
            sys.stdout.write(text)
        else:
            _write(output, text)
        for path, picture in pictures:
            _write(path, picture)
    except (InputDataError, SituationParsingError, ParameterNotFoundError) as error:
        parameters = current_law().parameters if isinstance(error, ParameterNotFoundError) else None  # only its message reads the law
        print(f"ct-education: error: {message_of(error, parameters)}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"ct-education: error: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
