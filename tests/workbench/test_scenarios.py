"""Named scenarios (issue 12, item 4): bills side by side from files, labelled by their titles; the
scenario model is a small validated structure loadable from a dict (the web page's /compare body)."""

from __future__ import annotations

import json

import pytest

from openfisca_ct_education.cli import main
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.workbench.scenarios import ScenarioSpec, parse_scenario_option

BILL_A = """\
title: Foundation to $12,000
bill: HB 5001
description: Raises the foundation from FY2026.
parameters:
  cgs_10_262f.foundation:
    2026: 12000
"""
BILL_B = """\
title: Heavier English learner weight
reforms: [opportunity_network]
parameters:
  cgs_10_262f.need_students.english_learner_weight: 0.30
"""


def test_a_scenario_round_trips_through_a_dict():
    spec = ScenarioSpec.from_dict(
        {"title": "HB 1", "bill": "HB 1", "reforms": ["opportunity_network+psd_consolidation"], "parameters": {"cgs_10_262f.foundation": {"2027": "12500"}}}
    )
    assert spec.reforms == ("opportunity_network", "psd_consolidation")
    assert [(edit.path, edit.value, edit.start) for edit in spec.edits] == [("cgs_10_262f.foundation", 12500, "2026-07-01")]
    assert ScenarioSpec.from_dict(spec.to_dict()) == spec


@pytest.mark.parametrize(
    "content, fragment",
    [
        ({"bill": "HB 1", "reforms": ["opportunity_network"]}, "no title"),
        ({"title": "", "reforms": ["opportunity_network"]}, "title must be text"),
        ({"title": "x" * 81, "reforms": ["opportunity_network"]}, "longer than 80"),
        ({"title": "A", "reforms": "", "parameters": None}, "changes nothing"),
        ({"title": "A", "reforms": [1]}, "list of reform names"),
        ({"title": "A", "parameters": {"cgs_10_262f.foundation": [1, 2]}}, "expected a number"),
        (["title", "A"], "expected a mapping"),
    ],
)
def test_a_bad_scenario_is_refused_with_its_reason(content, fragment):
    with pytest.raises(InputDataError, match=fragment):
        ScenarioSpec.from_dict(content)


def test_the_title_option(tmp_path):
    path = tmp_path / "a=b.yaml"
    path.write_text(BILL_A, encoding="utf-8")
    assert parse_scenario_option(str(path)) == (None, path)  # a file whose name holds '='
    assert parse_scenario_option("HB 5001=bill.yaml")[0] == "HB 5001"


def test_two_bills_side_by_side_labelled_by_their_titles(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text(BILL_A, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BILL_B, encoding="utf-8")
    arguments = ["compare", "--year", "2026", "--format", "json"]
    assert main([*arguments, "--scenario", str(tmp_path / "a.yaml"), "--scenario", f"Bill B={tmp_path / 'b.yaml'}"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["scenarios"] == ["Foundation to $12,000", "Bill B"]
    assert result["scenario_details"][0] == {"title": "Foundation to $12,000", "bill": "HB 5001", "description": "Raises the foundation from FY2026."}
    # The same edits given with --set give the same statewide figures as the scenario file.
    assert main([*arguments, "--set", "cgs_10_262f.foundation=12000@2026"]) == 0
    plain = json.loads(capsys.readouterr().out)
    ecs = {row["scenario"]: row["value"] for row in result["statewide"] if row["variable"] == "ecs_entitlement"}
    assert ecs["Foundation to $12,000"] == next(row["value"] for row in plain["statewide"] if row["variable"] == "ecs_entitlement")
    assert {row["scenario"] for row in result["parameter_edits"]} == {"Foundation to $12,000", "Bill B"}
    assert main(["compare", "--year", "2026", "--scenario", str(tmp_path / "a.yaml")]) == 0
    text = capsys.readouterr().out
    assert "Foundation to $12,000 (HB 5001): Raises the foundation from FY2026." in text
