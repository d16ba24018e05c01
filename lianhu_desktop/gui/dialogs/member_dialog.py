"""党员信息: the dialog that adds or edits one member, every field of the roster.

The rules live in ``domain.members``; this dialog only gathers the fields,
fills birth date and gender as soon as a valid ID number is typed, and shows
a refusal under the field it concerns. Nothing is written on a refusal.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QWidget

from lianhu_desktop.domain import fields, idnumber, listing, probation, vocab
from lianhu_desktop.domain.labels import NO_GRID, door_label
from lianhu_desktop.domain.members import MemberData, load_member, member_data, save_member
from lianhu_desktop.domain.organisation import list_grids, list_party_groups, list_posts
from lianhu_desktop.domain.villages import list_villages
from lianhu_desktop.errors import LianhuError, ValidationError
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.dialogs.bindings import Binding
from lianhu_desktop.gui.dialogs.field_errors import FieldErrors
from lianhu_desktop.gui.dialogs.rare_chars import warn_unprintable
from lianhu_desktop.gui.forms.ui_member_dialog import Ui_MemberDialog
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.pairings_view import add_pairing_row
from lianhu_desktop.store.models import Member

NONE_GROUP, NONE_POST, NONE_GRID, NONE_HOUSEHOLD = "未分组", "无岗位", NO_GRID, "未指定"
NOT_FILLED = "未填"
SKILL_SEPARATORS = re.compile(r"[、，,；;/\s]+")
SKILL_COLUMNS = 4


def household_choices(village_id: int) -> list[tuple[int, str]]:
    """(id, "一组 12号 张三") of the village's active households, in list order."""
    spec = listing.HOUSEHOLDS
    ids = listing.ids(spec, village_id)
    grid, door, head = (spec.column(k) for k in ("grid", "door_number", "head_name"))
    choices = []
    for start in range(0, len(ids), 200):
        page = ids[start:start + 200]
        values = listing.rows(spec, page)
        for row_id in page:
            row = values[row_id]
            label = f"{door_label(row[grid], row[door])} {row[head]}"
            choices.append((row_id, label))
    return choices


class MemberDialog(QDialog):
    """Adds a member (``member_id`` None, in ``village_id``) or edits one.

    After 保存 succeeds, ``member`` is the saved row.
    """

    def __init__(self, parent: QWidget | None = None, *, member_id: int | None = None,
                 village_id: int | None = None):
        super().__init__(parent)
        self.ui = ui = Ui_MemberDialog()
        ui.setupUi(self)
        self.member_id = member_id
        self.member: Member | None = None
        self._loading = False
        save = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        save.setText("保存")
        save.setDefault(True)
        ui.buttonBox.accepted.connect(self.accept)
        self._build_choices()
        self.binding = Binding(fields.MEMBER, ui, {
            "skills": (self._skills, self._set_skills),
            "household_id": (self._household_id, lambda value: _select(ui.household, value)),
            "migrant_place": (lambda: ui.migrantPlace.text() if ui.residence.currentData() == "外出" else "",
                              lambda value: ui.migrantPlace.setText(value or "")),
        })
        self.errors = FieldErrors(self, self._fields(), ui.errorLabel, overlay=True)
        # What the member was when loaded: the save is refused if someone else saved it since.
        self.loaded = load_member(member_id) if member_id is not None else None
        data = member_data(member_id) if member_id is not None else MemberData(village_id=village_id)
        # A member moves between villages by 转出 and a new entry, not by editing.
        ui.village.setEnabled(member_id is None and village_id is None)
        self.set_data(data)
        self.pairings_label = add_pairing_row(ui.partyForm, self, member_id=member_id)
        if data.village_id is None:
            # 全部村: the clerk says which village; no silent first choice.
            ui.village.setPlaceholderText("请选择村")
            ui.village.setCurrentIndex(-1)
            self._fill_village_choices(None)
        ui.idNumber.textChanged.connect(self._id_changed)
        ui.residence.currentIndexChanged.connect(self._residence_changed)
        ui.membership.currentIndexChanged.connect(self._membership_changed)
        ui.joinDate.dateChanged.connect(self._membership_changed)
        self._membership_changed()
        ui.village.currentIndexChanged.connect(lambda: self._fill_village_choices(self._village_id()))
        self.setWindowTitle(f"编辑党员：{data.name}" if member_id is not None else "新增党员")
        self.name_warning = warn_unprintable(ui.name)
        ui.name.setFocus()

    # ------------------------------------------------------------ set-up

    def _build_choices(self) -> None:
        ui = self.ui
        for village in list_villages():
            ui.village.addItem(village.name, village.id)
        for gender in vocab.GENDERS:
            ui.gender.addItem(gender, gender)
        ui.gender.setPlaceholderText("请选择")
        for ethnicity in vocab.ETHNICITIES:
            ui.ethnicity.addItem(ethnicity, ethnicity)
        ui.education.addItem(NOT_FILLED, "")
        for education in vocab.EDUCATIONS:
            ui.education.addItem(education, education)
        for combo, values in ((ui.membership, vocab.MEMBERSHIPS), (ui.residence, vocab.RESIDENCES),
                              (ui.tier, vocab.TIERS)):
            for value in values:
                combo.addItem(value, value)
        completer = ui.household.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        ui.household.lineEdit().setPlaceholderText("输入户主姓名或门牌号查找")
        self.skill_boxes: dict[str, QCheckBox] = {}
        for index, skill in enumerate(vocab.SKILLS):
            box = QCheckBox(skill, ui.skillsBox)
            box.setObjectName(f"skill{index}")
            ui.skillsGrid.addWidget(box, index // SKILL_COLUMNS, index % SKILL_COLUMNS)
            self.skill_boxes[skill] = box
        ui.birthDate.start_date = ui.birthDate.start_date.replace(year=1965)
        ui.joinDate.start_date = ui.joinDate.start_date.replace(year=1995)
        ui.birthDate.field, ui.joinDate.field = "birth_date", "join_date"
        for day in (ui.birthDate, ui.joinDate):
            day.setMaximumDate(QDate.currentDate())
        # Tab order: the skills after 其他专长's row label, before 其他专长 itself.
        chain = [ui.linkExempt, *self.skill_boxes.values(), ui.otherSkills, ui.notes]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _fields(self) -> dict[str, QWidget]:
        return {"village_id": self.ui.village, **self.binding.fields()}

    def _village_id(self) -> int | None:
        return self.ui.village.currentData()

    def _fill_village_choices(self, village_id: int | None) -> None:
        """The village's party groups, posts, grids and households."""
        ui = self.ui
        fills = (
            (ui.partyGroup, NONE_GROUP, list_party_groups), (ui.post, NONE_POST, list_posts),
            (ui.homeGrid, NONE_GRID, list_grids),
        )
        for combo, none_text, lister in fills:
            previous = combo.currentData()
            combo.clear()
            combo.addItem(none_text, None)
            for row in lister(village_id) if village_id is not None else ():
                combo.addItem(row.name, row.id)
            combo.setCurrentIndex(max(combo.findData(previous), 0))
        previous = ui.household.currentData()
        ui.household.clear()
        ui.household.addItem(NONE_HOUSEHOLD, None)
        for row_id, label in household_choices(village_id) if village_id is not None else ():
            ui.household.addItem(label, row_id)
        ui.household.setCurrentIndex(max(ui.household.findData(previous), 0))

    # ------------------------------------------------------------ data

    def set_data(self, data: MemberData) -> None:
        """Show ``data`` in the widgets."""
        ui = self.ui
        self._loading = True
        try:
            _select(ui.village, data.village_id)
            self._fill_village_choices(data.village_id)
            self.binding.show(data)
            ui.migrantPlace.setEnabled(ui.residence.currentData() == "外出")
        finally:
            self._loading = False

    def data(self) -> MemberData:
        """What the widgets say now."""
        return MemberData(village_id=self._village_id(), **self.binding.values())

    def _household_id(self) -> int | None:
        combo = self.ui.household
        text = combo.currentText().strip()
        if not text or text == NONE_HOUSEHOLD:
            return None
        index = combo.findText(text, Qt.MatchFlag.MatchExactly)
        if index < 0:
            raise ValidationError(f"本村没有“{text}”这一户，请从列表中选择，或选“{NONE_HOUSEHOLD}”",
                                  field="household_id")
        return combo.itemData(index)

    def _skills(self) -> str:
        chosen = [skill for skill, box in self.skill_boxes.items() if box.isChecked()]
        others = [s for s in SKILL_SEPARATORS.split(self.ui.otherSkills.text()) if s]
        return "、".join(dict.fromkeys(chosen + others))

    def _set_skills(self, skills: str) -> None:
        words = [s for s in SKILL_SEPARATORS.split(skills or "") if s]
        for skill, box in self.skill_boxes.items():
            box.setChecked(skill in words)
        self.ui.otherSkills.setText("、".join(w for w in words if w not in self.skill_boxes))

    # ------------------------------------------------------------ behaviour

    def _id_changed(self, text: str) -> None:
        """A complete ID number fills birth date and gender, or says what is wrong."""
        value = idnumber.normalize(text)
        if len(value) < 18:
            if self.errors.message("id_number"):
                self.errors.clear()
            self.errors.hint("id_number", "")
            return
        try:
            _number, birth, gender = idnumber.parse(value)
        except ValidationError as error:
            if not self._loading:
                self.errors.show(str(error), "id_number", select=False)
            return
        ui = self.ui
        ui.birthDate.set_value(birth)
        ui.gender.setCurrentIndex(ui.gender.findData(gender))
        if not self._loading:
            self.errors.clear()
            self.errors.hint("id_number", f"已按身份证号码填入出生日期 {birth:%Y-%m-%d}、性别 {gender}")

    def _residence_changed(self) -> None:
        ui = self.ui
        away = ui.residence.currentData() == "外出"
        ui.migrantPlace.setEnabled(away)
        # The usual tier follows where the member lives; other tiers stay as chosen.
        tier = ui.tier.currentData()
        if away and tier == "一般党员":
            _select(ui.tier, "外出党员")
        elif not away and tier == "外出党员":
            _select(ui.tier, "一般党员")
        if away and not self._loading:
            ui.migrantPlace.setFocus()

    def _membership_changed(self) -> None:
        """A full member has a 转正日期; a probationary one sees when the year is up."""
        ui = self.ui
        full = ui.membership.currentData() == probation.FULL
        ui.confirmDateLabel.setVisible(full)
        ui.confirmDate.setVisible(full)
        try:
            join = ui.joinDate.value()
        except LianhuError:
            join = None  # a date being typed, or one refused at the field
        text = ""
        if not full:
            text = "预备期满：" + probation.probation_text(join) if join is not None else "预备期满：请填写入党日期"
        overdue = not full and probation.is_overdue(probation.PROBATIONARY, join)
        ui.probationInfo.setText(text)
        ui.probationInfo.setVisible(not full)
        ui.probationInfo.setStyleSheet("color: #b00020;" if overdue else "")
        ui.probationInfo.setToolTip("入党已满一年仍是预备党员：请支部讨论转正或延长预备期" if overdue else "")

    def accept(self) -> None:
        """Save; on a refusal keep the dialog open with the reason at the field."""
        def saved(member: Member) -> None:
            self.member = member
            QDialog.accept(self)

        operations.run_op(self, lambda: save_member(self.data(), self.member_id, self.loaded),
                          changes={Change.MEMBERS}, on_success=saved, inline_errors=self.errors,
                          reload=self.reload if self.member_id is not None else None)

    def reload(self) -> None:
        """Show the member as saved now (someone else saved it since this dialog opened)."""
        self.loaded = load_member(self.member_id)
        self.set_data(member_data(self.member_id))


def _select(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else (0 if value is None and combo.count() else -1))
