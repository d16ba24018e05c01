"""``lianhu print monthly|pledge`` and ``lianhu template|export|import commitments`` end to end."""

import datetime

import openpyxl

from lianhu_desktop.cli import main
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Commitment, Member
from tests.unit import printdata


def _month(offset: int = 0) -> str:
    day = datetime.date.today().replace(day=1)
    for _ in range(offset):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return f"{day.year}-{day.month:02d}"


def test_print_monthly_for_a_month(db_copy, tmp_path, capsys):
    out = tmp_path / "monthly.pdf"
    assert main(["--db", str(db_copy), "print", "monthly", str(out), "--month", _month(1)]) == 0
    assert "主题党日联户工作汇报" in capsys.readouterr().out
    text = printdata.pdf_text(out)
    year, month = _month(1).split("-")
    assert f"{year}年{int(month)}月主题党日联户工作汇报" in text and "本月未走访农户" in text
    printdata.assert_font_embedded(out)


def test_print_monthly_refuses_bad_months_and_month_elsewhere(db_copy, tmp_path, capsys):
    assert main(["--db", str(db_copy), "print", "monthly", str(tmp_path / "a.pdf"), "--month", "2026-13"]) == 1
    assert "YYYY-MM" in capsys.readouterr().err
    future = datetime.date.today().year + 1
    assert main(["--db", str(db_copy), "print", "monthly", str(tmp_path / "b.pdf"), "--month", f"{future}-01"]) == 1
    assert "还没有到" in capsys.readouterr().err
    assert main(["--db", str(db_copy), "print", "card", str(tmp_path / "c.pdf"), "--month", "2026-01"]) == 2
    assert "--month 只用于monthly（主题党日联户工作汇报（月报））" in capsys.readouterr().err
    assert not any(tmp_path.glob("*.pdf"))


def test_print_pledge_for_one_member(db_copy, tmp_path, capsys):
    store_db.open_database(db_copy)
    try:
        member = Member.select().where(Member.archived == False).order_by(Member.id).first()  # noqa: E712
        name = member.name
        linked = member.links.where(member.links.model.end_date.is_null()).count()
    finally:
        store_db.close_database()
    out = tmp_path / "pledge.pdf"
    assert main(["--db", str(db_copy), "print", "pledge", str(out), "--member", name, "--year", "2025"]) == 0
    assert "结链责任状" in capsys.readouterr().out
    text = printdata.pdf_text(out)
    assert "2025年度" in text and name in text
    assert text.count("党员联户责任书") == linked
    assert printdata.page_count(out) == 1 + (linked + 3) // 4


def test_commitments_sheet_round_trip(db_copy, tmp_path, capsys):
    template = tmp_path / "template.xlsx"
    assert main(["--db", str(db_copy), "template", "commitments", str(template)]) == 0
    headers = [c.value for c in openpyxl.load_workbook(template).active[3]]
    assert {"*党员", "*年度", "*承诺内容", "完成时限", "质量标准", "进展情况"} <= {str(h) for h in headers if h}
    out = tmp_path / "export.xlsx"
    assert main(["--db", str(db_copy), "export", "commitments", str(out), "--full-id"]) == 0
    capsys.readouterr()
    store_db.open_database(db_copy)
    try:
        before = Commitment.select().count()
    finally:
        store_db.close_database()
    # Unchanged back in: nothing to do.
    assert main(["--db", str(db_copy), "import", "commitments", str(out)]) == 0
    assert "无需改动" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    sheet = book.active
    header = [c.value for c in sheet[2]]
    status = header.index("进展情况") + 1
    content = header.index("*承诺内容") + 1
    sheet.cell(3, status).value = "未完成"
    sheet.append([None, sheet.cell(3, 2).value, 2026, "新承诺：帮助硬化村道", "2026-11-30", "路面平整", "进行中", ""])
    sheet.append([None, "无此人", 2026, "另一项", None, "", "", ""])
    # The demo gives many members the same pledge text: the changed row is found by member, year and text.
    changed = (sheet.cell(3, 2).value, sheet.cell(3, 3).value, sheet.cell(3, content).value)
    book.save(out)
    assert main(["--db", str(db_copy), "import", "commitments", str(out)]) == 1
    assert "无此人" in capsys.readouterr().out
    store_db.open_database(db_copy)
    try:
        assert Commitment.select().count() == before  # a refused row: nothing written
    finally:
        store_db.close_database()
    assert main(["--db", str(db_copy), "import", "commitments", str(out), "--skip-invalid"]) == 0
    store_db.open_database(db_copy)
    try:
        assert Commitment.select().count() == before + 1
        name, year, text = changed
        row = (
            Commitment.select()
            .join(Member)
            .where((Member.name == name) & (Commitment.year == year) & (Commitment.content == text))
            .get()
        )
        assert row.status == "未完成"
    finally:
        store_db.close_database()


def test_print_visitsheet_for_a_month_and_one_member(db_copy, tmp_path, capsys):
    month = _month(1)
    out = tmp_path / "sheets.pdf"
    assert main(["--db", str(db_copy), "print", "visitsheet", str(out), "--month", month]) == 0
    said = capsys.readouterr().out
    year, number = month.split("-")
    store_db.open_database(db_copy)
    try:
        from lianhu_desktop.domain.visit_sheet import members_with_links

        members = members_with_links(None, int(year), int(number))
        name = Member.get_by_id(members[0]).name
    finally:
        store_db.close_database()
    assert f"党员联户月走访登记表：{out}（{len(members)} 张" in said
    assert printdata.page_count(out) >= len(members)
    text = printdata.pdf_text(out)
    assert f"{year}年{int(number)}月" in text and "走访形式" in text
    one = tmp_path / "one.pdf"
    assert main(["--db", str(db_copy), "print", "visitsheet", str(one), "--member", name, "--month", month]) == 0
    assert "（1 张，" in capsys.readouterr().out and name in printdata.pdf_text(one)
    assert main(["--db", str(db_copy), "print", "visitsheet", str(tmp_path / "g.pdf"), "--grid", "一组"]) == 1
    assert "不能按网格打印" in capsys.readouterr().err
