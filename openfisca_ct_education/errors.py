"""Errors a user can cause, with messages that say what is wrong and where."""

import re

from openfisca_core.errors import ParameterNotFoundError, SituationParsingError


class InputDataError(ValueError):
    """Bad input data: a file, a row, a column or a value the model cannot use.

    The message names the file, row, column or year, so the user can fix it.
    """


class IncompleteStateError(SituationParsingError):
    """A statewide figure (a median, a rank) was asked of a state that does not hold all towns.

    C.G.S. 10-262f takes medians over all towns of the state. A simulation of a few towns cannot
    compute them: give all 169 towns, or give the statewide figure as an input of the state.
    A subclass of SituationParsingError, so the web API answers 400 with this message.
    """

    def __init__(self, path, message):
        super().__init__(["states", *path], message, code=400)


class TownInputError(SituationParsingError):
    """A town's input cannot be used (a zero population, a missing legislated amount).

    A subclass of SituationParsingError, so the web API answers 400 with this message.
    """

    def __init__(self, town_ids, variable_name, period, message):
        towns = ", ".join(str(town_id) for town_id in town_ids[:5])
        if len(town_ids) > 5:
            towns += f" and {len(town_ids) - 5} more"
        super().__init__(
            ["towns", str(town_ids[0]), variable_name],
            f"{message} (town(s): {towns}; variable '{variable_name}'; period {period})",
            code=400,
        )


class NotEncodedError(SituationParsingError):
    """A figure asked of a year before the law the package encodes for it: an error, never a default zero."""

    def __init__(self, population, variable_name, period, first_fiscal_year, what):
        super().__init__(
            [population.entity.plural, str(population.ids[0]), variable_name],
            f"{variable_name} for FY{period.start.year}: {what} is encoded from FY{first_fiscal_year}; "
            "the package does not compute earlier years (give the value as an input)",
            code=400,
        )


class InadmissibleInputError(InputDataError, SituationParsingError):
    """An input value outside what its variable's declaration allows (``data/admissible.py``).

    Raised by ``simulation.set_input`` and when a situation is built: both an
    :class:`InputDataError` (bad input data, for the Python API and the command line) and a
    SituationParsingError (the web API answers 400 with it, at the path of the value).
    """

    def __init__(self, plural, instance_id, variable_name, period, message):
        self.message = f"{plural} {instance_id}, {variable_name} for {period}: {message}"
        SituationParsingError.__init__(self, [plural, str(instance_id), variable_name], self.message, code=400)

    def __str__(self) -> str:
        return self.message


def message_of(error, parameters=None) -> str:
    """What went wrong, in words, for a user.

    OpenFisca's SituationParsingError carries a nested ``{path: message}`` dict (its ``str`` is the
    dict): the message inside it. A ParameterNotFoundError names the parameter as ``a.b[c]`` and an
    instant: the fiscal year and the first date the law the package encodes gives it a value (looked up
    in ``parameters`` when given).
    """
    if isinstance(error, SituationParsingError):
        inner = error.error
        while isinstance(inner, dict) and inner:
            inner = next(iter(inner.values()))
        return str(inner)
    if isinstance(error, ParameterNotFoundError):
        quoted = re.search(r"parameter '([^']+)'", str(error))  # the full name (AttributeError's .name is only the key)
        name = re.sub(r"\[([^\]]+)\]", r".\1", quoted.group(1) if quoted else str(error.name))
        instant = str(error.instant_str)
        fiscal_year = _fiscal_year(instant)
        first = _first_value_date(parameters, name)
        since = f" (it is set from FY{_fiscal_year(first)}: {first})" if first else ""
        who = f"{error.variable_name} for FY{fiscal_year}" if error.variable_name else f"FY{fiscal_year}"
        return f"{who}: the law the package encodes sets no value of parameter {name} for that year{since}; the package does not compute it"
    return str(error)


def _first_value_date(parameters, name: str) -> str | None:
    node = parameters
    try:
        for part in name.split("."):
            node = node.children[part]
        return min(at.instant_str for at in node.values_list)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _fiscal_year(instant: str) -> int:
    """The fiscal year of a date ``YYYY-MM-DD``: FY2026 = 1 July 2025 to 30 June 2026."""
    return int(instant[:4]) + (1 if instant[5:7] >= "07" else 0)
