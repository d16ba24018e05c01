"""The audit trail as a workbook: 时间, 操作人, 操作, 对象, 字段, 原值, 新值.

Every cell is text (an ID number keeps its digits; a value beginning with
``=`` stays the text it was, never a formula). Streams in openpyxl's
write-only mode, oldest line first.
"""

from __future__ import annotations

import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from lianhu_desktop.domain.audit import HEADERS, AuditFilter, count_changes, iter_changes
from lianhu_desktop.errors import Cancelled
from lianhu_desktop.excel.templates import HEADER_FILL, HEADER_FONT, save_workbook

WIDTHS = (20, 10, 8, 28, 14, 30, 30)


def _text_cell(sheet, value: str, font=None, fill=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value or None)
    if value:
        cell.data_type = "s"  # never a formula, whatever the text begins with
        cell.number_format = "@"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def export_audit(path, filters: AuditFilter = AuditFilter(), progress=None, *, full_id: bool = False) -> int:
    """Write the audit lines chosen by ``filters`` to ``path``; return how many.

    ID numbers are masked unless ``full_id``.
    """
    total = count_changes(filters)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("操作记录")
    for letter, width in zip("ABCDEFG", WIDTHS):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{total + 1}"
    sheet.append([_text_cell(sheet, h, HEADER_FONT, HEADER_FILL) for h in HEADERS])
    report = progress or (lambda done, all_: True)
    count = 0
    for row in iter_changes(filters, full_id=full_id):
        sheet.append([_text_cell(sheet, value) for value in row])
        count += 1
        if count % 5000 == 0 and report(count, total) is False:
            raise Cancelled("导出已取消，未生成文件")
    report(count, count)
    workbook.properties.title = f"操作记录（导出于 {datetime.date.today():%Y-%m-%d}）"
    save_workbook(workbook, path)
    return count


def export_audit_sheet(path, village_id: int | None = None, *, since: datetime.date | None = None,
                       full_id: bool = False, progress=None) -> int:
    """The audit export as a sheet kind: the whole database's lines (``village_id`` unused), since a day."""
    return export_audit(path, AuditFilter(since=since), progress=progress, full_id=full_id)
