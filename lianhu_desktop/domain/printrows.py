"""Rows of the printouts beyond door plates: handbooks, contact book, cards, notices.

Each function takes a ``printing.Scope`` and returns plain dataclasses; the
builders in ``reports`` draw them and never query the database. Household
phones appear only in a member's own handbook (the member needs them); the
village-wide contact book shows the members' phones, not the households'.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lianhu_desktop.domain.labels import door_label
from lianhu_desktop.domain.printing import Scope, get_service_items, get_useful_numbers
from lianhu_desktop.domain.rules import active_household, active_link, active_member, join_active_link
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import Item, Scheme, Village, database


@dataclass(frozen=True)
class HouseholdLine:
    id: int
    head_name: str
    door_number: str  # as printed: grid and door, 一组 1号 (``labels.door_label``)
    phone: str
    size: int
    tags: str
    grid_name: str


@dataclass(frozen=True)
class CommitmentLine:
    member_name: str
    party_group: str
    content: str
    deadline: str
    quality_standard: str
    status: str


@dataclass(frozen=True)
class SchemeItemLine:
    name: str
    points: str
    criteria: str


@dataclass
class MemberInfo:
    id: int
    name: str
    phone: str
    party_group: str
    post: str
    tier: str
    village_id: int
    village_name: str
    branch_name: str
    supervision_phone: str


@dataclass
class Handbook:
    member: MemberInfo
    year: int
    households: list[HouseholdLine] = field(default_factory=list)
    commitments: list[CommitmentLine] = field(default_factory=list)
    scheme_name: str = ""
    scheme_items: list[SchemeItemLine] = field(default_factory=list)


_MEMBER_SQL = f"""
SELECT m.id, m.name, m.phone, COALESCE(pg.name, ''), COALESCE(p.name, ''), m.tier, v.id, v.name,
       v.branch_name, v.supervision_phone
FROM member m
JOIN village v ON v.id = m.village_id
LEFT JOIN party_group pg ON pg.id = m.party_group_id
LEFT JOIN post p ON p.id = m.post_id
WHERE {active_member()} AND {{where}}
ORDER BY v.sort_order, v.id, m.name_sort, m.id
"""


def members(scope: Scope) -> list[MemberInfo]:
    """The members a scope covers: one member, a grid's (living there or linking there), a village's."""
    clauses, params = ["1 = 1"], []
    if scope.member_id is not None:
        clauses.append("m.id = ?")
        params.append(scope.member_id)
    elif scope.grid_id is not None:
        clauses.append("(m.home_grid_id = ? OR m.id IN (SELECT l.member_id FROM link l JOIN household h "
                       f"ON h.id = l.household_id WHERE {active_link()} AND h.grid_id = ?))")
        params += [scope.grid_id, scope.grid_id]
    if scope.village_id is not None:
        clauses.append("m.village_id = ?")
        params.append(scope.village_id)
    rows = database.execute_sql(_MEMBER_SQL.format(where=" AND ".join(clauses)), params)
    return [MemberInfo(*row[:8], row[8] or f"{row[7]}党支部", row[9]) for row in rows]


def linked_households(member_id: int) -> list[HouseholdLine]:
    """A member's actively linked households, in grid and door order, with their tags."""
    rows = database.execute_sql(
        "SELECT h.id, h.head_name, h.door_number, h.phone, h.size, "
        "COALESCE((SELECT GROUP_CONCAT(t.tag, '、') FROM household_tag t WHERE t.household_id = h.id), ''), "
        "COALESCE(g.name, '') FROM link l JOIN household h ON h.id = l.household_id "
        "LEFT JOIN grid g ON g.id = h.grid_id "
        f"WHERE l.member_id = ? AND {active_link()} AND {active_household()} "
        "ORDER BY g.sort_order, h.grid_id, h.door_sort, h.id", [member_id])
    return [HouseholdLine(hid, head, door_label(grid, door), phone, size, tags, grid)
            for hid, head, door, phone, size, tags, grid in rows]


def commitments(member_ids, year: int) -> list[CommitmentLine]:
    """The commitments of these members for ``year``, member by member."""
    ids = list(member_ids)
    if not ids:
        return []
    result = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = database.execute_sql(
            "SELECT m.name, COALESCE(pg.name, ''), c.content, c.deadline, c.quality_standard, c.status "
            "FROM commitment c JOIN member m ON m.id = c.member_id "
            "LEFT JOIN party_group pg ON pg.id = m.party_group_id "
            f"WHERE c.member_id IN ({marks}) AND c.year = ? ORDER BY m.name_sort, m.id, c.deadline, c.id",
            [*chunk, year])
        result += [CommitmentLine(r[0], r[1], r[2], _date(r[3]), r[4], r[5]) for r in rows]
    return result


def _date(value) -> str:
    if not value:
        return ""
    text = str(value)[:10]
    return f"{text[:4]}年{int(text[5:7])}月{int(text[8:10])}日" if len(text) == 10 else text


def scheme_for(village_id: int, tier: str, year: int) -> tuple[str, list[SchemeItemLine]]:
    """The appraisal scheme of a tier: the village's own for the year, else the township's,
    else the latest earlier one. Returns (name, items)."""
    query = (Scheme.select().where((Scheme.tier == tier) & (Scheme.year <= year)
                                   & ((Scheme.village == village_id) | Scheme.village.is_null()))
             .order_by(Scheme.year.desc(), Scheme.village.is_null(), Scheme.id.desc()))
    scheme = query.first()
    if scheme is None:
        return "", []
    items = [SchemeItemLine(item.name, _points(item.max_tenths), item.criteria)
             for item in Item.select().where(Item.scheme == scheme).order_by(Item.sort_order, Item.id)]
    return scheme.name or f"{tier}考核方案", items


def _points(tenths: int) -> str:
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"


class HandbookSet:
    """The handbooks of a scope; ``len()`` and a lazy iteration, one member at a time."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.members = members(scope)

    def __len__(self) -> int:
        return len(self.members)

    def __iter__(self) -> Iterator[Handbook]:
        year = self.scope.print_year
        for member in self.members:
            name, items = scheme_for(member.village_id, member.tier, year)
            yield Handbook(member, year, linked_households(member.id), commitments([member.id], year),
                           name, items)


def handbooks(scope: Scope) -> HandbookSet:
    """One handbook per member of the scope."""
    return HandbookSet(scope)


# --- contact book -------------------------------------------------------------------

@dataclass(frozen=True)
class DirectoryLine:
    door_number: str
    head_name: str
    member_name: str
    member_phone: str


@dataclass(frozen=True)
class MemberLine:
    name: str
    phone: str
    party_group: str
    post: str
    households: str


@dataclass
class ContactBook:
    village_name: str
    township: str
    branch_name: str
    secretary: str
    supervision_phone: str
    year: int
    grids: list[tuple[str, list[DirectoryLine]]]
    members: list[MemberLine]
    useful_numbers: list[tuple[str, str]]


def contact_book(scope: Scope) -> ContactBook:
    """The village directory of a scope (a village, or one of its grids)."""
    if scope.village_id is None:
        raise ValidationError("联系手册按村印制，请选择一个村")
    village = Village.get_by_id(scope.village_id)
    where, params = f"h.village_id = ? AND {active_household()}", [village.id]
    if scope.grid_id is not None:
        where += " AND h.grid_id = ?"
        params.append(scope.grid_id)
    rows = database.execute_sql(
        "SELECT COALESCE(g.name, '未分网格'), h.door_number, h.head_name, COALESCE(m.name, ''), "
        f"COALESCE(m.phone, ''), m.id FROM household h LEFT JOIN grid g ON g.id = h.grid_id {join_active_link()} "
        "LEFT JOIN member m ON m.id = l.member_id "
        f"WHERE {where} ORDER BY g.sort_order IS NULL, g.sort_order, h.grid_id, h.door_sort, h.id", params)
    grids: list[tuple[str, list[DirectoryLine]]] = []
    heads: dict[int, list[str]] = {}
    for grid, door, head, member, phone, member_id in rows:
        if not grids or grids[-1][0] != grid:
            grids.append((grid, []))
        grids[-1][1].append(DirectoryLine(door, head, member, phone))
        if member_id is not None:
            heads.setdefault(member_id, []).append(head)
    lines = [MemberLine(m.name, m.phone, m.party_group, m.post, "、".join(heads.get(m.id, [])))
             for m in members(scope)]
    return ContactBook(village.name, village.township, village.branch_name or f"{village.name}党支部",
                       village.secretary, village.supervision_phone, scope.print_year, grids, lines,
                       get_useful_numbers(village.id))


# --- member cards and the commitments notice ----------------------------------------

@dataclass(frozen=True)
class CardRow:
    name: str
    post: str
    phone: str
    party_group: str
    branch_name: str
    service_items: tuple[str, ...]


def member_cards(scope: Scope) -> list[CardRow]:
    """One pocket card (党员名片) per member of the scope."""
    services: dict[int, tuple[str, ...]] = {}
    cards = []
    for m in members(scope):
        if m.village_id not in services:
            services[m.village_id] = tuple(get_service_items(m.village_id))
        cards.append(CardRow(m.name, m.post, m.phone, m.party_group, m.branch_name, services[m.village_id]))
    return cards


@dataclass
class CommitmentNotice:
    village_name: str
    township: str
    branch_name: str
    supervision_phone: str
    year: int
    rows: list[CommitmentLine]


def commitment_notice(scope: Scope) -> CommitmentNotice:
    """The 承诺公示 of a village (or a grid's or one member's commitments)."""
    if scope.village_id is None:
        raise ValidationError("承诺公示按村印制，请选择一个村")
    village = Village.get_by_id(scope.village_id)
    rows = commitments([m.id for m in members(scope)], scope.print_year)
    return CommitmentNotice(village.name, village.township, village.branch_name or f"{village.name}党支部",
                            village.supervision_phone, scope.print_year, rows)


# --- 结链责任状 (seed 002 §3.1) ----------------------------------------------------

@dataclass
class PledgeLetter:
    """One member's responsibility letter with the branch secretary, and their households."""

    member: MemberInfo
    secretary: str
    year: int
    households: list[HouseholdLine]


def pledge_letters(scope: Scope) -> list[PledgeLetter]:
    """One letter per member of the scope who links households now."""
    secretaries: dict[int, str] = {}
    letters = []
    for member in members(scope):
        households = linked_households(member.id)
        if not households:
            continue
        if member.village_id not in secretaries:
            secretaries[member.village_id] = Village.get_by_id(member.village_id).secretary
        letters.append(PledgeLetter(member, secretaries[member.village_id], scope.print_year, households))
    return letters


# --- 一评: ballots, the results sheet and the 公示 ----------------------------------

@dataclass(frozen=True)
class BallotSheet:
    """What every ballot of a village's appraisal lists (the same on each copy)."""

    village_name: str
    township: str
    branch_name: str
    year: int
    members: list  # ``ballots.BallotMember``: tier order, then name; ``label`` tells same names apart


def ballot_sheet(scope: Scope) -> BallotSheet:
    """The 民主测评票 of a village for the scope's year."""
    from lianhu_desktop.domain.ballots import ballot_members

    if scope.village_id is None:
        raise ValidationError("民主测评票按村印制，请选择一个村")
    village = Village.get_by_id(scope.village_id)
    return BallotSheet(village.name, village.township, village.branch_name or f"{village.name}党支部",
                       scope.print_year, ballot_members(village.id, scope.print_year))


@dataclass(frozen=True)
class AppraisalSheet:
    """The year's appraisal results with what the signed sheet and the 公示 add around them."""

    results: object  # ``appraisal_types.AppraisalResults``
    township: str
    branch_name: str
    secretary: str
    supervision_phone: str
    # member id → the name as the ballot lists it (same names told apart), where it differs from the name
    labels: dict = field(default_factory=dict)

    def label(self, member) -> str:
        return self.labels.get(member.member_id, member.name)


def appraisal_results(village_id: int, year: int):
    """The year's ``AppraisalResults``, computed by ``domain.appraisal`` (the one place printing asks)."""
    try:
        from lianhu_desktop.domain.appraisal import results
    except ModuleNotFoundError as error:
        if error.name != "lianhu_desktop.domain.appraisal":
            raise
        raise ValidationError("此版本尚不能计算民主评议结果，无法打印考核结果") from None
    return results(village_id, year)


def appraisal_sheet(scope: Scope) -> AppraisalSheet:
    """The results sheet (考核结果) and the 公示 of a village for the scope's year."""
    if scope.village_id is None:
        raise ValidationError("民主评议结果按村印制，请选择一个村")
    from lianhu_desktop.domain.ballots import ballot_members

    village = Village.get_by_id(scope.village_id)
    results = appraisal_results(village.id, scope.print_year)
    labels = {m.id: m.label for m in ballot_members(village.id, scope.print_year) if m.label != m.name}
    return AppraisalSheet(results, village.township, village.branch_name or f"{village.name}党支部",
                          village.secretary, village.supervision_phone, labels)
