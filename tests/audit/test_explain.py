"""``ct-education explain``: every step, input and parameter behind one town's figure, with its citation."""

from __future__ import annotations

import json
import textwrap

import pytest
from openfisca_core.reforms import Reform

from openfisca_ct_education import cli
from openfisca_ct_education.audit.explain import explain
from openfisca_ct_education.data.inputs import SHIPPED_ENTITLEMENT_HISTORY, SHIPPED_FORMULA_INPUTS, file_sha256

# Published FY2026 ECS entitlements (CSDE), as literals.
ANSONIA_FY2026 = 21_332_353
HARTFORD_FY2026 = 226_674_245


def walk(node):
    yield node
    for child in node.get("parameters", []) + node.get("children", []):
        yield from walk(child)


def find(tree, name, kind="variable"):
    """The first node of ``name`` shown in full (not a "see above")."""
    return next(node for node in walk(tree) if node["name"] == name and node["kind"] == kind and not node.get("see_above"))


@pytest.fixture(scope="module")
def ansonia():
    return explain("Ansonia", 2026, "ecs_entitlement")


def test_ansonia_entitlement_is_the_published_figure(ansonia):
    tree = ansonia["tree"]
    assert tree["value"] == ANSONIA_FY2026
    assert tree["formula"]["in_force_from"] == "2018-07-01"
    assert "PA 17-2 JSS" in tree["formula"]["acts"] and "PA 25-168" in tree["formula"]["acts"]
    assert tree["citation"].startswith("C.G.S. § 10-262h")
    assert ansonia["town"] == {"name": "Ansonia", "code": 2}


def test_foundation_with_its_date_and_citation(ansonia):
    foundation = find(ansonia["tree"], "cgs_10_262f.foundation", "parameter")
    assert foundation["value"] == 11525
    assert foundation["in_force_from"] == "2013-07-01"
    assert foundation["citation"][0]["title"].startswith('C.G.S. § 10-262f, definition of "foundation" ($11,525')
    assert foundation["citation"][0]["href"].endswith("#sec_10-262f")


def test_need_students_and_their_inputs_with_provenance(ansonia):
    need = find(ansonia["tree"], "ecs_need_students")
    assert need["citation"].startswith("C.G.S. § 10-262f(25)")
    resident = find(need, "ecs_resident_students")
    assert resident["value"] == 2490.13
    assert resident["origin"] == "input"
    assert resident["source"]["column"] == "resident_students"
    assert resident["source"]["file"] == "ecs_formula_inputs_fy2026.csv"
    assert resident["source"]["vintage"] == "count_date 10/2024"
    weights = {node["name"]: node for node in need["parameters"]}
    assert weights["cgs_10_262f.need_students.english_learner_weight"]["value"] == 0.25
    assert weights["cgs_10_262f.need_students.english_learner_weight"]["in_force_from"] == "2021-07-01"


def test_wealth_factors_and_statewide_medians(ansonia):
    wealth = find(ansonia["tree"], "ecs_wealth_adjustment_factor")
    assert {child["name"] for child in wealth["children"]} == {"ecs_engl_factor", "ecs_median_household_income_factor"}
    median = find(ansonia["tree"], "ecs_state_median_engl_per_capita")
    assert median["statewide"] is True and median["entity"] == "state"
    assert isinstance(median["value"], (int, float)) and median["value"] > 0
    assert median["taken_over_all_towns"] == ["ecs_engl_per_capita<2026>"]
    assert [node["name"] for node in median["parameters"]] == ["state.number_of_towns"]


def test_the_pic_scale_is_read_and_cited(ansonia):
    scale = find(ansonia["tree"], "cgs_10_262f.base_aid_ratio.adjustment_by_pic_rank", "parameter")
    assert scale["value"][1] == {"threshold": 1, "amount": 0.06}
    assert scale["in_force_from"] == "2018-07-01"
    assert any("7-545" in citation["title"] for citation in scale["citation"])


def test_previous_years_come_from_the_inputs_file(ansonia):
    previous = next(node for node in walk(ansonia["tree"]) if node["name"] == "ecs_entitlement" and node["period"] == "2025")
    assert previous["origin"] == "input"
    assert previous["source"]["column"] == "ecs_entitlement_prior_year"


def test_json_export_carries_what_an_audit_needs(ansonia):
    assert ansonia["schema"] == "openfisca-ct-education/explain" and ansonia["schema_version"] == 1
    assert ansonia["fiscal_year"] == 2026
    assert ansonia["package_version"]
    hashes = {item["file"]: item["sha256"] for item in ansonia["data"]}
    assert hashes["ecs_formula_inputs_fy2026.csv"] == file_sha256(SHIPPED_FORMULA_INPUTS[2026])
    assert hashes["ecs_entitlements_by_town_fy2001_2026.csv"] == file_sha256(SHIPPED_ENTITLEMENT_HISTORY)
    json.dumps(ansonia)  # plain JSON, no numpy values


def test_every_computed_node_has_a_formula_version_and_every_parameter_a_citation(ansonia):
    for node in walk(ansonia["tree"]):
        if node.get("see_above"):
            continue
        if node["kind"] == "parameter":
            assert node["in_force_from"] and node["citation"], node["name"]
        elif node["origin"] == "formula":
            assert node["formula"]["docstring"], node["name"]
        else:
            assert node["source"].get("file"), node["name"]


def test_hartford_by_code_and_depth():
    explanation = explain("64", 2026, "ecs_entitlement", depth=1)
    tree = explanation["tree"]
    assert explanation["town"]["name"] == "Hartford"
    assert tree["value"] == HARTFORD_FY2026
    assert all(child.get("truncated") or child.get("origin") == "input" or child.get("see_above") for child in tree["children"])
    assert not any("children" in child and child["children"] for child in tree["children"])


class DoubleFoundation(Reform):
    """Test reform: a foundation of $23,050 from FY2026."""

    def apply(self):
        def double(parameters):
            parameters.cgs_10_262f.foundation.update(start="2025-07-01", value=23050)
            return parameters

        self.modify_parameters(modifier_function=double)


def test_a_reform_shows_where_it_departs_from_current_law():
    explanation = explain("Ansonia", 2026, "ecs_entitlement", reforms=[DoubleFoundation])
    tree = explanation["tree"]
    assert tree["current_law"]["value"] == ANSONIA_FY2026
    assert tree["value"] > ANSONIA_FY2026
    foundation = find(tree, "cgs_10_262f.foundation", "parameter")
    assert foundation["value"] == 23050 and foundation["in_force_from"] == "2025-07-01"
    assert foundation["current_law"] == {"departs": True, "value": 11525}
    need = find(tree, "ecs_need_students")
    assert "current_law" not in need  # the same under both


def test_cli_explain_text_and_json(tmp_path, capsys, monkeypatch):
    assert cli.main(["explain", "--town", "Ansonia", "--year", "2026", "--variable", "ecs_entitlement", "--depth", "3"]) == 0
    text = capsys.readouterr().out
    assert "ecs_entitlement [FY2026] = $21,332,353" in text
    assert "formula formula_2018_07_01 (in force from 2018-07-01" in text

    # A reform by dotted path, from a module of the test's own.
    (tmp_path / "my_reforms.py").write_text(textwrap.dedent('''
        from openfisca_core.reforms import Reform

        class Foundation12000(Reform):
            def apply(self):
                def change(parameters):
                    parameters.cgs_10_262f.foundation.update(start="2025-07-01", value=12000)
                    return parameters
                self.modify_parameters(modifier_function=change)
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    output = tmp_path / "ansonia.json"
    argv = ["explain", "--town", "ansonia", "--year", "2026", "--variable", "ecs_fully_funded_grant",
            "--reform", "my_reforms.Foundation12000", "--format", "json", "--output", str(output)]
    assert cli.main(argv) == 0
    explanation = json.loads(output.read_text())
    assert explanation["reforms"] == ["my_reforms.Foundation12000"]
    assert explanation["tree"]["current_law"]["departs"] is True
    assert find(explanation["tree"], "cgs_10_262f.foundation", "parameter")["current_law"]["value"] == 11525


def test_cli_markdown(capsys):
    assert cli.main(["explain", "--town", "Hartford", "--year", "2026", "--variable", "ecs_need_students", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# ecs_need_students for Hartford (town code 64), FY2026")
    assert "column resident_students" in markdown


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--town", "Nowhere", "--year", "2026", "--variable", "ecs_entitlement"], "Unknown town 'Nowhere'"),
        (["--town", "170", "--year", "2026", "--variable", "ecs_entitlement"], "Unknown town '170'"),
        (["--town", "Ansonia", "--year", "2026", "--variable", "ecs_entitlment"], "did you mean 'ecs_entitlement'"),
        (["--town", "Ansonia", "--year", "2026", "--variable", "ecs_entitlement", "--reform", "no_such"], "Unknown reform 'no_such'"),
        (["--town", "Ansonia", "--year", "2012", "--variable", "ecs_entitlement"], "FY2012 is not covered"),
        (["--town", "Ansonia", "--year", "twenty", "--variable", "ecs_entitlement"], "is not a fiscal year"),
        (["--town", "Ansonia", "--year", "2026", "--variable", "ecs_entitlement", "--depth", "-1"], "is not a depth"),
    ],
)
def test_cli_explain_user_errors_exit_2_without_traceback(argv, message, capsys):
    try:
        status = cli.main(["explain", *argv])
    except SystemExit as exit:  # argparse's own errors
        status = exit.code
    assert status == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
