import datetime
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
        # peewee's introspection: SQLite's PRAGMAs, or PostgreSQL's catalog.
        columns = {column.name for column in db.get_columns(table)}
        assert columns == {field.column_name for field in model._meta.sorted_fields}, table
        indexes = {index.name for index in db.get_indexes(table)}
        for index in model._schema._create_indexes(safe=False):
            name = index.query()[0].split('"')[1]
            assert name in indexes, (table, name)


def test_foreign_keys_are_declared_for_every_foreign_key_field(db):
    for model in ALL_MODELS:
        table = model._meta.table_name
        declared = {key.column for key in db.get_foreign_keys(table)}
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


def test_sort_key_step_recomputes_the_keys_of_existing_rows(tmp_path):
    from lianhu_desktop import pinyin
    from lianhu_desktop.domain import listing
    from lianhu_desktop.store.models import Household, Member

    step = next(v for v, name, _ in migrations.steps() if name.endswith("_name_sort_keys"))
    path = tmp_path / "before.db"
    raw = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    raw.connect()
    raw.execute_sql(f"PRAGMA application_id = {store_db.APPLICATION_ID}")
    migrations.upgrade(raw, target=step - 1)
    stamp = "'2025-01-01 00:00:00'"
    raw.execute_sql(
        "INSERT INTO village (id, uuid, created_at, updated_at, name, branch_name, township, secretary,"
        f" supervision_phone, link_min, link_max, sort_order, notes) VALUES (1, 'v1', {stamp}, {stamp},"
        " '老村', '', '', '', '', 5, 10, 1, '')")
    names = ["刘德华", "李旭东", "李富贵", "李建军"]
    for number, name in enumerate(names, 1):
        # Keys as an older version stored them: concatenated pinyin only.
        full, initials = pinyin.keys(name)
        raw.execute_sql(
            "INSERT INTO member (uuid, created_at, updated_at, village_id, name, name_pinyin, name_initials,"
            " gender, ethnicity, id_number, phone, education, membership, residence, migrant_place, tier,"
            " skills, address, is_committee, link_exempt, notes, archived, archive_reason) VALUES"
            f" (?, {stamp}, {stamp}, 1, ?, ?, ?, '男', '汉族', NULL, '', '', '正式党员', '在家', '', '一般党员',"
            " '', '', 0, 0, '', 0, '')", (f"m{number}", name, full, initials))
        raw.execute_sql(
            "INSERT INTO household (uuid, created_at, updated_at, village_id, door_number, door_sort, head_name,"
            " head_pinyin, head_initials, phone, address, size, work_place, industry_association, notes,"
            f" archived, archive_reason) VALUES (?, {stamp}, {stamp}, 1, ?, ?, ?, '', '', '', '', 1, '', '',"
            " '', 0, '')", (f"h{number}", f"{number}号", number, name))
    raw.close()

    store_db.open_database(path)
    try:
        assert migrations.current_version(Member._meta.database) == migrations.LATEST
        assert Member.select().count() == Household.select().count() == len(names)
        for member in Member.select():
            assert (member.name_pinyin, member.name_initials, member.name_sort) == pinyin.name_keys(member.name)
        for household in Household.select():
            assert (household.head_pinyin, household.head_initials, household.head_sort) == \
                pinyin.name_keys(household.head_name)
        found = listing.ids(listing.MEMBERS, 1)
        shown = listing.rows(listing.MEMBERS, found)
        assert [shown[i][0] for i in found] == ["李富贵", "李建军", "李旭东", "刘德华"]
        assert list(listing.ids(listing.HOUSEHOLDS, 1, search="lxd")) == \
            [Household.get(Household.head_name == "李旭东").id]
    finally:
        store_db.close_database()


def test_schema_10_gives_old_requests_the_new_words_and_dates(tmp_path):
    from lianhu_desktop.domain.requests import check_consistent
    from lianhu_desktop.store.models import Request

    path = tmp_path / "old.db"
    raw = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    raw.connect()
    raw.execute_sql(f"PRAGMA application_id = {store_db.APPLICATION_ID}")
    migrations.upgrade(raw, target=9)
    stamp = "'2025-01-01 00:00:00'"
    raw.execute_sql(f"INSERT INTO village (id, uuid, created_at, updated_at, name, branch_name, township, secretary,"
                    f" supervision_phone, link_min, link_max, sort_order, notes) VALUES (1, 'v', {stamp}, {stamp},"
                    " '老村', '', '', '', '', 5, 10, 1, '')")
    raw.execute_sql(f"INSERT INTO household (id, uuid, created_at, updated_at, village_id, door_number, door_sort,"
                    f" head_name, head_id_number, phone, address, work_place, industry_association, notes, archived,"
                    f" archive_reason, head_pinyin, head_initials, head_sort, size)"
                    f" VALUES (1, 'h', {stamp}, {stamp}, 1, '1号', 1, '张三', '', '', '', '', '', '', 0,"
                    " '', '', '', '', 1)")
    for n, (category, handling, status, deadline, done) in enumerate((
            ("医疗救助", "即知即办", "已办结", None, "2025-01-01"),
            ("基础设施", "限期办理", "待办理", "2025-02-01", None),
            ("生产发展", "上报党委", "已反馈", None, "2025-01-20"))):
        raw.execute_sql(
            "INSERT INTO request (uuid, created_at, updated_at, village_id, household_id, category, content,"
            " handling, deadline, status, result, done_on, feedback_on) VALUES (?, ?, ?, 1, 1, ?, '内容', ?, ?, ?,"
            " '结果', ?, ?)", (f"r{n}", "2025-01-01 08:00:00", "2025-01-01 08:00:00", category, handling,
                              deadline, status, done, done if status == "已反馈" else None))
    raw.close()
    store_db.open_database(path)
    try:
        rows = list(Request.select().order_by(Request.id))
        assert [(r.category, r.handling, r.status) for r in rows] == [
            ("生产生活", "当场办结", "已反馈"), ("安全隐患", "上报支部", "待办"), ("生产生活", "上报支部", "已反馈")]
        assert all(r.raised_on == datetime.date(2025, 1, 1) for r in rows)
        assert rows[2].deadline == datetime.date(2025, 1, 31)
        assert [check_consistent(r) for r in rows] == [[], [], []]
    finally:
        store_db.close_database()
