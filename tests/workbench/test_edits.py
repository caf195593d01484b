"""Bill edits (issue 12, item 3): values are plain decimals, each parameter's admissible values are
declared once and checked at every door, an edit that changes nothing is an error, and every compare
prints the edits it applied. The refusals are cases of tests/bad_input/cli_edits.yaml."""

from __future__ import annotations

import json

import pytest
from openfisca_core.parameters import Parameter, ParameterScale
from openfisca_core.reforms import Reform

from openfisca_ct_education.cli import main
from openfisca_ct_education.engine.parameter_checks import BY_UNIT, admissible, check_parameters, scale_part_unit
from openfisca_ct_education.engine.simulation import current_law
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.workbench.parameter_edits import fiscal_year_start, parse_set, parse_value
from openfisca_ct_education.workbench.reform_loader import apply_reforms, short_names

FOUNDATION = "cgs_10_262f.foundation"


@pytest.mark.parametrize(
    "text, value",
    [("12500", 12500), ("0.30", 0.3), ("-5", -5), ("0", 0), ("true", True), ("False", False), (" 12500 ", 12500)],
)
def test_plain_decimals_and_booleans_are_read_as_written(text, value):
    parsed = parse_value(text, "here")
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("text, year, start", [("2028", 2028, "2027-07-01"), ("FY2027", 2027, "2026-07-01"), ("2026-09-15", 2027, "2026-09-15")])
def test_a_fiscal_year_starts_on_1_july_before_it(text, year, start):
    assert fiscal_year_start(text) == start
    assert parse_set(f"{FOUNDATION}=12000@{text}").fiscal_year == year


def _all_parameters():
    system = current_law()
    for name in short_names():
        system = apply_reforms(system, [name])
    for node in system.parameters.get_descendants():
        if isinstance(node, Parameter) and "." in node.name and node.metadata.get("unit"):
            yield node.name, node.metadata["unit"]
        elif isinstance(node, ParameterScale):
            for key in ("threshold", "amount", "rate"):
                if scale_part_unit(node, key):
                    yield f"{node.name}.{key}", scale_part_unit(node, key)


def test_every_parameter_of_the_law_and_the_reforms_has_a_declaration():
    undeclared = {(name, unit) for name, unit in _all_parameters() if admissible(name, unit) is None}
    assert not undeclared, f"declare these units in engine/parameter_checks.BY_UNIT: {sorted(undeclared)}"
    assert {unit for _, unit in _all_parameters()} <= set(BY_UNIT)


def test_a_reform_and_a_bill_edit_are_refused_by_the_same_declaration(capsys):
    class PercentWeight(Reform):
        def apply(self):
            def modify(parameters):
                parameters.cgs_10_262f.need_students.low_income_weight.update(start="2025-07-01", value=30)
                return parameters

            self.modify_parameters(modifier_function=modify)

    with pytest.raises(InputDataError) as from_reform:
        check_parameters(PercentWeight(current_law()).parameters)
    assert main(["compare", "--year", "2026", "--set", "cgs_10_262f.need_students.low_income_weight=30@2026"]) == 2
    from_edit = capsys.readouterr().err
    reason = "30 looks like a percent: did you mean 0.30?"
    assert reason in str(from_reform.value) and reason in from_edit


def test_every_compare_prints_the_edits_applied_with_old_new_year_and_citation(tmp_path, capsys):
    bill = tmp_path / "bill.yaml"
    bill.write_text("cgs_10_262f.need_students.english_learner_weight:\n  2026: 0.30\n", encoding="utf-8")
    assert main(["compare", "--year", "2026", "--set", f"{FOUNDATION}=12000", "--parameters", str(bill)]) == 0
    text = capsys.readouterr().out
    section = text[text.index("Parameter edits applied"):text.index("Statewide ($)")]
    # FY2026 values of record: foundation $11,525 (C.G.S. 10-262f), English learner weight 0.25.
    assert "cgs_10_262f.foundation" in section and "11525 -> 12000" in section and "every year" in section
    assert "english_learner_weight" in section and "0.25 -> 0.3" in section and "FY2026 (2025-07-01)" in section
    assert 'C.G.S. § 10-262f, definition of "foundation"' in section
    assert main(["compare", "--year", "2026", "--set", f"{FOUNDATION}=12000", "--format", "json"]) == 0
    edits = json.loads(capsys.readouterr().out)["parameter_edits"]
    assert [(row["parameter"], row["old"], row["new"]) for row in edits] == [(FOUNDATION, 11525, 12000)]
    assert edits[0]["link"].startswith("https://")


def test_two_parameter_files_are_merged(tmp_path, capsys):
    # Was: the second --parameters file silently replaced the first.
    first, second = tmp_path / "a.yaml", tmp_path / "b.json"
    first.write_text(f"{FOUNDATION}: 12000\n", encoding="utf-8")
    second.write_text('{"cgs_10_262f.need_students.english_learner_weight": {"2026": "0.30"}}', encoding="utf-8")
    assert main(["compare", "--year", "2026", "--parameters", str(first), "--parameters", str(second), "--format", "json"]) == 0
    edits = json.loads(capsys.readouterr().out)["parameter_edits"]
    assert {row["parameter"] for row in edits} == {FOUNDATION, "cgs_10_262f.need_students.english_learner_weight"}


def test_a_file_value_is_not_guessed_by_yaml_1_1(tmp_path, capsys):
    # 12500 and "12500" are the same edit; 0.30 is 0.30 (YAML 1.1 read 011525 as 4949, on as true).
    bill = tmp_path / "bill.yaml"
    bill.write_text(f'{FOUNDATION}: "12500"\n', encoding="utf-8")
    assert main(["compare", "--year", "2026", "--parameters", str(bill), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["parameter_edits"][0]["new"] == 12500


def test_an_edit_from_the_year_compared_is_applied(capsys):
    assert main(["compare", "--year", "2026", "--set", f"{FOUNDATION}=12025@2026", "--format", "json"]) == 0
    statewide = {row["variable"]: row for row in json.loads(capsys.readouterr().out)["statewide"]}
    assert statewide["ecs_entitlement"]["difference"] > 0


def test_an_edit_within_a_window_of_years_is_listed_from_its_year(capsys):
    assert main(["compare", "--years", "2026-2028", "--set", f"{FOUNDATION}=12500@2028"]) == 0
    text = capsys.readouterr().out
    section = text[text.index("Parameter edits applied"):text.index("Statewide per year")]
    assert "11525 -> 12500" in section and "FY2028 (2027-07-01)" in section
