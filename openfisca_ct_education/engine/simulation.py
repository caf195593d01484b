"""Building a simulation of all 169 towns for a fiscal year, from checked input data.

Three kinds of year:

* a **formula year**: the year's ECS formula inputs are given (a CSV, or the shipped file of
  FY2019-FY2027), and the entitlement is computed by C.G.S. 10-262f and 10-262h, starting from the
  published prior-year entitlement (the file's ``ecs_entitlement_prior_year``);
* a **year of record**: no formula applies (FY2013-FY2018), so its entitlement is the one CSDE
  published, set as an input, and what builds on it (the alliance district grant, payments...) is
  computed from that;
* a **projection** (FY2028-FY2034) or any **chained** year: one simulation over several years, each
  starting from the model's own previous year (:mod:`openfisca_ct_education.engine.years`).

In both, the published entitlements of every earlier year are inputs (they are amounts of record),
as are the accountability index and district enrollment of every year the shipped files hold.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy
from openfisca_core.simulations import SimulationBuilder

from openfisca_ct_education import CountryTaxBenefitSystem
from openfisca_ct_education.engine import period_cache
from openfisca_ct_education.engine.designations import designated
from openfisca_ct_education.engine.input_checks import already_checked, has_own_set_input
from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.data.file_cache import file_identity
from openfisca_ct_education.data.inputs import (
    FORMULA_INPUT_COLUMNS,
    SHIPPED_ACCOUNTABILITY_INDEX,
    SHIPPED_COMPENSATORY_APPLICANTS,
    SHIPPED_ENROLLMENT,
    SHIPPED_ENTITLEMENT_HISTORY,
    SHIPPED_FORMULA_INPUTS,
    ENROLLMENT_COLUMNS,
    SHIPPED_YEARS,
    PROJECTION_YEARS,
    RECORD_YEARS,
    FormulaInputs,
    check_formula_inputs,
    connecticut_towns,
    read_accountability_index,
    read_compensatory_education_applicants,
    read_designations,
    read_enrollment,
    read_entitlement_history,
    read_formula_inputs,
)

STATE_ID = "connecticut"


@functools.cache
def current_law() -> CountryTaxBenefitSystem:
    """The current-law tax-benefit system, loaded once per process."""
    return CountryTaxBenefitSystem()


def has_formula_inputs(year: int, data=None) -> bool:
    """Whether ``year`` is run with the ECS formula (inputs given, shipped or projected) or on the entitlements of record."""
    return data is not None or year in SHIPPED_FORMULA_INPUTS or year in PROJECTION_YEARS


def is_chained(year: int, data=None, chain_from=None) -> bool:
    """Whether :func:`build_simulation` builds ``year`` by computing the years before it (a projection, a chain)."""
    return chain_from is not None or year in PROJECTION_YEARS or isinstance(data, dict)


def build_simulation(year: int = 2026, data=None, tax_benefit_system=None, history=None, *, chain_from=None, projection=None):
    """A simulation of every town for fiscal ``year``.

    ``data`` is a formula-inputs CSV path or a :class:`FormulaInputs`; without it, the shipped
    formula inputs for ``year`` if any, else the year is run on its published entitlements (FY2013-FY2018).
    The file's ``ecs_entitlement_prior_year`` column is the previous year's entitlement of record for
    the worksheet and takes precedence over the published history for that year.

    A year after the last shipped inputs (FY2028-FY2034) is a projection, chained from FY2027; with
    ``chain_from`` (a formula year) every year after it starts from the model's own previous year
    (:mod:`openfisca_ct_education.engine.years`; ``projection`` says how missing inputs are projected).
    """
    if is_chained(year, data, chain_from):
        from openfisca_ct_education.engine import years

        return years.chained_simulation(year, data, tax_benefit_system, history, chain_from=chain_from, projection=projection)
    return build_year(year, data, tax_benefit_system, history)


@already_checked()  # the data files were checked by their schemas, the shipped ones by their hashes (in CI)
def build_year(year: int, data=None, tax_benefit_system=None, history=None, on_record: bool = False):
    """The simulation of one fiscal year on its own (see :func:`build_simulation`): a formula year starts from its published prior year.

    ``on_record``: run a year with published entitlements on them rather than on the formula (the
    alliance district reconciliation checks the grants CSDE paid on the entitlements it published).
    """
    period_cache.install()  # the inputs' period strings parsed once per process, not on every set_input
    system = tax_benefit_system or current_law()
    if has_formula_inputs(year, data) and not on_record:
        arrays = _formula_input_arrays(data, year)
        simulation = _empty_simulation(system, arrays.towns, arrays.town_codes)
        _set_formula_inputs(simulation, arrays)
        _set_history(simulation, history, arrays.town_codes, before=arrays.year)
        simulation.set_input("ecs_entitlement", str(arrays.year - 1), arrays.prior_year_entitlement.copy())
    else:
        if year not in SHIPPED_YEARS or (year not in RECORD_YEARS and not on_record):
            raise InputDataError(
                f"FY{year}: the package runs FY{SHIPPED_YEARS[0]}-FY{SHIPPED_YEARS[-1]} on its shipped data "
                f"(the published entitlements to FY{RECORD_YEARS[-1]}, the formula on the shipped inputs of "
                f"FY{min(SHIPPED_FORMULA_INPUTS)}-FY{max(SHIPPED_FORMULA_INPUTS)}, projections to FY{SHIPPED_YEARS[-1]})."
            )
        towns = connecticut_towns()
        simulation = _empty_simulation(system, list(towns), towns.index.to_numpy())
        _set_history(simulation, history, towns.index, before=year + 1)
        _set_reference_groups(simulation, year)
    _set_district_data(simulation)
    _set_compensatory_education_applicants(simulation, year)
    return simulation


def formula_inputs(year: int, data=None) -> FormulaInputs:
    """The checked formula inputs for fiscal ``year``: ``data`` (a path or :class:`FormulaInputs`) or the shipped file."""
    inputs = check_formula_inputs(data) if isinstance(data, FormulaInputs) else read_formula_inputs(data, year)
    if inputs.year != year:
        raise InputDataError(f"{inputs.source}: the inputs are for FY{inputs.year}, but the simulation is for FY{year}.")
    return inputs


@already_checked()
def add_formula_year(simulation, inputs: FormulaInputs) -> None:
    """Set one fiscal year's formula inputs on ``simulation`` (designation flags checked against the record),
    and the boards that applied for a compensatory education grant that year, as :func:`build_year` does."""
    _set_formula_inputs(simulation, _formula_input_arrays(inputs, inputs.year))
    _set_compensatory_education_applicants(simulation, inputs.year)


def _set_compensatory_education_applicants(simulation, year: int) -> None:
    """The boards that applied for a C.G.S. 10-262k grant, for a year the shipped list covers (else the input's default, none)."""
    listed = _applicants(year, file_identity(SHIPPED_COMPENSATORY_APPLICANTS))
    if len(listed):
        codes = simulation.calculate("town_code", "ETERNITY")
        _set_input(simulation, "compensatory_education_grant_applied", year, numpy.isin(codes, listed))


@functools.lru_cache(maxsize=64)
def _applicants(year: int, _identity) -> numpy.ndarray:
    """The town codes of the year's applicants, read once per process and file version."""
    applicants = read_compensatory_education_applicants()
    return applicants.loc[applicants["fiscal_year"] == year, "town_code"].to_numpy()


def _empty_simulation(system, town_names, town_codes):
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("town", town_names)
    state = builder.declare_entity("state", [STATE_ID])
    builder.join_with_persons(state, [STATE_ID] * len(town_names), ["member"] * len(town_names))
    simulation = builder.build(system)
    simulation.set_input("town_code", "ETERNITY", numpy.asarray(town_codes))
    return simulation


@dataclasses.dataclass(frozen=True)
class FormulaInputArrays:
    """A checked formula-inputs table as the arrays a simulation is given: made once per file (or table)."""

    year: int
    towns: list
    town_codes: numpy.ndarray
    #: (variable, values) of each column the simulation takes (a designation flag only for a year
    #: without designations of record)
    columns: tuple
    prior_year_entitlement: numpy.ndarray


def _formula_input_arrays(data, year: int) -> FormulaInputArrays:
    """The formula inputs of ``year`` (a path, a :class:`FormulaInputs` or None: the shipped file) as arrays.

    A file's arrays are made once per process while the file is unchanged (its identity is the key),
    a table's once per content (its checked digest): re-reading the frame on every build was a
    third of a warm build's time (benchmarks/results.md).
    """
    if isinstance(data, FormulaInputs):
        inputs = check_formula_inputs(data)
        return _arrays_by_digest(inputs, year)
    path = data if data is not None else SHIPPED_FORMULA_INPUTS.get(year)
    identity = file_identity(path) if path is not None else None
    if identity is None:
        return _arrays_of(read_formula_inputs(data, year), year)  # raises the reader's own error
    return _arrays_by_file(identity, path, year)


@functools.lru_cache(maxsize=16)
def _arrays_by_file(_identity, path, year: int) -> FormulaInputArrays:
    return _arrays_of(read_formula_inputs(path, year), year)


_BY_DIGEST: dict = {}


def _arrays_by_digest(inputs: FormulaInputs, year: int) -> FormulaInputArrays:
    key = (inputs.checked_digest, str(inputs.source), inputs.year, year)
    if key not in _BY_DIGEST:
        if len(_BY_DIGEST) >= 16:
            _BY_DIGEST.clear()
        _BY_DIGEST[key] = _arrays_of(inputs, year)
    return _BY_DIGEST[key]


def _arrays_of(inputs: FormulaInputs, year: int) -> FormulaInputArrays:
    if inputs.year != year:
        raise InputDataError(f"{inputs.source}: the inputs are for FY{inputs.year}, but the simulation is for FY{year}.")
    _check_designations(inputs)
    frame = inputs.frame
    columns = []
    for column in FORMULA_INPUT_COLUMNS:
        if column.variable in (None, "town_code"):
            continue
        if column.designation is not None and _designations_of_record(column.designation, inputs.year):
            continue
        values = frame[column.name].to_numpy()
        columns.append((column.variable, values.astype(bool) if column.kind == "flag" else values.copy()))
    return FormulaInputArrays(
        inputs.year,
        list(frame["town"]),
        frame["town_code"].to_numpy().copy(),
        tuple(columns),
        frame["ecs_entitlement_prior_year"].to_numpy().copy(),
    )


def _set_input(simulation, variable: str, fiscal_year, values) -> None:
    """``simulation.set_input(variable, str(fiscal_year), values.copy())``, for the cached arrays of a build.

    A copy, since the cached arrays are shared by every simulation built on the same files. A plain
    input (not neutralized by a reform, without a ``set_input`` of its own or an end date) goes straight
    to its holder (``Holder.put_in_cache``, which still checks the array's length, type and period):
    the engine's own checks of the variable's name and of the period string were half of a warm build.
    The values come from files checked against the inputs' declarations (:mod:`.input_checks`).
    """
    period = period_cache.period(str(fiscal_year))
    holder = simulation.get_holder(variable)
    definition = holder.variable
    if definition.is_neutralized or has_own_set_input(definition) or definition.end is not None:
        simulation.set_input(variable, period, values.copy())
    else:
        holder.put_in_cache(values.copy(), period)


def _set_formula_inputs(simulation, arrays: FormulaInputArrays) -> None:
    """The file's inputs (copies: the arrays are shared by every simulation built on the file)."""
    period = arrays.year
    for variable, values in arrays.columns:
        _set_input(simulation, variable, period, values)


@functools.lru_cache(maxsize=256)
def _designations_of_record(path: str, year: int):
    """The current-law designation parameter node at ``year``, or None if it records nobody then.

    Read once per process and year from the node itself (building the whole parameter tree of the
    year for it, six times a build, was a fifth of a build's time).
    """
    node = current_law().parameters
    for name in path.split("."):
        node = node.children[name]
    node = node.get_at_instant(str(year))
    return node if list(node) else None


def _set_history(simulation, history, town_codes, before: int) -> None:
    """The published entitlement of every fiscal year before ``before`` (the shipped history if ``history`` is None)."""
    if history is None:
        columns = _shipped_history(tuple(int(code) for code in town_codes), file_identity(SHIPPED_ENTITLEMENT_HISTORY))
        for fiscal_year, values in columns:
            if fiscal_year < before:
                _set_input(simulation, "ecs_entitlement", fiscal_year, values)
        return
    columns = _aligned(history, town_codes, None)
    with already_checked(False):  # a history table given in Python is checked as it is set
        for fiscal_year, values in columns:
            if fiscal_year < before:
                simulation.set_input("ecs_entitlement", str(fiscal_year), values.copy())


def _set_reference_groups(simulation, year: int) -> None:
    """The District Reference Group of each town (CSDE's FY2026 classification, the one on file) for ``year``."""
    codes = simulation.calculate("town_code", "ETERNITY")
    groups = read_designations()["drg_fy2026"].reindex(codes).fillna("")
    simulation.set_input("district_reference_group", str(year), groups.to_numpy().astype(str))


def _set_district_data(simulation) -> None:
    """The accountability index and enrollment of each town's local district, for every year on file."""
    codes = tuple(int(code) for code in simulation.calculate("town_code", "ETERNITY"))
    for variable, fiscal_year, values in _district_data(codes, file_identity(SHIPPED_ACCOUNTABILITY_INDEX), file_identity(SHIPPED_ENROLLMENT)):
        _set_input(simulation, variable, fiscal_year, values)


def _aligned(table, town_codes, missing) -> tuple:
    """(fiscal year, values in the order of ``town_codes``) for each column of a town_code x fiscal_year table."""
    table = table.reindex(list(town_codes))
    if missing is not None:
        table = table.fillna(missing)
    return tuple((int(year), table[year].to_numpy(dtype=numpy.float64)) for year in table.columns)


# The shipped tables aligned on a simulation's towns, once per process and file version (the file
# identities are part of the key): reading and reshaping them was most of a build's time.
@functools.lru_cache(maxsize=16)
def _shipped_history(town_codes: tuple, _identity) -> tuple:
    return _aligned(read_entitlement_history(), town_codes, None)


@functools.lru_cache(maxsize=16)
def _district_data(town_codes: tuple, *_identities) -> tuple:
    tables = [("accountability_index", read_accountability_index(), -1.0)]
    tables += [(variable, read_enrollment(column=column), 0.0) for column, variable in ENROLLMENT_COLUMNS.items()]
    return tuple(
        (variable, year, values) for variable, table, missing in tables for year, values in _aligned(table, town_codes, missing)
    )


def _check_designations(inputs: FormulaInputs) -> None:
    """The file's designation flags must agree with the designations of record (current law), where there are some."""
    frame = inputs.frame
    for column in FORMULA_INPUT_COLUMNS:
        node = _designations_of_record(column.designation, inputs.year) if column.designation else None
        if node is None:
            continue
        of_record = designated(node, frame["town_code"].to_numpy())
        disagree = numpy.flatnonzero(of_record != frame[column.name].astype(bool).to_numpy())
        if len(disagree):
            towns = ", ".join(f"{frame['town'][i]} ({frame[column.name][i]})" for i in disagree[:5])
            raise InputDataError(
                f"{inputs.source}, column '{column.name}': {len(disagree)} town(s) disagree with the "
                f"FY{inputs.year} designations of record (parameter {column.designation}): {towns}. "
                "Change the designation as a parameter (a reform), not in the data."
            )


def designations_of_record(path: str, year: int):
    """The current-law designation parameter node at ``year`` (path like ``cgs_10_266p.designations``), or None if it records nobody then."""
    return _designations_of_record(path, year)
