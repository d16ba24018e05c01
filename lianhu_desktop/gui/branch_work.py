"""承诺 · 结对帮扶: the members' commitments and pairings in one window; the 管理 menu's entries.

Opened from the 管理 menu; follows the main window's village choice. Each
page is a view of its own (``set_village``, ``on_changes``) subscribed to
change notices, so a page can move into another host unchanged. The
meetings (一会) are a view of the 民情日记 tab; 管理 → 会议记录 shows it there.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QTabWidget, QVBoxLayout

from lianhu_desktop.gui import operations
from lianhu_desktop.gui.commitments_view import CommitmentsView
from lianhu_desktop.gui.pairings_view import PairingsView

PAGES = (("commitments", "党员承诺"), ("pairings", "结对帮扶"))


class BranchWorkWindow(QDialog):
    """The three views over the main window's current village."""

    def __init__(self, window):
        super().__init__(window)
        self.main_window = window
        self.setWindowTitle("党员承诺与结对帮扶")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("branchWorkTabs")
        self.views = {"commitments": CommitmentsView(self), "pairings": PairingsView(self)}
        for key, title in PAGES:
            self.tabs.addTab(self.views[key], title)
            operations.subscribe(self.views[key])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        window.village_combo.currentIndexChanged.connect(self._follow_village)
        self._follow_village()
        self.resize(1100, 680)

    def _follow_village(self) -> None:
        village_id = self.main_window.current_village_id()
        for view in self.views.values():
            view.set_village(village_id)
        if village_id is None:
            self.setWindowTitle("党员承诺与结对帮扶（请在主窗口选择一个村）")
        else:
            self.setWindowTitle(f"党员承诺与结对帮扶 — {self.main_window.village_combo.currentText()}")

    def show_page(self, key: str):
        view = self.views[key]
        self.tabs.setCurrentWidget(view)
        return view


def open_branch_work(window, page: str = "commitments") -> BranchWorkWindow:
    """Show the window (one per main window) at ``page``."""
    dialog = getattr(window, "branch_work", None)
    if dialog is None:
        dialog = window.branch_work = BranchWorkWindow(window)
    dialog.show_page(page)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def show_meetings(window):
    """The 会议记录 view of the 民情日记 tab, shown."""
    from lianhu_desktop.gui.visits_tab import MEETINGS_VIEW

    tab = window.show_tab("visits")
    tab.show_view(MEETINGS_VIEW)
    return tab.meetings_view


def open_page(window, page: str):
    return show_meetings(window) if page == "meetings" else open_branch_work(window, page)


def install(window) -> None:
    """Add 会议记录 (the 民情日记 tab's view), 党员承诺 and 结对帮扶 to the 管理 menu."""
    menu = window.findChild(QMenu, "menuManage")
    if menu is None:
        menu = QMenu("管理(&M)", window.menuBar())
        menu.setObjectName("menuManage")
        window.menuBar().insertMenu(window.ui.menuHelp.menuAction(), menu)
    menu.addSeparator()
    actions = []
    for key, label, shortcut, tip in (
            ("meetings", "会议记录（一会）(&H)…", "Ctrl+Shift+M", "主题党日、支委会等会议：出席情况和研究的问题"),
            ("commitments", "党员承诺(&C)…", "", "每名党员每年 1–5 项公开承诺：内容、时限、质量标准和进展"),
            ("pairings", "结对帮扶(&B)…", "", "党员与困难户结对：帮扶计划和年终评议")):
        action = QAction(label, window)
        action.setObjectName(f"action_{key}")
        action.setStatusTip(tip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            window.addAction(action)
        action.triggered.connect(lambda _checked=False, page=key: open_page(window, page))
        menu.addAction(action)
        actions.append(action)

    def sync() -> None:
        has_data = window.ui.stack.currentWidget() is window.ui.tabsHolder
        for action in actions:
            action.setEnabled(has_data)

    menu.aboutToShow.connect(sync)
