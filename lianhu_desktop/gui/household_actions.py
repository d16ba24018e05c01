"""The 联户网格 tab's actions: households (add, edit, archive, delete) and links
(assign, move, end, history, proposals, relink by drag).

Each action works on ``tab.selected_ids()`` in whichever view is shown and
writes through ``operations.run_op`` (directly or in its dialog), declaring
what it changed: the change notice refreshes every view that shows it, here
and in the other tabs. ``tab.say(message)`` then tells the clerk what was
done. Deletes and archives are confirmed; refusals are shown as the domain
words them.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QMenu, QMessageBox, QToolButton

from lianhu_desktop.domain import households, labels, linkboard, linking, listing
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog
from lianhu_desktop.gui.dialogs.link_dialog import EndLinkDialog, HistoryDialog, LinkDialog
from lianhu_desktop.gui.dialogs.proposals_dialog import ProposalsDialog
from lianhu_desktop.gui.operations import Change

ARCHIVE_REASONS = ("迁出", "合户", "户销", "其他")
DEFAULT_MODE = "就近就地"


class HouseholdActions:
    def __init__(self, tab):
        self.tab = tab
        self.add = self._action("新增农户", "Ins", self.new_household, "newHousehold", shortcut=Qt.Key.Key_Insert)
        self.edit_action = self._action("编辑…", "Enter", lambda: self.edit(), "editHousehold")
        self.archive_action = self._action("归档…", "", self.archive, "archiveHousehold")
        self.delete_action = self._action("删除", "Del", self.delete, "deleteHousehold",
                                          shortcut=QKeySequence.StandardKey.Delete)
        self.assign_action = self._action("联户给党员…", "Ctrl+L", self.assign, "assignLink",
                                          shortcut=QKeySequence("Ctrl+L"))
        self.move_action = self._action("改由他人联系…", "Ctrl+M", self.move, "moveLink",
                                        shortcut=QKeySequence("Ctrl+M"))
        self.end_action = self._action("结束联户…", "", self.end, "endLink")
        self.history_action = self._action("查看联户历史", "Ctrl+H", self.history, "linkHistory",
                                           shortcut=QKeySequence("Ctrl+H"))
        self.proposals_action = self._action("分配建议…", "", self.proposals, "proposals")
        self.menu = QMenu(tab)
        for action in (self.edit_action, self.assign_action, self.move_action, self.end_action,
                       self.history_action, None, self.archive_action, self.delete_action, None, self.add):
            self.menu.addSeparator() if action is None else self.menu.addAction(action)

    def _action(self, text, key_hint, slot, name, shortcut=None) -> QAction:
        action = QAction(text, self.tab)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut) if not isinstance(shortcut, QKeySequence) else shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.tab.addAction(action)
        if key_hint:
            action.setToolTip(f"{text.rstrip('…')}（{key_hint}）")
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def build_toolbar(self, layout: QHBoxLayout) -> None:
        for action in (self.add, self.edit_action, self.assign_action, self.move_action,
                       self.end_action, self.proposals_action):
            button = QToolButton(self.tab)
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            layout.addWidget(button)
        more = QToolButton(self.tab)
        more.setText("更多")
        more.setAutoRaise(True)
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more.setMenu(self.menu)
        layout.addWidget(more)
        layout.addStretch(1)
        self.update_enabled()

    def popup(self, pos: QPoint) -> None:
        self.update_enabled()
        self.menu.popup(pos)

    # ------------------------------------------------------------ state

    def update_enabled(self, *_args) -> None:
        ids = self.tab.selected_ids()
        one = len(ids) == 1
        for action in (self.assign_action, self.move_action, self.end_action, self.archive_action):
            action.setEnabled(bool(ids))
        for action in (self.edit_action, self.history_action, self.delete_action):
            action.setEnabled(one)
        archived = bool(ids) and self._archived(ids)
        self.archive_action.setText("取消归档" if archived else "归档…")

    def _archived(self, ids) -> bool:
        status = listing.HOUSEHOLDS.column("status")
        rows = listing.rows(listing.HOUSEHOLDS, ids[:50])
        return bool(rows) and all(row[status] for row in rows.values())

    def households(self, ids) -> list[tuple[int, str, str]]:
        """(id, 户主（门牌）, current member name or "") of households, in the given order."""
        spec = listing.HOUSEHOLDS
        head, door, grid = spec.column("head_name"), spec.column("door_number"), spec.column("grid")
        rows = {}
        for start in range(0, len(ids), 500):
            rows.update(listing.rows(spec, ids[start:start + 500]))
        links = linking.active_links(ids)
        result = []
        for household_id in ids:
            row = rows.get(household_id)
            if row is None:
                continue
            link = links.get(household_id)
            result.append((household_id, labels.household_label(row[head], row[door], row[grid]),
                           link.member.name if link else ""))
        return result

    def confirm(self, title: str, text: str) -> bool:
        """Ask before a change that is hard to undo (tests replace this)."""
        answer = QMessageBox.question(self.tab, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def warn(self, title: str, error: BaseException) -> None:
        operations.handle_error(self.tab, error, title)

    def _single(self) -> int | None:
        ids = self.tab.selected_ids()
        return ids[0] if len(ids) == 1 else None

    # ------------------------------------------------------------ households

    def new_household(self) -> None:
        dialog = HouseholdDialog(self.tab, village_id=self.tab.model.village_id)
        if dialog.exec() and dialog.saved_id is not None:
            self.tab.say(f"已新增农户“{dialog.ui.headName.text().strip()}”")

    def edit(self, household_id: int | None = None) -> None:
        household_id = household_id if household_id is not None else self._single()
        if household_id is None:
            return
        try:
            dialog = HouseholdDialog(self.tab, household_id=household_id)
        except Exception as error:  # noqa: BLE001 - the one error policy
            self.warn("无法打开农户", error)
            return
        if dialog.exec():
            self.tab.say(f"已保存农户“{dialog.ui.headName.text().strip()}”")

    def archive(self) -> None:
        ids = self.tab.selected_ids()
        if not ids:
            return
        chosen = self.households(ids)
        names = "、".join(label for _, label, _ in chosen[:5])
        if len(chosen) > 5:
            names += f" 等 {len(chosen)} 户"
        if self._archived(ids):
            if not self.confirm("取消归档", f"恢复 {names} 为在册农户？"):
                return
            if operations.run_op(self.tab, households.unarchive_households, ids,
                                 changes={Change.HOUSEHOLDS}, title="无法恢复", source=self.tab):
                self.tab.say(f"已恢复 {len(ids)} 户")
            return
        # The households as the question names them: archiving is refused if someone else saves one meanwhile.
        loaded = operations.load_or_say(self.tab, lambda: {hid: households.load_household(hid) for hid in ids})
        if loaded is None:
            return
        reason, ok = QInputDialog.getItem(
            self.tab, "归档农户", f"归档 {names}。\n归档后农户及其联户、走访记录都保留，"
            "默认不再显示。\n归档原因：", ARCHIVE_REASONS, 0, True)
        if not ok:
            return
        # Archiving ends the household's link: the members' counts change too.
        if operations.run_op(self.tab, households.archive_households, ids, reason, None, loaded,
                             changes={Change.HOUSEHOLDS, Change.LINKS}, title="无法归档", source=self.tab):
            self.tab.say(f"已归档 {len(ids)} 户（{reason}）")

    def delete(self) -> None:
        household_id = self._single()
        if household_id is None:
            return
        (_, label, _), = self.households([household_id])
        loaded = operations.load_or_say(self.tab, households.load_household, household_id)
        if loaded is None:
            return
        if not self.confirm("删除农户", f"确定删除农户 {label}？\n删除后不能恢复。"
                            "（有联户、走访等记录的农户不能删除，请改为归档。）"):
            return
        if operations.run_op(self.tab, households.delete_household, household_id, loaded,
                             changes={Change.HOUSEHOLDS}, title="无法删除", source=self.tab):
            self.tab.say(f"已删除农户 {label}")

    # ------------------------------------------------------------ links

    def assign(self) -> None:
        ids = self.tab.selected_ids()
        if ids:
            self._link_dialog(self.households(ids), move=False)

    def move(self) -> None:
        chosen = [h for h in self.households(self.tab.selected_ids()) if h[2]]
        if not chosen:
            QMessageBox.information(self.tab, "改由他人联系", "所选农户还没有联户党员，请用“联户给党员”。")
            return
        links = linking.active_links([h for h, _, _ in chosen])
        members = {link.member_id for link in links.values()}
        self._link_dialog(chosen, move=True, exclude=members.pop() if len(members) == 1 else None,
                          mode=next(iter(links.values())).mode)

    def _link_dialog(self, chosen, *, move: bool, exclude=None, mode=None) -> None:
        dialog = LinkDialog(self.tab, chosen, self.tab.model.village_id, move=move,
                            exclude_member=exclude, mode=mode)
        if dialog.exec():
            verb = "改由" if move else "联户给"
            name = dialog.ui.memberList.currentItem().text().split("　")[0]
            self.tab.say(f"已将 {len(chosen)} 户{verb}{name}{'联系' if move else ''}，联户牌需重新打印")

    def end(self) -> None:
        chosen = [h for h in self.households(self.tab.selected_ids()) if h[2]]
        if not chosen:
            QMessageBox.information(self.tab, "结束联户", "所选农户没有联户党员。")
            return
        dialog = EndLinkDialog(self.tab, chosen)
        dialog.exec()
        if dialog.ended:
            self.tab.say(f"已结束 {dialog.ended} 户的联户关系")

    def history(self) -> None:
        household_id = self._single()
        if household_id is not None:
            (_, label, _), = self.households([household_id])
            HistoryDialog(self.tab, household_id, label).exec()

    def proposals(self) -> None:
        dialog = ProposalsDialog(self.tab, self.tab.model.village_id)
        if dialog.exec() and dialog.linked:
            self.tab.say(f"已采纳分配建议，新联户 {dialog.linked} 户，联户牌需打印")
            QMessageBox.information(self.tab, "分配建议", f"已按建议联户 {dialog.linked} 户。")

    def relink(self, household_id: int, member_id: int) -> bool:
        """Move a household to ``member_id`` after confirmation (a tile dropped on the legend)."""
        found = self.households([household_id])
        if not found:
            return False
        (_, label, current), = found
        spec = listing.MEMBERS
        member_row = listing.rows(spec, [member_id]).get(member_id)
        name = member_row[spec.column("name")] if member_row else "该党员"
        link = linking.active_links([household_id]).get(household_id)
        # The link as the question states it: someone else's change meanwhile is not overwritten.
        shown = linking.links_as_shown([household_id])
        if link is not None and link.member_id == member_id:
            self.tab.say(f"{label} 已由{name}联系")
            return False
        before = f"（原由{current}联系）" if current else "（原未联户）"
        load, most = linkboard.member_link_load(member_id)
        if most and load >= most:
            question = (f"{name} 已联系 {load} 户，已达本村每名党员最多 {most} 户。\n"
                        f"仍要将 {label}{before} 改由 {name} 联系吗？调整后需要重新打印联户牌。")
            if not self.confirm("超过联户上限", question):
                return False
        elif not self.confirm("调整联户", f"将 {label}{before} 改由 {name} 联系？\n调整后需要重新打印联户牌。"):
            return False
        if not operations.run_op(self.tab, linking.link_households, member_id, [household_id],
                                 link.mode if link else DEFAULT_MODE, move=True, shown=shown, changes={Change.LINKS},
                                 title="无法调整联户", source=self.tab):
            return False
        self.tab.say(f"已将 {label} 改由 {name} 联系，联户牌需重新打印")
        return True
