"""Reconciliation of every formula year with the published entitlements, in one report, with the cause of each miss.

Each year is computed on its shipped inputs from the published prior-year entitlement, as the state's
worksheet does, and compared with the entitlements CSDE published (FY2027: the estimate made with the
budget). For a town that differs, the report looks for the cause by recomputing the year with one
documented alternative at a time, for every town alike (never a rule for a named town):

* ``chained``: the year started from the model's own previous year (the state started from a revised
  prior-year figure, not the one it published);
* ``revised ranks``: the year started from the previous year recomputed with this year's Public
  Investment Community ranks (a revision of the previous year's ranks carried into this year);
* ``PIC points``: the year computed with another Public Investment Community adjustment (a rank
  other than the worksheet's);
* ``hold-harmless``: the published figure is the phase-in amount, below the previous year's grant the
  statute holds an alliance or priority school district to.

The first alternative that reproduces the published figure exactly is the cause; if none does, the one
that comes closest (if it removes most of the difference) is given with what it leaves; otherwise the
fully funded grant the published figure implies is compared with the model's (a difference of inputs).
"""

from __future__ import annotations

import dataclasses

import numpy
import pandas

from openfisca_ct_education.data.inputs import FORMULA_YEARS, published_entitlements, read_formula_inputs
from openfisca_ct_education.data.output_files import output_directory, write_atomically
from openfisca_ct_education.engine.simulation import build_year

#: A rank in each tier of the PIC adjustment (C.G.S. 10-262f: ranks 1-5, 6-10, 11-15, 16-19; 0 = none).
PIC_TIERS = {"ranks 1-5 (+0.06)": 3, "ranks 6-10 (+0.05)": 8, "ranks 11-15 (+0.04)": 13, "ranks 16-19 (+0.03)": 17, "no PIC points": 0}
#: A closest alternative is reported as the cause if it removes at least this share of the difference.
MOSTLY = 0.99
#: Published figures the report compares with, by year.
TARGETS = {2019: 159, 2020: 158, 2021: 158, 2022: 167, 2023: 169, 2024: 169, 2025: 168, 2026: 168, 2027: 169}


def _entitlement(inputs):
    return build_year(inputs.year, inputs).calculate("ecs_entitlement", str(inputs.year))


def _with(inputs, **columns):
    frame = inputs.frame.copy()
    for name, values in columns.items():
        frame[name] = values
    return dataclasses.replace(inputs, frame=frame, checked_digest=None)


def alternatives(inputs, simulation) -> dict:
    """Per alternative (its description): every town's entitlement for the year of ``inputs`` under it
    (``simulation``: the year built on ``inputs``, whose phase-in amount is one of them)."""
    year = inputs.year
    found = {}
    if year - 1 in FORMULA_YEARS:
        previous = read_formula_inputs(None, year - 1)
        found[f"chained: FY{year} started from the model's own FY{year - 1} figure, not the published one"] = _entitlement(
            _with(inputs, ecs_entitlement_prior_year=_entitlement(previous))
        )
        found[f"revised ranks: FY{year} started from FY{year - 1} recomputed with the FY{year} PIC ranks"] = _entitlement(
            _with(inputs, ecs_entitlement_prior_year=_entitlement(_with(previous, pic_rank=inputs.frame["pic_rank"].to_numpy())))
        )
    for tier, rank in PIC_TIERS.items():
        found[f"PIC points: the published figure is the formula with {tier}"] = _entitlement(_with(inputs, pic_rank=rank))
    found["hold-harmless: the published figure is the phase-in amount, below the previous year's grant the statute holds this district to"] = (
        simulation.calculate("ecs_phase_in_grant", str(year))
    )
    return found


def _implied(simulation, year: int, index: int, published: float) -> str:
    """The fully funded grant the published figure implies, against the model's."""
    period = str(year)
    rates = simulation.tax_benefit_system.parameters(period).cgs_10_262h
    underfunded = bool(simulation.calculate("ecs_is_underfunded", period)[index])
    rate = rates.underfunded_increase_rate if underfunded else rates.overfunded_decrease_rate
    start = simulation.calculate("ecs_phase_in_starting_amount", period)[index]
    reference = simulation.calculate("ecs_grant_adjustment_reference_amount", period)[index]
    model = simulation.calculate("ecs_fully_funded_grant", period)[index]
    if rate == 0:
        return "unexplained: the town is held at its reference amount, which the published figure does not equal"
    # The year's change is rate x (fully funded grant - reference amount), for an under- and an overfunded town alike.
    implied = reference + (published - start) / rate
    return (
        f"inputs: the published figure implies a fully funded grant of about ${implied:,.0f} "
        f"(the year's rate {rate:.2%}), the shipped inputs give ${model:,.0f} ({model - implied:+,.0f}); "
        "not found in the sources"
    )


def reconcile_year(year: int) -> pandas.DataFrame:
    """Every town: published, computed, difference and, for a miss, its cause."""
    inputs = read_formula_inputs(None, year)
    simulation = build_year(year, inputs)
    published, source = published_entitlements(year)
    codes = inputs.frame["town_code"].to_numpy()
    frame = pandas.DataFrame(
        {
            "fiscal_year": year,
            "town_code": codes,
            "town": inputs.frame["town"],
            "published": published.reindex(codes).to_numpy(),
            "computed": simulation.calculate("ecs_entitlement", str(year)),
        }
    )
    frame["difference"] = frame["computed"] - frame["published"]
    for column in ("published", "computed", "difference"):
        frame[column] = frame[column].round().astype("int64")
    frame["published_source"] = source
    misses = numpy.flatnonzero(frame["difference"].to_numpy() != 0)
    causes = [""] * len(frame)
    if len(misses):
        found = alternatives(inputs, simulation)
        target = frame["published"].to_numpy()
        for index in misses:
            causes[index] = _cause(found, target[index], frame["difference"][index], index) or _implied(simulation, year, index, target[index])
    frame["cause"] = causes
    return frame


def _cause(found: dict, published: float, difference: float, index: int) -> str | None:
    best, left = None, abs(difference)
    for description, values in found.items():
        residual = round(values[index]) - published
        if residual == 0:
            return description
        if abs(residual) < left:
            best, left = f"{description} (to within ${abs(residual):,.0f})", abs(residual)
    return best if left <= (1 - MOSTLY) * abs(difference) else None


def reconcile_years(years) -> pandas.DataFrame:
    return pandas.concat([reconcile_year(year) for year in years], ignore_index=True)


def summary(frame: pandas.DataFrame) -> pandas.DataFrame:
    grouped = frame.groupby("fiscal_year")
    return pandas.DataFrame(
        {
            "towns": grouped.size(),
            "exact": grouped["difference"].apply(lambda values: int((values == 0).sum())),
            "published": grouped["published"].sum(),
            "computed": grouped["computed"].sum(),
            "source": grouped["published_source"].first(),
        }
    ).reset_index()


def markdown(frame: pandas.DataFrame) -> str:
    years = sorted(frame["fiscal_year"].unique())
    facts = summary(frame)
    lines = [
        f"# Reconciliation of the ECS entitlements, FY{years[0]}-FY{years[-1]}",
        "",
        "Each fiscal year computed by the model (C.G.S. 10-262f, 10-262h) on the state's own formula inputs of that year "
        "(`openfisca_ct_education/data/ecs_formula_inputs_fyYYYY.csv`), starting from the published prior-year entitlement "
        "as the state's worksheet does, against the entitlements CSDE published (FY2027: the estimate made with the budget). "
        "Difference = computed - published. Where the two disagree the model keeps the statute; each miss is listed with "
        "its size and the cause found by recomputing the year with one alternative at a time for every town "
        "(`openfisca_ct_education/audit/reconcile_years.py`). Generated by `ct-education reconcile --years "
        f"{years[0]}-{years[-1]} --output-dir docs`; checked by `tests/audit/test_reconcile_years.py`.",
        "",
        "Rounding: the worksheet rounds each year's change (rate x grant adjustment, signed) to the dollar, halves away from "
        "zero, before adding it to the starting amount. FY2019's 25% cut of an overfunded town's odd grant adjustment ends "
        "in 50 cents and is rounded up (Andover: 25% x $795,402 = $198,850.50 -> $198,851; $2,331,185 - $198,851 = "
        "$2,132,334, as published).",
        "",
        "| FY | towns | exact to the dollar | published total | computed total | difference | compared with |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines += [
        f"| {row.fiscal_year} | {row.towns} | {row.exact} | {row.published:,} | {row.computed:,} | {row.computed - row.published:+,} | `{row.source}` |"
        for row in facts.itertuples()
    ]
    for year in years:
        misses = frame[(frame["fiscal_year"] == year) & (frame["difference"] != 0)]
        lines += ["", f"## FY{year}: {len(misses)} town(s) differ", ""]
        if misses.empty:
            lines.append("Every town exact to the dollar.")
            continue
        lines += ["| town | published | computed | difference | cause |", "|---|---:|---:|---:|---|"]
        lines += [f"| {row.town} | {row.published:,} | {row.computed:,} | {row.difference:+,} | {row.cause} |" for row in misses.itertuples()]
    return "\n".join(lines) + "\n"


def write_report(years, directory) -> tuple:
    """Write ``reconciliation_fy{first}_{last}.csv`` (every town and year) and ``.md``; the exact counts by year."""
    years = list(years)
    frame = reconcile_years(years)
    directory = output_directory(directory)
    stem = f"reconciliation_fy{years[0]}_{years[-1]}"
    csv_path, md_path = directory / f"{stem}.csv", directory / f"{stem}.md"
    write_atomically(csv_path, frame.to_csv(index=False, lineterminator="\n"))
    write_atomically(md_path, markdown(frame))
    counts = {int(row.fiscal_year): int(row.exact) for row in summary(frame).itertuples()}
    return [csv_path, md_path], counts
