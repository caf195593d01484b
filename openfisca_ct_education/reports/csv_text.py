"""CSV that Excel and pandas both read cleanly: booleans as ``true``/``false``, no ``NaN``, ``\\n`` line ends.

Column names are ASCII (every output names its columns so); a file that still holds other characters (a
town or scenario name) starts with a UTF-8 byte-order mark, which is how Excel knows the encoding.
"""

from __future__ import annotations

import numpy
import pandas


def is_boolean(value) -> bool:
    return isinstance(value, (bool, numpy.bool_))


def _boolean_column(values: pandas.Series) -> bool:
    """A column of booleans, possibly with missing values (the statewide row)."""
    present = values.dropna()
    return values.dtype == bool or (len(present) > 0 and present.map(is_boolean).all())


def csv_text(frame: pandas.DataFrame) -> str:
    """``frame`` as CSV text: booleans spelled one way, missing values empty, a BOM only if not ASCII."""
    frame = frame.copy()
    for column in frame.columns:
        if _boolean_column(frame[column]):
            frame[column] = frame[column].map(lambda value: ("true" if value else "false") if is_boolean(value) else "").astype(object)
    text = frame.to_csv(index=False, lineterminator="\n")
    return text if text.isascii() else "\ufeff" + text
