"""打印中心: every document builds and previews, output is remembered, errors are said plainly."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from lianhu_desktop.domain import linking
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.gui import print_center, print_choice
from lianhu_desktop.gui.pdf_pages import PdfPages, prepare_printer
from lianhu_desktop.reports import catalog


@pytest.fixture
def demo_db(db):
    from lianhu_desktop.domain import demo

    demo.generate("village", seed=1, progress=lambda done, total: True)
    return db


@pytest.fixture
def messages(monkeypatch):
    """What the dialog told the user, instead of modal boxes."""
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def demo_window(demo_db, make_window):
    return make_window()


def open_center(window, qtbot, kind: str) -> print_center.PrintCenter:
    center = print_center.PrintCenter(window, kind)
    qtbot.addWidget(center)
    center.resize(1100, 740)
    center.show()
    return center


def build(center, qtbot, messages) -> None:
    """Build through the dialog and wait for the worker to finish."""
    center.job = None
    center.build()
    job = center.job
    qtbot.waitUntil(lambda: job is None or not job.running, timeout=60000)


def village_id() -> int:
    return list_villages()[0].id


@pytest.mark.parametrize("kind", [entry.key for entry in catalog.kinds()])
def test_every_kind_builds_and_previews(demo_window, qtbot, messages, monkeypatch, kind):
    from tests.unit import appraisalfixtures

    appraisalfixtures.install(monkeypatch)  # the appraisal printouts draw results made from the demo's members
    center = open_center(demo_window, qtbot, kind)
    assert center.ui.kindCombo.currentData() == kind
    assert center.ui.layoutCombo.count() == len(catalog.KINDS[kind].layouts)
    if kind == "handbook":  # one member keeps the test quick
        center.ui.scopeMember.setChecked(True)
    changed_before = len(linking.plates_changed_since_print(village_id()))
    build(center, qtbot, messages)
    assert messages == []
    built = center.built
    assert built.result.pages > 0
    assert built.path.exists() and built.path.parent == center.build_dir
    assert built.pages.count == built.result.pages == center.preview.page_count
    assert center.preview.count_label.text() == f"/ 共 {built.result.pages} 页"
    assert f"共 {built.result.pages} 页" in center.ui.statusLabel.text()
    # A preview is not a print: no plate is remembered as printed.
    assert len(linking.plates_changed_since_print(village_id())) == changed_before


def test_preview_renders_only_what_is_shown(demo_window, qtbot, messages):
    center = open_center(demo_window, qtbot, "doorplate")
    build(center, qtbot, messages)
    pages = center.built.pages
    assert pages.count > 250  # 576 plates, two to a page
    qtbot.wait(100)
    assert pages.rendered < 30
    center.preview.go_to(pages.count - 1)
    assert center.preview.page_spin.value() == pages.count
    assert not center.preview.next_button.isEnabled()
    center.preview.set_zoom("width")
    assert pages.rendered < 40


def test_save_does_not_mark_but_the_mark_button_does_once(demo_window, qtbot, messages, tmp_path,
                                                           monkeypatch):
    from lianhu_desktop.gui import operations

    noticed = []

    class Listener:
        def on_changes(self, changes, source):
            noticed.append(changes)

    listener = Listener()
    operations.subscribe(listener)
    center = open_center(demo_window, qtbot, "doorplate")
    center.ui.changedOnly.setChecked(True)
    build(center, qtbot, messages)
    plates = center.built.result.items
    changed = linking.plates_changed_since_print(village_id())
    assert plates > 500 and changed
    assert center.ui.markButton.isEnabled()  # plates built, not yet marked

    target = tmp_path / "联户牌"
    assert center.save_to(target)
    saved = tmp_path / "联户牌.pdf"
    document = PdfPages(saved)
    assert document.count == center.built.result.pages
    document.close()
    # A saved PDF is not a printed plate.
    assert linking.plates_changed_since_print(village_id()) == changed and not noticed
    assert "标记为已打印" in center.ui.statusLabel.text()
    center.ui.markButton.click()
    assert linking.plates_changed_since_print(village_id()) == []
    assert noticed == [frozenset({operations.Change.PRINT_MARKS})]
    assert not center.ui.markButton.isEnabled()
    assert not center.mark_printed() and len(noticed) == 1  # once

    build(center, qtbot, messages)
    assert messages and "没有变化的联户牌" in messages[-1]


def test_saving_over_a_locked_file_says_so(demo_window, qtbot, messages, tmp_path, monkeypatch):
    center = open_center(demo_window, qtbot, "doorplate")
    center.ui.scopeMember.setChecked(True)
    build(center, qtbot, messages)

    def locked(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(print_center.shutil, "copyfile", locked)
    assert not center.save_to(tmp_path / "out.pdf")
    assert "正被其他程序打开" in messages[-1]
    assert not center.built.marked


def test_cancel_leaves_no_file(demo_window, qtbot, messages, monkeypatch):
    from lianhu_desktop.reports import handbook

    real = handbook.build
    writing = threading.Event()

    def held(books, path, layout=handbook.DEFAULT_LAYOUT, progress=None):
        def gate(done, total):
            # Once pages are on disk, hold the build until 取消 is asked for.
            if done > 0 and not writing.is_set():
                writing.set()
                while progress(done, total):
                    time.sleep(0.01)
                return False
            return progress(done, total)
        return real(books, path, layout, gate)

    monkeypatch.setattr(handbook, "build", held)
    center = open_center(demo_window, qtbot, "handbook")
    center.build()
    qtbot.waitUntil(writing.is_set, timeout=30000)
    center.job.cancel()
    qtbot.waitUntil(lambda: not center.job.running, timeout=30000)
    qtbot.waitUntil(lambda: "已取消" in center.ui.statusLabel.text(), timeout=5000)
    assert center.built is None
    assert list(center.build_dir.iterdir()) == []
    assert messages == []
    assert center.preview.page_count == 0


def test_printing_to_a_pdf_printer_gives_the_same_pages(demo_window, qtbot, messages, tmp_path):
    center = open_center(demo_window, qtbot, "doorplate")
    center.ui.scopeMember.setChecked(True)
    build(center, qtbot, messages)
    pages = center.built.pages
    assert pages.count >= 2
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    prepare_printer(printer, pages)
    assert center.print_to(printer) == pages.count
    printed = PdfPages(tmp_path / "printed.pdf")
    assert printed.count == pages.count
    size, original = printed.page_size(0), pages.page_size(0)
    assert abs(size.width() - original.width()) < 2 and abs(size.height() - original.height()) < 2
    printed.close()
    assert center.built.marked  # the whole document went to the printer


def test_printing_part_of_the_plates_does_not_mark_them(demo_window, qtbot, messages, tmp_path):
    center = open_center(demo_window, qtbot, "doorplate")
    center.ui.scopeMember.setChecked(True)
    build(center, qtbot, messages)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "part.pdf"))
    prepare_printer(printer, center.built.pages)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 1)
    assert center.print_to(printer) == 1
    assert not center.built.marked
    assert "部分页" in center.ui.statusLabel.text()


def test_no_linked_households_says_so(village, make_window, qtbot, messages):
    center = open_center(make_window(), qtbot, "doorplate")
    build(center, qtbot, messages)
    assert center.built is None
    assert "没有已联户的农户" in messages[-1]


def test_township_documents_need_a_village(window, qtbot, messages):
    center = open_center(window, qtbot, "contactbook")
    center.ui.villageCombo.setCurrentIndex(center.ui.villageCombo.findData(None))
    assert center.ui.villageCombo.currentText() == print_choice.ALL_VILLAGES
    assert not center.ui.previewButton.isEnabled()
    assert "请在“村”中选择一个村" in center.ui.hintLabel.text()
    assert not center.ui.scopeGrid.isEnabled()
    center.select_kind("doorplate")  # plates can be printed for the whole township
    assert center.ui.previewButton.isEnabled() and center.ui.hintLabel.text() == ""
    center.select_kind("contactbook")
    center.ui.villageCombo.setCurrentIndex(1)
    assert center.ui.previewButton.isEnabled()
    assert center.ui.gridCombo.count() > 0 and center.ui.scopeGrid.isEnabled()
    assert not center.ui.scopeMember.isEnabled()  # the contact book is per village or grid


def test_changing_options_rebuilds_before_saving(demo_window, qtbot, messages, tmp_path, monkeypatch):
    center = open_center(demo_window, qtbot, "card")
    build(center, qtbot, messages)
    first = center.built
    center.ui.scopeMember.setChecked(True)
    assert "选项已更改" in center.ui.statusLabel.text()
    # The old preview is gone, not left showing pages of other options.
    assert center.built is None and center.preview.page_count == 0 and not first.path.exists()
    monkeypatch.setattr(print_center.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "card.pdf"), ""))
    center.save_pdf()
    qtbot.waitUntil(lambda: (tmp_path / "card.pdf").exists(), timeout=30000)
    assert center.built is not first and center.built.key == center.options()
    assert not first.path.exists()  # the old temporary file is gone


def test_print_menu_opens_the_center_preselected(demo_window, qtbot):
    menu = demo_window.ui.menuPrint
    assert menu.menuAction().isVisible()
    names = [action.objectName() for action in menu.actions()]
    assert "actionPrintCenter" in names
    assert all(f"actionPrint_{entry.key}" in names for entry in catalog.kinds())
    center_action = next(a for a in menu.actions() if a.objectName() == "actionPrintCenter")
    assert center_action.shortcut().toString() == "Ctrl+P"
    handbook = next(a for a in menu.actions() if a.objectName() == "actionPrint_handbook")
    handbook.trigger()
    center = demo_window.print_center
    qtbot.addWidget(center)
    assert center.isVisible() and center.ui.kindCombo.currentData() == "handbook"
    build_dir = center.build_dir
    center.reject()
    assert not build_dir.exists()


def test_print_settings_are_saved_per_village(demo_window, qtbot, messages):
    from lianhu_desktop.domain import printing
    from lianhu_desktop.gui.print_settings_dialog import PrintSettingsDialog, parse_numbers

    assert "actionPrintSettings" in [a.objectName() for a in demo_window.ui.menuPrint.actions()]
    vid = village_id()
    dialog = PrintSettingsDialog(demo_window, vid)
    qtbot.addWidget(dialog)
    assert dialog.ui.plateTitle.text() == ""  # the default title shows as the placeholder
    assert dialog.ui.serviceItems.toPlainText().splitlines() == list(printing.get_service_items(vid))
    dialog.ui.plateTitle.setText("党员联户连心牌")
    dialog.ui.serviceItems.setPlainText("政策宣传\n\n矛盾调解\n")
    dialog.ui.usefulNumbers.setPlainText("村委会 0938-5802376\n卫生室：13900001111")
    assert dialog.save()
    assert printing.get_plate_title(vid) == "党员联户连心牌"
    assert printing.get_service_items(vid) == ["政策宣传", "矛盾调解"]
    assert printing.get_useful_numbers(vid) == [("村委会", "0938-5802376"), ("卫生室", "13900001111")]

    dialog.ui.usefulNumbers.setPlainText("只有名称")
    assert not dialog.save()
    assert "第 1 行" in messages[-1]
    assert parse_numbers("供电所  95598\n") == [("供电所", "95598")]

    dialog.restore_defaults()
    assert dialog.save()
    assert printing.get_plate_title(vid) == printing.DEFAULT_PLATE_TITLE
    assert printing.get_useful_numbers(vid) == list(printing.DEFAULT_USEFUL_NUMBERS)


def test_print_button_goes_through_the_print_dialog(demo_window, qtbot, messages, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    out = tmp_path / "via-dialog.pdf"

    def accept(dialog):
        printer = dialog.printer()
        assert printer.fromPage() == 1 and printer.toPage() == center.built.pages.count
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    center = open_center(demo_window, qtbot, "card")
    center.ui.scopeMember.setChecked(True)
    center.print_document()  # builds first, then asks for the printer
    qtbot.waitUntil(lambda: out.exists(), timeout=30000)
    printed = PdfPages(out)
    assert printed.count == center.built.result.pages == 1
    printed.close()
    assert messages == []


def test_handbooks_one_file_per_member(demo_window, qtbot, messages, tmp_path):
    center = open_center(demo_window, qtbot, "handbook")
    assert center.ui.splitButton.isVisible()
    center.ui.scopeGrid.setChecked(True)
    center.save_split_to(tmp_path)
    job = center.job
    qtbot.waitUntil(lambda: not job.running, timeout=60000)
    files = sorted(tmp_path.glob("*.pdf"))
    assert files and f"{len(files)} 本" in center.ui.statusLabel.text()
    buttons = [center.ui.previewButton, center.ui.printButton, center.ui.saveButton,
               center.ui.markButton, center.ui.splitButton, center.ui.closeButton]
    before = [button.geometry() for button in buttons]
    center.select_kind("doorplate")
    assert center.ui.splitButton.isVisible() and not center.ui.splitButton.isEnabled()
    assert [button.geometry() for button in buttons] == before  # nothing moved


def test_one_household_as_scope_and_the_file_name_names_it(demo_window, qtbot, messages):
    center = open_center(demo_window, qtbot, "doorplate")
    combo = center.ui.householdCombo
    assert center.ui.scopeHousehold.isEnabled() and combo.count() > 100
    label = combo.itemText(3)
    household_id = combo.itemData(3)
    assert "（" in label and "组 " in label  # 张三（一组 1号）
    combo.setEditText("没有这户")
    center.ui.scopeHousehold.setChecked(True)
    assert "请选择农户" in center.ui.hintLabel.text() and not center.ui.previewButton.isEnabled()
    combo.setEditText(label)
    assert center.problem() == "" and center.scope().household_id == household_id
    assert not center.ui.changedOnly.isEnabled()
    build(center, qtbot, messages)
    assert messages == [] and center.built.result.household_ids == [household_id]
    assert center.built.result.items == 1
    name = center._suggested_name()
    village = center.ui.villageCombo.currentText()
    assert name.startswith(f"联户牌（党员联户工作牌）_{village}_") and label.split("（")[0] in name
    center.ui.scopeGrid.setChecked(True)
    assert f"_{village}_{center.ui.gridCombo.currentText()}_" in center._suggested_name()
    center.select_kind("contactbook")
    assert not center.ui.scopeHousehold.isEnabled() and center.ui.scopeGrid.isChecked()


def test_layout_names_are_not_cut(demo_window, qtbot):
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    center = open_center(demo_window, qtbot, "doorplate")
    combo = center.ui.layoutCombo
    for entry in catalog.kinds():
        center.select_kind(entry.key)
        for index in range(combo.count()):
            combo.setCurrentIndex(index)
            option = QStyleOptionComboBox()
            combo.initStyleOption(option)
            field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                                 QStyle.SubControl.SC_ComboBoxEditField, combo)
            assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width(), \
                combo.currentText()


def test_the_fields_follow_the_options_each_kind_takes(demo_window, qtbot, messages):
    center = open_center(demo_window, qtbot, "ballots")
    ui = center.ui
    assert not ui.copiesSpin.isHidden() and not ui.startSpin.isHidden() and not ui.yearSpin.isHidden()
    assert ui.monthSpin.isHidden()
    assert ui.copiesSpin.value() == 0 and ui.copiesSpin.text() == "自动（党员数×2）"
    ui.yearSpin.setValue(2025)
    ui.copiesSpin.setValue(6)
    ui.startSpin.setValue(31)
    scope = center.scope()
    assert (scope.year, scope.copies, scope.start) == (2025, 6, 31)
    build(center, qtbot, messages)
    assert messages == [] and center.built.result.items == 6
    center.select_kind("card")  # takes no year and no copies
    assert ui.copiesSpin.isHidden() and ui.yearSpin.isHidden()
    scope = center.scope()
    assert (scope.year, scope.copies, scope.start) == (0, 0, 1)
    center.select_kind("appraisal")
    assert not ui.yearSpin.isHidden() and ui.copiesSpin.isHidden()


def test_a_document_with_backs_sets_the_printer_to_turn_over_on_its_edge(demo_window, qtbot, messages,
                                                                          monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    seen = []  # a machine without a duplex printer ignores the setting: record what was asked
    monkeypatch.setattr(QPrinter, "setDuplex", lambda printer, mode: seen.append(mode))
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: 0)
    center = open_center(demo_window, qtbot, "contactbook")
    center.ui.layoutCombo.setCurrentIndex(center.ui.layoutCombo.findData("booklet"))
    build(center, qtbot, messages)
    assert center.built.result.duplex == "short" and "短边翻转" in center.ui.statusLabel.text()
    center._ask_printer()
    assert seen == [QPrinter.DuplexMode.DuplexShortSide]


def test_the_month_sheet_takes_the_month_box_and_one_member(demo_window, qtbot, messages):
    import datetime

    center = open_center(demo_window, qtbot, "visitsheet")
    ui = center.ui
    assert ui.monthSpin.isVisibleTo(center) and ui.scopeMember.isEnabled() and not ui.scopeGrid.isEnabled()
    month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    ui.yearSpin.setValue(month.year)
    ui.monthSpin.setValue(month.month)
    ui.scopeMember.setChecked(True)
    scope = center.choice.scope()
    assert scope.month == month and scope.member_id == ui.memberCombo.currentData()
    build(center, qtbot, messages)
    assert messages == [] and center.built.result.items == 1
    from tests.unit import printdata

    assert f"{month.year}年{month.month}月" in printdata.pdf_text(center.built.path)
    center.choice.select_kind("card")
    assert not ui.monthSpin.isVisibleTo(center) and center.choice.scope().month is None
