"""Many variants of the law on one simulation: parameter values changed in place, no copy of the system per variant.

A sweep of a parameter (``ct-education sweep``) or a page answering each slider move computes the
same towns under many values of a few parameters. Making an OpenFisca reform per value copies the
whole parameter tree each time (about half of a variant's cost), and building a simulation per value
repeats the inputs. Here instead:

* :class:`EditableLaw` is one reform of the baseline made once: it owns a copy of the parameters, and
  :meth:`EditableLaw.set_value` changes a parameter's value node in place and refreshes only the
  branch of the parameter tree it belongs to, in the parameters-at-instant it has handed out;
* :class:`Rerun` keeps one simulation's inputs and forgets everything computed from them, so the next
  variant is computed afresh on the same inputs.

Both rely on openfisca-core 46's parameter objects (``Parameter.values_list``, ``ParameterAtInstant``)
and holders (``get_known_periods``, ``delete_arrays``); tests/engine/test_variants.py checks each
variant against a reform and a simulation built from scratch, to the dollar.
"""

from __future__ import annotations

from openfisca_core import periods
from openfisca_core.parameters import Parameter
from openfisca_core.reforms import Reform

from openfisca_ct_education.engine.parameter_checks import check_parameters
from openfisca_ct_education.errors import InputDataError


class EditableLaw(Reform):
    """The baseline's law with its own copy of the parameters, whose values are changed in place."""

    name = "parameter variants"

    def apply(self):
        self.modify_parameters(modifier_function=lambda parameters: parameters)  # the one copy
        self._at_instant = {}  # Instant -> ParameterNodeAtInstant handed out to simulations
        self._nodes = {}  # (parameter name, start) -> the ParameterAtInstant changed in place

    def get_parameters_at_instant(self, instant):
        """The parameters at ``instant``, built once per instant (and refreshed by :meth:`set_value`)."""
        key = instant if isinstance(instant, periods.Instant) else periods.period(instant).start
        tree = self._at_instant.get(key)
        if tree is None:
            tree = self._at_instant[key] = self.parameters.get_at_instant(key)
        return tree

    def set_value(self, parameter: Parameter, start: str, value) -> None:
        """``parameter`` (a leaf of this law's parameters) has ``value`` from ``start`` (YYYY-MM-DD) on.

        The first time, the parameter's later values are replaced by one value node from ``start``
        (``Parameter.update``); afterwards that node's value is changed in place. The value is checked
        as the law's own values are (:mod:`parameter_checks`); a refused value leaves the law as it was.
        """
        node = self._nodes.get((parameter.name, start))
        if node is None:
            parameter.update(start=periods.instant(start), value=value)
            node = self._nodes[(parameter.name, start)] = next(item for item in parameter.values_list if item.instant_str == start)
        previous, node.value = node.value, value
        try:
            check_parameters(parameter)
        except InputDataError:
            node.value = previous
            raise
        self._refresh(parameter.name.split(".")[0])

    def _refresh(self, section: str) -> None:
        """Rebuild, in every parameters-at-instant handed out, the top-level section that changed."""
        for instant, tree in self._at_instant.items():
            tree.add_child(section, self.parameters.children[section].get_at_instant(instant))


class Rerun:
    """One simulation computed again and again: its inputs kept, whatever was computed forgotten."""

    def __init__(self, simulation):
        self.simulation = simulation
        self._inputs = {
            name: frozenset(holder.get_known_periods())
            for population in simulation.populations.values()
            for name, holder in population._holders.items()
        }

    def forget_computed(self):
        """Delete every computed value (the inputs stay): the next calculation starts from the inputs."""
        for population in self.simulation.populations.values():
            for name, holder in population._holders.items():
                kept = self._inputs.get(name, frozenset())
                for period in holder.get_known_periods():
                    if period not in kept:
                        holder.delete_arrays(period)
        return self.simulation
