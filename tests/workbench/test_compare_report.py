"""The compare report says what it computed (issue 12, item 5)."""

from __future__ import annotations

import json

from openfisca_ct_education.cli import main


def _run(capsys, *options, fmt="json"):
    assert main(["compare", "--year", "2026", "--format", fmt, *options]) == 0
    out = capsys.readouterr().out
    return json.loads(out) if fmt == "json" else out


def test_a_plain_edit_has_no_network_and_no_as_if_in_force(capsys):
    # Was: the network went "from 36 to 0", all 36 alliance districts "leaving", and "as if in force: yes".
    result = _run(capsys, "--set", "cgs_10_262f.foundation=12000")
    assert {row["designation"] for row in result["designations"]} == {"alliance", "psd"}
    assert all(row["entering"] == [] and row["leaving"] == [] for row in result["designations"])
    assert "as_if_in_force" not in result
    assert "as_if_in_force" in _run(capsys, "--reform", "opportunity_network")


def test_the_boards_of_education_total_says_what_it_sums(capsys):
    result = _run(capsys, "--reform", "opportunity_network+evidence_based_set_aside")
    rows = {row["variable"]: row for row in result["statewide"]}
    board = rows["to_boards_of_education"]
    summed = [name for name in result["statewide_note"].split("=", 1)[1].split(";")[0].split("+")]
    assert board["value"] == sum(rows[name.strip()]["value"] for name in summed)
    assert "evidence_based_set_aside" not in [name.strip() for name in summed]
    assert "set-aside is part of alliance_district_grant" in result["statewide_note"]


def test_counts_are_apart_from_dollars_with_their_unit(capsys):
    text = _run(capsys, "--reform", "differentiated_support", fmt="table")
    dollars = text[text.index("== Statewide ($) =="):text.index("== Statewide counts ==")]
    counts = text[text.index("== Statewide counts =="):text.index("== Designations")]
    assert "alliance_monitoring_meetings" not in dollars
    assert "alliance_monitoring_meetings" in counts and "meetings a year" in counts
    rows = {row["variable"]: row for row in _run(capsys, "--reform", "differentiated_support")["statewide"]}
    assert rows["alliance_monitoring_meetings"]["unit"] == "meeting" and rows["ecs_entitlement"]["unit"] == "currency-USD"
