"""The merge report (合并报告): per package and table what changed, and the conflicts.

Conflicts are the township's edits that a village's newer value replaced:
表, 记录, 字段, 乡镇的值, 村里的值, so that nothing is lost silently.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from lianhu_desktop.domain import fields as field_registry
from lianhu_desktop.excel.cells import TEXT_FORMAT, set_value
from lianhu_desktop.excel.templates import save_workbook
from lianhu_desktop.store.merge import COUNT_HEADERS, table_label
from lianhu_desktop.store.migrations import m0006_change_log as audited

_COMMON_LABELS = {
    "name": "名称", "date": "日期", "content": "内容", "notes": "备注", "status": "状态", "kind": "类别",
    "topic": "主题", "form": "走访形式", "duties": "职责", "year": "年度", "deadline": "期限",
    "result": "结果", "category": "类别", "handling": "办理方式", "tag": "标签", "village_id": "村",
    "member_id": "党员", "household_id": "农户", "grid_id": "网格", "sort_order": "排序",
}
STATUS_LABELS = {"merged": "已合并", "already": "已合并过，未作改动", "older": "比已合并的旧，未作改动"}

def field_label(table: str, column: str) -> str:
    """The Chinese name of a column: the field registry's, the change log's, or a common one."""
    entity = field_registry.ENTITIES.get(table)
    if entity is not None:
        for f in entity.fields:
            if f.column == column or (f.stored and column in f.stored and len(f.stored) == 1):
                return f.label
    for table_def in (audited.MEMBER, audited.HOUSEHOLD, audited.LINK):
        if table_def.table == table:
            for f in table_def.fields:
                if f.column == column:
                    return f.label
    return _COMMON_LABELS.get(column, column)


def _shown(value) -> str:
    return "" if value is None else str(value)


def _append(sheet, values) -> None:
    """One row; text that looks like a formula, an ID number or a phone stays text."""
    row = sheet.max_row + 1
    for column, value in enumerate(values, start=1):
        cell = set_value(sheet, row, column, value)
        if isinstance(value, str):
            cell.number_format = TEXT_FORMAT


def write_report(results, path):
    """Write the 合并报告 workbook of ``results`` (``store.merge.MergeResult``) to ``path``."""
    workbook = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    summary = workbook.active
    summary.title = "合并汇总"
    summary.append(["数据包", "村", "结果", "表", *COUNT_HEADERS])
    for result in results:
        if not result.tables:
            _append(summary, [result.path, result.village_name, STATUS_LABELS.get(result.status, result.status)])
        for table, counts in result.tables.items():
            _append(summary, [result.path, result.village_name, STATUS_LABELS.get(result.status, result.status),
                            table_label(table), counts.inserted, counts.updated, counts.deleted,
                            counts.unchanged, counts.conflicts])
    conflicts = workbook.create_sheet("冲突")
    conflicts.append(["村", "表", "记录", "字段", "乡镇的值", "村里的值"])
    for result in results:
        for c in result.conflicts:
            _append(conflicts, [result.village_name, table_label(c.table), _shown(c.record),
                              field_label(c.table, c.field), _shown(c.township_value), _shown(c.village_value)])
    if conflicts.max_row == 1:
        _append(conflicts, ["（没有冲突：乡镇修改过的记录村里都没有再改）"])
    for sheet, widths in ((summary, (40, 14, 18, 12, 8, 8, 8, 8, 8)), (conflicts, (14, 12, 24, 16, 30, 30))):
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        for cell in sheet[1]:
            cell.font, cell.fill = bold, head_fill
            cell.alignment = Alignment(horizontal="center")
        sheet.freeze_panes = "A2"
    return save_workbook(workbook, path)
