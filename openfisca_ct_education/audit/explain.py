"""Explain one figure: the tree of steps, inputs and parameters behind one town's value for one year.

:func:`explain` runs the simulation with OpenFisca's full tracer and turns the trace into a tree of
plain dicts (the JSON export, see ``docs/explain.md``):

* a computed variable: its value, the formula version in force (start date, docstring, the Public
  Acts it names), its statute citation and references, the parameters it read, its children;
* an input: its value and its source (file, sha256, column, town, data vintage);
* a parameter: its value, the date that value took effect, its citation (title and link) as in
  ``metadata.reference`` (what ``/parameter/<id>`` returns);
* a statewide quantity (a variable of the state: medians, totals): its value, marked statewide, with
  the town variables it is taken over named but not expanded (they are computed for every town).

With reforms, the tree is the reformed computation, and each node that departs from current law
carries the current-law value (``current_law``).
"""

from __future__ import annotations

from importlib.metadata import version

import numpy
from openfisca_core import parameters as core_parameters
from openfisca_core import taxscales, tracers

from openfisca_ct_education import PERIOD_CONVENTION
from openfisca_ct_education.audit import citations
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.data.provenance import DataSources
from openfisca_ct_education.workbench.compare import Scenario, has_effective_date
from openfisca_ct_education.workbench.parameter_edits import applied_edits
from openfisca_ct_education.workbench.reform_loader import load_reform
from openfisca_ct_education.engine.simulation import build_simulation, current_law
from openfisca_ct_education.engine.years import chained_simulation, plan

SCHEMA = "openfisca-ct-education/explain"
SCHEMA_VERSION = 1


class _TracingWithScales(tracers.TracingParameterNodeAtInstant):
    """OpenFisca's parameter tracer, which also records the scales a formula reads (it records only numbers)."""

    def get_traced_child(self, child, key):
        node = self.parameter_node_at_instant
        if isinstance(child, (core_parameters.ParameterNodeAtInstant, core_parameters.VectorialParameterNodeAtInstant)):
            return _TracingWithScales(child, self.tracer)
        if isinstance(child, taxscales.TaxScaleLike) and isinstance(key, str):
            self.tracer.record_parameter_access(f"{node._name}.{key}", node._instant_str, child)
            return child
        return super().get_traced_child(child, key)


def find_town(simulation, town) -> tuple[int, str, int]:
    """``(index, name, code)`` of a town given by name (any case) or CSDE code."""
    ids = list(simulation.populations["town"].ids)
    codes = simulation.calculate("town_code", "ETERNITY")
    text = str(town).strip()
    if text.isdigit() and int(text) in set(codes.tolist()):
        index = int(numpy.flatnonzero(codes == int(text))[0])
        return index, ids[index], int(text)
    for index, name in enumerate(ids):
        if name.casefold() == text.casefold():
            return index, name, int(codes[index])
    import difflib

    near = difflib.get_close_matches(text.title(), ids, n=2, cutoff=0.7)
    hint = f" Did you mean {' or '.join(near)}?" if near else ""
    raise InputDataError(f"Unknown town {town!r}: give a town name (e.g. Ansonia) or a CSDE town code 1-{len(ids)}.{hint}")


def _check_variable(system, name: str):
    if name not in system.variables:
        import difflib

        guess = difflib.get_close_matches(name, system.variables, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        raise InputDataError(f"Unknown variable {name!r}{hint}.")
    return system.variables[name]


def _plain(value):
    if isinstance(value, (numpy.bool_, bool)):
        return bool(value)
    if isinstance(value, numpy.integer):
        return int(value)
    if isinstance(value, (numpy.floating, float)):
        value = float(value)
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, numpy.ndarray):
        return [_plain(item) for item in value.tolist()]
    if isinstance(value, taxscales.TaxScaleLike):
        values = getattr(value, "amounts", None) or getattr(value, "rates", [])
        name = "amount" if hasattr(value, "amounts") else "rate"
        return [{"threshold": _plain(t), name: _plain(v)} for t, v in zip(value.thresholds, values)]
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


class _Explainer:
    """Turns one traced simulation into the tree of one town (see the module's docstring)."""

    def __init__(self, simulation, town_index: int, known_inputs: set, sources: DataSources | None):
        self.simulation = simulation
        self.system = simulation.tax_benefit_system
        self.town_index = town_index
        self.state_index = int(simulation.populations["state"].members_entity_id[town_index])
        self.known_inputs = known_inputs
        self.sources = sources
        self.town_code = int(simulation.calculate("town_code", "ETERNITY")[town_index])

    def value_of(self, variable, value):
        if value is None:
            return None
        index = self.state_index if variable.entity.key == "state" else self.town_index
        return _plain(numpy.asarray(value)[index])

    def index(self, tree) -> None:
        """Remember, for each ``name<period>``, the trace node that computed it (later reads are cache hits)."""
        self.computed = {}

        def visit(node):
            self.computed.setdefault(f"{node.name}<{node.period}>", node)
            for child in node.children:
                visit(child)

        visit(tree)

    def variable_node(self, trace, depth, limit, shown: dict) -> dict:
        variable = self.system.variables[trace.name]
        period = str(trace.period)
        key = f"{trace.name}<{period}>"
        trace = self.computed.get(key, trace)
        node = {
            "kind": "variable",
            "name": trace.name,
            "period": period,
            "entity": variable.entity.key,
            "label": variable.label,
            "unit": variable.unit,
            "value": self.value_of(variable, trace.value),
        }
        statewide = variable.entity.key == "state"
        if statewide:
            node["statewide"] = True
        truncated = limit is not None and depth >= limit
        if shown.get(key) == "full" or (shown.get(key) == "truncated" and truncated):
            node["see_above"] = True
            return node
        shown[key] = "full"
        node["citation"] = citations.first_clause(variable.documentation)
        node["reference"] = list(variable.reference or [])
        if key in self.known_inputs or (variable.definition_period == "eternity" and f"{trace.name}<ETERNITY>" in self.known_inputs):
            node["origin"] = "input"
            source = self.sources.source(trace.name, period, self.town_code) if self.sources and not statewide else None
            node["source"] = source or {"note": "given as an input of the simulation"}
            return node
        node["origin"] = "formula"
        node["formula"] = formula_version(variable, trace.period)
        if truncated:
            if trace.children or trace.parameters:
                node["truncated"] = True
                shown[key] = "truncated"  # its steps are shown where it is next reached above the depth limit
            return node
        node["parameters"] = self.parameter_nodes(trace.parameters)
        if statewide and any(self.system.variables[child.name].entity.key != "state" for child in trace.children):
            node["taken_over_all_towns"] = sorted({f"{child.name}<{child.period}>" for child in trace.children})
            node["children"] = []
            return node
        node["children"] = [self.variable_node(child, depth + 1, limit, shown) for child in trace.children]
        return node

    def parameter_nodes(self, traced) -> list[dict]:
        nodes, seen = [], set()
        own_key = f"town_{self.town_code}"
        for trace in traced:
            if trace.name in seen:
                continue
            last = trace.name.rsplit(".", 1)[-1]
            if last.startswith("town_") and last != own_key:
                continue  # a designation of record of another town (designations are keyed town_<code>)
            seen.add(trace.name)
            nodes.append(parameter_node(self.system, trace.name, str(trace.period), trace.value))
        return nodes


def formula_version(variable, period) -> dict:
    """The formula in force for ``period``: its start date (None: no start date), name, docstring, acts."""
    formula = variable.get_formula(period)
    start = next((date for date, function in variable.formulas.items() if function is formula), None)
    docstring = " ".join((formula.__doc__ or "").split()) if formula is not None else ""
    return {
        "name": getattr(formula, "__name__", None),
        "in_force_from": None if start in (None, "0001-01-01") else start,
        "docstring": docstring,
        "acts": citations.public_acts(docstring),
    }


def parameter_node(system, name: str, instant: str, value=None) -> dict:
    """A parameter as read at ``instant``: value, date it took effect, citation, label, unit."""
    parameter = system.parameters
    for part in name.split("."):
        parameter = parameter.children[part]
    key, references = citations.references_at(parameter, instant)
    metadata = parameter.metadata or {}
    unit = metadata.get("unit") or metadata.get("amount_unit") or metadata.get("rate_unit")
    return {
        "kind": "parameter",
        "name": name,
        "read_at": instant,
        "value": _plain(value) if value is not None else citations.parameter_value(parameter, instant),
        "unit": unit,
        "label": metadata.get("label"),
        "description": parameter.description,
        "in_force_from": citations.in_force_from(parameter, instant),
        "reference_date": key,
        "citation": references,
    }


def _known_inputs(simulation) -> set:
    """Keys ``name<period>`` of every value set before any calculation: the simulation's inputs."""
    return {
        f"{name}<{period}>"
        for population in simulation.populations.values()
        for name, holder in population._holders.items()
        for period in holder.get_known_periods()
    }


def explain_simulation(simulation, town, variable: str, period: str, depth=None, sources=None) -> dict:
    """The tree of ``variable`` for ``period`` of ``town`` (name or code), from a not yet computed simulation."""
    _check_variable(simulation.tax_benefit_system, variable)
    town_index, _, _ = find_town(simulation, town)
    known = _known_inputs(simulation)
    simulation.trace = True
    simulation.trace_parameters_at_instant = lambda instant: _TracingWithScales(
        simulation.tax_benefit_system.get_parameters_at_instant(instant), simulation.tracer
    )
    requested = "ETERNITY" if simulation.tax_benefit_system.variables[variable].definition_period == "eternity" else period
    simulation.calculate(variable, requested)
    tree = simulation.tracer.trees[-1]
    explainer = _Explainer(simulation, town_index, known, sources)
    explainer.index(tree)
    return explainer.variable_node(tree, 0, depth, {})


def _departures(reformed: dict, baseline: dict) -> None:
    """Mark in ``reformed`` each node whose value (or formula) differs from the same node of ``baseline``."""
    index = {}

    def collect(node):
        index.setdefault((node["kind"], node["name"], node.get("period", node.get("read_at"))), node)
        for child in node.get("parameters", []) + node.get("children", []):
            collect(child)

    def mark(node):
        same = index.get((node["kind"], node["name"], node.get("period", node.get("read_at"))))
        if same is None:
            node["current_law"] = {"departs": True, "note": "not read under current law"}
        elif same.get("value") != node.get("value") or (
            "formula" in node and "formula" in same and same["formula"] != node["formula"]
        ):
            node["current_law"] = {"departs": True, "value": same.get("value")}
            if "formula" in same and same["formula"] != node.get("formula"):
                node["current_law"]["formula"] = same["formula"]
        for child in node.get("parameters", []) + node.get("children", []):
            mark(child)

    collect(baseline)
    mark(reformed)


def explain(town, year: int, variable: str, reforms=(), depth=None, data=None, scenario=None, as_if_in_force: bool = False, chain_from=None, window=None) -> dict:
    """The JSON-ready explanation of ``variable`` for ``town`` in fiscal ``year`` (see the module docstring).

    The system explained is ``scenario`` (a :class:`~openfisca_ct_education.workbench.compare.Scenario`:
    reforms then parameter edits, built exactly as ``compare`` builds it, ``as_if_in_force`` alike) or
    current law with ``reforms`` applied in order; a variable that only a reform defines can be explained.
    ``chain_from``: the year is explained at the end of a chain from that year (each prior-year entitlement the
    model's own, as in a window of ``compare --years``); ``window``: the years whose edits count (default the year).
    """
    source = plan([int(year)], data={int(year): data} if data is not None else None)[int(year)]
    inputs = source.inputs
    sources = DataSources(inputs, int(year))
    if scenario is None:
        scenario = Scenario("+".join(str(name) for name in reforms), tuple(load_reform(name) for name in reforms))
    before, system = scenario.systems(int(year), as_if_in_force)
    edits = applied_edits(before.parameters, system.parameters, scenario.edits, list(window or [int(year)]))
    _check_variable(system, variable)

    def simulation_of(tax_benefit_system=None):
        if chain_from is None:
            return build_simulation(year, inputs, tax_benefit_system=tax_benefit_system)
        return chained_simulation(int(year), data, tax_benefit_system, chain_from=chain_from)

    simulation = simulation_of(system)
    _, town_name, town_code = find_town(simulation, town)
    tree = explain_simulation(simulation, town_name, variable, str(year), depth, sources)
    if scenario.reforms or scenario.edits:
        if variable in current_law().variables:
            baseline = explain_simulation(simulation_of(), town_name, variable, str(year), None, sources)
            _departures(tree, baseline)
        else:
            tree["current_law"] = {"departs": True, "note": "a variable of the scenario's reforms: current law does not have it"}
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "package_version": version("openfisca-ct-education"),
        "openfisca_core_version": version("openfisca-core"),
        "fiscal_year": int(year),
        "period_convention": PERIOD_CONVENTION,
        "town": {"name": town_name, "code": town_code},
        "variable": variable,
        "reforms": [f"{reform.__module__}.{reform.__qualname__}" for reform in scenario.reforms],
        "parameter_edits": [
            {"parameter": item.edit.path, "old": _plain(item.old), "new": _plain(item.new), "from": item.edit.start, "first_fiscal_year_changed": item.fiscal_year}
            for item in edits
        ],
        "as_if_in_force": bool(as_if_in_force and has_effective_date(system)),
        "depth": depth,
        "data": sources.files(),
        "year_source": source.metadata(),
        "tree": tree,
    }
