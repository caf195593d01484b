"""Parameter sweeps and goal-seek: one fiscal year under many values of a few parameters.

    --set cgs_10_262f.foundation=10000:14000:500          START:STOP:STEP (STOP included)
    --set cgs_10_262f.foundation=11525,12000,12500@2026   a list of values (from FY2026)
    several --set: every combination (a grid)

Each value is read by the parameter edits' own parser (:func:`parse_set`) and checked as the law's
values are. The variants run on one editable copy of the law and one simulation
(:mod:`openfisca_ct_education.engine.variants`): no reform and no simulation is built per variant.
``jobs`` > 1 spreads the variants over processes.

A goal-seek (:func:`goal_seek`) finds, by bisection over one ``--set``'s values, the two neighbouring
values between which a statewide figure of the year crosses a target; a target that no value in the
range meets is an error naming the closest value.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import decimal
import itertools
import math
import multiprocessing

import numpy
from openfisca_core.errors import ParameterNotFoundError, SituationParsingError

from openfisca_ct_education.engine.simulation import build_simulation, current_law, is_chained
from openfisca_ct_education.engine.years import run_years
from openfisca_ct_education.engine.variants import EditableLaw, Rerun
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.workbench.compare import scenarios
from openfisca_ct_education.workbench.multi_year import default_chain_start
from openfisca_ct_education.workbench.parameter_edits import EVERY_YEAR, parse_set, resolve

#: More variants than this need an explicit yes (``--yes``): a typo in a step should not start hours of work.
MAX_VARIANTS = 1000


@dataclasses.dataclass(frozen=True)
class Axis:
    """One swept parameter: its path, its values in order, and the date they apply from (None: every year)."""

    path: str
    values: tuple
    start: str | None = None

    def describe(self) -> str:
        shown = ", ".join(f"{value:g}" if isinstance(value, float) else str(value) for value in self.values[:4])
        more = f", ... ({len(self.values)} values)" if len(self.values) > 4 else ""
        return f"{self.path} = {shown}{more}" + (f" from {self.start}" if self.start else "")


def parse_axis(text: str) -> Axis:
    """``PATH=START:STOP:STEP[@FY]`` or ``PATH=V1,V2,...[@FY]``."""
    usage = "write PATH=START:STOP:STEP or PATH=V1,V2,... (optionally @FY), e.g. cgs_10_262f.foundation=11000:13000:500"
    path, equals, rest = text.partition("=")
    if not equals or not path.strip() or not rest.strip():
        raise InputDataError(f"--set {text!r}: {usage}")
    spec, at, year = rest.rpartition("@") if "@" in rest else (rest, "", "")
    suffix = f"@{year}" if at else ""

    def number(token: str):
        if not token.strip():
            raise InputDataError(f"--set {text!r}: an empty value; {usage}")
        return parse_set(f"{path}={token}{suffix}").value

    if ":" in spec:
        parts = spec.split(":")
        if len(parts) != 3:
            raise InputDataError(f"--set {text!r}: a range has three parts, START:STOP:STEP; {usage}")
        start, stop, step = (_decimal(number(part), text) for part in parts)
        if step <= 0:
            raise InputDataError(f"--set {text!r}: the step {step} must be positive (from START up to STOP).")
        if stop < start:
            raise InputDataError(f"--set {text!r}: STOP {stop} is below START {start}.")
        count = int((stop - start) // step) + 1
        values = tuple(_plain(start + index * step) for index in range(count))
    else:
        values = tuple(number(token) for token in spec.split(","))
    edit = parse_set(f"{path}={_decimal_text(values[0])}{suffix}")
    return Axis(edit.path, values, edit.start)


def _decimal_text(value) -> str:
    """A value as a plain decimal (1e-05 -> 0.00001): the form parse_set reads."""
    return value if isinstance(value, str) else format(decimal.Decimal(repr(value)), "f") if isinstance(value, float) else str(value)


def _decimal(value, text: str) -> decimal.Decimal:
    if isinstance(value, bool):
        raise InputDataError(f"--set {text!r}: a range needs numbers, not true/false.")
    return decimal.Decimal(str(value))


def _plain(value: decimal.Decimal):
    """A whole number as int, otherwise float."""
    return int(value) if value == value.to_integral_value() else float(value)


def variant_count(axes) -> int:
    return math.prod(len(axis.values) for axis in axes)


def check_count(axes, yes: bool, maximum: int = MAX_VARIANTS) -> int:
    count = variant_count(axes)
    if count > maximum and not yes:
        raise InputDataError(f"{count:,} variants is more than {maximum:,}: give --yes to run them all, or a larger step.")
    return count


@dataclasses.dataclass(frozen=True)
class Spec:
    """What a sweep computes (picklable: each worker process builds its own law and simulation from it)."""

    year: int  # the fiscal year (the last of a window)
    axes: tuple
    variables: tuple
    reform: str | None = None
    data: object = None
    first_year: int | None = None  # a window of fiscal years first_year-year, chained from its first formula year

    @property
    def years(self) -> tuple:
        return tuple(range(self.first_year, self.year + 1)) if self.first_year is not None else (self.year,)


@dataclasses.dataclass
class SweepResult:
    spec: Spec
    variants: list  # a tuple of values per variant, one per axis
    values: list  # per variant: {fiscal year: {variable: per-town array}}
    variables: tuple  # the variables computed (those the year's data and law allow)
    omitted: dict  # variable -> why it was left out
    town_codes: numpy.ndarray
    towns: list

    def statewide(self, year: int | None = None) -> list[dict]:
        """Per variant: {variable: the sum over towns} in fiscal ``year`` (default: the sweep's year, the last of a window)."""
        year = self.spec.year if year is None else year
        return [{name: float(by_year[year][name].sum()) for name in self.variables} for by_year in self.values]


class Sweeper:
    """One editable law and one simulation for ``spec``: :meth:`compute` runs one variant."""

    def __init__(self, spec: Spec):
        self.spec = spec
        base = current_law()
        if spec.reform:
            (scenario,) = scenarios([spec.reform], ())
            base = scenario.system(spec.year, as_if_in_force=True)
        self.law = EditableLaw(base)
        self.targets = [(resolve(self.law.parameters, axis.path), axis.start or EVERY_YEAR) for axis in spec.axes]
        # A window, or a year built by computing the years before it (a projection), holds values
        # computed at build time: it is built again for each variant; a lone year is built once and
        # computed again.
        if spec.first_year is not None and spec.data is not None:
            raise InputDataError("--data is for one --year; a window of --years runs on the shipped and projected inputs.")
        self.chained = spec.first_year is not None or is_chained(spec.year, spec.data)
        self.simulations = self._build()
        self.simulation = self.simulations[spec.year]
        self.rerun = None if self.chained else Rerun(self.simulation)
        self.omitted: dict = {}

    def _build(self) -> dict:
        """{fiscal year: the simulation holding it} on this law's current values."""
        years = self.spec.years
        if len(years) == 1:
            return {years[0]: build_simulation(years[0], self.spec.data, tax_benefit_system=self.law)}
        return run_years(years, chain_from=default_chain_start(years), tax_benefit_system=self.law).simulations

    def check_values(self) -> None:
        """Every value of every axis is one its parameter may take: checked before anything is computed."""
        for axis, (parameter, start) in zip(self.spec.axes, self.targets):
            for value in axis.values:
                try:
                    self.law.set_value(parameter, start, value)
                except InputDataError as error:
                    raise InputDataError(f"--set {axis.path}={value}: {error}") from None

    def set_values(self, values) -> None:
        for (parameter, start), value in zip(self.targets, values):
            self.law.set_value(parameter, start, value)

    def compute(self, values, variables=None) -> dict:
        """{fiscal year: {variable: per-town (or state) array}} for one variant; a variable a year cannot have is omitted."""
        self.set_values(values)
        if self.chained:
            self.simulations = self._build()
        else:
            self.rerun.forget_computed()
        result = {}
        for year, simulation in self.simulations.items():
            result[year] = {}
            for name in variables or self.spec.variables:
                if name in self.omitted:
                    continue
                if name not in simulation.tax_benefit_system.variables:
                    self.omitted[name] = "not a variable of this law"
                    continue
                try:
                    result[year][name] = simulation.calculate(name, str(year))
                except (SituationParsingError, ParameterNotFoundError) as error:
                    self.omitted[name] = f"FY{year}: {_message(error)}"
        return result


def _message(error) -> str:
    error = getattr(error, "error", error)
    while isinstance(error, dict):
        error = next(iter(error.values()))
    return str(error)


# The sweeper of a sweep run over processes: set before the pool forks, so each worker starts warm.
_WORKER_SWEEPER = None


def _run_chunk(variants: list) -> tuple[list, dict]:
    return [_WORKER_SWEEPER.compute(values) for values in variants], _WORKER_SWEEPER.omitted


def sweep(spec: Spec, jobs: int = 1, progress=None) -> SweepResult:
    """Every combination of the axes' values; ``progress(n)`` is told of each ``n`` variants done."""
    global _WORKER_SWEEPER
    if jobs < 1:
        raise InputDataError(f"--jobs {jobs}: give 1 or more processes.")
    sweeper = Sweeper(spec)
    sweeper.check_values()
    variants = list(itertools.product(*(axis.values for axis in spec.axes)))
    if jobs == 1 or len(variants) < 2 * jobs:
        values = []
        for variant in variants:
            values.append(sweeper.compute(variant))
            if progress:
                progress(1)
        omitted = sweeper.omitted
    else:
        size = max(1, math.ceil(len(variants) / (jobs * 8)))  # small chunks: the progress moves and work is shared
        chunks = [variants[index : index + size] for index in range(0, len(variants), size)]
        values, omitted = [], {}
        _WORKER_SWEEPER = sweeper
        try:
            with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                for chunk, (chunk_values, chunk_omitted) in zip(chunks, pool.map(_run_chunk, chunks)):
                    values += chunk_values
                    omitted.update(chunk_omitted)
                    if progress:
                        progress(len(chunk))
        finally:
            _WORKER_SWEEPER = None
    simulation = sweeper.simulation
    computed = tuple(name for name in spec.variables if name not in omitted)
    return SweepResult(
        spec,
        variants,
        values,
        computed,
        omitted,
        simulation.calculate("town_code", "ETERNITY"),
        list(simulation.populations["town"].ids),
    )


def target_variable(name: str, system) -> str:
    """The variable of a goal-seek target: a state variable, a town variable (summed),
    or ``statewide_<name>`` for the sum of town variable ``<name>`` or ``ecs_<name>``."""
    candidates = [name]
    if name.startswith("statewide_"):
        rest = name[len("statewide_") :]
        candidates += [rest, f"ecs_{rest}"]
    for candidate in candidates:
        if candidate in system.variables:
            return candidate
    raise InputDataError(
        f"--target {name!r}: not a variable; name a statewide figure, e.g. statewide_entitlement (the sum of "
        "ecs_entitlement) or statewide_alliance_district_grant."
    )


def parse_target(text: str, years) -> tuple[str, float, int]:
    """``NAME=VALUE[@FY]`` -> (name, value, fiscal year); the year, if given, must be one swept (default: the last)."""
    years = tuple(years)
    year = years[-1]
    name, equals, rest = text.partition("=")
    if not equals or not name.strip() or not rest.strip():
        raise InputDataError(f"--target {text!r}: write NAME=VALUE[@FY], e.g. statewide_entitlement=2700000000@{year}")
    value, at, fiscal_year = rest.rpartition("@") if "@" in rest else (rest, "", "")
    if at:
        if fiscal_year.strip() not in {str(swept) for swept in years}:
            swept = f"FY{years[0]}" if len(years) == 1 else f"FY{years[0]}-FY{years[-1]}"
            raise InputDataError(f"--target {text!r}: the target is for FY{fiscal_year.strip()}, but the sweep is of {swept}.")
        year = int(fiscal_year)
    try:
        number = float(decimal.Decimal(value.strip().replace(",", "").replace("_", "")))
    except decimal.InvalidOperation:
        raise InputDataError(f"--target {text!r}: {value.strip()!r} is not a number.") from None
    if not math.isfinite(number):
        raise InputDataError(f"--target {text!r}: {value.strip()!r} is not a finite number.")
    return name.strip(), number, year


@dataclasses.dataclass
class GoalSeek:
    name: str  # the target as given
    variable: str
    target: float
    axis: Axis
    below: tuple | None  # (value, figure): the neighbouring value on one side of the target
    above: tuple | None  # ... and on the other
    evaluations: int
    year: int | None = None  # the fiscal year of the target

    @property
    def closest(self) -> tuple:
        sides = [side for side in (self.below, self.above) if side is not None]
        return min(sides, key=lambda side: abs(side[1] - self.target))


def goal_seek(spec: Spec, target_name: str, target: float, year: int | None = None) -> GoalSeek:
    """Bisection over the one axis's values for the two neighbours between which the figure crosses ``target``.

    The figure must move one way across the axis (it does for the foundation and the weights: more
    money in, more entitlement out); the ends are computed first, and a target outside them is an
    error naming the closest value. ``year``: the fiscal year of the target (default: the sweep's).
    """
    year = spec.year if year is None else year
    if len(spec.axes) != 1:
        raise InputDataError("--target: give exactly one --set to seek over (a range or a list of values).")
    (axis,) = spec.axes
    values = sorted(axis.values)
    sweeper = Sweeper(spec)
    sweeper.check_values()
    variable = target_variable(target_name, sweeper.law)
    evaluations = 0

    def figure(index: int) -> float:
        nonlocal evaluations
        evaluations += 1
        arrays = sweeper.compute((values[index],), (variable,))[year]
        if variable not in arrays:
            raise InputDataError(f"--target {target_name}: {variable} cannot be computed: {sweeper.omitted[variable]}")
        return float(arrays[variable].sum())

    low, high = 0, len(values) - 1
    at_low, at_high = figure(low), figure(high)
    if at_low == target:
        return GoalSeek(target_name, variable, target, axis, (values[low], at_low), (values[low], at_low), evaluations, year)
    if at_high == target:
        return GoalSeek(target_name, variable, target, axis, (values[high], at_high), (values[high], at_high), evaluations, year)
    if (at_low - target) * (at_high - target) > 0:
        closest = min(((values[low], at_low), (values[high], at_high)), key=lambda side: abs(side[1] - target))
        raise InputDataError(
            f"--target {target_name}={target:,.0f}: no value of {axis.path} in {values[0]:g}-{values[-1]:g} meets it in "
            f"FY{year} (from {at_low:,.0f} to {at_high:,.0f}); the closest is {closest[1]:,.0f} at {axis.path}={closest[0]:g}."
        )
    rising = at_high > at_low
    while high - low > 1:
        middle = (low + high) // 2
        at_middle = figure(middle)
        if at_middle == target:
            return GoalSeek(target_name, variable, target, axis, (values[middle], at_middle), (values[middle], at_middle), evaluations, year)
        if (at_middle < target) == rising:
            low, at_low = middle, at_middle
        else:
            high, at_high = middle, at_middle
    below, above = ((values[low], at_low), (values[high], at_high)) if rising else ((values[high], at_high), (values[low], at_low))
    return GoalSeek(target_name, variable, target, axis, below, above, evaluations, year)
