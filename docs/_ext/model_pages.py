"""Sphinx extension: the data and chart pages' generated parts, computed from the model at build time.

Writes into ``docs/_generated/`` (git-ignored):

* ``reconciliation_fy2026.md`` and ``.csv``: the reconciliation report, written by the same
  functions (:mod:`openfisca_ct_education.audit.reconciliation`) that ``ct-education reconcile`` and the
  tests use. If the committed ``docs/reconciliation_fy2026.md`` differs from it, the build warns
  (an error with ``-W``);
* ``data_files.md``: each shipped data file with its size and sha256 as computed now; a file whose
  checksum differs from the one the data README records makes the build warn;
* ``coverage.md``: the coverage map, statute section -> parameters and variables -> tests;
* ``images/*.png`` and ``charts_generated.md``: the charts of the Charts page, among them the fiscal-note chart
  and map of an illustrative bill, drawn by ``ct-education compare``'s own functions.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sphinx.util import logging

import model_charts

logger = logging.getLogger(__name__)

RECONCILIATION_YEAR = 2026


def reconciliation_report(simulation, year: int, out_dir: Path) -> tuple[str, Path]:
    """The reconciliation report (Markdown text) and the per-town CSV, from the model's simulation."""
    from openfisca_ct_education.audit import reconciliation
    from openfisca_ct_education.data.inputs import read_entitlement_history

    frame = reconciliation.reconcile(simulation, year, read_entitlement_history())
    paths = reconciliation.write_report(frame, year, out_dir, f"ecs_formula_inputs_fy{year}.csv")
    return paths[1].read_text(encoding="utf-8"), paths[0]


def check_committed_report(generated: str, committed: Path) -> None:
    """Warn when the committed copy of the report is not what the model writes now."""
    if not committed.exists() or committed.read_text(encoding="utf-8") != generated:
        logger.warning(
            "%s differs from the reconciliation the model computes now: regenerate it with "
            "`ct-education reconcile --year %s --output-dir docs`",
            committed,
            RECONCILIATION_YEAR,
        )


def recorded_checksums(readme: Path) -> dict[str, str]:
    """file name -> sha256 as the data README's table records them."""
    return dict(re.findall(r"^\|\s*`([^`]+)`\s*\|.*\|\s*`([0-9a-f]{64})`\s*\|\s*$", readme.read_text(encoding="utf-8"), re.M))


def data_files_table(data_dir: Path) -> str:
    """A Markdown table of each shipped CSV with its size and checksum; warns on a checksum the README does not record."""
    recorded = recorded_checksums(data_dir / "README.md")
    lines = ["| file | rows | bytes | sha256 (computed at build) | matches the README |", "|---|---:|---:|---|---|"]
    for path in sorted([*data_dir.glob("*.csv"), *data_dir.glob("*.geojson")]):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        text = path.read_text(encoding="utf-8")
        rows = len(json.loads(text)["features"]) if path.suffix == ".geojson" else text.count("\n") - 1
        matches = recorded.get(path.name) == digest
        if not matches:
            logger.warning("%s: sha256 %s is not the one openfisca_ct_education/data/README.md records", path.name, digest)
        lines.append(f"| `{path.name}` | {rows} | {path.stat().st_size:,} | `{digest}` | {'yes' if matches else '**no**'} |")
    return "\n".join(lines) + "\n"


def draw_charts(simulation, image_dir: Path) -> dict[str, Path | None]:
    """Every chart of the Charts page, from the FY2026 simulation of the shipped data."""
    parameters = simulation.tax_benefit_system.parameters(f"{RECONCILIATION_YEAR}-01-01").cgs_10_262f.base_aid_ratio
    frame = model_charts.town_values(
        simulation,
        {
            "FY2025 (of record)": ("ecs_entitlement", "2025"),
            "FY2026 (model)": ("ecs_entitlement", "2026"),
            "alliance_district": ("is_alliance_district", "2026"),
            "base_aid_ratio": ("ecs_base_aid_ratio", "2026"),
        },
    )
    alliance = frame[frame["alliance_district"]]
    return {
        "alliance_entitlements": model_charts.paired_town_chart(
            alliance,
            "FY2025 (of record)",
            "FY2026 (model)",
            f"ECS entitlement of the {len(alliance)} alliance districts: FY2025 and FY2026",
            image_dir / "alliance_entitlement_fy2025_fy2026.png",
        ),
        "change_by_town": model_charts.change_by_town_chart(
            frame,
            "FY2025 (of record)",
            "FY2026 (model)",
            "alliance_district",
            "Change of the ECS entitlement from FY2025 to FY2026, every town",
            image_dir / "entitlement_change_fy2025_fy2026.png",
        ),
        "base_aid_ratio": model_charts.distribution_chart(
            frame["base_aid_ratio"].to_numpy(),
            {
                f"minimum, other towns ({parameters.minimum_other_town:g})": parameters.minimum_other_town,
                f"minimum, alliance/priority ({parameters.minimum_alliance_or_priority_district:g})": parameters.minimum_alliance_or_priority_district,
            },
            "Base aid ratio of the 169 towns, FY2026",
            "base aid ratio (share of the foundation cost the state pays)",
            image_dir / "base_aid_ratio_fy2026.png",
        ),
        "alliance_share": model_charts.share_of_ecs_by_town(
            simulation,
            model_charts.ALLIANCE_GRANT_VARIABLE,
            model_charts.ALLIANCE_GRANT_YEARS,
            image_dir / "alliance_grant_share_of_ecs.png",
        ),
    }


#: The illustrative bill the Charts page draws as a fiscal note would (the drafter guide's example, FY2026).
FISCAL_NOTE_EDIT = "cgs_10_262f.foundation=12025@2026"


def fiscal_note_pictures(image_dir: Path) -> dict[str, Path]:
    """The chart and the map ``ct-education compare --chart/--map`` draw, for the illustrative bill, written at build time."""
    from openfisca_ct_education.data.inputs import read_formula_inputs
    from openfisca_ct_education.data.provenance import DataSources, files_with_vintage
    from openfisca_ct_education.reports import charts, maps
    from openfisca_ct_education.workbench import compare
    from openfisca_ct_education.workbench.parameter_edits import parse_set

    inputs = read_formula_inputs(None, RECONCILIATION_YEAR)
    comparison = compare.compare(RECONCILIATION_YEAR, compare.scenarios([], [parse_set(FISCAL_NOTE_EDIT)]), inputs)
    data = files_with_vintage(DataSources(inputs, RECONCILIATION_YEAR).files())[0]
    metadata = {
        "package_version": _version(),
        "command": f"ct-education compare --year {RECONCILIATION_YEAR} --set {FISCAL_NOTE_EDIT} --chart change.png --map map.png",
        "data": data["file"],
        "data_sha256": data["sha256"],
        "fiscal_year": RECONCILIATION_YEAR,
    }
    image_dir.mkdir(parents=True, exist_ok=True)
    pictures = {
        "fiscal_note_chart": (image_dir / "fiscal_note_change_by_town.png", charts.comparison_chart(comparison, metadata)),
        "fiscal_note_map": (image_dir / "fiscal_note_map.png", maps.comparison_map(comparison, "difference", metadata)),
    }
    for path, picture in pictures.values():
        path.write_bytes(picture)
    return {name: path for name, (path, _) in pictures.items()}


def _version() -> str:
    from importlib.metadata import version

    return version("openfisca-ct-education")


def alliance_share_section(chart: Path | None) -> str:
    """The Charts page's Alliance section: the chart, or a note saying which variable it waits for."""
    earlier, later = model_charts.ALLIANCE_GRANT_YEARS
    if chart is None:
        return (
            ":::{admonition} Waiting for the model\n:class: note\n\n"
            f"The CSDE report on the Alliance District program shows the Alliance grant as a share of ECS by town, "
            f"FY{earlier} against FY{later}. This chart is drawn by `model_charts.share_of_ecs_by_town` from the "
            f"variable `{model_charts.ALLIANCE_GRANT_VARIABLE}`, which the model does not have yet. When it is added "
            "(with its earlier years as inputs of record), the chart appears here on the next build.\n:::\n"
        )
    return f"```{{image}} /_generated/images/{chart.name}\n:alt: Alliance grant as a share of ECS by town\n```\n"


def coverage_map(tax_benefit_system, tests_dir: Path) -> str:
    """The statute -> model -> tests coverage map (:mod:`openfisca_ct_education.audit.coverage`), without its own title."""
    from openfisca_ct_education.audit.coverage import coverage_markdown

    return coverage_markdown(tax_benefit_system, tests_dir).split("\n", 1)[1]


def admissible_table() -> str:
    """Every input variable and the values it may take (openfisca_ct_education/data/admissible.py), as a table."""
    from openfisca_ct_education.data.admissible import ADMISSIBLE

    lines = ["| input variable | what it may be |", "|---|---|"]
    for name, declared in sorted(ADMISSIBLE.items()):
        lines.append(f"| `{name}` | {declared.why.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def _on_builder_inited(app) -> None:
    from openfisca_ct_education import PACKAGE_DIR
    from openfisca_ct_education.engine.simulation import build_simulation

    source = Path(app.srcdir)
    out_dir = source / "_generated"
    out_dir.mkdir(parents=True, exist_ok=True)
    simulation = build_simulation(RECONCILIATION_YEAR)
    report, _ = reconciliation_report(simulation, RECONCILIATION_YEAR, out_dir)
    check_committed_report(report, source / f"reconciliation_fy{RECONCILIATION_YEAR}.md")
    (out_dir / "data_files.md").write_text(data_files_table(PACKAGE_DIR / "data"), encoding="utf-8")
    (out_dir / "admissible.md").write_text(admissible_table(), encoding="utf-8")
    (out_dir / "coverage.md").write_text(coverage_map(simulation.tax_benefit_system, source.parent / "tests"), encoding="utf-8")
    charts = draw_charts(simulation, out_dir / "images")
    (out_dir / "alliance_share.md").write_text(alliance_share_section(charts["alliance_share"]), encoding="utf-8")
    fiscal_note_pictures(out_dir / "images")


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
