"""花名册: the members of the village (or of every village), with add, edit,
archive, restore and delete, and filters by party group, post, tier,
residence, 党员身份 (with the probationary members overdue for
conversion), committee membership and archived state.

In the 全部村 view the party group and post filters list the names used in
any village and match by name (every village's “老龄党小组”), which is what a
township office asks for.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLabel, QMessageBox, QToolButton, QWidget,
)

from lianhu_desktop.domain import listing, members, organisation
from lianhu_desktop.domain.vocab import MEMBERSHIPS, RESIDENCES, TIERS
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.list_tab import ListTab
from lianhu_desktop.gui.operations import Change

ALL = None
NONE_ASSIGNED = ""  # the filter value for "no party group / post"


class RosterTab(ListTab):
    key = "roster"
    spec = listing.MEMBERS
    title = "花名册"
    search_hint = "搜索：姓名、拼音或首字母、电话、身份证号"
    # 联户数 counts links; party group, post and grid are names of the organisation.
    depends = frozenset({Change.MEMBERS, Change.LINKS, Change.HOUSEHOLDS, Change.ORGANISATION,
                         Change.VILLAGES})

    # ------------------------------------------------------------ building

    def build_filters(self) -> None:
        # A second row under the search box: seven filters do not fit beside it.
        self.filterRow = QHBoxLayout()
        self.filterRow.setSpacing(6)
        self.ui.mainLayout.insertLayout(1, self.filterRow)
        self.party_group = self._combo("partyGroupFilter", "全部党小组", "党小组：", "party_group")
        self.post = self._combo("postFilter", "全部岗位", "岗位：", "post")
        self.tier = self._combo("tierFilter", "全部类别", "考核类别：", "tier")
        for tier in TIERS:
            self.tier.addItem(tier, tier)
        self.residence = self._combo("residenceFilter", "不限", "居住：", "residence")
        for residence in RESIDENCES:
            self.residence.addItem(residence, residence)
        self.membership = self._combo("membershipFilter", "不限", "身份：", "membership")
        for membership in MEMBERSHIPS:
            self.membership.addItem(membership, membership)
        self.membership.addItem("预备期满未转正", listing.OVERDUE)
        # As wide as 正式党员: the row has no room for the longest choice (the list shows it whole).
        self.membership.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.membership.setMinimumContentsLength(4)
        self.membership.setItemData(self.membership.count() - 1,
                                    "入党已满一年仍是预备党员：请支部讨论转正或延长预备期",
                                    Qt.ItemDataRole.ToolTipRole)
        self.committee = self._combo("committeeFilter", "不限", "支委：", "committee")
        self.committee.addItem("支部委员", True)
        self.committee.addItem("非支部委员", False)
        # Short, as the households' check box is: the filter row must fit a 1024-pixel screen.
        self.archived = QCheckBox("含已归档党员", self)
        self.archived.setObjectName("archivedFilter")
        self.archived.setToolTip("同时列出已归档的党员（转出、去世等）")
        self.archived.toggled.connect(self._archived_toggled)
        self._add_to_row(self.archived)
        self.filterRow.addStretch(1)
        self.ui.table.setColumnHidden(self.spec.column("status"), True)
        self._build_actions()

    def _combo(self, name: str, all_text: str, label: str, key: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(all_text, ALL)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(
            lambda: self.model.set_filters(**{key: combo.currentData()}))
        self._add_to_row(combo, label)
        return combo

    def _add_to_row(self, widget: QWidget, label: str | None = None) -> None:
        if label:
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            self.filterRow.addWidget(caption)
        self.filterRow.addWidget(widget)
        self._filter_widgets.append(widget)

    def _build_actions(self) -> None:
        table = self.ui.table
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        specs = (
            ("add", "新增…", "新增党员（Insert 键）", QKeySequence(Qt.Key.Key_Insert), self.add_member),
            ("edit", "编辑…", "编辑选中的党员（回车或双击）", None, self.edit_member),
            ("archive", "归档…", "转出、去世、出党等：记录保留，名单中不再显示", None, self.archive_member),
            ("restore", "恢复", "把已归档的党员恢复到名单中", None, self.restore_member),
            ("delete", "删除…", "删除没有任何记录的党员（Delete 键）", QKeySequence(Qt.Key.Key_Delete),
             self.delete_member),
        )
        self.actions: dict[str, QAction] = {}
        self.action_buttons: dict[str, QToolButton] = {}
        for key, text, tip, shortcut, slot in specs:
            action = QAction(text, self)
            action.setObjectName(f"{key}MemberAction")
            action.setToolTip(tip)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            self.actions[key] = action
            button = QToolButton(self)
            button.setObjectName(f"{key}MemberButton")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(64)
            self.ui.filterBar.addWidget(button)
            self.action_buttons[key] = button
        # Insert works anywhere in the tab; Delete only on the table (not in the search box).
        self.actions["add"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.actions["add"])
        self.actions["delete"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for key in ("edit", "archive", "restore", "delete"):
            table.addAction(self.actions[key])
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # Enter and double-click both "activate" a row.
        table.activated.connect(lambda _index: self.edit_member())
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

    # ------------------------------------------------------------ filters

    def set_village(self, village_id: int | None, *, load: bool | None = None) -> None:
        self._fill_filters(village_id)
        tip = "“全部村”时按名称筛选：各村同名的都算在内" if village_id is None else ""
        self.party_group.setToolTip(tip)
        self.post.setToolTip(tip)
        super().set_village(village_id, load=load)

    def _fill_filters(self, village_id: int | None) -> None:
        self._fill_named_filter(self.party_group, "party_group", organisation.party_group_names(village_id),
                                "未分组")
        self._fill_named_filter(self.post, "post", organisation.post_names(village_id), "无岗位")

    def refresh_for(self, changes) -> None:
        if changes & {Change.ORGANISATION, Change.VILLAGES}:
            self._fill_filters(self.model.village_id)  # a group or post added, renamed, deleted
        super().refresh_for(changes)
        self._update_actions()

    def _fill_named_filter(self, combo: QComboBox, key: str, names: list[str], none_text: str) -> None:
        """The names of the village's (or every village's) groups or posts."""
        previous, all_text = combo.currentData(), combo.itemText(0)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, ALL)
        for name in names:
            combo.addItem(name, name)
        combo.addItem(none_text, NONE_ASSIGNED)
        index = combo.findData(previous) if previous is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if index < 0 or previous is None:
            self.model.filters.pop(key, None)

    def _archived_toggled(self, on: bool) -> None:
        self.ui.table.setColumnHidden(self.spec.column("status"), not on)
        self.model.set_filters(archived=on or None)

    # ------------------------------------------------------------ selection

    def selected_id(self) -> int | None:
        index = self.ui.table.currentIndex()
        if not index.isValid() or not self.ui.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.id_at(index.row())

    def _selected_value(self, key: str):
        index = self.ui.table.currentIndex()
        row = self.model.row_values(index.row()) if index.isValid() else None
        return row[self.spec.column(key)] if row else None

    def _update_actions(self) -> None:
        chosen = self.selected_id() is not None
        archived = bool(self._selected_value("status")) if chosen else False
        self.actions["edit"].setEnabled(chosen)
        self.actions["archive"].setEnabled(chosen and not archived)
        self.actions["restore"].setEnabled(chosen and archived)
        self.actions["delete"].setEnabled(chosen)

    def select_member(self, member_id: int) -> bool:
        """Make ``member_id`` the current row (if it is listed)."""
        try:
            row = list(self.model.ids()).index(member_id)
        except ValueError:
            return False
        index = self.model.index(row, self.spec.column("name"))
        self.ui.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.ui.table.scrollTo(index)
        self._update_actions()
        return True

    # ------------------------------------------------------------ actions

    # The dialogs save through operations.run_op; the change notice refreshes
    # this list and every other view that shows members or links.

    def add_member(self) -> None:
        from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

        dialog = MemberDialog(self, village_id=self.model.village_id)
        if dialog.exec() and dialog.member is not None:
            self.changed(f"已新增党员“{dialog.member.name}”", dialog.member.id)

    def edit_member(self) -> None:
        member_id = self.selected_id()
        if member_id is None:
            return
        from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

        dialog = self._open(lambda: MemberDialog(self, member_id=member_id), "无法编辑")
        if dialog is not None and dialog.exec() and dialog.member is not None:
            self.changed(f"已保存党员“{dialog.member.name}”的信息", member_id)

    def _open(self, make, title: str):
        """A dialog over a row that may have gone meanwhile (None after saying so)."""
        try:
            return make()
        except Exception as error:  # noqa: BLE001 - the one error policy
            operations.handle_error(self, error, title)
            return None

    def archive_member(self) -> None:
        member_id = self.selected_id()
        if member_id is None:
            return
        name = self._selected_value("name")
        from lianhu_desktop.gui.dialogs.archive_dialog import MemberArchiveDialog

        dialog = self._open(lambda: MemberArchiveDialog(self, member_id, name), "无法归档")
        if dialog is not None and dialog.exec():
            shown = self.archived.isChecked()
            self.changed(f"已将党员“{name}”归档（{dialog.reason()}）{dialog.outcome_text()}"
                         + ("" if shown else "；勾选“含已归档党员”可查看"), member_id)

    def restore_member(self) -> None:
        member_id = self.selected_id()
        if member_id is None:
            return
        name = self._selected_value("name")
        if operations.run_op(self, members.unarchive_member, member_id, changes={Change.MEMBERS},
                             title="无法恢复", source=self):
            self.changed(f"已恢复党员“{name}”", member_id)

    def delete_member(self) -> None:
        member_id = self.selected_id()
        if member_id is None:
            return
        name = self._selected_value("name")
        history = members.member_history(member_id)
        if history:
            what = "、".join(f"{label} {count} 条" for label, count in history.items())
            box = QMessageBox(QMessageBox.Icon.Information, "不能删除",
                              f"党员“{name}”已有{what}，删除会丢失这些记录，所以不能删除。", parent=self)
            box.setInformativeText("如该党员已转出、去世或出党，请改为“归档”：记录全部保留，"
                                   "日常名单中不再显示。")
            archive = box.addButton("归档…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
            archive.setVisible(not self._selected_value("status"))
            box.exec()
            if box.clickedButton() is archive:
                self.archive_member()
            return
        loaded = operations.load_or_say(self, members.load_member, member_id)
        if loaded is None:
            return
        answer = QMessageBox.question(
            self, "删除党员", f"确定删除党员“{name}”吗？\n该党员没有任何联户、走访等记录，删除后不能恢复。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        if operations.run_op(self, members.delete_member, member_id, loaded, changes={Change.MEMBERS},
                             title="无法删除", source=self):
            self.changed(f"已删除党员“{name}”")

    # ------------------------------------------------------------ after a change

    def changed(self, message: str, select_id: int | None = None) -> None:
        """After a saved change (the notice has refreshed the lists): select and say what happened."""
        if select_id is not None:
            self.select_member(select_id)
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(message, 8000)
        self.last_message = message
