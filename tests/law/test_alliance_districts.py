"""C.G.S. 10-262u on the shipped data: the report's worked examples, the designations of record, the reconciliation."""

from pathlib import Path

import numpy
import pandas
import pytest

from openfisca_ct_education.audit import reconciliation
from openfisca_ct_education.data.inputs import SHIPPED_DESIGNATIONS
from openfisca_ct_education.engine.simulation import build_simulation

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fy2026():
    return build_simulation(2026)


def town(simulation, name, variable, period="2026"):
    return simulation.calculate(variable, period)[list(simulation.populations["town"].ids).index(name)]


def test_ansonia_fy2026_worked_example(fy2026):
    # CSDE report (Feb 2026): Ansonia FY2012 ECS ~$15.1M, FY2026 ~$21.3M -> alliance grant ~$6.3M = 29.5% of ECS.
    # Published FY2012 entitlement 15,031,668; FY2026 21,332,353 -> 21,332,353 - 15,031,668 = 6,300,685.
    assert town(fy2026, "Ansonia", "alliance_district_base_year") == 2012
    assert town(fy2026, "Ansonia", "alliance_district_base_year_entitlement") == 15_031_668
    assert town(fy2026, "Ansonia", "alliance_district_grant") == 6_300_685
    assert town(fy2026, "Ansonia", "ecs_non_alliance_portion") == 15_031_668
    assert round(town(fy2026, "Ansonia", "alliance_district_share_of_ecs"), 3) == 0.295


def test_east_haven_fy2026_worked_example(fy2026):
    # CSDE report: East Haven FY2012 $18.8M, FY2026 ~$20.0M -> ~$1.2M = 6.2%.
    # Published FY2012 18,764,125; FY2026 20,005,957 -> 1,241,832 (6.2%).
    assert town(fy2026, "East Haven", "alliance_district_grant") == 1_241_832
    assert round(town(fy2026, "East Haven", "alliance_district_share_of_ecs"), 3) == 0.062


def test_fy2023_cohort_uses_fy2022_base(fy2026):
    # Stratford, first designated for FY2023 (C.G.S. 10-262u(b)(3)): base year FY2022.
    assert town(fy2026, "Stratford", "alliance_district_first_designation_year") == 2023
    assert town(fy2026, "Stratford", "alliance_district_base_year") == 2022


def test_share_range_fy2013_and_fy2026(fy2026):
    # CSDE report: 2.1% to 10.3% in 2012-13; 2.1% to 63.7% in 2025-26 (among districts with a grant).
    for simulation, year, low, high in ((build_simulation(2013), "2013", 0.021, 0.103), (fy2026, "2026", 0.021, 0.637)):
        share = simulation.calculate("alliance_district_share_of_ecs", year)
        positive = share[share > 0]
        assert (round(positive.min(), 3), round(positive.max(), 3)) == (low, high)


def test_statewide_fy2013_total():
    # CSDE report: about $39.5 million in 2012-13. Rule on the published entitlements: 39,499,998.
    simulation = build_simulation(2013)
    assert simulation.calculate("alliance_district_grant_statewide", "2013")[0] == 39_499_998


def test_grant_plus_non_alliance_is_the_entitlement(fy2026):
    total = fy2026.calculate("alliance_district_grant", "2026") + fy2026.calculate("ecs_non_alliance_portion", "2026")
    assert (total == fy2026.calculate("ecs_entitlement", "2026")).all()


def test_designations_of_record_match_the_designation_file():
    """The parameters agree with the compiled record (district_designations.csv), year by year."""
    record = pandas.read_csv(SHIPPED_DESIGNATIONS).set_index("town_code")
    counts = {}
    for year in (2013, 2017, 2018, 2022, 2023, 2026):
        simulation = build_simulation(year)
        codes = simulation.calculate("town_code", "ETERNITY")
        first = record["alliance_first_designated_fy"].reindex(codes)
        expected = (first <= year).to_numpy()
        assert (simulation.calculate("is_alliance_district", str(year)) == expected).all()
        counts[year] = int(expected.sum())
    # C.G.S. 10-262u(b): 30 districts for FY2013, 33 from FY2018, 36 from FY2023.
    assert counts == {2013: 30, 2017: 30, 2018: 33, 2022: 33, 2023: 36, 2026: 36}
    fy2026 = build_simulation(2026)
    codes = fy2026.calculate("town_code", "ETERNITY")
    assert (fy2026.calculate("is_educational_reform_district", "2026")
            == record["educational_reform_district_fy2026"].reindex(codes).astype(bool).to_numpy()).all()


def test_designation_rule_on_the_2024_25_index():
    """Who a designation round on the 2024-25 accountability index would pick (period 2025)."""
    simulation = build_simulation(2025)
    ids = numpy.array(simulation.populations["town"].ids)
    rank = simulation.calculate("alliance_designation_rank", "2025")
    selected = simulation.calculate("is_selected_by_alliance_designation_rule", "2025")
    designated = simulation.calculate("is_alliance_district", "2025")
    # Every district of record stays (previously designated); the ranked ones are the districts of at least 1,000 students.
    assert selected[designated].all()
    assert (simulation.calculate("district_enrollment", "2025")[rank > 0] >= 1000).all()
    # The lowest-ranked district is the one with the lowest index among them.
    index = simulation.calculate("accountability_index", "2025")
    assert index[rank == 1][0] == index[rank > 0].min()
    assert sorted(ids[rank.argsort()][rank[rank.argsort()] > 0][:3]) == sorted(ids[rank > 0][numpy.argsort(index[rank > 0])][:3])


def _round_on_an_index(year, lowest_codes):
    """A designation round for fiscal ``year`` whose accountability index puts ``lowest_codes`` lowest (all 1,000+ students)."""
    simulation = build_simulation(year)
    codes = simulation.calculate("town_code", "ETERNITY")
    index = numpy.where(numpy.isin(codes, lowest_codes), 40.0, 90.0) + codes / 1000  # the listed towns lowest
    simulation.set_input("accountability_index", str(year), index)
    simulation.set_input("district_enrollment", str(year), numpy.full(len(codes), 5000.0))
    return simulation, codes


@pytest.mark.parametrize("year, exiting, new", [
    # CSDE report (Feb 2026), Identification: "In 2017, when it was evident that three Alliance Districts would exit due
    # to improved performance and three new districts would be identified based on the Accountability Index, the law
    # was amended to increase the number of Alliance Districts to 33"; new in 2017-18: Groton, Thompson, Torrington.
    # The three that would have exited are not named: any three of the original thirty give the same count.
    (2018, [2, 11, 15], [59, 141, 143]),
    # "In 2022, when it was again evident that three Alliance Districts would exit ... to 36"; new: Enfield,
    # Plainfield, Stratford.
    (2023, [2, 11, 15], [49, 109, 138]),
])
def test_designation_round_reproduces_the_designations_of_record(year, exiting, new):
    """(a)(1): the N lowest ranked, or previously designated; (b): the number designated. Worked from the text:

    2017 round: CSDE "select the 30 lowest" + "Add any district previously identified ... June 30, 2013 to June 30,
    2017": 30 ranked = 27 originals + 3 new; + the 3 originals not ranked = 33 = (b)(2) "thirty-three".
    2022 round: (a)(1)(A) "the thirty-three lowest" + (B) "previously designated ... June 30, 2013, to June 30, 2022":
    33 ranked = 30 earlier designees + 3 new; + the 3 not ranked = 36 = (b)(3) "thirty-six".
    """
    record = pandas.read_csv(SHIPPED_DESIGNATIONS).set_index("town_code")["alliance_first_designated_fy"]
    earlier = record[record < year].index.to_numpy()
    lowest = numpy.concatenate([numpy.setdiff1d(earlier, exiting), new])
    simulation, codes = _round_on_an_index(year, lowest)
    parameters = simulation.tax_benefit_system.parameters(str(year)).cgs_10_262u
    assert len(lowest) == parameters.number_ranked_lowest == {2018: 30, 2023: 33}[year]
    selected = simulation.calculate("is_selected_by_alliance_designation_rule", str(year))
    assert (selected == simulation.calculate("is_alliance_district", str(year))).all()
    assert simulation.calculate("alliance_districts_selected_by_rule", str(year))[0] == parameters.number_designated


def test_alliance_reconciliation_over_all_towns_and_years():
    """Model = max(0, entitlement - base-year entitlement) for every town FY2013-FY2026; the report is committed."""
    by_town, deviations, text = reconciliation.alliance_report()
    assert deviations.empty, deviations
    assert len(by_town) == 169 * 14
    assert (by_town["alliance_district_grant"] + by_town["ecs_non_alliance_portion"] == by_town["ecs_entitlement"]).all()
    committed = ROOT / "docs" / "reconciliation_alliance.md"
    assert committed.read_text() == text, "regenerate with `ct-education reconcile --alliance --output-dir docs`"


def test_alliance_reconciliation_locates_the_fy2026_and_fy2018_deviations():
    """Worked from the published entitlements (ecs_entitlements_by_town_fy2001_2026.csv):

    Enfield (first designated FY2023; C.G.S. 10-262u(c) base FY2022): FY2022 29,823,645, FY2026 29,823,645 -> grant 0.
    On an FY2012 base (28,380,144): 29,823,645 - 28,380,144 = 1,443,501. Model statewide 534,355,204 + 1,443,501 =
    535,798,705; report $535.8M -> -1,295 (below the report's $0.1M rounding).
    FY2018, 10-262h(a)(1): an alliance district is entitled to "its base grant amount" (its FY2017 grant), e.g. Ansonia
    16,473,543 - 15,031,668 = 1,441,875, where the amount paid after the holdbacks (16,423,029) gives 1,391,361.
    """
    by_town, _, text = reconciliation.alliance_report()
    assert "Enfield $1,443,501" in text and "$535,798,705" in text and "$-1,295" in text
    ansonia = by_town[(by_town["fiscal_year"] == 2018) & (by_town["town"] == "Ansonia")].iloc[0]
    assert ansonia["alliance_district_grant"] == 1_441_875 and ansonia["ecs_entitlement"] == 16_423_029
    assert "before the November 2017 holdbacks" in text
