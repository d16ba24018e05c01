"""The compact change-log triggers (schema 20) write the lines schema 19's did.

Schema 19's form is kept here as it was (one statement per audited field in
an update trigger; ``CASE`` summaries). For every audited table a row is
made, each audited field changed on its own, several at once, none, and the
row deleted, once under the old triggers and once under the new ones, each
inside a transaction rolled back: the lines must be the same, in the same
order (uuids and times aside).
"""

from __future__ import annotations

import sqlite3

import pytest

from lianhu_desktop.store import changelog
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store import migrations
from lianhu_desktop.store.migrations.m0020_compact_change_log_triggers import AUDITED

def _old_summary(table, row):
    parts = [f"CASE WHEN COALESCE({f.value(row)}, '') <> '' THEN '{f.label}：' || {f.value(row)} || '；' ELSE '' END"
             for f in table.fields]
    return "RTRIM(" + " || ".join(parts) + ", '；')"


def old_trigger_statements(table):
    """Schema 19's change-log triggers of ``table``."""
    name, insert = table.table, changelog._insert
    updates = "\n  ".join(
        insert("修改", table, "NEW", f"'{f.label}'", f.value("OLD"), f.value("NEW"),
               f' WHERE OLD."{f.column}" IS NOT NEW."{f.column}"')
        for f in table.fields)
    return [
        f'CREATE TRIGGER "change_log_{name}_insert" AFTER INSERT ON "{name}" BEGIN\n  '
        + insert("新增", table, "NEW", "''", "''", _old_summary(table, "NEW")) + "\nEND",
        f'CREATE TRIGGER "change_log_{name}_update" AFTER UPDATE ON "{name}" BEGIN\n  {updates}\nEND',
        f'CREATE TRIGGER "change_log_{name}_delete" BEFORE DELETE ON "{name}" BEGIN\n  '
        + insert("删除", table, "OLD", "''", _old_summary(table, "OLD"), "''") + "\nEND",
    ]


@pytest.fixture
def connection(tmp_path):
    path = tmp_path / "t.db"
    store_db.open_database(path, create=True)
    store_db.close_database()
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("UPDATE \"audit_context\" SET \"operator\" = '王会计' WHERE \"id\" = 1")
    yield con
    con.close()


def _use(con, statements_of) -> None:
    for table in AUDITED:
        for action in ("insert", "update", "delete"):
            con.execute(f'DROP TRIGGER "change_log_{table.table}_{action}"')
        for statement in statements_of(table):
            con.execute(statement)


def _value(kind: str, column: str, number: int):
    """A value of a column's declared type; ``number`` makes different ones."""
    kind = kind.upper()
    if "INT" in kind or "BOOL" in kind:
        return number % 2 if "BOOL" in kind else number
    if "REAL" in kind or "DEC" in kind or "NUM" in kind:
        return number + 0.5
    if "DATETIME" in kind:
        return f"2026-0{number % 9 + 1}-0{number % 9 + 1} 08:00:00"
    if "DATE" in kind:
        return f"2026-0{number % 9 + 1}-1{number % 9}"
    return f"{column}{number}号"


class Rows:
    """Rows of any table made from its declared columns, parents first."""

    def __init__(self, con):
        self.con = con
        self.serial = 0  # makes every value new (unique names, uuids), the same in each run

    def columns(self, table):
        return self.con.execute(f'PRAGMA table_info("{table}")').fetchall()

    def parents(self, table):
        return {row[3]: row[2] for row in self.con.execute(f'PRAGMA foreign_key_list("{table}")')}

    def any_id(self, table) -> int:
        found = self.con.execute(f'SELECT MIN("id") FROM "{table}"').fetchone()[0]
        return found if found is not None else self.make(table)

    def make(self, table, *, blank: bool = False) -> int:
        """A row with every column filled in (a reference only where it is required);
        ``blank``: texts empty and what may be NULL left NULL."""
        parents = self.parents(table)
        self.serial += 1
        number = self.serial
        names, values = [], []
        for _cid, name, kind, notnull, _default, primary in self.columns(table):
            if primary:
                continue
            if name in parents:
                values.append(self.any_id(parents[name]) if notnull else None)
            elif name == "uuid":
                values.append(f"{number:032x}")
            elif blank and not notnull:
                values.append(None)
            else:
                value = _value(kind, name, number)
                values.append("" if blank and isinstance(value, str) and "DATE" not in kind.upper() else value)
            names.append(name)
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        return self.con.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', values).lastrowid

    def changes(self, table, row_id: int) -> list[tuple[str, list]]:
        """(SET clause, values) of each change made to the row: each audited field alone
        (another value, then NULL where allowed), three at once, and none."""
        kinds = {row[1]: (row[2], row[3]) for row in self.columns(table)}
        parents = self.parents(table)
        audited = next(t for t in AUDITED if t.table == table)
        done = []
        for f in audited.fields:
            kind, notnull = kinds[f.column]
            self.serial += 1
            if f.column in parents:
                done.append((f'"{f.column}" = ?', [self.make(parents[f.column])]))
            else:
                done.append((f'"{f.column}" = ?', [_value(kind, f.column, self.serial)]))
            if not notnull:
                done.append((f'"{f.column}" = NULL', []))
        several = [f for f in audited.fields if f.column not in parents][-3:]
        self.serial += 1
        done.append((", ".join(f'"{f.column}" = ?' for f in several),
                     [_value(kinds[f.column][0], f.column, self.serial) for f in several]))
        first = audited.fields[0].column
        done.append((f'"{first}" = "{first}"', []))
        return done


def _lines(con, statements_of) -> list[tuple]:
    """The lines written for every audited table's row made, changed and deleted."""
    con.execute("BEGIN")
    try:
        _use(con, statements_of)
        start = con.execute('SELECT COALESCE(MAX("id"), 0) FROM "change_log"').fetchone()[0]
        rows = Rows(con)
        for table in AUDITED:
            row_id = rows.make(table.table)
            for assignment, values in rows.changes(table.table, row_id):
                con.execute(f'UPDATE "{table.table}" SET {assignment} WHERE "id" = ?', [*values, row_id])
            con.execute(f'DELETE FROM "{table.table}" WHERE "id" = ?', (row_id,))
            blank = rows.make(table.table, blank=True)  # summaries of empty values
            assignment, values = rows.changes(table.table, blank)[0]  # an empty first field filled in
            con.execute(f'UPDATE "{table.table}" SET {assignment} WHERE "id" = ?', [*values, blank])
            con.execute(f'DELETE FROM "{table.table}" WHERE "id" = ?', (blank,))
        return con.execute(
            'SELECT "id", "operator", "action", "table", "row_id", "object", "field", "old", "new" '
            'FROM "change_log" WHERE "id" > ? ORDER BY "id"', (start,)).fetchall()
    finally:
        con.execute("ROLLBACK")


def test_the_compact_triggers_write_the_old_triggers_lines(connection):
    old = _lines(connection, old_trigger_statements)
    new = _lines(connection, changelog.trigger_statements)
    assert new == old
    tables = {line[3] for line in old}
    assert tables == {t.table for t in AUDITED}  # every audited table wrote lines
    actions = {(line[3], line[2]) for line in old}
    assert all((t.table, action) in actions for t in AUDITED for action in ("新增", "修改", "删除"))
    changed = [line for line in old if line[2] == "修改"]
    assert len(changed) > 150 and {"王会计"} == {line[1] for line in old}
    assert any(line[7] and line[8] is None for line in changed)  # a value made NULL is logged too


def test_every_change_log_trigger_is_compact_after_the_upgrade(tmp_path):
    """A schema-19 database (old triggers) upgraded to 20 has the compact ones, and
    every audited table of the database is one of the step's."""
    path = tmp_path / "t.db"
    store_db.open_database(path, create=True)
    store_db.close_database()
    con = sqlite3.connect(path, isolation_level=None)
    _use(con, old_trigger_statements)
    con.execute("DELETE FROM \"schema_history\" WHERE \"version\" = 20")
    con.execute("PRAGMA user_version = 19")
    con.close()
    store_db.open_database(path)
    try:
        assert migrations.current_version(store_db.database) == migrations.LATEST
    finally:
        store_db.close_database()
    con = sqlite3.connect(path)
    stored = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                              "AND name LIKE 'change_log_%' AND name NOT LIKE 'change_log_keep_%'"))
    con.close()
    expected = {}
    for table in AUDITED:
        for action, statement in zip(("insert", "update", "delete"), changelog.trigger_statements(table)):
            expected[f"change_log_{table.table}_{action}"] = statement
    assert stored == expected
