"""The main window: village selector, the four list tabs, menus, welcome page."""

from __future__ import annotations

import datetime
import importlib
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from lianhu_desktop import APP_NAME, __version__
from lianhu_desktop.domain import audit
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.errors import Cancelled
from lianhu_desktop.gui import operations, screens
from lianhu_desktop.gui.forms.ui_main_window import Ui_MainWindow
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.welcome_page import WelcomePage
from lianhu_desktop.store import backend, backups
from lianhu_desktop.store import db as store_db

ALL_VILLAGES = "全部村"
DB_FILTER = "联户通数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)"

# The four tabs in their order: key, title (the tab class's own, which a test
# compares), module and class. A tab's module is imported when the tab is built.
TABS = (
    ("roster", "花名册", "lianhu_desktop.gui.roster_tab", "RosterTab"),
    ("households", "联户网格", "lianhu_desktop.gui.households_tab", "HouseholdsTab"),
    ("visits", "民情日记", "lianhu_desktop.gui.visits_tab", "VisitsTab"),
    ("appraisal", "百分制考核", "lianhu_desktop.gui.appraisal_tab", "AppraisalTab"),
)


# Feature modules with install(window): each adds its menu actions (导入, 导出,
# 打印, 统计 …) to the window. One module per feature keeps this file small.
FEATURES = (
    "lianhu_desktop.gui.excel_actions",
    "lianhu_desktop.gui.statistics_view",
    "lianhu_desktop.gui.organisation_dialog",
    "lianhu_desktop.gui.village_admin",
    "lianhu_desktop.gui.print_center",
    "lianhu_desktop.gui.backup_actions",
    "lianhu_desktop.gui.package_export",
    "lianhu_desktop.gui.package_merge",
    "lianhu_desktop.gui.audit_view",
    "lianhu_desktop.gui.branch_work",
)


def _open_with_operator(path: Path):
    """Open the database at ``path`` and record changes under the settings' operator."""
    database = store_db.open_database(path)
    audit.use_operator()
    return database


class _Unbuilt(QWidget):
    """The page of a tab not built yet: its place and title in the tab bar."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key, self.title = key, title


def _tab_class(key: str):
    _key, _title, module, name = next(spec for spec in TABS if spec[0] == key)
    return getattr(importlib.import_module(module), name)


class MainWindow(QMainWindow):
    """The program's window over the database bound to the models.

    Later issues hang their actions on ``ui.menuImport``, ``ui.menuExport``
    and ``ui.menuPrint`` (then call ``sync_menus()``), and add tabs with
    ``add_tab()``; a tab is found by its key (``tab("roster")``), never by
    its position. The window listens to change notices before the tabs do
    (it subscribes first) so that its village list is current when they reload.

    ``defer`` (the program's own start): only the tab shown first is built
    before the window paints; the other tabs and the feature menus are built
    one at a time right after the first paint, and a tab the clerk (or the
    code, through ``tab()``) reaches before then is built on the spot. Without
    it (tests, scripts) everything is built here.
    """

    def __init__(self, db_path: Path, settings: QSettings | None = None, *, defer: bool = False):
        super().__init__()
        # Nothing is shown while the window is built: the screen fitter need not watch.
        with screens.fitter_paused():
            self._features_installed = False
            self._after_paint = not defer  # nothing is left for after the first paint
            self._painted = False
            self._when_painted: list = []  # what waits for the first paint (``when_painted``)
            # A file, or a server database's postgresql:// URL (kept as text).
            self.db_path = db_path if isinstance(db_path, str) else Path(db_path)
            self.settings = settings if settings is not None else QSettings()
            self.ui = Ui_MainWindow()
            self.ui.setupUi(self)
            self._build_toolbar()
            self.welcome = WelcomePage(self)
            self.ui.welcomeLayout.addWidget(self.welcome)
            operations.subscribe(self)
            self.tabs: list[ListTab] = []  # the tabs built, in their order in the tab bar
            self._tabs_by_key: dict[str, ListTab] = {}
            self._unbuilt: dict[str, _Unbuilt] = {}
            first = self._remembered_tab()
            for key, title, _module, _name in TABS:
                if defer and key != first:
                    self._unbuilt[key] = _Unbuilt(key, title, self)
                    self.ui.tabs.addTab(self._unbuilt[key], title)
                else:
                    self.add_tab(_tab_class(key)(self))
            self.status_label = QLabel(self)
            self.ui.statusBar.addWidget(self.status_label, 1)
            self._connect()
            if not defer:
                self._install_features()
            self.sync_menus()
            self._restore_settings()
            self.reload_all()

    # ------------------------------------------------------------ building

    def _build_toolbar(self) -> None:
        bar = self.ui.toolBar
        label = QLabel("  村：", self)
        self.village_combo = QComboBox(self)
        self.village_combo.setObjectName("villageCombo")
        self.village_combo.setMinimumContentsLength(10)
        self.village_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.village_combo.setToolTip("选择要查看的村；“全部村”为全乡镇汇总")
        label.setBuddy(self.village_combo)
        bar.addWidget(label)
        bar.addWidget(self.village_combo)
        bar.addSeparator()
        bar.addAction(self.ui.actionRefresh)
        # Ctrl+F must work wherever the focus is, so the action lives on the window.
        self.addAction(self.ui.actionFind)

    def add_tab(self, tab: ListTab) -> None:
        """Add a tab (with a unique ``key``) and subscribe it to change notices."""
        if not tab.key or tab.key in self._tabs_by_key or tab.key in self._unbuilt:
            raise ValueError(f"tab key missing or taken: {tab.key!r}")
        self.ui.tabs.addTab(tab, tab.title)
        self._register(tab)

    def _register(self, tab: ListTab) -> None:
        self._tabs_by_key[tab.key] = tab
        self.tabs.append(tab)
        self.tabs.sort(key=self.ui.tabs.indexOf)
        tab.status_listener = lambda text, t=tab: self._tab_status(t, text)
        operations.subscribe(tab)

    def tab(self, key: str) -> ListTab:
        """The tab called ``key`` (roster, households, visits, appraisal …), built if it was not yet."""
        if key in self._unbuilt:
            self._build_tab(key)
        return self._tabs_by_key[key]

    def _build_tab(self, key: str) -> None:
        """Put the real tab in the place of its unbuilt page, showing the window's village."""
        placeholder = self._unbuilt.pop(key)
        with screens.fitter_paused():
            tab = _tab_class(key)(self)
        bar = self.ui.tabs
        index, current = bar.indexOf(placeholder), bar.currentIndex()
        bar.blockSignals(True)
        try:
            bar.removeTab(index)
            bar.insertTab(index, tab, tab.title)
            bar.setCurrentIndex(current)
        finally:
            bar.blockSignals(False)
        placeholder.deleteLater()
        self._register(tab)
        if self.ui.stack.currentWidget() is self.ui.tabsHolder:
            tab.set_village(self.current_village_id(), load=False)

    def build_everything(self) -> None:
        """Build what ``defer`` left for later: the feature menus and every tab."""
        self._install_features()
        for key in list(self._unbuilt):
            self._build_tab(key)

    @property
    def fully_built(self) -> bool:
        """True once every tab and the feature menus are built (see ``defer``)."""
        return self._features_installed and not self._unbuilt

    def when_painted(self, callback) -> None:
        """Call ``callback`` in the first turn of the event loop after the window's
        first paint (at once in the next turn when it has painted): what may take a
        while or ask something (the daily backup at start) comes after the clerk
        sees the window, not before."""
        if self._painted:
            QTimer.singleShot(0, self, callback)
        else:
            self._when_painted.append(callback)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            for callback in self._when_painted:
                QTimer.singleShot(0, self, callback)
            self._when_painted.clear()
        if event.type() == QEvent.Type.Paint and not self._after_paint:
            self._after_paint = True
            if not self._features_installed or self._unbuilt:
                # Two turns of the event loop later: the first frame is on the screen, and
                # what its paint asked for next runs first. The window is the timers'
                # context, so a window closed and deleted meanwhile is not called.
                QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._build_next))
        return handled

    def _build_next(self) -> None:
        """One step of the building left for after the first paint; the next step follows
        in its own turn of the event loop, so a click or a key in between is answered."""
        if not self._features_installed:
            self._install_features()
        elif self._unbuilt:
            self._build_tab(next(iter(self._unbuilt)))
        if self._unbuilt:
            QTimer.singleShot(0, self, self._build_next)

    def show_tab(self, key: str) -> ListTab:
        """Make the tab called ``key`` current and return it."""
        tab = self.tab(key)
        self.ui.tabs.setCurrentWidget(tab)
        return tab

    def _connect(self) -> None:
        ui = self.ui
        ui.actionOpenDatabase.triggered.connect(self.choose_database)
        ui.actionBackup.triggered.connect(self.backup)
        ui.actionRefresh.triggered.connect(self.refresh)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionAbout.triggered.connect(self.about)
        ui.actionFind.triggered.connect(self.focus_search)
        ui.tabs.currentChanged.connect(self._tab_changed)
        self.village_combo.currentIndexChanged.connect(self._village_changed)
        self.welcome.ui.createVillageButton.clicked.connect(self.new_village)
        self.welcome.ui.loadDemoButton.clicked.connect(self.load_demo)
        self.welcome.ui.openDatabaseButton.clicked.connect(self.choose_database)

    def _install_features(self) -> None:
        """Let each feature module hang its actions on the menus (see FEATURES)."""
        if self._features_installed:
            return
        self._features_installed = True
        with screens.fitter_paused():  # menus and actions only: nothing is shown
            for name in FEATURES:
                importlib.import_module(name).install(self)
        self.sync_menus()

    def sync_menus(self) -> None:
        """Hide menus that have no actions yet: an empty menu promises what isn't there."""
        for menu in (self.ui.menuImport, self.ui.menuExport, self.ui.menuPrint):
            menu.menuAction().setVisible(bool(menu.actions()))

    # ------------------------------------------------------------ settings

    def _remembered_tab(self) -> str:
        """The key of the tab shown when the window was last closed (else the first)."""
        key = str(self.settings.value("main/tab", "") or "")
        if key.isdigit() and int(key) < len(TABS):  # written by versions that kept the position
            key = TABS[int(key)][0]
        return key if any(spec[0] == key for spec in TABS) else TABS[0][0]

    def _restore_settings(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        key = self._remembered_tab()
        if key in self._tabs_by_key:
            self.ui.tabs.blockSignals(True)
            self.ui.tabs.setCurrentWidget(self._tabs_by_key[key])
            self.ui.tabs.blockSignals(False)

    def save_settings(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("main/tab", self.current_tab().key)
        if self.village_combo.count():
            self.settings.setValue("main/village", self.village_combo.currentText())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)

    # ------------------------------------------------------------ data

    def current_tab(self) -> ListTab:
        widget = self.ui.tabs.currentWidget()
        if isinstance(widget, _Unbuilt):
            self._build_tab(widget.key)
            widget = self.ui.tabs.currentWidget()
        return widget

    def current_village_id(self) -> int | None:
        return self.village_combo.currentData()

    def reload_all(self) -> None:
        """Read the villages again and show the welcome page or the tabs."""
        # Qt adds " — 联户通" (the application display name) to every title itself.
        read_only = "（只读）" if store_db.is_read_only() else ""
        self.setWindowTitle(f"{self.location_name()}{read_only}")
        self.welcome.set_database_path(self.location_shown())
        if store_db.is_empty():
            for tab in self.tabs:
                tab.model.invalidate()
            self.ui.stack.setCurrentWidget(self.ui.welcomeHolder)
            self.ui.toolBar.hide()
            self.status_label.setText("数据库中还没有村")
            self.welcome.ui.createVillageButton.setFocus()
            return
        self.ui.stack.setCurrentWidget(self.ui.tabsHolder)
        self.ui.toolBar.show()
        self._fill_villages()
        self._village_changed()

    def _fill_villages(self) -> None:
        previous = self.village_combo.currentData()
        villages = list_villages()
        names = [v.name for v in villages]
        combo = self.village_combo
        combo.blockSignals(True)
        combo.clear()
        if len(villages) > 1:
            combo.addItem(ALL_VILLAGES, None)
        for village in villages:
            # Two villages of the same name in different townships: say which.
            label = village.name if names.count(village.name) == 1 or not village.township \
                else f"{village.name}（{village.township}）"
            combo.addItem(label, village.id)
        if previous is not None:
            index = combo.findData(previous)
        else:  # first fill: the village shown when the window was last closed
            index = combo.findText(str(self.settings.value("main/village", "")))
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _village_changed(self) -> None:
        village_id = self.current_village_id()
        current = self.current_tab()
        for tab in self.tabs:
            tab.set_village(village_id, load=tab is current)
        current.activate()

    def _tab_changed(self, _index: int) -> None:
        tab = self.current_tab()
        if self.ui.stack.currentWidget() is self.ui.tabsHolder:
            tab.activate()
        self.settings.setValue("main/tab", tab.key)

    def _tab_status(self, tab: ListTab, text: str) -> None:
        if tab is self.current_tab():
            self.status_label.setText(text)

    def refresh(self) -> None:
        """Re-read everything from the database (F5): a notice that everything changed."""
        operations.notify(operations.EVERYTHING, self)

    def on_changes(self, changes: frozenset[Change], source: object | None = None) -> None:
        """Villages added or renamed, another database: the village list and the pages.

        The tabs reload themselves from the same notice (they are told after the window)."""
        if Change.VILLAGES not in changes:
            return
        self.setWindowTitle(f"{APP_NAME} — {self.location_name()}")
        self.welcome.set_database_path(self.location_shown())
        shown = None if self.ui.stack.currentWidget() is not self.ui.tabsHolder else self.current_village_id()
        was_tabs = self.ui.stack.currentWidget() is self.ui.tabsHolder
        if store_db.is_empty() or not was_tabs:
            self.reload_all()
            return
        self._fill_villages()
        if self.current_village_id() != shown:
            self._village_changed()

    def set_village(self, village_id: int | None) -> None:
        """Show ``village_id`` (None: every village) in every tab."""
        index = self.village_combo.findData(village_id)
        if index >= 0:
            self.village_combo.setCurrentIndex(index)

    def focus_search(self) -> None:
        if self.ui.stack.currentWidget() is self.ui.tabsHolder:
            self.current_tab().focus_search()

    # ------------------------------------------------------------ actions

    def location_name(self) -> str:
        """The database as the title shows it: the file's name, or the server database."""
        return backend.describe(self.db_path) if isinstance(self.db_path, str) else self.db_path.name

    def location_shown(self) -> str:
        """The database in full (a server's URL without any password)."""
        return backend.redact(self.db_path) if isinstance(self.db_path, str) else str(self.db_path)

    def choose_database(self) -> None:
        start = str(Path.home() if isinstance(self.db_path, str) else self.db_path.parent)
        path, _ = QFileDialog.getOpenFileName(self, "打开数据库", start, DB_FILTER)
        if path:
            self.switch_database(Path(path))

    def switch_database(self, path: Path) -> bool:
        """Open another database; on failure say why and keep the current one."""
        previous = self.db_path

        def opened(_database) -> None:
            self.db_path = Path(path)
            self.village_combo.clear()
            self.ui.statusBar.showMessage(f"已打开数据库：{path}", 5000)

        def reopen_previous(_error: BaseException) -> None:
            operations.run_query(self, store_db.open_database, previous, on_success=lambda _db: None,
                                 title="原数据库也无法重新打开")

        return operations.run_op(self, _open_with_operator, Path(path), changes={Change.DATABASE},
                                 on_success=opened, on_failure=reopen_previous, title="无法打开数据库",
                                 source=self)

    def backup(self) -> None:
        if store_db.is_server():
            QMessageBox.information(self, "备份数据库", store_db.SERVER_BACKUP + "。")
            return
        stamp = datetime.datetime.now().strftime("%Y%m%d_%H%M")
        folder = backups.backup_dir_for(self.db_path)
        folder.mkdir(parents=True, exist_ok=True)
        suggested = str(folder / f"联户通备份_{stamp}.db")
        path, _ = QFileDialog.getSaveFileName(self, "备份数据库", suggested, DB_FILTER)
        if not path:
            return

        def done(dest) -> None:
            self.ui.statusBar.showMessage(f"已备份到：{dest}", 8000)
            QMessageBox.information(self, "备份完成", f"数据库已备份到：\n{dest}")

        operations.run_query(self, store_db.backup_to, path, on_success=done, title="备份失败")

    def about(self) -> None:
        QMessageBox.about(
            self, "关于",
            f"<h3>{APP_NAME}</h3>"
            f"<p>党员联户工作管理（离线桌面版）</p>"
            f"<p>版本：{__version__}</p>"
            f"<p>数据库：{self.location_shown()}</p>",
        )

    def new_village(self) -> None:
        from lianhu_desktop.gui.dialogs.village_dialog import VillageDialog

        dialog = VillageDialog(self)  # saves through operations.run_op: the notice refreshes
        if dialog.exec() and dialog.village is not None:
            self.ui.statusBar.showMessage(f"已新建“{dialog.village.name}”", 5000)

    def load_demo(self) -> None:
        try:
            from lianhu_desktop.domain import demo
        except ImportError:
            QMessageBox.warning(self, "无法载入演示数据", "本版本没有附带演示数据生成器。")
            return
        if not store_db.is_empty():
            QMessageBox.information(self, "无法载入演示数据", "演示数据只能载入空数据库。")
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self.ui.statusBar.showMessage("已取消载入演示数据", 5000)

        self.demo_job = operations.run_op(
            self, demo.generate, "village", seed=1, changes={Change.DATABASE}, background=True,
            title="载入演示数据", label="正在生成演示村的党员、农户和走访记录……",
            on_success=lambda _result: self.ui.statusBar.showMessage("演示数据已载入", 5000),
            on_failure=failed, source=self)

    def menu(self, name: str) -> QMenu:
        """One of the menus by object name (menuImport, menuExport, menuPrint …)."""
        return getattr(self.ui, name)

    def visit_every_tab(self) -> None:
        """Show each tab in turn so each loads its rows (the smoke test)."""
        self.build_everything()
        for tab in self.tabs:
            self.ui.tabs.setCurrentWidget(tab)
            tab.activate()

