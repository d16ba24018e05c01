"""The import wizard's pieces that are not pages: the user's column mapping,
the rejection table model and the texts shown for a plan and a result."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem

from lianhu_desktop.errors import Cancelled, ValidationError
from lianhu_desktop.excel.columns import COLUMNS, KIND_LABELS
from lianhu_desktop.excel.importers import shown
from lianhu_desktop.excel.reader import Table
from lianhu_desktop.gui import operations

# Choice values of a column besides the column keys.
NOTES = "__notes__"  # goes into 备注 as 表头：值
IGNORE = None  # not imported
REJECTED_COLOR = QColor("#b3261e")
REJECTED_BACKGROUND = QColor("#fff1ef")


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def detected_choices(table: Table) -> dict[int, str | None]:
    """Column → key / NOTES / IGNORE as the reader understood the sheet."""
    choices: dict[int, str | None] = {}
    for col, text in enumerate(table.headers):
        if not text:
            continue
        if col in table.mapping:
            choices[col] = table.mapping[col]
        elif col in table.unknown:
            choices[col] = NOTES
        else:
            choices[col] = IGNORE  # 序号 and the like
    return choices


def apply_choices(table: Table, choices: dict[int, str | None]) -> Table:
    """The table under the user's mapping; a Chinese ValidationError when a
    required column is missing or two columns claim the same field."""
    labels = {c.key: c.header for c in COLUMNS[table.kind]}
    mapping, unknown, owner = {}, [], {}
    for col, key in sorted(choices.items()):
        if key == NOTES:
            unknown.append(col)
        elif key is not None:
            if key in owner:
                raise ValidationError(
                    f"{column_letter(owner[key])} 列“{table.headers[owner[key]]}”和 {column_letter(col)} 列"
                    f"“{table.headers[col]}”都选了“{labels[key]}”，请只保留一列")
            owner[key] = col
            mapping[col] = key
    missing = [c.header for c in COLUMNS[table.kind] if c.required and c.key not in owner]
    if missing:
        raise ValidationError(f"请指定哪一列是“{'”“'.join(missing)}”（{KIND_LABELS[table.kind]}必须有这一列）")
    return dataclasses.replace(table, mapping=mapping, unknown=unknown)


def examples(table: Table, rows: int = 20, per_column: int = 3) -> dict[int, str]:
    """A few distinct values of each column from the first data rows."""
    found: dict[int, list[str]] = {}
    for _, row in table.rows[:rows]:
        for col, value in enumerate(row):
            text = shown(value)
            if text and len(found.setdefault(col, [])) < per_column and text not in found[col]:
                found[col].append(text)
    return {col: "、".join(values) for col, values in found.items()}


def fill_mapping_table(widget: QTableWidget, table: Table, choices: dict[int, str | None],
                       on_change) -> dict[int, QComboBox]:
    """One row per headed column: letter, header, examples, and a combo 导入为."""
    shown_examples = examples(table)
    columns = sorted(choices)
    widget.clear()
    widget.setColumnCount(4)
    widget.setHorizontalHeaderLabels(("列", "表中的表头", "前几行的内容", "导入为"))
    widget.setRowCount(len(columns))
    widget.verticalHeader().hide()
    combos = {}
    for row, col in enumerate(columns):
        widget.setItem(row, 0, QTableWidgetItem(column_letter(col)))
        widget.setItem(row, 1, QTableWidgetItem(table.headers[col]))
        widget.setItem(row, 2, QTableWidgetItem(shown_examples.get(col, "")))
        combo = QComboBox()
        combo.setObjectName(f"mapping_{col}")
        combo.addItem("（不导入）", IGNORE)
        combo.addItem("→ 备注", NOTES)
        for column in (c for c in COLUMNS[table.kind] if c.importable):
            combo.addItem(column.header + ("（必填）" if column.required else ""), column.key)
        combo.setCurrentIndex(combo.findData(choices[col]))
        combo.currentIndexChanged.connect(on_change)
        widget.setCellWidget(row, 3, combo)
        combos[col] = combo
    for col, width in enumerate((40, 150, 320)):
        widget.setColumnWidth(col, width)
    widget.horizontalHeader().setStretchLastSection(True)
    return combos


def fill_preview(widget: QTableWidget, table: Table, count: int) -> None:
    """The first ``count`` data rows, with Excel's row numbers at the left."""
    rows = table.rows[:count]
    width = max([len(table.headers)] + [len(r) for _, r in rows])
    widget.clear()
    widget.setColumnCount(width)
    widget.setRowCount(len(rows))
    widget.setHorizontalHeaderLabels(
        [f"{column_letter(c)} {table.headers[c] if c < len(table.headers) else ''}" for c in range(width)])
    widget.setVerticalHeaderLabels([str(number) for number, _ in rows])
    for r, (_, values) in enumerate(rows):
        for c, value in enumerate(values):
            widget.setItem(r, c, QTableWidgetItem(shown(value)))
    widget.resizeColumnsToContents()  # a few dozen rows: cheap


def plan_counts(plan) -> str:
    """One line: how many rows would be new, updated, unchanged, rejected."""
    bad = len(plan.rejected_rows)
    text = (f"共 {plan.rows} 行：新增 {len(plan.new)}，更新 {len(plan.updates)}，无变化 {plan.unchanged}，"
            f"<span style='color:{REJECTED_COLOR.name()}'><b>有问题 {bad} 行</b></span>" if bad else
            f"共 {plan.rows} 行：新增 {len(plan.new)}，更新 {len(plan.updates)}，无变化 {plan.unchanged}，"
            "<b>没有发现问题</b>")
    if plan.links:
        text += f"；“联户党员”列中填了 {len(plan.links)} 户的联户党员"
    return text


def check_message(plan, *, all_or_nothing: bool, create_ok: bool) -> tuple[str, bool]:
    """(what the check page says under the options, whether 导入 may go ahead)."""
    bad = len(plan.rejected_rows)
    if bad and all_or_nothing:
        return (f"有 {bad} 行有问题。按“全部正确才导入”，这次一行也不会写入：请改正表格后重新导入"
                "（可先“保存问题行到 Excel”，在红色的“错误原因”列旁边改），或选择“只导入有效行”。", False)
    if not plan.new and not plan.updates:
        return ("没有可导入的行：各行都有问题。" if bad else "表中各行与数据库中的记录一致，不需要导入。"), False
    if any(plan.to_create.values()) and not create_ok:
        return "导入前要新建上面列出的各项：请勾选“同意新建以上各项”，或返回上一步把该列改为“不导入”。", False
    if bad:
        return f"将跳过 {bad} 行有问题的行，只导入其余各行。", True
    return "点“导入”写入数据库；导入过程中可以取消，取消后数据库不作任何改动。", True


def failure_text(error: BaseException, what: str) -> str:
    """A worker's failure as a sentence for the page (what: 读取, 检查, 导入)."""
    if isinstance(error, Cancelled):
        return f"已取消{what}。"
    _title, text, _is_bug = operations.error_message(error)
    return text


def created_text(plan) -> str:
    return "<br>".join(f"{what}：{'、'.join(names)}" for what, names in plan.to_create.items() if names)


def result_text(result, seconds: float) -> str:
    """The summary page: the importer's own summary plus what was skipped."""
    lines = [result.summary()]
    if result.links:
        state = "已建立或核对" if result.links_written else "未写入"
        lines.append(f"联户关系：{len(result.links)} 户{state}（按“联户党员”列）")
    if result.written and result.rejected:
        lines.append(f"跳过了 {len({r.row for r in result.rejected})} 行有问题的行：")
        for rejection in result.rejected[:50]:
            lines.append(f"  第 {rejection.row} 行 {rejection.column}：{rejection.reason}")
        if len(result.rejected) > 50:
            lines.append(f"  …… 另有 {len(result.rejected) - 50} 处")
    lines.append(f"用时 {seconds:.1f} 秒")
    return "\n".join(lines)


class RejectionModel(QAbstractTableModel):
    """The rejected cells: 行, 列, 内容, 原因 — in red."""

    HEADERS = ("行", "列", "内容", "原因")

    def __init__(self, rejections=(), parent=None):
        super().__init__(parent)
        self.rejections = list(rejections)

    def set_rejections(self, rejections) -> None:
        self.beginResetModel()
        self.rejections = list(rejections)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rejections)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rejection = self.rejections[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = (f"第 {rejection.row} 行", rejection.column, rejection.value, rejection.reason)[column]
            return value
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(REJECTED_COLOR)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(REJECTED_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
