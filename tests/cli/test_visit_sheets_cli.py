"""``lianhu export visits|requests`` and ``lianhu import visits`` end to end on the demo village."""

import datetime
import json

import openpyxl
import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Request, Visit


def _last_month() -> datetime.date:
    return (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _count(path, query):
    store_db.open_database(path)
    try:
        return query()
    finally:
        store_db.close_database()


def test_a_months_visits_go_out_and_come_back_unchanged(db_copy, tmp_path, capsys):
    month = _last_month()
    out = tmp_path / "visits.xlsx"
    assert main(["--db", str(db_copy), "export", "visits", str(out), "--month", f"{month:%Y-%m}", "--full-id"]) == 0
    expected = _count(db_copy, lambda: Visit.select().where(
        (Visit.date >= month) & (Visit.date < (month + datetime.timedelta(days=32)).replace(day=1))).count())
    assert f"已导出 {expected} 条走访记录" in capsys.readouterr().out and expected > 100
    before = _count(db_copy, lambda: Visit.select().count())
    assert main(["--db", str(db_copy), "import", "visits", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["imported"], result["updated"], result["unchanged"], result["written"]) == (0, 0, expected, False)
    # A bad row: all or nothing, the errors workbook, then the good rows only.
    book = openpyxl.load_workbook(out)
    sheet = book.active
    sheet.cell(3, 3).value = "查无此人"
    sheet.append([None, month.replace(day=2), sheet.cell(4, 3).value, sheet.cell(4, 4).value, sheet.cell(4, 5).value,
                  sheet.cell(4, 6).value, "座谈会", "宣传政策、文明引导", "组织户主座谈", sheet.cell(4, 10).value])
    book.save(out)
    errors = tmp_path / "errors.xlsx"
    assert main(["--db", str(db_copy), "import", "visits", str(out), "--errors", str(errors)]) == 1
    captured = capsys.readouterr()
    assert "第 3 行“*走访党员”列（查无此人）：本村花名册中没有党员“查无此人”" in captured.out
    assert "未写入任何数据" in captured.err and errors.exists()
    assert _count(db_copy, lambda: Visit.select().count()) == before
    assert main(["--db", str(db_copy), "import", "visits", str(out), "--skip-invalid"]) == 0
    assert "新增 1" in capsys.readouterr().out
    assert _count(db_copy, lambda: Visit.select().where(Visit.content == "组织户主座谈").count()) == 1


def test_the_requests_ledger_of_a_year(db_copy, tmp_path, capsys):
    out = tmp_path / "requests.xlsx"
    year = datetime.date.today().year
    assert main(["--db", str(db_copy), "export", "requests", str(out), "--year", str(year)]) == 0
    assert "件诉求" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[2]]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert {"诉求类别", "办理方式", "承办部门", "办理时限", "办理状态", "办理结果", "办结日期", "反馈日期",
            "群众满意度"} <= set(header)
    raised = header.index("提出日期")
    assert rows and all(row[raised].year == year for row in rows)
    assert len(rows) == _count(db_copy, lambda: Request.select().where(
        (Request.raised_on >= datetime.date(year, 1, 1)) & (Request.raised_on < datetime.date(year + 1, 1, 1)))
        .count())
    with pytest.raises(SystemExit):  # not a kind to import
        main(["--db", str(db_copy), "import", "requests", str(out)])
    capsys.readouterr()
    assert main(["--db", str(db_copy), "export", "requests", str(out), "--archived"]) == 2
    assert "已归档党员和农户的诉求也全部导出" in capsys.readouterr().err
