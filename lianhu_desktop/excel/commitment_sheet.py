"""The commitments sheet (党员承诺表): export the members' commitments, import them back.

Columns are the registry's ``fields.COMMITMENT``: 党员, 年度, 承诺内容, 完成时限,
质量标准, 进展情况, 完成情况. 党员 holds the member's name; when two members of
the village share it, the ID number (masked unless ``full_id``; a masked one
does not import back).

Import: a row finds its commitment by member, year and content; a match is
updated (deadline, standard, status, result), anything else is new. Every
problem of a row is reported; nothing is written while a row is refused
(unless ``skip_invalid``).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from lianhu_desktop.domain import commitments, fields
from lianhu_desktop.errors import ValidationError, ValidationErrors
from lianhu_desktop.excel.exporters import write_sheet
from lianhu_desktop.excel.importers import (
    Plan, Rejection, cell_text, header_of, insert_and_update, read_cell, shown, tracked_rows,
)
from lianhu_desktop.excel.member_names import MemberNames
from lianhu_desktop.store.models import Commitment, Member, Village

KIND = "commitments"
ENTITY = fields.COMMITMENT
_UPDATED = ("deadline", "quality_standard", "status", "result")


def export_commitments(path: str | Path, village_id: int, *, full_id: bool = False, include_archived: bool = False,
                       progress=None) -> int:
    """Write every commitment of the village's members (all years); return the row count."""
    village = Village.get_or_none(Village.id == village_id)
    if village is None:
        raise ValidationError("该村不存在")
    names = MemberNames.of_village(village_id, with_archived=include_archived)
    rows = []
    query = (Commitment.select().join(Member)
             .where(Member.village == village_id)
             .order_by(Commitment.year.desc(), Member.name_sort, Member.id, Commitment.deadline, Commitment.id))
    for c in query:
        if c.member_id not in names.info:
            continue
        values = {"member": names.label(c.member_id, full_id=full_id), "year": c.year, "content": c.content,
                  "deadline": c.deadline, "quality_standard": c.quality_standard, "status": c.status,
                  "result": c.result}
        rows.append({f.key: f.export(values[f.key]) if f.key != "member" else values[f.key]
                     for f in ENTITY.sheet_fields})
    title = f"{village.name}党员承诺表（导出于 {datetime.date.today():%Y-%m-%d}，共 {len(rows)} 项）"
    return write_sheet(KIND, path, title, rows, progress=progress)


def plan_commitments(table, village_id: int, *, create_missing: bool = True, progress=None) -> Plan:
    """Check every row of a commitments sheet; return what the import would do. Writes nothing."""
    plan = Plan(KIND, village_id, rows=len(table.rows), commit=commit_commitments)
    columns = {f.key: table.column_of(f.key) for f in ENTITY.sheet_fields}
    names = MemberNames.of_village(village_id)
    stored = {}
    for c in Commitment.select().join(Member).where(Member.village == village_id).objects():
        stored.setdefault((c.member_id, c.year, c.content.strip()), c)
    seen: dict[tuple, int] = {}

    def cell(row, key):
        index = columns[key]
        return row[index] if index is not None and index < len(row) else None

    def reject(number, key, message):
        plan.rejected.append(Rejection(number, header_of(table, key), shown(cell(row, key)), message))

    for number, row in tracked_rows(table, progress):
        if all(cell_text(cell(row, f.key)) == "" for f in ENTITY.sheet_fields):
            continue
        bad = len(plan.rejected)
        values = {}
        for f in ENTITY.data_fields:
            if f.key == "member":
                continue
            try:
                values[f.data_key] = read_cell(f, cell(row, f.key))
            except ValidationError as error:
                reject(number, f.key, error.message)
        member_id = None
        who = "".join(cell_text(cell(row, "member")).split())
        if not who:
            reject(number, "member", "请填写党员姓名")
        else:
            try:
                member_id = names.find(who)
            except ValidationError as error:
                reject(number, "member", error.message)
        cleaned = None
        if len(plan.rejected) == bad:
            try:
                cleaned = commitments.clean_commitment(values)
            except ValidationErrors as errors:
                for error in errors.errors:
                    reject(number, ENTITY.by_data_key(error.field).key if ENTITY.by_data_key(error.field)
                           else None, error.message)
        if len(plan.rejected) > bad:
            continue
        key = (member_id, cleaned["year"], cleaned["content"].strip())
        if key in seen:
            reject(number, "content", f"与第 {seen[key]} 行是同一名党员同一年度的同一项承诺")
            continue
        seen[key] = number
        match = stored.get(key)
        if match is None:
            plan.new.append({"member": member_id, **cleaned})
        elif any(getattr(match, column) != cleaned[column] for column in _UPDATED):
            plan.updates.append((match.id, {column: cleaned[column] for column in _UPDATED}, None))
        else:
            plan.unchanged += 1
    return plan


def commit_commitments(plan: Plan, progress):
    """Insert and update the planned commitments (inside the caller's transaction)."""
    insert_and_update(Commitment, plan, progress)
