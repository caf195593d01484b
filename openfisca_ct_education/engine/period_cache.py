"""Parsing each period string once per process: the hardened web app's main saving.

openfisca-core parses the period key of every input value (``"2026"``) through pendulum, about
65 microseconds each: 5,000 of them, nearly half of a 169-town /calculate. Periods are immutable
values, so :func:`install` puts a bounded memo in front of ``openfisca_core.periods.period`` for
string arguments (other arguments go to the original). It is installed by
:func:`openfisca_ct_education.web.app.create_app` and by
:func:`openfisca_ct_education.engine.simulation.build_year` (every build of a simulation).
"""

from __future__ import annotations

import functools

from openfisca_core import periods

_original = periods.period


@functools.lru_cache(maxsize=4096)
def _parse(text: str):
    return _original(text)


def period(value):
    """``openfisca_core.periods.period``, memoized for strings."""
    return _parse(value) if isinstance(value, str) else _original(value)


def install() -> None:
    """Replace ``openfisca_core.periods.period`` with the memoized :func:`period` (idempotent)."""
    periods.period = period
