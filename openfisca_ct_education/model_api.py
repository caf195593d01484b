"""What a variable file imports: OpenFisca's model API, with 64-bit numbers, and our entities.

``from openfisca_ct_education.model_api import *`` gives everything
``openfisca_core.model_api`` gives, except that :class:`Variable` stores ``float`` as float64
and ``int`` as int64 (openfisca-core's defaults are float32 and int32). Grants run to
$224 million a town and $2.46 billion statewide: float32 holds a $200M grant only to within
$16 and int32 cannot hold the statewide total. Money must be exact to the dollar.
"""

import numpy
from openfisca_core import variables as _core_variables
from openfisca_core.model_api import *  # noqa: F403 (the OpenFisca model API, re-exported)

from openfisca_ct_education.entities import State, Town  # noqa: F401
from openfisca_ct_education.errors import IncompleteStateError, TownInputError  # noqa: F401
from openfisca_ct_education.designations import designated  # noqa: F401
from openfisca_ct_education.rounding import round_half_up  # noqa: F401

_WIDE_DTYPES = {float: numpy.float64, int: numpy.int64}


class Variable(_core_variables.Variable):
    """An OpenFisca variable whose ``float`` is float64 and whose ``int`` is int64."""

    def __init__(self, baseline_variable=None):
        super().__init__(baseline_variable)
        self.dtype = _WIDE_DTYPES.get(self.value_type, self.dtype)


def statewide_median(state, variable_name, period, number_of_towns, median_variable_name):
    """Median over each state's member towns of a town variable (C.G.S. 10-262f medians).

    A state that does not hold ``number_of_towns`` towns cannot have its statewide median
    computed from its members: that raises :class:`IncompleteStateError`, naming the state
    variable ``median_variable_name`` to give as an input, instead of returning the median of a
    few towns.
    """
    values = state.members(variable_name, period)
    counts = state.nb_persons()
    incomplete = counts != number_of_towns
    if incomplete.any():
        state_id = state.ids[int(numpy.argmax(incomplete))]
        raise IncompleteStateError(
            [str(state_id), median_variable_name],
            f"The statewide median of '{variable_name}' for {period} is taken over all "
            f"{number_of_towns} towns (C.G.S. 10-262f), but state '{state_id}' holds "
            f"{int(counts[incomplete][0])} town(s). Give all {number_of_towns} towns, or give "
            f"'{median_variable_name}' for {period} as an input of the state.",
        )
    group_of_town = state.members_entity_id
    return numpy.array(
        [numpy.median(values[group_of_town == group]) for group in range(state.count)],
        dtype=numpy.float64,
    )


def rank_within_state(town, values, eligible):
    """1-based ascending rank of ``values`` among the eligible towns of each state (ties keep town order); 0 if not eligible.

    Statewide ranks (C.G.S. 10-262u(a)(1), 10-266p(a)) are taken among the towns of the same state.
    """
    state_of_town = town.simulation.populations["state"].members_entity_id
    ranks = numpy.zeros(len(values), dtype=numpy.int64)
    for state in numpy.unique(state_of_town):
        members = numpy.flatnonzero((state_of_town == state) & eligible)
        ranked = members[numpy.argsort(numpy.asarray(values)[members], kind="stable")]
        ranks[ranked] = numpy.arange(1, len(ranked) + 1)
    return ranks
