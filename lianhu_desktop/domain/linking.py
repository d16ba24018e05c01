"""Linking (联户): assign households to members, move them, end links.

One household has at most one active link (``rules.active_link``; a partial
unique index in the schema guards it). Ended links stay as history. A change
of link changes the household's door plate, so each household has a plate
fingerprint, and ``PrintLog`` (kind ``doorplate``) remembers the fingerprint
last printed: ``plates_changed_since_print`` lists what needs reprinting.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from typing import Mapping

from peewee import Case, chunked

from lianhu_desktop.domain import audit, labels, rules
from lianhu_desktop.domain.vocab import LINK_MODES
from lianhu_desktop.errors import NotFoundError, StaleRecord, ValidationError
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import (
    AuditLog, Household, Link, Member, database, new_uuid, now,
)

MOVE_REASON = "调整联户"
PLATE_KIND = "doorplate"
# SQLite's default limit on bound parameters is 999 in old builds.
_CHUNK = 500


def household_label(head_name: str, door_number: str, grid_name: str | None = None) -> str:
    """How a household is named to users: 户主（网格 门牌）, see ``domain.labels``.

    Without ``grid_name`` (messages about households whose grid was not
    fetched) the door number alone is shown.
    """
    if grid_name is not None:
        return labels.household_label(head_name, door_number, grid_name)
    return f"{head_name}（{door_number}）" if door_number else head_name


def _check_mode(mode: str) -> str:
    if mode not in LINK_MODES:
        raise ValidationError(f"联户模式应为：{'、'.join(LINK_MODES)}（现为“{mode}”）", field="mode")
    return mode


def _fetch_households(household_ids) -> dict[int, Household]:
    found = {}
    for chunk in chunked(household_ids, _CHUNK):
        for household in Household.select().where(Household.id.in_(chunk)):
            found[household.id] = household
    missing = [hid for hid in household_ids if hid not in found]
    if missing:
        raise NotFoundError(f"找不到农户（编号 {', '.join(map(str, missing[:10]))}），可能已被删除")
    return found


def active_links(household_ids) -> dict[int, Link]:
    """The active link of each given household that has one, keyed by household id."""
    result = {}
    for chunk in chunked(list(household_ids), _CHUNK):
        query = (Link.select(Link, Member).join(Member)
                 .where(Link.household.in_(chunk) & rules.link_is_active()))
        for link in query:
            result[link.household_id] = link
    return result


def links_as_shown(household_ids) -> dict[int, Loaded | None]:
    """Each household's active link as a dialog shows it (None: unlinked), to act against."""
    current = active_links(household_ids)
    mark = rowversion.of(next(iter(current.values()))).log_mark if current else 0
    return {hid: (rowversion.Loaded("link", current[hid].id, current[hid].row_version,
                                    dict(current[hid].__data__), mark) if hid in current else None)
            for hid in household_ids}


def _check_shown(current: dict[int, Link], shown: Mapping[int, Loaded | None] | None, *,
                 take: bool = True) -> None:
    """Refuse when a household's link is no longer the one the dialog showed
    (someone else linked, moved or ended it meanwhile); take the links shown
    (their version moves on, atomically checked) so that no one changes them
    before this transaction ends; with ``take`` False the caller saves them
    against the version shown."""
    for hid, before in (shown or {}).items():
        now = current.get(hid)
        if before is None and now is None:
            continue
        if before is not None and now is not None and now.id == before.row_id:
            if take:
                rowversion.claim(Link, now.id, before)
            continue
        head, door = Household.select(Household.head_name, Household.door_number) \
            .where(Household.id == hid).tuples().first() or ("", "")
        state = f"现由党员“{now.member.name}”联系" if now is not None else "现在没有联户党员"
        raise StaleRecord(f"农户{household_label(head, door)}的联户关系在您打开此窗口后已被其他用户调整"
                          f"（{state}），刚才的操作没有进行。请关闭窗口，在列表中重新选择后再操作。")


def link_households(member_id: int, household_ids, mode: str = "就近就地",
                    start: datetime.date | None = None, *, move: bool = False,
                    shown: Mapping[int, Loaded | None] | None = None) -> list[Link]:
    """Link the households to the member; return the links created.

    A household already linked to this member is left as it is. One linked to
    another member is moved only when ``move`` is true (the old link ends on
    ``start`` with reason 调整联户); otherwise a ValidationError names it.
    Archived members and households cannot be linked. ``shown``
    (``links_as_shown``) is what the dialog showed: a household whose link
    someone else changed since is refused with ``StaleRecord``.
    """
    _check_mode(mode)
    start = start or datetime.date.today()
    ids = list(dict.fromkeys(int(h) for h in household_ids))
    if not ids:
        raise ValidationError("请先选择要联系的农户")
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("找不到该党员，可能已被删除")
    if member.archived:
        raise ValidationError(f"党员“{member.name}”已归档（{member.archive_reason or '不在册'}），不能联户")
    with database.atomic():
        households = _fetch_households(ids)
        archived = [h for h in households.values() if h.archived]
        if archived:
            names = "、".join(household_label(h.head_name, h.door_number) for h in archived[:5])
            raise ValidationError(f"以下农户已归档，不能联户：{names}")
        foreign = [h for h in households.values() if h.village_id != member.village_id]
        if foreign:
            names = "、".join(household_label(h.head_name, h.door_number) for h in foreign[:5])
            raise ValidationError(f"以下农户不属于党员“{member.name}”所在的村：{names}")
        current = active_links(ids)
        _check_shown(current, shown)
        to_move = {hid: link for hid, link in current.items() if link.member_id != member.id}
        if to_move and not move:
            names = "、".join(
                f"{household_label(households[hid].head_name, households[hid].door_number)}"
                f"（现由{link.member.name}联系）" for hid, link in list(to_move.items())[:5])
            more = f"等 {len(to_move)} 户" if len(to_move) > 5 else ""
            raise ValidationError(f"以下农户已有联户党员：{names}{more}。如需调整，请选择“调整联户”")
        late = [link for link in to_move.values() if link.start_date > start]
        if late:
            raise ValidationError(
                f"调整日期 {start:%Y-%m-%d} 早于原联户开始日期 {late[0].start_date:%Y-%m-%d}，请核对")
        new_ids = [hid for hid in ids if hid not in current or hid in to_move]
        if to_move:
            for chunk in chunked(list(to_move), _CHUNK):
                (Link.update(end_date=start, end_reason=MOVE_REASON, updated_at=now(), row_version=Link.row_version + 1)
                 .where(Link.household.in_(chunk) & rules.link_is_active()).execute())
        stamp = now()
        rows = [{"member": member.id, "household": hid, "mode": mode, "start_date": start,
                 "uuid": new_uuid(), "created_at": stamp, "updated_at": stamp} for hid in new_ids]
        for chunk in chunked(rows, _CHUNK):
            Link.insert_many(chunk).execute()
        created: list[Link] = []
        for chunk in chunked(new_ids, _CHUNK):
            created += list(Link.select().where(
                Link.household.in_(chunk) & rules.link_is_active()))
        order = {hid: index for index, hid in enumerate(new_ids)}
        created = sorted((link for link in created if link.household_id in order),
                         key=lambda link: order[link.household_id])
        if new_ids:
            names = "、".join(household_label(households[h].head_name, households[h].door_number)
                             for h in new_ids[:20])
            more = f"等 {len(new_ids)} 户" if len(new_ids) > 20 else ""
            moved = f"（其中 {len(to_move)} 户由其他党员调整而来）" if to_move else ""
            audit.record("调整联户" if to_move else "联户", member,
                         f"{member.name} 以“{mode}”模式联系 {names}{more}{moved}")
    return created


def link_pairs(pairs, mode: str, start: datetime.date | None = None) -> list[Link]:
    """Create many links at once, e.g. accepted proposals: ``pairs`` of (household id, member id).

    All households must be unlinked (no moves here); the rules of
    ``link_households`` apply otherwise. One transaction and a few queries,
    one audit line per member.
    """
    _check_mode(mode)
    start = start or datetime.date.today()
    pairs = list(dict.fromkeys((int(h), int(m)) for h, m in pairs))
    if not pairs:
        return []
    household_ids = [h for h, _ in pairs]
    if len(set(household_ids)) != len(household_ids):
        raise ValidationError("同一农户只能有一名联户党员，请勿重复分配")
    member_ids = sorted({m for _, m in pairs})
    with database.atomic():
        members = {}
        for chunk in chunked(member_ids, _CHUNK):
            members.update({m.id: m for m in Member.select().where(Member.id.in_(chunk))})
        for mid in member_ids:
            if mid not in members:
                raise NotFoundError("找不到分配到的党员，可能已被删除")
            if members[mid].archived:
                raise ValidationError(f"党员“{members[mid].name}”已归档，不能联户")
        households = _fetch_households(household_ids)
        for hid, mid in pairs:
            household = households[hid]
            if household.archived:
                label = household_label(household.head_name, household.door_number)
                raise ValidationError(f"农户“{label}”已归档，不能联户")
            if household.village_id != members[mid].village_id:
                raise ValidationError(f"农户“{household.head_name}”不属于党员“{members[mid].name}”所在的村")
        taken = active_links(household_ids)
        if taken:
            hid, link = next(iter(taken.items()))
            raise ValidationError(
                f"{len(taken)} 户在此期间已有联户党员（如 {households[hid].head_name} 由{link.member.name}联系），"
                "请重新生成分配建议")
        stamp = now()
        rows = [{"member": mid, "household": hid, "mode": mode, "start_date": start, "uuid": new_uuid(),
                 "created_at": stamp, "updated_at": stamp} for hid, mid in pairs]
        for chunk in chunked(rows, _CHUNK):
            Link.insert_many(chunk).execute()
        per_member: dict[int, list[int]] = {}
        for hid, mid in pairs:
            per_member.setdefault(mid, []).append(hid)
        lines = []
        for mid, hids in per_member.items():
            names = "、".join(household_label(households[h].head_name, households[h].door_number)
                             for h in hids[:20])
            more = f"等 {len(hids)} 户" if len(hids) > 20 else ""
            lines.append({"at": stamp, "action": "联户", "table": Member._meta.table_name,
                          "row_uuid": members[mid].uuid, "uuid": new_uuid(), "created_at": stamp,
                          "updated_at": stamp,
                          "summary": f"{members[mid].name} 以“{mode}”模式联系 {names}{more}（采纳分配建议）"})
        for chunk in chunked(lines, _CHUNK):
            AuditLog.insert_many(chunk).execute()
        created = active_links(household_ids)
    return [created[hid] for hid in household_ids]


def end_link(household_id: int, reason: str, date: datetime.date | None = None,
             shown: Mapping[int, Loaded | None] | None = None) -> Link:
    """End the household's active link on ``date`` (default today) and return it;
    refused if it is not the link ``shown`` (``links_as_shown``) says."""
    date = date or datetime.date.today()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写解除联户的原因", field="reason")
    with database.atomic():
        link = active_links([household_id]).get(household_id)
        if shown is not None and household_id in shown:
            _check_shown({household_id: link} if link else {}, {household_id: shown[household_id]}, take=False)
            rowversion.expect(link, shown[household_id])
        if link is None:
            raise ValidationError("该农户当前没有联户党员，无需解除")
        if date < link.start_date:
            raise ValidationError(
                f"解除日期 {date:%Y-%m-%d} 早于联户开始日期 {link.start_date:%Y-%m-%d}，请核对")
        link.end_date = date
        link.end_reason = reason
        link.save()
        household = link.household
        audit.record("解除联户", link, f"{link.member.name} 与 "
                     f"{household_label(household.head_name, household.door_number)} 解除联户：{reason}")
    return link


def end_links(household_ids, reason: str, date: datetime.date | None = None,
              shown: Mapping[int, Loaded | None] | None = None) -> list[Link]:
    """End the active links of several households in one transaction (all or none);
    ``shown`` as for ``end_link``."""
    with database.atomic():
        return [end_link(household_id, reason, date, shown) for household_id in household_ids]


def end_member_links(member_id: int, reason: str, date: datetime.date | None = None) -> int:
    """End every active link of a member (archiving, moving away); return how many ended.

    The households become unlinked and show up in the coverage checklist.
    """
    date = date or datetime.date.today()
    reason = (reason or "").strip() or "党员不再联户"
    with database.atomic():
        member = Member.get_or_none(Member.id == member_id)
        if member is None:
            raise NotFoundError("找不到该党员，可能已被删除")
        # Never before a link's own start (archiving may be back-dated).
        # CASE rather than SQLite's two-argument MAX, which PostgreSQL spells GREATEST.
        latest = Case(None, ((Link.start_date > date, Link.start_date),), date)
        count = (Link.update(end_date=latest, end_reason=reason, updated_at=now(), row_version=Link.row_version + 1)
                 .where((Link.member == member_id) & rules.link_is_active()).execute())
        if count:
            audit.record("解除联户", member, f"{member.name} 的 {count} 户联户关系全部解除：{reason}")
    return count


def link_history(household_id: int) -> list[dict]:
    """All links of a household, newest first, for the household's page."""
    query = (Link.select(Link.id, Link.member, Member.name, Link.mode, Link.start_date,
                         Link.end_date, Link.end_reason)
             .join(Member).where(Link.household == household_id)
             .order_by(Link.start_date.desc(), Link.id.desc()).dicts())
    return [{"link_id": row["id"], "member_id": row["member"], "member_name": row["name"],
             "mode": row["mode"], "start_date": row["start_date"], "end_date": row["end_date"],
             "end_reason": row["end_reason"]} for row in query]


def member_grids(village_id: int | None = None) -> dict[int, int | None]:
    """Each non-archived member's grid: home_grid, else the grid of most linked households.

    Ties go to the lower grid id, so the answer is deterministic.
    """
    where = rules.active_member() + (" AND m.village_id = ?" if village_id is not None else "")
    params = [village_id] if village_id is not None else []
    result = {}
    rows = database.execute_sql(f"SELECT m.id, m.home_grid_id FROM member m WHERE {where}", params)
    for member_id, grid_id in rows:
        result[member_id] = grid_id
    counts: dict[int, Counter] = {}
    rows = database.execute_sql(
        f"SELECT l.member_id, h.grid_id, COUNT(*) FROM link l "
        f"JOIN member m ON m.id = l.member_id JOIN household h ON h.id = l.household_id "
        f"WHERE {rules.active_link()} AND {rules.active_household()} AND h.grid_id IS NOT NULL "
        f"AND m.home_grid_id IS NULL AND {where} GROUP BY l.member_id, h.grid_id", params)
    for member_id, grid_id, count in rows:
        counts.setdefault(member_id, Counter())[grid_id] = count
    for member_id, counter in counts.items():
        result[member_id] = min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
    return result


# --- door plates: what changed since the last print -------------------------------

_PLATE_SQL = f"""
SELECT h.id, h.uuid, h.head_name, h.door_number, COALESCE(g.name, ''),
       m.name, m.phone, COALESCE(pg.name, ''), COALESCE(p.name, ''), pl.fingerprint
FROM household h
{rules.join_active_link(join="JOIN")}
JOIN member m ON m.id = l.member_id
LEFT JOIN grid g ON g.id = h.grid_id
LEFT JOIN party_group pg ON pg.id = m.party_group_id
LEFT JOIN post p ON p.id = m.post_id
LEFT JOIN print_log pl ON pl.kind = ? AND pl.target_uuid = h.uuid
WHERE {rules.active_household()} AND {{where}}
ORDER BY h.grid_id, h.door_sort, h.id
"""


def plate_fingerprint(fields) -> str:
    """A door plate's content fingerprint from its seven fields (户主, 门牌号, 网格, 党员, 电话, 党小组, 岗位)."""
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()[:32]


def _plate_rows(where: str, params):
    return database.execute_sql(_PLATE_SQL.format(where=where), [PLATE_KIND, *params])


def plate_fingerprints(household_ids) -> dict[int, str]:
    """Current door-plate fingerprint of each given linked household."""
    result = {}
    for chunk in chunked(list(household_ids), _CHUNK):
        marks = ",".join("?" * len(chunk))
        for row in _plate_rows(f"h.id IN ({marks})", chunk):
            result[row[0]] = plate_fingerprint(row[2:9])
    return result


def plates_changed_since_print(village_id: int) -> list[int]:
    """Linked households whose plate was never printed or has changed since, in door order."""
    return [row[0] for row in _plate_rows("h.village_id = ?", [village_id])
            if row[9] != plate_fingerprint(row[2:9])]


_MARK_SQL = (
    'INSERT INTO "print_log" ("uuid", "created_at", "updated_at", "row_version", "kind", "target_uuid", '
    '"fingerprint", "printed_at") VALUES (?, ?, ?, 0, ?, ?, ?, ?) '
    'ON CONFLICT ("kind", "target_uuid") DO UPDATE SET "fingerprint" = excluded."fingerprint", '
    '"printed_at" = excluded."printed_at", "updated_at" = excluded."updated_at", '
    '"row_version" = "print_log"."row_version" + 1')


def mark_plates_printed(household_ids, fingerprints: dict[int, str] | None = None) -> None:
    """Remember these households' plates as printed.

    ``fingerprints`` are the ones taken when the PDF was built (see
    ``plate_fingerprints``); without them the current content is recorded.
    Passing them matters when a preview is printed later: a plate edited in
    between must still show up as changed.

    One upsert per plate in a single ``executemany``: peewee's ``insert_many``
    built each statement from model values, and the plates' query ran again
    where only the households' uuids were missing.
    """
    stamp = str(now())
    rows = []
    ids = list(household_ids)
    built = fingerprints is not None and all(hid in fingerprints for hid in ids)
    for chunk in chunked(ids, _CHUNK):
        marks = ",".join("?" * len(chunk))
        if built:  # only each household's uuid is needed
            found = database.execute_sql(f'SELECT id, uuid FROM household WHERE id IN ({marks})', chunk)
            rows += [(new_uuid(), stamp, stamp, PLATE_KIND, uuid, fingerprints[hid], stamp) for hid, uuid in found]
            continue
        for row in _plate_rows(f"h.id IN ({marks})", chunk):
            printed = fingerprints.get(row[0]) if fingerprints is not None else None
            rows.append((new_uuid(), stamp, stamp, PLATE_KIND, row[1], printed or plate_fingerprint(row[2:9]), stamp))
    with database.atomic():
        database.cursor().executemany(_MARK_SQL, rows)
