"""Variants of the law on one simulation (engine/variants.py) give, to the dollar, what a reform and a fresh simulation give."""

import numpy
import pytest

from openfisca_ct_education.engine.simulation import build_simulation, current_law
from openfisca_ct_education.engine.variants import EditableLaw, Rerun
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.workbench.parameter_edits import ParameterEdit, edits_reform

FROM_FY2026 = "2025-07-01"


def reformed(edits):
    """The figures the way compare gets them: an OpenFisca reform and a simulation built for it."""
    simulation = build_simulation(2026, tax_benefit_system=edits_reform(edits)(current_law()))
    return simulation.calculate("ecs_entitlement", "2026"), simulation.calculate("alliance_district_grant", "2026")


def test_values_changed_in_place_give_what_a_reform_gives():
    law = EditableLaw(current_law())
    rerun = Rerun(build_simulation(2026, tax_benefit_system=law))
    foundation = law.parameters.cgs_10_262f.foundation
    weight = law.parameters.cgs_10_262f.need_students.english_learner_weight
    for value, el_weight in ((10_000, 0.25), (12_345, 0.25), (11_525, 0.30), (14_000, 0.30)):
        law.set_value(foundation, FROM_FY2026, value)
        law.set_value(weight, FROM_FY2026, el_weight)
        simulation = rerun.forget_computed()
        expected = reformed([ParameterEdit("cgs_10_262f.foundation", value, FROM_FY2026), ParameterEdit(weight.name, el_weight, FROM_FY2026)])
        numpy.testing.assert_array_equal(simulation.calculate("ecs_entitlement", "2026"), expected[0])
        numpy.testing.assert_array_equal(simulation.calculate("alliance_district_grant", "2026"), expected[1])


def test_current_law_and_the_inputs_are_left_alone():
    before = build_simulation(2026).calculate("ecs_entitlement", "2026").copy()
    law = EditableLaw(current_law())
    simulation = build_simulation(2026, tax_benefit_system=law)
    rerun = Rerun(simulation)
    prior = simulation.calculate("ecs_entitlement", "2025").copy()
    law.set_value(law.parameters.cgs_10_262f.foundation, FROM_FY2026, 20_000)
    rerun.forget_computed().calculate("ecs_entitlement", "2026")
    assert current_law().parameters(2026).cgs_10_262f.foundation == 11_525
    numpy.testing.assert_array_equal(build_simulation(2026).calculate("ecs_entitlement", "2026"), before)
    numpy.testing.assert_array_equal(rerun.forget_computed().calculate("ecs_entitlement", "2025"), prior)


def test_a_value_the_parameter_may_not_take_is_refused_and_the_law_kept():
    law = EditableLaw(current_law())
    foundation = law.parameters.cgs_10_262f.foundation
    law.set_value(foundation, FROM_FY2026, 12_000)
    with pytest.raises(InputDataError, match="is negative"):
        law.set_value(foundation, FROM_FY2026, -5)
    assert law.get_parameters_at_instant("2026-01-01").cgs_10_262f.foundation == 12_000
