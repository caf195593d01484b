"""What a fiscal note reads per town: each scenario against current law in dollars, percent and per pupil.

From a :class:`~openfisca_ct_education.workbench.compare.Comparison`, one row per town: the counts of
resident and need students (current law's, C.G.S. 10-262f), then for the ECS grant and for what the state
pays the boards of education (the sum of :data:`~openfisca_ct_education.workbench.compare.BOARD_GRANTS`)
the value under current law and each scenario, the difference and the percent change, and for the ECS
grant the difference per resident student and per need student; then every other compared grant and designation. Columns are
named ``measure|label`` in ASCII (``ecs_entitlement|difference HB 5001``), the same in CSV, JSON and the
workbook. The statewide row sums the dollars and the students, and takes its percents and per-pupil
figures from those sums (never a sum of percents).
"""

from __future__ import annotations

import numpy
import pandas

from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.workbench.compare import BASELINE, BOARD_GRANTS, STUDENT_COUNTS, Comparison, difference_column

ECS = "ecs_entitlement"
BOARDS = "to_boards_of_education"
RESIDENT, NEED = STUDENT_COUNTS
#: ``--sort``: the key of each order (largest first; ``town`` by town code).
SORTS = ("change", "pct", "per-pupil", "town")
#: Measures shown first, with a percent column; the ECS grant also per pupil.
HEADLINE = (ECS, BOARDS)


def percent_column(measure: str, scenario: str) -> str:
    return f"{measure}|percent change {scenario}"


def per_pupil_column(measure: str, scenario: str, count: str = RESIDENT) -> str:
    return f"{measure}|difference per {'resident' if count == RESIDENT else 'need'} student {scenario}"


def ratio(numerator, denominator) -> numpy.ndarray:
    """numerator / denominator, NaN where the denominator is 0 (a percent of nothing is not a number)."""
    numerator, denominator = numpy.asarray(numerator, dtype=float), numpy.asarray(denominator, dtype=float)
    return numpy.divide(numerator, denominator, out=numpy.full(numerator.shape, numpy.nan), where=denominator != 0)


def with_boards_total(comparison: Comparison) -> pandas.DataFrame:
    """The comparison's towns with the ``to_boards_of_education`` columns (sum of the board grants compared)."""
    towns = comparison.towns.copy()
    grants = [name for name in BOARD_GRANTS if f"{name}|{BASELINE}" in towns]
    labels = [BASELINE] + [scenario.name for scenario in comparison.scenarios]
    for label in labels:
        towns[f"{BOARDS}|{label}"] = towns[[f"{name}|{label}" for name in grants]].sum(axis=1) if grants else 0.0
    for scenario in comparison.scenarios:
        towns[difference_column(BOARDS, scenario.name)] = towns[f"{BOARDS}|{scenario.name}"] - towns[f"{BOARDS}|{BASELINE}"]
    return towns


def town_figures(comparison: Comparison, sort: str = "town") -> pandas.DataFrame:
    """Every town, every column of the fiscal note (see the module docstring), in the order of ``sort``."""
    towns = with_boards_total(comparison)
    names = [scenario.name for scenario in comparison.scenarios]
    frame = towns[[column for column in ("town_code", "town", "drg", RESIDENT, NEED) if column in towns]].copy()
    measures = list(dict.fromkeys(column.split("|")[0] for column in towns if "|" in column))
    for measure in [name for name in HEADLINE if name in measures] + [name for name in measures if name not in HEADLINE]:
        frame[f"{measure}|{BASELINE}"] = towns[f"{measure}|{BASELINE}"]
        for name in names:
            frame[f"{measure}|{name}"] = towns[f"{measure}|{name}"]
            change = difference_column(measure, name)
            if change not in towns:
                continue  # a designation: no difference
            frame[change] = towns[change]
            if measure in HEADLINE:
                frame[percent_column(measure, name)] = ratio(towns[change], towns[f"{measure}|{BASELINE}"]) * 100
                for count in (RESIDENT, NEED):
                    if count in towns and measure == ECS:
                        frame[per_pupil_column(measure, name, count)] = ratio(towns[change], towns[count])
    return sort_towns(frame, sort, names[0])


def sort_towns(frame: pandas.DataFrame, sort: str, scenario: str) -> pandas.DataFrame:
    """``change``, ``pct`` or ``per-pupil`` of the (first) scenario's ECS grant, largest first, then the change paid
    to the boards of education; ``town``: by town code."""
    if sort not in SORTS:
        raise InputDataError(f"--sort {sort!r}: choose one of {', '.join(SORTS)}.")
    if sort == "town":
        return frame.sort_values("town_code", kind="stable").reset_index(drop=True)
    key = {
        "change": difference_column(ECS, scenario),
        "pct": percent_column(ECS, scenario),
        "per-pupil": per_pupil_column(ECS, scenario),
    }[sort]
    if key not in frame:
        raise InputDataError(f"--sort {sort}: the comparison has no column {key!r} (the year's data has no student counts).")
    keys = [key, difference_column(BOARDS, scenario), "town_code"]
    return frame.sort_values(keys, ascending=[False, False, True], kind="stable", na_position="last").reset_index(drop=True)


def statewide_row(frame: pandas.DataFrame) -> dict:
    """The statewide figures of :func:`town_figures`'s columns: sums, and the percents and per-pupil figures of the sums."""
    total = {"town": "TOTAL"}
    for column in frame.columns:
        if column in ("town_code", "town", "drg") or frame[column].dtype == bool:
            continue
        measure, _, label = column.partition("|")
        if label.startswith("percent change "):
            scenario = label.removeprefix("percent change ")
            total[column] = float(ratio(frame[difference_column(measure, scenario)].sum(), frame[f"{measure}|{BASELINE}"].sum()) * 100)
        elif label.startswith("difference per "):
            count = RESIDENT if label.startswith("difference per resident student ") else NEED
            scenario = label.split(" student ", 1)[1]
            total[column] = float(ratio(frame[difference_column(measure, scenario)].sum(), frame[count].sum()))
        else:
            total[column] = frame[column].sum()
    return total


def kind(column: str) -> str | None:
    """How a column of :func:`town_figures` is shown: dollars, per-pupil dollars, percent, students, or None."""
    label = column.partition("|")[2]
    if column in (RESIDENT, NEED):
        return "students"
    if label.startswith("percent change "):
        return "percent"
    if label.startswith("difference per "):
        return "per-pupil"
    if label and not column.startswith("is_"):
        return "dollars"
    return None


def notes(comparison: Comparison) -> list[str]:
    """What a reader of the per-town figures must know (shown under the table, in the JSON and the workbook's Notes)."""
    year = comparison.year
    result = [
        f"FY{year} = 1 July {year - 1} - 30 June {year}; dollars are nominal whole dollars; a difference is the scenario minus current law.",
        "percent change: the difference as a percent of current law's amount (empty where current law's is 0); "
        "the statewide percent is that of the statewide sums.",
        f"{BOARDS}: what the state pays the boards of education, the sum of the compared grants among "
        + ", ".join(BOARD_GRANTS)
        + " (the non-alliance portion of ECS is paid to the town).",
    ]
    if RESIDENT in comparison.towns:
        result.append(
            f"per resident / per need student: the ECS difference divided by current law's FY{year} ECS resident students "
            "and need students (C.G.S. 10-262f; need students weight low-income and English learner students); "
            "statewide: the statewide difference over the statewide count."
        )
    else:
        result.append(f"per-pupil columns are left out: FY{year} is a year of record, without the formula's student counts.")
    return result
