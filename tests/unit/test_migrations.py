import sqlite3

import pytest
from peewee import SqliteDatabase

from lianhu_desktop.errors import DatabaseProblem
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store import migrations
from lianhu_desktop.store.models import ALL_MODELS, PrintLog, Village


def test_steps_are_numbered_from_one():
    assert [v for v, _, _ in migrations.steps()] == list(range(1, migrations.LATEST + 1))
    assert migrations.LATEST >= 2


def test_database_at_schema_1_upgrades_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    raw = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    raw.connect()
    raw.execute_sql(f"PRAGMA application_id = {store_db.APPLICATION_ID}")
    migrations.upgrade(raw, target=1)
    assert migrations.current_version(raw) == 1
    assert "print_log" not in raw.get_tables()
    raw.execute_sql(
        "INSERT INTO village (uuid, created_at, updated_at, name, branch_name, township, secretary,"
        " supervision_phone, link_min, link_max, sort_order, notes)"
        " VALUES ('u1', '2025-01-01 00:00:00', '2025-01-01 00:00:00', '老村', '老村党支部', '城关镇',"
        " '', '', 5, 10, 1, '')")
    raw.close()

    store_db.open_database(path)
    try:
        assert migrations.current_version(store_db.database_path and PrintLog._meta.database) == migrations.LATEST
        assert Village.get(Village.uuid == "u1").name == "老村"
        PrintLog.create(kind="doorplate", target_uuid="u1", fingerprint="abc")
        history = PrintLog._meta.database.execute_sql(
            "SELECT version, name FROM schema_history ORDER BY version").fetchall()
        assert [v for v, _ in history] == list(range(1, migrations.LATEST + 1))
    finally:
        store_db.close_database()


def test_migrated_schema_matches_the_models(db):
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()}
        assert columns == {field.column_name for field in model._meta.sorted_fields}, table
        indexes = {row[1] for row in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall()}
        for index in model._schema._create_indexes(safe=False):
            name = index.query()[0].split('"')[1]
            assert name in indexes, (table, name)


def test_foreign_keys_are_declared_for_every_foreign_key_field(db):
    for model in ALL_MODELS:
        table = model._meta.table_name
        declared = {row[3] for row in db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()}
        wanted = {f.column_name for f in model._meta.sorted_fields if hasattr(f, "rel_model")}
        assert declared == wanted, table


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "future.db"
    store_db.open_database(path, create=True)
    store_db.close_database()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    con.commit()
    con.close()
    with pytest.raises(DatabaseProblem, match="更新版本"):
        store_db.open_database(path)
