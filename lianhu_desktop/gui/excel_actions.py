"""导入 and 导出 menus, built from the sheet kinds (``excel.kinds``): the import
wizard for each importable kind, an export for each exportable one, the templates.

Each export asks what to write (village, archived records, full ID numbers —
masked unless the user ticks a box under a privacy warning), then for a
file, and writes in a worker with progress and 取消.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel,
    QMessageBox, QSpinBox, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.errors import Cancelled
from lianhu_desktop.excel import kinds as sheet_kinds
from lianhu_desktop.gui import operations

LABELS = {kind.key: kind.label for kind in sheet_kinds.KINDS.values()}
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
PRIVACY_WARNING = ("身份证号码是个人信息。导出完整号码的文件只应用于重新导入或按要求上报，"
                   "请妥善保管，不要通过微信群、QQ 群等随意传送；用完及时删除。")


# ------------------------------------------------------------------ helpers

def _folder(window) -> Path:
    return Path(str(window.settings.value("excel/folder", "") or Path.home()))


def _remember_folder(window, path: Path) -> None:
    window.settings.setValue("excel/folder", str(Path(path).parent))


def _village_name(village_id: int | None) -> str:
    if village_id is None:
        return "全部村"
    return next((v.name for v in list_villages() if v.id == village_id), "")


def default_file_name(kind: str, village_id: int | None, *, full_id: bool = False,
                      today: datetime.date | None = None) -> str:
    """e.g. 李家庄村党员花名册_20261121.xlsx — the village and the date say what the file is."""
    day = (today or datetime.date.today()).strftime("%Y%m%d")
    marker = "（含完整身份证号码）" if full_id else ""
    place = _village_name(village_id) if sheet_kinds.kind(kind).by_village else ""
    return f"{place}{LABELS[kind]}{marker}_{day}.xlsx"


def _ask_save(window, title: str, name: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(window, title, str(_folder(window) / name), XLSX_FILTER)
    if not path:
        return None
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    _remember_folder(window, path)
    return path


def _done_message(window, title: str, text: str, path: Path) -> None:
    window.statusBar().showMessage(f"{text}：{path}", 8000)
    box = QMessageBox(QMessageBox.Icon.Information, title, f"{text}\n{path}", QMessageBox.StandardButton.Ok,
                      window)
    folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if box.clickedButton() is folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def _has_villages(window) -> bool:
    if window.ui.stack.currentWidget() is window.ui.tabsHolder:
        return True
    QMessageBox.information(window, "还没有村", "数据库中还没有村，请先新建村或载入演示数据。")
    return False


# ------------------------------------------------------------------ export options

class ExportOptions(QDialog):
    """What to export: village, archived records, full ID numbers (explicit, with a warning)."""

    def __init__(self, parent: QWidget | None, kind: str, village_id: int | None):
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(f"导出{LABELS[kind]}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.village = QComboBox()
        sheet = sheet_kinds.kind(kind)
        if sheet.export_all_villages:
            self.village.addItem("全部村", None)
        for village in list_villages():
            self.village.addItem(village.name, village.id)
        self.village.setCurrentIndex(max(self.village.findData(village_id), 0))
        if sheet.by_village:
            label = QLabel("村(&V)：")
            label.setBuddy(self.village)
            form.addRow(label, self.village)
        # Only lines since a day (the audit log): off = everything.
        self.since_on = QCheckBox("只导出此日期及以后的(&S)：")
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setEnabled(False)
        self.since_on.toggled.connect(self.since.setEnabled)
        if sheet_kinds.SINCE in sheet.export_options:
            form.addRow(self.since_on, self.since)
        # One year or one month (visits, requests, the appraisal); a required year is always on.
        today = QDate.currentDate()
        self.year_on = QCheckBox("只导出此年度(&Y)：")
        self.year = QSpinBox()
        self.year.setObjectName("exportYear")
        self.year.setRange(2000, today.year() + 1)
        self.year.setValue(today.year())
        self.year.setSuffix(" 年")
        self.year.setEnabled(False)
        self.year_on.toggled.connect(self.year.setEnabled)
        if sheet_kinds.YEAR in sheet.required:
            self.year_on.setText("年度(&Y)：")
            self.year_on.setChecked(True)
            self.year_on.setEnabled(False)
        self.month_on = QCheckBox("只导出此月份(&M)：")
        self.month = QDateEdit(QDate(today.year(), today.month(), 1))
        self.month.setObjectName("exportMonth")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setEnabled(False)
        self.month_on.toggled.connect(self.month.setEnabled)
        self.month_on.toggled.connect(lambda on: on and self.year_on.isEnabled() and self.year_on.setChecked(False))
        self.year_on.toggled.connect(lambda on: on and self.month_on.setChecked(False))
        if sheet_kinds.YEAR in sheet.export_options:
            form.addRow(self.year_on, self.year)
        if sheet_kinds.MONTH in sheet.export_options:
            form.addRow(self.month_on, self.month)
        layout.addLayout(form)
        self.archived = QCheckBox("同时导出已归档的记录(&A)")
        self.full_id = QCheckBox("导出完整身份证号码(&I)")
        self.warning = QLabel(PRIVACY_WARNING)
        self.warning.setWordWrap(True)
        if sheet.export_note:
            note = QLabel(sheet.export_note)
            note.setWordWrap(True)
            layout.addWidget(note)
        if sheet_kinds.ARCHIVED in sheet.export_options:
            layout.addWidget(self.archived)
        if sheet_kinds.FULL_ID in sheet.export_options:
            layout.addWidget(QLabel("默认隐去身份证号码中间 8 位，如 110101********123X。"))
            layout.addWidget(self.full_id)
            layout.addWidget(self.warning)
        self.full_id.toggled.connect(self._full_id_toggled)
        self._full_id_toggled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("选择保存位置…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _full_id_toggled(self, on: bool) -> None:
        self.warning.setStyleSheet("color: #b3261e; font-weight: bold;" if on else "color: #55606e;")

    def village_id(self) -> int | None:
        return self.village.currentData() if sheet_kinds.kind(self.kind).by_village else None

    def since_day(self) -> datetime.date | None:
        return self.since.date().toPython() if self.since_on.isChecked() else None

    def passed(self) -> dict:
        """The year and month chosen, keyed by option (as ``SheetKind.export`` takes them)."""
        sheet = sheet_kinds.kind(self.kind)
        chosen = {}
        if sheet_kinds.YEAR in sheet.export_options and self.year_on.isChecked():
            chosen[sheet_kinds.YEAR] = self.year.value()
        if sheet_kinds.MONTH in sheet.export_options and self.month_on.isChecked():
            month = self.month.date()
            chosen[sheet_kinds.MONTH] = datetime.date(month.year(), month.month(), 1)
        return chosen


def export_sheet(window, kind: str) -> None:
    """导出花名册 / 农户台账 / 联户关系: options → file → worker."""
    if not _has_villages(window):
        return
    options = ExportOptions(window, kind, window.current_village_id())
    if not options.exec():
        return
    full_id = options.full_id.isChecked()
    path = _ask_save(window, f"导出{LABELS[kind]}", default_file_name(kind, options.village_id(), full_id=full_id))
    if path is not None:
        start_export(window, kind, path, options.village_id(), full_id=full_id,
                     include_archived=options.archived.isChecked(), since=options.since_day(), **options.passed())


def start_export(window, kind: str, path: Path, village_id: int | None, *, full_id: bool = False,
                 include_archived: bool = False, since: datetime.date | None = None, **passed):
    """Write the export in a worker; report the outcome in the window."""
    sheet = sheet_kinds.kind(kind)
    title = f"导出{sheet.label}"

    def done(count) -> None:
        masked = "" if full_id or sheet_kinds.FULL_ID not in sheet.export_options else "（身份证号码已隐去中间 8 位）"
        _done_message(window, title, f"已导出 {count} {sheet.unit}{masked}", path)

    window.export_job = operations.run_query(
        window, sheet.export, path, village_id, background=True, title=title, label=f"正在导出{sheet.label}……",
        on_success=done, on_failure=lambda e: _cancelled(window, title, e),
        **{sheet_kinds.FULL_ID: full_id, sheet_kinds.ARCHIVED: include_archived, sheet_kinds.SINCE: since,
           **passed})
    return window.export_job


def _cancelled(window, title: str, error: BaseException) -> None:
    """After ``run_op`` showed an error: a cancel is said in the status bar."""
    if isinstance(error, Cancelled):
        window.statusBar().showMessage(f"{title}：已取消", 5000)


def save_template(window, kind: str) -> None:
    from lianhu_desktop.excel.templates import write_template

    village_id = window.current_village_id()
    label = LABELS[kind]
    name = f"{_village_name(village_id) if village_id is not None else ''}{label}导入模板.xlsx"
    path = _ask_save(window, f"下载{label}导入模板", name)
    if path is None:
        return
    operations.run_query(
        window, write_template, kind, path,
        village_name=_village_name(village_id) if village_id is not None else "", title="保存模板",
        on_success=lambda _written: _done_message(
            window, "导入模板", f"已保存{label}导入模板，填好后用“导入”菜单导入", path))


# ------------------------------------------------------------------ import

def import_sheet(window, kind: str, path: str | Path | None = None):
    """Open the import wizard for the current village (全部村: the wizard asks)."""
    from lianhu_desktop.gui.import_wizard import ImportWizard

    if not _has_villages(window):
        return None
    wizard = ImportWizard(window, kind=kind, village_id=window.current_village_id(), path=path,
                          settings=window.settings)

    def finished(_code: int) -> None:
        result = wizard.result  # the wizard's run_op has told every view what changed
        if result is not None and result.written:
            window.statusBar().showMessage(result.summary().splitlines()[0], 10000)
        wizard.deleteLater()

    wizard.finished.connect(finished)
    window.import_wizard = wizard
    wizard.open()
    return wizard


# ------------------------------------------------------------------ menus

def _action(window, text: str, name: str, tip: str, slot, shortcut: str | None = None) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.setStatusTip(tip)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


def install(window) -> None:
    """Fill the 导入 and 导出 menus from the sheet kinds."""
    menu = window.ui.menuImport
    for sheet in sheet_kinds.wizard_kinds():
        name = sheet.key.title()
        menu.addAction(_action(window, f"导入{sheet.short}(&{sheet.mnemonic})…", f"actionImport{name}",
                               sheet.import_tip or f"从 Excel 导入{sheet.label}",
                               lambda _=False, k=sheet.key: import_sheet(window, k), sheet.import_shortcut or None))
    menu = window.ui.menuExport
    for sheet in sheet_kinds.exportable():
        menu.addAction(_action(window, f"导出{sheet.short}(&{sheet.mnemonic})…", f"actionExport{sheet.key.title()}",
                               f"把{sheet.label}导出为 Excel", lambda _=False, k=sheet.key: export_sheet(window, k)))
    menu.addSeparator()
    templates = menu.addMenu("下载导入模板(&T)")
    templates.setObjectName("menuTemplates")
    for sheet in sheet_kinds.with_templates():
        templates.addAction(_action(window, f"{sheet.short}模板(&{sheet.mnemonic})…",
                                    f"actionTemplate{sheet.key.title()}", f"{sheet.label}导入模板",
                                    lambda _=False, k=sheet.key: save_template(window, k)))
    window.sync_menus()


__all__ = ["ExportOptions", "PRIVACY_WARNING", "default_file_name", "export_sheet", "import_sheet",
           "install", "start_export"]
