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


def test_coverage_page_lists_every_unverified_choice(tax_benefit_system):
    """Issue 13: where the text was not found, the choice is kept, marked unverified where it is made, and listed here."""
    markdown = coverage_markdown(tax_benefit_system, ROOT / "tests")
    section = markdown.split("## Unverified choices", 1)[1]
    for name in (
        "cgs_10_276a.reduction_share.year_1",  # PA 23-208 s. 7 against the codified 10-276a(b)(1)
        "ecs_aid_increase",  # 10-262i(d) for an alliance district
        "compensatory_education_grant",  # 10-262k: 2% of the whole entitlement, from the town's October part
        "ecs_prior_year_entitlement_adjustment",  # 10-262i(a): the adjustment goes to the town's part
        "ecs_phase_in_grant",  # PA 25-168: the FY2027 hold level
        "cgs_10_262u.number_ranked_lowest",  # the date of "thirty-three"
        "alliance_designation_rank",  # the 1,000-student minimum
        "opportunity_network.psd_consolidation.reaches_ecs",
        "opportunity_network.protections.extend_to_network_members",
        "opportunity_network.evidence_based.take_up_share",
    ):
        assert f"| `{name}` |" in section, name
    assert "| C.G.S. § 10-262k |" in markdown
