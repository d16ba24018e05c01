"""The change log: SQLite triggers that record every change to audited tables.

Triggers, not Python calls, so that no write path (dialogs, imports, bulk
``insert_many``, proposals, a future script) can skip the log. Each audited
table gets three triggers writing to ``change_log``:

* insert: one line, 操作 ``新增``, 新值 a summary of the fields filled in;
* update: one line per changed field, with 原值 and 新值;
* delete: one line, 操作 ``删除``, 原值 a summary of what was there.

The operator comes from the one-row ``audit_context`` table, which the
program sets when it opens the database for writing (the writer lock
guarantees one writer at a time). ``change_log`` refuses updates and deletes.

Auditing another table (visits, requests, commitments, scores, ballots) is
one call in a new migration: ``create_triggers(db, AuditedTable(...))`` with
its fields as they are at that schema version.

On PostgreSQL (the township's server, several clerks at once) each audited
table gets one PL/pgSQL trigger function writing the same lines from the
same SQL expressions, with three triggers of the same names calling it. The
operator is a setting of each clerk's session (``lianhu.operator``), not a
shared row; ``row_log_paused`` sets ``lianhu.paused`` for the transaction,
which the functions read, instead of dropping triggers (DDL would lock the
table against the other clerks).
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field

from lianhu_desktop.store import backend

NOW = "strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')"
OPERATOR = "COALESCE((SELECT \"operator\" FROM \"audit_context\" WHERE \"id\" = 1), '')"


@dataclass(frozen=True)
class Field:
    """An audited column: its Chinese label and how its value reads (``{row}`` is NEW or OLD)."""

    column: str
    label: str
    shown: str = ""  # SQL rendering the value; default: the column as text
    is_flag: bool = False  # a 0/1 column (BOOLEAN on PostgreSQL)

    def value(self, row: str) -> str:
        if self.shown:
            return self.shown.format(row=row)
        return f'CAST({row}."{self.column}" AS TEXT)'


def flag(column: str, label: str) -> Field:
    """A 0/1 column shown as 是/否."""
    return Field(column, label, f"CASE {{row}}.\"{column}\" WHEN 1 THEN '是' WHEN 0 THEN '否' END", True)


def name_of(column: str, label: str, table: str, name: str = "name") -> Field:
    """A foreign key shown by the name of the row it points to."""
    return Field(column, label, f'(SELECT "{name}" FROM "{table}" WHERE "id" = {{row}}."{column}")')


@dataclass(frozen=True)
class AuditedTable:
    table: str
    label: str  # 对象 column: SQL giving a Chinese description of the row ({row} = NEW/OLD)
    fields: tuple[Field, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Dialect:
    """What a log line's SQL says differently per backend: a new uuid, now, the operator."""

    uuid: str
    now: str
    operator: str


_SQLITE = _Dialect("lower(hex(randomblob(16)))", NOW, OPERATOR)
# The same lines on PostgreSQL: the row's own values through the same SQL.
_SERVER = _Dialect("replace(CAST(gen_random_uuid() AS TEXT), '-', '')", "LOCALTIMESTAMP(0)",
                   "COALESCE(current_setting('lianhu.operator', true), '')")


def _insert(action: str, table: AuditedTable, row: str, field_label: str, old: str, new: str,
            where: str = "", dialect: _Dialect = _SQLITE) -> str:
    d = dialect
    return (
        'INSERT INTO "change_log" ("uuid", "created_at", "updated_at", "at", "operator", "action", '
        '"table", "row_id", "row_uuid", "object", "field", "old", "new") '
        f"SELECT {d.uuid}, {d.now}, {d.now}, {d.now}, {d.operator}, '{action}', "
        f"'{table.table}', {row}.\"id\", {row}.\"uuid\", {table.label.format(row=row)}, "
        f"{field_label}, {old}, {new}{where};"
    )


def _summary(table: AuditedTable, row: str, value=Field.value) -> str:
    """The fields filled in, as 标签：值；… (``value(field, row)`` renders one).

    Each part is 标签：值； for a value neither NULL nor empty, else empty
    (``NULLIF`` makes an empty value NULL, and text joined to NULL is NULL).
    """
    parts = [f"COALESCE('{f.label}：' || NULLIF({value(f, row)}, '') || '；', '')" for f in table.fields]
    return "RTRIM(" + " || ".join(parts) + ", '；')"


def _changed(table: AuditedTable) -> str:
    """One row (place, label, old value, new value) per field an update changed, in field order."""
    names = (' AS "place"', ' AS "label"', ' AS "old"', ' AS "new"')
    rows = []
    for place, f in enumerate(table.fields, 1):
        values = (str(place), f"'{f.label}'", f.value("OLD"), f.value("NEW"))
        if place == 1:  # the first row names the columns
            values = tuple(value + name for value, name in zip(values, names))
        rows.append(f"SELECT {', '.join(values)} WHERE OLD.\"{f.column}\" IS NOT NEW.\"{f.column}\"")
    return "(" + " UNION ALL ".join(rows) + ")"


def trigger_statements(table: AuditedTable) -> list[str]:
    """The CREATE TRIGGER statements for one audited table (SQLite).

    The update trigger writes its line per changed field with one statement
    over the changed fields (``_changed``), not one statement per field with
    its own copy of the line's other values: SQLite parses every trigger each
    time it opens the database, and the per-field form made the change-log
    triggers 164 KB (84 KB in this form), whose parsing took 7.4 ms of each
    connection's first statement on the township demo (4.9 ms in this form;
    medians of 11 fresh read-only connections to each, alternating, schema
    19's triggers against these). The lines are the same.
    """
    name = table.table
    changes = _insert("修改", table, "NEW", '"f"."label"', '"f"."old"', '"f"."new"',
                      f' FROM {_changed(table)} AS "f" ORDER BY "f"."place"')
    return [
        f'CREATE TRIGGER "change_log_{name}_insert" AFTER INSERT ON "{name}" BEGIN\n  '
        + _insert("新增", table, "NEW", "''", "''", _summary(table, "NEW")) + "\nEND",
        f'CREATE TRIGGER "change_log_{name}_update" AFTER UPDATE ON "{name}" BEGIN\n  {changes}\nEND',
        f'CREATE TRIGGER "change_log_{name}_delete" BEFORE DELETE ON "{name}" BEGIN\n  '
        + _insert("删除", table, "OLD", "''", _summary(table, "OLD"), "''") + "\nEND",
    ]


def create_triggers(db, table: AuditedTable) -> None:
    """Create the audit triggers of ``table`` (call from a migration)."""
    statements = server_trigger_statements(table) if backend.is_server(db) else trigger_statements(table)
    for statement in statements:
        db.execute_sql(statement)


def _server_value(f: Field, row: str) -> str:
    if f.is_flag:
        return f"CASE WHEN {row}.\"{f.column}\" THEN '是' WHEN NOT {row}.\"{f.column}\" THEN '否' END"
    return f.value(row)


def server_trigger_statements(table: AuditedTable) -> list[str]:
    """The PL/pgSQL function and the three triggers of one audited table (PostgreSQL)."""
    name = table.table
    updates = "\n    ".join(
        _insert("修改", table, "NEW", f"'{f.label}'", _server_value(f, "OLD"), _server_value(f, "NEW"),
                f' WHERE OLD."{f.column}" IS DISTINCT FROM NEW."{f.column}"', _SERVER)
        for f in table.fields
    )
    paused = "position(',' || TG_TABLE_NAME || ':' || lower(TG_OP) || ',' IN " \
             "COALESCE(current_setting('lianhu.paused', true), '')) > 0"
    function = (
        f'CREATE OR REPLACE FUNCTION "change_log_{name}"() RETURNS trigger LANGUAGE plpgsql AS $$\n'
        f"BEGIN\n  IF {paused} THEN RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NULL END; END IF;\n"
        "  IF TG_OP = 'INSERT' THEN\n    "
        + _insert("新增", table, "NEW", "''", "''", _summary(table, "NEW", _server_value), dialect=_SERVER)
        + "\n    RETURN NULL;\n  ELSIF TG_OP = 'UPDATE' THEN\n    " + updates
        + "\n    RETURN NULL;\n  END IF;\n  "
        + _insert("删除", table, "OLD", "''", _summary(table, "OLD", _server_value), "''", dialect=_SERVER)
        + "\n  RETURN OLD;\nEND $$"
    )
    return [
        function,
        f'CREATE OR REPLACE TRIGGER "change_log_{name}_insert" AFTER INSERT ON "{name}" '
        f'FOR EACH ROW EXECUTE FUNCTION "change_log_{name}"()',
        f'CREATE OR REPLACE TRIGGER "change_log_{name}_update" AFTER UPDATE ON "{name}" '
        f'FOR EACH ROW EXECUTE FUNCTION "change_log_{name}"()',
        f'CREATE OR REPLACE TRIGGER "change_log_{name}_delete" BEFORE DELETE ON "{name}" '
        f'FOR EACH ROW EXECUTE FUNCTION "change_log_{name}"()',
    ]


def set_operator(db, name: str) -> None:
    """Who the following changes are recorded for (the open writer's operator)."""
    if backend.is_server(db):
        # This clerk's session only; new connections (worker threads) take it too.
        getattr(db, "obj", db).operator = name
        db.execute_sql("SELECT set_config('lianhu.operator', ?, false)", (name,))
        return
    db.execute_sql('UPDATE "audit_context" SET "operator" = ? WHERE "id" = 1', (name,))


def operator(db) -> str:
    """The operator the following changes are recorded for."""
    if backend.is_server(db):
        row = db.execute_sql("SELECT COALESCE(current_setting('lianhu.operator', true), '')").fetchone()
    else:
        row = db.execute_sql('SELECT "operator" FROM "audit_context" WHERE "id" = 1').fetchone()
    return row[0] if row else ""


@contextlib.contextmanager
def row_log_paused(db, tables: tuple[str, ...], actions: tuple[str, ...] = ("insert", "update", "delete")):
    """Write ``tables`` without a change-log line per row, inside the caller's transaction.

    For bulk loads that record what they wrote in one audit line instead: the
    demo, which fills an empty database with ~600,000 visits a township (a
    line each would double its time and size), and a village package's new
    visits and requests at the township (``store.merge``; those rows keep their
    history in the village's own database). ``actions`` narrows it to some of
    the triggers (the merge pauses ``insert`` only: what it changes in rows
    the township holds is logged field by field). The triggers are dropped and
    made again from their own SQL; the DDL is part of the transaction, so a
    rollback restores them too. On PostgreSQL the transaction's setting
    ``lianhu.paused`` names them instead (other clerks' sessions log as usual).
    """
    if backend.is_server(db):
        before = db.execute_sql("SELECT COALESCE(current_setting('lianhu.paused', true), '')").fetchone()[0]
        paused = "".join(f",{table}:{action}," for table in tables for action in actions)
        db.execute_sql("SELECT set_config('lianhu.paused', ?, true)", (before + paused,))
        try:
            yield
        finally:
            db.execute_sql("SELECT set_config('lianhu.paused', ?, true)", (before,))
        return
    placeholders = ", ".join("?" for _ in tables)
    triggers = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'change_log_%' "
        f"AND tbl_name IN ({placeholders})", tuple(tables)).fetchall()
    triggers = [(name, sql) for name, sql in triggers if name.rsplit("_", 1)[-1] in actions]
    for name, _ in triggers:
        db.execute_sql(f'DROP TRIGGER "{name}"')
    yield
    for _, sql in triggers:
        db.execute_sql(sql)


@contextlib.contextmanager
def insert_lines_at_end(db, table: str):
    """Rows inserted into ``table`` inside the block (inside the caller's
    transaction, which holds the write lock) get their 新增 lines at its end,
    all in one statement, instead of one trigger run per row.

    The lines are the insert trigger's own, word for word: its SQL (as stored
    in ``sqlite_master``) is run once over the rows whose id is above the
    largest before the block, in id order, and the trigger is made again from
    the same SQL. For a bulk import of 50,000 households the per-row trigger
    took more time than inserting the rows themselves. Updates and deletes
    inside the block are logged by their triggers as always. A trigger of
    another shape (or none), or a database other than SQLite, is left alone
    and logs row by row.
    """
    found = None
    if _is_sqlite(db):
        found = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                               (f"change_log_{table}_insert",)).fetchone()
    statement = _single_statement(found[0]) if found else None
    if statement is None:
        yield
        return
    before = db.execute_sql(f'SELECT MAX("id") FROM "{table}"').fetchone()[0] or 0
    db.execute_sql(f'DROP TRIGGER "change_log_{table}_insert"')
    try:
        yield
    finally:
        # The lines' own uuids ascend (as ``fresh_uuids`` makes a bulk insert's): 96 random
        # bits, then the row's place after ``before``. Random ones went into the unique index
        # at random places: for the 50,000 lines of an imported ledger this statement took
        # 0.36 s with them and 0.28 s without (on a copy of the same database, two runs each).
        base = f"{uuid.uuid4().int >> 32:024x}"
        ascending = statement.replace(_SQLITE.uuid, f"""printf('%s%08x', '{base}', "NEW"."id" - {before})""", 1)
        db.execute_sql(f'{ascending} FROM "{table}" AS "NEW" WHERE "NEW"."id" > ? ORDER BY "NEW"."id"',
                       (before,))
        db.execute_sql(found[0])


def _is_sqlite(db) -> bool:
    from peewee import SqliteDatabase

    return isinstance(getattr(db, "obj", db), SqliteDatabase)


def _single_statement(trigger_sql: str) -> str | None:
    """The one ``INSERT … SELECT`` (no FROM, no WHERE) an insert trigger of
    ``trigger_statements`` runs, without its ``;``; None for any other body."""
    begin, end = trigger_sql.find(" BEGIN"), trigger_sql.rfind("END")
    if begin < 0 or end < 0:
        return None
    body = trigger_sql[begin + len(" BEGIN"):end].strip()
    if body.count(";") != 1 or not body.endswith(";") or not body.startswith('INSERT INTO "change_log"'):
        return None
    body = body[:-1]
    if " WHERE " in body.rsplit(")", 1)[-1] or " FROM " in body.rsplit(")", 1)[-1]:
        return None
    return body
