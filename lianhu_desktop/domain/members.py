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
import unicodedata
from dataclasses import dataclass
from typing import Mapping

from lianhu_desktop.domain import audit, idnumber, linking, pinyin, vocab
from lianhu_desktop.domain.validation import check_join_date, check_phone
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import (
    Attendance, BallotGrade, Commitment, Grid, Household, Link, Member, PartyGroup, Post, Request,
    Score, Village, Visit, database,
)

# What clerks write instead of our words.
EDUCATION_SYNONYMS = {
    "大学本科": "本科", "大学": "本科", "学士": "本科", "大学专科": "大专", "专科": "大专",
    "高职": "大专", "研究生": "硕士研究生", "硕士": "硕士研究生", "博士": "博士研究生",
    "中技": "中专", "技校": "中专", "职高": "中专", "中等专科": "中专", "中师": "中专",
    "高小": "小学", "初小": "小学", "初级中学": "初中", "高级中学": "高中",
}
GENDER_SYNONYMS = {"男性": "男", "女性": "女"}
MEMBERSHIP_SYNONYMS = {"正式": "正式党员", "预备": "预备党员"}
RESIDENCE_SYNONYMS = {"在村": "在家", "本地": "在家", "在家党员": "在家", "流动": "外出",
                      "外出务工": "外出", "外出党员": "外出", "流动党员": "外出"}
YES = frozenset({"是", "√", "✓", "Y", "YES", "TRUE", "1", "有"})
NO = frozenset({"否", "×", "N", "NO", "FALSE", "0", "无", ""})


@dataclass
class MemberData:
    """Every field of a member the dialog edits; ids for the related rows."""

    village_id: int | None = None
    name: str = ""
    gender: str = ""
    ethnicity: str = ""
    birth_date: datetime.date | None = None
    id_number: str = ""
    phone: str = ""
    education: str = ""
    join_date: datetime.date | None = None
    membership: str = ""
    residence: str = ""
    migrant_place: str = ""
    party_group_id: int | None = None
    post_id: int | None = None
    tier: str = ""
    skills: str = ""
    home_grid_id: int | None = None
    household_id: int | None = None
    address: str = ""
    is_committee: bool = False
    link_exempt: bool = False
    notes: str = ""


FIELDS = tuple(f.name for f in dataclasses.fields(MemberData))


def text(value) -> str:
    """A cell or field value as clean text: NFKC (full-width → ASCII), trimmed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip() if value.isascii() else unicodedata.normalize("NFKC", value).strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number cell: 15.0 is the door number 15
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalize_choice(value, choices, *, field: str, label: str, synonyms=None, default: str = "") -> str:
    """Map ``value`` onto one of ``choices`` (accepting synonyms) or refuse with the list."""
    value = "".join(text(value).split())
    if not value:
        return default
    if value in choices:
        return value
    if synonyms and value in synonyms:
        return synonyms[value]
    raise ValidationError(f"{label}“{value}”不在可选范围内，应为：{'、'.join(choices)}", field=field)


def normalize_ethnicity(value) -> str:
    value = "".join(text(value).split())
    if value and value not in vocab.ETHNICITIES and value + "族" in vocab.ETHNICITIES:
        return value + "族"
    return normalize_choice(value, vocab.ETHNICITIES, field="ethnicity", label="民族",
                            default=vocab.MAJORITY_ETHNICITY)


def parse_flag(value, *, field: str, label: str) -> bool:
    """是/否 (and √, 1, Y …) as a boolean."""
    if isinstance(value, bool):
        return value
    word = text(value).upper()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValidationError(f"{label}应填“是”或“否”：{text(value)}", field=field)


def _as_dict(data) -> dict:
    if isinstance(data, MemberData):
        return dataclasses.asdict(data)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    return dict(data)


def clean_member(data, *, birth_day_known: bool = True, today: datetime.date | None = None) -> dict:
    """Check and normalise a member's own fields; return the values to store.

    The ID number fills birth date and gender when those are empty and must
    agree with them when given. ``birth_day_known=False`` (a roster's 出生年月)
    compares only year and month and then takes the ID's exact date.
    """
    values = {**dataclasses.asdict(MemberData()), **_as_dict(data)}
    today = today or datetime.date.today()
    name = "".join(text(values["name"]).split())
    if not name:
        raise ValidationError("请填写姓名", field="name")
    if len(name) > 30:
        raise ValidationError(f"姓名过长（{len(name)} 个字）：{name}", field="name")
    # Fields that stand alone first, the ones checked against each other last.
    residence = normalize_choice(values["residence"], vocab.RESIDENCES, field="residence",
                                 label="居住情况", synonyms=RESIDENCE_SYNONYMS, default="在家")
    full, initials = pinyin.keys(name)
    cleaned = {
        "name": name, "name_pinyin": full, "name_initials": initials,
        "ethnicity": normalize_ethnicity(values["ethnicity"]),
        "phone": check_phone(text(values["phone"])),
        "education": normalize_choice(values["education"], vocab.EDUCATIONS, field="education",
                                      label="文化程度", synonyms=EDUCATION_SYNONYMS),
        "membership": normalize_choice(values["membership"], vocab.MEMBERSHIPS, field="membership",
                                       label="党员类别", synonyms=MEMBERSHIP_SYNONYMS,
                                       default="正式党员"),
        "residence": residence, "migrant_place": text(values["migrant_place"]),
        "tier": normalize_choice(values["tier"], vocab.TIERS, field="tier", label="考核类别",
                                 default="外出党员" if residence == "外出" else "一般党员"),
        "skills": text(values["skills"]), "address": text(values["address"]),
        "is_committee": parse_flag(values["is_committee"], field="is_committee", label="是否支委"),
        "link_exempt": parse_flag(values["link_exempt"], field="link_exempt", label="免于联户"),
        "notes": str(values["notes"] or "").strip(),
        "party_group": values["party_group_id"], "post": values["post_id"],
        "home_grid": values["home_grid_id"], "household": values["household_id"],
    }
    gender = normalize_choice(values["gender"], vocab.GENDERS, field="gender", label="性别",
                              synonyms=GENDER_SYNONYMS)
    birth = values["birth_date"]
    if birth is not None and (birth > today or birth.year < 1900):
        raise ValidationError(f"出生日期不合理：{birth:%Y-%m-%d}", field="birth_date")
    id_text = text(values["id_number"])
    id_number = None
    if id_text:
        id_number, id_birth, id_gender = idnumber.parse(id_text)
        if birth is None:
            birth = id_birth
        elif birth_day_known and birth != id_birth:
            raise ValidationError(
                f"出生日期（{birth:%Y-%m-%d}）与身份证号码中的出生日期（{id_birth:%Y-%m-%d}）不一致，请核对",
                field="birth_date")
        elif (birth.year, birth.month) != (id_birth.year, id_birth.month):
            raise ValidationError(
                f"出生年月（{birth:%Y.%m}）与身份证号码中的出生日期（{id_birth:%Y-%m-%d}）不一致，请核对",
                field="birth_date")
        else:
            birth = id_birth
        if gender and gender != id_gender:
            raise ValidationError(
                f"性别（{gender}）与身份证号码显示的性别（{id_gender}）不一致，请核对", field="gender")
        gender = id_gender
    if not gender:
        raise ValidationError("请填写性别（填写身份证号码可自动识别）", field="gender")
    join = values["join_date"]
    check_join_date(join, birth, today)
    cleaned.update(gender=gender, birth_date=birth, id_number=id_number, join_date=join)
    return cleaned


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
             .where((Member.id_number == id_number) & (Member.archived == False)))  # noqa: E712
    if member_id is not None:
        query = query.where(Member.id != member_id)
    other = query.tuples().first()
    if other:
        raise ValidationError(
            f"身份证号码 {id_number} 已登记给{other[1]}的党员“{other[0]}”，同一人不能重复登记",
            field="id_number")


def save_member(data, member_id: int | None = None) -> Member:
    """Create (``member_id`` None) or update a member after every check."""
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
            member.save()
            audit.record("修改党员", member, f"修改党员“{member.name}”：{'、'.join(changed) or '无变化'}")
    return member


def _raw(member: Member, key: str):
    return member.__data__.get(key)


def member_data(member_id: int) -> MemberData:
    """A member's stored fields, for the dialog to show."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("该党员不存在或已被删除")
    raw = member.__data__
    return MemberData(
        village_id=raw["village"], name=member.name, gender=member.gender,
        ethnicity=member.ethnicity, birth_date=member.birth_date, id_number=member.id_number or "",
        phone=member.phone, education=member.education, join_date=member.join_date,
        membership=member.membership, residence=member.residence,
        migrant_place=member.migrant_place, party_group_id=raw.get("party_group"),
        post_id=raw.get("post"), tier=member.tier, skills=member.skills,
        home_grid_id=raw.get("home_grid"), household_id=raw.get("household"),
        address=member.address, is_committee=member.is_committee, link_exempt=member.link_exempt,
        notes=member.notes,
    )


def archive_row(row, reason: str, date: datetime.date | None, *, action: str, label: str):
    """Archive a member or household (call with the row fetched): the reason is
    required and the date (default today) may not lie in the future."""
    reason = text(reason)
    if not reason:
        raise ValidationError("请填写归档原因（如 转出、去世、迁出）", field="archive_reason")
    date = date or datetime.date.today()
    if date > datetime.date.today():
        raise ValidationError(f"归档日期不能晚于今天：{date:%Y-%m-%d}", field="archived_on")
    with database.atomic():
        row.archived, row.archived_on, row.archive_reason = True, date, reason
        row.save()
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


def delete_without_history(row, history, *, action: str, label: str, advice: str) -> None:
    """Delete ``row`` (a member or household) only when nothing refers to it;
    otherwise a Chinese refusal saying what history exists and what to do."""
    counts = history_counts(history, row.id)
    if counts:
        raise ValidationError(f"{label}已有{history_text(history, counts)}，不能删除；{advice}")
    with database.atomic():
        audit.record(action, row, f"{action}：{label}")
        row.delete_instance()


def history_text(history, counts: dict[str, int]) -> str:
    """The counts as Chinese: 联户记录 3 条、走访记录 12 条."""
    units = {label: unit for _model, _column, label, unit in history}
    return "、".join(f"{label} {count} {units[label]}" for label, count in counts.items())


def archive_member(member_id: int, reason: str, date: datetime.date | None = None, *,
                   hand_over: Mapping[int, int] | None = None) -> Member:
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
        archived = archive_row(member, reason, date, action="归档党员", label=f"党员“{member.name}”")
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
        "WHERE l.member_id = ? AND l.end_date IS NULL "
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


def delete_member(member_id: int) -> None:
    """Delete a member who has no history at all; otherwise say what exists."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("该党员不存在或已被删除")
    delete_without_history(member, HISTORY, action="删除党员", label=f"党员“{member.name}”",
                           advice="如已转出或去世，请改为归档")
