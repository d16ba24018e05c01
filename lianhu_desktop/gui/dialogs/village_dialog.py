"""新建村: the dialog that creates a village with its branch and grids."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from lianhu_desktop.domain.villages import create_village
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.forms.ui_village_dialog import Ui_VillageDialog
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store.models import Village


class VillageDialog(QDialog):
    """Asks for the village's particulars and creates it on 确定.

    A refused value keeps the dialog open with the Chinese reason under the
    form and the cursor in the field concerned.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_VillageDialog()
        self.ui.setupUi(self)
        self.village: Village | None = None
        self.ui.errorLabel.setStyleSheet("color: #b3261e;")
        self.ui.errorLabel.hide()
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        self.ui.buttonBox.accepted.connect(self.accept)
        self._fields = {
            "name": self.ui.name,
            "township": self.ui.township,
            "branch_name": self.ui.branchName,
            "secretary": self.ui.secretary,
            "phone": self.ui.supervisionPhone,
            "supervision_phone": self.ui.supervisionPhone,
            "grids": self.ui.grids,
        }

    def accept(self) -> None:
        ui = self.ui

        def created(village: Village) -> None:
            self.village = village
            QDialog.accept(self)

        # A new village comes with its grids.
        operations.run_op(
            self, create_village, ui.name.text(), township=ui.township.text(),
            branch_name=ui.branchName.text(), secretary=ui.secretary.text(),
            supervision_phone=ui.supervisionPhone.text(), grids=ui.grids.value(),
            changes={Change.VILLAGES, Change.ORGANISATION}, on_success=created,
            inline_errors=self.show_error)

    def show_error(self, message: str, field: str | None = None) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()
        widget = self._fields.get(field or "")
        if widget is not None:
            widget.setFocus()
            if hasattr(widget, "selectAll"):
                widget.selectAll()
