"""Benchmarks of openfisca-ct-education: prints a table and writes benchmarks/results.md.

    python benchmarks/run.py            # the full budget (1,000 parameter variants, 30 s load test)
    python benchmarks/run.py --quick    # CI's small budget: the same measures, fewer repetitions

Reported, never asserted: a slow run does not fail. Each figure is a median of repeated runs
(wall-clock seconds). The ratio model / numpy floor is the figure to track.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import load  # noqa: E402
import multi_year  # noqa: E402
import numpy_floor  # noqa: E402
import sweep  # noqa: E402

from openfisca_ct_education.reports import run as report  # noqa: E402
from openfisca_ct_education.data.inputs import read_formula_inputs  # noqa: E402
from openfisca_ct_education.web.local_server import hardened_command, running_server, script  # noqa: E402
from openfisca_ct_education.engine.simulation import build_simulation, current_law  # noqa: E402
from openfisca_ct_education.web.situations import whole_state_situation  # noqa: E402

YEAR = 2026


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def full_state():
    """Build the FY2026 simulation of 169 towns from the shipped files and compute every column of ``ct-education run``."""
    simulation = build_simulation(YEAR)
    system = simulation.tax_benefit_system
    return report.town_table(
        simulation, YEAR, report.run_variables(system, True), optional=report.DESIGNATION_AND_GRANT_VARIABLES, omitted={}
    )


def entitlement_only():
    return build_simulation(YEAR).calculate("ecs_entitlement", str(YEAR))


def cli_run(output: Path):
    subprocess.run(
        [script("ct-education"), "run", "--year", str(YEAR), "--format", "csv", "--output", str(output)],
        check=True,
        capture_output=True,
    )


def cli_peak_rss_mib() -> float:
    """Peak resident memory of a fresh process running ``ct-education run``: its VmHWM, which exec resets
    (ru_maxrss would carry the forking parent's size across exec)."""
    code = (
        "import sys, tempfile, os; from openfisca_ct_education.cli import main; "
        "out = os.path.join(tempfile.mkdtemp(), 'o.csv'); "
        "main(['run', '--year', '2026', '--format', 'csv', '--output', out]); "
        "print([line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')][0])"
    )
    answer = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(answer.stdout.split()[-1]) / 1024


def peak_memory_mib() -> float:
    tracemalloc.start()
    full_state()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI's small budget")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args(argv)
    quick = args.quick
    repeat = 5 if quick else 20
    rows = []  # (measure, median seconds, detail)

    start = time.perf_counter()
    current_law()
    rows.append(("load the tax-benefit system (once per process)", time.perf_counter() - start, ""))
    full_state()  # warm

    inputs = read_formula_inputs(None, YEAR)
    model = build_simulation(YEAR, inputs).calculate("ecs_entitlement", str(YEAR))
    columns, parameters = numpy_floor.columns_for(inputs.frame), numpy_floor.parameters_for(current_law(), YEAR)
    floor_values = numpy_floor.entitlement(columns, parameters)
    if not (floor_values == model).all():
        raise SystemExit("numpy floor disagrees with the model: fix benchmarks/numpy_floor.py")
    floor = statistics.median(timed(lambda: numpy_floor.entitlement(columns, parameters), 200 if quick else 2000))
    state = statistics.median(timed(full_state, repeat))
    entitlement = statistics.median(timed(entitlement_only, repeat))
    rows.append(("FY2026 state: build + every `run` column, in process", state, ""))
    rows.append(("FY2026 state: build + ecs_entitlement, in process", entitlement, f"{entitlement / floor:,.0f} x the numpy floor"))
    rows.append(("numpy floor: ecs_entitlement of 169 towns from loaded columns", floor, "the same formula, plain numpy"))

    with tempfile.TemporaryDirectory() as folder:
        cli = statistics.median(timed(lambda: cli_run(Path(folder) / "out.csv"), 3 if quick else 7))
    rows.append(("`ct-education run --year 2026` end to end (new process)", cli, ""))

    variants = 20 if quick else 1000
    seconds = sweep.sweep(variants)
    rows.append((f"sweep: {variants} variants of cgs_10_262f.foundation (FY2026 statewide total)", seconds, f"{seconds / variants * 1000:.1f} ms a variant"))

    rows += multi_year.rows(3 if quick else 7)

    peak = peak_memory_mib()
    rows.append(("peak Python allocations of building + computing the FY2026 state (tracemalloc; data files already cached)", None, f"{peak:.1f} MiB"))

    situation = json.dumps(whole_state_situation(inputs)).encode()
    web_lines = []
    configurations = [(2, 1)] if quick else [(1, 1), (2, 1), (4, 1), (2, 4)]
    for workers, threads in configurations:
        with running_server(lambda port: hardened_command(port, workers=workers, threads=threads)) as url:
            single = load.latencies(url, situation, count=5 if quick else 30)
            result = load.run(url, situation, clients=4, max_requests=24 if quick else 400, max_seconds=15 if quick else 30)
        name = f"{workers} worker(s) x {threads} thread(s)"
        web_lines.append(
            f"| {name} | {statistics.median(single) * 1000:.0f} | {result['p50'] * 1000:.0f} | {result['p99'] * 1000:.0f} "
            f"| {result['throughput']:.2f} | {result['requests']} | {result['errors']} |"
        )
        rows.append((f"/calculate, 169 towns, one client ({name})", statistics.median(single), ""))

    rows.append(("peak resident memory of `ct-education run --year 2026` (its own process)", None, f"{cli_peak_rss_mib():.0f} MiB"))
    maxrss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak resident memory of this benchmark process (after the sweep)", None, f"{maxrss_self:.0f} MiB"))

    text = render(rows, web_lines, quick)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    return 0


def render(rows, web_lines, quick) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"`python benchmarks/run.py{' --quick' if quick else ''}` on {platform.machine()}, Python {platform.python_version()}, "
        f"{__import__('os').cpu_count()} cores. Medians, wall-clock. Reported, not asserted.",
        "",
        "| measure | median | detail |",
        "|---|---:|---|",
    ]
    for name, seconds, detail in rows:
        shown = "" if seconds is None else (f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s")
        lines.append(f"| {name} | {shown} | {detail} |")
    lines += [
        "",
        "## /calculate of all 169 towns on loopback (hardened app under gunicorn, 4 concurrent clients)",
        "",
        "| server | one client, ms | p50 ms | p99 ms | requests/s | requests | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *web_lines,
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
