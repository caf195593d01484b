"""The documentation site: ``sphinx-build -W`` passes and every parameter and variable has its page.

Also checks what the generator says a formula reads against what OpenFisca's tracer saw it read
while computing FY2026, so the "Reads" lines of the reference cannot leave anything out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

pytest.importorskip("sphinx", reason="the docs extra is not installed: pip install '.[docs]'")

import model_reference  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(out)],
        # Not from the checkout: ``python -m`` puts the working folder first on sys.path, and the
        # checkout's openfisca_ct_education would then hide the installed package being tested.
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"sphinx-build -W failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_every_parameter_has_a_page(site, tax_benefit_system):
    leaves = model_reference.leaf_parameters(tax_benefit_system.parameters)
    pages = {page.stem for page in (site / "reference" / "parameters").glob("*.html")} - {"index"}
    assert pages == {leaf.name for leaf in leaves}
    assert len(pages) == len(leaves) > 0


def test_every_variable_has_a_page(site, tax_benefit_system):
    pages = {page.stem for page in (site / "reference" / "variables").glob("*.html")} - {"index"}
    assert pages == set(tax_benefit_system.variables)


def test_a_parameter_page_has_its_history_citations_and_timeline(site):
    page = (site / "reference" / "parameters" / "cgs_10_262h.underfunded_increase_rate.html").read_text(encoding="utf-8")
    for date in ("2018-07-01", "2019-07-01", "2022-07-01", "2023-07-01", "2024-07-01", "2025-07-01"):
        assert date in page
    assert "0.565 (56.5%)" in page
    assert "bill_num=7287" in page  # PA 25-168, the citation of the FY2026 value
    assert "parameter_cgs_10_262h.underfunded_increase_rate.png" in page
    assert (site / "_images" / "parameter_cgs_10_262h.underfunded_increase_rate.png").exists()


def test_a_variable_page_has_its_formulas_and_what_they_read(site):
    page = (site / "reference" / "variables" / "ecs_hold_harmless_amount.html").read_text(encoding="utf-8")
    assert "formula_2018_07_01" in page and "formula_2023_07_01" in page
    assert "FY2024" in page and "PA 23-204" in page
    assert "ecs_base_grant_amount.html" in page and "ecs_prior_year_entitlement.html" in page


def test_reforms_page_and_charts(site):
    reforms = (site / "reference" / "reforms.html").read_text(encoding="utf-8")
    if not model_reference.reform_classes():
        assert "None yet" in reforms
    for chart in ("alliance_entitlement_fy2025_fy2026", "entitlement_change_fy2025_fy2026", "base_aid_ratio_fy2026"):
        assert chart in (site / "charts.html").read_text(encoding="utf-8")
    assert "Haddam" in (site / "data.html").read_text(encoding="utf-8")


def test_the_generated_reads_cover_what_the_tracer_saw(tax_benefit_system):
    from openfisca_ct_education.engine.simulation import build_simulation

    graph = model_reference.dependency_graph(tax_benefit_system)
    simulation = build_simulation(2026)
    simulation.trace = True
    simulation.calculate("ecs_entitlement", "2026")
    simulation.calculate("ecs_statewide_entitlement", "2026")

    def active(variable_name, period):
        starts = [start for start in graph[variable_name] if start <= f"{period}-01-01"]
        return graph[variable_name][max(starts)]

    def check(node):
        if tax_benefit_system.variables[node.name].formulas and node.children + node.parameters:
            reads = active(node.name, node.period)
            assert {child.name for child in node.children} <= reads.variables, node.name
            assert {parameter.name for parameter in node.parameters} <= reads.parameters, node.name
        for child in node.children:
            check(child)

    for tree in simulation.tracer.trees:
        check(tree)


def test_reform_section_lists_what_a_reform_changes(tax_benefit_system):
    sys.path.insert(0, str(DOCS / "guides" / "examples"))
    from foundation_bill import FoundationIncrease

    changes = model_reference.reform_changes(FoundationIncrease, tax_benefit_system)
    assert [leaf.name for leaf, _ in changes["parameters"]] == ["cgs_10_262f.foundation"]
    text = model_reference.reform_section(FoundationIncrease, changes)
    assert "$12,500" in text and "$11,525" in text and "FY2026" in text
    assert "None yet" in model_reference.reforms_page([])


def test_a_formula_lists_only_the_parameters_it_reads(tax_benefit_system):
    # Was: every one of the 19 cgs_10_262f parameters, foundation included, for ENGL per capita (the
    # inner link `parameters(period).cgs_10_262f` of a longer path was counted as a read of the section).
    graph = model_reference.dependency_graph(tax_benefit_system)
    assert graph["ecs_engl_per_capita"]["2018-07-01"].parameters == {"cgs_10_262f.worksheet_rounding.engl_per_capita"}
    assert graph["ecs_wealth_adjustment_factor"]["2018-07-01"].parameters == {
        "cgs_10_262f.wealth.engl_weight",
        "cgs_10_262f.wealth.mhi_weight",
        "cgs_10_262f.worksheet_rounding.wealth_adjustment_factor",
    }


def test_the_engl_per_capita_page_does_not_list_the_foundation(site):
    page = (site / "reference" / "variables" / "ecs_engl_per_capita.html").read_text(encoding="utf-8")
    assert "cgs_10_262f.worksheet_rounding.engl_per_capita.html" in page
    assert "cgs_10_262f.foundation.html" not in page


def test_the_charts_page_shows_the_fiscal_note_chart_and_map(site):
    page = (site / "charts.html").read_text(encoding="utf-8")
    for name in ("fiscal_note_change_by_town.png", "fiscal_note_map.png"):
        assert name in page and (site / "_images" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
