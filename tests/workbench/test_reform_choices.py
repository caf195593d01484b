"""The choices the CSDE report (February 2026) does not make, as stated, switchable parameters of the reforms."""

import numpy
import pytest

from openfisca_ct_education.engine.simulation import build_simulation
from openfisca_ct_education.workbench import compare
from openfisca_ct_education.workbench.parameter_edits import parse_set


def simulate(reforms, *edits, year=2026):
    scenario = compare.scenarios([reforms], [parse_set(edit) for edit in edits])[0]
    return build_simulation(year, tax_benefit_system=scenario.system(year, as_if_in_force=True))


def values(simulation, name, towns, year="2026"):
    ids = list(simulation.populations["town"].ids)
    result = simulation.calculate(name, year)
    return [result[ids.index(town)] for town in towns]


@pytest.mark.parametrize("reaches_ecs, protected", [("false", False), ("true", True)])
def test_psd_consolidation_reaches_ecs_only_when_chosen(reaches_ecs, protected):
    """Recommendation 3: consolidate the PSD program "outside the ECS formula". Sprague becomes one of the network's
    priority school districts (its intensive subset) but is neither an alliance district nor a priority school district
    of record: by default it does not get the ECS protections (10% minimum base aid ratio of 10-262f(2), hold-harmless
    of 10-262h) a PSD has; with psd_consolidation.reaches_ecs it does."""
    simulation = simulate("opportunity_network+psd_consolidation", f"opportunity_network.psd_consolidation.reaches_ecs={reaches_ecs}")
    assert values(simulation, "is_priority_school_district", ["Sprague"]) == [True]
    assert values(simulation, "is_priority_school_district_under_current_law", ["Sprague"]) == [False]
    assert values(simulation, "is_alliance_district", ["Sprague"]) == [False]
    assert values(simulation, "ecs_is_protected_district", ["Sprague"]) == [protected]


def test_protections_stay_with_the_36_alliance_districts_unless_extended():
    """Note to Recommendations 1-2: about 46 network districts "including all 36 currently identified Alliance
    Districts". By default the protections stay with the 36 (and today's PSDs, all alliance districts in FY2026);
    extended, every one of the 46 members is protected (ECS floor and hold-harmless; MBR rule)."""
    default = simulate("opportunity_network")
    extended = simulate("opportunity_network", "opportunity_network.protections.extend_to_network_members=true")
    members = default.calculate("is_opportunity_network_district", "2026")
    assert members.sum() == 46
    assert default.calculate("ecs_is_protected_district", "2026").sum() == 36
    assert (default.calculate("ecs_is_protected_district", "2026") == default.calculate("is_alliance_district", "2026")).all()
    assert (extended.calculate("ecs_is_protected_district", "2026") == members).all()
    assert (extended.calculate("mbr_is_current_or_former_alliance_district", "2026") == members).all()


def test_evidence_based_take_up_is_a_labelled_assumption():
    """Recommendation 4 "incentivized": take-up is a parameter. Ansonia, FY2026 as if in force (network = the alliance
    districts without Recommendation 1): alliance grant 21,332,353 - 15,031,668 = 6,300,685 (docs/reconciliation_alliance.md);
    set-aside 10% x 6,300,685 = 630,068.50 -> 630,069 at full take-up; at 50% take-up 0.5 x 0.10 x 6,300,685 =
    315,034.25 -> 315,034."""
    full = simulate("evidence_based_set_aside")
    half = simulate("evidence_based_set_aside", "opportunity_network.evidence_based.take_up_share=0.5")
    assert values(full, "evidence_based_set_aside", ["Ansonia"]) == [630069]
    assert values(half, "evidence_based_set_aside", ["Ansonia"]) == [315034]
    label = half.tax_benefit_system.parameters.opportunity_network.evidence_based.take_up_share.metadata["label"]
    assert "assumed" in label
