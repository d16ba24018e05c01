"""归档: asks why and since when a member (or a household) leaves the active list.

Generic: the caller passes what is archived, the reasons to offer and the
domain function that archives, e.g.::

    ArchiveDialog(self, "党员“张三”", lambda reason, day: archive_member(3, reason, day))
"""

from __future__ import annotations

import datetime
from typing import Any, Callable, Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from lianhu_desktop.domain.vocab import ARCHIVE_REASONS
from lianhu_desktop.errors import LianhuError
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.forms.ui_archive_dialog import Ui_ArchiveDialog


class ArchiveDialog(QDialog):
    """Reason (one of ``reasons`` or typed) and date; 归档 calls ``archive(reason, date)``.

    ``archive`` may raise a ``LianhuError`` (field ``archive_reason`` or
    ``archived_on``): the dialog then stays open with the reason at the field.
    After acceptance ``result_value`` is what ``archive`` returned.
    """

    def __init__(self, parent: QWidget | None, subject: str,
                 archive: Callable[[str, datetime.date], Any],
                 reasons: Sequence[str] = ARCHIVE_REASONS, note: str = ""):
        super().__init__(parent)
        self.ui = ui = Ui_ArchiveDialog()
        ui.setupUi(self)
        self._archive = archive
        self.result_value: Any = None
        self.setWindowTitle(f"归档{subject}")
        ui.intro.setText(note or f"将{subject}归档：不再出现在日常名单中，已有的记录全部保留，"
                                 "以后可以“恢复”。")
        ui.reason.addItems(list(reasons))
        ui.reason.lineEdit().setPlaceholderText("选择或填写原因")
        ui.date.field = "archived_on"
        ui.date.setMaximumDate(QDate.currentDate())
        ui.date.set_value(datetime.date.today())
        ok = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("归档")
        ok.setDefault(True)
        ui.buttonBox.accepted.connect(self.accept)
        self.errors = FieldErrors(self, {"archive_reason": ui.reason, "archived_on": ui.date},
                                  ui.errorLabel)
        ui.reason.setFocus()

    def reason(self) -> str:
        return self.ui.reason.currentText().strip()

    def date(self) -> datetime.date:
        return self.ui.date.value()

    def accept(self) -> None:
        try:
            self.result_value = self._archive(self.reason(), self.date())
        except LianhuError as error:
            self.errors.show(str(error), error.field)
            return
        super().accept()
