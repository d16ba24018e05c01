"""Numbered schema migrations.

Each step is a module ``mNNNN_name`` with ``apply(db)``; the schema version is
kept in SQLite's ``user_version`` and each applied step is also written to
``schema_history``. Steps run in order, each in its own transaction, so a
crash leaves the database at the last complete step.

On PostgreSQL the version is the highest one in ``schema_history`` (there is
no ``user_version``), and each step runs against ``ServerMigration``: its
frozen SQLite DDL is translated statement by statement
(``backend.translate_ddl``), or replaced where a step gives PostgreSQL's own
SQL in ``SERVER_STATEMENTS`` (SQLite statement → PostgreSQL statements, each
then translated too).
PostgreSQL's DDL is transactional too, so a step is still all or nothing.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re

_STEP_NAME = re.compile(r"^m(\d{4})_\w+$")


def step_names() -> list[tuple[int, str]]:
    """All migration steps as (version, module name), in order, none imported."""
    found = sorted((int(match.group(1)), info.name) for info in pkgutil.iter_modules(__path__)
                   if (match := _STEP_NAME.match(info.name)))
    versions = [v for v, _ in found]
    assert versions == list(range(1, len(found) + 1)), f"migration numbers must run 1..n: {versions}"
    return found


def steps() -> list[tuple[int, str, object]]:
    """All migration steps as (version, name, module), in order."""
    return [(version, name, importlib.import_module(f"{__name__}.{name}")) for version, name in step_names()]


# Opening a database of the current version imports no step.
LATEST = len(step_names())


def current_version(db) -> int:
    from lianhu_desktop.store import backend

    if backend.is_server(db):
        exists = db.execute_sql("SELECT to_regclass('schema_history') IS NOT NULL").fetchone()[0]
        if not exists:
            return 0
        return db.execute_sql('SELECT COALESCE(MAX("version"), 0) FROM "schema_history"').fetchone()[0]
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


class ServerMigration:
    """A PostgreSQL database as a migration step sees it: its DDL translated."""

    def __init__(self, target, replacements: dict[str, str | tuple[str, ...]]):
        self.target = target
        self.replacements = replacements

    def execute_sql(self, sql, params=None):
        from lianhu_desktop.store import backend

        replaced = self.replacements.get(sql, sql)
        cursor = None
        for statement in (replaced,) if isinstance(replaced, str) else replaced:
            cursor = self.target.execute_sql(backend.translate_ddl(statement), params)
        return cursor

    def __getattr__(self, name):
        return getattr(self.target, name)


def upgrade(db, target: int | None = None) -> list[str]:
    """Bring ``db`` up to ``target`` (default: the latest); return the steps applied."""
    from lianhu_desktop.store import backend

    target = LATEST if target is None else target
    applied = []
    server = backend.is_server(db)
    if server:
        with db.atomic():
            # Two clerks' programs upgrading at once: the second waits, then finds it done.
            db.execute_sql("SELECT pg_advisory_xact_lock(20240613)")
            for statement in backend.SHIMS:
                db.execute_sql(statement)
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "schema_history" '
        '("version" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "applied_at" TEXT NOT NULL)'
    )
    for version, name in step_names():
        if version <= current_version(db) or version > target:
            continue
        module = importlib.import_module(f"{__name__}.{name}")
        with db.atomic():
            if server:
                db.execute_sql("SELECT pg_advisory_xact_lock(20240613)")
                if version <= current_version(db):
                    continue
                module.apply(ServerMigration(db, getattr(module, "SERVER_STATEMENTS", {})))
            else:
                module.apply(db)
            db.execute_sql(
                'INSERT INTO "schema_history" VALUES (?, ?, ?)',
                (version, name, datetime.datetime.now().isoformat(timespec="seconds")),
            )
            if not server:
                # PRAGMA cannot take a bound parameter; version is an int from our own files.
                db.execute_sql(f"PRAGMA user_version = {int(version)}")
        applied.append(name)
    if applied:
        # A table added by a later step gets its tombstone trigger (none before the step
        # that creates the tombstone table).
        from lianhu_desktop.store import tombstones

        with db.atomic():
            tombstones.ensure_triggers(db)
    return applied
