"""Tombstones: a deleted row leaves its uuid behind, so the deletion travels.

An ``AFTER DELETE`` trigger on every carried table (``ownership``) writes
the table and the row's uuid to ``tombstone`` (no other value: a tombstone
holds nothing personal). Cascaded deletions fire the triggers too, so a
deleted member leaves the tombstones of its visits as well.

``ensure_triggers`` creates the missing ones for every carried table: the
migration that creates the table calls it, and ``migrations.upgrade`` calls
it after any step, so a table added by a later step is covered without code
here. SQLite-specific, so it lives in ``store/``.
"""

from __future__ import annotations

from lianhu_desktop.store.changelog import NOW


def trigger_name(table: str) -> str:
    return f"tombstone_{table}_delete"


def trigger_statement(table: str) -> str:
    return (
        f'CREATE TRIGGER IF NOT EXISTS "{trigger_name(table)}" AFTER DELETE ON "{table}" BEGIN\n'
        '  INSERT INTO "tombstone" ("uuid", "created_at", "updated_at", "table", "row_uuid", "deleted_at") '
        f"VALUES (lower(hex(randomblob(16))), {NOW}, {NOW}, '{table}', OLD.\"uuid\", {NOW});\nEND"
    )


def ensure_triggers(db) -> None:
    """Create the tombstone trigger of every carried table that exists in ``db`` and lacks one."""
    from lianhu_desktop.store.ownership import carried_models

    tables = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "tombstone" not in tables:
        return
    for model in carried_models():
        table = model._meta.table_name
        if table in tables:
            db.execute_sql(trigger_statement(table))
