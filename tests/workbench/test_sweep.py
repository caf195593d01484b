"""ct-education sweep and its goal-seek: a hand-checked property of the law, an independent check, bad input."""

import json

import numpy
import pytest

from openfisca_ct_education.cli import main
from openfisca_ct_education.engine.simulation import build_simulation, current_law
from openfisca_ct_education.workbench.parameter_edits import ParameterEdit, edits_reform
from openfisca_ct_education.workbench.sweep import Spec, goal_seek, parse_axis, sweep

FOUNDATION = "cgs_10_262f.foundation"


def test_statewide_change_per_dollar_of_foundation_is_constant_in_a_fully_phased_in_year():
    """FY2026 is fully phased in (C.G.S. 10-262h as amended by PA 23-204 and PA 25-168): a town whose
    fully funded grant exceeds its previous year's grant gets the whole increase (phase-in rate 100%),
    and a town whose fully funded grant does not is held harmless at its previous grant (the phase-down
    starts in FY2028); an alliance or priority school district gets at least its FY2017 base grant.
    So each town's entitlement is max(fully funded grant, floor), floor = its FY2025 entitlement (and
    its FY2017 base grant for an alliance or priority school district). The fully funded grant is
    foundation x need students x base aid ratio (C.G.S. 10-262f), rounded to the dollar, plus the
    regional and endowed-academy bonuses, which do not depend on the foundation.

    Hence, as long as no town crosses its floor, the statewide total is linear in the foundation:
    each $1 adds sum(need students x base aid ratio) over the towns above their floor, and every
    town's rounding to the dollar moves each step by at most $1. The condition holds from $11,490 to
    $11,550 (the nearest towns cross at about $11,486 and $11,558), and is checked below, not assumed.
    """
    axis = parse_axis(f"{FOUNDATION}=11490:11550:10@2026")
    variables = ("ecs_entitlement", "ecs_fully_funded_grant", "ecs_prior_year_entitlement", "ecs_base_grant_amount",
                 "is_alliance_district", "is_priority_school_district", "ecs_need_students", "ecs_base_aid_ratio")
    result = sweep(Spec(2026, (axis,), variables))
    above = []
    for by_year in result.values:
        arrays = by_year[2026]
        protected = arrays["is_alliance_district"] | arrays["is_priority_school_district"]
        floor = numpy.where(protected, numpy.maximum(arrays["ecs_prior_year_entitlement"], arrays["ecs_base_grant_amount"]), arrays["ecs_prior_year_entitlement"])
        above.append(arrays["ecs_fully_funded_grant"] > floor)
        numpy.testing.assert_array_equal(arrays["ecs_entitlement"], numpy.maximum(arrays["ecs_fully_funded_grant"], floor))
    assert all((mask == above[0]).all() for mask in above), "a town crossed its floor inside the range"
    rising = above[0]
    assert 0 < rising.sum() < 169

    totals = numpy.array([total["ecs_entitlement"] for total in result.statewide()])
    per_dollar = numpy.diff(totals) / 10
    first = result.values[0][2026]
    slope = (first["ecs_need_students"] * first["ecs_base_aid_ratio"])[rising].sum()
    tolerance = rising.sum() / 10  # at most $1 a town a step, from the rounding to the dollar
    assert per_dollar.max() - per_dollar.min() <= tolerance
    assert numpy.abs(per_dollar - slope).max() <= tolerance


def statewide_entitlement(foundation):
    """Independently of the sweep: an OpenFisca reform of the foundation from FY2026 and a fresh simulation."""
    system = edits_reform([ParameterEdit(FOUNDATION, foundation, "2025-07-01")])(current_law())
    return float(build_simulation(2026, tax_benefit_system=system).calculate("ecs_entitlement", "2026").sum())


def test_goal_seek_finds_the_neighbouring_foundations_around_the_target():
    target = 2_700_000_000
    goal = goal_seek(Spec(2026, (parse_axis(f"{FOUNDATION}=12000:13500:1@2026"),), ()), "statewide_entitlement", target)
    (low, at_low), (high, at_high) = goal.below, goal.above
    assert high - low == 1
    assert statewide_entitlement(low) == at_low < target < at_high == statewide_entitlement(high)
    assert goal.evaluations <= 13  # bisection: about log2(1,501) + 2


def test_sweep_gives_what_reforms_give_in_one_and_in_two_processes():
    axis = parse_axis(f"{FOUNDATION}=10000,11525,14000@2026")
    one = sweep(Spec(2026, (axis,), ("ecs_entitlement",)))
    two = sweep(Spec(2026, (axis,), ("ecs_entitlement",)), jobs=2)
    assert one.statewide() == two.statewide()
    assert [total["ecs_entitlement"] for total in one.statewide()] == [statewide_entitlement(value) for value in (10000, 11525, 14000)]


def run(capsys, *arguments):
    status = main(["sweep", "--year", "2026", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_grid_and_per_town_rows(capsys):
    status, out, _ = run(capsys, "--set", f"{FOUNDATION}=11000:12000:500", "--set", "cgs_10_262f.need_students.english_learner_weight=0.25,0.3", "--format", "json")
    assert status == 0
    variants = json.loads(out)["variants"]
    assert [(row[FOUNDATION], row["cgs_10_262f.need_students.english_learner_weight"]) for row in variants] == [
        (11000, 0.25), (11000, 0.3), (11500, 0.25), (11500, 0.3), (12000, 0.25), (12000, 0.3)
    ]
    assert variants[0]["ecs_entitlement"] == int(statewide_entitlement(11000))
    status, out, _ = run(capsys, "--set", f"{FOUNDATION}=11525,12000", "--towns", "--format", "csv")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 1 + 2 * 169 and lines[0].startswith(f"{FOUNDATION},town_code,town,")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--set", f"{FOUNDATION}=11000:12000:0"], "step 0 must be positive"),
        (["--set", f"{FOUNDATION}=11000:12000:-100"], "must be positive"),
        (["--set", f"{FOUNDATION}=12000:11000:100"], "is below START"),
        (["--set", f"{FOUNDATION}=11000:12000"], "three parts"),
        (["--set", f"{FOUNDATION}=11000,,12000"], "an empty value"),
        (["--set", f"{FOUNDATION}=-100,12000"], "is negative"),
        (["--set", "cgs_10_262f.foundatoin=1,2"], "Did you mean cgs_10_262f.foundation"),
        (["--set", f"{FOUNDATION}=10000:14000:1"], "4,001 variants is more than 1,000: give --yes"),
        (["--set", f"{FOUNDATION}=11000,12000", "--jobs", "0"], "--jobs 0"),
        (["--set", f"{FOUNDATION}=10000:11000:1", "--target", "statewide_entitlement=9000000000@2026"], "the closest is 2,394,"),
        (["--set", f"{FOUNDATION}=10000:11000:1", "--target", "statewide_entitlement=2500000000@2027"], "the sweep is of FY2026"),
        (["--set", f"{FOUNDATION}=10000:11000:1", "--target", "statewide_nothing=1"], "not a variable"),
        (["--set", f"{FOUNDATION}=10000:11000:1", "--set", "cgs_10_262f.need_students.english_learner_weight=0.25,0.3", "--target", "statewide_entitlement=2500000000"], "exactly one --set"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_prints_no_number(capsys, arguments, message):
    status, out, err = run(capsys, *arguments)
    assert status == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_a_projected_year_is_swept_as_reforms_give_it():
    """FY2028 is a projection chained from FY2027: its prior-year entitlement is computed, so it must follow the foundation."""
    axis = parse_axis(f"{FOUNDATION}=11525,13000@2027")
    result = sweep(Spec(2028, (axis,), ("ecs_entitlement",)))
    for value, total in zip((11525, 13000), result.statewide()):
        system = edits_reform([ParameterEdit(FOUNDATION, value, "2026-07-01")])(current_law())
        expected = build_simulation(2028, tax_benefit_system=system).calculate("ecs_entitlement", "2028").sum()
        assert total["ecs_entitlement"] == expected


def test_a_window_of_years_is_chained_as_a_reform_chains_it(capsys):
    """--years 2027-2029 with the foundation from FY2027: each year as run_years gives it under a reform (chained from FY2027)."""
    from openfisca_ct_education.engine.years import run_years

    status, out, _ = run_cli_years(capsys, "--set", f"{FOUNDATION}=11525,12500@2027", "--format", "json")
    assert status == 0
    rows = json.loads(out)["variants"]
    assert [(row[FOUNDATION], row["fiscal_year"]) for row in rows] == [(v, y) for v in (11525, 12500) for y in (2027, 2028, 2029)]
    for value in (11525, 12500):
        system = edits_reform([ParameterEdit(FOUNDATION, value, "2026-07-01")])(current_law())
        run = run_years([2027, 2028, 2029], chain_from=2027, tax_benefit_system=system)
        for year in (2027, 2028, 2029):
            (row,) = [row for row in rows if row[FOUNDATION] == value and row["fiscal_year"] == year]
            assert row["ecs_entitlement"] == int(run.simulations[year].calculate("ecs_entitlement", str(year)).sum())


def run_cli_years(capsys, *arguments):
    status = main(["sweep", "--years", "2027-2029", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_window_refuses_a_data_file_and_a_target_outside_it(capsys, tmp_path):
    status, out, err = run_cli_years(capsys, "--set", f"{FOUNDATION}=11525,12500@2027", "--target", "statewide_entitlement=1@2031")
    assert (status, out) == (2, "") and "the sweep is of FY2027-FY2029" in err
    status, out, err = run_cli_years(capsys, "--set", f"{FOUNDATION}=11525,12500@2027", "--data", str(tmp_path / "x.csv"))
    assert (status, out) == (2, "") and "--data is for one --year" in err


def test_a_range_of_small_values_is_read_as_plain_decimals():
    """0.00001:0.00003:0.00001 are three values (Python writes the first as 1e-05, which the plain-decimal rule of
    bill edits refuses: the range's values are handed to it as decimals)."""
    axis = parse_axis("cgs_10_262f.base_aid_ratio.minimum_other_town=0.00001:0.00003:0.00001")
    assert axis.values == (0.00001, 0.00002, 0.00003)
