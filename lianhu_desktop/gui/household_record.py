"""One household's visits and requests together (该户走访与诉求)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from lianhu_desktop.domain import diary_lists, listing, visits
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.tables import ListingModel
from lianhu_desktop.gui.views import ViewState


class HouseholdRecordDialog(QDialog):
    """The household's visits (newest first) above its requests; refreshes on change notices."""

    def __init__(self, parent: QWidget | None, household_id: int):
        super().__init__(parent)
        village_id, title = visits.household_title(household_id)
        self.setObjectName("householdRecordDialog")
        self.setWindowTitle(f"{title}的走访与诉求")
        layout = QVBoxLayout(self)
        self.models = []
        for title, spec, filters in (
                ("走访记录", listing.VISITS, {"household": household_id}),
                ("诉求", diary_lists.REQUESTS, {"household": household_id})):
            model = ListingModel(spec, self)
            model.filters.update(filters)
            model.village_id = village_id
            table = QTableView(self)
            table.setObjectName(f"record_{spec.name}")
            table.setModel(model)
            table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            scale = max(1.0, table.fontMetrics().horizontalAdvance("中文字") / 39)
            for column, spec_column in enumerate(spec.columns):
                table.setColumnWidth(column, int(spec_column.width * scale))
            table.setColumnHidden(spec.column("village"), True)
            label = QLabel(title, self)
            layout.addWidget(label)
            layout.addWidget(table, 1)
            self.models.append((model, label, title))
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        layout.addWidget(close)
        self.view_state = ViewState(self, {Change.VISITS, Change.REQUESTS, Change.HOUSEHOLDS},
                                    lambda _changes: self.reload())
        operations.subscribe(self)
        self.reload()
        self.resize(900, 560)

    def reload(self) -> None:
        for model, label, title in self.models:
            model.reload()
            label.setText(f"{title}（{model.rowCount()} 条）")

    def set_village(self, _village_id) -> None:
        """Another village was chosen: this household's record stays as it is."""

    def on_changes(self, changes, source=None) -> None:
        self.view_state.on_changes(changes, source)
