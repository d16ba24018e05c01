"""The main window: village selector, the four list tabs, menus, welcome page."""

from __future__ import annotations

import datetime
import importlib
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox

from lianhu_desktop import APP_NAME, __version__, paths
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.errors import LianhuError
from lianhu_desktop.gui.appraisal_tab import AppraisalTab
from lianhu_desktop.gui.dialogs.village_dialog import VillageDialog
from lianhu_desktop.gui.forms.ui_main_window import Ui_MainWindow
from lianhu_desktop.gui.households_tab import HouseholdsTab
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.roster_tab import RosterTab
from lianhu_desktop.gui.visits_tab import VisitsTab
from lianhu_desktop.gui.welcome_page import WelcomePage
from lianhu_desktop.gui.workers import Cancelled, run_with_progress
from lianhu_desktop.store import db as store_db

ALL_VILLAGES = "全部村"
DB_FILTER = "联户通数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)"


# Feature modules with install(window): each adds its menu actions (导入, 导出,
# 打印, 统计 …) to the window. One module per feature keeps this file small.
FEATURES = (
    "lianhu_desktop.gui.excel_actions",
    "lianhu_desktop.gui.statistics_view",
    "lianhu_desktop.gui.organisation_dialog",
    "lianhu_desktop.gui.village_admin",
    "lianhu_desktop.gui.print_center",
)


class MainWindow(QMainWindow):
    """The program's window over the database bound to the models.

    Later issues hang their actions on ``ui.menuImport``, ``ui.menuExport``
    and ``ui.menuPrint`` (then call ``sync_menus()``), and add tabs with
    ``add_tab()``.
    """

    def __init__(self, db_path: Path, settings: QSettings | None = None):
        super().__init__()
        self.db_path = Path(db_path)
        self.settings = settings if settings is not None else QSettings()
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self._build_toolbar()
        self.welcome = WelcomePage(self)
        self.ui.welcomeLayout.addWidget(self.welcome)
        self.tabs: list[ListTab] = []
        for tab_class in (RosterTab, HouseholdsTab, VisitsTab, AppraisalTab):
            self.add_tab(tab_class(self))
        self.status_label = QLabel(self)
        self.ui.statusBar.addWidget(self.status_label, 1)
        self._connect()
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
        self.tabs.append(tab)
        self.ui.tabs.addTab(tab, tab.title)
        tab.status_listener = lambda text, t=tab: self._tab_status(t, text)

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
        for name in FEATURES:
            importlib.import_module(name).install(self)

    def sync_menus(self) -> None:
        """Hide menus that have no actions yet: an empty menu promises what isn't there."""
        for menu in (self.ui.menuImport, self.ui.menuExport, self.ui.menuPrint):
            menu.menuAction().setVisible(bool(menu.actions()))

    # ------------------------------------------------------------ settings

    def _restore_settings(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        tab = int(self.settings.value("main/tab", 0) or 0)
        if 0 <= tab < self.ui.tabs.count():
            self.ui.tabs.blockSignals(True)
            self.ui.tabs.setCurrentIndex(tab)
            self.ui.tabs.blockSignals(False)

    def save_settings(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("main/tab", self.ui.tabs.currentIndex())
        if self.village_combo.count():
            self.settings.setValue("main/village", self.village_combo.currentText())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)

    # ------------------------------------------------------------ data

    def current_tab(self) -> ListTab:
        return self.tabs[self.ui.tabs.currentIndex()]

    def current_village_id(self) -> int | None:
        return self.village_combo.currentData()

    def reload_all(self) -> None:
        """Read the villages again and show the welcome page or the tabs."""
        # Qt adds " — 联户通" (the application display name) to every title itself.
        self.setWindowTitle(self.db_path.name)
        self.welcome.set_database_path(self.db_path)
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

    def _tab_changed(self, index: int) -> None:
        if self.ui.stack.currentWidget() is self.ui.tabsHolder:
            self.tabs[index].activate()
        self.settings.setValue("main/tab", index)

    def _tab_status(self, tab: ListTab, text: str) -> None:
        if tab is self.current_tab():
            self.status_label.setText(text)

    def refresh(self) -> None:
        """Re-read everything from the database (F5)."""
        for tab in self.tabs:
            tab.model.invalidate()
        self.reload_all()

    def focus_search(self) -> None:
        if self.ui.stack.currentWidget() is self.ui.tabsHolder:
            self.current_tab().focus_search()

    # ------------------------------------------------------------ actions

    def choose_database(self) -> None:
        start = str(self.db_path.parent)
        path, _ = QFileDialog.getOpenFileName(self, "打开数据库", start, DB_FILTER)
        if path:
            self.switch_database(Path(path))

    def switch_database(self, path: Path) -> bool:
        """Open another database; on failure say why and keep the current one."""
        previous = self.db_path
        try:
            store_db.open_database(path)
        except LianhuError as error:
            QMessageBox.warning(self, "无法打开数据库", str(error))
            try:
                store_db.open_database(previous)
            except LianhuError as again:
                QMessageBox.critical(self, "数据库出错", f"原数据库也无法重新打开：{again}")
            return False
        self.db_path = Path(path)
        self.village_combo.clear()
        self.refresh()
        self.ui.statusBar.showMessage(f"已打开数据库：{path}", 5000)
        return True

    def backup(self) -> None:
        stamp = datetime.datetime.now().strftime("%Y%m%d_%H%M")
        folder = paths.backup_dir()
        folder.mkdir(parents=True, exist_ok=True)
        suggested = str(folder / f"联户通备份_{stamp}.db")
        path, _ = QFileDialog.getSaveFileName(self, "备份数据库", suggested, DB_FILTER)
        if not path:
            return
        try:
            dest = store_db.backup_to(path)
        except (LianhuError, OSError) as error:
            QMessageBox.warning(self, "备份失败", f"备份没有完成：{error}")
            return
        self.ui.statusBar.showMessage(f"已备份到：{dest}", 8000)
        QMessageBox.information(self, "备份完成", f"数据库已备份到：\n{dest}")

    def about(self) -> None:
        QMessageBox.about(
            self, "关于",
            f"<h3>{APP_NAME}</h3>"
            f"<p>党员联户工作管理（离线桌面版）</p>"
            f"<p>版本：{__version__}</p>"
            f"<p>数据库：{self.db_path}</p>",
        )

    def new_village(self) -> None:
        dialog = VillageDialog(self)
        if dialog.exec() and dialog.village is not None:
            self.ui.statusBar.showMessage(f"已新建“{dialog.village.name}”", 5000)
            self.refresh()

    def load_demo(self) -> None:
        try:
            from lianhu_desktop.domain import demo
        except ImportError:
            QMessageBox.warning(self, "无法载入演示数据", "本版本没有附带演示数据生成器。")
            return
        if not store_db.is_empty():
            QMessageBox.information(self, "无法载入演示数据", "演示数据只能载入空数据库。")
            return

        def done(_result) -> None:
            self.refresh()
            self.ui.statusBar.showMessage("演示数据已载入", 5000)

        def failed(error: BaseException) -> None:
            self.refresh()
            if isinstance(error, Cancelled):
                self.ui.statusBar.showMessage("已取消载入演示数据", 5000)
            elif isinstance(error, LianhuError):
                QMessageBox.warning(self, "无法载入演示数据", str(error))
            else:
                QMessageBox.critical(self, "程序出错", f"载入演示数据时出错：{error}")

        self.demo_job = run_with_progress(
            self, "载入演示数据", "正在生成演示村的党员、农户和走访记录……",
            demo.generate, "village", seed=1, on_done=done, on_error=failed)

    def menu(self, name: str) -> QMenu:
        """One of the menus by object name (menuImport, menuExport, menuPrint …)."""
        return getattr(self.ui, name)

    def visit_every_tab(self) -> None:
        """Show each tab in turn so each loads its rows (the smoke test)."""
        for index in range(self.ui.tabs.count()):
            self.ui.tabs.setCurrentIndex(index)
            self.tabs[index].activate()

