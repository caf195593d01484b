"""What each input of the model may be: declared once here, checked at every door.

:data:`ADMISSIBLE` holds, for every input variable (every variable without a formula, and the formula
variables a situation of a few towns must give as inputs), the values it may take: its least and most
value, whether it is a whole number, the text values allowed, a value standing for "none", and another
input of the same town it may not exceed. The doors check against it:

* a formula-inputs CSV: the pandera schema of :mod:`openfisca_ct_education.data.schema` is built from it
  (each column names the variable it feeds);
* the Python API: a ``FormulaInputs`` goes through the same schema; ``simulation.set_input`` and a
  situation built with ``SimulationBuilder`` are checked by :class:`openfisca_ct_education.model_api.Variable`;
* the web API: :mod:`openfisca_ct_education.web.checks` (the hardened app), and the same engine checks as
  the Python API (the stock ``openfisca serve``).

The most values are **plausible bounds**, not statutory ones: each is far above any Connecticut figure of
FY2019-FY2027 (the shipped inputs of every formula year pass, tests/data/test_admissible.py) and stops a
slip of the keyboard (a count of 100,000 for a town of 332 students, 1e300) before it becomes a grant.
"""

from __future__ import annotations

import dataclasses
import math

import numpy

#: Connecticut's public school students (about 510,000 in 2024-25, CSDE EdSight): no town has more.
MOST_STUDENTS = 600_000
#: Dollars: more than the whole ECS grant of the state ($2.46 billion in FY2026) or any town's budget.
MOST_DOLLARS = 10_000_000_000
#: The state's towns, and so the largest rank among them.
TOWNS = 169


@dataclasses.dataclass(frozen=True)
class Admissible:
    """The values an input variable may take.

    ``what`` names the input in words; ``note`` says why a bound is where it is. The sentence a message
    gives (:attr:`why`) is made from them and the bounds, so each number is written once.
    """

    what: str
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    above_minimum: bool = False  # the minimum itself is not allowed (a count the formula divides by)
    allowed: tuple[str, ...] | None = None  # the values a text input may take
    sentinel: float | None = None  # a value outside the range that means "none" (e.g. no index)
    at_most: str | None = None  # another input of the same town and year this one may not exceed
    note: str = ""

    @property
    def why(self) -> str:
        """``what`` must be ...: the declaration in words."""
        if self.allowed is not None:
            rule = f"one of {', '.join(self.allowed)}"
        else:
            kind = "a whole number" if self.whole else "a number"
            if self.above_minimum:
                rule = f"{kind} above {_number(self.minimum)}" + (f" and at most {_number(self.maximum)}" if self.maximum is not None else "")
            elif self.minimum is not None and self.maximum is not None:
                rule = f"{kind} from {_number(self.minimum)} to {_number(self.maximum)}"
            elif self.minimum is not None:
                rule = f"{kind} of at least {_number(self.minimum)}"
            elif self.maximum is not None:
                rule = f"{kind} of at most {_number(self.maximum)}"
            else:
                rule = kind
            if self.sentinel is not None:
                rule += f", or {_number(self.sentinel)}"
        return f"{self.what} must be {rule}" + (f" ({self.note})" if self.note else "")


def _students(what: str, **more) -> Admissible:
    return Admissible(what, minimum=0, maximum=MOST_STUDENTS, note=f"{MOST_STUDENTS:,} is more than all of Connecticut's public school students", **more)


def _dollars(what: str, minimum: float | None = 0, maximum: float = MOST_DOLLARS, note: str = "") -> Admissible:
    note = note or f"${maximum:,.0f} is more than the whole state's ECS grant"
    return Admissible(f"{what} (dollars)", minimum=-maximum if minimum is None else minimum, maximum=maximum, note=note)


def _grades(what: str) -> Admissible:
    return Admissible(what, minimum=0, maximum=13, whole=True, note="kindergarten to grade 12 are 13 grades")


def _rank(what: str) -> Admissible:
    return Admissible(what, minimum=0, maximum=TOWNS, whole=True, note=f"0 = not ranked; the state has {TOWNS} towns")


ADMISSIBLE: dict[str, Admissible] = {
    # --- the town and its group ---
    "town_code": Admissible("a CSDE town code", minimum=1, maximum=TOWNS, whole=True),
    "district_reference_group": Admissible(
        "a District Reference Group", allowed=tuple("ABCDEFGHI"), note="A = wealthiest, I = neediest; one letter"
    ),
    # --- the ECS formula's inputs (C.G.S. 10-262f) ---
    "ecs_resident_students": _students("resident students", above_minimum=True),
    "ecs_low_income_students": _students("low-income students", at_most="ecs_resident_students"),
    "ecs_english_learners": _students("English learners", at_most="ecs_resident_students"),
    "ecs_regional_district_students": _students("students sent to a regional school district"),
    "ecs_regional_district_grades": _grades("the grades a regional school district serves"),
    "ecs_endowed_academy_students": _students("students sent to an endowed academy"),
    "ecs_endowed_academy_grades": _grades("the grades an endowed academy serves"),
    "ecs_equalized_net_grand_list": _dollars(
        "an equalized net grand list", maximum=1e12, note="$1,000,000,000,000 is more than the whole state's, about $600 billion"
    ),
    "ecs_population": Admissible(
        "a town's population", minimum=1, maximum=4_000_000, note="the formula divides by it; 4,000,000 is more than the state's"
    ),
    "ecs_median_household_income": _dollars(
        "a town's median household income", maximum=1_000_000, note="the Census tops it at $250,001"
    ),
    "ecs_public_investment_community_rank": _rank("a Public Investment Community rank"),
    "ecs_base_grant_amount": _dollars("the base grant amount (the town's FY2017 grant)"),
    "ecs_entitlement": _dollars("an ECS entitlement"),
    "ecs_state_median_household_income": _dollars(
        "the statewide median household income", minimum=1_000, maximum=1_000_000, note="the formula divides by it"
    ),
    "ecs_state_median_engl_per_capita": _dollars(
        "the statewide median equalized net grand list per capita", minimum=1_000, maximum=100_000_000, note="the formula divides by it"
    ),
    # --- designations (C.G.S. 10-262u, 10-266p, 10-276a, 10-263c) ---
    "accountability_index": Admissible(
        "an accountability index", minimum=0, maximum=100, sentinel=-1, note="-1 = the town has no local district"
    ),
    "district_enrollment": _students("a district's enrollment"),
    "district_low_income_students": _students("a district's low-income students"),
    "district_english_learners": _students("a district's English learners"),
    "district_students_with_disabilities": _students("a district's students with disabilities"),
    "psd_rank_children_and_mastery": _rank("a rank under C.G.S. 10-266p(a)(2)"),
    "psd_rank_ratio_and_mastery": _rank("a rank under C.G.S. 10-266p(a)(3)"),
    "psd_final_grant": _dollars("the final priority school district grant"),
    "years_since_loss_of_psd_status": Admissible(
        "the fiscal years since the final priority school district grant", minimum=0, maximum=100, whole=True
    ),
    # --- grants shared out of an appropriation (C.G.S. 10-266t, 10-265m, 10-266p) ---
    "average_daily_membership": _students("an average daily membership"),
    "extended_school_hours_total_membership": Admissible(
        "the state's total average daily membership", minimum=1, maximum=MOST_STUDENTS, note="each district's share divides by it"
    ),
    "summer_school_total_resident_students": Admissible(
        "the state's total resident students of priority school districts",
        minimum=1,
        maximum=MOST_STUDENTS,
        note="each district's share divides by it",
    ),
    "priority_school_district_appropriation": _dollars("the priority school district appropriation"),
    "extended_school_hours_appropriation": _dollars("the extended school hours appropriation"),
    "summer_school_appropriation": _dollars("the summer school appropriation"),
    "priority_school_district_appropriation_unallocated": _dollars(
        "the priority school district appropriation left after the base amounts", minimum=None
    ),
    # --- the minimum budget requirement (C.G.S. 10-262j) ---
    "budgeted_appropriation_for_education": _dollars("a budgeted appropriation for education"),
    "mbr_prior_year_budgeted_appropriation": _dollars("the prior year's budgeted appropriation for education"),
    "mbr_other_permitted_reductions": _dollars("the other permitted reductions of the minimum budget requirement"),
    "mbr_net_current_expenditures_per_resident_student": _dollars(
        "the net current expenditures per resident student", maximum=1_000_000, note="about $20,000 in Connecticut"
    ),
    "mbr_enrollment_decline_lookback_years": Admissible(
        "the years back over which the enrollment decline is measured",
        minimum=1,
        whole=True,
        note="the most is the parameter cgs_10_262j.enrollment_decline_maximum_lookback_years",
    ),
    # --- payments (C.G.S. 10-262i, 10-262k) ---
    "ecs_prior_year_entitlement_adjustment": _dollars(
        "the 10-262i(a) adjustment (final less preliminary prior-year entitlement)",
        minimum=None,
        maximum=1_000_000_000,
        note="positive or negative; $1,000,000,000 is more than any town's whole grant",
    ),
    # --- true or false ---
    "compensatory_education_grant_applied": Admissible("whether the board applied for a compensatory education grant"),
    "is_top_performing_district": Admissible("whether the district is top-performing"),
    "is_priority_school_district": Admissible("whether the district is a priority school district"),
}


def _number(value) -> str:
    return f"{value:,.15g}"


def problem(name: str, value) -> str | None:
    """Why ``value`` cannot be an input of variable ``name`` (its declaration here), or None."""
    declared = ADMISSIBLE.get(name)
    if declared is None or isinstance(value, (bool, numpy.bool_)):
        return None
    if declared.allowed is not None:
        return None if value in declared.allowed else f"{value!r} is not allowed: {declared.why}"
    if isinstance(value, str):
        return None
    if not math.isfinite(value):
        return f"{value!r} is not a finite number: {declared.why}"
    if declared.sentinel is not None and value == declared.sentinel:
        return None
    if declared.minimum is not None and (value < declared.minimum or (declared.above_minimum and value == declared.minimum)):
        below = "negative" if value < 0 == declared.minimum else f"not above {_number(declared.minimum)}" if declared.above_minimum else f"below {_number(declared.minimum)}"
        return f"{_number(value)} is {below}: {declared.why}"
    if declared.maximum is not None and value > declared.maximum:
        return f"{_number(value)} is above {_number(declared.maximum)}: {declared.why}"
    if declared.whole and value != math.floor(value):
        return f"{_number(value)} is not a whole number: {declared.why}"
    return None


def admissible_mask(name: str, values: numpy.ndarray) -> numpy.ndarray | None:
    """Which of ``values`` the declaration of ``name`` admits (vectorised), or None if nothing is declared."""
    declared = ADMISSIBLE.get(name)
    if declared is None:
        return None
    values = numpy.asarray(values)
    if declared.allowed is not None:
        return numpy.isin(values.astype(str), declared.allowed)
    if values.dtype.kind not in "fiu":
        return numpy.ones(values.shape, dtype=bool)
    values = values.astype(numpy.float64)
    with numpy.errstate(invalid="ignore"):
        good = numpy.isfinite(values)
        if declared.minimum is not None:
            good &= (values > declared.minimum) if declared.above_minimum else (values >= declared.minimum)
        if declared.maximum is not None:
            good &= values <= declared.maximum
        if declared.whole:
            good &= values == numpy.floor(values)
        if declared.sentinel is not None:
            good |= values == declared.sentinel
    return good


def cross_field_problem(name: str, value, other_value, other_label: str | None = None) -> str | None:
    """Why ``value`` of ``name`` cannot go with ``other_value``, the town's input it may not exceed; or None."""
    declared = ADMISSIBLE.get(name)
    if declared is None or declared.at_most is None or not value > other_value:
        return None
    bound = ADMISSIBLE[declared.at_most]
    return (
        f"{_number(value)} is more than the town's {other_label or declared.at_most} ({_number(other_value)}): "
        f"{declared.what} cannot outnumber {bound.what}"
    )
