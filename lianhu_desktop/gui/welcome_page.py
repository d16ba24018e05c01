"""The page shown on an empty database: create a village or load demo data."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from lianhu_desktop.gui.forms.ui_welcome_page import Ui_WelcomePage


class WelcomePage(QWidget):
    """The main window connects to the page's buttons (``ui.createVillageButton`` …)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_WelcomePage()
        self.ui.setupUi(self)
        title_font = self.ui.titleLabel.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 2)
        title_font.setBold(True)
        self.ui.titleLabel.setFont(title_font)
        self.ui.introLabel.setStyleSheet("color: #505050;")
        self.ui.pathLabel.setStyleSheet("color: #707070;")
        for label in (self.ui.introLabel, self.ui.emptyLabel, self.ui.pathLabel):
            label.setMaximumWidth(600)

    def set_database_path(self, path) -> None:
        self.ui.pathLabel.setText(f"数据库文件：{path}")
