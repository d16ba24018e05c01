"""Members (党员花名册): the one place where a member's rules live.

``clean_member`` checks and normalises a member's own fields without touching
the database, so the roster dialog and the Excel importer apply exactly the
same rules; ``save_member`` adds the checks that need the database (one active
member per ID number, party group / post / grid of the same village) and
writes. Every refusal is a ``ValidationError`` naming the field.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Mapping

from lianhu_desktop import pinyin
from lianhu_desktop.domain import audit, fields, idnumber, linking, normalise, probation, rules
from lianhu_desktop.domain.normalise import MonthDate
from lianhu_desktop.domain.validation import check_join_date
from lianhu_desktop.errors import NotFoundError, ValidationError, ValidationErrors
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import (
    Attendance, BallotGrade, Commitment, Grid, Household, Link, Member, PartyGroup, Post, Request,
    Score, Village, Visit, database,
)

# The normalisers and vocab synonyms live with the field registry; these
# names stay importable from here.
EDUCATION_SYNONYMS = fields.EDUCATION_SYNONYMS
GENDER_SYNONYMS = fields.GENDER_SYNONYMS
MEMBERSHIP_SYNONYMS = fields.MEMBERSHIP_SYNONYMS
RESIDENCE_SYNONYMS = fields.RESIDENCE_SYNONYMS
YES, NO = normalise.YES, normalise.NO
text = normalise.text
normalize_choice = normalise.normalize_choice
parse_flag = normalise.parse_flag

MemberData = fields.data_class(
    fields.MEMBER, "MemberData", "Every field of a member the dialog edits; ids for the related rows.")
FIELDS = tuple(f.name for f in dataclasses.fields(MemberData))


def normalize_ethnicity(value) -> str:
    column = fields.MEMBER.field("ethnicity")
    return column.clean(value, {})


def _as_dict(data) -> dict:
    if isinstance(data, MemberData):
        return dataclasses.asdict(data)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    return dict(data)


def clean_member(data, *, birth_day_known: bool = True, today: datetime.date | None = None) -> dict:
    """Check and normalise a member's own fields; return the values to store.

    Every problem is found, not only the first: a refusal is a
    ``ValidationErrors`` listing them all (its message is the first). The ID
    number fills birth date and gender when those are empty and must agree
    with them when given. A month-only birth date (``MonthDate``, or
    ``birth_day_known=False``) is compared by year and month and then takes
    the ID's exact date.
    """
    values = {**dataclasses.asdict(MemberData()), **_as_dict(data)}
    today = today or datetime.date.today()
    birth = values["birth_date"]
    if not birth_day_known and isinstance(birth, datetime.date) and not isinstance(birth, MonthDate):
        values["birth_date"] = MonthDate.of(birth)
    errors: list[ValidationError] = []
    cleaned = fields.clean_fields(fields.MEMBER, values, errors)
    failed = {error.field for error in errors}
    if "name" in cleaned:
        cleaned["name_pinyin"], cleaned["name_initials"], cleaned["name_sort"] = pinyin.name_keys(cleaned["name"])
    gender = cleaned.get("gender", "")
    birth = cleaned.get("birth_date")
    if birth is not None and (birth > today or birth.year < 1900):
        errors.append(ValidationError(f"出生日期不合理：{normalise.date_text(birth)}", field="birth_date"))
        failed.add("birth_date")
        birth = None
    id_number = cleaned.get("id_number")
    if id_number:
        _number, id_birth, id_gender = idnumber.parse(id_number)
        if birth is None:
            if "birth_date" not in failed:
                birth = id_birth
        elif isinstance(birth, MonthDate):
            if (birth.year, birth.month) != (id_birth.year, id_birth.month):
                errors.append(ValidationError(
                    f"出生年月（{birth.chinese()}）与身份证号码中的出生日期（{id_birth:%Y-%m-%d}）不一致，请核对",
                    field="birth_date"))
            birth = id_birth
        elif birth != id_birth:
            errors.append(ValidationError(
                f"出生日期（{birth:%Y-%m-%d}）与身份证号码中的出生日期（{id_birth:%Y-%m-%d}）不一致，请核对",
                field="birth_date"))
        if gender and gender != id_gender:
            errors.append(ValidationError(
                f"性别（{gender}）与身份证号码显示的性别（{id_gender}）不一致，请核对", field="gender"))
        gender = id_gender
    elif not gender and not failed & {"gender", "id_number"}:
        # With a bad ID number the missing gender follows from it: not said twice.
        errors.append(ValidationError("请填写性别（填写身份证号码可自动识别）", field="gender"))
    join = cleaned.get("join_date")
    if join is not None:
        try:
            check_join_date(join, birth, today)
        except ValidationError as error:
            errors.append(error)
            failed.add("join_date")
            join = None
    if "membership" in cleaned and "confirm_date" not in failed:
        errors += probation.check_probation(cleaned["membership"], join, cleaned.get("confirm_date"), today)
    if errors:
        raise ValidationErrors(errors)
    cleaned.update(gender=gender, birth_date=birth, birth_date_precision=normalise.precision_of(birth),
                   id_number=id_number)
    return fields.storable(cleaned)


def _check_same_village(model, row_id, village_id: int, field: str, label: str) -> None:
    if row_id is None:
        return
    owner = model.select(model.village).where(model.id == row_id).scalar()
    if owner is None:
        raise ValidationError(f"所选{label}不存在", field=field)
    if owner != village_id:
        raise ValidationError(f"所选{label}不属于本村", field=field)


def check_id_number_free(id_number: str | None, member_id: int | None = None) -> None:
    """One active member per ID number (across every village of the database)."""
    if not id_number:
        return
    query = (Member.select(Member.name, Village.name).join(Village)
             .where((Member.id_number == id_number) & rules.member_is_active()))
    if member_id is not None:
        query = query.where(Member.id != member_id)
    other = query.tuples().first()
    if other:
        raise ValidationError(
            f"身份证号码 {id_number} 已登记给{other[1]}的党员“{other[0]}”，同一人不能重复登记",
            field="id_number")


def save_member(data, member_id: int | None = None, loaded: Loaded | None = None) -> Member:
    """Create (``member_id`` None) or update a member after every check.

    ``loaded`` (``load_member``) is the member as the dialog loaded it: the
    save is refused with ``StaleRecord`` if someone else saved it since."""
    values = _as_dict(data)
    if member_id is not None:
        member = Member.get_or_none(Member.id == member_id)
        if member is None:
            raise NotFoundError("该党员不存在或已被删除")
        current = member_data(member_id)
        merged = {**dataclasses.asdict(current), **values}
    else:
        member = None
        merged = values
    village_id = merged.get("village_id")
    if not village_id or not Village.select().where(Village.id == village_id).exists():
        raise ValidationError("请选择所属村", field="village_id")
    cleaned = clean_member(merged)
    _check_same_village(PartyGroup, cleaned["party_group"], village_id, "party_group_id", "党小组")
    _check_same_village(Post, cleaned["post"], village_id, "post_id", "岗位")
    _check_same_village(Grid, cleaned["home_grid"], village_id, "home_grid_id", "网格")
    _check_same_village(Household, cleaned["household"], village_id, "household_id", "农户")
    archived = member.archived if member is not None else False
    if not archived:
        check_id_number_free(cleaned["id_number"], member_id)
    with database.atomic():
        if member is None:
            member = Member.create(village=village_id, **cleaned)
            audit.record("新增党员", member, f"新增党员“{member.name}”")
        else:
            changed = [k for k, v in cleaned.items() if _raw(member, k) != v]
            for key, value in cleaned.items():
                setattr(member, key, value)
            member.village = village_id
            rowversion.expect(member, loaded).save()
            audit.record("修改党员", member, f"修改党员“{member.name}”：{'、'.join(changed) or '无变化'}")
    return member


def _raw(member: Member, key: str):
    return member.__data__.get(key)


def load_member(member_id: int) -> Loaded:
    """The member's version and values now, for a dialog to save against."""
    return rowversion.load(Member, member_id, "该党员不存在或已被删除")


def member_data(member_id: int) -> MemberData:
    """A member's stored fields, for the dialog to show."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("该党员不存在或已被删除")
    raw = member.__data__
    values = {}
    for column in fields.MEMBER.data_fields:
        value = fields.stored_value(column, raw)
        values[column.data_key] = column.empty() if value is None else value
    return MemberData(village_id=raw["village"], **values)


def archive_row(row, reason: str, date: datetime.date | None, *, action: str, label: str,
                loaded: Loaded | None = None):
    """Archive a member or household (call with the row fetched): the reason is
    required and the date (default today) may not lie in the future; refused
    if the row is no longer as ``loaded``."""
    reason = text(reason)
    if not reason:
        raise ValidationError("请填写归档原因（如 转出、去世、迁出）", field="archive_reason")
    date = date or datetime.date.today()
    if date > datetime.date.today():
        raise ValidationError(f"归档日期不能晚于今天：{date:%Y-%m-%d}", field="archived_on")
    with database.atomic():
        row.archived, row.archived_on, row.archive_reason = True, date, reason
        rowversion.expect(row, loaded).save()
        audit.record(action, row, f"{label}归档：{reason}（{date:%Y-%m-%d}）")
    return row


def unarchive_row(row, *, action: str, label: str):
    """Bring an archived member or household back (the caller checks uniqueness)."""
    with database.atomic():
        row.archived, row.archived_on, row.archive_reason = False, None, ""
        row.save()
        audit.record(action, row, f"{label}取消归档")
    return row


def history_counts(history, row_id: int) -> dict[str, int]:
    """Rows referring to ``row_id`` per kind of ``history`` ((model, column, label, unit) …),
    as "label" → count, only kinds with rows."""
    counts = {}
    for model, column, label, _unit in history:
        count = model.select().where(column == row_id).count()
        if count:
            counts[label] = count
    return counts


def delete_without_history(row, history, *, action: str, label: str, advice: str,
                           loaded: Loaded | None = None) -> None:
    """Delete ``row`` (a member or household) only when nothing refers to it;
    otherwise a Chinese refusal saying what history exists and what to do.
    A row changed since ``loaded`` (or, without it, since ``row`` was fetched)
    is not deleted: the other clerk's change is not lost unseen."""
    counts = history_counts(history, row.id)
    if counts:
        raise ValidationError(f"{label}已有{history_text(history, counts)}，不能删除；{advice}")
    with database.atomic():
        rowversion.claim(type(row), row.id, loaded or rowversion.of(row))
        audit.record(action, row, f"{action}：{label}")
        row.delete_instance()


def history_text(history, counts: dict[str, int]) -> str:
    """The counts as Chinese: 联户记录 3 条、走访记录 12 条."""
    units = {label: unit for _model, _column, label, unit in history}
    return "、".join(f"{label} {count} {units[label]}" for label, count in counts.items())


def archive_member(member_id: int, reason: str, date: datetime.date | None = None, *,
                   hand_over: Mapping[int, int] | None = None, loaded: Loaded | None = None) -> Member:
    """Archive (转出, 去世, 出党 …): the member and their history stay.

    An archived member answers for no household. ``hand_over`` maps some (or
    all) of the households they link now to the members who take them over
    (the link's mode is kept; the new link starts on the archive date); the
    others become unlinked and show up in the coverage checklist. All in one
    transaction: a refused hand-over archives nothing.
    """
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("该党员不存在或已被删除")
    hand_over = {int(h): int(m) for h, m in (hand_over or {}).items()}
    with database.atomic():
        archived = archive_row(member, reason, date, action="归档党员", label=f"党员“{member.name}”",
                               loaded=loaded)
        if hand_over:
            _hand_over(member, hand_over, archived.archived_on)
        linking.end_member_links(member_id, f"党员已归档（{archived.archive_reason}）", archived.archived_on)
    return archived


def _hand_over(member: Member, hand_over: dict[int, int], date: datetime.date) -> None:
    """Move the archived member's households to the members named, in groups of one call each."""
    links = linking.active_links(list(hand_over))
    strangers = [hid for hid in hand_over if hid not in links or links[hid].member_id != member.id]
    if strangers:
        raise ValidationError(f"有 {len(strangers)} 户现在不由党员“{member.name}”联系，请关闭后重新打开归档窗口")
    if member.id in hand_over.values():
        raise ValidationError(f"不能交给正在归档的党员“{member.name}”本人", field="hand_over")
    groups: dict[tuple, list[int]] = {}
    for household_id, taker in hand_over.items():
        link = links[household_id]
        start = max(date, link.start_date)  # an archive may be back-dated before a recent link
        groups.setdefault((taker, link.mode, start), []).append(household_id)
    for (taker, mode, start), household_ids in groups.items():
        linking.link_households(taker, household_ids, mode, start, move=True)


def linked_households(member_id: int) -> list[tuple[int, str]]:
    """(household id, 一组 张三（12号）) of the households ``member_id`` links now, in grid and door order."""
    rows = database.execute_sql(
        "SELECT h.id, g.name, h.door_number, h.head_name FROM link l "
        "JOIN household h ON h.id = l.household_id LEFT JOIN grid g ON g.id = h.grid_id "
        f"WHERE l.member_id = ? AND {rules.active_link()} "
        "ORDER BY g.sort_order IS NULL, g.sort_order, h.door_sort, h.id", [member_id])
    return [(hid, f"{grid} {linking.household_label(head, door)}" if grid else linking.household_label(head, door))
            for hid, grid, door, head in rows]


def unarchive_member(member_id: int) -> Member:
    """Bring an archived member back onto the active roster."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("该党员不存在或已被删除")
    if not member.archived:
        return member
    check_id_number_free(member.id_number, member_id)
    return unarchive_row(member, action="恢复党员", label=f"党员“{member.name}”")


HISTORY = (
    (Link, Link.member, "联户记录", "条"), (Visit, Visit.member, "走访记录", "条"),
    (Request, Request.member, "诉求记录", "条"), (Commitment, Commitment.member, "承诺", "条"),
    (Score, Score.member, "考核评分", "条"), (Attendance, Attendance.member, "会议出勤记录", "条"),
    (BallotGrade, BallotGrade.member, "测评票", "张"),
)


def member_history(member_id: int) -> dict[str, int]:
    """How much history a member has, by kind (only kinds with rows)."""
    return history_counts(HISTORY, member_id)


def delete_member(member_id: int, loaded: Loaded | None = None) -> None:
    """Delete a member who has no history at all; otherwise say what exists."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("该党员已被删除（可能是其他用户刚删除的），无需再删")
    delete_without_history(member, HISTORY, action="删除党员", label=f"党员“{member.name}”",
                           advice="如已转出或去世，请改为归档", loaded=loaded)
