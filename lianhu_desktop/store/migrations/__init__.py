"""Numbered schema migrations.

Each step is a module ``mNNNN_name`` with ``apply(db)``; the schema version is
kept in SQLite's ``user_version`` and each applied step is also written to
``schema_history``. Steps run in order, each in its own transaction, so a
crash leaves the database at the last complete step.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re

_STEP_NAME = re.compile(r"^m(\d{4})_\w+$")


def steps() -> list[tuple[int, str, object]]:
    """All migration steps as (version, name, module), in order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        match = _STEP_NAME.match(info.name)
        if match:
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append((int(match.group(1)), info.name, module))
    found.sort()
    versions = [v for v, _, _ in found]
    assert versions == list(range(1, len(found) + 1)), f"migration numbers must run 1..n: {versions}"
    return found


LATEST = len(steps())


def current_version(db) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def upgrade(db, target: int | None = None) -> list[str]:
    """Bring ``db`` up to ``target`` (default: the latest); return the steps applied."""
    target = LATEST if target is None else target
    applied = []
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "schema_history" '
        '("version" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "applied_at" TEXT NOT NULL)'
    )
    for version, name, module in steps():
        if version <= current_version(db) or version > target:
            continue
        with db.atomic():
            module.apply(db)
            db.execute_sql(
                'INSERT INTO "schema_history" VALUES (?, ?, ?)',
                (version, name, datetime.datetime.now().isoformat(timespec="seconds")),
            )
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
