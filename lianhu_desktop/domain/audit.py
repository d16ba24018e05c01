"""The audit trail: summary lines written by the program, field changes by the database.

``record`` writes one line per user action (导入, 载入演示数据 …) to
``audit_log``. Every change to members, households and links is recorded
field by field by the triggers of ``store.changelog`` into ``change_log``,
whatever path made it. Both carry the operator: the name given with
``--operator``, else the one set in the settings, else the login name.
"""

from __future__ import annotations

import datetime
import getpass
from dataclasses import dataclass

from lianhu_desktop.domain import idnumber
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store import changelog
from lianhu_desktop.store.models import AuditLog, ChangeLog, Setting, database

OPERATOR_KEY = "operator"
MAX_OPERATOR = 40

# 对象 kinds a user can filter by: table name -> Chinese.
TABLE_LABELS = {"member": "党员", "household": "农户", "link": "联户关系", "contact_point": "联系点",
                "commitment": "承诺", "meeting": "会议", "meeting_problem": "会议研究问题", "pairing": "结对帮扶",
                "scheme": "考核方案", "item": "考核项目", "score": "考核评分", "appraisal": "民主评议"}
HEADERS = ("时间", "操作人", "操作", "对象", "字段", "原值", "新值")


def record(action: str, row=None, summary: str = "") -> None:
    """Write one audit line; call inside the transaction of the change itself."""
    AuditLog.create(
        action=action,
        table=row._meta.table_name if row is not None else "",
        row_uuid=row.uuid if row is not None else "",
        summary=summary,
        operator=current_operator(),
    )


def current_operator() -> str:
    """The operator the following changes are recorded for."""
    return changelog.operator(database)


def default_operator() -> str:
    """The operator set in the settings, else the computer's login name."""
    value = Setting.select(Setting.value).where((Setting.scope == "") & (Setting.key == OPERATOR_KEY)).scalar()
    if value:
        return value
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def set_default_operator(name: str) -> str:
    """Remember ``name`` as the operator of this database's settings; returns it cleaned."""
    name = " ".join(name.split())
    if len(name) > MAX_OPERATOR:
        raise ValidationError(f"操作人姓名不能超过 {MAX_OPERATOR} 个字", field="operator")
    with database.atomic():
        Setting.delete().where((Setting.scope == "") & (Setting.key == OPERATOR_KEY)).execute()
        if name:
            Setting.create(scope="", key=OPERATOR_KEY, value=name)
        changelog.set_operator(database, name or default_operator())
    return name


def use_operator(explicit: str | None = None) -> str:
    """Record the following changes for ``explicit`` or the default operator (writers only)."""
    name = " ".join((explicit or "").split()) or default_operator()
    if len(name) > MAX_OPERATOR:
        raise ValidationError(f"操作人姓名不能超过 {MAX_OPERATOR} 个字", field="operator")
    changelog.set_operator(database, name)
    return name


@dataclass(frozen=True)
class AuditFilter:
    """What the 操作记录 window and ``export audit`` show."""

    since: datetime.date | None = None
    until: datetime.date | None = None
    table: str | None = None  # member, household, link; None = all (and the summary lines)
    text: str = ""  # in 对象, 字段, 原值, 新值 or 操作人


def _where(filters: AuditFilter) -> tuple[str, str, list, list]:
    change, summary, change_params, summary_params = ["1 = 1"], ["1 = 1"], [], []
    if filters.since is not None:
        change.append('c."at" >= ?'), change_params.append(filters.since.isoformat())
        summary.append('a."at" >= ?'), summary_params.append(filters.since.isoformat())
    if filters.until is not None:
        end = (filters.until + datetime.timedelta(days=1)).isoformat()
        change.append('c."at" < ?'), change_params.append(end)
        summary.append('a."at" < ?'), summary_params.append(end)
    if filters.table:
        change.append('c."table" = ?'), change_params.append(filters.table)
        summary.append("1 = 0")
    if filters.text:
        like = f"%{filters.text}%"
        change.append('(c."object" LIKE ? OR c."field" LIKE ? OR c."old" LIKE ? OR c."new" LIKE ? '
                      'OR c."operator" LIKE ?)')
        change_params += [like] * 5
        summary.append('(a."summary" LIKE ? OR a."action" LIKE ? OR a."operator" LIKE ?)')
        summary_params += [like] * 3
    return " AND ".join(change), " AND ".join(summary), change_params, summary_params


def _query(filters: AuditFilter) -> tuple[str, list]:
    change, summary, change_params, summary_params = _where(filters)
    sql = (
        'SELECT c."at", c."operator", c."action", c."object", c."field", c."old", c."new", 1, c."id" '
        f'FROM "change_log" c WHERE {change} '
        'UNION ALL SELECT a."at", a."operator", a."action", a."summary", \'\', \'\', \'\', 0, a."id" '
        f'FROM "audit_log" a WHERE {summary}'
    )
    return sql, change_params + summary_params


def count_changes(filters: AuditFilter = AuditFilter()) -> int:
    sql, params = _query(filters)
    return database.execute_sql(f"SELECT COUNT(*) FROM ({sql}) q", params).fetchone()[0]


def list_changes(filters: AuditFilter = AuditFilter(), *, limit: int = 500, offset: int = 0) -> list[tuple]:
    """Rows (时间, 操作人, 操作, 对象, 字段, 原值, 新值), newest first, a page at a time."""
    sql, params = _query(filters)
    rows = database.execute_sql(
        f"SELECT * FROM ({sql}) q ORDER BY 1 DESC, 8 DESC, 9 DESC LIMIT ? OFFSET ?", [*params, limit, offset])
    return [tuple(_text(v) for v in row[:7]) for row in rows]


def id_number_labels() -> frozenset[str]:
    """The 字段 labels whose values are ID numbers (masked unless asked for)."""
    from lianhu_desktop.domain import fields

    return frozenset(f.label for entity in (fields.MEMBER, fields.HOUSEHOLD) for f in entity.fields
                     if f.kind == fields.ID)


def iter_changes(filters: AuditFilter = AuditFilter(), chunk: int = 5000, *, full_id: bool = False):
    """Every row of ``list_changes``, oldest first, in chunks (for the export).

    ID numbers in 原值 / 新值 are masked (110101********123X) unless ``full_id``.
    """
    masked = frozenset() if full_id else id_number_labels()
    sql, params = _query(filters)
    cursor = database.execute_sql(f"SELECT * FROM ({sql}) q ORDER BY 1, 8, 9", params)
    while True:
        rows = cursor.fetchmany(chunk)
        if not rows:
            return
        for row in rows:
            line = [_text(v) for v in row[:7]]
            if line[4] in masked:
                line[5], line[6] = idnumber.mask(line[5]), idnumber.mask(line[6])
            yield tuple(line)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def changes_of_row(table: str, row_id: int) -> list[ChangeLog]:
    """The change lines of one row, oldest first."""
    return list(ChangeLog.select().where((ChangeLog.table == table) & (ChangeLog.row_id == row_id))
                .order_by(ChangeLog.id))
