"""文件 → 备份设置: the second backup folder (a USB stick) and its encryption.

With a passphrase set, the automatic backups written to the second folder
are sealed (``*.lhbak``): a lost stick gives nothing away. The settings keep
the backup key (``sealed.make_backup_key``: a public key and the private
key sealed under the passphrase), never the passphrase, so backups at start
and exit are sealed without asking; restoring one asks for the passphrase.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPushButton, QVBoxLayout, QWidget,
)

from lianhu_desktop.gui.dialogs.passphrase_dialog import ask_passphrase
from lianhu_desktop.store import backups, sealed

EXTRA_DIR_KEY = "backup/extra_dir"
SEAL_KEY = "backup/seal_key"
SEAL_SET_ON = "backup/seal_key_set_on"
PASSPHRASE_INTRO = ("第二个备份文件夹（U 盘）里的备份将用这个密码加密。恢复这些备份时要输入它；"
                    "可以用与乡镇约定的数据包密码。")


def extra_dirs(settings) -> list[str]:
    folder = str(settings.value(EXTRA_DIR_KEY, "") or "")
    return [folder] if folder else []


def seal_key(settings) -> bytes | None:
    """The backup key the second folder's backups are sealed to, or None (not encrypted)."""
    text = str(settings.value(SEAL_KEY, "") or "")
    if not text:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


class BackupSettingsDialog(QDialog):
    """The second folder and whether (with which passphrase) its backups are encrypted."""

    def __init__(self, parent: QWidget | None, settings):
        super().__init__(parent)
        self.settings = settings
        self.key = seal_key(settings)
        self.set_on = str(settings.value(SEAL_SET_ON, "") or "")
        self.setWindowTitle("备份设置")
        self.setObjectName("backupSettingsDialog")
        layout = QVBoxLayout(self)
        intro = QLabel("每天第一次打开和正常退出时，程序自动备份到数据库旁的 backups 文件夹；"
                       "还可以另存一份到第二个文件夹（如 U 盘），电脑坏了也不丢数据。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        box = QGroupBox("第二个备份文件夹", self)
        row = QHBoxLayout(box)
        self.folder = QLineEdit((extra_dirs(settings) or [""])[0], box)
        self.folder.setObjectName("extraFolder")
        self.folder.setPlaceholderText("不另存")
        row.addWidget(self.folder, 1)
        choose = QPushButton("选择(&B)…", box)
        choose.clicked.connect(self.choose_folder)
        row.addWidget(choose)
        clear = QPushButton("不用(&N)", box)
        clear.clicked.connect(self.folder.clear)
        row.addWidget(clear)
        layout.addWidget(box)
        box = QGroupBox("加密第二个文件夹里的备份", self)
        column = QVBoxLayout(box)
        self.status = QLabel(box)
        self.status.setObjectName("sealStatus")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        row = QHBoxLayout()
        self.set_button = QPushButton(box)
        self.set_button.setObjectName("setBackupPassphrase")
        self.set_button.clicked.connect(self.set_passphrase)
        row.addWidget(self.set_button)
        self.clear_button = QPushButton("不加密(&U)", box)
        self.clear_button.setObjectName("clearBackupPassphrase")
        self.clear_button.clicked.connect(self.clear_passphrase)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        column.addLayout(row)
        note = QLabel("电脑上只保存加密用的密钥，不保存密码本身；忘记密码就无法恢复这些加密的备份。"
                      "数据库旁 backups 文件夹里的备份不加密。", box)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        column.addWidget(note)
        layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_state()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 40)

    def _show_state(self) -> None:
        if self.key:
            when = f"（{self.set_on} 设置）" if self.set_on else ""
            self.status.setText(f"已设置密码{when}：第二个文件夹里的备份已加密，恢复时要输入这个密码。")
            self.set_button.setText("更换密码(&P)…")
        else:
            self.status.setText("未设置密码：第二个文件夹里的备份不加密，捡到 U 盘的人能读出全部数据。")
            self.set_button.setText("设置密码(&P)…")
        self.clear_button.setEnabled(self.key is not None)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "第二个备份文件夹（如 U 盘）", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def set_passphrase(self) -> None:
        passphrase = ask_passphrase(self, create=True, title="备份密码", intro=PASSPHRASE_INTRO)
        if passphrase is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.key = sealed.make_backup_key(passphrase)
        finally:
            QApplication.restoreOverrideCursor()
        self.set_on = datetime.date.today().isoformat()
        self._show_state()

    def clear_passphrase(self) -> None:
        self.key = None
        self.set_on = ""
        self._show_state()

    def save(self) -> None:
        self.settings.setValue(EXTRA_DIR_KEY, self.folder.text().strip())
        self.settings.setValue(SEAL_KEY, base64.b64encode(self.key).decode("ascii") if self.key else "")
        self.settings.setValue(SEAL_SET_ON, self.set_on)
        self.settings.sync()


def plain_backups_in(folder: str) -> list[Path]:
    """The unencrypted automatic backups in ``folder`` (left from before encryption was set)."""
    return backups.list_backups(folder, backups.AUTO_PREFIX, suffixes=(".db",)) if folder else []


def edit_backup_settings(window) -> None:
    """文件 → 备份设置…"""
    dialog = BackupSettingsDialog(window, window.settings)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    dialog.save()
    folder = dialog.folder.text().strip()
    plain = plain_backups_in(folder) if dialog.key else []
    if plain and QMessageBox.question(
            window, "备份设置", f"第二个文件夹里还有 {len(plain)} 个以前没有加密的自动备份：\n{folder}\n\n"
            "要删除它们吗？（以后的备份都会加密；数据库旁 backups 文件夹里的备份不受影响）",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes:
        for path in plain:
            try:
                path.unlink()
            except OSError as error:
                QMessageBox.warning(window, "备份设置", f"无法删除：{path}（{error.strerror or error}）")
                break
    sealed_note = "（加密）" if dialog.key else ""
    where = f"自动备份还会另存一份{sealed_note}到：{folder}" if folder else "自动备份只保存在数据库旁的 backups 文件夹"
    window.ui.statusBar.showMessage(where, 8000)
