"""The drafter's workbench (ct-education compare) and the Opportunity Network reforms on the shipped data."""

import json

import numpy
import pandas
import pytest

from openfisca_ct_education.workbench import compare
from openfisca_ct_education.cli import main
from openfisca_ct_education.data.inputs import SHIPPED_ACCOUNTABILITY_INDEX, SHIPPED_DESIGNATIONS, SHIPPED_ENROLLMENT
from openfisca_ct_education.workbench.parameter_edits import parse_set

ALL_FOUR = "opportunity_network+differentiated_support+psd_consolidation+evidence_based_set_aside"


def run_json(capsys, *arguments):
    assert main(["compare", "--year", "2026", "--as-if-in-force", "--format", "json", *arguments]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def network():
    return compare.compare(2026, compare.scenarios(["opportunity_network"], []), as_if_in_force=True)


def independent_network_members():
    """Recommendation 1 on the shipped files, by pandas: bottom 30 by 2024-25 index, top 40 by the
    lower-bound high-need share of 2024-25, or an alliance district of record (FY2026)."""
    index = pandas.read_csv(SHIPPED_ACCOUNTABILITY_INDEX)
    index = index[index["district_code"] % 10000 == 11].assign(town_code=lambda f: f["district_code"] // 10000)
    enrollment = pandas.read_csv(SHIPPED_ENROLLMENT)
    enrollment = enrollment[(enrollment["district_code"] % 10000 == 11) & (enrollment["fiscal_year"] == 2025)]
    enrollment = enrollment.assign(town_code=lambda f: f["district_code"] // 10000).set_index("town_code")
    share = enrollment[["n_frpl", "n_ell", "n_sped"]].max(axis=1) / enrollment["enrollment_total"]
    ranked = index[index["town_code"].isin(enrollment.index[enrollment["enrollment_total"] > 0])]
    bottom = set(ranked.sort_values("accountability_index", kind="stable")["town_code"][:30])
    neediest = set(share[enrollment["enrollment_total"] > 0].sort_values(ascending=False, kind="stable").index[:40])
    designations = pandas.read_csv(SHIPPED_DESIGNATIONS)
    alliance = set(designations.loc[designations["alliance_fy2026"] == 1, "town_code"])
    names = designations.set_index("town_code")["town"]
    return {names[code] for code in bottom | neediest | alliance}, {names[code] for code in alliance}


def test_network_members_match_an_independent_identification(network):
    members, alliance = independent_network_members()
    towns = network.towns
    model = set(towns["town"][towns["is_opportunity_network_district|opportunity_network"]])
    assert model == members
    # The report expects about 46 districts including all 36 alliance districts, ~10 new small districts.
    row = network.designations.set_index("designation").loc["network"]
    assert (row["baseline_count"], row["count"]) == (36, len(members))
    assert set(row["entering"]) == members - alliance and row["leaving"] == []
    assert 40 <= len(members) <= 52


def test_statewide_totals_are_the_sums_of_towns(network):
    towns = network.towns
    for row in network.statewide.itertuples():
        if f"{row.variable}|{row.scenario}" in towns:
            assert row.value == towns[f"{row.variable}|{row.scenario}"].sum()
            assert row.baseline == towns[f"{row.variable}|{compare.BASELINE}"].sum()
            assert row.difference == row.value - row.baseline


def test_network_grant_moves_ecs_between_portions_only(network):
    towns = network.towns
    delta_grant = towns["alliance_district_grant|difference opportunity_network"]
    delta_town = towns["ecs_non_alliance_portion|difference opportunity_network"]
    assert (towns["ecs_entitlement|difference opportunity_network"] == 0).all()
    assert (delta_grant + delta_town == 0).all()


def test_cost_neutral_calibration_hits_current_law_to_the_dollar():
    scenario = compare.scenarios(["opportunity_network"], [parse_set("opportunity_network.grant.cost_neutral=true")])
    result = compare.compare(2026, scenario, as_if_in_force=True)
    towns = result.towns
    baseline_total = towns["alliance_district_grant|current law"].sum()
    assert baseline_total == 534_355_204  # current law's FY2026 alliance grants (see docs/reconciliation_alliance.md)
    assert towns["alliance_district_grant|opportunity_network"].sum() == baseline_total
    assert (towns["alliance_district_grant|opportunity_network"] == towns["alliance_district_grant|opportunity_network"].round()).all()


def test_all_four_recommendations_side_by_side_with_recommendation_1(capsys):
    result = run_json(capsys, "--reform", "opportunity_network", "--reform", ALL_FOUR)
    assert result["scenarios"] == ["opportunity_network", ALL_FOUR]
    designations = {(row["designation"], row["scenario"]): row for row in result["designations"]}
    assert designations[("intensive", ALL_FOUR)]["count"] == 15
    assert designations[("psd", ALL_FOUR)]["count"] == 15  # the PSDs become the intensive subset
    statewide = {(row["variable"], row["scenario"]): row for row in result["statewide"]}
    # 91 meetings today (19 x 3 + 17 x 2); under Recommendation 2, 15 intensive districts x 3 = 45
    meetings = statewide[("alliance_monitoring_meetings", ALL_FOUR)]
    assert (meetings["baseline"], meetings["value"]) == (91, 45)
    # consolidated: 30.8M + 2.9M + 3.4M = 37.1M; 10% retained = 3.71M; 20% x 30.8M = 6.16M incentive pool
    assert statewide[("opportunity_network_consolidated_grant", ALL_FOUR)]["value"] == 37_100_000 - 3_710_000 - 6_160_000
    assert statewide[("opportunity_network_administration_retained", ALL_FOUR)]["value"] == 3_710_000
    assert statewide[("opportunity_network_incentive_pool", ALL_FOUR)]["value"] == 6_160_000


def test_set_and_parameter_file_are_the_same_edit(tmp_path, capsys):
    path = tmp_path / "bill.yaml"
    path.write_text("cgs_10_262f.need_students.english_learner_weight:\n  2026: 0.30\n")
    from_file = run_json(capsys, "--parameters", str(path))
    from_set = run_json(capsys, "--set", "cgs_10_262f.need_students.english_learner_weight=0.30@2026")
    assert from_file["statewide"] == from_set["statewide"]
    entitlement = next(row for row in from_set["statewide"] if row["variable"] == "ecs_entitlement")
    assert entitlement["difference"] > 0  # a heavier English learner weight costs more


def test_unknown_parameter_is_an_error_naming_it(capsys):
    status = main(["compare", "--year", "2026", "--reform", "opportunity_network", "--set", "opportunity_network.grant.cost_neutrl=true"])
    error = capsys.readouterr().err
    assert status == 2 and "Unknown parameter 'opportunity_network.grant.cost_neutrl'" in error
    assert "opportunity_network.grant.cost_neutral" in error and "Traceback" not in error


def test_chart_and_markdown(tmp_path, capsys):
    chart = tmp_path / "change.png"
    assert main(["compare", "--year", "2026", "--reform", "opportunity_network", "--as-if-in-force", "--format", "markdown", "--chart", str(chart)]) == 0
    text = capsys.readouterr().out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "## Designations: districts entering and leaving" in text and "| network" in text


def test_record_year_compares_on_published_entitlements(capsys):
    assert main(["compare", "--year", "2017", "--reform", "opportunity_network", "--staged", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    grant = next(row for row in result["statewide"] if row["variable"] == "alliance_district_grant")
    # FY2017 (a year of record) is before the network's effective year (FY2028): nothing changes; current law's
    # total is the base-year rule on the published FY2017 entitlements, 135,271,086 (docs/reconciliation_alliance.md).
    assert (grant["baseline"], grant["difference"]) == (135_271_086, 0)


def test_as_if_in_force_is_the_default_and_staged_keeps_the_effective_year(capsys):
    """The done-when command of issue 4, without flags: the network applied to FY2026 as if in force."""
    assert main(["compare", "--year", "2026", "--reform", "opportunity_network", "--format", "json"]) == 0
    default = json.loads(capsys.readouterr().out)
    network = next(row for row in default["designations"] if row["designation"] == "network")
    assert (network["baseline_count"], network["count"], len(network["entering"])) == (36, 46, 10)
    assert default["as_if_in_force"].startswith("yes")
    assert main(["compare", "--year", "2026", "--reform", "opportunity_network", "--staged", "--format", "json"]) == 0
    staged = json.loads(capsys.readouterr().out)
    network = next(row for row in staged["designations"] if row["designation"] == "network")
    assert (network["count"], network["entering"]) == (36, [])  # FY2026 is before the effective FY2028
