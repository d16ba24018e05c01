"""The passphrase of village packages and sealed backups: asked, never kept.

Creating (a package, a backup key) asks twice and shows how strong it is;
opening (a merge, a restore) asks once. Nothing here stores the passphrase:
the program has no safe place for a secret (its settings are a plain file or
the registry), so there is no 记住密码; a backup key (``sealed.make_backup_key``)
lets automatic backups be sealed without it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from lianhu_desktop.store import sealed

STRENGTH_COLOURS = {0: "#b3261e", 1: "#b3261e", 2: "#8a5a00", 3: "#1b6e2d"}


class PassphraseDialog(QDialog):
    """Asks for a passphrase; ``create`` asks twice with a strength hint."""

    def __init__(self, parent: QWidget | None, *, create: bool, title: str, intro: str):
        super().__init__(parent)
        self.create = create
        self.setWindowTitle(title)
        self.setObjectName("passphraseDialog")
        layout = QVBoxLayout(self)
        text = QLabel(intro, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.first = QLineEdit(self)
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("密码(&P)：", self.first)
        self.second = QLineEdit(self)
        self.second.setObjectName("passphraseAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel(self)
        self.strength.setObjectName("passphraseStrength")
        if create:
            form.addRow("再输一次(&A)：", self.second)
            form.addRow("强度：", self.strength)
        else:
            self.second.hide()
            self.strength.hide()
        layout.addLayout(form)
        self.show_text = QCheckBox("显示密码(&S)", self)
        self.show_text.toggled.connect(self._show_text)
        layout.addWidget(self.show_text)
        note = QLabel("密码不会保存在这台电脑上，请记牢或妥善保管；忘记密码就无法打开用它加密的文件。", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        self.error = QLabel(self)
        self.error.setObjectName("passphraseError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("密") * 30)
        self.first.setFocus()

    def _show_text(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _update(self) -> None:
        self.error.hide()
        if self.create:
            level, hint = sealed.strength(self.first.text())
            self.strength.setText(hint if self.first.text() else f"至少 {sealed.MIN_PASSPHRASE} 个字符")
            self.strength.setStyleSheet(f"color: {STRENGTH_COLOURS[level]};" if self.first.text() else "")

    def passphrase(self) -> str:
        return self.first.text()

    def problem(self) -> str:
        """Why the entry cannot be taken ('' when it can)."""
        text = self.first.text()
        if len(text) < sealed.MIN_PASSPHRASE:
            return f"密码至少要 {sealed.MIN_PASSPHRASE} 个字符"
        if self.create and text != self.second.text():
            return "两次输入的密码不一样，请重新输入"
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            (self.second if "两次" in problem else self.first).setFocus()
            return
        super().accept()


def ask_passphrase(parent: QWidget | None, *, create: bool, title: str, intro: str) -> str | None:
    """The passphrase typed, or None when the clerk cancelled."""
    dialog = PassphraseDialog(parent, create=create, title=title, intro=intro)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None
