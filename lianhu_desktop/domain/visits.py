"""The visit diary (民情日记): a member's contacts with households, with their rules.

A visit is dated no later than today, not before the member joined nor
after the member or the household was archived. Its household is one the
member links (a link standing on the visit's day, or now), unless the
visit is explicitly outside the member's links (``outside_links``), and is
always of the member's village. Its form is one of seed 004's forms; its
duties a bit mask over the eight duties (八个到位). Requests raised in a
visit are recorded with it, in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime

from peewee import JOIN

from lianhu_desktop.domain import limits, requests as request_rules, rules, vocab
from lianhu_desktop.errors import NotFoundError, ValidationError, ValidationErrors
from lianhu_desktop.store import backend
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import Grid, Household, Link, Member, Request, Village, Visit, database

ALL_DUTIES = (1 << len(vocab.DUTIES)) - 1


@dataclasses.dataclass
class VisitData:
    """A visit as the entry form, the month sheet and the import give it."""

    member_id: int | None = None
    household_id: int | None = None
    date: datetime.date | None = None
    form: str = vocab.VISIT_FORMS[0]
    duties: int = 0
    content: str = ""
    outside_links: bool = False
    # Requests raised in the visit (new ones; household and member come from the visit).
    requests: list[request_rules.RequestData] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class LinkedHousehold:
    id: int
    head_name: str
    door_number: str
    grid: str

    @property
    def label(self) -> str:
        door = f"（{self.door_number}）" if self.door_number else ""
        return f"{self.head_name}{door}" + (f" · {self.grid}" if self.grid else "")


def linked_households(member_id: int, on: datetime.date | None = None) -> list[LinkedHousehold]:
    """The households ``member_id`` links now (or, given ``on``, on that day too), by door number."""
    query = (Household.select(Household.id, Household.head_name, Household.door_number, Grid.name)
             .join(Link, on=(Link.household == Household.id))
             .switch(Household).join(Grid, on=(Grid.id == Household.grid), join_type=JOIN.LEFT_OUTER)
             .where(Link.member == member_id))
    query = query.where(rules.link_is_active() if on is None else rules.link_allows_visit_on(on))
    rows = backend.distinct(query.order_by(Household.door_sort, Household.head_sort, Household.id),
                            Household.id, Grid.id).tuples()
    return [LinkedHousehold(hid, head, door, grid or "") for hid, head, door, grid in rows]


def _linked_on(member_id: int, household_id: int, day: datetime.date) -> bool:
    return Link.select().where((Link.member == member_id) & (Link.household == household_id)
                               & rules.link_allows_visit_on(day)).exists()


def clean_visit(data: VisitData, today: datetime.date | None = None) -> tuple[dict, Member, Household]:
    """Check a visit against its member, household and links; return the columns to store.

    Every problem found is reported at once (``ValidationErrors``).
    """
    member = Member.get_or_none(Member.id == data.member_id) if data.member_id else None
    household = Household.get_or_none(Household.id == data.household_id) if data.household_id else None
    return check_visit(data, member, household, today), member, household


def check_visit(data: VisitData, member: Member | None, household: Household | None,
                today: datetime.date | None = None) -> dict:
    """``clean_visit`` with the member and household already read (an import reads them once)."""
    today = today or datetime.date.today()
    errors: list[ValidationError] = []
    if member is None:
        errors.append(ValidationError("请选择走访的党员", field="member"))
    if household is None:
        errors.append(ValidationError("请选择走访的农户", field="household"))
    day = data.date
    if not isinstance(day, datetime.date):
        errors.append(ValidationError("请填写走访日期", field="date"))
        day = None
    elif day > today:
        errors.append(ValidationError(f"走访日期（{day.isoformat()}）不能晚于今天", field="date"))
    if data.form not in vocab.VISIT_FORMS:
        errors.append(ValidationError(f"走访形式只能是{'、'.join(vocab.VISIT_FORMS)}", field="form"))
    duties = data.duties
    if not isinstance(duties, int) or not 0 <= duties <= ALL_DUTIES:
        errors.append(ValidationError("履行职责应从八个到位中选择", field="duties"))
    content = (data.content or "").strip()
    if len(content) > limits.NOTES_MAX:
        errors.append(ValidationError(f"走访内容不能超过 {limits.NOTES_MAX} 个字", field="content"))
    if member is not None and day is not None:
        if member.join_date and day < member.join_date:
            errors.append(ValidationError(
                f"走访日期（{day.isoformat()}）早于{member.name}的入党时间（{member.join_date.isoformat()}）",
                field="date"))
        if member.archived and member.archived_on and day > member.archived_on:
            errors.append(ValidationError(
                f"{member.name}已于 {member.archived_on.isoformat()} 归档，不能记录此后的走访", field="date"))
    if household is not None and day is not None and household.archived and household.archived_on \
            and day > household.archived_on:
        errors.append(ValidationError(
            f"农户{household.head_name}已于 {household.archived_on.isoformat()} 归档，不能记录此后的走访",
            field="date"))
    if member is not None and household is not None:
        if household.village_id != member.village_id:
            errors.append(ValidationError(f"农户{household.head_name}不在{member.name}所在的村", field="household"))
        elif not data.outside_links and day is not None and not _linked_on(member.id, household.id, day):
            errors.append(ValidationError(
                f"农户{household.head_name}不是{member.name}的联系户；走访联户以外的农户，请勾选“联户以外”",
                field="household"))
    if errors:
        raise ValidationErrors(errors)
    return dict(village=member.village_id, member=member.id, household=household.id, date=day,
                form=data.form, duties=duties, content=content)


def save_visit(data: VisitData, visit_id: int | None = None, today: datetime.date | None = None,
               loaded: Loaded | None = None) -> int:
    """Record a new visit (or change ``visit_id``) with the requests raised in it; return its id.

    All or nothing: a request that fails its checks leaves no visit behind. A
    change is refused with ``StaleRecord`` if someone else saved the visit
    since ``loaded`` (``load_visit``).
    """
    today = today or datetime.date.today()
    with database.atomic():
        values, member, household = clean_visit(data, today)
        raised = []
        for number, request in enumerate(data.requests, 1):
            request = dataclasses.replace(request, household_id=household.id, member_id=member.id,
                                          raised_on=request.raised_on or values["date"])
            try:
                request_rules.clean_request(request, today)
            except ValidationErrors as error:
                raise ValidationErrors([ValidationError(f"第 {number} 条诉求：{e.message}", field="requests")
                                        for e in error.errors]) from error
            raised.append(request)
        if visit_id is None:
            visit_id = Visit.insert(**values).execute()
        else:
            if not Visit.select().where(Visit.id == visit_id).exists():
                raise NotFoundError("这条走访记录已不存在（可能已被删除）")
            rowversion.update(Visit, visit_id, values, loaded)
            # The requests raised in it follow the visit's household and member.
            Request.update(**rowversion.bumped(Request, dict(
                household=household.id, member=member.id, village=household.village_id))) \
                .where(Request.visit == visit_id).execute()
        for request in raised:
            request_rules.create_request(request, visit_id=visit_id, today=today)
        return visit_id


def delete_visit(visit_id: int, loaded: Loaded | None = None) -> int:
    """Delete a visit; requests raised in it stay on the household's record. Returns how many.

    A visit someone else changed since ``loaded`` is not deleted (``StaleRecord``).
    """
    with database.atomic():
        if not Visit.select().where(Visit.id == visit_id).exists():
            raise NotFoundError("这条走访记录已被删除（可能是其他用户刚删除的），无需再删")
        rowversion.claim(Visit, visit_id, loaded)
        kept = Request.select().where(Request.visit == visit_id).count()
        Request.update(**rowversion.bumped(Request, {"visit": None})).where(Request.visit == visit_id).execute()
        Visit.delete().where(Visit.id == visit_id).execute()
        return kept


def load_visit(visit_id: int) -> Loaded:
    """The visit's version and values now, for the entry form to save against."""
    return rowversion.load(Visit, visit_id, "这条走访记录已不存在（可能已被删除）")


def visit_data(visit_id: int) -> VisitData:
    """A stored visit as the entry form edits it (without its requests)."""
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise NotFoundError("这条走访记录已不存在（可能已被删除）")
    linked = _linked_on(visit.member_id, visit.household_id, visit.date)
    return VisitData(member_id=visit.member_id, household_id=visit.household_id, date=visit.date,
                     form=visit.form, duties=visit.duties, content=visit.content, outside_links=not linked)


def last_form_and_duties(member_id: int) -> tuple[str, int]:
    """The form and duties of the member's latest visit (the month sheet's defaults)."""
    row = (Visit.select(Visit.form, Visit.duties).where(Visit.member == member_id)
           .order_by(Visit.date.desc(), Visit.id.desc()).limit(1).tuples().first())
    return row if row else (vocab.VISIT_FORMS[0], vocab.duties_to_mask(["民意收集"]))


@dataclasses.dataclass(frozen=True)
class MemberChoice:
    id: int
    name: str
    keys: str  # what a search matches: name, pinyin, initials, phone
    village: str

    def matches(self, typed: str) -> bool:
        typed = "".join(typed.split()).lower()
        return not typed or typed in self.keys


def member_choices(village_id: int | None) -> list[MemberChoice]:
    """Members on the roster (of a village, or all) for the entry form's search, by name."""
    query = (Member.select(Member.id, Member.name, Member.name_pinyin, Member.name_initials, Member.phone,
                           Village.name)
             .join(Village, on=(Village.id == Member.village)).where(rules.member_is_active())
             .order_by(Village.sort_order, Member.name_sort, Member.id))
    if village_id is not None:
        query = query.where(Member.village == village_id)
    return [MemberChoice(mid, name, f"{name} {(pinyin or '').lower()} {(initials or '').lower()} {phone or ''}",
                         village)
            for mid, name, pinyin, initials, phone, village in query.tuples()]


def village_households(member_id: int) -> list[LinkedHousehold]:
    """Every household on the books in the member's village (visits outside the links)."""
    member = Member.get_or_none(Member.id == member_id)
    return [] if member is None else households_of_village(member.village_id)


def households_of_village(village_id: int) -> list[LinkedHousehold]:
    """Every household on the books in a village, by grid and door number."""
    rows = (Household.select(Household.id, Household.head_name, Household.door_number, Grid.name)
            .join(Grid, on=(Grid.id == Household.grid), join_type=JOIN.LEFT_OUTER)
            .where((Household.village == village_id) & rules.household_is_active())
            .order_by(Grid.sort_order, Household.door_sort, Household.head_sort, Household.id).tuples())
    return [LinkedHousehold(hid, head, door, grid or "") for hid, head, door, grid in rows]


def linking_member(household_id: int) -> int | None:
    """The member who links the household now, if any."""
    row = Link.select(Link.member).where((Link.household == household_id) & rules.link_is_active()).first()
    return row.member_id if row else None


def household_title(household_id: int) -> tuple[int, str]:
    """(village id, "head（door）") of a household, or a Chinese refusal when it is gone."""
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFoundError("这户已不存在（可能已被删除）")
    door = f"（{household.door_number}）" if household.door_number else ""
    return household.village_id, f"{household.head_name}{door}"
