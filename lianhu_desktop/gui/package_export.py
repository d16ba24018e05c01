"""文件 → 导出数据包: a village's data, sealed with the passphrase, onto a USB stick.

One village (the one shown is preselected) or every village, one package
each, into one folder; named ``村名_YYYYMMDD.lhpkg``. The packages are
written in a worker with progress and 取消, all of them or none.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel,
    QLineEdit, QMessageBox, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.passphrase_dialog import ask_passphrase
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store import package

FOLDER_KEY = "package/export_dir"
PASSPHRASE_INTRO = ("数据包用这个密码加密。请用与乡镇约定的密码，并另行告诉乡镇（不要写在 U 盘上）；"
                    "乡镇合并时要输入同一个密码。")


def file_size(path: Path) -> str:
    size = path.stat().st_size
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB" if size >= 1024 else f"{size} 字节"


class ExportPackageDialog(QDialog):
    """Which village(s) and which folder; 下一步 asks for the passphrase."""

    def __init__(self, parent: QWidget | None, villages: list, current_id: int | None, folder: str,
                 today: datetime.date | None = None):
        super().__init__(parent)
        self.setWindowTitle("导出数据包")
        self.setObjectName("exportPackageDialog")
        self.villages = villages
        self.today = today or datetime.date.today()
        layout = QVBoxLayout(self)
        intro = QLabel("把本村的数据导出为加密的数据包（.lhpkg），用 U 盘交给乡镇合并。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.one = QRadioButton("一个村(&O)：", self)
        self.one.setObjectName("exportOne")
        self.village = QComboBox(self)
        self.village.setObjectName("exportVillage")
        for v in villages:
            self.village.addItem(v.name, v.id)
        self.every = QRadioButton(f"每个村各导出一个数据包（共 {len(villages)} 个，放在同一个文件夹）(&E)", self)
        self.every.setObjectName("exportEvery")
        group = QButtonGroup(self)
        group.addButton(self.one)
        group.addButton(self.every)
        grid.addWidget(self.one, 0, 0)
        grid.addWidget(self.village, 0, 1)
        grid.addWidget(self.every, 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        if len(villages) < 2:
            self.every.hide()
        index = self.village.findData(current_id)
        self.village.setCurrentIndex(max(index, 0))
        (self.one if current_id is not None or len(villages) < 2 else self.every).setChecked(True)

        row = QHBoxLayout()
        row.addWidget(QLabel("保存到(&F)：", self))
        self.folder = QLineEdit(folder, self)
        self.folder.setObjectName("exportFolder")
        self.folder.setPlaceholderText("选择 U 盘或文件夹")
        row.addWidget(self.folder, 1)
        choose = QPushButton("选择文件夹(&B)…", self)
        choose.setObjectName("chooseExportFolder")
        choose.clicked.connect(self.choose_folder)
        row.addWidget(choose)
        layout.addLayout(row)
        self.names = QLabel(self)
        self.names.setObjectName("exportNames")
        self.names.setWordWrap(True)
        layout.addWidget(self.names)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("下一步(&N)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for signal in (self.one.toggled, self.village.currentIndexChanged):
            signal.connect(self._update)
        self.village.setEnabled(self.one.isChecked())
        self._update()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 40)

    def _update(self) -> None:
        self.village.setEnabled(self.one.isChecked())
        names = [package.dated_name(v.name, self.today) for v in self.chosen()]
        shown = "、".join(names[:3]) + (f" 等 {len(names)} 个" if len(names) > 3 else "")
        self.names.setText(f"文件名：{shown}")

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "数据包保存到（如 U 盘）", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def chosen(self) -> list:
        if self.every.isChecked():
            return list(self.villages)
        return [v for v in self.villages if v.id == self.village.currentData()]

    def village_ids(self) -> list[int]:
        return [v.id for v in self.chosen()]

    def target(self) -> Path:
        return Path(self.folder.text().strip())

    def accept(self) -> None:
        if not self.folder.text().strip() or not self.target().is_dir():
            self.error.setText("请选择一个已有的文件夹（如 U 盘）")
            self.error.show()
            return
        super().accept()


def ask_where(window) -> tuple[list[int], Path] | None:
    """The villages and the folder chosen, or None."""
    dialog = ExportPackageDialog(window, list_villages(), window.current_village_id(),
                                 str(window.settings.value(FOLDER_KEY, "") or ""))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    window.settings.setValue(FOLDER_KEY, str(dialog.target()))
    return dialog.village_ids(), dialog.target()


def export_packages(window) -> None:
    """文件 → 导出数据包…"""
    if store_db.is_empty():
        QMessageBox.information(window, "导出数据包", "数据库里还没有村，没有可导出的数据。")
        return
    where = ask_where(window)
    if where is None:
        return
    village_ids, folder = where
    taken = [name for name in (package.dated_name(v.name) for v in list_villages() if v.id in village_ids)
             if (folder / name).exists()]
    if taken and QMessageBox.question(
            window, "导出数据包", f"文件夹里已有今天导出的同名数据包：\n{'、'.join(taken[:5])}"
            + ("……" if len(taken) > 5 else "") + "\n\n要用新导出的替换吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
        return
    passphrase = ask_passphrase(window, create=True, title="数据包密码", intro=PASSPHRASE_INTRO)
    if passphrase is None:
        return
    start_export(window, folder, village_ids, passphrase)


def start_export(window, folder: Path, village_ids: list[int], passphrase: str,
                 when: datetime.date | None = None):
    """Write the packages in a worker; the result names each file and its size."""

    def done(written) -> None:
        lines = "\n".join(f"{path.name}（{file_size(path)}）" for _, path in written)
        window.ui.statusBar.showMessage(f"已导出 {len(written)} 个数据包到：{folder}", 8000)
        QMessageBox.information(window, "导出完成",
                                f"已导出 {len(written)} 个数据包（已加密）到：\n{folder}\n\n{lines}")

    window.package_job = operations.run_query(
        window, package.write_packages, folder, passphrase, village_ids, when=when, on_success=done,
        title="导出数据包", background=True, label="正在导出数据包……")
    return window.package_job


def install(window) -> None:
    """Add 导出数据包… to the 文件 menu (the merge module adds 合并数据包… after it)."""
    action = QAction("导出数据包(&P)…", window)
    action.setObjectName("actionExportPackage")
    action.setToolTip("把村的数据导出为加密的数据包，交乡镇合并")
    action.triggered.connect(lambda _checked=False: export_packages(window))
    window.ui.menuFile.insertAction(window.ui.actionRefresh, action)
    window.action_export_packages = action
