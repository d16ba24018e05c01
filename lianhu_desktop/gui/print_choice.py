"""The options side of the 打印中心: document, layout, village, scope, year, month and copies.

Everything offered comes from ``reports.catalog``: the documents, their
layouts, which scopes each accepts and which options it takes (the year,
month and copies fields show only for the kinds that take them). ``changed`` is called whenever the
choice changes; ``problem()`` says in Chinese why it cannot be printed.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QCompleter

from lianhu_desktop.domain import labels, listing, printing, printrows
from lianhu_desktop.domain.organisation import list_grids
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.errors import LianhuError
from lianhu_desktop.gui.views import Callbacks
from lianhu_desktop.reports import catalog

GRID, MEMBER, CHANGED, HOUSEHOLD = catalog.GRID, catalog.MEMBER, catalog.CHANGED, catalog.HOUSEHOLD
MONTH = catalog.MONTH  # the month spin box shows for the documents printed for a month
ALL_VILLAGES = "全部村（全乡镇）"
YEAR, MONTH, COPIES = catalog.YEAR, catalog.MONTH, catalog.COPIES


def supports_township(kind: str) -> bool:
    """Whether ``kind`` can be printed for every village at once."""
    try:
        catalog.check(kind, printing.Scope())
    except LianhuError:
        return False
    return True


def linked_households(village_id: int | None) -> list[tuple[str, int]]:
    """(张三（一组 1号）, id) of the village's linked households: those that have a plate."""
    if village_id is None:
        return []
    spec = listing.HOUSEHOLDS
    ids = listing.ids(spec, village_id, filters={"archived": False, "linked": True})
    head, door, grid = spec.column("head_name"), spec.column("door_number"), spec.column("grid")
    choices = []
    for start in range(0, len(ids), 500):
        page = ids[start:start + 500]
        values = listing.rows(spec, page)
        choices.extend((labels.household_label(values[i][head], values[i][door], values[i][grid]), i)
                       for i in page)
    return choices


class PrintChoice(QObject):
    """Fills and reads the option widgets of ``Ui_PrintCenter``.

    ``changed`` (``connect``/``emit``) is a plain callback list, not a
    Python-defined Qt signal (see ``gui.operations``)."""

    def __init__(self, ui, settings: QSettings | None, village_id: int | None, kind: str | None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.changed = Callbacks()
        self.ui, self.settings = ui, settings
        today = datetime.date.today()
        ui.yearSpin.setValue(today.year)
        ui.monthSpin.setValue(today.month)
        for entry in catalog.kinds():
            ui.kindCombo.addItem(entry.label, entry.key)
        self._fill_villages(village_id)
        ui.kindCombo.currentIndexChanged.connect(self._kind_changed)
        ui.villageCombo.currentIndexChanged.connect(self._village_changed)
        for widget in (ui.layoutCombo, ui.gridCombo, ui.memberCombo):
            widget.currentIndexChanged.connect(self._update)
        for widget in (ui.scopeVillage, ui.scopeGrid, ui.scopeMember, ui.scopeHousehold, ui.changedOnly):
            widget.toggled.connect(self._update)
        for spin in (ui.yearSpin, ui.monthSpin, ui.copiesSpin, ui.startSpin):
            spin.valueChanged.connect(self._update)
        # Picking a grid, member or household means printing for it.
        ui.gridCombo.activated.connect(lambda: ui.scopeGrid.setChecked(True))
        ui.memberCombo.activated.connect(lambda: ui.scopeMember.setChecked(True))
        ui.householdCombo.activated.connect(lambda: ui.scopeHousehold.setChecked(True))
        ui.householdCombo.editTextChanged.connect(self._update)
        completer = ui.householdCombo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        ui.householdCombo.lineEdit().setPlaceholderText("输入户主姓名或门牌号查找")
        ui.kindCombo.blockSignals(True)
        self.select_kind(kind or str(self.setting("kind", "doorplate")))
        ui.kindCombo.blockSignals(False)
        self._kind_changed()

    # ------------------------------------------------------------ settings

    def setting(self, name: str, default=None):
        return self.settings.value(f"print/{name}", default) if self.settings is not None else default

    def remember(self, name: str, value) -> None:
        if self.settings is not None:
            self.settings.setValue(f"print/{name}", value)

    # ------------------------------------------------------------ filling

    def select_kind(self, kind: str) -> None:
        self.ui.kindCombo.setCurrentIndex(max(0, self.ui.kindCombo.findData(kind)))

    def entry(self) -> catalog.PrintKind:
        return catalog.KINDS[self.ui.kindCombo.currentData()]

    def _fill_villages(self, village_id: int | None) -> None:
        combo = self.ui.villageCombo
        combo.blockSignals(True)
        villages = list_villages()
        if len(villages) > 1:
            combo.addItem(ALL_VILLAGES, None)
        for village in villages:
            combo.addItem(village.name, village.id)
        combo.setCurrentIndex(max(0, combo.findData(village_id)))
        combo.blockSignals(False)
        self._fill_pickers()

    def _fill_pickers(self) -> None:
        village_id = self.ui.villageCombo.currentData()
        grids = list_grids(village_id) if village_id is not None else []
        members = printrows.members(printing.Scope(village_id)) if village_id is not None else []
        for combo, rows in ((self.ui.gridCombo, [(g.name, g.id) for g in grids]),
                            (self.ui.memberCombo, [(m.name + (f"（{m.party_group}）" if m.party_group else ""),
                                                    m.id) for m in members]),
                            (self.ui.householdCombo, linked_households(village_id))):
            combo.blockSignals(True)
            combo.clear()
            for text, value in rows:
                combo.addItem(text, value)
            combo.blockSignals(False)
        if village_id is None:
            self.ui.scopeVillage.setChecked(True)

    def _village_changed(self) -> None:
        self._fill_pickers()
        self._update()

    def refresh_lists(self) -> None:
        """Read the villages, grids and members again (after a change notice), keeping the choice."""
        ui = self.ui
        kept = [(combo, combo.currentData()) for combo in (ui.villageCombo, ui.gridCombo, ui.memberCombo)]
        ui.villageCombo.blockSignals(True)
        ui.villageCombo.clear()
        ui.villageCombo.blockSignals(False)
        self._fill_villages(kept[0][1])
        for combo, value in kept[1:]:
            index = combo.findData(value)
            if index >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
        self._update()

    def _kind_changed(self) -> None:
        entry, ui = self.entry(), self.ui
        self.remember("kind", entry.key)
        combo = ui.layoutCombo
        combo.blockSignals(True)
        combo.clear()
        for name, label in entry.layouts.items():
            combo.addItem(label, name)
            combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)  # long labels are cut
        remembered = self.setting(f"layout/{entry.key}", entry.default_layout)
        combo.setCurrentIndex(max(0, combo.findData(remembered if remembered in entry.layouts
                                                    else entry.default_layout)))
        combo.blockSignals(False)
        if GRID not in entry.scopes and ui.scopeGrid.isChecked() or \
                MEMBER not in entry.scopes and ui.scopeMember.isChecked() or \
                HOUSEHOLD not in entry.scopes and ui.scopeHousehold.isChecked():
            ui.scopeVillage.setChecked(True)
        ui.changedOnly.setVisible(CHANGED in entry.scopes)
        # A month is a month of a year: the year field shows for both.
        for widgets, shown in (((ui.yearLabel, ui.yearSpin), bool(entry.options & {YEAR, MONTH})),
                               ((ui.monthLabel, ui.monthSpin), MONTH in entry.options),
                               ((ui.copiesLabel, ui.copiesSpin, ui.startLabel, ui.startSpin),
                                COPIES in entry.options)):
            for widget in widgets:
                widget.setVisible(shown)
        self._update()

    # ------------------------------------------------------------ reading

    def scope(self) -> printing.Scope:
        ui = self.ui
        village_id = ui.villageCombo.currentData()
        grid_id = ui.gridCombo.currentData() if ui.scopeGrid.isChecked() else None
        member_id = ui.memberCombo.currentData() if ui.scopeMember.isChecked() else None
        household_id = self.household_id() if ui.scopeHousehold.isChecked() else None
        options = self.entry().options
        changed = ui.changedOnly.isChecked() and CHANGED in self.entry().scopes and household_id is None
        month = datetime.date(ui.yearSpin.value(), ui.monthSpin.value(), 1) if MONTH in options else None
        year = ui.yearSpin.value() if options & {YEAR, MONTH} else 0
        copies, start = (ui.copiesSpin.value(), ui.startSpin.value()) if COPIES in options else (0, 1)
        return printing.Scope(village_id, grid_id, member_id, changed, year, household_id, month,
                              copies=copies, start=start)

    def household_id(self) -> int | None:
        """The household typed or picked in the 农户 box (None: none matches)."""
        combo = self.ui.householdCombo
        index = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchExactly)
        return combo.itemData(index) if index >= 0 else None

    def scope_name(self) -> str:
        """What the scope is called, for file names: 李家庄村、李家庄村_一组、…"""
        ui = self.ui
        parts = [ui.villageCombo.currentText() if ui.villageCombo.currentData() is not None else "全部村"]
        for radio, combo in ((ui.scopeGrid, ui.gridCombo), (ui.scopeMember, ui.memberCombo),
                             (ui.scopeHousehold, ui.householdCombo)):
            if radio.isChecked() and radio.isEnabled() and combo.currentText():
                parts.append(combo.currentText())
        scope = self.scope()
        if scope.changed_only:
            parts.append("变动")
        return "_".join(parts)

    def options(self) -> tuple:
        """What a build depends on: kind, layout and scope."""
        return self.entry().key, self.ui.layoutCombo.currentData(), self.scope()

    def problem(self) -> str:
        """Why the current choice cannot be printed ('' when it can)."""
        entry, ui = self.entry(), self.ui
        if ui.villageCombo.count() == 0:
            return "数据库中还没有村，请先建村或导入数据。"
        if ui.villageCombo.currentData() is None and not supports_township(entry.key):
            return f"“{entry.label}”按村印制：请在“村”中选择一个村。"
        if ui.scopeGrid.isChecked() and ui.gridCombo.currentData() is None:
            return "请选择网格（本村还没有网格时请选“整村”）。"
        if ui.scopeMember.isChecked() and ui.memberCombo.currentData() is None:
            return "请选择党员（本村还没有在册党员）。"
        if ui.scopeHousehold.isChecked() and self.household_id() is None:
            return "请选择农户：输入户主姓名或门牌号，从列表中选择一户已联户的农户。"
        return ""

    def _update(self) -> None:
        ui, entry = self.ui, self.entry()
        self.remember(f"layout/{entry.key}", ui.layoutCombo.currentData())
        ui.layoutCombo.setToolTip(ui.layoutCombo.currentText())
        township = ui.villageCombo.currentData() is None
        ui.scopeGrid.setEnabled(GRID in entry.scopes and not township and ui.gridCombo.count() > 0)
        ui.scopeMember.setEnabled(MEMBER in entry.scopes and not township and ui.memberCombo.count() > 0)
        ui.scopeHousehold.setEnabled(HOUSEHOLD in entry.scopes and not township
                                     and ui.householdCombo.count() > 0)
        ui.gridCombo.setEnabled(ui.scopeGrid.isEnabled())
        ui.memberCombo.setEnabled(ui.scopeMember.isEnabled())
        ui.householdCombo.setEnabled(ui.scopeHousehold.isEnabled())
        ui.changedOnly.setEnabled(not ui.scopeHousehold.isChecked())
        problem = self.problem()
        ui.hintLabel.setText(problem)
        ui.hintLabel.setStyleSheet("color: #b3261e;" if problem else "")
        self.changed.emit()
