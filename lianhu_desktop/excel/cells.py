"""Cells written so that Excel shows what was stored, nothing more.

Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be taken for a formula by Excel (OWASP's CSV/formula injection: a
head name ``=HYPERLINK(…)`` becomes a live link). Such text is written as a
text cell (type string, format ``@``), never as a formula, and reads back
unchanged. ID numbers and phones are text cells too, so no digit is lost.
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell):
    """Make ``cell`` (any openpyxl cell holding a string) a plain text cell."""
    cell.data_type = "s"
    cell.number_format = TEXT_FORMAT
    return cell


def styled_cell(sheet, value, font=None, fill=None, number_format=None) -> WriteOnlyCell:
    """A write-only cell with a style; text that looks like a formula stays text."""
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    if looks_like_formula(value):
        as_text(cell)
    return cell


def safe(sheet, value):
    """``value`` as a write-only sheet's ``append`` takes it: as is, or as a
    text cell when it would be read as a formula."""
    if looks_like_formula(value):
        return as_text(WriteOnlyCell(sheet, value=value))
    return value


def set_value(sheet, row: int, column: int, value):
    """``sheet.cell(row, column, value)`` of a normal sheet, formula-safe."""
    cell = sheet.cell(row, column, value)
    if looks_like_formula(value):
        as_text(cell)
    return cell
