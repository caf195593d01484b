"""What a variable file imports: OpenFisca's model API, with 64-bit numbers, and our entities.

``from openfisca_ct_education.model_api import *`` gives everything
``openfisca_core.model_api`` gives, except that :class:`Variable` stores ``float`` as float64
and ``int`` as int64 (openfisca-core's defaults are float32 and int32). Grants run to
$224 million a town and $2.46 billion statewide: float32 holds a $200M grant only to within
$16 and int32 cannot hold the statewide total. Money must be exact to the dollar.
"""

import functools
import math

import numpy
from openfisca_core import variables as _core_variables
from openfisca_core.model_api import *  # noqa: F403 (the OpenFisca model API, re-exported)

from openfisca_ct_education.entities import State, Town  # noqa: F401
from openfisca_ct_education.errors import IncompleteStateError, NotEncodedError, TownInputError  # noqa: F401
from openfisca_ct_education.data.admissible import problem
from openfisca_ct_education.engine.designations import designated  # noqa: F401
from openfisca_ct_education.engine.input_checks import checked_set_input
from openfisca_ct_education.engine.rounding import round_down, round_half_up  # noqa: F401

_WIDE_DTYPES = {float: numpy.float64, int: numpy.int64}


class Variable(_core_variables.Variable):
    """An OpenFisca variable whose ``float`` is float64 and whose ``int`` is int64, and whose inputs are checked.

    An input (``simulation.set_input``, a value of a situation: the Python API, the web API, YAML tests)
    must be what the variable's declaration in :mod:`openfisca_ct_education.data.admissible` allows
    (:mod:`openfisca_ct_education.engine.input_checks`); a number must be finite.
    """

    def __init__(self, baseline_variable=None):
        super().__init__(baseline_variable)
        self.dtype = _WIDE_DTYPES.get(self.value_type, self.dtype)
        if not isinstance(self.set_input, functools.partial):  # a reform's variable keeps its baseline's check
            self.set_input = functools.partial(checked_set_input, self.set_input)

    def check_set_value(self, value):
        """One value of a situation: converted by openfisca-core, then checked against the declaration."""
        value = super().check_set_value(value)
        message = problem(self.name, value)
        if message is None and self.value_type is float and not math.isfinite(value):
            message = f"{value!r} is not a finite number"
        if message:
            raise ValueError(message)
        return value


def statewide_median(state, variable_name, period, number_of_towns, median_variable_name):
    """Median over each state's member towns of a town variable (C.G.S. 10-262f medians).

    A state that does not hold ``number_of_towns`` towns cannot have its statewide median
    computed from its members: that raises :class:`IncompleteStateError`, naming the state
    variable ``median_variable_name`` to give as an input, instead of returning the median of a
    few towns.
    """
    require_whole_state(
        state, period, number_of_towns, median_variable_name, f"The statewide median of '{variable_name}' (C.G.S. 10-262f)"
    )
    values = state.members(variable_name, period)
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


def require_whole_state(state, period, number_of_towns, variable_name, what):
    """Raise :class:`IncompleteStateError` if a state does not hold ``number_of_towns`` towns.

    For a statewide figure ``variable_name`` (``what`` says what it is) that only all towns of the
    state can give: a total over a few towns would be silently wrong. The error names the state
    variable to give as an input instead.
    """
    counts = state.nb_persons()
    incomplete = counts != number_of_towns
    if incomplete.any():
        state_id = state.ids[int(numpy.argmax(incomplete))]
        raise IncompleteStateError(
            [str(state_id), variable_name],
            f"{what} for {period} is taken over all {number_of_towns} towns, but state '{state_id}' "
            f"holds {int(counts[incomplete][0])} town(s). Give all {number_of_towns} towns, or give "
            f"'{variable_name}' for {period} as an input of the state.",
        )


def allocate_state_amount(town, period, number_of_towns, weight_variable, share_variable, amount_variable):
    """Each town's whole-dollar part of its state's ``amount_variable``, in proportion to ``weight_variable``.

    A state holding all ``number_of_towns`` towns is allocated by the largest-remainder method
    (:mod:`openfisca_ct_education.engine.allocation`): the town amounts add up exactly to the state
    amount. A state of a few towns (whose statewide total of the weights must then be an input)
    cannot be: each town gets ``share_variable`` times the amount, to the dollar, halves up.
    """
    from openfisca_ct_education.engine.allocation import allocate_by_group

    states = town.simulation.populations["state"]
    complete_state = states.nb_persons() == number_of_towns
    amounts = states(amount_variable, period)
    allocated = allocate_by_group(
        numpy.where(complete_state, amounts, 0), town(weight_variable, period), states.members_entity_id
    )
    if complete_state.all():
        return allocated
    rounded_shares = round_half_up(town(share_variable, period) * town.state(amount_variable, period))
    return numpy.where(complete_state[states.members_entity_id], allocated, rounded_shares)


def ratio(numerator, denominator):
    """numerator / denominator, and 0 where the denominator is not positive (a share of nothing is 0)."""
    numerator = numpy.asarray(numerator, dtype=numpy.float64)
    denominator = numpy.asarray(denominator, dtype=numpy.float64)
    return numpy.divide(numerator, denominator, out=numpy.zeros(numpy.broadcast(numerator, denominator).shape), where=denominator > 0)


def not_encoded_before(first_fiscal_year: int, variable_name: str, what: str):
    """An undated formula for the years before ``first_fiscal_year``: an error naming what is not encoded.

    OpenFisca returns a variable's default (0) for a period before its first dated formula. Where the
    law did exist then (only the package does not encode it), that 0 would be a wrong number.
    """

    def formula(population, period):
        raise NotEncodedError(population, variable_name, period, first_fiscal_year, what)

    formula.__doc__ = f"Before FY{first_fiscal_year}: {what} is not encoded (an error, not a zero)."
    return formula


def previous_year_value(person, variable_name, period, first_formula_year, formula_inputs):
    """``variable_name`` for the fiscal year before ``period``: given, or computed from that year's inputs, or an error.

    A chained law (each year's grant starts from the year before, C.G.S. 10-262h) needs the previous
    year's value. openfisca-core stops a chain of years after one step (its "spiral" guard) and then
    silently uses the variable's default, 0: a situation holding FY2025 and FY2026 inputs would get a
    FY2026 grant started from $0. Here the previous year is, in this order: the value given (or
    already computed) for it; computed by its formula when that year's inputs are given (one more
    step of the chain allowed for this call); else an error naming what is missing.
    ``formula_inputs``: variables any of which, given for the previous year, says that year's inputs are given.
    """
    simulation = person.simulation
    last = period.last_year
    if simulation.get_array(variable_name, last) is not None:
        return person(variable_name, last)  # given or cached (no spiral check on a cached value; traced for explain)
    given = any(simulation.get_array(name, last) is not None for name in formula_inputs)
    if last.start.year < first_formula_year or not given:
        raise TownInputError(
            numpy.asarray(person.ids),
            variable_name,
            last,
            f"The FY{period.start.year} figure starts from the FY{last.start.year} '{variable_name}', which "
            f"is neither given nor computable here: give '{variable_name}' for {last}"
            + (f", or the FY{last.start.year} formula inputs (such as '{formula_inputs[0]}')" if last.start.year >= first_formula_year else "")
            + " (it is never taken as 0)",
        )
    limit = simulation.max_spiral_loops
    simulation.max_spiral_loops = limit + 1
    try:
        return person(variable_name, last)
    finally:
        simulation.max_spiral_loops = limit
