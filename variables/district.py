"""Data of the town's local school district (CSDE EdSight), used to identify districts by need."""

import numpy

from openfisca_ct_education.model_api import YEAR, ratio, Town, Variable
from openfisca_ct_education.references import CSDE_EDSIGHT


class district_low_income_students(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Students of the town's local district eligible for free or reduced-price meals (EdSight, October)"
    reference = [CSDE_EDSIGHT]
    documentation = "Input: CSDE EdSight, school year ending in this fiscal year (2024-25 = period 2025)."


class district_english_learners(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "English learners of the town's local district (EdSight, October)"
    reference = [CSDE_EDSIGHT]
    documentation = "Input: CSDE EdSight, school year ending in this fiscal year."


class district_students_with_disabilities(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "student"
    label = "Students with disabilities of the town's local district (EdSight, October)"
    reference = [CSDE_EDSIGHT]
    documentation = "Input: CSDE EdSight, school year ending in this fiscal year."


class district_high_need_share_lower_bound(Variable):
    value_type = float
    entity = Town
    definition_period = YEAR
    unit = "/1"
    label = "APPROXIMATION of the share of high-need students: the largest of the low-income, English learner and disability shares"
    reference = [CSDE_EDSIGHT]
    documentation = (
        "CSDE's 'high needs' share counts each student who is low-income, an English learner or has a "
        "disability once; EdSight's counts by group cannot be unduplicated. The largest group's share is "
        "a lower bound of it (Ansonia 2024-25: 63.6% here, 71% per CSDE). Named as an approximation "
        "wherever it is used."
    )

    def formula(town, period):
        """max(low-income, English learners, disabilities) / enrollment; 0 without enrollment."""
        enrollment = town("district_enrollment", period)
        largest = numpy.maximum.reduce(
            [
                town("district_low_income_students", period),
                town("district_english_learners", period),
                town("district_students_with_disabilities", period),
            ]
        )
        return ratio(largest, enrollment)
