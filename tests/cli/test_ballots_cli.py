"""``lianhu template ballots`` / ``lianhu import ballots``: template → fill → import → counts."""

from __future__ import annotations

import json

import openpyxl
import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.domain import ballots
from lianhu_desktop.domain.appraisal_types import appraisal_for
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Appraisal, AuditLog, Ballot, Village
from tests.unit import sheetfiles
from tests.unit.ballotfixtures import YEAR, ZHANG_A, ZHANG_B, ballot_village, seal
from tests import pgserver

ZHANG_A_LABEL, ZHANG_B_LABEL = f"张伟（{ZHANG_A[-4:]}）", f"张伟（{ZHANG_B[-4:]}）"


@pytest.fixture
def db_file(tmp_path):
    from lianhu_desktop.domain.villages import create_village

    path = pgserver.new_database(tmp_path, "cli.db")
    store_db.open_database(path, create=True)
    ballot_village(create_village("李家庄村", township="城关镇", grids=3))
    store_db.close_database()
    return path


def run(db_file, *args):
    return main(["--db", str(db_file), *map(str, args)])


class Opened:
    """The database opened for a look, closed again on leaving."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        store_db.open_database(self.path)
        return Village.get()

    def __exit__(self, *exc):
        store_db.close_database()


def template(db_file, tmp_path, capsys):
    out = tmp_path / "测评票.xlsx"
    assert run(db_file, "template", "ballots", out, "--year", YEAR) == 0
    assert "已生成民主测评票导入模板" in capsys.readouterr().out
    return out


def fill(path, entries):
    """``entries``: (serial, entry, kind, {header: grade}, note) written into the template's numbered rows."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    heads = [c.value for c in sheet[3]]
    at = {head: index + 1 for index, head in enumerate(heads)}
    rows = {(sheet.cell(r, 1).value, sheet.cell(r, 3).value): r for r in range(4, sheet.max_row + 1)}
    for serial, entry, kind, grades, note in entries:
        row = rows[(serial, entry)]
        sheet.cell(row, at["评议人类别"], kind)
        for head, grade in grades.items():
            sheet.cell(row, at[head], grade)
        if note:
            sheet.cell(row, at["备注"], note)
    book.save(path)
    return path


GOOD = [
    (1, 1, "党员", {"王建国": "优秀", "李秀英": "合格", ZHANG_A_LABEL: "优秀"}, ""),
    (1, 2, "党员", {"王建国": "优秀", "李秀英": "合格", ZHANG_A_LABEL: "优秀"}, ""),
    (2, 1, "群众代表", {"王建国": "合格", ZHANG_B_LABEL: "不合格"}, ""),
    (2, 2, "群众代表", {"王建国": "合格", ZHANG_B_LABEL: "不合格"}, ""),
    (3, 1, "党员", {"王建国": "优秀"}, "作废"),
    (3, 2, "党员", {}, "作废，涂改"),
    (4, 1, "群众代表", {}, ""),  # blank ballot
    (4, 2, "群众代表", {}, ""),
]


def test_the_template_lists_the_members_and_numbers_both_entries(db_file, tmp_path, capsys):
    path = template(db_file, tmp_path, capsys)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert book.sheetnames == ["民主测评票", "填写说明"]
    assert "2026 年度民主评议党员测评票录入表" in sheet["A1"].value
    heads = [c.value for c in sheet[3]]
    assert heads == ["票号", "评议人类别", "录入次", "王建国", "李秀英", ZHANG_A_LABEL, ZHANG_B_LABEL, "赵大海", "备注"]
    count = 5 + 20  # members + spare rows, no ballots issued set
    numbered = [(sheet.cell(r, 1).value, sheet.cell(r, 3).value) for r in range(4, sheet.max_row + 1)]
    assert numbered == [(s, 1) for s in range(1, count + 1)] + [(s, 2) for s in range(1, count + 1)]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists[f"D4:H{3 + 2 * count}"] == '"优秀,合格,基本合格,不合格"'
    assert lists[f"B4:B{3 + 2 * count}"] == '"党员,群众代表"'
    assert lists[f"C4:C{3 + 2 * count}"] == '"1,2"'
    assert sheet.freeze_panes == "D4"
    assert "张伟（" in "".join(str(c.value) for c in book["填写说明"]["A"] if c.value)


def test_the_template_has_as_many_rows_as_ballots_issued(db_file, tmp_path, capsys):
    with Opened(db_file) as village:
        ballots.set_meeting_figures(village.id, YEAR, 8, None, None)
    sheet = openpyxl.load_workbook(template(db_file, tmp_path, capsys)).worksheets[0]
    assert sheet.max_row == 3 + 2 * 8


def test_template_then_fill_then_import_then_count(db_file, tmp_path, capsys):
    path = fill(template(db_file, tmp_path, capsys), GOOD)
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 0
    out = capsys.readouterr().out
    assert "2026 年度民主测评票已导入" in out and "新增 8 次录入" in out
    assert "收回 4 张 = 有效 3 + 无效 1 + 待核对 0；其中空白票 1 张" in out
    with Opened(db_file) as village:
        counted = ballots.count(appraisal_for(village.id, YEAR))
        wang = next(m for m in ballots.ballot_members(village.id, YEAR) if m.name == "王建国")
        assert counted.member_counts(wang.id) == {"优秀": 1, "合格": 1, "基本合格": 0, "不合格": 0}
        assert counted.grades[wang.id]["群众代表"]["合格"] == 1
        assert counted.sums.ok and Ballot.select().count() == 8
        spoiled = Ballot.get(Ballot.serial == 3, Ballot.entry == 2)
        assert not spoiled.valid and spoiled.note == "作废，涂改" and not list(spoiled.grades)
        assert AuditLog.select().where(AuditLog.action == "导入测评票").count() == 1
    # The same file again changes nothing.
    assert run(db_file, "import", "ballots", path, "--year", YEAR, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["kind"], data["imported"], data["unchanged"], data["written"]) == ("ballots", 0, 8, False)
    assert data["sums"]["valid"] == 3
    with Opened(db_file):
        assert Ballot.select().count() == 8
        assert AuditLog.select().where(AuditLog.action == "导入测评票").count() == 1


def test_the_two_entries_may_come_in_two_files(db_file, tmp_path, capsys):
    first = fill(template(db_file, tmp_path, capsys), [e for e in GOOD if e[1] == 1])
    assert run(db_file, "import", "ballots", first, "--year", YEAR) == 0
    assert "只录入了一次、未计入的票 4 张：第 1、2、3、4 号" in capsys.readouterr().out
    second = tmp_path / "第二次.xlsx"
    assert run(db_file, "template", "ballots", second, "--year", YEAR) == 0
    fill(second, [e for e in GOOD if e[1] == 2])
    assert run(db_file, "import", "ballots", second, "--year", YEAR) == 0
    out = capsys.readouterr().out
    assert "有效 3 + 无效 1 + 待核对 0" in out and "未计入" not in out


def test_a_mismatch_is_listed_and_not_counted(db_file, tmp_path, capsys):
    entries = GOOD[:2] + [(2, 1, "群众代表", {"王建国": "合格", "赵大海": "优秀"}, ""),
                          (2, 2, "党员", {"王建国": "基本合格"}, "")]
    path = fill(template(db_file, tmp_path, capsys), entries)
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 0
    out = capsys.readouterr().out
    assert "两次录入不一致、未计入的票 1 张" in out
    assert "第 2 号：评议人类别：第 1 次“群众代表”，第 2 次“党员”；王建国：第 1 次“合格”，第 2 次“基本合格”；" \
           "赵大海：第 1 次“优秀”，第 2 次“未评”" in out
    assert run(db_file, "import", "ballots", path, "--year", YEAR, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mismatches"][0]["serial"] == 2 and data["sums"]["mismatched"] == 1 and data["sums"]["valid"] == 1


def test_single_entry_counts_ballots_entered_once_and_says_so(db_file, tmp_path, capsys):
    path = fill(template(db_file, tmp_path, capsys), [e for e in GOOD if e[1] == 1])
    assert run(db_file, "import", "ballots", path, "--year", YEAR, "--single-entry", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "将按 --single-entry 把计票规则改为“只录入一次的票也计入”" in out and "将新增 4 次录入" in out
    with Opened(db_file):
        assert Ballot.select().count() == 0 and Appraisal.select().count() == 0
    assert run(db_file, "import", "ballots", path, "--year", YEAR, "--single-entry") == 0
    out = capsys.readouterr().out
    assert "已按 --single-entry 把计票规则改为“只录入一次的票也计入”" in out
    assert "有效 3 + 无效 1 + 待核对 0" in out
    with Opened(db_file) as village:
        assert ballots.rules_of(appraisal_for(village.id, YEAR)).single_entry
    assert run(db_file, "import", "ballots", path, "--year", YEAR, "--single-entry") == 0
    assert "计票规则已是“只录入一次的票也计入”" in capsys.readouterr().out


def test_a_bad_file_writes_nothing_and_says_every_problem_with_row_and_column(db_file, tmp_path, capsys):
    path = fill(template(db_file, tmp_path, capsys), [
        (1, 1, "党员", {"王建国": "优秀"}, ""),
        (2, 1, "村民", {"王建国": "好"}, ""),
        (3, 1, None, {"李秀英": "合格"}, ""),
    ])
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(8, 1, "三")  # row 8: serial 5 of the first entry
    sheet.cell(8, 2, "党员")
    sheet.cell(9, 1, 1)  # row 9: a second "serial 1, entry 1"
    sheet.cell(9, 2, "党员")
    sheet.cell(3, 8, "赵大河")  # a misspelt member
    book.save(path)
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 1
    captured = capsys.readouterr()
    assert "未写入" in captured.out
    for line in ("第 3 行“赵大河”列：“赵大河”不是本年度测评名单上的党员",
                 "第 5 行“评议人类别”列（村民）：评议人类别应为党员或群众代表",
                 "第 5 行“王建国”列（好）：等次应为优秀、合格、基本合格、不合格之一，未评的留空",
                 "第 6 行“评议人类别”列：请填写评议人类别：党员或群众代表",
                 "第 8 行“票号”列（三）：票号应为整数（如 12）",
                 "第 9 行“票号”列（1）：第 1 号票第 1 次录入与第 4 行重复"):
        assert line in captured.out, captured.out
    assert "未写入任何数据" in captured.err and "--skip-invalid" not in captured.err
    with Opened(db_file):
        assert Ballot.select().count() == 0 and Appraisal.select().count() == 0


def test_an_entry_stored_differently_is_refused_and_nothing_is_written(db_file, tmp_path, capsys):
    path = fill(template(db_file, tmp_path, capsys), GOOD[:2])
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 0
    capsys.readouterr()
    fill(path, [(1, 2, "党员", {"王建国": "合格"}, ""), (5, 1, "党员", {}, "")])
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 1
    out = capsys.readouterr().out
    assert "第 1 号票第 2 次已录入，且与表中不同" in out
    with Opened(db_file):
        assert Ballot.select().count() == 2


def test_the_database_s_checks_reach_the_report(db_file, tmp_path, capsys):
    with Opened(db_file) as village:
        ballots.set_meeting_figures(village.id, YEAR, 30, None, None)
    path = fill(template(db_file, tmp_path, capsys), GOOD[:1])
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(5, 1, 31)  # serial 2 → 31: past the 30 ballots issued
    sheet.cell(5, 2, "党员")
    book.save(path)
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 1
    assert "第 5 行“票号”列（31）：票号 31 大于发出的票数 30" in capsys.readouterr().out


def test_a_clerk_s_own_sheet_is_read_tolerantly(db_file, tmp_path, capsys):
    rows = [
        ["李家庄村 2026 年民主测评票统计", None, None, None, None, None],
        [None] * 6,
        ["序号", "票号", "评议人", "录入次数", "王 建 国", "赵大海", "备注"],
        [1, "１", "党员", "第1次", "优秀", "合格", None],
        [None] * 6,
        [2, "１", "党员", "第一次", "优秀", "合格", None],
        [3, 2.0, "群众", "1", None, None, "作废"],
        ["合计", None, None, None, None, None, None],
    ]
    rows[5][3] = "第二次"
    path = sheetfiles.write_xlsx(tmp_path / "自制.xlsx", rows, merges=[(0, 0, 0, 5)], sheet="测评")
    assert run(db_file, "import", "ballots", path, "--year", YEAR, "--single-entry") == 0
    out = capsys.readouterr().out
    assert "新增 3 次录入" in out and "有效 1 + 无效 1 + 待核对 0" in out
    assert "表中没有以下党员的列，视为未评：李秀英、" in out
    csv_path = sheetfiles.write_csv(tmp_path / "自制.csv", rows)
    assert run(db_file, "import", "ballots", csv_path, "--year", YEAR, "--json") == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 3


def test_a_shared_name_must_say_which_member(db_file, tmp_path, capsys):
    rows = [["票号", "评议人类别", "录入次", "张伟"], [1, "党员", 1, "优秀"]]
    path = sheetfiles.write_xlsx(tmp_path / "同名.xlsx", rows, sheet="测评")
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 1
    assert f"有 2 名党员叫“张伟”，请把表头写作{ZHANG_A_LABEL}、{ZHANG_B_LABEL}以区分" in capsys.readouterr().out
    # Half-width brackets and spaces as clerks type them name the member too.
    rows = [["票号", "评议人类别", "录入次", f"张伟 ({ZHANG_B[-4:]})"], [1, "党员", 1, "优秀"], [1, "党员", 2, "优秀"]]
    path = sheetfiles.write_xlsx(tmp_path / "同名2.xlsx", rows, sheet="测评")
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 0
    with Opened(db_file) as village:
        counted = ballots.count(appraisal_for(village.id, YEAR))
        zhang_b = next(m for m in ballots.ballot_members(village.id, YEAR) if m.label == ZHANG_B_LABEL)
        assert counted.member_counts(zhang_b.id)["优秀"] == 1


def test_a_sheet_without_serials_and_a_sealed_year_are_refused(db_file, tmp_path, capsys):
    roster = sheetfiles.write_xlsx(tmp_path / "r.xlsx", [["姓名", "性别"], ["王建国", "男"]])
    assert run(db_file, "import", "ballots", roster, "--year", YEAR) == 1
    assert "找不到“票号”列" in capsys.readouterr().err
    path = fill(template(db_file, tmp_path, capsys), GOOD[:2])
    with Opened(db_file) as village:
        ballots.set_meeting_figures(village.id, YEAR, None, None, None)
        seal(village)
    assert run(db_file, "import", "ballots", path, "--year", YEAR) == 1
    assert "封存" in capsys.readouterr().err
    with Opened(db_file):
        assert Ballot.select().count() == 0


def test_options_that_do_not_apply_and_the_year_are_checked(db_file, tmp_path, capsys):
    path = template(db_file, tmp_path, capsys)
    assert run(db_file, "import", "ballots", path) == 2
    assert "民主测评票须用 --year 指定" in capsys.readouterr().err
    assert run(db_file, "template", "ballots", tmp_path / "x.xlsx") == 2
    assert "民主测评票须用 --year 指定" in capsys.readouterr().err
    assert run(db_file, "import", "ballots", path, "--year", YEAR, "--skip-invalid") == 2
    assert "不能用 --skip-invalid 选项：测评票须全部无误才导入" in capsys.readouterr().err
    assert run(db_file, "import", "ballots", path, "--year", 1999) == 1
    assert "年度应在 2000–2100 之间" in capsys.readouterr().err
    assert run(db_file, "template", "ballots", tmp_path / "y.xlsx", "--year", 2030, "--village", "李家庄村") == 0
    with Opened(db_file):
        from lianhu_desktop.domain.villages import create_village

        create_village("王家村", township="城关镇", grids=1)
    assert run(db_file, "template", "ballots", tmp_path / "z.xlsx", "--year", 2026, "--village", "王家村") == 1
    assert "2026 年度的测评名单上还没有党员" in capsys.readouterr().err
