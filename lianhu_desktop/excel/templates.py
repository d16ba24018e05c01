"""Import templates: a title, marked required columns, a comment on each
header, drop-down lists, text-formatted ID and phone columns, one example
row and a 填写说明 sheet."""

from __future__ import annotations

import io
import os

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lianhu_desktop.domain import fields, vocab
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.excel.kinds import KINDS

HEADER_ROW = 3
FORMATTED_ROWS = 2000
FLAG_CHOICES = ("是", "否")
TEXT_KINDS = tuple(fields.TEXT_CELL_KINDS)
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXAMPLE_FONT = Font(italic=True, color="808080")


def header_text(column) -> str:
    """The header as written: required columns carry a leading *."""
    return f"*{column.header}" if column.required else column.header


def _choices(column):
    if column.kind == "choice":
        return column.choices
    if column.kind == "flag":
        return FLAG_CHOICES
    if column.kind == "tags":
        return vocab.HOUSEHOLD_TAGS
    return ()


def template_columns(kind: str):
    """The columns of ``kind``'s import template: the sheet's importable ones."""
    return tuple(c for c in KINDS[kind].columns if c.importable)


def write_template(kind: str, path, *, village_name: str = "") -> Path:
    """Write the import template for ``kind`` (see ``excel.kinds``) to ``path``."""
    if kind not in KINDS or not KINDS[kind].template:
        raise ValidationError(f"{KINDS[kind].label if kind in KINDS else kind}没有导入模板")
    columns = template_columns(kind)
    label = KINDS[kind].label
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = label
    lists = workbook.create_sheet("选项")
    last = get_column_letter(len(columns) + 1)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = f"{village_name}{label}（导入模板）"
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = ("带 * 的红色列必须填写；把鼠标停在表头上可看填写要求；灰色斜体的示例行导入时会被跳过，"
                   "也可以删除。详见“填写说明”工作表。")
    sheet["A2"].font = Font(color="808080")
    sheet.cell(HEADER_ROW, 1, "序号").font = HEADER_FONT
    sheet.column_dimensions["A"].width = 6
    sheet.cell(HEADER_ROW + 1, 1, "示例").font = EXAMPLE_FONT
    list_col = 0
    for index, column in enumerate(columns, 2):
        letter = get_column_letter(index)
        head = sheet.cell(HEADER_ROW, index, header_text(column))
        head.font = REQUIRED_FONT if column.required else HEADER_FONT
        head.fill = HEADER_FILL
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = ("【必填】" if column.required else "") + (column.comment or column.header)
        head.comment = Comment(note, "联户通", width=240, height=110)
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) * 2 + 2)
        example = sheet.cell(HEADER_ROW + 1, index, column.example or None)
        example.font = EXAMPLE_FONT
        first, end = HEADER_ROW + 1, HEADER_ROW + FORMATTED_ROWS
        if column.kind in TEXT_KINDS:
            for row in range(first, end + 1):
                sheet.cell(row, index).number_format = "@"
        choices = _choices(column)
        if choices:
            list_col += 1
            list_letter = get_column_letter(list_col)
            lists.cell(1, list_col, column.header)
            for offset, choice in enumerate(choices, 2):
                lists.cell(offset, list_col, choice)
            # Tags: the list offers the common ones, yet any text (several, custom) is allowed.
            strict = column.kind != "tags"
            rule = DataValidation(
                type="list", formula1=f"='选项'!${list_letter}$2:${list_letter}${len(choices) + 1}",
                allow_blank=True, showErrorMessage=strict, errorTitle="请从下拉列表中选择",
                error=f"{column.header}应为：{'、'.join(choices[:12])}{' 等' if len(choices) > 12 else ''}")
            rule.add(f"{letter}{first}:{letter}{end}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    lists.sheet_state = "hidden"
    _instructions(workbook.create_sheet("填写说明"), kind, columns)
    workbook.move_sheet("填写说明", offset=-1)
    workbook.active = 0
    return save_workbook(workbook, path)


def save_workbook(workbook, path) -> Path:
    """Save atomically, turning a file Excel holds open (or a bad folder) into a Chinese message.

    The workbook is written to memory first and then replaces the file in one
    step, so a failure never leaves a half-written workbook behind.
    """
    path = Path(path)
    buffer = io.BytesIO()
    workbook.save(buffer)
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.write_bytes(buffer.getvalue())
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ValidationError(
            f"无法写入文件（可能正被 Excel 打开，请关闭后重试）：{path}（{error.strerror or error}）") from None
    return path


def _instructions(sheet, kind: str, columns) -> None:
    label = KINDS[kind].label
    creates = any(c.kind == fields.REF for c in columns)
    # The column that takes the unknown columns' values says so in its own comment.
    notes = next((c.header for c in columns if c.kind == fields.NOTES and "不认识的列" in c.comment), None)
    lines = [
        f"{label}填写说明",
        f"请在第一个工作表中从示例行下方开始逐行填写，每行一{KINDS[kind].unit}；表头请勿改动，可以删去不用的列。",
        "带 * 的红色列必须填写，其余可以留空；重新导入时，留空的格子不会清除程序中已有的内容。",
        "身份证号码、电话所在列已设为“文本”格式。若从别处粘贴，请“选择性粘贴 → 数值”，"
        "切勿让 Excel 把身份证号码变成数字（如 1.10101E+17），那样后几位会永久丢失，程序会拒收该行。",
        "日期可写 1965-03-05、1965/3/5、1965年3月5日 或 19650305；可否只写到月份（如 1965年3月、1965.03），"
        "见下表各列的填写要求。",
        *(["党小组、岗位、网格填写名称；本村还没有的会在导入时自动新建（导入前会列出）。"] if creates else []),
        f"表中程序不认识的列（如 工作单位）会记入{notes}，不会导致导入失败。" if notes
        else "表中程序不认识的列不会导入，也不会导致导入失败。",
        KINDS[kind].match_note,
        "默认“全部成功才写入”：只要有一行有问题，就一行也不写入，并列出每行的问题，改正后再导入即可。",
    ]
    lines = lines[:1] + [f"{number}. {line}" for number, line in enumerate(lines[1:], 1)]
    for row, line in enumerate(lines, 1):
        sheet.cell(row, 1, line).font = Font(bold=True, size=14) if row == 1 else Font()
    start = len(lines) + 2
    for col, title in enumerate(("列名", "是否必填", "填写要求", "可选值"), 1):
        sheet.cell(start, col, title).font = HEADER_FONT
    for row, column in enumerate(columns, start + 1):
        sheet.cell(row, 1, column.header)
        sheet.cell(row, 2, "必填" if column.required else "可不填")
        sheet.cell(row, 3, column.comment)
        sheet.cell(row, 4, "、".join(_choices(column)))
    for letter, width in zip("ABCD", (16, 10, 60, 60)):
        sheet.column_dimensions[letter].width = width
