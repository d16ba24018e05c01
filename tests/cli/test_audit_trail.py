"""The change log: every change to members, households and links, with operator and values."""

import datetime

import openpyxl
import pytest
from peewee import IntegrityError

from lianhu_desktop.cli import main
from lianhu_desktop.domain import audit
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import AuditLog, ChangeLog, Household, new_uuid
from tests import pgserver


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = pgserver.new_database(tmp_path_factory.mktemp("audit"), "a.db")
    assert main(["--db", str(path), "demo", "--seed", "9"]) == 0
    return path


@pytest.fixture
def db(demo_db, tmp_path):
    return pgserver.copy_of(demo_db, tmp_path, "a.db")


def _changes(db, **where):
    store_db.open_database(db, write=False)
    try:
        query = ChangeLog.select()
        for key, value in where.items():
            query = query.where(getattr(ChangeLog, key) == value)
        return list(query.order_by(ChangeLog.id))
    finally:
        store_db.close_database()


def test_a_phone_changed_by_a_households_import_is_recorded(db, tmp_path):
    sheet = tmp_path / "h.xlsx"
    assert main(["--db", str(db), "export", "households", str(sheet), "--full-id"]) == 0
    book = openpyxl.load_workbook(sheet)
    rows = book.active
    header = [str(c.value or "").lstrip("*").rstrip("*") for c in rows[2]]
    phone_col = next(i for i, h in enumerate(header, 1) if "联系电话" in h)
    name_col = next(i for i, h in enumerate(header, 1) if "户主姓名" in h)
    old_phone, head = rows.cell(3, phone_col).value, rows.cell(3, name_col).value
    rows.cell(3, phone_col).value = "13999999991"
    book.save(sheet)
    assert main(["--db", str(db), "--operator", "王会计", "import", "households", str(sheet)]) == 0
    lines = _changes(db, field="联系电话", new="13999999991")
    assert len(lines) == 1
    line = lines[0]
    assert (line.old, line.operator, line.action, line.table) == (old_phone, "王会计", "修改", "household")
    assert head in line.object
    assert datetime.datetime.now() - line.at < datetime.timedelta(minutes=5)


def test_bulk_paths_cannot_skip_the_log(db):
    store_db.open_database(db)
    try:
        before = ChangeLog.select().count()
        Household.update(phone="0931-1234567").where(Household.id <= 3).execute()  # a raw bulk update
        new = ChangeLog.select().where(ChangeLog.id > 0).order_by(ChangeLog.id.desc()).limit(3)
        assert ChangeLog.select().count() == before + 3
        assert all(line.field == "联系电话" and line.new == "0931-1234567" for line in new)
    finally:
        store_db.close_database()


def test_the_logs_survive_demo_force_and_refuse_deletion(db):
    store_db.open_database(db)
    changes = ChangeLog.select().count()
    summaries = [(a.id, a.summary) for a in AuditLog.select().order_by(AuditLog.id)]
    store_db.close_database()
    assert main(["--db", str(db), "demo", "--force", "--seed", "2"]) == 0
    store_db.open_database(db)
    try:
        assert ChangeLog.select().count() > changes  # kept, plus the deletions and the new demo
        kept = [(a.id, a.summary) for a in AuditLog.select().order_by(AuditLog.id)]
        assert kept[:len(summaries)] == summaries and len(kept) > len(summaries)
        assert ChangeLog.select().where(ChangeLog.action == "删除").count() > 0
        with pytest.raises(IntegrityError, match="操作记录不能删除"):
            ChangeLog.delete().execute()
        with pytest.raises(IntegrityError, match="操作记录不能修改"):
            AuditLog.update(summary="x").execute()
    finally:
        store_db.close_database()


def test_export_audit_has_the_columns_and_honours_since(db, tmp_path, capsys):
    out = tmp_path / "audit.xlsx"
    assert main(["--db", str(db), "export", "audit", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]] == ["时间", "操作人", "操作", "对象", "字段", "原值", "新值"]
    assert sheet.max_row > 300
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert main(["--db", str(db), "export", "audit", str(out), "--since", tomorrow]) == 0
    assert openpyxl.load_workbook(out).active.max_row == 1
    assert main(["--db", str(db), "export", "audit", str(out), "--since", "2026/1/1"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_a_formula_like_value_is_exported_as_text(db, tmp_path):
    store_db.open_database(db)
    try:
        Household.update(notes='=HYPERLINK("http://x","click")').where(Household.id == 1).execute()
    finally:
        store_db.close_database()
    out = tmp_path / "audit.xlsx"
    assert main(["--db", str(db), "export", "audit", str(out)]) == 0
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row
             if c.value == '=HYPERLINK("http://x","click")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_export_audit_masks_id_numbers_unless_asked_and_takes_no_village(db, tmp_path, capsys):
    store_db.open_database(db)
    try:
        from lianhu_desktop.store.models import Member

        member = Member.get_by_id(Member.select().first().id)
        old, member.id_number = member.id_number, "620522197001010113"
        member.save()
    finally:
        store_db.close_database()
    out = tmp_path / "audit.xlsx"

    def id_line():
        rows = openpyxl.load_workbook(out).active.iter_rows(values_only=True)
        return next(row for row in rows if row[4] == "身份证号码" and row[6] and row[6].endswith("0113"))

    assert main(["--db", str(db), "export", "audit", str(out)]) == 0
    assert id_line()[5:] == (old[:6] + "********" + old[-4:], "620522********0113")
    assert main(["--db", str(db), "export", "audit", str(out), "--full-id"]) == 0
    assert id_line()[5:] == (old, "620522197001010113")
    assert main(["--db", str(db), "export", "audit", str(out), "--village", "任意村"]) == 2
    assert "不分村" in capsys.readouterr().err
    assert main(["--db", str(db), "export", "audit", str(out), "--archived"]) == 2
    assert main(["--db", str(db), "export", "roster", str(out), "--since", "2026-01-01"]) == 2


def test_new_households_of_an_import_get_the_triggers_own_lines(db, tmp_path):
    """The import writes its new households' 新增 lines in one statement at
    the end: the same lines, in the same order, as the per-row trigger writes
    for the same rows inserted one by one; the trigger is back afterwards."""
    sheet = tmp_path / "new.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["户主姓名", "门牌号", "所在网格", "联系电话", "家庭人口", "户类别", "备注"])
    book.active.append(["新一户", "901号", "新网格", "13900001111", 3, "低保户", "第一户"])
    book.active.append(["新二户", "902号", "", "", 2, "", ""])
    book.save(sheet)
    assert main(["--db", str(db), "--operator", "王会计", "import", "households", str(sheet)]) == 0
    lines = _changes(db, table="household", action="新增")[-2:]
    assert [line.object for line in lines] == ["农户 新一户（901号）", "农户 新二户（902号）"]
    store_db.open_database(db)
    # The import's operator for this connection too (a server keeps it per session, a file in a row).
    audit.use_operator("王会计")
    try:
        rows = list(Household.select().where(Household.id.in_([line.row_id for line in lines]))
                    .order_by(Household.id).dicts())
        with store_db.database.atomic() as transaction:
            for row in rows:  # the same rows again, one by one, through the trigger (a uuid of their own)
                Household.insert({**row, "id": row["id"] + 100_000, "uuid": new_uuid()}).execute()
            again = list(ChangeLog.select().where(ChangeLog.row_id > 100_000).order_by(ChangeLog.id))
            transaction.rollback()
    finally:
        store_db.close_database()
    assert [(line.row_id, line.row_uuid) for line in lines] == [(row["id"], row["uuid"]) for row in rows]
    assert [(line.operator, line.object, line.field, line.old, line.new) for line in lines] == \
        [(line.operator, line.object, line.field, line.old, line.new) for line in again]
    assert "所在网格：新网格" in lines[0].new and "备注：第一户" in lines[0].new
    # The lines' uuids: 32 hex digits like the trigger's, none shared; on SQLite, where they are
    # written in one statement, ascending in row order (a server's trigger writes them row by row).
    uuids = [line.uuid for line in lines]
    assert all(len(u) == 32 and int(u, 16) >= 0 for u in uuids) and len(set(uuids)) == len(uuids)
    assert pgserver.ON_SERVER or uuids == sorted(uuids)
    assert not {line.uuid for line in again} & set(uuids)


def test_lines_at_the_end_leave_a_table_without_an_insert_trigger_alone(db):
    from lianhu_desktop.store import changelog
    from lianhu_desktop.store.models import HouseholdTag

    store_db.open_database(db)
    try:
        before = ChangeLog.select().count()
        household = Household.select().first()
        with store_db.database.atomic(), changelog.insert_lines_at_end(store_db.database, "household_tag"):
            HouseholdTag.create(household=household, tag="测试标签")
        assert ChangeLog.select().count() == before  # household_tag is not audited
        assert changelog._single_statement("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT 2; END") \
            is None
    finally:
        store_db.close_database()
