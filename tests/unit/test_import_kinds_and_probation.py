"""Which sheet, which kind; unknown columns append to notes; the national forms'
roster vocabulary; 转正日期 and the probationary year."""

import datetime
import json

import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.domain import idnumber, listing, probation
from lianhu_desktop.domain.households import HouseholdData, save_household
from lianhu_desktop.domain.members import MemberData, clean_member, save_member
from lianhu_desktop.errors import ValidationError, ValidationErrors
from lianhu_desktop.excel.importers import import_file
from lianhu_desktop.excel.kind_check import WrongKind
from lianhu_desktop.excel.templates import write_template
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Household, Member
from tests.unit.sheetfiles import write_xlsx

TODAY = datetime.date.today()
ID1 = idnumber.make("110101", datetime.date(1965, 3, 5), 12, "男")
ID2 = idnumber.make("110101", datetime.date(1990, 5, 6), 14, "女")
ID3 = idnumber.make("110102", datetime.date(1980, 1, 15), 33, "女")

ROSTER = [["姓名", "性别", "民族", "出生日期", "入党日期", "党员身份", "联系电话", "所在网格"],
          ["王建国", "男", "汉族", "1965-03-05", "1990-07-01", "正式党员", "13912345678", "一组"]]
LEDGER = [["户主姓名", "户主身份证号码", "门牌号", "所在网格", "家庭人口", "户类别", "联系电话"],
          ["李德福", ID1, "15号", "一组", 4, "困难户", "13812345678"]]
LINKS = [["村名", "所在网格", "门牌号", "户主姓名", "联户党员", "党员电话", "联户模式", "开始日期"],
         ["示范村", "一组", "15号", "李德福", "王建国", "13912345678", "就近就地", "2025-01-01"]]


@pytest.mark.parametrize("rows, asked, said", [
    (ROSTER, "households", "这是党员花名册，请用“导入花名册”"),
    (ROSTER, "links", "这是党员花名册，请用“导入花名册”"),
    (LEDGER, "roster", "这是农户台账，请用“导入农户台账”"),
    (LEDGER, "links", "这是农户台账，请用“导入农户台账”"),
    (LINKS, "households", "这是联户关系表，请用“导入联户关系”"),
])
def test_a_sheet_of_another_kind_is_refused_before_anything_is_planned(village, tmp_path, rows, asked, said):
    path = write_xlsx(tmp_path / "s.xlsx", rows)
    with pytest.raises(WrongKind) as refused:
        import_file(path, asked, village.id)
    assert str(refused.value).startswith(said)
    assert Member.select().count() == 0 and Household.select().count() == 0


@pytest.mark.parametrize("kind", ["roster", "households", "links"])
def test_every_template_is_taken_for_its_own_kind(village, tmp_path, kind):
    path = write_template(kind, tmp_path / "t.xlsx")
    for other in ("roster", "households", "links"):
        if other != kind:
            with pytest.raises(WrongKind):
                import_file(path, other, village.id, dry_run=True)
    # Its own kind reads it (the example row is skipped).
    assert import_file(path, kind, village.id, dry_run=True).rows == 0


def test_cli_says_which_command_to_use(db_target, village, tmp_path, capsys):
    path = write_xlsx(tmp_path / "roster.xlsx", ROSTER)
    store_db.close_database()
    assert main(["--db", str(db_target), "import", "households", str(path), "--village", village.name]) == 1
    said = capsys.readouterr().err
    assert "这是党员花名册，请用“导入花名册”" in said and "lianhu import roster" in said


def test_unknown_columns_append_to_notes_and_never_twice(village, tmp_path):
    household = save_household(HouseholdData(village_id=village.id, head_name="李德福", door_number="15号",
                                             notes="子女在外务工，老人独自在家"))
    path = write_xlsx(tmp_path / "h.xlsx", [["户主姓名", "门牌号", "所在网格", "工作单位"],
                                            ["李德福", "15号", "一组", "县建筑公司"]])
    result = import_file(path, "households", village.id)
    assert result.updated == 1
    assert Household.get_by_id(household.id).notes == "子女在外务工，老人独自在家；工作单位：县建筑公司"
    again = import_file(path, "households", village.id)
    assert again.unchanged == 1 and again.updated == 0
    assert Household.get_by_id(household.id).notes == "子女在外务工，老人独自在家；工作单位：县建筑公司"


def test_unknown_columns_append_to_a_members_notes(village, tmp_path):
    member = save_member(MemberData(village_id=village.id, name="王建国", id_number=ID1, notes="老支书"))
    path = write_xlsx(tmp_path / "r.xlsx", [["姓名", "公民身份号码", "籍贯"], ["王建国", ID1, "河北保定"]])
    assert import_file(path, "roster", village.id).updated == 1
    assert import_file(path, "roster", village.id).unchanged == 1
    assert Member.get_by_id(member.id).notes == "老支书；籍贯：河北保定"


def test_notes_past_the_limit_after_appending_are_refused(village, tmp_path):
    save_household(HouseholdData(village_id=village.id, head_name="李德福", door_number="15号", notes="长" * 1990))
    path = write_xlsx(tmp_path / "h.xlsx", [["户主姓名", "门牌号", "工作单位"], ["李德福", "15号", "县建筑公司"]])
    result = import_file(path, "households", village.id)
    assert not result.written and "超过 2000 字" in result.rejected[0].reason


def national_roster(rows):
    """The national system's roster columns (全国党员管理信息系统 / 党员基本信息采集表)."""
    return [["序号", "姓名", "性别", "公民身份号码", "民族", "出生日期", "最高学历", "人员类别", "所在党支部",
             "入党日期", "转正日期", "工作岗位", "籍贯", "现居住地", "联系电话"],
            *[[n, *row] for n, row in enumerate(rows, 1)]]


def test_the_national_forms_roster_keeps_probationary_members_probationary(village, tmp_path):
    recent = TODAY - datetime.timedelta(days=100)
    path = write_xlsx(tmp_path / "n.xlsx", national_roster([
        ["王建国", "男", ID1, "汉族", "1965-03-05", "大学本科", "正式党员", "示范村党支部", "1990-07-01",
         "1991-07-01", "农牧渔民", "河北保定", "示范村一组", "13912345678"],
        ["李秀英", "女", ID2, "回族", "1990-05-06", "高中", "预备党员", "示范村党支部", recent.isoformat(),
         None, "农牧渔民", None, "示范村二组", "13812345678"],
    ]))
    result = import_file(path, "roster", village.id)
    assert result.written and result.imported == 2, result.summary()
    full, probationary = Member.get(Member.name == "王建国"), Member.get(Member.name == "李秀英")
    assert (full.membership, full.confirm_date, full.education) == ("正式党员", datetime.date(1991, 7, 1), "本科")
    assert (probationary.membership, probationary.confirm_date) == ("预备党员", None)
    assert probationary.ethnicity == "回族" and probationary.address == "示范村二组"
    # 人员类别 is not dumped into notes; 所在党支部 is the village itself; 工作岗位 is no 设岗定责 post.
    assert "人员类别" not in full.notes
    assert "所在党支部" not in full.notes
    assert full.post is None and "工作岗位：农牧渔民" in full.notes and "籍贯：河北保定" in full.notes


def test_a_confirm_date_in_a_sheet_makes_a_probationary_member_full(village, tmp_path):
    join = TODAY - datetime.timedelta(days=500)
    member = save_member(MemberData(village_id=village.id, name="李秀英", id_number=ID2, join_date=join,
                                    membership="预备党员"))
    end = probation.probation_end(join)
    path = write_xlsx(tmp_path / "c.xlsx", [["姓名", "公民身份号码", "转正日期"], ["李秀英", ID2, end.isoformat()]])
    assert import_file(path, "roster", village.id).updated == 1
    member = Member.get_by_id(member.id)
    assert (member.membership, member.confirm_date) == ("正式党员", end)


def test_probation_rules():
    join = datetime.date(2020, 7, 1)
    base = dict(name="王建国", gender="男", join_date=join)

    def refusals(**values):
        with pytest.raises(ValidationErrors) as refused:
            clean_member({**base, **values})
        return [e.message for e in refused.value.errors]

    assert any("早于入党时间" in m for m in refusals(confirm_date=datetime.date(2020, 1, 1), membership="正式党员"))
    assert any("不能早于入党满一年之日（2021-07-01）" in m
               for m in refusals(confirm_date=datetime.date(2021, 3, 1), membership="正式党员"))
    assert any("预备党员尚未转正" in m
               for m in refusals(confirm_date=datetime.date(2021, 7, 1), membership="预备党员"))
    assert any("不能晚于今天" in m
               for m in refusals(confirm_date=TODAY + datetime.timedelta(days=3), membership="正式党员"))
    recent = TODAY - datetime.timedelta(days=30)
    assert any("入党不满一年" in m for m in refusals(join_date=recent, membership="正式党员"))
    # A blank 党员身份: probationary within the year, full with a 转正日期 or after the year.
    assert clean_member({**base, "join_date": recent})["membership"] == "预备党员"
    assert clean_member({**base, "confirm_date": datetime.date(2021, 7, 1)})["membership"] == "正式党员"
    assert clean_member({**base, "membership": "正式党员"})["confirm_date"] is None
    assert probation.probation_end(datetime.date(2024, 2, 29)) == datetime.date(2025, 3, 1)


def test_overdue_probationary_members_in_the_list_filter_and_check(db_target, village, capsys):
    late = TODAY - datetime.timedelta(days=420)
    fresh = TODAY - datetime.timedelta(days=60)
    save_member(MemberData(village_id=village.id, name="李秀英", id_number=ID2, join_date=late,
                           membership="预备党员"))
    save_member(MemberData(village_id=village.id, name="张小红", id_number=ID3, join_date=fresh,
                           membership="预备党员"))
    save_member(MemberData(village_id=village.id, name="王建国", id_number=ID1))
    spec = listing.MEMBERS
    overdue = listing.ids(spec, village.id, filters={"membership": listing.OVERDUE})
    assert [Member.get_by_id(i).name for i in overdue] == ["李秀英"]
    assert len(listing.ids(spec, village.id, filters={"membership": "预备党员"})) == 2
    assert len(listing.ids(spec, village.id, filters={"membership": "正式党员"})) == 1
    shown = listing.rows(spec, overdue)[overdue[0]][spec.column("probation")]
    assert shown == f"{probation.probation_end(late):%Y-%m-%d} 已满，尚未转正"
    store_db.close_database()
    capsys.readouterr()
    assert main(["--db", str(db_target), "check", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["probationary_overdue"]
    assert [m["name"] for m in found] == ["李秀英"] and found[0]["join_date"] == late.isoformat()


def test_save_member_refuses_a_probationary_member_with_a_confirm_date(village):
    with pytest.raises(ValidationError) as refused:
        save_member(MemberData(village_id=village.id, name="李秀英", id_number=ID2,
                               join_date=datetime.date(2020, 7, 1), confirm_date=datetime.date(2021, 7, 1),
                               membership="预备党员"))
    assert "预备党员尚未转正" in str(refused.value)
