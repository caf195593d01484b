"""``ct-education sweep``: its options, its progress bar, and its tables (the formats of ``run``).

    ct-education sweep --year 2026 --set cgs_10_262f.foundation=11000:13000:500
    ct-education sweep --year 2026 --set cgs_10_262f.foundation=10000:14000:1 --target statewide_entitlement=2700000000@2026

One row per variant: the swept values, then the statewide total of each money and student column of
``run`` (``--towns``: one row per variant and town). With ``--target``, the two neighbouring values of
the one ``--set`` between which the statewide figure crosses the target.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import pandas

from openfisca_ct_education.engine.simulation import current_law, has_formula_inputs
from openfisca_ct_education.reports.run import _is_summed, _plain, _text_formatter, run_variables

FORMATS = ("table", "csv", "json")
#: Sweeps of more variants than this show a progress bar on standard error (when it is a terminal).
PROGRESS_FROM = 20


def add_arguments(parser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        required=True,
        metavar="PARAMETER=START:STOP:STEP|V1,V2,...[@FY]",
        help="a swept parameter: a range (STOP included) or a list of values; several --set: every combination",
    )
    parser.add_argument("--reform", help="sweep on top of a reform (short name or dotted path; a+b combines)")
    parser.add_argument(
        "--target",
        metavar="NAME=VALUE[@FY]",
        help="goal-seek: the values of the one --set between which a statewide figure (e.g. statewide_entitlement) crosses VALUE",
    )
    parser.add_argument("--towns", action="store_true", help="one row per variant and town (default: statewide totals)")
    parser.add_argument("--jobs", type=int, default=1, help="processes to spread the variants over (default 1)")
    parser.add_argument("--yes", action="store_true", help="run more variants than the maximum (1,000) without asking")
    parser.add_argument("--data", type=Path, help="formula-inputs CSV (default: the shipped file for the year)")
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--output", type=Path, help="write to this file instead of standard output")


def command(args, metadata: dict) -> str:
    """The text of ``ct-education sweep`` (``metadata``: the CLI's common lines, e.g. the period convention)."""
    from openfisca_ct_education.workbench.multi_year import default_chain_start  # only for a sweep
    from openfisca_ct_education.workbench.sweep import Spec, check_count, goal_seek, parse_axis, parse_target, sweep

    system = current_law()
    year = args.years[-1] if args.years else args.year
    first_year = args.years[0] if args.years else None
    formula_year = any(has_formula_inputs(each, args.data) for each in (args.years or [year]))
    axes = tuple(parse_axis(text) for text in args.set)
    names = tuple(name for name in run_variables(system, formula_year) if name != "town_code" and _is_summed(system, name))
    metadata = {
        "fiscal_year": year if first_year is None else f"{first_year}-{year} (chained from FY{default_chain_start(args.years)})",
        **metadata,
        "entitlement": "computed by the ECS formula (C.G.S. 10-262f, 10-262h)" if formula_year else "published by CSDE (entitlement of record)",
        "swept": "; ".join(axis.describe() for axis in axes),
        "reform": args.reform or "none (current law)",
        "package_version": version("openfisca-ct-education"),
    }
    if args.target:
        name, value, target_year = parse_target(args.target, args.years or [year])
        goal = goal_seek(Spec(year, axes, (), args.reform, args.data, first_year), name, value, target_year)
        return render_goal(goal, system, args.format, metadata)
    count = check_count(axes, args.yes)
    spec = Spec(year, axes, names, args.reform, args.data, first_year)
    with _progress(count) as progress:
        result = sweep(spec, jobs=args.jobs, progress=progress)
    metadata.update({f"omitted {name}": reason for name, reason in result.omitted.items()})
    return render(result, system, args.format, metadata, towns=args.towns)


class _progress:
    """A tqdm bar on standard error for a long sweep (tqdm hides it when standard error is not a terminal)."""

    def __init__(self, total: int):
        self.total, self.bar = total, None

    def __enter__(self):
        if self.total < PROGRESS_FROM:
            return None
        from tqdm import tqdm

        self.bar = tqdm(total=self.total, unit="variant", file=sys.stderr, disable=None, leave=False)
        return self.bar.update

    def __exit__(self, *_):
        if self.bar is not None:
            self.bar.close()


def _frame(result, towns: bool) -> pandas.DataFrame:
    """A row per variant (and fiscal year, for a window of years; and town, with ``towns``)."""
    paths = [axis.path for axis in result.spec.axes]
    window = len(result.spec.years) > 1
    rows = []
    for variant, by_year in zip(result.variants, result.values):
        for year, arrays in by_year.items():
            swept = dict(zip(paths, variant)) | ({"fiscal_year": year} if window else {})
            if towns:
                for index, (code, town) in enumerate(zip(result.town_codes, result.towns)):
                    rows.append({**swept, "town_code": int(code), "town": town, **{name: arrays[name][index] for name in result.variables}})
            else:
                rows.append({**swept, **{name: arrays[name].sum() for name in result.variables}})
    return pandas.DataFrame(rows)


def render(result, system, fmt: str, metadata: dict, towns: bool = False) -> str:
    """One row per variant (per variant and town with ``towns``): the swept values, then the totals."""
    frame = _frame(result, towns)
    units = {name: system.get_variable(name).unit for name in result.variables}
    plain = [{name: (_plain(value, units[name]) if name in units else value) for name, value in row.items()} for row in frame.to_dict("records")]
    if fmt == "json":
        return json.dumps({**metadata, ("rows" if towns else "variants"): plain}, indent=2) + "\n"
    table = pandas.DataFrame(plain, columns=frame.columns)
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n")
    return _text(table, units, metadata)


def _text(table: pandas.DataFrame, units: dict, metadata: dict) -> str:
    formatters = {name: _text_formatter(unit) for name, unit in units.items()}
    lines = [f"# {key}: {value}" for key, value in metadata.items()]
    return "\n".join(lines) + "\n" + table.to_string(index=False, formatters=formatters, na_rep="") + "\n"


def render_goal(goal, system, fmt: str, metadata: dict) -> str:
    """The two neighbouring values of the swept parameter on either side of the target (one row if met exactly)."""
    unit = system.get_variable(goal.variable).unit
    exact = goal.below == goal.above
    sides = [("meets the target", goal.below)] if exact else [("below the target", goal.below), ("above the target", goal.above)]
    metadata = {
        **metadata,
        "target": f"{goal.name} = {_plain(goal.target, unit):,} in FY{goal.year} (the statewide {goal.variable})",
        "closest": f"{goal.axis.path} = {goal.closest[0]} gives {_plain(goal.closest[1], unit):,}",
        "evaluations": f"{goal.evaluations} (bisection over {len(goal.axis.values):,} values)",
    }
    rows = [{goal.axis.path: value, goal.variable: _plain(total, unit), "side": side} for side, (value, total) in sides]
    if fmt == "json":
        return json.dumps({**metadata, "bracket": rows}, indent=2) + "\n"
    table = pandas.DataFrame(rows)
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n")
    return _text(table, {goal.variable: unit}, metadata)
