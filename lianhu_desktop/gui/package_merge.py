"""文件 → 合并数据包: villages' packages into this (the township's) database.

Choose the packages, give the passphrase, see the preview (the merge worked
out and rolled back: per package and table what will be added, changed,
deleted, left, and the conflicts; refusals in words), then 合并 in a worker
with progress and 取消 (one package is all or nothing), then the 合并报告.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QMessageBox, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from lianhu_desktop.errors import Cancelled
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.passphrase_dialog import ask_passphrase
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store import merge, sealed
from lianhu_desktop.store.merge import COUNT_HEADERS, table_label

FOLDER_KEY = "package/merge_dir"
PACKAGE_FILTER = "联户通数据包 (*.lhpkg);;所有文件 (*)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
REFUSED = QColor("#b3261e")
QUIET = QColor("#555555")
# What a merge that changed a table tells the views; a table not listed: everything.
TABLE_CHANGES = {
    "village": Change.VILLAGES, "grid": Change.ORGANISATION, "party_group": Change.ORGANISATION,
    "post": Change.ORGANISATION, "contact_point": Change.ORGANISATION, "household": Change.HOUSEHOLDS,
    "household_tag": Change.HOUSEHOLDS, "member": Change.MEMBERS, "link": Change.LINKS, "visit": Change.VISITS,
    "request": Change.REQUESTS, "commitment": Change.COMMITMENTS, "meeting": Change.MEETINGS,
    "attendance": Change.MEETINGS, "meeting_problem": Change.MEETINGS, "pairing": Change.PAIRINGS,
    "scheme": Change.SCHEMES, "item": Change.SCHEMES, "appraisal": Change.SCORES, "score": Change.SCORES,
    "ballot": Change.BALLOTS, "ballot_grade": Change.BALLOTS, "tally_sheet": Change.BALLOTS,
    "tally_row": Change.BALLOTS,
}


def changes_of_results(results) -> frozenset[Change]:
    """The kinds of data the merged packages changed."""
    kinds = set()
    for result in results:
        for table, counts in result.tables.items():
            if counts.inserted or counts.updated or counts.deleted:
                kinds.add(TABLE_CHANGES.get(table, Change.DATABASE))
    return operations.changes_of(kinds)


def _when(result) -> str:
    return merge.stamp(result.package_created_at)[:16] if result.package_created_at else ""


def _package_title(result) -> str:
    name = Path(result.path).name
    if not result.village_name:
        return name
    return f"{result.village_name}（{_when(result)} 的数据包，{name}）"


class MergePreviewDialog(QDialog):
    """What the merge will change; 合并 goes ahead, 取消 changes nothing."""

    def __init__(self, parent: QWidget | None, results: list):
        super().__init__(parent)
        self.results = results
        self.setWindowTitle("合并预览")
        self.setObjectName("mergePreviewDialog")
        layout = QVBoxLayout(self)
        ready = [r for r in results if r.status == "merged"]
        changed = sum(r.changed for r in ready)
        conflicts = sum(len(r.conflicts) for r in ready)
        summary = (f"选了 {len(results)} 个数据包，其中 {len(ready)} 个可以合并："
                   f"共将新增、修改、删除 {changed} 条记录" + (f"，{conflicts} 处冲突" if conflicts else "") + "。"
                   if ready else f"选了 {len(results)} 个数据包，没有可以合并的。")
        self.summary = QLabel(summary, self)
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("mergePreview")
        self.tree.setColumnCount(1 + len(COUNT_HEADERS))
        self.tree.setHeaderLabels(["数据包 / 表", *COUNT_HEADERS])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().horizontalAdvance("000000") + 16
        for column in range(1, 1 + len(COUNT_HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        for result in results:
            self._add(result)
        layout.addWidget(self.tree, 1)
        note = QLabel("冲突：乡镇改过、村里后来也改了的记录，以村里的值为准；合并后可保存合并报告，"
                      "其中列出乡镇原来的值。一个数据包要么整个合并，要么完全不合并。", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(self)
        self.merge_button = self.buttons.addButton("合并(&M)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setEnabled(bool(ready))
        cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        (self.merge_button if ready else cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().horizontalAdvance("字") * 58, self.fontMetrics().height() * 30)

    def _add(self, result) -> None:
        item = QTreeWidgetItem(self.tree, [_package_title(result)])
        item.setToolTip(0, result.path)
        if result.status != "merged":
            note = QTreeWidgetItem(item, [result.message])
            note.setForeground(0, QBrush(REFUSED if result.status == "refused" else QUIET))
            note.setToolTip(0, result.message)
            note.setFirstColumnSpanned(True)
            item.setForeground(0, QBrush(REFUSED if result.status == "refused" else QUIET))
            item.setExpanded(True)
            return
        totals = [0] * len(COUNT_HEADERS)
        for table, counts in result.tables.items():
            figures = [counts.inserted, counts.updated, counts.deleted, counts.unchanged, counts.conflicts]
            if not any(figures):
                continue
            totals = [a + b for a, b in zip(totals, figures)]
            row = QTreeWidgetItem(item, [table_label(table), *[str(n) for n in figures]])
            for column in range(1, 1 + len(figures)):
                row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if counts.conflicts:
                row.setForeground(len(figures), QBrush(REFUSED))
        for column, total in enumerate(totals, start=1):
            item.setText(column, str(total))
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setExpanded(len(self.results) <= 3)

    def figures(self) -> dict:
        """Shown figures, {package title: {table label: [新增, 修改, 删除, 未变, 冲突]}} (for tests and checks)."""
        shown = {}
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            shown[item.text(0)] = {item.child(i).text(0): [int(item.child(i).text(c)) for c in range(1, 6)]
                                   for i in range(item.childCount()) if item.child(i).text(1)}
        return shown


# ---------------------------------------------------------------- the flow


def merge_packages(window) -> None:
    """文件 → 合并数据包…"""
    if store_db.is_read_only():
        QMessageBox.information(window, "合并数据包", "数据库是以只读方式打开的（另一个程序正在修改它），不能合并。")
        return
    folder = str(window.settings.value(FOLDER_KEY, "") or "")
    paths, _ = QFileDialog.getOpenFileNames(window, "选择要合并的数据包", folder, PACKAGE_FILTER)
    if not paths:
        return
    window.settings.setValue(FOLDER_KEY, str(Path(paths[0]).parent))
    ask_and_preview(window, [Path(p) for p in paths])


def ask_and_preview(window, paths: list[Path]) -> None:
    passphrase = ask_passphrase(window, create=False, title="数据包密码",
                                intro=f"合并 {len(paths)} 个数据包。请输入数据包的密码（与各村约定的密码）：")
    if passphrase is not None:
        start_preview(window, paths, passphrase)


def start_preview(window, paths: list[Path], passphrase: str):
    """Work out the merge in a worker (rolled back), then show the preview."""

    def previewed(results) -> None:
        if all(isinstance(r.error, sealed.WrongPassphrase) for r in results):
            QMessageBox.warning(window, "密码不对", "密码不对，打不开所选的数据包，数据库未作任何改动。请重新输入。")
            ask_and_preview(window, paths)
            return
        if all(r.status == "refused" for r in results):
            QMessageBox.warning(window, "无法合并", "所选的数据包都不能合并，数据库未作任何改动：\n\n"
                                + "\n".join(r.message for r in results))
            return
        dialog = MergePreviewDialog(window, results)
        window.merge_preview = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            window.ui.statusBar.showMessage("已取消合并，数据库未作改动", 8000)
            return
        start_merge(window, [r for r in results if r.status == "merged"], passphrase)

    window.merge_job = operations.run_query(window, merge.preview_packages, paths, passphrase,
                                            on_success=previewed, title="合并预览", background=True,
                                            label="正在核对数据包，预览合并的结果……")
    return window.merge_job


def start_merge(window, previewed: list, passphrase: str):
    """Merge the packages the preview found mergeable; a cancel keeps the packages already merged."""
    uuids = [r.package_uuid for r in previewed]

    def merged(results) -> None:
        QTimer.singleShot(0, lambda: show_outcome(window, results))

    def failed(error: BaseException) -> None:
        done = merge.merged_package_uuids(uuids)
        if done:
            operations.notify({Change.DATABASE}, window)
        names = [r.village_name for r in previewed if r.package_uuid in done]
        if isinstance(error, Cancelled):
            text = (f"已取消。已合并的数据包：{'、'.join(names)}；其余的未合并。" if names
                    else "已取消合并，数据库未作改动。")
            window.ui.statusBar.showMessage(text, 10000)
            if names:
                QMessageBox.information(window, "合并已取消", text)

    window.merge_job = operations.run_op(
        window, merge.merge_packages, [Path(r.path) for r in previewed], passphrase,
        changes=changes_of_results, on_success=merged, on_failure=failed, title="合并数据包",
        background=True, label="正在合并数据包……")
    return window.merge_job


def show_outcome(window, results) -> None:
    """What was merged, with 保存合并报告… (the conflicts and the figures, xlsx)."""
    conflicts = sum(len(r.conflicts) for r in results)
    box = QMessageBox(QMessageBox.Icon.Information, "合并完成",
                      "\n".join(r.message for r in results)
                      + ("\n\n冲突报告列出被村里的值覆盖的乡镇修改。" if conflicts else ""), parent=window)
    save = box.addButton("保存合并报告(&S)…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save if conflicts else box.buttons()[-1])
    window.merge_outcome = box
    box.exec()
    if box.clickedButton() is save:
        save_report(window, results)


def save_report(window, results, path: Path | None = None) -> None:
    if path is None:
        folder = Path(str(window.settings.value(FOLDER_KEY, "") or Path.home()))
        suggested = folder / f"合并报告_{datetime.datetime.now():%Y%m%d_%H%M}.xlsx"
        name, _ = QFileDialog.getSaveFileName(window, "保存合并报告", str(suggested), XLSX_FILTER)
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")

    def saved(written) -> None:
        window.ui.statusBar.showMessage(f"合并报告已保存：{written}", 8000)

    from lianhu_desktop.excel.merge_report import write_report

    operations.run_query(window, write_report, results, path, on_success=saved, title="合并报告没有保存")


def install(window) -> None:
    """Add 合并数据包… to the 文件 menu, after 导出数据包…"""
    action = QAction("合并数据包(&G)…", window)
    action.setObjectName("actionMergePackages")
    action.setToolTip("把各村交来的数据包合并进这个（乡镇的）数据库，先预览将作的改动")
    action.triggered.connect(lambda _checked=False: merge_packages(window))
    window.ui.menuFile.insertAction(window.ui.actionRefresh, action)
    window.ui.menuFile.insertSeparator(window.ui.actionRefresh)
    window.action_merge_packages = action


__all__ = ["MergePreviewDialog", "changes_of_results", "install", "merge_packages", "start_merge", "start_preview"]
