"""The import wizard: file and sheet → column mapping → check → import → summary.

Reading and checking run in workers (a township's 50,000-row ledger takes
seconds); nothing is written before the last page, and the write is one
transaction that 取消 rolls back. Calls the excel core step by step:
``reader.read_table`` → ``importers.plan_import`` → ``importers.commit_plan``.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QHeaderView, QWidget, QWizard

from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.errors import Cancelled, LianhuError
from lianhu_desktop.excel import kinds as sheet_kinds
from lianhu_desktop.excel.columns import KIND_LABELS
from lianhu_desktop.excel.importers import commit_plan, plan_import
from lianhu_desktop.excel.reader import list_sheets, read_table
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.forms.ui_import_wizard import Ui_ImportWizard
from lianhu_desktop.gui.import_mapping import (
    NOTES, RejectionModel, apply_choices, check_message, created_text, detected_choices, failure_text,
    fill_mapping_table, fill_preview, plan_counts, result_text,
)
from lianhu_desktop.gui.workers import Job, run_with_progress

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #55606e;"
PREVIEW_ROWS = 30
EXCEL_FILTER = ("表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv);;Excel 工作簿 (*.xlsx *.xlsm *.xls);;"
                "CSV 文件 (*.csv);;所有文件 (*)")


def _file_key(path: Path | None) -> tuple | None:
    """(path, modification time) of an existing file, else None."""
    try:
        return (str(path), path.stat().st_mtime_ns) if path is not None else None
    except OSError:
        return None


def _plan(table, village_id, *, progress):
    """plan_import as a job, with progress and 取消."""
    return plan_import(table, village_id, create_missing=True, progress=progress)


def _commit(plan, skip_invalid, sink: list, *, progress):
    """commit_plan as a job; ``sink`` keeps the result even if a late 取消 hides it."""
    result = commit_plan(plan, skip_invalid=skip_invalid, progress=progress)
    sink.append(result)
    return result


def _save_errors(table, rejections, path, *, progress):
    from lianhu_desktop.excel.errors_file import write_errors_file

    return write_errors_file(table, rejections, path)


class ImportWizard(QWizard):
    """Imports a roster or household sheet into one village.

    ``village_id`` None (全部村) makes the first page ask which village.
    After ``exec()``, ``result`` is the ``ImportResult`` (or None).
    """

    def __init__(self, parent: QWidget | None = None, *, kind: str = "roster",
                 village_id: int | None = None, path: str | Path | None = None,
                 settings: QSettings | None = None):
        super().__init__(parent)
        self.ui = Ui_ImportWizard()
        self.ui.setupUi(self)
        self.settings = settings if settings is not None else QSettings()
        self.table = None  # the sheet as read
        self.mapped = None  # the sheet under the user's mapping
        self.plan = None
        self.result = None
        self.job: Job | None = None
        self._loaded_key = self._plan_key = None
        self._sheets_of: tuple | None = None  # the file whose sheets are offered (path, mtime)
        self._close_when_done = False
        self._started = 0.0
        self.rejection_model = RejectionModel(parent=self)
        self._setup_file_page(kind, village_id)
        self._setup_pages()
        if path:
            self.ui.path.setText(str(path))
            self.refresh_sheets()

    # ------------------------------------------------------------ setup

    def _setup_file_page(self, kind: str, village_id: int | None) -> None:
        ui = self.ui
        for sheet in sheet_kinds.wizard_kinds():
            ui.kind.addItem(sheet.label, sheet.key)
        ui.kind.setCurrentIndex(max(ui.kind.findData(kind), 0))
        villages = list_villages()
        if village_id is None and len(villages) > 1:
            ui.village.addItem("（请选择村）", None)
        for village in villages:
            ui.village.addItem(village.name, village.id)
        ui.village.setCurrentIndex(max(ui.village.findData(village_id), 0))
        ui.fileError.setStyleSheet(ERROR_STYLE)
        ui.fileHint.setStyleSheet(HINT_STYLE)
        ui.browseButton.clicked.connect(self.browse)
        ui.path.editingFinished.connect(self.refresh_sheets)
        ui.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _setup_pages(self) -> None:
        ui = self.ui
        ui.mappingPage.ready = lambda: not ui.mappingError.text()
        ui.mappingError.setStyleSheet(ERROR_STYLE)
        ui.mappingTable.setTabKeyNavigation(False)
        ui.rejections.setModel(self.rejection_model)
        header = ui.rejections.horizontalHeader()
        for col, width in enumerate((80, 110, 170)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            ui.rejections.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        header.sectionResized.connect(lambda *_: self._fit_rejection_rows())
        ui.rejections.verticalHeader().hide()
        ui.checkPage.ready = self._check_ready
        ui.checkPage.setCommitPage(True)
        ui.checkPage.setButtonText(QWizard.WizardButton.CommitButton, "导入(&I)")
        for widget in (ui.createCheck, ui.allOrNothing, ui.skipInvalid):
            widget.toggled.connect(ui.checkPage.recheck)
        ui.saveErrorsButton.clicked.connect(self.save_errors)
        ui.importPage.ready = lambda: self.job is None
        ui.cancelButton.clicked.connect(self.cancel_import)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步(&N) >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步(&B)")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")

    def kind(self) -> str:
        return self.ui.kind.currentData()

    def village_id(self) -> int | None:
        return self.ui.village.currentData()

    def _kind_changed(self) -> None:
        self.setWindowTitle(f"导入{KIND_LABELS[self.kind()]}")

    # ------------------------------------------------------------ page 1: file

    def file_path(self) -> Path | None:
        text = self.ui.path.text().strip().strip('"')
        return Path(text) if text else None

    def browse(self) -> None:
        start = str(self.file_path() or self.settings.value("excel/folder", "") or Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "选择要导入的 Excel 文件", start, EXCEL_FILTER)
        if path:
            self.ui.path.setText(path)
            self.refresh_sheets()

    def refresh_sheets(self) -> None:
        """Offer the file's sheets; say at once what is wrong with the file.

        Nothing happens when the sheets of this very file are already offered: the
        path box reports a finished edit whenever it loses focus (to a progress
        dialog, say), and that must not wipe the message of a read that failed.
        """
        ui = self.ui
        path = self.file_path()
        sheets_of = _file_key(path)
        if sheets_of is not None and sheets_of == self._sheets_of and ui.sheet.count():
            return
        self._sheets_of = sheets_of
        previous = ui.sheet.currentText()
        ui.sheet.clear()
        ui.fileError.clear()
        if path is None:
            return
        try:
            names = list_sheets(path)
        except LianhuError as error:
            ui.fileError.setText(str(error))
            return
        ui.sheet.addItems(names)
        if previous in names:
            ui.sheet.setCurrentText(previous)
        self.settings.setValue("excel/folder", str(path.parent))

    def _validate_file(self) -> bool:
        ui = self.ui
        path = self.file_path()
        if path is None:
            return self._file_error("请选择要导入的 Excel 文件", ui.path)
        if self.village_id() is None:
            return self._file_error("请选择导入到哪个村", ui.village)
        if not path.exists():
            return self._file_error(f"找不到文件：{path}", ui.path)
        if ui.sheet.count() == 0:
            self.refresh_sheets()
            if ui.sheet.count() == 0:
                ui.path.setFocus()
                return False
        key = (str(path), path.stat().st_mtime, ui.sheet.currentText(), self.kind())
        if key == self._loaded_key:
            return True
        ui.fileError.clear()

        def done(table) -> None:
            self.table, self._loaded_key, self._plan_key = table, key, None
            self.next()

        self.reading_job = run_with_progress(
            self, "读取 Excel", f"正在读取 {path.name} ……", read_table, path, self.kind(),
            sheet=ui.sheet.currentText() or None, on_done=done,
            on_error=lambda error: self._job_failed(error, ui.fileError, "读取"))
        return False

    def _file_error(self, message: str, widget: QWidget) -> bool:
        self.ui.fileError.setText(message)
        widget.setFocus()
        return False

    def _job_failed(self, error: BaseException, label, what: str) -> None:
        """A user's mistake is said on the page; a bug also gets the 程序出错 dialog (with the log file)."""
        if operations.error_message(error)[2]:
            operations.handle_error(self, error)
        label.setText(failure_text(error, what))

    # ------------------------------------------------------------ page 2: mapping

    def _init_mapping(self) -> None:
        ui, table = self.ui, self.table
        rows = table.header_row if table.group_row is None else f"{table.group_row}–{table.header_row}"
        ui.headerInfo.setText(
            f"读取工作表“{html.escape(table.sheet)}”：表头在第 <b>{rows}</b> 行，"
            f"下面共有 <b>{len(table.rows)}</b> 行数据（空行、合计行和模板的示例行已跳过）。"
            + (f"隐藏的工作表“{html.escape('”“'.join(table.hidden_sheets))}”未读取。" if table.hidden_sheets else ""))
        choices = detected_choices(table)
        self._mapping_columns = sorted(choices)
        self.mapping_combos = fill_mapping_table(ui.mappingTable, table, choices, self._mapping_changed)
        fill_preview(ui.previewTable, table, PREVIEW_ROWS)
        self._mapping_changed()

    def choices(self) -> dict[int, str | None]:
        return {col: combo.currentData() for col, combo in self.mapping_combos.items()}

    def set_choice(self, header: str, key: str | None) -> None:
        """Map the column headed ``header`` to ``key`` (as a user would in the combo)."""
        col = self.table.headers.index(header)
        combo = self.mapping_combos[col]
        combo.setCurrentIndex(combo.findData(key))

    def _mapping_changed(self) -> None:
        ui = self.ui
        try:
            self.mapped = apply_choices(self.table, self.choices())
        except LianhuError as error:
            self.mapped = None
            ui.mappingError.setText(str(error))
        else:
            ui.mappingError.clear()
        for row, col in enumerate(self._mapping_columns):
            item = ui.mappingTable.item(row, 1)
            notes = self.mapping_combos[col].currentData() == NOTES
            item.setToolTip("本程序不认识这一列，其内容会记入备注" if notes else "")
            item.setForeground(Qt.GlobalColor.darkYellow if notes else ui.mappingTable.palette().text())
        ui.mappingPage.recheck()

    def _validate_mapping(self) -> bool:
        if self.mapped is None:
            return False
        key = (self._loaded_key, tuple(sorted(self.choices().items(), key=lambda kv: kv[0])),
               self.village_id())
        if key == self._plan_key:
            return True

        def done(plan) -> None:
            self.plan, self._plan_key = plan, key
            self.next()

        self.checking_job = run_with_progress(
            self, "检查数据", f"正在逐行检查 {len(self.mapped.rows)} 行……", _plan, self.mapped,
            self.village_id(), on_done=done,
            on_error=lambda error: self._job_failed(error, self.ui.mappingError, "检查"))
        return False

    # ------------------------------------------------------------ page 3: check

    def _init_check(self) -> None:
        ui, plan = self.ui, self.plan
        ui.counts.setText(plan_counts(plan))
        self.rejection_model.set_rejections(sorted(plan.rejected, key=lambda r: r.row))
        ui.rejections.setVisible(bool(plan.rejected))
        # Row heights once the columns have their widths (50,000 rows: one line each).
        QTimer.singleShot(0, self._fit_rejection_rows)
        to_create = created_text(plan)
        ui.createBox.setVisible(bool(to_create))
        ui.createList.setText(to_create)
        ui.createCheck.setChecked(False)
        ui.optionsBox.setVisible(bool(plan.rejected))
        ui.allOrNothing.setChecked(True)
        ui.checkPage.recheck()

    def _fit_rejection_rows(self) -> None:
        if self.rejection_model.rowCount() <= 500:
            self.ui.rejections.resizeRowsToContents()

    def _check_ready(self) -> bool:
        ui, plan = self.ui, self.plan
        if plan is None:
            return False
        message, ok = check_message(plan, all_or_nothing=ui.allOrNothing.isChecked(),
                                    create_ok=ui.createCheck.isChecked())
        ui.checkHint.setStyleSheet(HINT_STYLE if ok else ERROR_STYLE)
        ui.checkHint.setText(message)
        return ok

    def save_errors(self) -> None:
        source = self.file_path() or Path.home() / "导入"
        suggested = source.with_name(f"{source.stem}_错误原因.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "保存问题行", str(suggested), "Excel 工作簿 (*.xlsx)")
        if path:
            self.save_errors_to(Path(path))

    def save_errors_to(self, path: Path) -> Job:
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")

        def done(written) -> None:
            self.ui.checkHint.setStyleSheet(HINT_STYLE)
            self.ui.checkHint.setText(f"问题行已保存到：{written}（红色“错误原因”列说明了每行的问题）")
            self.errors_written = written

        self.saving_job = run_with_progress(
            self, "保存问题行", "正在写入错误报告……", _save_errors, self.mapped, self.plan.rejected, path,
            on_done=done, on_error=self._save_failed)
        return self.saving_job

    def _save_failed(self, error: BaseException) -> None:
        operations.handle_error(self, error, "保存失败")

    # ------------------------------------------------------------ page 4: import

    def _start_import(self) -> None:
        ui = self.ui
        ui.summary.clear()
        ui.progress.setRange(0, 0)
        ui.cancelButton.setEnabled(True)
        ui.importStatus.setText(f"正在写入{KIND_LABELS[self.plan.kind]}……")
        self._started = time.perf_counter()
        self._committed: list = []
        kind = self.plan.kind
        self.job = operations.run_op(
            self, _commit, self.plan, self.ui.skipInvalid.isChecked(), self._committed, background=True,
            on_progress=self._progress, changes=lambda result: self._changes(kind, result),
            on_success=self._imported, on_failure=self._import_failed,
            inline_errors=lambda _message, _field: None)  # the page says it (_import_failed)
        ui.importPage.recheck()

    @staticmethod
    def _changes(kind: str, result) -> frozenset:
        return operations.import_changes(kind) if result.written else frozenset()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.ui.progress.setRange(0, total)
            self.ui.progress.setValue(min(done, total))

    def cancel_import(self) -> None:
        if self.job is not None:
            self.ui.importStatus.setText("正在取消……")
            self.ui.cancelButton.setEnabled(False)
            self.job.cancel()

    def _finish_job(self) -> None:
        self.job = None
        self.ui.cancelButton.setEnabled(False)
        self.ui.importPage.recheck()
        if self._close_when_done:
            super().reject()

    def _imported(self, result) -> None:
        ui = self.ui
        self.result = result
        ui.progress.setRange(0, 1)
        ui.progress.setValue(1)
        ui.importStatus.setText("导入完成。" if result.written else "没有写入任何数据。")
        ui.summary.setPlainText(result_text(result, time.perf_counter() - self._started))
        self._finish_job()

    def _import_failed(self, error: BaseException) -> None:
        ui = self.ui
        if isinstance(error, Cancelled) and self._committed and self._committed[0].written:
            # 取消 came after the transaction had committed: the import stands.
            result = self._committed[0]
            self._imported(result)
            operations.notify(self._changes(self.plan.kind, result), self)
            return
        ui.progress.setRange(0, 1)
        ui.progress.setValue(0)
        if isinstance(error, Cancelled):
            ui.importStatus.setText("导入已取消，数据库未作任何改动。")
        else:
            self._job_failed(error, ui.importStatus, "导入")
            ui.importStatus.setText(ui.importStatus.text() + "\n数据库未作任何改动。")
        ui.importStatus.setStyleSheet(ERROR_STYLE)
        self._finish_job()

    # ------------------------------------------------------------ QWizard

    def initializePage(self, page_id: int) -> None:
        page = self.page(page_id)
        if page is self.ui.mappingPage:
            self._init_mapping()
        elif page is self.ui.checkPage:
            self._init_check()
        elif page is self.ui.importPage:
            self._start_import()
        super().initializePage(page_id)

    def cleanupPage(self, page_id: int) -> None:
        # Going back keeps what the user chose (QWizard would reset the fields).
        pass

    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if page is self.ui.filePage:
            return self._validate_file()
        if page is self.ui.mappingPage:
            return self._validate_mapping()
        return super().validateCurrentPage()

    def reject(self) -> None:
        if self.job is not None:  # rolls back; the wizard closes when the worker has stopped
            self._close_when_done = True
            self.cancel_import()
            return
        super().reject()
