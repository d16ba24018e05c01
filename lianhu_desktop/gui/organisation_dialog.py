"""管理 → 网格、党小组与岗位: one village's grids, party groups (with kind and
leader) and posts (with duties), each with add, edit and delete.

``install(window)`` adds the 管理 menu to the main window. Every change goes
through ``operations.run_op`` declaring ``Change.ORGANISATION``: the views
that show grids, party groups or posts refresh from the notice. Deleting a
row in use is refused with the domain's message; the window's status bar
says what was done.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMenu,
    QMessageBox, QPlainTextEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import listing, organisation, vocab
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.errors import LianhuError, ValidationError
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.forms.ui_organisation_dialog import Ui_OrganisationDialog
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.store.models import Grid, PartyGroup, Post

NO_LEADER = "未指定"


def village_members(village_id: int) -> list[tuple[int, str]]:
    """(id, name) of the village's active members in roster order; a repeated
    name carries the birth date so that the clerk can tell them apart."""
    spec = listing.MEMBERS
    ids = listing.ids(spec, village_id)
    name_col, birth_col = spec.column("name"), spec.column("birth_date")
    people = []
    for start in range(0, len(ids), 200):
        page = ids[start:start + 200]
        values = listing.rows(spec, page)
        people += [(row_id, values[row_id][name_col], values[row_id][birth_col]) for row_id in page]
    names = [name for _id, name, _birth in people]
    return [(row_id, f"{name}（{birth}）" if names.count(name) > 1 and birth else name)
            for row_id, name, birth in people]


class RowEditor(QDialog):
    """A small form for one grid, party group or post; 保存 calls ``save()``,
    whose refusal is shown at the field it names. ``reload`` shows the row as
    saved now, offered when someone else saved it since the form opened."""

    def __init__(self, parent: QWidget, title: str, rows: list[tuple[str, str, QWidget]],
                 save: Callable[[], Any], reload: Callable[[], None] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(400)
        self._save = save
        self._reload = reload
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for _field, label, widget in rows:
            form.addRow(label, widget)
        layout.addLayout(form)
        error = QLabel(self)
        error.setWordWrap(True)
        layout.addWidget(error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.errors = FieldErrors(self, {field: widget for field, _label, widget in rows}, error)
        rows[0][2].setFocus()

    def accept(self) -> None:
        operations.run_op(self, self._save, changes={Change.ORGANISATION},
                          on_success=lambda _row: QDialog.accept(self), inline_errors=self.errors,
                          reload=self._reload)


class Loading:
    """What an edit form loaded of one row (``store.rowversion.Loaded``), loaded again on request."""

    def __init__(self, model, row_id: int):
        self.model, self.row_id = model, row_id
        self.loaded = organisation.load_row(model, row_id)

    def again(self):
        self.loaded = organisation.load_row(self.model, self.row_id)
        return self.loaded.values


class OrganisationDialog(QDialog):
    """Grids, party groups and posts of ``village_id``. ``changes`` lists what was done."""

    def __init__(self, parent: QWidget | None, village_id: int, village_name: str = ""):
        super().__init__(parent)
        self.ui = ui = Ui_OrganisationDialog()
        ui.setupUi(self)
        self.village_id = village_id
        self.village_name = village_name
        self.changes: list[str] = []
        self.setWindowTitle(f"{village_name}：网格、党小组与岗位" if village_name else self.windowTitle())
        ui.intro.setText("党小组的组长须是本村党员。正在使用的网格、党小组或岗位不能删除，"
                         "请先把其中的党员或农户调走。")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self._pages = {
            "grid": (ui.gridTable, ("网格", "党员", "农户")),
            "group": (ui.groupTable, ("党小组", "类型", "组长", "党员")),
            "post": (ui.postTable, ("岗位", "职责", "在岗党员")),
        }
        handlers = {"grid": (self.add_grid, self.edit_grid, self.delete_grid),
                    "group": (self.add_group, self.edit_group, self.delete_group),
                    "post": (self.add_post, self.edit_post, self.delete_post)}
        for key, (table, headers) in self._pages.items():
            table.setColumnCount(len(headers))
            table.setHorizontalHeaderLabels(headers)
            table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
            add, edit, delete = handlers[key]
            getattr(ui, f"{key}Add").clicked.connect(add)
            getattr(ui, f"{key}Edit").clicked.connect(edit)
            getattr(ui, f"{key}Delete").clicked.connect(delete)
            table.doubleClicked.connect(lambda _index, edit=edit: edit())
            remove = QAction(table)
            remove.setShortcut(QKeySequence(Qt.Key.Key_Delete))
            remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            remove.triggered.connect(delete)
            table.addAction(remove)
            table.itemSelectionChanged.connect(self._update_buttons)
        ui.pages.currentChanged.connect(lambda _i: self._update_buttons())
        self.reload()

    # ------------------------------------------------------------ lists

    def reload(self) -> None:
        """Read the three lists again, keeping the selected rows."""
        grid_rows = [(r.id, (r.name, r.members, r.households))
                     for r in organisation.list_grids(self.village_id)]
        group_rows = [(r.id, (r.name, r.kind, r.leader_name, r.members))
                      for r in organisation.list_party_groups(self.village_id)]
        post_rows = [(r.id, (r.name, " ".join(r.duties.split()), r.members))
                     for r in organisation.list_posts(self.village_id)]
        for key, rows in (("grid", grid_rows), ("group", group_rows), ("post", post_rows)):
            self._fill(self._pages[key][0], rows)
        self._update_buttons()

    def _fill(self, table: QTableWidget, rows: list[tuple[int, tuple]]) -> None:
        selected = self._selected(table)
        table.setRowCount(len(rows))
        for row, (row_id, values) in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                item.setData(Qt.ItemDataRole.UserRole, row_id)
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
            if row_id == selected:
                table.selectRow(row)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        # Names and duties take the room; the counts stay narrow.
        stretch = 1 if table is self.ui.postTable else 0
        for column in range(table.columnCount()):
            mode = QHeaderView.ResizeMode.Stretch if column == stretch \
                else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)

    @staticmethod
    def _selected(table: QTableWidget) -> int | None:
        items = table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _selected_row(self, key: str):
        table = self._pages[key][0]
        row_id = self._selected(table)
        if row_id is None:
            return None
        lister = {"grid": organisation.list_grids, "group": organisation.list_party_groups,
                  "post": organisation.list_posts}[key]
        return next((row for row in lister(self.village_id) if row.id == row_id), None)

    def _update_buttons(self) -> None:
        for key, (table, _headers) in self._pages.items():
            chosen = self._selected(table) is not None
            getattr(self.ui, f"{key}Edit").setEnabled(chosen)
            getattr(self.ui, f"{key}Delete").setEnabled(chosen)

    def _done(self, message: str) -> None:
        self.changes.append(message)
        self.reload()

    def _delete(self, label: str, name: str, delete: Callable[[], None]) -> None:
        answer = QMessageBox.question(
            self, f"删除{label}", f"确定删除{label}“{name}”吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        if operations.run_op(self, delete, changes={Change.ORGANISATION}, title="不能删除",
                             on_failure=lambda _error: self.reload()):
            self._done(f"已删除{label}“{name}”")

    # ------------------------------------------------------------ grids

    def add_grid(self) -> None:
        name = QLineEdit(self)
        name.setPlaceholderText("如：一组、东片")
        editor = RowEditor(self, "新增网格", [("name", "网格名称：", name)],
                           lambda: organisation.create_grid(self.village_id, name.text()))
        if editor.exec():
            self._done(f"已新增网格“{name.text().strip()}”")

    def edit_grid(self) -> None:
        row = self._selected_row("grid")
        if row is None:
            return
        shown = self._loading(Grid, row.id)
        if shown is None:
            return
        name = QLineEdit(row.name, self)
        editor = RowEditor(self, "修改网格", [("name", "网格名称：", name)],
                           lambda: organisation.rename_grid(row.id, name.text(), shown.loaded),
                           lambda: name.setText(shown.again()["name"]))
        if editor.exec():
            self._done(f"已将网格“{row.name}”改名为“{name.text().strip()}”")

    def delete_grid(self) -> None:
        row = self._selected_row("grid")
        if row is not None:
            self._delete_row(Grid, row, "网格", organisation.delete_grid)

    def _loading(self, model, row_id: int) -> Loading | None:
        """The row as an edit form starts from (None, said, when it is gone)."""
        try:
            return Loading(model, row_id)
        except LianhuError as error:
            operations.handle_error(self, error)
            self.reload()
            return None

    def _delete_row(self, model, row, label: str, delete: Callable[..., None]) -> None:
        # The row as listed: a change someone else makes while the question is up is not deleted unseen.
        shown = self._loading(model, row.id)
        if shown is not None:
            self._delete(label, row.name, lambda: delete(row.id, shown.loaded))

    # ------------------------------------------------------------ party groups

    def _group_fields(self, row=None) -> tuple[QLineEdit, QComboBox, QComboBox]:
        name = QLineEdit(row.name if row else "", self)
        name.setPlaceholderText("如：老龄党小组")
        kind = QComboBox(self)
        kind.addItems(list(vocab.PARTY_GROUP_KINDS))
        kind.setCurrentText(row.kind if row and row.kind else "其他")
        leader = QComboBox(self)
        leader.setEditable(True)
        leader.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        leader.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        leader.addItem(NO_LEADER, None)
        for member_id, label in village_members(self.village_id):
            leader.addItem(label, member_id)
        if row and row.leader_id is not None:
            if leader.findData(row.leader_id) < 0:  # an archived leader still shows
                leader.addItem(row.leader_name, row.leader_id)
            leader.setCurrentIndex(leader.findData(row.leader_id))
        return name, kind, leader

    @staticmethod
    def _leader_id(leader: QComboBox) -> int | None:
        index = leader.findText(leader.currentText().strip(), Qt.MatchFlag.MatchExactly)
        if index < 0:
            raise ValidationError(f"本村没有名为“{leader.currentText().strip()}”的党员，请从列表中选择",
                              field="leader_id")
        return leader.itemData(index)

    def add_group(self) -> None:
        name, kind, leader = self._group_fields()
        editor = RowEditor(
            self, "新增党小组",
            [("name", "名称：", name), ("kind", "类型：", kind), ("leader_id", "组长：", leader)],
            lambda: organisation.create_party_group(self.village_id, name.text(), kind.currentText(),
                                                    self._leader_id(leader)))
        if editor.exec():
            self._done(f"已新增党小组“{name.text().strip()}”")

    def edit_group(self) -> None:
        row = self._selected_row("group")
        if row is None:
            return
        shown = self._loading(PartyGroup, row.id)
        if shown is None:
            return
        name, kind, leader = self._group_fields(row)

        def reload() -> None:
            values = shown.again()
            name.setText(values["name"])
            kind.setCurrentText(values["kind"] or "其他")
            index = leader.findData(values["leader"])
            leader.setCurrentIndex(index if index >= 0 else 0)

        editor = RowEditor(
            self, "修改党小组",
            [("name", "名称：", name), ("kind", "类型：", kind), ("leader_id", "组长：", leader)],
            lambda: organisation.update_party_group(row.id, name=name.text(), kind=kind.currentText(),
                                                    leader_id=self._leader_id(leader), loaded=shown.loaded),
            reload)
        if editor.exec():
            self._done(f"已修改党小组“{name.text().strip()}”")

    def delete_group(self) -> None:
        row = self._selected_row("group")
        if row is not None:
            self._delete_row(PartyGroup, row, "党小组", organisation.delete_party_group)

    # ------------------------------------------------------------ posts

    def _post_fields(self, row=None) -> tuple[QLineEdit, QPlainTextEdit]:
        name = QLineEdit(row.name if row else "", self)
        name.setPlaceholderText("如：宣传教育、矛盾调解")
        duties = QPlainTextEdit(row.duties if row else "", self)
        duties.setTabChangesFocus(True)
        duties.setPlaceholderText("本岗位的职责，如：宣传党的政策，收集群众意见")
        duties.setFixedHeight(90)
        return name, duties

    def add_post(self) -> None:
        name, duties = self._post_fields()
        editor = RowEditor(self, "新增岗位", [("name", "岗位名称：", name), ("duties", "职责：", duties)],
                           lambda: organisation.create_post(self.village_id, name.text(),
                                                            duties.toPlainText()))
        if editor.exec():
            self._done(f"已新增岗位“{name.text().strip()}”")

    def edit_post(self) -> None:
        row = self._selected_row("post")
        if row is None:
            return
        shown = self._loading(Post, row.id)
        if shown is None:
            return
        name, duties = self._post_fields(row)

        def reload() -> None:
            values = shown.again()
            name.setText(values["name"])
            duties.setPlainText(values["duties"])

        editor = RowEditor(self, "修改岗位", [("name", "岗位名称：", name), ("duties", "职责：", duties)],
                           lambda: organisation.update_post(row.id, name=name.text(),
                                                            duties=duties.toPlainText(), loaded=shown.loaded),
                           reload)
        if editor.exec():
            self._done(f"已修改岗位“{name.text().strip()}”")

    def delete_post(self) -> None:
        row = self._selected_row("post")
        if row is not None:
            self._delete_row(Post, row, "岗位", organisation.delete_post)


# ---------------------------------------------------------------- the menu

def choose_village(window) -> tuple[int, str] | None:
    """The window's village, or (in 全部村) the one the user picks."""
    villages = list_villages()
    current = window.current_village_id()
    if current is not None:
        return current, next((v.name for v in villages if v.id == current), "")
    if not villages:
        QMessageBox.information(window, "还没有村", "请先新建村。")
        return None
    if len(villages) == 1:
        return villages[0].id, villages[0].name
    labels = [f"{v.name}（{v.township}）" if v.township else v.name for v in villages]
    label, ok = QInputDialog.getItem(window, "选择村", "现在显示的是全部村。要管理哪个村的网格、党小组与岗位？",
                                     labels, 0, False)
    if not ok:
        return None
    village = villages[labels.index(label)]
    return village.id, village.name


def open_organisation(window) -> OrganisationDialog | None:
    """Show the dialog for the window's village; say what was changed (the notices refreshed the views)."""
    chosen = choose_village(window)
    if chosen is None:
        return None
    dialog = OrganisationDialog(window, *chosen)
    dialog.exec()
    if dialog.changes:
        summary = dialog.changes[-1] if len(dialog.changes) == 1 \
            else f"{chosen[1]}的网格、党小组与岗位：{'；'.join(dialog.changes)}"
        window.statusBar().showMessage(summary, 10000)
    return dialog


def _add_member(window) -> None:
    window.show_tab("roster").add_member()


def install(window) -> None:
    """Add the 管理 menu (before 帮助) with the organisation and roster actions."""
    menu = window.findChild(QMenu, "menuManage")
    if menu is None:
        menu = QMenu("管理(&M)", window.menuBar())
        menu.setObjectName("menuManage")
        window.menuBar().insertMenu(window.ui.menuHelp.menuAction(), menu)
    organise = QAction("网格、党小组与岗位…", window)
    organise.setObjectName("actionOrganisation")
    organise.setStatusTip("管理本村的网格、党小组（含组长）和岗位（含职责）")
    organise.triggered.connect(lambda: open_organisation(window))
    menu.addAction(organise)
    add_member = QAction("新增党员…", window)
    add_member.setObjectName("actionAddMember")
    add_member.setStatusTip("在花名册中新增一名党员（花名册中也可按 Insert 键）")
    add_member.triggered.connect(lambda: _add_member(window))
    menu.addAction(add_member)

    # Nothing to manage before the first village exists.
    def sync() -> None:
        has_data = window.ui.stack.currentWidget() is window.ui.tabsHolder
        organise.setEnabled(has_data)
        add_member.setEnabled(has_data)

    menu.aboutToShow.connect(sync)
