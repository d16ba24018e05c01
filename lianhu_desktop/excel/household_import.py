"""Importing a household ledger (农户台账): every row through
``domain.households.clean_household``, written in bulk.

Matching: an active household of the village with the same head ID number,
else with the same head name and door number. A blank cell never erases what
is stored. The 联户党员 column is parsed and checked (a member of the village
by name, or by ID number when names repeat); the links are returned for the
linking module to create.
"""

from __future__ import annotations

from operator import itemgetter

from lianhu_desktop.domain import fields, rules
from lianhu_desktop.domain.households import clean_household
from lianhu_desktop.domain.organisation import create_missing as create_missing_rows
from lianhu_desktop.domain.organisation import name_ids
from lianhu_desktop.errors import Cancelled, ValidationError
from lianhu_desktop.excel.columns import HOUSEHOLD_COLUMNS, HOUSEHOLDS
from lianhu_desktop.excel.importers import (
    Plan, Rejection, appended_notes, bulk_insert, cell_id, cell_phone, cell_text, clean_row, extra_parts,
    fresh_uuids, header_of, notes_too_long, reject_duplicates, shown, tracked_rows,
)
from lianhu_desktop.excel.reader import Table
from lianhu_desktop.store import changelog
from lianhu_desktop.store.models import Grid, Household, HouseholdTag, Link, Member, database, now

SPECS = {c.key: c for c in HOUSEHOLD_COLUMNS}
# Column key → the Household columns it sets (grid, tags and 联户党员 are handled apart).
STORED = {c.key: c.stored for c in HOUSEHOLD_COLUMNS
          if c.kind not in (fields.REF, fields.TAGS, fields.LINK) and c.importable}
INSERT_FIELDS = tuple(dict.fromkeys(column for stored in STORED.values() for column in stored))
_CONVERT = {"id": cell_id, "phone": cell_phone}


def _members(village_id: int):
    """Active members of the village by name and by ID number, for 联户党员."""
    by_name, by_id = {}, {}
    for member_id, name, id_number in (Member.select(Member.id, Member.name, Member.id_number)
                                       .where((Member.village == village_id)
                                              & rules.member_is_active()).tuples()):
        by_name.setdefault(name, []).append(member_id)
        if id_number:
            by_id[id_number] = member_id
    return by_name, by_id


def _link_member(text: str, by_name, by_id) -> int:
    word = "".join(text.split()).upper()
    if any(mark in word for mark in "、,，;；/"):
        raise ValidationError(f"每户只能由一名党员联系，请只填一人：{text}", field="link_member")
    if word in by_id:
        return by_id[word]
    if word[:1].isdigit():
        raise ValidationError(f"本村没有身份证号码为 {word} 的党员", field="link_member")
    found = by_name.get(word, [])
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError(f"本村有 {len(found)} 名党员叫“{word}”，请改填其身份证号码", field="link_member")
    raise ValidationError(f"本村花名册中没有党员“{word}”（请先导入花名册）", field="link_member")


# A cleaned row as the plan keeps it: a tuple of these values (the insert's
# columns, then the tags), not a dict per row (a dict of 15 values took half
# a 50,000-row import's memory).
CLEANED = INSERT_FIELDS + ("tags",)
AT = {name: index for index, name in enumerate(CLEANED)}
_PACK = itemgetter(*CLEANED)
_TAGS_AT = AT["tags"]
_HEAD_ID, _HEAD_NAME, _DOOR = AT["head_id_number"], AT["head_name"], AT["door_number"]


def _pack(cleaned: dict, shared: dict) -> tuple:
    """``cleaned`` as a ``CLEANED`` tuple, its tags one tuple per combination (``shared``)."""
    packed = _PACK(cleaned)
    tags = tuple(packed[_TAGS_AT])
    return packed[:_TAGS_AT] + (shared.setdefault(tags, tags),)


def _clean_rows(table: Table, progress) -> list[tuple]:
    """Every row through ``clean_household``: what does not depend on the
    database, worked out once per table and mapping (the import's check
    under the write lock reuses it). Per row: (Excel row, cell refusals,
    rule refusals, cleaned values (``CLEANED``) or None, the columns given,
    grid name, 联户党员 text, unknown columns' notes)."""
    cols = [(col, key, _CONVERT.get(SPECS[key].kind)) for col, key in table.mapping.items()
            if key not in ("grid", "link_member")]
    grid_col, link_col = table.column_of("grid"), table.column_of("link_member")
    unknown = bool(table.unknown)
    given: dict[frozenset, frozenset] = {}  # one set per combination of columns given
    grids: dict = {}  # a grid's cell text → its name (a sheet repeats a few grids)
    tag_sets: dict = {}
    rows = []
    for number, row in tracked_rows(table, progress):
        size = len(row)
        data, errors, failed = {}, (), ()
        for col, key, convert in cols:
            value = row[col] if col < size else None
            if value is None:
                continue
            if convert is not None:
                try:
                    value = convert(value)
                except ValidationError as error:
                    errors += (Rejection(number, table.headers[col], shown(value), error.message),)
                    failed += (key,)
                    continue
            elif value.__class__ is str:
                value = value.strip()
            elif key == "notes":
                value = str(value)
            if value != "":
                data[key] = value  # so the keys of data are the columns given
        own_notes = "notes" in data
        extra = extra_parts(table, row) if unknown else ()
        if extra:
            data["notes"] = appended_notes(data.get("notes", ""), extra)
        grid = ""
        if grid_col is not None and grid_col < size:
            raw = row[grid_col]
            grid = grids.get(raw)
            if grid is None:
                grid = grids[raw] = "".join(cell_text(raw).split())
        linked = cell_text(row[link_col]) if link_col is not None and link_col < size else ""
        more = ()
        try:
            cleaned = _pack(clean_household(data), tag_sets)
        except ValidationError:
            cleaned, more = clean_row(clean_household, data, table, number, failed=failed)
            more = tuple(more)
            if cleaned is not None:
                cleaned = _pack(cleaned, tag_sets)
        present = frozenset(data)
        present = given.setdefault(present, present)
        # Unknown columns append to stored notes unless the sheet's 备注 says what they are.
        rows.append((number, errors, more, cleaned, present, grid, linked, () if own_notes else tuple(extra)))
    return rows


def plan_households(table: Table, village_id: int, *, create_missing: bool = True,
                    progress=None) -> Plan:
    """Check every row of a household sheet against the rules and the database."""
    plan = Plan(HOUSEHOLDS, village_id, rows=len(table.rows), commit=commit_households)
    memo = ("households", tuple(table.mapping.items()), tuple(table.unknown))
    rows = table.cleaned.get(memo)
    if rows is None:
        rows = table.cleaned[memo] = _clean_rows(table, progress)
    grid_col, link_col = table.column_of("grid"), table.column_of("link_member")
    grids = name_ids(Grid, village_id)
    members = _members(village_id) if link_col is not None else None
    parsed, first, keyed = [], {}, {}  # key → its first row; keys of several rows → their rows
    for number, cell_errors, rule_errors, cleaned, present, grid, linked, extra in rows:
        errors = list(cell_errors)
        if grid and grid not in grids and not create_missing:
            errors.append(Rejection(number, table.headers[grid_col], grid, f"本村没有名为“{grid}”的网格，请先建立"))
        member_id = None
        if linked:
            try:
                member_id = _link_member(linked, *members)
            except ValidationError as error:
                errors.append(Rejection(number, table.headers[link_col], linked, error.message))
        errors += rule_errors
        if errors:
            plan.rejected.extend(errors)
            continue
        key = key_of(cleaned)
        if key in first:
            keyed.setdefault(key, [first[key]]).append(number)
        else:
            first[key] = number
        parsed.append((number, key, cleaned, present, grid, member_id, extra))
    what = {"id": "户主身份证号码", "nd": "户主姓名和门牌号"}
    dupes = {k: [(n, header_of(table, "head_id_number" if k[0] == "id" else "head_name"), k[1])
                 for n in v] for k, v in keyed.items()}
    bad = reject_duplicates(plan, dupes, what)
    _match(plan, table, [p for p in parsed if p[0] not in bad], grids)
    # Only the rows that will be written create grids (not rejected ones).
    new_grids = list(dict.fromkeys(g for g in [g for _, g in plan.new] + plan.update_grids
                                   if g and g not in grids))
    plan.to_create = {"网格": new_grids} if new_grids else {}
    plan.ref_names = {"grid": new_grids}
    return plan


def _match(plan: Plan, table: Table, parsed, grids) -> None:
    fields = [Household.id, Household.grid, Household.archived, Household.archive_reason] + \
        [getattr(Household, f) for f in INSERT_FIELDS]
    rows = list(Household.select(*fields).where(Household.village == plan.village_id).dicts())
    by_id, by_name_door, archived = {}, {}, {}
    for r in rows:
        if r["archived"]:
            if r["head_id_number"]:
                archived[r["head_id_number"]] = r
            continue
        if r["head_id_number"]:
            by_id[r["head_id_number"]] = r
        by_name_door.setdefault((r["head_name"], r["door_number"]), []).append(r)
    tags, linked = {}, {}
    if rows:
        linked = dict(Link.select(Link.household, Link.member).join(Household)
                      .where((Household.village == plan.village_id) & rules.link_is_active()).tuples())
        for household_id, tag in (HouseholdTag.select(HouseholdTag.household, HouseholdTag.tag)
                                  .join(Household).where(Household.village == plan.village_id)
                                  .order_by(HouseholdTag.id).tuples()):
            tags.setdefault(household_id, []).append(tag)
    for number, key, cleaned, present, grid, member_id, extra in parsed:
        head_id = cleaned[_HEAD_ID]
        match = by_id.get(head_id) if head_id else None
        if match is None and head_id in archived:
            old = archived[head_id]
            plan.rejected.append(Rejection(
                number, header_of(table, "head_id_number"), head_id,
                f"农户“{old['head_name']}”已归档（{old['archive_reason'] or '已归档'}），"
                "如需恢复请在农户列表中取消归档，不要重复导入"))
            continue
        if match is None:
            candidates = [c for c in by_name_door.get((cleaned[_HEAD_NAME], cleaned[_DOOR]), [])
                          if not (head_id and c["head_id_number"])]
            if len(candidates) > 1:
                plan.rejected.append(Rejection(
                    number, header_of(table, "head_name"), cleaned[_HEAD_NAME],
                    f"本村已有 {len(candidates)} 户户主叫“{cleaned[_HEAD_NAME]}”且门牌号相同，"
                    "请填写户主身份证号码以区分"))
                continue
            match = candidates[0] if candidates else None
        if match is None:
            if member_id is not None:
                plan.links.append((number, key, member_id))
            plan.new.append((cleaned, grid))
            continue
        relink = member_id is not None and linked.get(match["id"]) != member_id
        if relink:
            plan.links.append((number, key, member_id))
        changes = {}
        for column in present:
            for name in STORED.get(column, ()):
                if match[name] != cleaned[AT[name]]:
                    changes[name] = cleaned[AT[name]]
        if extra:
            notes = appended_notes(match["notes"], extra)
            too_long = notes_too_long(number, table, notes)
            if too_long is not None:
                plan.rejected.append(too_long)
                continue
            if notes != match["notes"]:
                changes["notes"] = notes
            else:
                changes.pop("notes", None)
        if grid and grids.get(grid) != match["grid"]:
            changes["grid"] = grid
        new_tags = None
        current = tags.get(match["id"], [])
        if "tags" in present and set(cleaned[_TAGS_AT]) != set(current):
            # (tags to remove, tags to add)
            new_tags = ([t for t in current if t not in cleaned[_TAGS_AT]],
                        [t for t in cleaned[_TAGS_AT] if t not in current])
        if changes or new_tags is not None or relink:
            plan.updates.append((match["id"], changes, new_tags))
            plan.update_grids.append(grid)
        else:
            plan.unchanged += 1
        plan.matched[key] = match["id"]


INSERT_CHUNK = 5000


def commit_households(plan: Plan, progress):
    """Write a checked household plan (inside the caller's transaction).

    New households go in chunks (their rows, ids and tags built per chunk,
    never for the whole sheet at once). Returns (links as (household id,
    member id), whether they were written).

    The new households' 新增 lines in the change log are written in one
    statement after their rows (``changelog.insert_lines_at_end``): the same
    line per household as the trigger writes, at a fraction of its cost.
    """
    grids = create_missing_rows(Grid, plan.village_id, plan.ref_names.get("grid", []))
    stamp = now()
    steps = len(plan.new) * 2 + len(plan.updates)
    with changelog.insert_lines_at_end(database, "household"):
        new_keys, done = _insert_new(plan, grids, str(stamp), steps, progress)
    _apply_updates(plan, grids, stamp, progress, done, steps)
    return _links(plan, new_keys)


def _insert_new(plan: Plan, grids, text_stamp: str, steps: int, progress):
    """Insert the plan's new households and their tags; return (household key →
    new id for the 联户党员 column's links, steps done)."""
    fields = INSERT_FIELDS + ("grid", "village", "uuid", "created_at", "updated_at", "archived",
                              "archive_reason")
    village_id = plan.village_id
    width = len(INSERT_FIELDS)  # a cleaned row starts with the insert's columns
    linked = {key for _, key, _ in plan.links}
    new_keys = {}
    done = 0
    cursor = database.cursor()
    for start in range(0, len(plan.new), INSERT_CHUNK):
        chunk = plan.new[start:start + INSERT_CHUNK]
        before = cursor.execute('SELECT MAX("id") FROM "household"').fetchone()[0] or 0
        uuids = fresh_uuids(len(chunk))
        rows = [cleaned[:width] + (grids.get(grid), village_id, uid, text_stamp, text_stamp, 0, "")
                for (cleaned, grid), uid in zip(chunk, uuids)]
        done = bulk_insert(Household, fields, rows, progress=progress, done=done, total=steps)
        del rows
        ids = dict(cursor.execute('SELECT "uuid", "id" FROM "household" WHERE "id" > ?', (before,)))
        new_ids = [ids[uid] for uid in uuids]
        del ids, uuids
        tag_rows = [(household_id, tag, text_stamp, text_stamp)
                    for household_id, (cleaned, _) in zip(new_ids, chunk) for tag in cleaned[_TAGS_AT]]
        tag_rows = [row + (uid,) for row, uid in zip(tag_rows, fresh_uuids(len(tag_rows)))]
        bulk_insert(HouseholdTag, ("household", "tag", "created_at", "updated_at", "uuid"), tag_rows)
        if linked:
            for (cleaned, _), household_id in zip(chunk, new_ids):
                key = key_of(cleaned)
                if key in linked:
                    new_keys[key] = household_id
        done += len(chunk)
        if not progress(done, steps):
            raise Cancelled()
    return new_keys, done


def key_of(cleaned: tuple) -> tuple:
    """How a household is recognised: head ID number, else head name and door number."""
    return ("id", cleaned[_HEAD_ID]) if cleaned[_HEAD_ID] else ("nd", cleaned[_HEAD_NAME], cleaned[_DOOR])


def _apply_updates(plan: Plan, grids, stamp, progress, done: int, steps: int) -> None:
    """Apply the updates, one ``executemany`` per set of changed columns, and
    the tag changes in bulk."""
    groups: dict[tuple, list] = {}
    for household_id, changes, _tags in plan.updates:
        if changes:
            names = tuple(sorted(changes))
            values = tuple(grids[changes[n]] if n == "grid" else changes[n] for n in names)
            groups.setdefault(names, []).append(values + (str(stamp), household_id))
    cursor = database.cursor()
    for names, rows in groups.items():
        columns = ", ".join(f'"{Household._meta.fields[n].column_name}" = ?' for n in names)
        cursor.executemany(f'UPDATE "household" SET {columns}, "updated_at" = ?, '
                           '"row_version" = "row_version" + 1 WHERE "id" = ?', rows)
    gone = [(household_id, tag) for household_id, _, tags in plan.updates if tags for tag in tags[0]]
    cursor.executemany('DELETE FROM "household_tag" WHERE "household_id" = ? AND "tag" = ?', gone)
    text_stamp = str(stamp)
    added = [(household_id, tag, text_stamp, text_stamp)
             for household_id, _, tags in plan.updates if tags for tag in tags[1]]
    added = [row + (uid,) for row, uid in zip(added, fresh_uuids(len(added)))]
    bulk_insert(HouseholdTag, ("household", "tag", "created_at", "updated_at", "uuid"), added)
    if not progress(done + len(plan.updates), steps):
        raise Cancelled()


def _links(plan: Plan, new_keys: dict):
    """Create the 联户党员 links through the linking module (a household linked
    to another member moves to the one the sheet names); return the
    (household id, member id) pairs and True."""
    from lianhu_desktop.domain.linking import link_households

    pairs = [((new_keys.get(key) or plan.matched.get(key)), member_id) for _, key, member_id in plan.links]
    pairs = [(h, m) for h, m in pairs if h is not None]
    by_member = {}
    for household_id, member_id in pairs:
        by_member.setdefault(member_id, []).append(household_id)
    for member_id, household_ids in by_member.items():
        link_households(member_id, household_ids, move=True)
    return pairs, True
