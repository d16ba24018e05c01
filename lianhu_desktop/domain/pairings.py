"""结对帮扶 (seeds 001, 002 §3.7, 004): a capable member paired with households in difficulty.

Each pairing is for a year and carries the help plan (帮扶计划: goals,
measures, by when), reviewed at year end (review note, outcome). A member
takes 1–2 households; a household in difficulty is tagged 困难户, 低保户 or
五保户. Both are warnings, not refusals: the branch may decide otherwise,
and the clerk records what it decided. Refused are: member and household of
different villages, an archived member or household for a new pairing, the
same pair twice in a year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lianhu_desktop.domain import limits, normalise, rules, vocab
from lianhu_desktop.errors import NotFoundError, ValidationError, ValidationErrors
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import Household, HouseholdTag, Member, Pairing, database

_DIFFICULTY = ", ".join(f"'{tag}'" for tag in vocab.DIFFICULTY_TAGS)


@dataclass
class PairingData:
    """Every field of a pairing the dialog edits."""

    member_id: int | None = None
    household_id: int | None = None
    year: int | None = None
    goals: str = ""
    measures: str = ""
    due_date: datetime.date | None = None
    review_note: str = ""
    outcome: str = ""


@dataclass(frozen=True)
class PairingRow:
    """One line of the pairings list (and of a member's or household's page)."""

    id: int
    year: int
    member_id: int
    member_name: str
    household_id: int
    household_label: str
    tags: str
    goals: str
    measures: str
    due_date: datetime.date | None
    review_note: str
    outcome: str


def difficulty_tags(household_id: int) -> list[str]:
    """The household's tags that mark it as in difficulty."""
    return [t.tag for t in HouseholdTag.select(HouseholdTag.tag).where(
        (HouseholdTag.household == household_id) & HouseholdTag.tag.in_(vocab.DIFFICULTY_TAGS))]


def pairing_warnings(member_id: int, household_id: int, year: int, pairing_id: int | None = None) -> list[str]:
    """What the branch should know before saving: more than two households, a household not in difficulty."""
    warnings = []
    member = Member.get_or_none(Member.id == member_id)
    household = Household.get_or_none(Household.id == household_id)
    if member is not None:
        others = Pairing.select().where((Pairing.member == member_id) & (Pairing.year == year)
                                        & (Pairing.household != household_id))
        if pairing_id is not None:
            others = others.where(Pairing.id != pairing_id)
        count = others.count() + 1
        if count > vocab.PAIRING_MAX:
            warnings.append(f"{member.name}{year}年将结对帮扶 {count} 户，超过 {vocab.PAIRING_MAX} 户")
    if household is not None and not difficulty_tags(household_id):
        warnings.append(f"{household.head_name}户没有标为{'、'.join(vocab.DIFFICULTY_TAGS)}，"
                        "结对帮扶一般面向困难群众")
    return warnings


def _text(value, label: str, field: str, required: bool = False) -> str:
    word = (value or "").strip()
    if required and not word:
        raise ValidationError(f"请填写{label}", field=field)
    return normalise.check_length(word, limits.NOTES_MAX, field=field, label=label)


def clean_pairing(data: PairingData) -> dict:
    """Pairing columns → value for its own fields; every refusal at once."""
    errors, cleaned = [], {}
    for key, label, required in (("goals", "帮扶目标", True), ("measures", "帮扶措施", False),
                                 ("review_note", "年终评议", False)):
        try:
            cleaned[key] = _text(getattr(data, key), label, key, required)
        except ValidationError as error:
            errors.append(error)
    if not isinstance(data.year, int) or not 2000 <= data.year <= 2100:
        errors.append(ValidationError("请填写年度（2000–2100）", field="year"))
    else:
        cleaned["year"] = data.year
        if data.due_date is not None and data.due_date.year < data.year:
            errors.append(ValidationError(f"完成时限早于帮扶年度 {data.year} 年", field="due_date"))
    cleaned["due_date"] = data.due_date
    outcome = (data.outcome or "").strip()
    if outcome and outcome not in vocab.PAIRING_OUTCOMES:
        errors.append(ValidationError(f"帮扶成效应为{'、'.join(vocab.PAIRING_OUTCOMES)}之一", field="outcome"))
    cleaned["outcome"] = outcome
    if errors:
        raise ValidationErrors(errors)
    return cleaned


def save_pairing(data: PairingData, pairing_id: int | None = None, loaded: Loaded | None = None) -> Pairing:
    """Create or update a pairing; bad input changes nothing (warnings: ``pairing_warnings``),
    nor does a save of a pairing someone else saved since ``loaded`` (``StaleRecord``)."""
    cleaned = clean_pairing(data)
    if data.member_id is None:
        raise ValidationError("请选择帮扶党员", field="member_id")
    if data.household_id is None:
        raise ValidationError("请选择帮扶农户", field="household_id")
    member = Member.get_or_none(Member.id == data.member_id)
    household = Household.get_or_none(Household.id == data.household_id)
    if member is None or household is None:
        raise NotFoundError("找不到该党员或农户，可能已被删除")
    if member.village_id != household.village_id:
        raise ValidationError("帮扶党员和农户不在同一个村", field="household_id")
    with database.atomic():
        duplicate = Pairing.select().where((Pairing.member == member.id) & (Pairing.household == household.id)
                                           & (Pairing.year == cleaned["year"]))
        if pairing_id is not None:
            duplicate = duplicate.where(Pairing.id != pairing_id)
        if duplicate.exists():
            raise ValidationError(f"{member.name}{cleaned['year']}年已与{household.head_name}户结对",
                                  field="household_id")
        if pairing_id is None:
            if member.archived or household.archived:
                raise ValidationError("已归档的党员或农户不能新建结对帮扶", field="member_id")
            return Pairing.create(member=member.id, household=household.id, **cleaned)
        row = Pairing.get_or_none(Pairing.id == pairing_id)
        if row is None:
            raise NotFoundError("找不到这条结对帮扶记录，可能已被删除")
        row.member, row.household = member.id, household.id
        for key, value in cleaned.items():
            setattr(row, key, value)
        rowversion.expect(row, loaded).save()
        return row


def load_pairing(pairing_id: int) -> Loaded:
    """The pairing's version and values now, for the dialog to save against."""
    return rowversion.load(Pairing, pairing_id, "找不到这条结对帮扶记录，可能已被删除")


def pairing_data(pairing_id: int) -> PairingData:
    row = Pairing.get_or_none(Pairing.id == pairing_id)
    if row is None:
        raise NotFoundError("找不到这条结对帮扶记录，可能已被删除")
    return PairingData(row.member_id, row.household_id, row.year, row.goals, row.measures, row.due_date,
                       row.review_note, row.outcome)


def delete_pairing(pairing_id: int, loaded: Loaded | None = None) -> None:
    """Delete one pairing; not one someone else changed since ``loaded``."""
    with database.atomic():
        if not Pairing.select().where(Pairing.id == pairing_id).exists():
            raise NotFoundError("这条结对帮扶记录已被删除（可能是其他用户刚删除的），无需再删")
        rowversion.claim(Pairing, pairing_id, loaded)
        Pairing.delete().where(Pairing.id == pairing_id).execute()


def list_pairings(village_id: int | None = None, year: int | None = None, *, member_id: int | None = None,
                  household_id: int | None = None) -> list[PairingRow]:
    """Pairings by village, year, member or household; newest year first, then by member."""
    clauses, params = ["1 = 1"], []
    for column, value in (("m.village_id", village_id), ("p.year", year), ("p.member_id", member_id),
                          ("p.household_id", household_id)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    rows = database.execute_sql(
        "SELECT p.id, p.year, m.id, m.name, h.id, h.head_name, h.door_number, "
        "COALESCE((SELECT GROUP_CONCAT(t.tag, '、') FROM household_tag t WHERE t.household_id = h.id), ''), "
        "p.goals, p.measures, p.due_date, p.review_note, p.outcome "
        "FROM pairing p JOIN member m ON m.id = p.member_id JOIN household h ON h.id = p.household_id "
        f"WHERE {' AND '.join(clauses)} ORDER BY p.year DESC, m.name_sort, m.id, h.door_sort, h.id", params)
    result = []
    for row in rows:
        label = f"{row[5]}（{row[6]}）" if row[6] else row[5]
        due = row[10]
        if due is not None and not isinstance(due, datetime.date):
            due = datetime.date.fromisoformat(str(due)[:10])
        result.append(PairingRow(row[0], row[1], row[2], row[3], row[4], label, row[7], row[8], row[9], due,
                                 row[11], row[12]))
    return result


def difficulty_households(village_id: int) -> list[tuple[int, str, str]]:
    """(id, label, tags) of the village's households in difficulty on the books, in door order."""
    rows = database.execute_sql(
        "SELECT h.id, h.head_name, h.door_number, "
        "(SELECT GROUP_CONCAT(t.tag, '、') FROM household_tag t WHERE t.household_id = h.id) FROM household h "
        f"WHERE h.village_id = ? AND {rules.active_household()} AND EXISTS (SELECT 1 FROM household_tag t "
        f"WHERE t.household_id = h.id AND t.tag IN ({_DIFFICULTY})) ORDER BY h.door_sort, h.id", [village_id])
    return [(hid, f"{head}（{door}）" if door else head, tags or "") for hid, head, door, tags in rows]


def household_choices(village_id: int) -> list[tuple[int, str]]:
    """(id, label) of every household of the village on the books, in grid and door order."""
    rows = database.execute_sql(
        "SELECT h.id, h.head_name, h.door_number, COALESCE(g.name, '') FROM household h "
        f"LEFT JOIN grid g ON g.id = h.grid_id WHERE h.village_id = ? AND {rules.active_household()} "
        "ORDER BY g.sort_order, h.grid_id, h.door_sort, h.id", [village_id])
    return [(hid, f"{head}（{grid}{door}）" if grid or door else head) for hid, head, door, grid in rows]
