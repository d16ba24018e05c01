"""分配建议: propose a member for each unlinked household, accept the checked ones.

``domain.proposals.propose`` computes (in a worker: a township takes about a
second); the clerk unchecks what they do not want; ``accept`` links the rest
in one transaction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidgetItem, QWidget

from lianhu_desktop.domain import listing, proposals
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.forms.ui_proposals_dialog import Ui_ProposalsDialog
from lianhu_desktop.gui.operations import Change

MODES = (proposals.PROXIMITY, proposals.ABILITY, proposals.ASSOCIATION)
MODE_HINTS = {
    proposals.PROXIMITY: "同一网格优先、门牌相近，照顾每名党员 5–10 户的范围",
    proposals.ABILITY: "专业户→有技术的党员，上访户→懂法律政策的党员，困难户→能带富的党员",
    proposals.ASSOCIATION: "同一产业协会的党员联系本协会的农户",
}
HEADERS = ("采纳", "网格", "农户", "建议联户党员", "理由")


def _propose(village_id, mode, household_ids=None, *, progress):
    """``propose`` with the worker's progress signature (it reports no progress)."""
    return proposals.propose(village_id, mode, household_ids)


def _names(spec: listing.ListSpec, ids, *keys: str) -> dict[int, tuple]:
    columns = [spec.column(key) for key in keys]
    result = {}
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), 500):
        for row_id, row in listing.rows(spec, ids[start:start + 500]).items():
            result[row_id] = tuple(row[c] for c in columns)
    return result


class ProposalsDialog(QDialog):
    """``linked`` counts the links made when the dialog closes after 采纳."""

    def __init__(self, parent: QWidget | None, village_id: int | None, household_ids=None):
        super().__init__(parent)
        self.ui = Ui_ProposalsDialog()
        self.ui.setupUi(self)
        self.village_id = village_id
        self.household_ids = household_ids
        self.proposals: list[proposals.Proposal] = []
        self.linked = 0
        self.job = None
        ui = self.ui
        for mode in MODES:
            ui.mode.addItem(mode, mode)
            ui.mode.setItemData(ui.mode.count() - 1, MODE_HINTS[mode], Qt.ItemDataRole.ToolTipRole)
        self.ok = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("采纳所选")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        ui.runButton.clicked.connect(self.run)
        ui.selectAllButton.clicked.connect(lambda: self.set_all_checked(True))
        ui.selectNoneButton.clicked.connect(lambda: self.set_all_checked(False))
        ui.mode.currentIndexChanged.connect(self._mode_changed)
        ui.table.setColumnCount(len(HEADERS))
        ui.table.setHorizontalHeaderLabels(HEADERS)
        header = ui.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rows = ui.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ui.table.fontMetrics().height() + 8)
        unit = ui.table.fontMetrics().horizontalAdvance("中")
        for column, chars in enumerate((3, 5, 9, 9)):
            ui.table.setColumnWidth(column, unit * chars + 16)
        ui.table.itemChanged.connect(lambda _item: self._update_summary())
        self._mode_changed()
        self.resize(860, 560)

    def mode(self) -> str:
        return self.ui.mode.currentData()

    def _mode_changed(self) -> None:
        self.ran = False
        self.proposals = []
        self.ui.table.setRowCount(0)
        self.ui.summaryLabel.setText(f"{MODE_HINTS[self.mode()]}。点“生成建议”查看。")
        self._update_buttons()

    def run(self) -> None:
        """Compute the proposals in a worker, then show them."""
        self.ui.runButton.setEnabled(False)

        def failed(_error: BaseException) -> None:
            self.job = None
            self.ui.runButton.setEnabled(True)

        def done(result) -> None:
            self.job = None
            self.ui.runButton.setEnabled(True)
            self.show_proposals(result)

        self.job = operations.run_query(self, _propose, self.village_id, self.mode(), self.household_ids,
                                        background=True, title="分配建议",
                                        label="正在为未联户的农户生成分配建议……",
                                        on_success=done, on_failure=failed)

    def show_proposals(self, found: list[proposals.Proposal]) -> None:
        """Fill the table, every row checked."""
        self.proposals = list(found)
        self.ran = True
        households = _names(listing.HOUSEHOLDS, [p.household_id for p in found],
                            "grid", "head_name", "door_number", "village")
        members = _names(listing.MEMBERS, [p.member_id for p in found], "name")
        table = self.ui.table
        table.blockSignals(True)
        table.setUpdatesEnabled(False)
        table.setRowCount(len(found))
        for row, proposal in enumerate(found):
            grid, head, door, village = households.get(proposal.household_id, ("", "", "", ""))
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                           | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked)
            table.setItem(row, 0, check)
            where = f"{village} {grid}" if self.village_id is None else grid
            label = f"{head}（{door}）" if door else head
            for column, text in enumerate((where, label, members.get(proposal.member_id, ("",))[0],
                                           proposal.reason), start=1):
                table.setItem(row, column, QTableWidgetItem(text))
        table.setUpdatesEnabled(True)
        table.blockSignals(False)
        self._update_summary()
        table.setFocus()

    def set_all_checked(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        table = self.ui.table
        table.blockSignals(True)
        for row in range(table.rowCount()):
            table.item(row, 0).setCheckState(state)
        table.blockSignals(False)
        self._update_summary()

    def checked(self) -> list[proposals.Proposal]:
        table = self.ui.table
        return [p for row, p in enumerate(self.proposals)
                if table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def _update_summary(self) -> None:
        if self.proposals:
            self.ui.summaryLabel.setText(
                f"共 {len(self.proposals)} 条建议，已选 {len(self.checked())} 条。"
                "取消勾选不想采纳的，再点“采纳所选”。")
        elif self.ran:
            self.ui.summaryLabel.setText(f"按“{self.mode()}”方式没有可分配的农户"
                                         "（农户都已联户，或没有符合条件的党员）。")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.ok.setEnabled(bool(self.proposals) and bool(self.checked()))
        self.ui.selectAllButton.setEnabled(bool(self.proposals))
        self.ui.selectNoneButton.setEnabled(bool(self.proposals))

    def accept(self) -> None:
        chosen = self.checked()
        if not chosen:
            return
        def linked(links) -> None:
            self.linked = len(links)
            QDialog.accept(self)

        operations.run_op(self, proposals.accept, chosen, self.mode(), changes={Change.LINKS},
                          on_success=linked, title="无法采纳分配建议")
