"""``lianhu appraisal …``, ``export appraisal`` and the seals in ``lianhu check``, end to end."""

import json
import re

import openpyxl
import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.domain import appraisal
from lianhu_desktop.store import db as store_db
from tests.unit import appraisalvillage as fx
from tests.unit.appraisalvillage import YEAR
from tests import pgserver


@pytest.fixture
def year_db(tmp_path):
    """A database file holding the hand-made village's year, its ballots counted."""
    from lianhu_desktop.domain.villages import create_village

    path = pgserver.new_database(tmp_path, "year.db")
    store_db.open_database(path, create=True)
    village = create_village("李家庄村", township="城关镇", grids=2)
    people = fx.full_year(village)
    fx.add_ballots(village, people)
    store_db.close_database()
    return path


def run(path, *args):
    return main(["--db", str(path), *args])


def domain_results(path):
    store_db.open_database(path, write=False)
    try:
        return appraisal.results(1, YEAR).to_json()
    finally:
        store_db.close_database()


def score_everything(path, capsys):
    store_db.open_database(path)
    try:
        members = appraisal.appraised_members(1, YEAR)
        items = {tier: [i for i in s.items if i.source == "手工"]
                 for tier, s in appraisal.schemes.schemes_in_use(1, YEAR).items()}
    finally:
        store_db.close_database()
    for member in members:
        for item in items[member.tier]:
            assert run(path, "appraisal", "score", "--year", str(YEAR), "--member", member.name, "--item", item.name,
                       "--points", str(item.max_tenths / 10)) == 0
    capsys.readouterr()


def test_results_json_has_the_issue_shape(year_db, capsys):
    assert run(year_db, "appraisal", "results", "--year", str(YEAR), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == YEAR and len(data["villages"]) == 1
    village = data["villages"][0]
    assert village == domain_results(year_db)
    assert set(village["grade_counts"]) == {"优秀", "合格", "基本合格", "不合格"}
    assert {"issued", "returned", "valid", "invalid", "mismatched"} <= set(village["ballots"])
    assert (village["ballots"]["issued"], village["ballots"]["valid"]) == (6, 5)
    wang = next(m for m in village["members"] if m["name"] == "王建国")
    assert {"name", "tier", "items", "total", "grade", "rank", "ballots"} <= set(wang)
    assert wang["ballots"] == {"优秀": 2, "合格": 2, "基本合格": 1, "不合格": 0}
    assert wang["grade"] == "" and all({"name", "points", "max"} <= set(i) for i in wang["items"])


def test_results_table_in_chinese(year_db, capsys):
    assert run(year_db, "appraisal", "results", "--year", str(YEAR)) == 0
    out = capsys.readouterr().out
    assert "【李家庄村】2026 年度民主评议（准备中）" in out
    assert "等次分数线：优秀 ≥ 90 分，合格 ≥ 75 分，基本合格 ≥ 60 分" in out
    assert "一般党员（方案第 1 版）" in out and "王建国" in out and "联户走访" in out


def test_manual_scores_from_the_command_line(year_db, capsys):
    args = ["appraisal", "score", "--year", str(YEAR), "--member", "王建国", "--item", "学习教育"]
    assert run(year_db, *args, "--points", "8", "--reason", "缺学一次") == 0
    assert "已评分：王建国“学习教育”8.0 分（理由：缺学一次）" in capsys.readouterr().out
    assert run(year_db, *args, "--points", "8") == 1
    assert "请填写扣分理由" in capsys.readouterr().err
    assert run(year_db, *args, "--points", "11", "--reason", "x") == 1
    assert "0–10 分之间" in capsys.readouterr().err
    assert run(year_db, "appraisal", "score", "--member", "无此人", "--item", "学习教育", "--points", "1",
               "--reason", "x", "--year", str(YEAR)) == 1
    assert "考核名单中没有“无此人”" in capsys.readouterr().err
    wang = next(m for m in domain_results(year_db)["members"] if m["name"] == "王建国")
    assert next(i for i in wang["items"] if i["name"] == "学习教育")["points"] == 8.0


def test_schemes_are_listed(year_db, capsys):
    assert run(year_db, "appraisal", "schemes", "--year", str(YEAR)) == 0
    out = capsys.readouterr().out
    assert "2026年度一般党员百分制考核方案（一般党员，第 1 版，本村方案，可修改）" in out
    assert "合计 100 分" in out and "自动：月度走访达标率" in out
    assert run(year_db, "appraisal", "schemes", "--year", str(YEAR), "--json") == 0
    listed = json.loads(capsys.readouterr().out)["schemes"]
    assert [s["tier"] for s in listed] == ["党员干部", "一般党员", "外出党员", "老病残党员"]
    assert all(s["total"] == 100 and s["usable"] for s in listed)


def test_seal_verify_and_check_catch_an_edit_by_hand(year_db, capsys):
    assert run(year_db, "appraisal", "seal", "--year", str(YEAR)) == 1
    assert "不能封存" in capsys.readouterr().err
    score_everything(year_db, capsys)
    assert run(year_db, "appraisal", "seal", "--year", str(YEAR)) == 0
    code = re.search(r"封存码：([0-9A-F-]{19})", capsys.readouterr().out).group(1)
    assert run(year_db, "appraisal", "verify", "--year", str(YEAR), "--code", code) == 0
    assert "一致" in capsys.readouterr().out
    assert run(year_db, "appraisal", "verify", "--year", str(YEAR), "--code", "0123-4567-89AB-CDEF") == 1
    assert "不符" in capsys.readouterr().out
    assert run(year_db, "appraisal", "verify", "--year", str(YEAR), "--code", "12-34") == 1
    assert "16 位" in capsys.readouterr().err
    assert run(year_db, "check", "--json") == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["ok"] and checked["appraisal_seals"] == [
        {"village": "李家庄村", "year": YEAR, "code": code, "sealed_at": checked["appraisal_seals"][0]["sealed_at"],
         "valid": True}]
    assert run(year_db, "appraisal", "score", "--year", str(YEAR), "--member", "王建国", "--item", "学习教育",
               "--points", "9", "--reason", "改分") == 1
    assert "封存，不能再修改" in capsys.readouterr().err

    pgserver.edit_by_hand(year_db, "UPDATE score SET tenths = tenths - 10 WHERE id = (SELECT MIN(id) FROM score)")
    assert run(year_db, "check", "--json") == 3
    checked = json.loads(capsys.readouterr().out)
    assert checked["appraisal_seals"][0]["valid"] is False and not checked["ok"]
    assert any("与封存码" in p and "不符" in p for p in checked["problems"])
    assert run(year_db, "check") == 3
    assert "与封存码不符，封存后被改动过" in capsys.readouterr().out
    assert run(year_db, "appraisal", "verify", "--year", str(YEAR), "--code", code) == 1
    assert "被改动过" in capsys.readouterr().out


def test_export_appraisal_workbook(year_db, tmp_path, capsys):
    out = tmp_path / "考核结果.xlsx"
    assert run(year_db, "export", "appraisal", str(out)) == 2
    assert "须用 --year 指定" in capsys.readouterr().err
    assert run(year_db, "export", "appraisal", str(out), "--year", str(YEAR)) == 0
    assert "已导出 2 名党员" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["一般党员", "汇总"]
    sheet = book["一般党员"]
    headers = [c.value for c in sheet[2]]
    assert headers[:3] == ["序号", "姓名", "学习教育（10分）"]
    assert headers[-7:] == ["总分", "等次", "类别内名次", "优秀票", "合格票", "基本合格票", "不合格票"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    results = {m["name"]: m for m in domain_results(year_db)["members"]}
    wang = dict(zip(headers, rows["王建国"]))
    assert wang["学习教育（10分）"] is None and wang["联户走访（25分）"] == next(
        i["points"] for i in results["王建国"]["items"] if i["name"] == "联户走访")
    expected = (results["王建国"]["total"], "未定", 2, 1)
    assert (wang["总分"], wang["等次"], wang["优秀票"], wang["基本合格票"]) == expected
    sums = [c.value for c in book["汇总"][2]]
    assert sums[:10] == ["李家庄村", YEAR, "准备中", None, None, 6, 5, 5, 0, 0] and sums[-1] == "未封存"
