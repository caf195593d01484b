"""Excel workbooks (openpyxl): one table per sheet, with number formats, a frozen header, an autofilter and column widths.

A :class:`Sheet` is a table (a DataFrame) and the kind of each numeric column (dollars, per-pupil
dollars, percent, students, count); :func:`workbook` writes the sheets and returns the bytes of the
``.xlsx`` file, for the caller to write all at once. Percents are stored as fractions with a percent
format (Excel's convention), money as numbers with a dollar format, so that a reader can sum and sort.
"""

from __future__ import annotations

import dataclasses
import io

import pandas

#: Excel number formats by kind of column (negative money in red with a minus sign).
NUMBER_FORMATS = {
    "dollars": '"$"#,##0;[Red]-"$"#,##0',
    "per-pupil": '"$"#,##0.00;[Red]-"$"#,##0.00',
    "percent": "0.00%;[Red]-0.00%",
    "students": "#,##0.00",
    "count": "#,##0",
}
MAX_WIDTH = 70
HEADER_FILL = "DDE5F0"


@dataclasses.dataclass
class Sheet:
    """A sheet: its name (31 characters at most), its table, the kind of each formatted column (a key of
    :data:`NUMBER_FORMATS`, or a list of them, one per row), the columns to wrap, rows written below the table
    after a blank row and outside its filter (a statewide total), and the first cell not frozen."""

    name: str
    frame: pandas.DataFrame
    kinds: dict = dataclasses.field(default_factory=dict)
    wrap: tuple = ()
    below: pandas.DataFrame | None = None
    freeze: str = "A2"


def workbook(sheets) -> bytes:
    """The ``.xlsx`` file of ``sheets``, as bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write(book.create_sheet(sheet.name[:31]), sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(page, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    frame = sheet.frame
    columns = list(frame.columns)
    page.append([str(column) for column in columns])
    for row in frame.itertuples(index=False):
        page.append([cell(value) for value in row])
    last = len(frame) + 1
    if sheet.below is not None and not sheet.below.empty:
        page.append([])
        for row in sheet.below.reindex(columns=columns).itertuples(index=False):
            page.append([cell(value) for value in row])
        for row in page.iter_rows(min_row=last + 2, max_row=page.max_row):
            for item in row:
                item.font = Font(bold=True)
    for item in page[1]:
        item.font = Font(bold=True)
        item.fill = PatternFill("solid", fgColor=HEADER_FILL)
        item.alignment = Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        kind = sheet.kinds.get(column)
        by_row = kind if isinstance(kind, list) else None
        wrap = column in sheet.wrap
        for row, (item,) in enumerate(page.iter_rows(min_row=2, max_row=page.max_row, min_col=index, max_col=index)):
            this = (by_row[row] if row < len(by_row) else None) if by_row is not None else kind
            if this is not None and isinstance(item.value, (int, float)) and not isinstance(item.value, bool):
                item.number_format = NUMBER_FORMATS[this]
            if wrap:
                item.alignment = Alignment(wrap_text=True, vertical="top")
        page.column_dimensions[get_column_letter(index)].width = _width(frame[column], str(column), kind, wrap)
    page.freeze_panes = sheet.freeze
    if columns:
        page.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"


def cell(value):
    """A value openpyxl writes: numpy scalars as Python numbers, missing values empty, lists joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    if value is None or (not isinstance(value, str) and pandas.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _width(values: pandas.Series, header: str, kind, wrap: bool) -> float:
    """A column wide enough for its values as formatted and for most of its header (which wraps)."""
    if wrap:
        return MAX_WIDTH
    if kind is not None:
        numbers = [abs(float(value)) for value in values if isinstance(cell(value), (int, float))]
        longest = len(f"-${max(numbers, default=0):,.2f}") + 1
    else:
        longest = max((len(str(cell(value) or "")) for value in values), default=4)
    return float(min(MAX_WIDTH, max(longest, min(len(header), 24), 6) + 2))
