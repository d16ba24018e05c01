"""Importing a roster or a household ledger: validate → report → commit.

``import_file`` is what the CLI calls; the wizard calls the steps itself:
``read_table`` (reader) → ``plan_import`` (every row checked, nothing
written; the plan says what would be new, updated, unchanged, rejected and
created) → ``commit_plan``. Writes happen in one transaction: a failure or a
cancel midway leaves the database as it was.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field

from lianhu_desktop.domain import audit, fields, limits
from lianhu_desktop.domain.normalise import MonthDate
from lianhu_desktop.errors import Cancelled, ValidationError, ValidationErrors
from lianhu_desktop.excel.columns import COLUMNS, KIND_LABELS, column
from lianhu_desktop.excel.dates import parse_date
from lianhu_desktop.excel.kinds import KINDS
from lianhu_desktop.excel.reader import Table, gc_paused, read_table
from lianhu_desktop.store.db import small_page_cache, write_transaction
from lianhu_desktop.store.models import database, now

_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E\+?\d+$")
ID_AS_NUMBER = ("身份证号码被 Excel 存成了数字，后几位已经丢失，无法还原：请把该列设置为“文本”格式，"
                "再对照原件重新输入")


@dataclass
class Rejection:
    row: int  # as Excel shows it
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class Plan:
    """What an import would do; built without writing anything."""

    kind: str
    village_id: int
    rows: int = 0
    new: list = field(default_factory=list)  # row dicts to insert
    updates: list = field(default_factory=list)  # (id, {field: value}, extra) to apply
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    # Label (党小组/岗位/网格) → names the village lacks and the import creates.
    to_create: dict[str, list[str]] = field(default_factory=dict)
    # Households only: (Excel row, household key, member id) from the 联户党员 column.
    links: list = field(default_factory=list)
    # Column key → names to create when committing (the kind's own bookkeeping).
    ref_names: dict = field(default_factory=dict)
    # Match key → id of the stored row a file row matched (households' links).
    matched: dict = field(default_factory=dict)
    # Households: the grid name of each update, to know which grids to create.
    update_grids: list = field(default_factory=list)
    commit: object = None  # the kind's commit function
    # What the plan was made from, so the commit can check it again.
    table: Table | None = None
    create_missing: bool = True
    passed: dict = field(default_factory=dict)  # options handed to the planner (kinds.PASSED_OPTIONS)

    @property
    def rejected_rows(self) -> set[int]:
        return {r.row for r in self.rejected}

    def outcome(self) -> tuple:
        """What the plan would do, to compare with the same sheet checked again."""
        return (len(self.new), len(self.updates), self.unchanged, sorted(self.rejected_rows),
                sorted((k, tuple(v)) for k, v in self.to_create.items()), len(self.links))


class StalePlan(ValidationError):
    """The database changed between the check and the import."""


@dataclass
class ImportResult:
    kind: str
    rows: int
    imported: int
    updated: int
    unchanged: int
    rejected: list[Rejection]
    written: bool
    created: dict[str, list[str]] = field(default_factory=dict)
    # Households only: (household id, member id) pairs parsed from 联户党员.
    links: list = field(default_factory=list)
    links_written: bool = False
    cancelled: bool = False
    dry_run: bool = False
    sheet: str = ""  # the sheet read, and the hidden ones left unread
    hidden_sheets: list = field(default_factory=list)

    def to_json(self) -> dict:
        """Exactly the keys the CLI's ``--json`` promises."""
        return {"kind": self.kind, "rows": self.rows, "imported": self.imported,
                "updated": self.updated, "unchanged": self.unchanged,
                "rejected": [r.as_dict() for r in self.rejected], "written": self.written}

    def summary(self) -> str:
        """A Chinese summary for people."""
        label = KIND_LABELS[self.kind]
        if self.written:
            verb = "已导入"
        elif self.dry_run:
            verb = "检查完毕（仅检查，未写入）"
        elif self.rejected or self.cancelled:
            verb = "未写入"
        else:
            verb = "与数据库一致，无需改动"
        lines = [f"{label}{verb}：共 {self.rows} 行，新增 {self.imported}，更新 {self.updated}，"
                 f"无变化 {self.unchanged}，有问题 {len({r.row for r in self.rejected})} 行"]
        for what, names in self.created.items():
            if names:
                verb = "已新建" if self.written else "将新建"
                lines.append(f"{verb}{what}：{'、'.join(names)}")
        if self.cancelled:
            lines.append("导入已取消，数据库未作任何改动")
        return "\n".join(lines)


# --- cell helpers shared by both kinds -------------------------------------

def cell_text(value) -> str:
    """A cell as text: NFKC (full-width digits and letters to ASCII), trimmed.

    Whole floats print without '.0' (Excel stores 4 as 4.0 in some files).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        if value.isascii():
            return value.strip()
        return unicodedata.normalize("NFKC", value).strip()
    return str(value).strip()


def cell_id(value) -> str:
    """An ID number cell as text; refuses numbers, whose last digits are gone."""
    if value is None:
        return ""
    if value.__class__ is str and value.isascii() and value.isdigit():
        return value  # the common cell: ASCII digits only, nothing to normalise
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if abs(value) >= 1e14:
            raise ValidationError(ID_AS_NUMBER, field="id_number")
        return str(int(value)) if float(value).is_integer() else str(value)
    text = "".join(cell_text(value).split())
    if _SCIENTIFIC.match(text.upper()):
        raise ValidationError(ID_AS_NUMBER, field="id_number")
    if "*" in text:
        return ""  # a masked export: the stored number stays as it is
    upper = text.upper()
    return text if upper == text else upper  # the cell's own text when it is already so


def cell_phone(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "".join(cell_text(value).split())


def shown(value) -> str:
    """A cell value as the rejection report shows it."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return cell_text(value)


def extra_parts(table: Table, row: tuple) -> list[str]:
    """Unknown columns' values as 列名：值 parts, for the notes."""
    parts = []
    for col in table.unknown:
        if col < len(row):
            value = shown(row[col])
            if value:
                parts.append(f"{table.headers[col]}：{value}")
    return parts


def extra_notes(table: Table, row: tuple) -> str:
    """Unknown columns' values as one 列名：值；列名：值 text."""
    return "；".join(extra_parts(table, row))


def appended_notes(notes: str, parts) -> str:
    """``notes`` with each of ``parts`` it does not hold yet appended (；): what
    unknown columns add to a stored record's notes. Nothing is replaced, and
    the same sheet imported again adds nothing."""
    notes = notes or ""
    new = [p for p in dict.fromkeys(parts) if p and p not in notes]
    return "；".join([notes, *new] if notes else new)


def notes_too_long(number: int, table: Table, notes: str) -> Rejection | None:
    """A refusal when the notes with the unknown columns appended pass ``limits.NOTES_MAX``."""
    if len(notes) <= limits.NOTES_MAX:
        return None
    names = "、".join(table.headers[c] for c in table.unknown)
    return Rejection(number, header_of(table, "notes") or "备注", limits.quote(notes),
                     f"备注加上“{limits.quote(names)}”列的内容后有 {len(notes)} 字，超过 {limits.NOTES_MAX} 字："
                     "请精简原有备注或这些列的内容")


def header_of(table: Table, key: str | None) -> str:
    """The sheet's own header for a column key (what the clerk sees)."""
    if key is None or key not in {c.key for c in COLUMNS[table.kind]}:
        return ""
    col = table.column_of(key)
    if col is not None and col < len(table.headers) and table.headers[col]:
        return table.headers[col]
    try:
        return column(table.kind, key).header
    except StopIteration:
        return ""


def read_cell(spec, value):
    """One cell as the domain's clean function takes it, by the column's kind;
    raises ValidationError for a cell that cannot be read (an ID number
    stored as a number, a date that is none). A month-only date comes back
    as a ``MonthDate``."""
    kind = spec.kind
    if kind == fields.ID:
        return cell_id(value)
    if kind == fields.DATE:
        parsed = parse_date(value)
        if parsed is None:
            return None
        return parsed.date if parsed.day_known else MonthDate.of(parsed.date)
    if kind == fields.PHONE:
        return cell_phone(value)
    if kind == fields.NOTES:
        return "" if value is None else str(value).strip()
    if kind in (fields.REF, fields.CHOICE, fields.LINK, fields.NAME):
        return "".join(cell_text(value).split())
    return cell_text(value)


def clean_row(clean, data: dict, table: Table, number: int, *, failed=(), implied=None, aliases=None):
    """Run a domain ``clean`` function on one row's values: (cleaned, []) or
    (None, rejections) with every problem the function found (it reports
    them all at once). ``failed`` are the columns whose cells could not be
    read (already reported); a refusal of an empty field that follows from
    one of them (``implied``: field → columns) is not said twice."""
    try:
        return clean(data), []
    except ValidationErrors as error:
        problems = error.errors
    except ValidationError as error:
        problems = [error]
    aliases, implied, failed = aliases or {}, implied or {}, set(failed)
    rejections = []
    for problem in problems:
        key = aliases.get(problem.field, problem.field)
        if key in failed:
            continue
        if data.get(key) in (None, "") and failed & set(implied.get(key, ())):
            continue
        rejections.append(Rejection(number, header_of(table, key), shown(data.get(key)), problem.message))
    return None, rejections


def reject_duplicates(plan: Plan, keyed: dict, what: dict) -> set[int]:
    """Reject every row whose key occurs more than once in the file."""
    bad = set()
    for key, numbers in keyed.items():
        if len(numbers) < 2:
            continue
        for number, header, value in numbers:
            others = "、".join(str(n) for n, _, _ in numbers if n != number)
            plan.rejected.append(Rejection(number, header, value,
                                           f"与第 {others} 行重复（{what[key[0]]}相同），同一人只能出现一次"))
            bad.add(number)
    return bad


def bulk_insert(model, fields, rows, *, chunk: int = 5000, progress=None, done: int = 0,
                total: int = 0) -> int:
    """Insert plain tuples with ``executemany`` in chunks (inside the caller's
    transaction). Values must already be what SQLite stores: dates as ISO
    text, booleans as 0/1. peewee's ``insert_many`` builds one SQL string
    per chunk from every value and took most of a 50,000-row import.
    """
    columns = ", ".join(f'"{model._meta.fields[f].column_name}"' for f in fields)
    marks = ", ".join("?" * len(fields))
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    cursor = database.cursor()
    for start in range(0, len(rows), chunk):
        batch = rows[start:start + chunk]
        cursor.executemany(sql, batch)
        done += len(batch)
        if progress is not None and not progress(done, total):
            raise Cancelled()
    return done


def insert_and_update(model, plan: Plan, progress) -> None:
    """Write a plan whose ``new`` are row dicts of ``model`` and whose ``updates`` are
    (id, {column: value}, _) (inside the caller's transaction), in chunks of 500."""
    steps = len(plan.new) + len(plan.updates)
    done = 0
    for start in range(0, len(plan.new), 500):
        chunk = plan.new[start:start + 500]
        model.insert_many(chunk).execute()
        done += len(chunk)
        if not progress(done, steps):
            raise Cancelled()
    for row_id, values, _extra in plan.updates:
        model.update(**values, updated_at=now(), row_version=model.row_version + 1).where(model.id == row_id).execute()
        done += 1
        if done % 500 == 0 and not progress(done, steps):
            raise Cancelled()


def fresh_uuids(count: int) -> list[str]:
    """``count`` new row uuids for a bulk insert.

    A random uuid4 with its low 32 bits replaced by a counter: still unique
    across databases (96 random bits, version and variant kept) and ascending,
    so the unique index grows at its end instead of at random places.
    """
    base = uuid.uuid4().int >> 32 << 32
    return [f"{base + i:032x}" for i in range(count)]


# --- the flow --------------------------------------------------------------

PROGRESS_EVERY = 1000


def tracked_rows(table: Table, progress):
    """``table.rows`` for a checking loop, reporting every PROGRESS_EVERY rows;
    ``progress`` returning False raises Cancelled."""
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        if progress is not None and index % PROGRESS_EVERY == 0 and not progress(index, total):
            raise Cancelled()
        yield row
    if progress is not None:
        progress(total, total)


def plan_import(table: Table, village_id: int, *, create_missing: bool = True, progress=None, **passed) -> Plan:
    """Check every row; return what the import would do. Writes nothing.

    ``progress(done, total)`` returning False stops with ``Cancelled``;
    ``passed`` options (``kinds.YEAR`` …) reach a planner whose kind takes them."""
    with gc_paused():
        return _plan_import(table, village_id, create_missing, progress, **passed)


def _plan_import(table: Table, village_id: int, create_missing: bool, progress, **passed) -> Plan:
    plan = KINDS[table.kind].plan(table, village_id, create_missing=create_missing, progress=progress, **passed)
    plan.table, plan.create_missing, plan.passed = table, create_missing, passed
    return plan


STALE = ("检查之后，数据库中的数据已有变化（可能另一个窗口或程序同时在修改或导入），为免重复或覆盖，本次未写入："
         "请重新检查后再导入")


def commit_plan(plan: Plan, *, skip_invalid: bool = False, progress=None, recheck: bool = True) -> ImportResult:
    """Write the plan in one transaction (nothing if a row is rejected and not
    ``skip_invalid``). ``progress(done, total)`` returning False cancels and
    rolls back.

    Inside the transaction, which holds the write lock, the sheet is checked
    again (``recheck``): a plan that no longer describes what the import
    would do (another writer came between) is refused with ``StalePlan``
    and nothing is written."""
    with gc_paused():
        return _commit_plan(plan, skip_invalid, progress, recheck)


def _commit_plan(plan: Plan, skip_invalid: bool, progress, recheck: bool) -> ImportResult:
    result = result_of(plan)
    if plan.rejected and not skip_invalid:
        return result
    if not plan.new and not plan.updates and not any(plan.to_create.values()):
        return result
    try:
        with write_transaction():
            if recheck and plan.table is not None:
                fresh = _plan_import(plan.table, plan.village_id, plan.create_missing, None, **plan.passed)
                if fresh.outcome() != plan.outcome():
                    raise StalePlan(STALE)
                plan = fresh
            created_links = _write(plan, progress)
    except Cancelled:
        result.cancelled = True
        return result
    result = result_of(plan)
    result.written = True
    result.links, result.links_written = created_links or ([], False)
    return result


def _write(plan: Plan, progress):
    """The kind's commit and the audit line (inside the caller's transaction)."""
    with small_page_cache():
        created_links = plan.commit(plan, progress or (lambda done, total: True))
    label = KIND_LABELS[plan.kind]
    audit.record(f"导入{label}", None,
                 f"导入{label}：新增 {len(plan.new)}，更新 {len(plan.updates)}，"
                 f"无变化 {plan.unchanged}，跳过有问题的 {len(plan.rejected_rows)} 行")
    return created_links


def result_of(plan: Plan) -> ImportResult:
    return ImportResult(kind=plan.kind, rows=plan.rows, imported=len(plan.new),
                        updated=len(plan.updates), unchanged=plan.unchanged,
                        rejected=sorted(plan.rejected, key=lambda r: r.row), written=False,
                        created={k: list(v) for k, v in plan.to_create.items() if v})


def import_file(path, kind: str, village_id: int, *, sheet: str | None = None, mapping=None,
                dry_run: bool = False, skip_invalid: bool = False, create_missing: bool = True,
                errors_path=None, progress=None, **passed) -> ImportResult:
    """Read, check and (unless ``dry_run``) write one sheet; optionally write
    the errors workbook. Reading takes the first ~80 % of the progress."""
    with gc_paused():
        return _import_file(path, kind, village_id, sheet=sheet, mapping=mapping, dry_run=dry_run,
                            skip_invalid=skip_invalid, create_missing=create_missing,
                            errors_path=errors_path, progress=progress, **passed)


def _import_file(path, kind, village_id, *, sheet, mapping, dry_run, skip_invalid, create_missing,
                 errors_path, progress, **passed) -> ImportResult:
    report = progress or (lambda done, total: True)
    scale = {}

    def reading(done, total):
        scale["total"] = total
        return report(done * 4, total * 5)

    try:
        table = read_table(path, kind, sheet=sheet, mapping=mapping, progress=reading)
    except Cancelled:
        return ImportResult(kind, 0, 0, 0, 0, [], False, cancelled=True)

    def told(result: ImportResult) -> ImportResult:
        result.sheet, result.hidden_sheets = table.sheet, table.hidden_sheets
        return result

    if dry_run:
        plan = plan_import(table, village_id, create_missing=create_missing, **passed)
        _write_errors(table, plan, errors_path)
        result = result_of(plan)
        result.dry_run = True
        return told(result)
    total = max(scale.get("total", 0), len(table.rows), 1)

    def writing(done, steps):
        return report(total * 4 + total * done // max(steps, 1), total * 5)

    # Checked and written under one write lock: no other writer can come between.
    try:
        with write_transaction():
            plan = _plan_import(table, village_id, create_missing, None, **passed)
            _write_errors(table, plan, errors_path)
            result = result_of(plan)
            if plan.rejected and not skip_invalid:
                return told(result)
            if not plan.new and not plan.updates and not any(plan.to_create.values()):
                return told(result)
            created_links = _write(plan, writing)
    except Cancelled:
        result = result_of(plan)
        result.cancelled = True
        return told(result)
    result.written = True
    result.links, result.links_written = created_links or ([], False)
    return told(result)


def _write_errors(table: Table, plan: Plan, errors_path) -> None:
    if errors_path is not None and plan.rejected:
        from lianhu_desktop.excel.errors_file import write_errors_file
        write_errors_file(table, plan.rejected, errors_path)
