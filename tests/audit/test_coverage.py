"""The coverage map is generated from the model and the tests (into the documentation site at build time)."""

from pathlib import Path

from openfisca_ct_education.audit.coverage import coverage_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_coverage_map_facts(tax_benefit_system):
    markdown = coverage_markdown(tax_benefit_system, ROOT / "tests")
    need_row = next(line for line in markdown.splitlines() if line.startswith("| 10-262f | (25)"))
    assert "`ecs_need_students`" in need_row
    assert "`cgs_10_262f.need_students.english_learner_weight`" in need_row
    assert "tests/audit/test_explain.py" in need_row
    foundation_row = next(line for line in markdown.splitlines() if line.startswith("| 10-262f | “foundation”"))
    assert "`cgs_10_262f.foundation`" in foundation_row
    for section in ("10-266q",):  # applications and uses of the PSD grant: nothing to compute
        assert f"| C.G.S. § {section} |" in markdown
        assert next(line for line in markdown.splitlines() if line.startswith(f"| C.G.S. § {section} |")).endswith("**not encoded yet** |")
