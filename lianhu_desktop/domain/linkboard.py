"""Data for the 联户网格 tab and the poster: grid → member → households.

``load_board`` runs a few queries per call (households with their active link,
last visit and tags; members; grids) and returns plain dataclasses:

- ``Board.grids``: one ``GridGroup`` per grid in display order, each with its
  members (``MemberGroup``, with their households) and its unlinked
  households: this is the grouped list view, and the poster's content;
- ``GridGroup.tiles``: the map board's tiles of that grid, in door order;
- ``Board.legend``: member → colour index, for the board's legend.

``link_notice`` gathers the 党员联户公示表 and ``village_heading`` what the
poster and the notice print of their village, so the builders run no query.

A member's colour index comes from the member's uuid (``colour_for``), so it
stays the same when other members are added, renamed or archived; the tile
carries the member's name, so two members of one grid sharing a colour are
still told apart. "Overdue" means a linked household not visited this month
by anyone (``rules.visited_in_month``).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from lianhu_desktop.domain.linking import household_label, member_grids
from lianhu_desktop.domain.rules import (
    active_household, active_link, active_member, join_active_link, month_bounds, visited_in_month,
)
from lianhu_desktop.errors import NotFoundError
from lianhu_desktop.store.models import Village, database

NO_GRID = "未分网格"
# Soft colours, readable under black text; the GUI and the poster share them.
# No red, salmon or rose among them: unlinked households are red and hatched
# (UNLINKED_COLOUR), and a linked tile must never be mistaken for one.
PALETTE = (
    "#8DD3C7", "#FFFFB3", "#BEBADA", "#80B1D3", "#FDB462", "#B3DE69",
    "#D9D9D9", "#BC80BD", "#CCEBC5", "#FFED6F", "#A6CEE3", "#B2DF8A",
    "#CAB2D6", "#E6D59A", "#9FD4D0", "#C7D3EE", "#D8E68C", "#E2C48F",
)
UNLINKED_COLOUR = "#E53935"


def colour_for(member_uuid: str) -> int:
    """The member's colour index in ``PALETTE``: derived from the uuid, so stable."""
    digest = hashlib.sha1(str(member_uuid).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % len(PALETTE)


@dataclass
class HouseholdRow:
    household_id: int
    door_number: str
    door_sort: int
    head_name: str
    phone: str
    tags: list[str]
    last_visit: datetime.date | None
    visited_this_month: bool
    member_id: int | None
    colour: int | None  # index into PALETTE; None when unlinked
    grid_name: str = ""

    @property
    def label(self) -> str:
        """张三（1号）: for places that show the grid beside it (a grid's panel or section)."""
        return household_label(self.head_name, self.door_number)

    @property
    def full_label(self) -> str:
        """张三（一组 1号）: wherever the grid is not beside it."""
        return household_label(self.head_name, self.door_number, self.grid_name)

    @property
    def unlinked(self) -> bool:
        return self.member_id is None

    @property
    def overdue(self) -> bool:
        return self.member_id is not None and not self.visited_this_month


@dataclass
class MemberGroup:
    member_id: int
    name: str
    phone: str
    party_group: str
    colour: int
    archived: bool
    households: list[HouseholdRow] = field(default_factory=list)


@dataclass
class GridGroup:
    grid_id: int | None
    name: str
    village_id: int
    village_name: str
    members: list[MemberGroup] = field(default_factory=list)
    unlinked: list[HouseholdRow] = field(default_factory=list)
    tiles: list[HouseholdRow] = field(default_factory=list)

    @property
    def household_count(self) -> int:
        return len(self.tiles)


@dataclass(frozen=True)
class LegendEntry:
    member_id: int
    name: str
    colour: int
    count: int
    grid_id: int | None


@dataclass
class Board:
    grids: list[GridGroup]
    legend: list[LegendEntry]
    households: int
    linked: int
    overdue: int

    @property
    def unlinked(self) -> int:
        return self.households - self.linked


_HOUSEHOLD_SQL = f"""
SELECT h.id, h.village_id, h.grid_id, h.door_number, h.door_sort, h.head_name, h.phone,
       l.member_id,
       (SELECT MAX(v.date) FROM visit v WHERE v.household_id = h.id),
       {visited_in_month()},
       (SELECT group_concat(t.tag, '、') FROM household_tag t WHERE t.household_id = h.id)
FROM household h
{join_active_link()}
WHERE {active_household()} AND {{where}}
ORDER BY h.door_sort, h.door_number, h.id
"""


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def load_board(village_id: int | None, today: datetime.date | None = None,
               grid_id: int | None = None) -> Board:
    """Everything the list view, the map board and the poster show for a village.

    ``village_id`` None gives the whole township (grids of every village, in
    village order); ``grid_id`` limits to one grid.
    """
    today = today or datetime.date.today()
    clauses, params = ["1 = 1"], []
    if village_id is not None:
        clauses.append("h.village_id = ?")
        params.append(village_id)
    if grid_id is not None:
        clauses.append("h.grid_id = ?")
        params.append(grid_id)
    where = " AND ".join(clauses)

    v_where, v_params = ("WHERE id = ?", [village_id]) if village_id is not None else ("", [])
    villages = {vid: (name, order) for vid, name, order in database.execute_sql(
        f"SELECT id, name, sort_order FROM village {v_where}", v_params)}
    grids = {}
    for gid, vid, name, _order in database.execute_sql(
            "SELECT id, village_id, name, sort_order FROM grid"
            + (" WHERE village_id = ?" if village_id is not None else ""), v_params):
        if vid in villages:
            grids[(vid, gid)] = GridGroup(gid, name, vid, villages[vid][0])

    rows = []
    member_ids = set()
    for (hid, vid, gid, door, door_sort, head, phone, mid, last, visited, tags) in database.execute_sql(
            _HOUSEHOLD_SQL.format(where=where), [d.isoformat() for d in month_bounds(today)] + params):
        rows.append((vid, gid, HouseholdRow(hid, door, door_sort, head, phone,
                                            tags.split("、") if tags else [], _date(last),
                                            bool(visited), mid, None)))
        if mid is not None:
            member_ids.add(mid)

    members = _members(village_id, member_ids)
    home = member_grids(village_id)
    grid_sort = dict(database.execute_sql("SELECT id, sort_order FROM grid"))

    def member_order(m):
        gid = home.get(m["id"])
        return (villages.get(m["village_id"], ("", 0))[1], m["village_id"], gid is None,
                grid_sort.get(gid, 0), gid or 0, m["sort"], m["id"])

    ordered = sorted(members.values(), key=member_order)
    colours = {m["id"]: colour_for(m["uuid"]) for m in ordered}

    groups: dict[tuple, dict[int, MemberGroup]] = {}
    counts: dict[int, int] = {}
    linked = overdue = 0
    for vid, gid, row in rows:
        grid = grids.get((vid, gid))
        if grid is None:
            grid = grids[(vid, gid)] = GridGroup(gid, NO_GRID, vid, villages.get(vid, ("", 0))[0])
        grid.tiles.append(row)
        row.grid_name = grid.name
        if row.member_id is None:
            grid.unlinked.append(row)
            continue
        linked += 1
        overdue += row.overdue
        row.colour = colours.get(row.member_id, 0)
        counts[row.member_id] = counts.get(row.member_id, 0) + 1
        by_member = groups.setdefault((vid, gid), {})
        if row.member_id not in by_member:
            m = members[row.member_id]
            by_member[row.member_id] = MemberGroup(m["id"], m["name"], m["phone"], m["party_group"],
                                                   colours[m["id"]], m["archived"])
        by_member[row.member_id].households.append(row)

    order = {m["id"]: index for index, m in enumerate(ordered)}
    for key, by_member in groups.items():
        grids[key].members = sorted(by_member.values(), key=lambda g: order.get(g.member_id, 0))
    shown = [g for g in grids.values() if g.tiles or grid_id is None and g.grid_id is not None]
    if grid_id is not None:
        shown = [g for g in shown if g.grid_id == grid_id]
    shown.sort(key=lambda g: (villages.get(g.village_id, ("", 0))[1], g.village_id,
                              g.grid_id is None, grid_sort.get(g.grid_id, 0), g.grid_id or 0))
    legend = [LegendEntry(m["id"], m["name"], colours[m["id"]], counts.get(m["id"], 0),
                          home.get(m["id"])) for m in ordered]
    return Board(shown, legend, len(rows), linked, overdue)


def _members(village_id, linked_ids) -> dict[int, dict]:
    """Non-archived members of the village plus any archived member still linking."""
    clauses = active_member() + (" AND m.village_id = ?" if village_id is not None else "")
    params = [village_id] if village_id is not None else []
    sql = ("SELECT m.id, m.village_id, m.name, m.name_sort, m.phone, COALESCE(pg.name, ''), m.archived, "
           "m.uuid FROM member m LEFT JOIN party_group pg ON pg.id = m.party_group_id WHERE {}")
    members = {}

    def add(rows) -> None:
        for mid, vid, name, order, phone, group, archived, uuid in rows:
            members[mid] = {"id": mid, "village_id": vid, "name": name, "sort": order, "phone": phone,
                            "party_group": group, "archived": bool(archived), "uuid": uuid}

    add(database.execute_sql(sql.format(clauses), params))
    missing = [mid for mid in linked_ids if mid not in members]
    if missing:
        marks = ",".join("?" * len(missing))
        add(database.execute_sql(sql.format(f"m.id IN ({marks})"), missing))
    return members


def member_link_load(member_id: int) -> tuple[int, int]:
    """(households the member links now, the village's most per member)."""
    row = database.execute_sql(
        "SELECT v.link_max, (SELECT COUNT(*) FROM link l JOIN household h ON h.id = l.household_id "
        f"WHERE l.member_id = m.id AND {active_link('l')} AND {active_household('h')}) "
        "FROM member m JOIN village v ON v.id = m.village_id WHERE m.id = ?", [member_id]).fetchone()
    return (0, 0) if row is None else (int(row[1]), int(row[0]))


def member_summaries(village_id: int) -> list[dict]:
    """Every non-archived member of a village with the households they link, for the 公示表.

    Members in party-group then name order; households in door order.
    """
    return _summaries(load_board(village_id), village_id)


def _summaries(board: Board, village_id: int) -> list[dict]:
    by_member: dict[int, list[HouseholdRow]] = {}
    for grid in board.grids:
        for group in grid.members:
            by_member.setdefault(group.member_id, []).extend(group.households)
    rows = database.execute_sql(
        "SELECT m.id, m.name, m.phone, COALESCE(pg.name, ''), m.link_exempt, m.residence "
        "FROM member m LEFT JOIN party_group pg ON pg.id = m.party_group_id "
        f"WHERE m.village_id = ? AND {active_member()} "
        "ORDER BY pg.name IS NULL, pg.id, m.name_sort, m.id", [village_id])
    result = []
    for mid, name, phone, group, exempt, residence in rows:
        households = sorted(by_member.get(mid, []), key=lambda h: (h.door_sort, h.door_number, h.household_id))
        result.append({"member_id": mid, "name": name, "phone": phone, "party_group": group,
                       "exempt": bool(exempt), "residence": residence,
                       "households": [h.full_label for h in households]})
    return result


@dataclass(frozen=True)
class VillageHeading:
    """What a printout says of its village: titles, subtitles, footers."""

    id: int
    name: str
    township: str
    branch_name: str
    supervision_phone: str


def village_heading(village_id: int) -> VillageHeading:
    """The heading of a village; NotFoundError when it is gone."""
    row = (Village.select(Village.id, Village.name, Village.township, Village.branch_name,
                          Village.supervision_phone).where(Village.id == village_id).tuples().first())
    if row is None:
        raise NotFoundError("找不到该村，可能已被删除")
    return VillageHeading(*row)


@dataclass
class LinkNotice:
    """The 党员联户公示表 of a village: its members with their households, and the coverage."""

    village: VillageHeading
    members: list[dict]
    households: int
    linked: int


def link_notice(village_id: int) -> LinkNotice:
    """Everything the 党员联户公示表 of a village prints (see ``member_summaries``)."""
    village = village_heading(village_id)
    board = load_board(village_id)
    return LinkNotice(village, _summaries(board, village_id), board.households, board.linked)
