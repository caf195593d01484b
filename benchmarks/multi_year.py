"""Multi-year benchmark (issue 11): every town FY2019-FY2034 in one run against the sum of its single years.

Reported, never asserted. The target: a multi-year run costs no more than twice the sum of its single years.
"""

from __future__ import annotations

import statistics
import time

from openfisca_ct_education.engine.simulation import build_simulation
from openfisca_ct_education.engine.years import run_years

YEARS = range(2019, 2035)


def _median(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def multi_year(chain_from=None) -> None:
    run = run_years(YEARS, chain_from=chain_from)
    for year in run.years:
        run.simulations[year].calculate("ecs_entitlement", str(year))


def single_years() -> None:
    for year in YEARS:
        build_simulation(year).calculate("ecs_entitlement", str(year))


def rows(repeat: int) -> list:
    """(measure, median seconds, detail) rows for benchmarks/run.py."""
    multi_year()  # warm: data files read and cached once per process
    single = _median(single_years, repeat)
    default = _median(multi_year, repeat)
    chained = _median(lambda: multi_year(2019), repeat)
    return [
        ("FY2019-FY2034, all towns: each year run on its own (sum of 16 single years; an out-year's single run is its chain from FY2027)", single, ""),
        ("FY2019-FY2034 in one run (`run --years 2019-2034`: published prior years to FY2027, out-years chained)", default, f"{default / single:.2f} x the sum of single years (target <= 2)"),
        ("FY2019-FY2034 in one chain from FY2019 (one simulation, `--chain-from 2019`)", chained, f"{chained / single:.2f} x the sum of single years (target <= 2)"),
    ]


if __name__ == "__main__":
    for name, seconds, detail in rows(5):
        print(f"{name}: {seconds * 1000:.1f} ms {detail}")
