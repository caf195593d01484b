"""explain takes exactly compare's scenario options and gives compare's number (issue 12, item 6).

Was: compare --reform opportunity_network gave Woodstock its network grant as if in force, explain gave
$0 for the same reform (staged), had no --set/--parameters/--scenario, and could not explain a variable
only a reform defines.
"""

from __future__ import annotations

import json

import pytest

from openfisca_ct_education.cli import main


def _compare(capsys, *options) -> dict:
    assert main(["compare", "--year", "2026", "--format", "json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def _explain(capsys, town, variable, *options) -> dict:
    assert main(["explain", "--town", town, "--year", "2026", "--variable", variable, "--format", "json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def _town_value(comparison, town, variable, scenario):
    return next(row[variable][scenario] for row in comparison["towns"] if row["town"] == town)


@pytest.mark.parametrize(
    "options, scenario",
    [
        (["--reform", "opportunity_network"], "opportunity_network"),
        (["--reform", "opportunity_network", "--staged"], "opportunity_network"),
        (["--set", "cgs_10_262f.foundation=12000@2026"], "parameter edits"),
        (["--reform", "opportunity_network+evidence_based_set_aside", "--set", "opportunity_network.grant.share_of_ecs_per_high_need_share=0.5"], "opportunity_network+evidence_based_set_aside"),
    ],
)
def test_explain_gives_the_number_compare_gives(capsys, options, scenario):
    comparison = _compare(capsys, *options)
    for town in ("Woodstock", "Hartford"):
        explanation = _explain(capsys, town, "alliance_district_grant", *options)
        assert explanation["tree"]["value"] == _town_value(comparison, town, "alliance_district_grant", scenario)


def test_the_network_reform_changes_woodstock_as_if_in_force_not_staged(capsys):
    # Woodstock is not an alliance district (no alliance grant under current law, C.G.S. 10-262u) but is
    # a network member by need (Recommendation 1): a grant as if in force, none while staged (FY2028).
    current = _explain(capsys, "Woodstock", "alliance_district_grant")["tree"]["value"]
    in_force = _explain(capsys, "Woodstock", "alliance_district_grant", "--reform", "opportunity_network")
    staged = _explain(capsys, "Woodstock", "alliance_district_grant", "--reform", "opportunity_network", "--staged")
    assert current == 0 and staged["tree"]["value"] == 0 and in_force["tree"]["value"] > 0
    assert in_force["as_if_in_force"] is True and staged["as_if_in_force"] is False
    assert in_force["tree"]["current_law"]["departs"] is True


@pytest.mark.parametrize("variable", ["is_opportunity_network_district", "opportunity_network_grant"])
def test_a_variable_only_a_reform_defines_can_be_explained(capsys, variable):
    explanation = _explain(capsys, "Woodstock", variable, "--reform", "opportunity_network")
    assert explanation["variable"] == variable and explanation["tree"]["origin"] == "formula"
    assert "current law does not have it" in explanation["tree"]["current_law"]["note"]


def test_explain_takes_a_scenario_file_and_lists_its_edits(tmp_path, capsys):
    bill = tmp_path / "bill.yaml"
    bill.write_text("title: HB 1\nparameters:\n  cgs_10_262f.foundation:\n    2026: 12000\n", encoding="utf-8")
    explanation = _explain(capsys, "Ansonia", "ecs_entitlement", "--scenario", str(bill))
    assert explanation["parameter_edits"] == [
        {"parameter": "cgs_10_262f.foundation", "old": 11525, "new": 12000, "from": "2025-07-01", "first_fiscal_year_changed": 2026}
    ]
    comparison = _compare(capsys, "--scenario", str(bill))
    assert explanation["tree"]["value"] == _town_value(comparison, "Ansonia", "ecs_entitlement", "HB 1")
