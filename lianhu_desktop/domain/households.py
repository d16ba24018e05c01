"""Households (农户台账): the one place where a household's rules live.

As for members, ``clean_household`` checks a household's own fields without
the database (the importer calls it for every row) and ``save_household``
adds what needs the database and writes, tags included.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from lianhu_desktop.domain import audit, idnumber, linking, pinyin, vocab
from lianhu_desktop.domain.members import (
    archive_row, delete_without_history, history_counts, text, unarchive_row,
)
from lianhu_desktop.domain.validation import check_phone
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import (
    Grid, Household, HouseholdTag, Link, Member, Request, Village, Visit, database,
)

_DOOR_NUMBER = re.compile(r"(\d+)\s*号")
_DIGITS = re.compile(r"\d+")
# A plain mobile number is accepted as check_phone would accept it, faster.
_PLAIN_MOBILE = re.compile(r"1[3-9]\d{9}\Z")
_TAG_SPLIT = re.compile(r"[、,，;；/／\s]+")
MAX_DOOR_SORT = 2**31 - 1
MAX_TAG_LENGTH = 20


@dataclass
class HouseholdData:
    """Every field of a household the dialog edits."""

    village_id: int | None = None
    head_name: str = ""
    head_id_number: str = ""
    door_number: str = ""
    grid_id: int | None = None
    phone: str = ""
    address: str = ""
    size: int | str | None = None
    work_place: str = ""
    industry_association: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)


FIELDS = tuple(f.name for f in dataclasses.fields(HouseholdData))
_FIELD_SET = frozenset(FIELDS)


def door_sort(door_number: str) -> int:
    """The numeric part of a door number for sorting: '3组15号' → 15, '东街12-3' → 12."""
    value = text(door_number)
    match = _DOOR_NUMBER.search(value)
    if match:
        return min(int(match.group(1)), MAX_DOOR_SORT)
    match = _DIGITS.search(value)
    return min(int(match.group()), MAX_DOOR_SORT) if match else 0


def parse_tags(value) -> list[str]:
    """Tags from a list or from text separated by 、，; / or spaces; duplicates dropped."""
    if isinstance(value, (list, tuple, set)):
        items = ["".join(text(item).split()) for item in value]
    else:
        items = _TAG_SPLIT.split(text(value))  # normalised once, split on spaces too
    tags = []
    for tag in items:
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(f"标签过长（最多 {MAX_TAG_LENGTH} 个字）：{tag}", field="tags")
        tags.append(tag)
    return tags


def parse_size(value) -> int:
    """Household size (人口数): a whole number 1–50; empty means 1."""
    if value is None or value == "":
        return 1
    if isinstance(value, float) and value == int(value):
        value = int(value)
    word = text(value).removesuffix("人").removesuffix("口")
    if not word:
        return 1
    if not word.isdigit() or not 1 <= int(word) <= 50:
        raise ValidationError(f"人口数应为 1–50 的整数：{text(value)}", field="size")
    return int(word)


def _as_dict(data) -> dict:
    if isinstance(data, HouseholdData):
        return dataclasses.asdict(data)
    if not data.keys() <= _FIELD_SET:
        raise TypeError(f"unknown household fields: {sorted(set(data) - _FIELD_SET)}")
    return data


def clean_household(data) -> dict:
    """Check and normalise a household's own fields; return the values to store.

    ``tags`` comes back as a list under "tags"; the rest are Household columns.
    """
    get = _as_dict(data).get
    name = "".join(text(get("head_name")).split())
    if not name:
        raise ValidationError("请填写户主姓名", field="head_name")
    if len(name) > 30:
        raise ValidationError(f"户主姓名过长（{len(name)} 个字）：{name}", field="head_name")
    id_text = text(get("head_id_number"))
    head_id = idnumber.parse(id_text)[0] if id_text else None
    door = text(get("door_number"))
    phone = text(get("phone"))
    if phone and not _PLAIN_MOBILE.match(phone):
        phone = check_phone(phone)
    tags = get("tags")
    full, initials = pinyin.keys(name)
    return {
        "head_name": name, "head_pinyin": full, "head_initials": initials,
        "head_id_number": head_id, "door_number": door, "door_sort": door_sort(door) if door else 0,
        "grid": get("grid_id"), "phone": phone,
        "address": text(get("address")), "size": parse_size(get("size")),
        "work_place": text(get("work_place")),
        "industry_association": text(get("industry_association")),
        "notes": str(get("notes") or "").strip(), "tags": parse_tags(tags) if tags else [],
    }


def check_head_id_free(village_id: int, head_id: str | None, household_id: int | None = None) -> None:
    """One active household per head ID number within a village."""
    if not head_id:
        return
    query = Household.select(Household.head_name, Household.door_number).where(
        (Household.village == village_id) & (Household.head_id_number == head_id)
        & (Household.archived == False))  # noqa: E712
    if household_id is not None:
        query = query.where(Household.id != household_id)
    other = query.tuples().first()
    if other:
        where = f"（门牌 {other[1]}）" if other[1] else ""
        raise ValidationError(f"户主身份证号码 {head_id} 已登记在“{other[0]}”户{where}", field="head_id_number")


def set_tags(household: Household, tags: list[str]) -> None:
    """Replace a household's tags (call inside a transaction)."""
    current = {t for (t,) in HouseholdTag.select(HouseholdTag.tag)
               .where(HouseholdTag.household == household).tuples()}
    wanted = set(tags)
    if current - wanted:
        HouseholdTag.delete().where((HouseholdTag.household == household)
                                    & HouseholdTag.tag.in_(current - wanted)).execute()
    for tag in tags:
        if tag not in current:
            HouseholdTag.create(household=household, tag=tag)


def household_tags(household_id: int) -> list[str]:
    return [t for (t,) in HouseholdTag.select(HouseholdTag.tag)
            .where(HouseholdTag.household == household_id).order_by(HouseholdTag.id).tuples()]


def save_household(data, household_id: int | None = None) -> Household:
    """Create (``household_id`` None) or update a household and its tags."""
    values = _as_dict(data)
    if household_id is not None:
        household = Household.get_or_none(Household.id == household_id)
        if household is None:
            raise NotFoundError("该农户不存在或已被删除")
        values = {**dataclasses.asdict(household_data(household_id)), **values}
    else:
        household = None
    village_id = values.get("village_id")
    if not village_id or not Village.select().where(Village.id == village_id).exists():
        raise ValidationError("请选择所属村", field="village_id")
    cleaned = clean_household(values)
    tags = cleaned.pop("tags")
    if cleaned["grid"] is not None:
        owner = Grid.select(Grid.village).where(Grid.id == cleaned["grid"]).scalar()
        if owner != village_id:
            raise ValidationError("所选网格不属于本村", field="grid_id")
    if household is None or not household.archived:
        check_head_id_free(village_id, cleaned["head_id_number"], household_id)
    with database.atomic():
        if household is None:
            household = Household.create(village=village_id, **cleaned)
            audit.record("新增农户", household, f"新增农户“{household.head_name}”")
        else:
            for key, value in cleaned.items():
                setattr(household, key, value)
            household.save()
            audit.record("修改农户", household, f"修改农户“{household.head_name}”")
        set_tags(household, tags)
    return household


def household_data(household_id: int) -> HouseholdData:
    """A household's stored fields and tags, for the dialog to show."""
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError("该农户不存在或已被删除")
    raw = household.__data__
    return HouseholdData(
        village_id=raw["village"], head_name=household.head_name,
        head_id_number=household.head_id_number or "", door_number=household.door_number,
        grid_id=raw.get("grid"), phone=household.phone, address=household.address,
        size=household.size, work_place=household.work_place,
        industry_association=household.industry_association, notes=household.notes,
        tags=household_tags(household_id),
    )


def tag_choices(village_id: int | None = None) -> list[str]:
    """The common tags followed by custom ones already in use (in the village)."""
    query = HouseholdTag.select(HouseholdTag.tag).distinct()
    if village_id is not None:
        query = query.join(Household).where(Household.village == village_id)
    used = sorted(t for (t,) in query.tuples() if t not in vocab.HOUSEHOLD_TAGS)
    return list(vocab.HOUSEHOLD_TAGS) + used


def archive_household(household_id: int, reason: str, date: datetime.date | None = None) -> Household:
    """Archive a household (迁出, 合户 …); it and its history stay."""
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError("该农户不存在或已被删除")
    with database.atomic():
        archived = archive_row(household, reason, date, action="归档农户",
                               label=f"农户“{household.head_name}”")
        link = linking.active_links([household_id]).get(household_id)
        if link is not None:
            linking.end_link(household_id, f"农户已归档（{archived.archive_reason}）",
                             max(archived.archived_on, link.start_date))
    return archived


def unarchive_household(household_id: int) -> Household:
    """Bring an archived household back."""
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError("该农户不存在或已被删除")
    if not household.archived:
        return household
    check_head_id_free(household.__data__["village"], household.head_id_number, household_id)
    return unarchive_row(household, action="恢复农户", label=f"农户“{household.head_name}”")


HISTORY = (
    (Link, Link.household, "联户记录", "条"), (Visit, Visit.household, "走访记录", "条"),
    (Request, Request.household, "诉求记录", "条"), (Member, Member.household, "登记为本户的党员", "名"),
)


def household_history(household_id: int) -> dict[str, int]:
    """How much history a household has, by kind (only kinds with rows)."""
    return history_counts(HISTORY, household_id)


def delete_household(household_id: int) -> None:
    """Delete a household without history; otherwise say what exists."""
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError("该农户不存在或已被删除")
    delete_without_history(household, HISTORY, action="删除农户", label=f"农户“{household.head_name}”",
                           advice="如已迁出，请改为归档")


def archive_households(household_ids, reason: str, date: datetime.date | None = None) -> list[Household]:
    """Archive several households in one transaction (all or none)."""
    with database.atomic():
        return [archive_household(household_id, reason, date) for household_id in household_ids]


def unarchive_households(household_ids) -> list[Household]:
    """Bring several archived households back in one transaction (all or none)."""
    with database.atomic():
        return [unarchive_household(household_id) for household_id in household_ids]
