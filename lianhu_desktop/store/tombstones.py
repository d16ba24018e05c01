"""Tombstones: a deleted row leaves its uuid behind, so the deletion travels.

An ``AFTER DELETE`` trigger on every carried table (``ownership``) writes
the table and the row's uuid to ``tombstone`` (no other value: a tombstone
holds nothing personal). Cascaded deletions fire the triggers too, so a
deleted member leaves the tombstones of its visits as well.

``ensure_triggers`` creates the missing ones for every carried table: the
migration that creates the table calls it, and ``migrations.upgrade`` calls
it after any step, so a table added by a later step is covered without code
here. On PostgreSQL one PL/pgSQL function (``tombstone_row``) serves the
trigger of every table.
"""

from __future__ import annotations

from lianhu_desktop.store import backend
from lianhu_desktop.store.changelog import NOW


def trigger_name(table: str) -> str:
    return f"tombstone_{table}_delete"


def trigger_statement(table: str) -> str:
    return (
        f'CREATE TRIGGER IF NOT EXISTS "{trigger_name(table)}" AFTER DELETE ON "{table}" BEGIN\n'
        '  INSERT INTO "tombstone" ("uuid", "created_at", "updated_at", "table", "row_uuid", "deleted_at") '
        f"VALUES (lower(hex(randomblob(16))), {NOW}, {NOW}, '{table}', OLD.\"uuid\", {NOW});\nEND"
    )


SERVER_FUNCTION = (
    "CREATE OR REPLACE FUNCTION tombstone_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
    '  INSERT INTO "tombstone" ("uuid", "created_at", "updated_at", "table", "row_uuid", "deleted_at") '
    "VALUES (replace(CAST(gen_random_uuid() AS TEXT), '-', ''), LOCALTIMESTAMP(0), LOCALTIMESTAMP(0), "
    "TG_TABLE_NAME, OLD.\"uuid\", LOCALTIMESTAMP(0));\n  RETURN NULL;\nEND $$"
)


def server_trigger_statement(table: str) -> str:
    return (f'CREATE OR REPLACE TRIGGER "{trigger_name(table)}" AFTER DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION tombstone_row()")


def ensure_triggers(db) -> None:
    """Create the tombstone trigger of every carried table that exists in ``db`` and lacks one."""
    from lianhu_desktop.store.ownership import carried_models

    server = backend.is_server(db)
    if server:
        tables = {row[0] for row in db.execute_sql(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()")}
    else:
        tables = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "tombstone" not in tables:
        return
    if server:
        db.execute_sql(SERVER_FUNCTION)
    for model in carried_models():
        table = model._meta.table_name
        if table in tables:
            db.execute_sql(server_trigger_statement(table) if server else trigger_statement(table))
