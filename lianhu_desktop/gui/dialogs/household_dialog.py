"""农户信息: add or edit one household, tags included.

Every rule lives in ``domain.households.save_household``; this dialog only
gathers the fields and shows a refusal at the field it concerns (red border,
the Chinese message right under the field, the cursor there). Nothing is
saved until the domain accepts the whole household.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QWidget,
)

from lianhu_desktop.domain import fields
from lianhu_desktop.domain import households as domain
from lianhu_desktop.domain import labels
from lianhu_desktop.domain.organisation import list_grids
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.domain.vocab import HOUSEHOLD_TAGS
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.bindings import Binding
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.dialogs.rare_chars import warn_unprintable
from lianhu_desktop.gui.forms.ui_household_dialog import Ui_HouseholdDialog
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.pairings_view import add_pairing_row

NO_GRID = labels.NO_GRID
TAG_COLUMNS = 4


class HouseholdDialog(QDialog):
    """Add (``household_id`` None) or edit a household; ``saved_id`` after 保存."""

    def __init__(self, parent: QWidget | None = None, *, household_id: int | None = None,
                 village_id: int | None = None):
        super().__init__(parent)
        self.ui = Ui_HouseholdDialog()
        self.ui.setupUi(self)
        self.household_id = household_id
        self.saved_id: int | None = None
        # What the household was when loaded: the save is refused if someone else saved it since.
        self.loaded = domain.load_household(household_id) if household_id is not None else None
        data = domain.household_data(household_id) if household_id is not None \
            else domain.HouseholdData(village_id=village_id)
        self.setWindowTitle("编辑农户" if household_id is not None else "新增农户")
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("保存")
        ok.setDefault(True)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.record_dialog = None
        if household_id is not None:
            record = self.ui.buttonBox.addButton("走访与诉求记录(&R)…", QDialogButtonBox.ButtonRole.ActionRole)
            record.setObjectName("householdRecord")
            record.setAutoDefault(False)
            record.setToolTip("该户的全部走访记录和诉求")
            record.clicked.connect(self.open_record)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept)
        ui = self.ui
        self.binding = Binding(fields.HOUSEHOLD, ui, {
            "grid_id": (lambda: ui.grid.currentData(), self._fill_grids),
            "tags": (lambda: [t.strip() for t in self.tags()], lambda value: self._fill_tags(list(value or []))),
        })
        # The domain names the grid and ID number by their own keys; older callers by these.
        self.errors = FieldErrors(self, {"village_id": ui.village, "grid": ui.grid, "id_number": ui.headIdNumber,
                                         **self.binding.fields()}, ui.errorLabel)
        self._tag_boxes: dict[str, QCheckBox] = {}
        self._fill_villages(data.village_id, fixed=household_id is not None or village_id is not None)
        self._show(data)
        ui.village.currentIndexChanged.connect(self._village_changed)
        self.pairings_label = add_pairing_row(ui.formLayout, self, household_id=household_id)
        self.name_warning = warn_unprintable(ui.headName)
        ui.headName.setFocus()

    # ------------------------------------------------------------ filling

    def _fill_villages(self, village_id: int | None, *, fixed: bool) -> None:
        combo = self.ui.village
        for village in list_villages():
            combo.addItem(village.name, village.id)
        index = combo.findData(village_id) if village_id is not None else 0
        combo.setCurrentIndex(max(index, 0))
        # The village is chosen only when adding in the township view.
        self.ui.formLayout.setRowVisible(self.ui.village, not fixed and combo.count() > 1)

    def village_id(self) -> int | None:
        return self.ui.village.currentData()

    def _fill_grids(self, grid_id: int | None) -> None:
        combo = self.ui.grid
        combo.clear()
        combo.addItem(NO_GRID, None)
        village_id = self.village_id()
        if village_id is not None:
            for grid in list_grids(village_id):
                combo.addItem(grid.name, grid.id)
        combo.setCurrentIndex(max(combo.findData(grid_id), 0) if grid_id is not None else 0)

    def _fill_tags(self, chosen: list[str]) -> None:
        grid = self.ui.tagGrid
        for box in self._tag_boxes.values():
            grid.removeWidget(box)
            box.deleteLater()
        self._tag_boxes = {}
        village_id = self.village_id()
        choices = domain.tag_choices(village_id) if village_id is not None else list(HOUSEHOLD_TAGS)
        choices += [tag for tag in chosen if tag not in choices]
        for index, tag in enumerate(choices):
            box = QCheckBox(tag, self.ui.tagsBox)
            box.setChecked(tag in chosen)
            grid.addWidget(box, index // TAG_COLUMNS, index % TAG_COLUMNS)
            self._tag_boxes[tag] = box
        # Tab order: the boxes after the grid's spin box, before the custom tags.
        previous = self.ui.size
        for box in self._tag_boxes.values():
            QWidget.setTabOrder(previous, box)
            previous = box
        QWidget.setTabOrder(previous, self.ui.customTags)

    def _show(self, data: domain.HouseholdData) -> None:
        self._tag_boxes = getattr(self, "_tag_boxes", {})
        self.binding.show(data)

    def _village_changed(self) -> None:
        self._fill_grids(None)
        self._fill_tags(self.tags())

    def open_record(self) -> None:
        """The household's visits and requests (该户走访与诉求), over this dialog."""
        from lianhu_desktop.gui.household_record import HouseholdRecordDialog

        try:
            self.record_dialog = HouseholdRecordDialog(self, self.household_id)
        except Exception as error:  # noqa: BLE001 - the one error policy
            operations.handle_error(self, error, "无法打开走访与诉求记录")
            return
        self.record_dialog.open()

    # ------------------------------------------------------------ saving

    def tags(self) -> list[str]:
        chosen = [tag for tag, box in self._tag_boxes.items() if box.isChecked()]
        return chosen + [t for t in self.ui.customTags.text().replace("，", "、").split("、")
                         if t.strip() and t.strip() not in chosen]

    def data(self) -> domain.HouseholdData:
        return domain.HouseholdData(village_id=self.village_id(), **self.binding.values())

    def accept(self) -> None:
        def saved(household) -> None:
            self.saved_id = household.id
            QDialog.accept(self)

        operations.run_op(self, lambda: domain.save_household(self.data(), self.household_id, self.loaded),
                          changes={Change.HOUSEHOLDS}, on_success=saved, inline_errors=self.errors,
                          reload=self.reload if self.household_id is not None else None)

    def reload(self) -> None:
        """Show the household as saved now (someone else saved it since this dialog opened)."""
        self.loaded = domain.load_household(self.household_id)
        self._show(domain.household_data(self.household_id))
