"""The visit entry form (记录走访), made for typing a paper diary in from the keyboard.

member (name, pinyin or initials; Enter) → the member's households (arrows;
Enter) → date (today; Enter) → form (Enter) → the eight duties (keys 1–8
toggle; Enter) → content (Enter saves). Requests raised in the visit are
added with Ctrl+R. After a save the form starts the next entry with the same
member and date, on the member's next household. Ctrl+O offers every
household of the village (a visit outside the member's links).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QFrame, QGridLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from lianhu_desktop.domain import visits, vocab
from lianhu_desktop.domain.requests import RequestData, clean_request
from lianhu_desktop.domain.visits import VisitData
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.dialogs.request_dialog import RequestDialog
from lianhu_desktop.gui.operations import Change

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class DutyBox(QFrame):
    """The eight duties as checkboxes; with the box focused, keys 1–8 toggle them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dutyBox")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip("按数字键 1–8 勾选或取消对应职责，回车继续")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(14)
        self.boxes: list[QCheckBox] = []
        for bit, duty in enumerate(vocab.DUTIES):
            box = QCheckBox(f"{bit + 1} {duty}", self)
            box.setObjectName(f"duty{bit + 1}")
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            grid.addWidget(box, bit // 4, bit % 4)
            self.boxes.append(box)
        self.on_enter = None

    def mask(self) -> int:
        return sum(1 << bit for bit, box in enumerate(self.boxes) if box.isChecked())

    def set_mask(self, mask: int) -> None:
        for bit, box in enumerate(self.boxes):
            box.setChecked(bool(mask & (1 << bit)))

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if text in {str(n) for n in range(1, 9)}:
            box = self.boxes[int(text) - 1]
            box.setChecked(not box.isChecked())
            event.accept()
            return
        if event.key() in _ENTER and self.on_enter is not None:
            self.on_enter()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        self.setStyleSheet("#dutyBox { border: 2px solid #3873c8; border-radius: 3px; }")
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.setStyleSheet("")
        super().focusOutEvent(event)


class VisitEntryDialog(QDialog):
    """Record visits one after another (or edit one: ``visit_id``)."""

    def __init__(self, parent: QWidget | None, village_id: int | None, *, visit_id: int | None = None,
                 member_id: int | None = None, household_id: int | None = None,
                 today: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("visitEntryDialog")
        self.visit_id = visit_id
        self.today = today or datetime.date.today()
        self.setWindowTitle("修改走访记录" if visit_id else "记录走访（民情日记）")
        self.members = visits.member_choices(village_id)
        self.member_id: int | None = None
        self.requests: list[RequestData] = []
        self.saved = 0
        self._build()
        self._connect()
        # What the visit was when loaded: the save is refused if someone else saved it since.
        self.loaded = visits.load_visit(visit_id) if visit_id is not None else None
        if visit_id is not None:
            self._load(visits.visit_data(visit_id))
        elif member_id is not None:
            self.choose_member(member_id)
            if household_id is not None:
                self._fill_households(keep=household_id)
                if self.household_id() != household_id:
                    self.outside.setChecked(True)
                    self._fill_households(keep=household_id)
        self._filter_members("")
        self.resize(760, 560)

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        self.member_search = QLineEdit(self)
        self.member_search.setObjectName("memberSearch")
        self.member_search.setPlaceholderText("输入姓名、拼音或首字母，回车选定")
        self.member_list = QListWidget(self)
        self.member_list.setObjectName("memberList")
        self.member_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.member_chosen = QLabel("未选党员", self)
        self.member_chosen.setObjectName("memberChosen")
        left = QVBoxLayout()
        left.addWidget(QLabel("党员：", self))
        left.addWidget(self.member_search)
        left.addWidget(self.member_list, 1)
        left.addWidget(self.member_chosen)

        self.household_list = QListWidget(self)
        self.household_list.setObjectName("householdList")
        self.outside = QCheckBox("联户以外的农户（Ctrl+O）", self)
        self.outside.setObjectName("outsideLinks")
        self.outside.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.date = QDateEdit(self)
        self.date.setObjectName("visitDate")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.setMaximumDate(QDate(self.today))
        self.date.setDate(QDate(self.today))
        self.form = QComboBox(self)
        self.form.setObjectName("visitForm")
        self.form.addItems(vocab.VISIT_FORMS)
        self.duties = DutyBox(self)
        self.content = QLineEdit(self)
        self.content.setObjectName("visitContent")
        self.content.setPlaceholderText("走访内容，回车保存")
        self.request_list = QListWidget(self)
        self.request_list.setObjectName("requestList")
        self.request_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.request_list.setMaximumHeight(self.fontMetrics().height() * 4 + 12)
        self.add_request = QPushButton("添加诉求（Ctrl+R）", self)
        self.add_request.setObjectName("addRequest")
        self.remove_request = QPushButton("移除诉求", self)
        self.remove_request.setObjectName("removeRequest")
        for button in (self.add_request, self.remove_request):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        request_buttons = QHBoxLayout()
        request_buttons.addWidget(self.add_request)
        request_buttons.addWidget(self.remove_request)
        request_buttons.addStretch(1)

        form = QFormLayout()
        household_box = QVBoxLayout()
        household_box.addWidget(self.household_list)
        household_box.addWidget(self.outside)
        form.addRow("农户：", household_box)
        form.addRow("日期：", self.date)
        form.addRow("形式：", self.form)
        form.addRow("职责：", self.duties)
        form.addRow("内容：", self.content)
        requests_box = QVBoxLayout()
        requests_box.addWidget(self.request_list)
        requests_box.addLayout(request_buttons)
        form.addRow("诉求：", requests_box)

        self.general = QLabel(self)
        self.general.setObjectName("entryError")
        self.general.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("entryStatus")
        self.save_button = QPushButton("保存（回车）" if self.visit_id else "保存并记下一条（回车）", self)
        self.save_button.setObjectName("saveVisit")
        self.save_button.setAutoDefault(False)
        self.close_button = QPushButton("关闭", self)
        self.close_button.setObjectName("closeEntry")
        self.close_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(form, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.general)
        layout.addLayout(bottom)
        self.errors = FieldErrors(self, {
            "member": self.member_search, "household": self.household_list, "date": self.date,
            "form": self.form, "duties": self.duties, "content": self.content,
            "requests": self.request_list}, self.general)

    def _connect(self) -> None:
        self.member_search.textChanged.connect(self._filter_members)
        self.member_search.installEventFilter(self)
        self.member_list.itemActivated.connect(lambda item: self._pick_member(item))
        self.member_list.itemClicked.connect(lambda item: self._pick_member(item))
        for widget in (self.household_list, self.date, self.form):
            widget.installEventFilter(self)
        self.outside.toggled.connect(lambda _on: self._fill_households())
        self.duties.on_enter = lambda: self.content.setFocus()
        self.content.returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.add_request.clicked.connect(self.new_request)
        self.remove_request.clicked.connect(self.drop_request)
        for keys, slot in (("Ctrl+R", self.new_request), ("Ctrl+O", self.outside.toggle),
                           ("Ctrl+Return", self.save), ("Ctrl+M", self._to_member)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------ keyboard flow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.member_search:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.member_list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self._move_member(row)
                return True
            if key in _ENTER:
                item = self.member_list.currentItem()
                if item is not None:
                    self._pick_member(item)
                return True
        elif key in _ENTER:
            if watched is self.household_list:
                self.date.setFocus()
                self.date.setCurrentSection(QDateEdit.Section.DaySection)
            elif watched is self.date:
                self.form.setFocus()
            elif watched is self.form:
                self.duties.setFocus()
            else:
                return super().eventFilter(watched, event)
            return True
        return super().eventFilter(watched, event)

    def _move_member(self, row: int) -> None:
        visible = [i for i in range(self.member_list.count()) if not self.member_list.item(i).isHidden()]
        if not visible:
            return
        current = self.member_list.currentRow()
        position = visible.index(current) if current in visible else -1
        step = 1 if row > current else -1
        position = min(max(position + step, 0), len(visible) - 1)
        self.member_list.setCurrentRow(visible[position])

    def _filter_members(self, typed: str) -> None:
        if self.member_list.count() != len(self.members):
            self.member_list.clear()
            for choice in self.members:
                item = QListWidgetItem(choice.name if len({m.village for m in self.members}) == 1
                                       else f"{choice.name}（{choice.village}）")
                item.setData(Qt.ItemDataRole.UserRole, choice.id)
                self.member_list.addItem(item)
        first = None
        for row, choice in enumerate(self.members):
            shown = choice.matches(typed)
            self.member_list.item(row).setHidden(not shown)
            if shown and first is None:
                first = row
        self.member_list.setCurrentRow(first if first is not None else -1)

    def _pick_member(self, item: QListWidgetItem) -> None:
        self.choose_member(item.data(Qt.ItemDataRole.UserRole))
        self.household_list.setFocus()

    def _to_member(self) -> None:
        self.member_search.setFocus()
        self.member_search.selectAll()

    def choose_member(self, member_id: int) -> None:
        """Start entries for ``member_id``: their households are offered."""
        self.member_id = member_id
        choice = next((m for m in self.members if m.id == member_id), None)
        self.member_chosen.setText(f"已选：{choice.name}" if choice else "未选党员")
        if self.visit_id is None:
            form, mask = visits.last_form_and_duties(member_id)
            self.form.setCurrentText(form)
            self.duties.set_mask(mask)
        self._fill_households()

    def _fill_households(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.household_id()
        self.household_list.clear()
        if self.member_id is None:
            return
        households = (visits.village_households(self.member_id) if self.outside.isChecked()
                      else visits.linked_households(self.member_id))
        for household in households:
            item = QListWidgetItem(household.label)
            item.setData(Qt.ItemDataRole.UserRole, household.id)
            self.household_list.addItem(item)
        rows = [i for i in range(self.household_list.count())
                if self.household_list.item(i).data(Qt.ItemDataRole.UserRole) == keep]
        self.household_list.setCurrentRow(rows[0] if rows else (0 if households else -1))

    def household_id(self) -> int | None:
        item = self.household_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    # ------------------------------------------------------------ requests

    def new_request(self) -> None:
        if self.member_id is None or self.household_id() is None:
            self.errors.show("请先选择党员和农户，再添加诉求", "household")
            return
        dialog = RequestDialog(self, raised_on=self.date.date().toPython(), title="走访中提出的诉求",
                               check=lambda data: clean_request(data, self.today))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_raised(dialog.value())
        self.content.setFocus()

    def add_raised(self, request: RequestData) -> None:
        """Add a request to the visit being entered (saved with it)."""
        self.requests.append(request)
        self.request_list.addItem(f"{request.category}：{request.content}（{request.handling}）")

    def drop_request(self) -> None:
        row = self.request_list.currentRow()
        if row >= 0:
            self.requests.pop(row)
            self.request_list.takeItem(row)

    # ------------------------------------------------------------ saving

    def value(self) -> VisitData:
        return VisitData(member_id=self.member_id, household_id=self.household_id(),
                         date=self.date.date().toPython(), form=self.form.currentText(),
                         duties=self.duties.mask(), content=self.content.text(),
                         outside_links=self.outside.isChecked(), requests=list(self.requests))

    def _load(self, data: VisitData) -> None:
        self.outside.setChecked(data.outside_links)
        self.choose_member(data.member_id)
        self._fill_households(keep=data.household_id)
        self.date.setDate(QDate(data.date))
        self.form.setCurrentText(data.form)
        self.duties.set_mask(data.duties)
        self.content.setText(data.content)
        self.add_request.setToolTip("修改走访时新加的诉求随走访一起保存")

    def save(self) -> None:
        """Save the visit; a new entry then starts with the same member and date."""
        data = self.value()
        changes = {Change.VISITS} | ({Change.REQUESTS} if data.requests else set())
        operations.run_op(self, visits.save_visit, data, self.visit_id, today=self.today, loaded=self.loaded,
                          changes=changes, on_success=self._saved, inline_errors=self._show_error,
                          title="保存走访记录", reload=self.reload if self.visit_id is not None else None)

    def reload(self) -> None:
        """Show the visit as saved now (someone else saved it since this dialog opened)."""
        self.loaded = visits.load_visit(self.visit_id)
        self._load(visits.visit_data(self.visit_id))

    def _show_error(self, message: str, field: str | None) -> None:
        self.errors.show(message, field)

    def _saved(self, _visit_id: int) -> None:
        self.errors.clear()
        self.saved += 1
        if self.visit_id is not None:
            self.accept()
            return
        item = self.household_list.currentItem()
        self.status.setText(f"已保存第 {self.saved} 条：{self.member_chosen.text()[3:]} → "
                            f"{item.text() if item else ''}，{self.date.date().toString('yyyy-MM-dd')}")
        self.content.clear()
        self.requests.clear()
        self.request_list.clear()
        row = self.household_list.currentRow()
        if 0 <= row < self.household_list.count() - 1:
            self.household_list.setCurrentRow(row + 1)
        self.household_list.setFocus()

    def reject(self) -> None:
        if self.content.text().strip() or self.requests:
            answer = QMessageBox.question(self, "关闭", "这条走访还没有保存，确定关闭吗？")
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
