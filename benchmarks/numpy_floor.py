"""The FY2019+ ECS entitlement written directly in numpy: the floor the OpenFisca model is timed against.

The same arithmetic as variables/cgs_10_262f and cgs_10_262h (need students, wealth factors against
the statewide medians, base aid ratio, fully funded grant, phase-in, hold-harmless), on the columns of
a checked formula-inputs table, with the parameters of the year read once. The benchmark checks it
gives the model's entitlements to the dollar before it times it.
"""

from __future__ import annotations

import numpy

from openfisca_ct_education.engine.rounding import round_half_up


def parameters_for(system, year: int) -> dict:
    """The parameter values the formula uses for fiscal ``year``, as plain numbers."""
    p = system.parameters(str(year))
    f, h = p.cgs_10_262f, p.cgs_10_262h
    return {
        "foundation": f.foundation,
        "low_income_weight": f.need_students.low_income_weight,
        "concentrated_poverty_weight": f.need_students.concentrated_poverty_weight,
        "concentrated_poverty_threshold": f.need_students.concentrated_poverty_threshold,
        "english_learner_weight": f.need_students.english_learner_weight,
        "threshold_factor": f.wealth.threshold_factor,
        "engl_weight": f.wealth.engl_weight,
        "mhi_weight": f.wealth.mhi_weight,
        "minimum_protected": f.base_aid_ratio.minimum_alliance_or_priority_district,
        "minimum_other": f.base_aid_ratio.minimum_other_town,
        "pic_adjustment": f.base_aid_ratio.adjustment_by_pic_rank,
        "regional_amount": f.regional_bonus.amount_per_student,
        "endowed_amount": f.endowed_academy_bonus.amount_per_student,
        "up_rate": h.underfunded_increase_rate,
        "down_rate": h.overfunded_decrease_rate,
    }


def columns_for(frame) -> dict:
    """The formula-inputs columns as float64 arrays (protected = alliance or priority school district)."""
    names = (
        "resident_students", "frpl_count", "ell_count", "engl_avg", "population", "mhi", "pic_rank",
        "rsd_students", "rsd_grades", "endowed_students", "endowed_grades", "base_grant_fy2017",
        "ecs_entitlement_prior_year",
    )
    columns = {name: frame[name].to_numpy(dtype=numpy.float64) for name in names}
    columns["protected"] = (frame["alliance_flag"].to_numpy() + frame["psd_flag"].to_numpy()) > 0
    return columns


def entitlement(c: dict, p: dict) -> numpy.ndarray:
    """ECS entitlement of every town for a year from FY2023 on (reference amount = previous grant)."""
    resident, low_income = c["resident_students"], c["frpl_count"]
    concentrated = numpy.maximum(0, low_income - p["concentrated_poverty_threshold"] * resident)
    need = round_half_up(
        resident
        + p["low_income_weight"] * low_income
        + p["concentrated_poverty_weight"] * concentrated
        + p["english_learner_weight"] * c["ell_count"],
        2,
    )
    engl_per_capita = round_half_up(c["engl_avg"] / c["population"], 2)
    engl_factor = round_half_up(engl_per_capita / (p["threshold_factor"] * numpy.median(engl_per_capita)), 6)
    mhi_factor = round_half_up(c["mhi"] / (p["threshold_factor"] * numpy.median(c["mhi"])), 6)
    wealth = round_half_up(p["engl_weight"] * engl_factor + p["mhi_weight"] * mhi_factor, 6)
    minimum = numpy.where(c["protected"], p["minimum_protected"], p["minimum_other"])
    ratio = round_half_up(numpy.maximum(1 - wealth, minimum) + p["pic_adjustment"].calc(c["pic_rank"]), 6)
    before_bonuses = round_half_up(p["foundation"] * need * ratio)
    bonuses = p["regional_amount"] * c["rsd_students"] * c["rsd_grades"] + p["endowed_amount"] * c["endowed_students"] * c["endowed_grades"]
    fully_funded = round_half_up(before_bonuses + bonuses)
    prior = c["ecs_entitlement_prior_year"]
    adjustment = numpy.abs(fully_funded - prior)
    step = numpy.where(fully_funded > prior, p["up_rate"] * adjustment, -p["down_rate"] * adjustment)
    phase_in = round_half_up(prior + step)
    hold_harmless = numpy.maximum(c["base_grant_fy2017"], prior)
    return numpy.where(c["protected"], numpy.maximum(phase_in, hold_harmless), phase_in)
