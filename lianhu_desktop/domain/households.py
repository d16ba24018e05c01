"""Households (农户台账): the one place where a household's rules live.

As for members, ``clean_household`` checks a household's own fields without
the database (the importer calls it for every row) and ``save_household``
adds what needs the database and writes, tags included.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Mapping
from functools import lru_cache

from lianhu_desktop import pinyin
from lianhu_desktop.domain import audit, fields, linking, normalise, rules, vocab
from lianhu_desktop.domain.members import (
    archive_row, delete_without_history, history_counts, unarchive_row,
)
from lianhu_desktop.domain.normalise import text
from lianhu_desktop.errors import NotFoundError, ValidationError, ValidationErrors
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import (
    Grid, Household, HouseholdTag, Link, Member, Request, Village, Visit, database,
)

_DOOR_NUMBER = re.compile(r"(\d+)\s*号")
_DIGITS = re.compile(r"\d+")
# A plain mobile number is accepted as check_phone would accept it, faster.
_PLAIN_MOBILE = re.compile(r"1[3-9]\d{9}\Z")
MAX_DOOR_SORT = 2**31 - 1
MAX_TAG_LENGTH = 20


HouseholdData = fields.data_class(fields.HOUSEHOLD, "HouseholdData", "Every field of a household the dialog edits.")
FIELDS = tuple(f.name for f in dataclasses.fields(HouseholdData))
_FIELD_SET = frozenset(FIELDS)
parse_tags = normalise.parse_tags
parse_size = normalise.parse_size
MAX_TAG_LENGTH = normalise.MAX_TAG_LENGTH


@lru_cache(maxsize=4096)
def door_sort(door_number: str) -> int:
    """The numeric part of a door number for sorting: '3组15号' → 15, '东街12-3' → 12.
    Cached: a village's door numbers repeat grid after grid."""
    value = text(door_number)
    match = _DOOR_NUMBER.search(value)
    digits = match.group(1) if match else (found.group() if (found := _DIGITS.search(value)) else "")
    if not digits:
        return 0
    # More than ten digits is past the cap anyway (and int() refuses 4,300+).
    return MAX_DOOR_SORT if len(digits.lstrip("0")) > 10 else min(int(digits), MAX_DOOR_SORT)


_EMPTY = {f.data_key: f.empty() for f in fields.HOUSEHOLD.data_fields}
_TAGS_MEMO: dict[str, tuple[str, ...]] = {}


def _tags(value) -> list[str]:
    """``parse_tags``, each distinct text parsed once (a ledger repeats a few combinations)."""
    if value.__class__ is not str:
        return normalise.parse_tags(value)
    found = _TAGS_MEMO.get(value)
    if found is None:
        found = tuple(normalise.parse_tags(value))
        if len(_TAGS_MEMO) < 4096:
            _TAGS_MEMO[value] = found
    return list(found)


def _as_dict(data) -> dict:
    if isinstance(data, HouseholdData):
        return dataclasses.asdict(data)
    if not data.keys() <= _FIELD_SET:
        raise TypeError(f"unknown household fields: {sorted(set(data) - _FIELD_SET)}")
    return data


def clean_household(data) -> dict:
    """Check and normalise a household's own fields; return the values to store.

    Every problem is found: a refusal is a ``ValidationErrors`` listing them
    all. ``tags`` comes back as a list under "tags"; the rest are Household
    columns.
    """
    values = {**_EMPTY, **_as_dict(data)}
    phone = text(values.get("phone"))
    if _PLAIN_MOBILE.match(phone):
        values["phone"] = ""  # skip the full check for the common case
    errors: list[ValidationError] = []
    cleaned = fields.clean_fields(fields.HOUSEHOLD, values, errors)
    try:
        tags = _tags(values.get("tags"))
    except ValidationError as error:
        errors.append(error)
    if errors:
        raise ValidationErrors(errors)
    if _PLAIN_MOBILE.match(phone):
        cleaned["phone"] = phone
    cleaned["head_pinyin"], cleaned["head_initials"], cleaned["head_sort"] = pinyin.name_keys(cleaned["head_name"])
    door = cleaned["door_number"]
    cleaned["door_sort"] = door_sort(door) if door else 0
    cleaned["tags"] = tags
    return cleaned


def check_head_id_free(village_id: int, head_id: str | None, household_id: int | None = None) -> None:
    """One active household per head ID number within a village."""
    if not head_id:
        return
    query = Household.select(Household.head_name, Household.door_number).where(
        (Household.village == village_id) & (Household.head_id_number == head_id)
        & rules.household_is_active())
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


def save_household(data, household_id: int | None = None, loaded: Loaded | None = None) -> Household:
    """Create (``household_id`` None) or update a household and its tags;
    refused with ``StaleRecord`` if it was saved by someone else since ``loaded``."""
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
            rowversion.expect(household, loaded).save()
            audit.record("修改农户", household, f"修改农户“{household.head_name}”")
        set_tags(household, tags)
    return household


def load_household(household_id: int) -> Loaded:
    """The household's version and values now, for a dialog to save against."""
    return rowversion.load(Household, household_id, "该农户不存在或已被删除")


def household_data(household_id: int) -> HouseholdData:
    """A household's stored fields and tags, for the dialog to show."""
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError("该农户不存在或已被删除")
    raw = household.__data__
    values = {}
    for column in fields.HOUSEHOLD.data_fields:
        value = fields.stored_value(column, raw) if column.column else None
        values[column.data_key] = column.empty() if value is None else value
    values["tags"] = household_tags(household_id)
    return HouseholdData(village_id=raw["village"], **values)


def tag_choices(village_id: int | None = None) -> list[str]:
    """The common tags followed by custom ones already in use (in the village)."""
    query = HouseholdTag.select(HouseholdTag.tag).distinct()
    if village_id is not None:
        query = query.join(Household).where(Household.village == village_id)
    used = sorted(t for (t,) in query.tuples() if t not in vocab.HOUSEHOLD_TAGS)
    return list(vocab.HOUSEHOLD_TAGS) + used


def archive_household(household_id: int, reason: str, date: datetime.date | None = None,
                      loaded: Loaded | None = None) -> Household:
    """Archive a household (迁出, 合户 …); it and its history stay."""
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError("该农户不存在或已被删除")
    with database.atomic():
        archived = archive_row(household, reason, date, action="归档农户",
                               label=f"农户“{household.head_name}”", loaded=loaded)
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


def delete_household(household_id: int, loaded: Loaded | None = None) -> None:
    """Delete a household without history; otherwise say what exists."""
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError("该农户已被删除（可能是其他用户刚删除的），无需再删")
    delete_without_history(household, HISTORY, action="删除农户", label=f"农户“{household.head_name}”",
                           advice="如已迁出，请改为归档", loaded=loaded)


def archive_households(household_ids, reason: str, date: datetime.date | None = None,
                       loaded: Mapping[int, Loaded] | None = None) -> list[Household]:
    """Archive several households in one transaction (all or none); ``loaded``
    (household id → ``load_household``) refuses all if someone else saved one since."""
    loaded = loaded or {}
    with database.atomic():
        return [archive_household(household_id, reason, date, loaded.get(household_id))
                for household_id in household_ids]


def unarchive_households(household_ids) -> list[Household]:
    """Bring several archived households back in one transaction (all or none)."""
    with database.atomic():
        return [unarchive_household(household_id) for household_id in household_ids]
