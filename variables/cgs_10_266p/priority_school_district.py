"""C.G.S. 10-266p(a): priority school districts, by designation of record and by the statute's rule."""

import numpy

from openfisca_ct_education.model_api import (
    YEAR,
    designated,
    not_encoded_before,
    Town,
    TownInputError,
    Variable,
)
from openfisca_ct_education.references import SEC_10_262F, SEC_10_266P


class is_priority_school_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's school district is a priority school district for the fiscal year"
    reference = [SEC_10_266P]
    documentation = (
        "C.G.S. § 10-266p(a). The designation of record for the fiscal year, read by town code from "
        "the parameter cgs_10_266p.designations (16 districts for FY2026). Given as an input, it "
        "overrides the designations of record. It sets the 10% minimum base aid ratio of C.G.S. "
        "§ 10-262f, the hold-harmless of C.G.S. § 10-262h and the grants of §§ 10-266p, 10-266t and "
        "10-265m. A fiscal year the package holds no designations for (before FY2026) is an error, "
        "not 'no district': give the designations as an input."
    )

    def formula(town, period, parameters):
        """C.G.S. 10-266p(a): the designations of record in force for the fiscal year (from FY2026, the FY2026 ECS worksheet)."""
        designations = parameters(period).cgs_10_266p.designations
        if not list(designations):
            raise TownInputError(
                numpy.asarray(town.ids),
                "is_priority_school_district",
                period,
                f"The package records no priority school district designations for FY{period.start.year} "
                "(its designations of record start with FY2026): give is_priority_school_district as an input",
            )
        return designated(designations, town("town_code", period))


class psd_is_among_largest_towns(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town is one of the eight towns with the largest population by the most recent federal decennial census"
    reference = [SEC_10_266P]
    documentation = (
        "C.G.S. § 10-266p(a)(1): by the most recent federal decennial census, kept in the parameter "
        "cgs_10_266p.largest_towns (the 2020 census from FY2022). An input overrides it."
    )

    formula = not_encoded_before(2022, "psd_is_among_largest_towns", "the eight largest towns of the 2020 census")

    def formula_2021_07_01(town, period, parameters):
        """The eight largest towns of the 2020 census (C.G.S. 10-266p(a)(1))."""
        return designated(parameters(period).cgs_10_266p.largest_towns, town("town_code", period))


class psd_rank_children_and_mastery(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    label = "Rank (1 = first, 0 = not ranked) on children under temporary family assistance plus mastery count"
    reference = [SEC_10_266P, SEC_10_262F]
    documentation = (
        "C.G.S. § 10-266p(a)(2): all 169 towns ranked in descending order on the number of children "
        "under the temporary family assistance program (§ 10-262f(17)) plus the mastery count "
        "(§ 10-262f(13)), for the first fiscal year of each biennium. Input: the underlying counts are "
        "not in the package's data. 0 = not ranked."
    )


class psd_rank_ratio_and_mastery(Variable):
    value_type = int
    entity = Town
    definition_period = YEAR
    label = "Rank (1 = first, 0 = not ranked) on the ratio of TFA children to resident students plus grant mastery percentage"
    reference = [SEC_10_266P, SEC_10_262F]
    documentation = (
        "C.G.S. § 10-266p(a)(3): all 169 towns ranked in descending order on the ratio of children under "
        "the temporary family assistance program to resident students (§ 10-262f(22)) plus the grant "
        "mastery percentage (§ 10-262f(12)), for the first fiscal year of each biennium. Input: the "
        "underlying counts are not in the package's data. 0 = not ranked."
    )


class psd_is_ranked_town(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town ranks from one to eleven under C.G.S. § 10-266p(a)(2) or (a)(3)"
    reference = [SEC_10_266P]
    documentation = "C.G.S. § 10-266p(a)(2) and (3): rank 1 to 11 on either ranking (rank 0 = not ranked)."

    formula = not_encoded_before(2026, "psd_is_ranked_town", "the priority school district rankings (text in force for FY2026)")

    def formula_2025_07_01(town, period, parameters):
        """C.G.S. 10-266p(a)(2), (3): ranked 1 to the cutoff (11) on either ranking (text in force for FY2026)."""
        cutoff = parameters(period).cgs_10_266p.rank_cutoff
        ranks = [town("psd_rank_children_and_mastery", period), town("psd_rank_ratio_and_mastery", period)]
        return numpy.logical_or.reduce([(rank >= 1) & (rank <= cutoff) for rank in ranks])


class is_eligible_priority_school_district(Variable):
    value_type = bool
    entity = Town
    definition_period = YEAR
    label = "The town's school district qualifies as a priority school district under the rule of C.G.S. § 10-266p(a)"
    reference = [SEC_10_266P]
    documentation = (
        "C.G.S. § 10-266p(a)(1)-(3): one of the eight largest towns, or ranked 1 to 11 under (a)(2) or "
        "(a)(3). Computed from the inputs psd_is_among_largest_towns and the two ranks; compare it "
        "with is_priority_school_district, the designation of record. A state with more than eight "
        "towns marked among the largest is an error."
    )

    formula = not_encoded_before(2026, "is_eligible_priority_school_district", "the priority school district rule (text in force for FY2026)")

    def formula_2025_07_01(town, period, parameters):
        """C.G.S. 10-266p(a)(1)-(3) (text in force for FY2026)."""
        largest = town("psd_is_among_largest_towns", period)
        number_of_largest = parameters(period).cgs_10_266p.number_of_largest_towns
        too_many = town.state.sum(largest) > number_of_largest
        if too_many.any():
            states = town.simulation.populations["state"]
            offending = largest & too_many[states.members_entity_id]
            raise TownInputError(
                numpy.asarray(town.ids)[offending],
                "psd_is_among_largest_towns",
                period,
                f"More than {number_of_largest} towns of a state are marked among the "
                f"{number_of_largest} largest (C.G.S. § 10-266p(a)(1))",
            )
        return largest | town("psd_is_ranked_town", period)
