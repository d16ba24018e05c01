"""The errors workbook: the sheet's rows as read plus a red 错误原因 column.

Every data row is written (not only the rejected ones), so that after an
all-or-nothing import the clerk fixes the red rows and imports this file
again; the reader ignores the 错误原因 column.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from lianhu_desktop.excel.cells import safe, styled_cell
from lianhu_desktop.domain.fields import TEXT_CELL_KINDS
from lianhu_desktop.excel.columns import COLUMNS
from lianhu_desktop.excel.reader import Table
from lianhu_desktop.excel.templates import HEADER_FONT, save_workbook

REASON_HEADER = "错误原因"
_RED = Font(color="C00000", bold=True)
_RED_FILL = PatternFill("solid", fgColor="FFE0E0")


def write_errors_file(table: Table, rejections, path) -> Path:
    """Write the table's rows with each row's reasons in a red last column."""
    reasons: dict[int, list[str]] = {}
    for rejection in rejections:
        text = f"{rejection.column}：{rejection.reason}" if rejection.column else rejection.reason
        reasons.setdefault(rejection.row, []).append(text)
    width = max([len(table.headers)] + [len(row) for _, row in table.rows])
    kinds = {c.key: c.kind for c in COLUMNS.get(table.kind, ())}
    text_cols = {col for col, key in table.mapping.items() if kinds.get(key) in TEXT_CELL_KINDS}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.sheet or "导入错误")
    for col in range(width):
        sheet.column_dimensions[get_column_letter(col + 1)].width = 21 if col in text_cols else 12
    sheet.column_dimensions[get_column_letter(width + 1)].width = 50
    sheet.freeze_panes = "A2"

    def cell(value, *, font=None, fill=None, number_format=None):
        return styled_cell(sheet, value, font, fill, number_format)

    headers = table.headers + [""] * (width - len(table.headers))
    sheet.append([cell(h or None, font=HEADER_FONT) for h in headers] + [cell(REASON_HEADER, font=_RED)])
    for number, row in table.rows:
        values = list(row) + [None] * (width - len(row))
        bad = number in reasons
        out = []
        for col, value in enumerate(values):
            if isinstance(value, (datetime.date, datetime.datetime)):
                out.append(cell(value, number_format="yyyy-mm-dd"))
            elif col in text_cols and value is not None:
                # Numbers here already lost digits; keep what was there, as text.
                shown = f"{value:.0f}" if isinstance(value, float) else str(value)
                out.append(cell(shown, number_format="@"))
            else:
                out.append(safe(sheet, value))
        out.append(cell("；".join(reasons[number]), font=_RED, fill=_RED_FILL) if bad else None)
        sheet.append(out)
    return save_workbook(workbook, path)
