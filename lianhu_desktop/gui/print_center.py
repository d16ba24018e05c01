"""打印中心: choose a document, its scope and layout; preview, print or save the PDF.

Driven by ``reports.catalog``: the documents, their layouts and the scopes
each accepts come from there, so a new printable kind appears here without
changes. The PDF is built by ``catalog.print_document`` in a worker (with
progress and 取消) into a temporary folder; the preview renders its pages
(``pdf_preview``), 打印 paints them onto a ``QPrinter`` (``pdf_pages``) and
保存 PDF copies the file. Door plates are remembered as printed only when the
whole document went to the printer, or when the clerk says so with
标记为已打印 (a saved PDF may be printed elsewhere, or never): never after a
preview or a save. A change of document or scope clears the old preview.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from lianhu_desktop.domain import printing
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.errors import Cancelled, LianhuError
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.forms.ui_print_center import Ui_PrintCenter
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.pdf_pages import PdfPages, prepare_printer, print_pages
from lianhu_desktop.gui.pdf_preview import PdfPreview
from lianhu_desktop.gui.print_choice import PrintChoice
from lianhu_desktop.reports import catalog

PDF_FILTER = "PDF 文件 (*.pdf)"


TEMP_ROOT_NAME = "lianhu-print"
STALE_SECONDS = 24 * 3600


def new_build_dir() -> Path:
    """A fresh temporary folder for this dialog's PDFs; folders a crash left behind are removed."""
    root = Path(tempfile.gettempdir()) / TEMP_ROOT_NAME
    root.mkdir(exist_ok=True)
    for old in root.iterdir():
        try:
            stale = time.time() - old.stat().st_mtime > STALE_SECONDS
        except OSError:
            continue
        if stale:
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=root))


@dataclass
class Built:
    """A PDF built for one choice of options, and what became of it."""

    key: tuple
    result: catalog.PrintResult
    seconds: float
    pages: PdfPages | None = None
    marked: bool = False
    summary: str = ""
    stale: bool = False  # the data printed changed after it was built

    @property
    def path(self) -> Path:
        return self.result.paths[0]


class PrintCenter(QDialog):
    """The 打印中心 dialog over the main window's database."""

    def __init__(self, window: QWidget, kind: str | None = None):
        super().__init__(window)
        self.main_window = window
        self.ui = Ui_PrintCenter()
        self.ui.setupUi(self)
        self.preview = PdfPreview(self)
        self.ui.previewLayout.addWidget(self.preview, 1)
        self.build_dir = new_build_dir()
        self.built: Built | None = None
        self.job = None
        self._builds = 0
        self._building: Path | None = None
        village_id = getattr(window, "current_village_id", lambda: None)()
        self.choice = PrintChoice(self.ui, getattr(window, "settings", None), village_id, kind, self)
        self.choice.changed.connect(self.update_state)
        self._connect()
        self.update_state()
        operations.subscribe(self)

    def _connect(self) -> None:
        ui = self.ui
        ui.previewButton.clicked.connect(self.preview_document)
        ui.printButton.clicked.connect(self.print_document)
        ui.saveButton.clicked.connect(self.save_pdf)
        ui.splitButton.clicked.connect(self.save_split)
        ui.markButton.clicked.connect(self.mark_printed)

    # ------------------------------------------------------------ options

    def _setting(self, name: str, default=None):
        return self.choice.setting(name, default)

    def _remember(self, name: str, value) -> None:
        self.choice.remember(name, value)

    def select_kind(self, kind: str) -> None:
        self.choice.select_kind(kind)

    def entry(self) -> catalog.PrintKind:
        return self.choice.entry()

    def scope(self) -> printing.Scope:
        return self.choice.scope()

    def options(self) -> tuple:
        """What a build depends on: kind, layout and scope."""
        return self.choice.options()

    def problem(self) -> str:
        return self.choice.problem()

    def update_state(self) -> None:
        """Buttons follow the options (none appears or vanishes, so none moves);
        a preview of other options is cleared."""
        ui, problem = self.ui, self.problem()
        for button in (ui.previewButton, ui.printButton, ui.saveButton):
            button.setEnabled(not problem)
        can_split = self.entry().can_split
        ui.splitButton.setEnabled(can_split and not problem)
        ui.splitButton.setToolTip("每名党员保存为一个 PDF 文件，放进所选的文件夹" if can_split
                                  else f"“{self.entry().label}”不分人保存")
        if self.built is not None and self.built.key != self.options():
            self._discard_built()
            self.preview.set_pages(None, "选项已更改：单击“预览”重新生成。")
            ui.statusLabel.setText("选项已更改：单击“预览”重新生成；打印或保存时也会按新选项重新生成。")
        elif self.built is not None:
            ui.statusLabel.setText("数据已更改：单击“预览”重新生成；打印或保存时也会重新生成。"
                                   if self.built.stale else self.built.summary)
        self._sync_mark_button()

    def _sync_mark_button(self) -> None:
        built = self.built
        plates = built is not None and bool(built.result.household_ids)
        self.ui.markButton.setEnabled(plates and not built.marked)

    # ------------------------------------------------------------ building

    def build(self, then=None) -> None:
        """Build the PDF for the current options in a worker; then show it and call ``then()``."""
        problem = self.problem()
        if problem:
            QMessageBox.information(self, "无法打印", problem)
            return
        if self.job is not None and self.job.running:
            return
        kind, layout, scope = key = self.options()
        entry = self.entry()
        self._builds += 1
        path = self.build_dir / f"{kind}-{self._builds}.pdf"
        self._building = path
        started = time.monotonic()
        self.job = operations.run_query(
            self, catalog.print_document, kind, scope, path, layout, mark_printed=False,
            background=True, title="打印中心", label=f"正在生成{entry.label}……",
            on_success=lambda result: self._built(key, result, time.monotonic() - started, then),
            on_failure=self._failed)

    def _built(self, key: tuple, result: catalog.PrintResult, seconds: float, then) -> None:
        self._discard_built()
        self.built = Built(key, result, seconds)
        entry = catalog.KINDS[result.kind]
        message = ""
        try:
            self.built.pages = PdfPages(self.built.path)
        except LianhuError as error:
            message = str(error)
        self.preview.set_pages(self.built.pages, message)
        self.ui.printButton.setEnabled(self.built.pages is not None and not self.problem())
        self.built.summary = (f"{entry.label}：{result.items} {entry.unit}，共 {result.pages} 页"
                              f"（生成用时 {seconds:.1f} 秒）")
        if result.duplex_note:
            self.built.summary += f"。请{result.duplex_note}"
        self.ui.statusLabel.setText(self.built.summary)
        self._sync_mark_button()
        if self.built.pages is not None:
            self.preview.thumbs.setFocus()  # the arrow keys and PageUp/PageDown turn the pages
        if then is not None:
            then()

    def _failed(self, error: BaseException) -> None:
        """After the error was shown (``operations.handle_error``): tidy up and say so."""
        if self._building is not None and (self.built is None or self.built.path != self._building):
            self._building.unlink(missing_ok=True)  # a cancel that came as the builder finished
        if isinstance(error, Cancelled):
            self.ui.statusLabel.setText("已取消，未生成文件。")
        elif isinstance(error, LianhuError):
            self.ui.statusLabel.setText(str(error))

    def preview_document(self) -> None:
        """Build afresh (the data may have changed) and show the pages."""
        self.build()

    def ensure_built(self, then) -> None:
        """Call ``then()`` with a PDF of the current options, building it first if needed."""
        if self.built is not None and self.built.key == self.options() and not self.built.stale:
            then()
        else:
            self.build(then)

    # ------------------------------------------------------------ output

    def print_document(self) -> None:
        self.ensure_built(self._ask_printer)

    def _ask_printer(self) -> None:
        pages = self.built.pages
        if pages is None:
            QMessageBox.information(self, "无法打印", "无法预览此 PDF，因此不能直接打印；请保存 PDF 后用其他程序打印。")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.built.path.stem)
        prepare_printer(printer, pages)
        # A document with backs (the booklet, ballots continued overleaf) says how the sheet turns over.
        duplex = {"long": QPrinter.DuplexMode.DuplexLongSide, "short": QPrinter.DuplexMode.DuplexShortSide}
        if self.built.result.duplex in duplex:
            printer.setDuplex(duplex[self.built.result.duplex])
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Paint the built pages onto ``printer`` with a progress dialog; the pages sent (0: none)."""
        pages = self.built.pages
        whole = printer.printRange() != QPrinter.PrintRange.PageRange or \
            (printer.fromPage() <= 1 and printer.toPage() in (0, pages.count))
        dialog = QProgressDialog("正在发送到打印机……", "取消", 0, pages.count, self)
        dialog.setWindowTitle("打印")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)

        def progress(done: int, total: int) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)
            return not dialog.wasCanceled()

        try:
            sent = print_pages(pages, printer, progress)
        except Cancelled:
            self.ui.statusLabel.setText("已取消打印。")
            return 0
        except Exception as error:  # noqa: BLE001 - the one error policy
            operations.handle_error(self, error, "打印失败")
            return 0
        finally:
            dialog.close()
            dialog.deleteLater()
        self.ui.statusLabel.setText(f"已发送 {sent} 页到打印机。")
        if whole:
            self.mark_printed()
        elif self.built.result.household_ids:
            self.ui.statusLabel.setText(f"已发送 {sent} 页到打印机；只印了部分页，联户牌未记为已打印。")
        return sent

    def save_pdf(self) -> None:
        self.ensure_built(self._ask_save_path)

    def _suggested_name(self) -> str:
        """联户牌（党员联户工作牌）_李家庄村_一组_20260301.pdf: the document and its scope."""
        entry = self.entry()
        name = f"{entry.label}_{self.choice.scope_name()}_{datetime.date.today():%Y%m%d}.pdf"
        return re.sub(r'[\\/:*?"<>|\s]', "_", name)

    def _ask_save_path(self) -> None:
        folder = str(self._setting("folder", "") or Path.home())
        path, _ = QFileDialog.getSaveFileName(self, "保存 PDF", str(Path(folder) / self._suggested_name()),
                                              PDF_FILTER)
        if path:
            self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        """Copy the built PDF to ``path``; a locked or unwritable file is said plainly."""
        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            shutil.copyfile(self.built.path, path)
        except OSError as error:  # open in a PDF reader, a folder without write access …
            if error.filename is None:
                error.filename = str(path)
            operations.handle_error(self, error, "无法保存")
            return False
        self._remember("folder", str(path.parent))
        note = ""
        if self.built.result.household_ids and not self.built.marked:
            note = "\n联户牌未记为已打印：印好后请单击“标记为已打印”。"
        self.ui.statusLabel.setText(f"已保存：{path}{note}")
        return True

    def save_split(self) -> None:
        """Handbooks: one PDF per member, into a folder the user chooses."""
        problem = self.problem()
        if problem:
            QMessageBox.information(self, "无法打印", problem)
            return
        start = str(self._setting("folder", "") or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "选择保存文件夹", start)
        if folder:
            self.save_split_to(folder)

    def save_split_to(self, folder: str | Path) -> None:
        kind, layout, scope = self.options()
        entry = self.entry()

        def done(result: catalog.PrintResult) -> None:
            self._remember("folder", str(folder))
            self.ui.statusLabel.setText(f"已保存{entry.label} {result.items} {entry.unit}（每人一个文件）到：{folder}")

        self.job = operations.run_query(self, catalog.print_document, kind, scope, None, layout,
                                        split_dir=folder, mark_printed=False, background=True,
                                        title="打印中心", label=f"正在生成{entry.label}……",
                                        on_success=done, on_failure=self._failed)

    def mark_printed(self) -> bool:
        """Remember the built door plates as printed, once (after a whole print, or 标记为已打印)."""
        built = self.built
        if built is None or built.marked or not built.result.household_ids:
            return False

        def marked(_result) -> None:
            built.marked = True
            self.ui.statusLabel.setText(self.ui.statusLabel.text() +
                                        f"  已记录 {len(built.result.household_ids)} 块联户牌为已打印。")
            self._sync_mark_button()

        # The notice updates the door-plate hint and the coverage of every view showing them.
        return bool(operations.run_op(self, catalog.mark_as_printed, built.result,
                                      changes={Change.PRINT_MARKS}, on_success=marked,
                                      title="无法记录打印", source=self))

    # ------------------------------------------------------------ change notices

    # What the printouts show; the pickers list villages, grids and members.
    PRINTED = frozenset({Change.MEMBERS, Change.HOUSEHOLDS, Change.LINKS, Change.ORGANISATION,
                         Change.VILLAGES, Change.SETTINGS, Change.VISITS, Change.COMMITMENTS,
                         Change.PRINT_MARKS, Change.SCHEMES, Change.SCORES, Change.BALLOTS})
    LISTED = frozenset({Change.MEMBERS, Change.ORGANISATION, Change.VILLAGES})

    def set_village(self, village_id: int | None) -> None:
        combo = self.ui.villageCombo
        combo.setCurrentIndex(max(0, combo.findData(village_id)))

    def on_changes(self, changes, source=None) -> None:
        """The lists follow the data; a PDF built before the change is rebuilt before output."""
        if changes & self.LISTED:
            self.choice.refresh_lists()
        if self.built is not None and changes & self.PRINTED and source is not self:
            self.built.stale = True
            self.ui.statusLabel.setText("数据已更改：单击“预览”重新生成；打印或保存时也会重新生成。")

    # ------------------------------------------------------------ closing

    def _discard_built(self) -> None:
        if self.built is not None:
            if self.built.pages is not None:
                self.built.pages.close()
            self.built.path.unlink(missing_ok=True)
            self.built = None

    def done(self, result: int) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
        self.preview.set_pages(None)
        self._discard_built()
        shutil.rmtree(self.build_dir, ignore_errors=True)
        super().done(result)


def open_print_center(window, kind: str | None = None) -> PrintCenter | None:
    """Show the print center (one per window), with ``kind`` chosen."""
    if not list_villages():
        QMessageBox.information(window, "打印中心", "数据库中还没有村，请先建村或导入数据。")
        return None
    dialog = getattr(window, "print_center", None)
    if dialog is not None and dialog.isVisible():
        if kind:
            dialog.select_kind(kind)
        dialog.raise_()
        dialog.activateWindow()
        return dialog
    if dialog is not None:
        dialog.deleteLater()
    dialog = PrintCenter(window, kind)
    window.print_center = dialog
    dialog.show()
    return dialog


def install(window) -> None:
    """The 打印 menu: 打印中心 (Ctrl+P), one entry per document, 打印设置."""
    menu = window.ui.menuPrint
    center = QAction("打印中心(&P)…", window)
    center.setObjectName("actionPrintCenter")
    center.setShortcut(QKeySequence.StandardKey.Print)
    center.setStatusTip("选择文档、范围和版式，预览后打印或保存为 PDF")
    center.triggered.connect(lambda: open_print_center(window))
    menu.addAction(center)
    menu.addSeparator()
    for entry in catalog.kinds():
        action = QAction(f"{entry.label}…", window)
        action.setObjectName(f"actionPrint_{entry.key}")
        action.setStatusTip(f"在打印中心打开：{entry.label}")
        action.triggered.connect(lambda _checked=False, key=entry.key: open_print_center(window, key))
        menu.addAction(action)
    try:
        from lianhu_desktop.gui.print_settings_dialog import open_print_settings
    except ImportError:
        open_print_settings = None
    if open_print_settings is not None:
        menu.addSeparator()
        settings = QAction("打印设置(&S)…", window)
        settings.setObjectName("actionPrintSettings")
        settings.setStatusTip("联户牌标题、服务事项和联系手册的常用电话")
        settings.triggered.connect(lambda: open_print_settings(window))
        menu.addAction(settings)
    window.sync_menus()
