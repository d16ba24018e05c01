"""Importing a roster (党员花名册): every row through ``domain.members.clean_member``.

Matching: an active member of the village with the same ID number, else with
the same name and birth date. A blank cell never erases what is stored; a
column the sheet lacks is left alone.
"""

from __future__ import annotations

from peewee import chunked

from lianhu_desktop.domain import fields, rules
from lianhu_desktop.domain.members import clean_member
from lianhu_desktop.domain.normalise import MONTH
from lianhu_desktop.domain.organisation import LABELS, name_ids
from lianhu_desktop.domain.organisation import create_missing as create_missing_rows
from lianhu_desktop.errors import Cancelled, ValidationError
from lianhu_desktop.excel.columns import ROSTER, ROSTER_COLUMNS
from lianhu_desktop.excel.importers import (
    Plan, Rejection, appended_notes, clean_row, extra_parts, header_of, notes_too_long, read_cell,
    reject_duplicates, shown, tracked_rows,
)
from lianhu_desktop.excel.reader import Table
from lianhu_desktop.store import models
from lianhu_desktop.store.models import Member, Village, new_uuid, now

SPECS = {c.key: c for c in ROSTER_COLUMNS}
# Column key → (model, label) of the named rows a column refers to.
REFS = {c.key: (getattr(models, c.ref), LABELS[getattr(models, c.ref)])
        for c in ROSTER_COLUMNS if c.kind == fields.REF}
# Column key → the Member columns it sets (an ID number also sets birth date and gender).
STORED = {c.key: c.stored for c in ROSTER_COLUMNS if c.kind != fields.REF and c.importable}
INSERT_FIELDS = tuple(dict.fromkeys(column for stored in STORED.values() for column in stored))
# A refusal of an empty field that follows from another cell that could not be read.
IMPLIED = {"gender": {"id_number"}, "birth_date": {"id_number"}}


def _read_row(table: Table, cols, number: int, row: tuple):
    """One row's values by column key, the keys given, ref names, errors and
    the keys whose cells could not be read."""
    data, present, names, errors, failed = {}, set(), {}, [], set()
    for col, key in cols:
        value = row[col] if col < len(row) else None
        spec = SPECS[key]
        kind = spec.kind
        if not spec.importable:
            continue
        try:
            parsed = read_cell(spec, value)
        except ValidationError as error:
            errors.append(Rejection(number, table.headers[col], shown(value), error.message))
            failed.add(key)
            continue
        if parsed not in ("", None):
            present.add(key)
        if kind == fields.REF:
            if parsed:
                names[key] = parsed
        else:
            data[key] = parsed
    extra = extra_parts(table, row) if table.unknown else ()
    if extra:
        # Unknown columns append to stored notes unless the sheet's 备注 says what they are.
        if "notes" in present:
            extra = ()
        data["notes"] = appended_notes(data.get("notes", ""), extra_parts(table, row))
        present.add("notes")
    return data, present, names, errors, failed, extra


def plan_roster(table: Table, village_id: int, *, create_missing: bool = True,
                progress=None) -> Plan:
    """Check every row of a roster sheet against the rules and the database."""
    plan = Plan(ROSTER, village_id, rows=len(table.rows), commit=commit_roster)
    cols = list(table.mapping.items())
    known = {key: name_ids(model, village_id) for key, (model, _) in REFS.items()}
    parsed, keyed = [], {}
    what = {"id": "身份证号码", "nb": "姓名和出生日期"}
    for number, row in tracked_rows(table, progress):
        data, present, names, errors, failed, extra = _read_row(table, cols, number, row)
        cleaned, more = clean_row(clean_member, data, table, number, failed=failed, implied=IMPLIED)
        errors += more
        if not create_missing:
            errors += [Rejection(number, header_of(table, key), name,
                                 f"本村没有名为“{name}”的{REFS[key][1]}，请先建立")
                       for key, name in names.items() if name not in known[key]]
        if errors:
            plan.rejected.extend(errors)
            continue
        if "confirm_date" in present:
            present.add("membership")  # a 转正日期 makes a 正式党员 (the sheet may lack 党员身份)
        if "id_number" in present:
            present |= {"birth_date", "gender"}
        elif cleaned["birth_date_precision"] == MONTH:
            present.add("birth_month")  # 出生年月 only: matched and compared by month
        key = ("id", cleaned["id_number"]) if cleaned["id_number"] else \
            ("nb", cleaned["name"], cleaned["birth_date"])
        col = "id_number" if key[0] == "id" else "name"
        keyed.setdefault(key, []).append((number, header_of(table, col), shown(key[1])))
        parsed.append((number, key, cleaned, present, names, extra))
    bad = reject_duplicates(plan, keyed, what)
    _match(plan, table, [p for p in parsed if p[0] not in bad], known)
    # Only the rows that will be written create names (not rejected ones).
    missing = {key: [] for key in REFS}
    for names in [n for _, n in plan.new] + [n for _, _, n in plan.updates]:
        for key, name in names.items():
            if name not in known[key] and name not in missing[key]:
                missing[key].append(name)
    plan.to_create = {REFS[k][1]: v for k, v in missing.items() if v}
    plan.ref_names = missing
    return plan


def _match(plan: Plan, table: Table, parsed, known) -> None:
    rows = list(Member.select().where(Member.village == plan.village_id).dicts())
    by_id = {r["id_number"]: r for r in rows if r["id_number"] and not r["archived"]}
    archived_ids = {r["id_number"]: r for r in rows if r["id_number"] and r["archived"]}
    by_name_birth, by_name = {}, {}
    for r in rows:
        if not r["archived"]:
            by_name_birth.setdefault((r["name"], r["birth_date"]), []).append(r)
            by_name.setdefault(r["name"], []).append(r)
    elsewhere = dict(Member.select(Member.id_number, Village.name).join(Village)
                     .where((Member.village != plan.village_id) & Member.id_number.is_null(False)
                            & rules.member_is_active()).tuples())
    for number, _key, cleaned, present, names, extra in parsed:
        id_number = cleaned["id_number"]
        header = header_of(table, "id_number")
        if id_number and id_number in elsewhere:
            plan.rejected.append(Rejection(number, header, id_number,
                                           f"该身份证号码已登记在{elsewhere[id_number]}的花名册中，同一人不能重复登记"))
            continue
        match = by_id.get(id_number) if id_number else None
        if match is None and id_number and id_number in archived_ids:
            old = archived_ids[id_number]
            plan.rejected.append(Rejection(
                number, header, id_number,
                f"党员“{old['name']}”已归档（{old['archive_reason'] or '已归档'}），"
                "如需恢复请在花名册中取消归档，不要重复导入"))
            continue
        if match is None:
            birth = cleaned["birth_date"]
            if "birth_month" in present:
                candidates = [c for c in by_name.get(cleaned["name"], []) if c["birth_date"]
                              and (c["birth_date"].year, c["birth_date"].month) == (birth.year, birth.month)]
            else:
                candidates = by_name_birth.get((cleaned["name"], birth), [])
            if not candidates and birth is None:
                candidates = by_name.get(cleaned["name"], [])
            candidates = [c for c in candidates if not (id_number and c["id_number"])]
            if len(candidates) > 1:
                plan.rejected.append(Rejection(
                    number, header_of(table, "name"), cleaned["name"],
                    f"本村有 {len(candidates)} 名党员叫“{cleaned['name']}”，无法确定是哪一位，请填写身份证号码"))
                continue
            match = candidates[0] if candidates else None
        if match is None:
            plan.new.append((cleaned, names))
            continue
        changes = _changes(match, cleaned, present, names, known)
        if extra:
            notes = appended_notes(match["notes"], extra)
            too_long = notes_too_long(number, table, notes)
            if too_long is not None:
                plan.rejected.append(too_long)
                continue
            changes.pop("notes", None)
            if notes != match["notes"]:
                changes["notes"] = notes
        if changes:
            plan.updates.append((match["id"], changes, names))
        else:
            plan.unchanged += 1


def _changes(current: dict, cleaned: dict, present: set, names: dict, known) -> dict:
    changes = {}
    stored = current["birth_date"]
    if "birth_month" in present and stored and (stored.year, stored.month) == \
            (cleaned["birth_date"].year, cleaned["birth_date"].month):
        present = present - {"birth_date"}  # the stored day is more precise than 出生年月
    for key in present:
        spec = SPECS.get(key)
        if spec is not None and spec.precision_column and cleaned[spec.precision_column] == MONTH:
            stored_date = current[key]
            if stored_date and (stored_date.year, stored_date.month) == (cleaned[key].year, cleaned[key].month):
                continue  # the stored day is more precise than the month in the sheet
        for field in STORED.get(key, ()):
            if current[field] != cleaned[field]:
                changes[field] = cleaned[field]
    for key, name in names.items():
        if known[key].get(name) != current[key]:
            changes[key] = name  # resolved to an id when committing
    return changes


def commit_roster(plan: Plan, progress) -> None:
    """Write a checked roster plan (inside the caller's transaction)."""
    ids = {key: create_missing_rows(REFS[key][0], plan.village_id, plan.ref_names[key])
           for key in REFS}
    stamp = now()
    fields = [getattr(Member, f) for f in INSERT_FIELDS] + [
        Member.party_group, Member.post, Member.home_grid, Member.village, Member.uuid,
        Member.created_at, Member.updated_at]
    rows = [tuple(cleaned[f] for f in INSERT_FIELDS)
            + tuple(ids[key].get(names.get(key)) for key in REFS)
            + (plan.village_id, new_uuid(), stamp, stamp) for cleaned, names in plan.new]
    steps, done = len(rows) + len(plan.updates), 0
    for batch in chunked(rows, 500):
        Member.insert_many(batch, fields=fields).execute()
        done += len(batch)
        if not progress(done, steps):
            raise Cancelled()
    for member_id, changes, _names in plan.updates:
        values = {(getattr(Member, k)): (ids[k][v] if k in REFS else v) for k, v in changes.items()}
        values[Member.updated_at] = stamp
        values[Member.row_version] = Member.row_version + 1
        Member.update(values).where(Member.id == member_id).execute()
        done += 1
        if done % 200 == 0 and not progress(done, steps):
            raise Cancelled()
    if not progress(steps, steps):
        raise Cancelled()
