"""Coverage rules (全覆盖): the clerk's checklist for linking.

``coverage_report`` answers, per village and per grid:

- households without an active link (``unlinked``);
- capable members linking fewer or more households than the village's range
  (``under_range`` / ``over_range``; exempt and archived members excluded);
- migrant members' own households (流动党员户) not linked by a committee
  member (``migrant_households``);
- migrant members who link neighbours rather than the village's people working
  in the same city (``migrants_linking_neighbours``);
- households whose active link belongs to an archived member
  (``archived_linkers``; counted as linked, since the link still stands);
- coverage percentages.

The result is plain JSON (ids, Chinese names, numbers). A handful of
aggregate SQL queries do the work, so a township of 50,000 households is
checked in a fraction of a second.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from lianhu_desktop.domain.linking import household_label
from lianhu_desktop.domain.rules import (
    active_household, active_link, active_link_count, active_member, archived, join_active_link,
)
from lianhu_desktop.store.models import database

MIGRANT = "外出"
MIGRANT_HOUSEHOLD_TAG = "流动党员户"
WORKING_AWAY_TAG = "外出户"
NO_GRID = "未分网格"

_PLACE_SUFFIX = re.compile(r"(省|市|区|县|自治州|地区)$")


def place_key(text: str) -> str:
    """A place name without spaces and its last administrative suffix: 深圳市 → 深圳."""
    value = "".join((text or "").split())
    return _PLACE_SUFFIX.sub("", value) if len(value) > 2 else value


def same_place(a: str, b: str) -> bool:
    """True when two written places name the same city (广东省深圳市 ~ 深圳)."""
    ka, kb = place_key(a), place_key(b)
    if not ka or not kb:
        return False
    return ka in kb or kb in ka


def percent(part: int, whole: int) -> float:
    """A percentage with one decimal; 100.0 for an empty whole (nothing to cover)."""
    return round(100.0 * part / whole, 1) if whole else 100.0


def _scope(alias: str, village_id):
    if village_id is None:
        return "1 = 1", []
    return f"{alias}.village_id = ?", [village_id]


def coverage_report(village_id: int | None = None) -> dict:
    """The coverage checklist for one village, or every village when ``village_id`` is None."""
    where_v, params_v = ("id = ?", [village_id]) if village_id is not None else ("1 = 1", [])
    villages = {}
    for vid, name, link_min, link_max in database.execute_sql(
            f"SELECT id, name, link_min, link_max FROM village WHERE {where_v} "
            f"ORDER BY sort_order, id", params_v):
        villages[vid] = {
            "village_id": vid, "village_name": name, "link_min": link_min, "link_max": link_max,
            "households": 0, "linked": 0, "unlinked_count": 0, "percent": 100.0, "grids": [],
            "unlinked": [], "under_range": [], "over_range": [], "migrant_households": [],
            "migrants_linking_neighbours": [], "archived_linkers": [],
        }
    grid_names = {None: NO_GRID}
    scope, params = _scope("g", village_id)
    for gid, name in database.execute_sql(f"SELECT g.id, g.name FROM grid g WHERE {scope}", params):
        grid_names[gid] = name

    _grid_counts(villages, grid_names, village_id)
    _archived_linkers(villages, village_id)
    members = _member_loads(villages, village_id)
    _migrant_households(villages, grid_names, village_id)
    _migrants_linking_neighbours(villages, members, village_id)

    counted = ("under_range", "over_range", "migrant_households", "migrants_linking_neighbours",
               "archived_linkers")
    # Every key present even with no village at all (an empty or new database).
    totals = {"villages": len(villages), "households": 0, "linked": 0} | dict.fromkeys(counted, 0)
    for village in villages.values():
        village["unlinked_count"] = village["households"] - village["linked"]
        village["percent"] = percent(village["linked"], village["households"])
        totals["households"] += village["households"]
        totals["linked"] += village["linked"]
        for key in counted:
            totals[key] += len(village[key])
    totals["unlinked"] = totals["households"] - totals["linked"]
    totals["percent"] = percent(totals["linked"], totals["households"])
    totals["problems"] = (totals["unlinked"] + totals["under_range"] + totals["over_range"]
                          + totals["migrant_households"] + totals["migrants_linking_neighbours"])
    return {"totals": totals, "villages": list(villages.values())}


def _grid_counts(villages, grid_names, village_id):
    """Households and links per grid, and the unlinked households, in one pass."""
    scope, params = _scope("h", village_id)
    order = dict(database.execute_sql("SELECT id, sort_order FROM grid"))
    # Names are fetched for unlinked households only: most rows carry three integers.
    rows = database.execute_sql(
        "SELECT h.village_id, h.grid_id, CASE WHEN l.id IS NULL THEN h.id END, "
        "CASE WHEN l.id IS NULL THEN h.head_name END, CASE WHEN l.id IS NULL THEN h.door_number END, "
        f"CASE WHEN l.id IS NULL THEN h.door_sort END FROM household h {join_active_link()} "
        f"WHERE {active_household()} AND {scope}", params)
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    unlinked = []
    for vid, gid, hid, head, door, door_sort in rows:
        counts = totals[(vid, gid)]
        counts[0] += 1
        if hid is None:
            counts[1] += 1
        else:
            unlinked.append((vid, gid is None, order.get(gid, 0), gid or 0, door_sort, hid, head, door))
    per_village = defaultdict(list)
    for (vid, gid), (total, linked) in totals.items():
        if vid not in villages:
            continue
        villages[vid]["households"] += total
        villages[vid]["linked"] += linked
        per_village[vid].append({
            "grid_id": gid, "grid_name": grid_names.get(gid, NO_GRID), "households": total,
            "linked": linked, "unlinked_count": total - linked, "percent": percent(linked, total),
        })
    for vid, grids in per_village.items():
        grids.sort(key=lambda g: (g["grid_id"] is None, order.get(g["grid_id"], 0), g["grid_id"] or 0))
        villages[vid]["grids"] = grids
    unlinked.sort()
    for vid, _, _, gid, _, hid, head, door in unlinked:
        if vid in villages:
            gid = gid or None
            villages[vid]["unlinked"].append({
                "household_id": hid, "name": household_label(head, door, grid_names.get(gid, NO_GRID)),
                "grid_id": gid, "grid_name": grid_names.get(gid, NO_GRID)})


def _archived_linkers(villages, village_id):
    scope, params = _scope("h", village_id)
    rows = database.execute_sql(
        # CROSS JOIN keeps SQLite's join order: the few archived members first.
        "SELECT h.id, h.village_id, h.head_name, h.door_number, m.id, m.name FROM member m "
        f"CROSS JOIN link l ON l.member_id = m.id AND {active_link()} "
        f"CROSS JOIN household h ON h.id = l.household_id WHERE {active_household()} AND {archived('m')} "
        f"AND {scope} ORDER BY h.id", params)
    for hid, vid, head, door, mid, mname in rows:
        if vid in villages:
            villages[vid]["archived_linkers"].append({
                "household_id": hid, "name": household_label(head, door),
                "member_id": mid, "member_name": mname})


def _member_loads(villages, village_id) -> dict[int, dict]:
    """Active, non-exempt members with their load; fills under/over range findings."""
    scope, params = _scope("m", village_id)
    # Active links per member, less those to archived households (rare, so counted apart).
    stale = Counter(mid for (mid,) in database.execute_sql(
        f"SELECT l.member_id FROM household h {join_active_link(join='CROSS JOIN')} "
        f"WHERE {archived('h')} AND {_scope('h', village_id)[0]}", params))
    rows = database.execute_sql(
        f"SELECT m.id, m.village_id, m.name, m.residence, m.migrant_place, m.link_exempt, {active_link_count()} "
        f"FROM member m WHERE {active_member()} AND {scope} ORDER BY m.village_id, m.name_sort, m.id",
        params)
    members = {}
    for mid, vid, name, residence, place, exempt, load in rows:
        load -= stale.get(mid, 0)
        village = villages.get(vid)
        if village is None:
            continue
        members[mid] = {"village_id": vid, "name": name, "residence": residence,
                        "migrant_place": place, "load": load}
        if exempt:
            continue
        entry = {"member_id": mid, "name": name, "count": load}
        if load < village["link_min"]:
            village["under_range"].append(entry | {"min": village["link_min"]})
        elif load > village["link_max"]:
            village["over_range"].append(entry | {"max": village["link_max"]})
    return members


def _migrant_households(villages, grid_names, village_id):
    scope, params = _scope("h", village_id)
    rows = database.execute_sql(
        "SELECT h.id, h.village_id, h.grid_id, h.head_name, h.door_number, lm.id, lm.name, "
        "lm.is_committee, (SELECT group_concat(o.name, '、') FROM member o WHERE o.household_id = h.id "
        f" AND {active_member('o')} AND o.residence = '{MIGRANT}') "
        f"FROM household h {join_active_link()} "
        "LEFT JOIN member lm ON lm.id = l.member_id "
        f"WHERE {active_household()} AND {scope} AND (h.id IN (SELECT mo.household_id FROM member mo "
        f" WHERE {active_member('mo')} AND mo.residence = '{MIGRANT}' AND mo.household_id IS NOT NULL) "
        f" OR h.id IN (SELECT household_id FROM household_tag WHERE tag = '{MIGRANT_HOUSEHOLD_TAG}')) "
        "ORDER BY h.village_id, h.grid_id, h.door_sort, h.id", params)
    for hid, vid, gid, head, door, lid, lname, committee, owners in rows:
        if vid not in villages or (lid is not None and committee):
            continue
        problem = "尚未联户，应由支委联系" if lid is None else f"现由{lname}联系，应由支委联系"
        villages[vid]["migrant_households"].append({
            "household_id": hid, "name": household_label(head, door, grid_names.get(gid, NO_GRID)),
            "grid_id": gid,
            "grid_name": grid_names.get(gid, NO_GRID), "migrant_members": owners or "",
            "linker_id": lid, "linker_name": lname or "", "problem": problem})


def _migrants_linking_neighbours(villages, members, village_id):
    """Migrant members linking households other than same-city 外出户."""
    migrants = {mid: m for mid, m in members.items() if m["residence"] == MIGRANT}
    if not migrants:
        return
    scope, params = _scope("h", village_id)
    away = defaultdict(list)  # village → [(household id, work place, linker id)]
    for hid, vid, place, linker in database.execute_sql(
            "SELECT h.id, h.village_id, h.work_place, l.member_id FROM household_tag t "
            f"CROSS JOIN household h ON h.id = t.household_id AND t.tag = ? {join_active_link()} "
            f"WHERE {active_household()} AND {scope} ORDER BY h.id", [WORKING_AWAY_TAG, *params]):
        away[vid].append((hid, place, linker))
    away_ids = {hid: place for rows in away.values() for hid, place, _ in rows}
    scope, params = _scope("m", village_id)
    linked = defaultdict(list)
    for mid, hid, head, door in database.execute_sql(
            "SELECT l.member_id, h.id, h.head_name, h.door_number FROM member m "
            "CROSS JOIN link l ON l.member_id = m.id CROSS JOIN household h ON h.id = l.household_id "
            f"WHERE {active_link()} AND {active_household()} AND {active_member()} AND m.residence = ? "
            f"AND {scope} ORDER BY h.door_sort, h.id", [MIGRANT, *params]):
        linked[mid].append((hid, household_label(head, door)))
    for mid, member in migrants.items():
        place = member["migrant_place"]
        neighbours = [(hid, label) for hid, label in linked.get(mid, ())
                      if not (hid in away_ids and same_place(away_ids[hid], place))]
        if not neighbours:
            continue
        candidates = [hid for hid, work, linker in away[member["village_id"]]
                      if same_place(work, place) and linker != mid]
        where = place or "（未填外出地点）"
        hint = (f"本村在{where}务工的外出户 {len(candidates)} 户可联" if candidates
                else f"本村暂无登记在{where}务工的外出户")
        villages[member["village_id"]]["migrants_linking_neighbours"].append({
            "member_id": mid, "name": member["name"], "migrant_place": place,
            "neighbours": [{"household_id": hid, "name": label} for hid, label in neighbours],
            "same_city_household_ids": candidates, "hint": hint})
