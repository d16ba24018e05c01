"""新建村 / 修改村信息: a village's name, branch, township, secretary, supervision
phone (printed on every door plate) and the link range of its members."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from lianhu_desktop.domain.villages import VillageData, create_village, load_village, update_village, village_data
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.forms.ui_village_dialog import Ui_VillageDialog
from lianhu_desktop.gui.operations import Change, run_op
from lianhu_desktop.store.models import Village


class VillageDialog(QDialog):
    """Creates a village (``village_id`` None) or edits one on 确定.

    A refused value keeps the dialog open with the Chinese reason under the
    field concerned and the cursor there. After acceptance ``village`` is the
    saved row.
    """

    def __init__(self, parent: QWidget | None = None, village_id: int | None = None):
        super().__init__(parent)
        self.ui = ui = Ui_VillageDialog()
        ui.setupUi(self)
        self.village_id = village_id
        self.village: Village | None = None
        ok = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("创建" if village_id is None else "保存")
        ok.setDefault(True)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        ui.buttonBox.accepted.connect(self.accept)
        self.errors = FieldErrors(self, {
            "name": ui.name, "township": ui.township, "branch_name": ui.branchName,
            "secretary": ui.secretary, "supervision_phone": ui.supervisionPhone,
            "link_min": ui.linkMin, "link_max": ui.linkMax, "grids": ui.grids,
        }, ui.errorLabel)
        ui.linkMin.valueChanged.connect(lambda value: ui.linkMax.setMinimum(value))
        # What the village was when loaded: the save is refused if someone else saved it since.
        self.loaded = load_village(village_id) if village_id is not None else None
        if village_id is not None:
            self.set_data(village_data(village_id))
            self.setWindowTitle(f"修改村信息：{ui.name.text()}")
            # Grids are added and renamed in 管理 → 网格、党小组与岗位.
            ui.formLayout.setRowVisible(ui.grids, False)
            self.resize(self.width(), self.sizeHint().height())
        ui.supervisionPhone.setToolTip("印在每块联户牌上；修改后重新打印联户牌即为新号码")
        ui.name.setFocus()

    def set_data(self, data: VillageData) -> None:
        ui = self.ui
        ui.name.setText(data.name)
        ui.township.setText(data.township)
        ui.branchName.setText(data.branch_name)
        ui.secretary.setText(data.secretary)
        ui.supervisionPhone.setText(data.supervision_phone)
        ui.linkMin.setValue(data.link_min)
        ui.linkMax.setValue(data.link_max)

    def data(self) -> VillageData:
        ui = self.ui
        return VillageData(ui.name.text(), ui.township.text(), ui.branchName.text(),
                           ui.secretary.text(), ui.supervisionPhone.text(),
                           ui.linkMin.value(), ui.linkMax.value())

    def _save(self) -> Village:
        data = self.data()
        if self.village_id is not None:
            return update_village(self.village_id, data, self.loaded)
        village = create_village(data.name, township=data.township, branch_name=data.branch_name,
                                 secretary=data.secretary, supervision_phone=data.supervision_phone,
                                 grids=self.ui.grids.value())
        if (data.link_min, data.link_max) != (village.link_min, village.link_max):
            village = update_village(village.id, data)
        return village

    def accept(self) -> None:
        """Save through ``run_op``; a refusal stays in the dialog, at its field."""

        def saved(village: Village) -> None:
            self.village = village
            QDialog.accept(self)

        # A new village comes with its grids.
        changes = {Change.VILLAGES} if self.village_id is not None else {Change.VILLAGES, Change.ORGANISATION}
        run_op(self, self._save, changes=changes, on_success=saved, inline_errors=self.errors,
               title="无法保存村信息", source=self, reload=self.reload if self.village_id is not None else None)

    def reload(self) -> None:
        """Show the village as saved now (someone else saved it since this dialog opened)."""
        self.loaded = load_village(self.village_id)
        self.set_data(village_data(self.village_id))
