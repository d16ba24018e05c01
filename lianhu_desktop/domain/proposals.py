"""Proposals (自动分配建议): a member for each unlinked household, under one mode.

The clerk reviews the proposals and accepts all, some or none (``accept``).
Modes (seed 003):

- 就近就地 (proximity): same grid first, then the nearest door number
  (``door_sort``). Members below the village's ``link_min`` are filled first;
  nobody is proposed past ``link_max``. The coverage rules are honoured too:
  migrant members' households (流动党员户) go to committee members, and
  外出户 working in a migrant member's city go to that migrant member;
  other households go to members living at home.
- 能力分类 (ability): 专业户/种养大户 → 种植技术, 养殖技术 or 农机维修;
  上访户 → 法律政策; 困难户 → 经商致富 (skills on the member record).
  Households with none of these tags get no proposal in this mode.
- 产业协会 (association): the household's industry association equals the
  member's. Members have no association column: a member's association is
  that of their own household (``Member.household``) when it has one, else
  the commonest among the households they already link (ties: the first in
  code-point order). Households without an association get no proposal.
- 双向选择 (voluntary) is a choice people make, not something to compute.

Deterministic: every choice is the minimum of a key that ends in the member
id. One or two queries per village load everything; the choosing is in memory.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from lianhu_desktop.domain.coverage import MIGRANT, MIGRANT_HOUSEHOLD_TAG, WORKING_AWAY_TAG, same_place
from lianhu_desktop.domain.linking import link_pairs, member_grids
from lianhu_desktop.domain.rules import active_household, active_link, active_member, has_active_link
from lianhu_desktop.domain.vocab import LINK_MODES
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import database

PROXIMITY, VOLUNTARY, ABILITY, ASSOCIATION = LINK_MODES

# Household tag → skills that qualify a member to link it (seed 003, 能力分类联户).
ABILITY_SKILLS = {
    "专业户": ("种植技术", "养殖技术", "农机维修"),
    "种养大户": ("种植技术", "养殖技术", "农机维修"),
    "上访户": ("法律政策",),
    "困难户": ("经商致富",),
}
_SKILL_SPLIT = re.compile(r"[、,，;；/\s]+")
_FAR = 10**9


@dataclass(frozen=True)
class Proposal:
    household_id: int
    member_id: int
    reason: str


@dataclass
class _Member:
    id: int
    name: str
    grid: int | None
    load: int
    committee: bool
    migrant: bool
    place: str
    skills: frozenset
    association: str
    anchor: int | None


@dataclass
class _Household:
    id: int
    grid: int | None
    door: int
    association: str
    tags: frozenset
    owner_migrant: bool
    place: str


def parse_skills(text: str) -> frozenset:
    """The skills written on a member record ('种植技术、法律政策') as a set."""
    return frozenset(part for part in _SKILL_SPLIT.split(text or "") if part)


def propose(village_id: int | None, mode: str, household_ids=None) -> list[Proposal]:
    """Proposals for the unlinked households of a village (all villages when None).

    ``household_ids`` limits the proposals to those households.
    """
    if mode not in LINK_MODES:
        raise ValidationError(f"联户模式应为：{'、'.join(LINK_MODES)}（现为“{mode}”）", field="mode")
    if mode == VOLUNTARY:
        raise ValidationError("“双向选择”由党员和农户相互选择，不能自动分配；请在选好后手工联户")
    where, params = ("id = ?", [village_id]) if village_id is not None else ("1 = 1", [])
    villages = list(database.execute_sql(
        f"SELECT id, link_min, link_max FROM village WHERE {where} ORDER BY sort_order, id", params))
    wanted = set(household_ids) if household_ids is not None else None
    grids = dict(database.execute_sql("SELECT id, name FROM grid"))
    grid_order = dict(database.execute_sql("SELECT id, sort_order FROM grid"))
    result = []
    for vid, link_min, link_max in villages:
        members = _load_members(vid)
        households = _load_unlinked(vid, wanted)
        households.sort(key=lambda h: (h.grid is None, grid_order.get(h.grid, 0), h.grid or 0, h.door, h.id))
        chooser = _Chooser(members, link_min, link_max, grids)
        if mode == PROXIMITY:
            result += _proximity(chooser, households)
        elif mode == ABILITY:
            result += _ability(chooser, households)
        else:
            result += _association(chooser, households)
    return result


def accept(proposals, mode: str, start=None) -> list:
    """Create the links of the accepted proposals in one transaction; return the links.

    Fails as a whole (Chinese ValidationError) when a household was linked
    meanwhile: propose again then.
    """
    return link_pairs([(p.household_id, p.member_id) for p in proposals], mode, start)


def _load_members(village_id: int) -> dict[int, _Member]:
    grids = member_grids(village_id)
    doors = defaultdict(list)
    associations = defaultdict(Counter)
    for mid, door, association in database.execute_sql(
            "SELECT l.member_id, h.door_sort, h.industry_association FROM link l "
            "JOIN household h ON h.id = l.household_id JOIN member m ON m.id = l.member_id "
            f"WHERE {active_link()} AND {active_household()} AND {active_member()} AND m.village_id = ?",
            [village_id]):
        doors[mid].append(door)
        if association:
            associations[mid][association.strip()] += 1
    members = {}
    for mid, name, committee, residence, place, skills, own_door, own_assoc in database.execute_sql(
            "SELECT m.id, m.name, m.is_committee, m.residence, m.migrant_place, m.skills, "
            "h.door_sort, h.industry_association FROM member m "
            "LEFT JOIN household h ON h.id = m.household_id "
            f"WHERE m.village_id = ? AND {active_member()} AND m.link_exempt = FALSE ORDER BY m.id",
            [village_id]):
        association = (own_assoc or "").strip()
        if not association and associations[mid]:
            association = min(associations[mid].items(), key=lambda item: (-item[1], item[0]))[0]
        anchor = own_door if own_door is not None else (
            int(statistics.median_low(doors[mid])) if doors[mid] else None)
        members[mid] = _Member(mid, name, grids.get(mid), len(doors[mid]), bool(committee),
                               residence == MIGRANT, place, parse_skills(skills), association, anchor)
    return members


def _load_unlinked(village_id: int, wanted) -> list[_Household]:
    return _load_households(village_id, wanted)


def _load_households(village_id: int, wanted, linked_to: int | None = None) -> list[_Household]:
    """The village's unlinked households, or (``linked_to``) those a member links now."""
    if linked_to is None:
        which, params = f"NOT {has_active_link()}", [village_id]
    else:
        which, params = (f"EXISTS (SELECT 1 FROM link l WHERE l.household_id = h.id AND {active_link()} "
                         "AND l.member_id = ?)"), [village_id, linked_to]
    rows = database.execute_sql(
        "SELECT h.id, h.grid_id, h.door_sort, h.industry_association, h.work_place, "
        "(SELECT group_concat(t.tag, '|') FROM household_tag t WHERE t.household_id = h.id), "
        f"EXISTS (SELECT 1 FROM member o WHERE o.household_id = h.id AND {active_member('o')} "
        f"        AND o.residence = '{MIGRANT}') "
        f"FROM household h WHERE h.village_id = ? AND {active_household()} AND {which}", params)
    households = []
    for hid, grid, door, association, place, tags, owner_migrant in rows:
        if wanted is not None and hid not in wanted:
            continue
        households.append(_Household(hid, grid, door or 0, (association or "").strip(),
                                     frozenset((tags or "").split("|")) - {""},
                                     bool(owner_migrant), place or ""))
    return households


def propose_handover(member_id: int) -> list[Proposal]:
    """就近就地 proposals for the households ``member_id`` links now, as if the
    member were gone (archiving hands them to others). The member's own load
    does not count; the other members' ranges are honoured as in ``propose``."""
    found = list(database.execute_sql(
        "SELECT v.id, v.link_min, v.link_max FROM member m JOIN village v ON v.id = m.village_id "
        "WHERE m.id = ?", [member_id]))
    if not found:
        raise NotFoundError("找不到该党员，可能已被删除")
    village_id, link_min, link_max = found[0]
    members = _load_members(village_id)
    members.pop(member_id, None)
    households = _load_households(village_id, None, linked_to=member_id)
    grids = dict(database.execute_sql("SELECT id, name FROM grid WHERE village_id = ?", [village_id]))
    grid_order = dict(database.execute_sql("SELECT id, sort_order FROM grid WHERE village_id = ?", [village_id]))
    households.sort(key=lambda h: (h.grid is None, grid_order.get(h.grid, 0), h.grid or 0, h.door, h.id))
    return _proximity(_Chooser(members, link_min, link_max, grids), households)


class _Chooser:
    """Picks the best member with room for a household and keeps the loads current."""

    def __init__(self, members, link_min, link_max, grid_names):
        self.members = members
        self.link_min, self.link_max = link_min, link_max
        self.grid_names = grid_names

    def best(self, household: _Household, pool) -> _Member | None:
        def key(m: _Member):
            distance = abs(household.door - m.anchor) if m.anchor is not None else _FAR
            return (m.grid != household.grid, m.load >= self.link_min, distance, m.load, m.id)

        room = [m for m in pool if m.load < self.link_max]
        if not room:
            return None
        chosen = min(room, key=key)
        chosen.load += 1
        return chosen

    def place(self, household: _Household, member: _Member) -> str:
        """The proximity part of a reason: same grid or the neighbouring one."""
        if member.grid == household.grid and household.grid is not None:
            return f"同在{self.grid_names.get(household.grid, '')}，门牌相近"
        if member.grid is None:
            return "就近安排"
        return f"本网格党员已满额，由{self.grid_names.get(member.grid, '邻近网格')}党员就近联系"


def _by_grid(pool):
    grouped = defaultdict(list)
    for member in pool:
        grouped[member.grid].append(member)
    return grouped


def _pick(chooser, household, pool, pool_by_grid):
    """Same-grid members with room first; the whole pool when the grid is full."""
    same = [m for m in pool_by_grid.get(household.grid, ()) if m.load < chooser.link_max]
    return chooser.best(household, same or pool)


def _proximity(chooser: _Chooser, households) -> list[Proposal]:
    members = sorted(chooser.members.values(), key=lambda m: m.id)
    at_home = [m for m in members if not m.migrant]
    committee = [m for m in at_home if m.committee]
    migrants = [m for m in members if m.migrant]
    home_by_grid, committee_by_grid = _by_grid(at_home), _by_grid(committee)
    migrant_homes = [h for h in households if h.owner_migrant or MIGRANT_HOUSEHOLD_TAG in h.tags]
    rest = [h for h in households if not (h.owner_migrant or MIGRANT_HOUSEHOLD_TAG in h.tags)]
    proposals = []
    for household in migrant_homes:
        member = _pick(chooser, household, committee, committee_by_grid)
        if member is not None:
            proposals.append(Proposal(household.id, member.id, "流动党员户，由支委联系"))
    for household in rest:
        if WORKING_AWAY_TAG in household.tags and household.place:
            same_city = [m for m in migrants if same_place(m.place, household.place)]
            member = chooser.best(household, same_city) if same_city else None
            if member is not None:
                proposals.append(Proposal(household.id, member.id,
                                          f"在{household.place}务工，由同城外出党员联系"))
                continue
        member = _pick(chooser, household, at_home, home_by_grid)
        if member is not None:
            proposals.append(Proposal(household.id, member.id, chooser.place(household, member)))
    proposals.sort(key=lambda p: p.household_id)
    return proposals


def _ability(chooser: _Chooser, households) -> list[Proposal]:
    pool = sorted((m for m in chooser.members.values() if not m.migrant and m.skills),
                  key=lambda m: m.id)
    proposals = []
    for household in households:
        needed = {}
        for tag in sorted(household.tags):
            for skill in ABILITY_SKILLS.get(tag, ()):
                needed.setdefault(skill, tag)
        if not needed:
            continue
        able = [m for m in pool if m.skills & needed.keys()]
        member = _pick(chooser, household, able, _by_grid(able)) if able else None
        if member is not None:
            skill = min(m_skill for m_skill in member.skills & needed.keys())
            proposals.append(Proposal(household.id, member.id, f"{needed[skill]}，党员擅长{skill}"))
    proposals.sort(key=lambda p: p.household_id)
    return proposals


def _association(chooser: _Chooser, households) -> list[Proposal]:
    pools = defaultdict(list)
    for member in sorted(chooser.members.values(), key=lambda m: m.id):
        if member.association and not member.migrant:
            pools[member.association].append(member)
    grouped = {name: _by_grid(pool) for name, pool in pools.items()}
    proposals = []
    for household in households:
        pool = pools.get(household.association)
        if not pool:
            continue
        member = _pick(chooser, household, pool, grouped[household.association])
        if member is not None:
            proposals.append(Proposal(household.id, member.id, f"同属“{household.association}”"))
    proposals.sort(key=lambda p: p.household_id)
    return proposals
