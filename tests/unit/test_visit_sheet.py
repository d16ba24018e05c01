"""The 走访记录表 and the 诉求办理台账: export, import back, a clerk's own sheet, every refusal."""

import datetime

import openpyxl
import pytest

from lianhu_desktop.domain import idnumber
from lianhu_desktop.domain.requests import RequestData, advance
from lianhu_desktop.domain.visits import VisitData, save_visit
from lianhu_desktop.domain.vocab import duties_to_mask
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.excel import visit_sheet
from lianhu_desktop.excel.importers import import_file
from lianhu_desktop.excel.kind_check import WrongKind
from lianhu_desktop.excel.templates import write_template
from lianhu_desktop.store.models import Household, Member, Visit
from tests.unit.diaryfixtures import diary_village
from tests.unit.linkfixtures import grids, household, member

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
HEADER = ["走访日期", "走访党员", "所在网格", "门牌号", "户主姓名", "走访形式", "履行职责", "走访内容", "联户以外"]


@pytest.fixture
def diary(village):
    return diary_village(village)


def sheet(path, rows, header=HEADER):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "民情日记"
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def visit(m, h, day, form="入户走访", content="了解生产情况", **kw):
    return save_visit(VisitData(member_id=m.id, household_id=h.id, date=day, form=form,
                                duties=duties_to_mask(["民意收集"]), content=content, **kw))


def rows_of(path):
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[2]]
    return header, [dict(zip(header, r)) for r in ws.iter_rows(min_row=3, values_only=True)]


def reasons(result):
    return {(r.row, r.column): r.reason for r in result.rejected}


def test_an_exported_sheet_imports_back_without_a_single_change(village, diary, tmp_path):
    m, linked, stranger, _ = diary
    day = TODAY - 10 * DAY
    visit(m, linked[0], day)
    visit(m, linked[0], day, form="电话联系")
    visit(m, linked[0], day, form="电话联系", content="又打了一次")  # two calls on one day stay two
    visit(m, stranger, day - DAY, outside_links=True)
    out = tmp_path / "v.xlsx"
    assert visit_sheet.export_visits(out, village.id, full_id=True) == 4
    header, rows = rows_of(out)
    assert header[1:] == ["*走访日期", "*走访党员", "所在网格", "门牌号", "户主姓名", "走访形式", "履行职责",
                          "走访内容", "联户以外"]
    assert [r["联户以外"] for r in rows] == ["是", None, None, None]
    assert rows[1]["履行职责"] == "民意收集" and rows[1]["门牌号"] == "1号"
    for _ in range(2):
        result = import_file(out, "visits", village.id)
        assert (result.imported, result.updated, result.unchanged, result.rejected) == (0, 0, 4, [])
    assert Visit.select().count() == 4


def test_a_clerks_sheet_finds_members_and_households_and_reads_duties(village, diary, tmp_path):
    m, linked, _stranger, _ = diary
    grid = grids(village)[0]
    day = TODAY - 20 * DAY
    path = sheet(tmp_path / "s.xlsx", [
        [day.strftime("%Y/%m/%d"), "王建国", grid.name, "1", None, "电话", "宣传，民意 隐患排查", "问了春耕", None],
        [day.strftime("%Y年%m月%d日"), "王 建国", None, None, "户主2", None, "化解、卫生监督", "", None],
        [day, "王建国", None, "3号", "户主3", "谈心", None, "谈心", "否"],
    ])
    result = import_file(path, "visits", village.id)
    assert result.written and (result.imported, result.rejected) == (3, [])
    stored = {v.household_id: v for v in Visit.select()}
    assert stored[linked[0].id].form == "电话联系"
    assert stored[linked[0].id].duties == duties_to_mask(["宣传政策", "民意收集", "隐患排查"])
    assert stored[linked[1].id].duties == duties_to_mask(["化解矛盾", "卫生监督"]) and stored[linked[1].id].date == day
    assert stored[linked[2].id].form == "谈心谈话" and stored[linked[2].id].duties == 0


def test_every_problem_is_refused_with_its_reason_and_nothing_is_written(village, diary, tmp_path):
    m, linked, stranger, other = diary
    first, second = grids(village)[:2]
    household(village, 5, grid=first, head="孙立")
    household(village, 5, grid=second, head="孙立")  # the same head and door in two grids
    Household.update(grid=first).where(Household.id.in_([h.id for h in linked])).execute()
    day = TODAY - 5 * DAY
    path = sheet(tmp_path / "bad.xlsx", [
        [day, "王建国", None, "1号", "张三", None, None, None, None],  # 2: the door's head is 户主1
        [day, "王建国", None, None, "孙立", None, None, None, None],  # 3: two households fit
        [TODAY + DAY, "王建国", None, "2号", None, None, None, None, None],  # 4: the future
        [datetime.date(1999, 5, 1), "王建国", None, "2号", None, None, None, None, None],  # 5: before joining
        ["2026年3月", "王建国", None, "2号", None, None, None, None, None],  # 6: a month only
        [day, "王建国", None, "2号", None, "上门", "打扫", None, None],  # 7: no such duty
        [day, "王建国", None, "9号", None, None, None, None, None],  # 8: not a household he links
        [day, "无此人", None, "2号", None, "飞鸽传书", None, None, None],  # 9: no such member, no such form
        [day, None, None, None, None, None, None, None, None],  # 10: nobody, nowhere
        [day, "王建国", None, "2号", None, None, None, None, "是"],  # 11: fine
    ])
    result = import_file(path, "visits", village.id)
    found = reasons(result)
    assert "户主不是“张三”" in found[(2, "门牌号")]
    assert "有 2 户符合" in found[(3, "户主姓名")] and "所在网格" in found[(3, "户主姓名")]
    assert "晚于今天" in found[(4, "走访日期")]
    assert "入党时间" in found[(5, "走访日期")]
    assert "写到哪一天" in found[(6, "走访日期")]
    assert "“打扫”不是八个到位" in found[(7, "履行职责")]
    assert "不是王建国的联系户" in found[(8, "门牌号")] and "联户以外" in found[(8, "门牌号")]
    assert "没有党员“无此人”" in found[(9, "走访党员")] and "不在可选范围内" in found[(9, "走访形式")]
    assert "请填写走访党员" in found[(10, "走访党员")] and "请填写户主姓名或门牌号" in found[(10, "户主姓名")]
    assert len({r.row for r in result.rejected}) == 9 and not result.written
    assert Visit.select().count() == 0
    result = import_file(path, "visits", village.id, skip_invalid=True)
    assert result.written and result.imported == 1
    assert Visit.get().household_id == linked[1].id  # 联户以外 是 on a linked household: still recorded


def test_same_named_members_are_told_apart_by_id_number_and_archived_ones_are_found(village, diary, tmp_path):
    m, linked, _stranger, _ = diary
    id_one = idnumber.make("110101", datetime.date(1970, 5, 6), 13, "男")
    id_two = idnumber.make("110101", datetime.date(1972, 5, 6), 15, "男")
    grid = grids(village)[0]
    zhang = member(village, "张伟", grid=grid, id_number=id_one, join_date=datetime.date(2000, 1, 1))
    member(village, "张伟", grid=grid, id_number=id_two)
    gone = member(village, "赵刚", grid=grid, join_date=datetime.date(2000, 1, 1), archived=True,
                  archived_on=TODAY - 30 * DAY)
    day = TODAY - 40 * DAY
    path = sheet(tmp_path / "z.xlsx", [
        [day, "张伟", None, "1号", None, None, None, None, "是"],
        [day, id_one, None, "1号", None, None, None, None, "是"],
        [day, "赵刚", None, "2号", None, None, None, None, "是"],
        [TODAY - 3 * DAY, "赵刚", None, "2号", None, None, None, None, "是"],
    ])
    found = reasons(import_file(path, "visits", village.id))
    assert "2 名党员叫“张伟”" in found[(2, "走访党员")]
    assert "已于" in found[(5, "走访日期")] and "归档" in found[(5, "走访日期")]
    assert set(found) == {(2, "走访党员"), (5, "走访日期")}
    result = import_file(path, "visits", village.id, skip_invalid=True)
    assert {(v.member_id, v.household_id) for v in Visit.select()} == {(zhang.id, linked[0].id),
                                                                       (gone.id, linked[1].id)}
    # The export names them as the import finds them.
    out = tmp_path / "z-out.xlsx"
    visit_sheet.export_visits(out, village.id, full_id=True)
    assert {r["*走访党员"] for r in rows_of(out)[1]} == {id_one, "赵刚"}
    masked = tmp_path / "masked.xlsx"
    visit_sheet.export_visits(masked, village.id)
    assert idnumber.mask(id_one) in {r["*走访党员"] for r in rows_of(masked)[1]}
    assert result.imported == 2


def test_a_second_import_updates_duties_and_content_a_blank_cell_keeps_them(village, diary, tmp_path):
    m, linked, _, _ = diary
    day = TODAY - 3 * DAY
    visit(m, linked[0], day, content="原来的记录")
    visit(m, linked[1], day, content="第二户")
    path = sheet(tmp_path / "u.xlsx", [
        [day, "王建国", None, "1号", None, None, "应急救援", "补写：帮助抢收", None],
        [day, "王建国", None, "2号", None, None, None, None, None],
    ])
    result = import_file(path, "visits", village.id)
    assert (result.imported, result.updated, result.unchanged) == (0, 1, 1)
    first = Visit.get(Visit.household == linked[0].id)
    assert first.content == "补写：帮助抢收" and first.duties == duties_to_mask(["应急救援"])
    assert Visit.get(Visit.household == linked[1].id).content == "第二户"


def test_unknown_columns_go_into_the_content(village, diary, tmp_path):
    day = TODAY - 3 * DAY
    path = sheet(tmp_path / "x.xlsx", [[day, "王建国", "1号", "天气晴", "记录"]],
                 header=["走访日期", "党员", "门牌号", "天气", "内容"])
    assert import_file(path, "visits", village.id).imported == 1
    assert Visit.get().content == "记录；天气：天气晴"


def test_export_by_year_or_month(village, diary, tmp_path):
    m, linked, _, _ = diary
    this_month = TODAY.replace(day=1)
    last_month = (this_month - DAY).replace(day=1)
    visit(m, linked[0], this_month)
    visit(m, linked[1], last_month)
    out = tmp_path / "m.xlsx"
    assert visit_sheet.export_visits(out, village.id, month=this_month) == 1
    assert visit_sheet.export_visits(out, village.id, year=last_month.year) == 1 + (last_month.year == TODAY.year)
    assert visit_sheet.export_visits(out, village.id) == 2
    with pytest.raises(ValidationError, match="不在"):
        visit_sheet.export_visits(out, village.id, year=2001, month=this_month)


def test_the_requests_ledger_has_every_field(village, diary, tmp_path):
    m, linked, _, _ = diary
    day = TODAY - 30 * DAY
    vid = save_visit(VisitData(member_id=m.id, household_id=linked[0].id, date=day, requests=[
        RequestData(content="路灯坏了", category="安全隐患", handling="转交部门", department="镇供电所",
                    deadline=day + 10 * DAY),
        RequestData(content="咨询低保政策", category="政策咨询")]))
    late = save_visit(VisitData(member_id=m.id, household_id=linked[1].id, date=day, requests=[
        RequestData(content="排水沟堵塞", category="环境卫生", handling="上报支部", deadline=day + 5 * DAY)]))
    assert late
    from lianhu_desktop.store.models import Request

    lamp = Request.get(Request.content == "路灯坏了")
    advance(lamp.id, "finish", on=day + 8 * DAY, result="已更换灯泡")
    advance(lamp.id, "feedback", on=day + 9 * DAY, satisfaction="基本满意")
    out = tmp_path / "r.xlsx"
    assert visit_sheet.export_requests(out, village.id) == 3
    header, rows = rows_of(out)
    assert header[1:] == ["提出日期", "所在网格", "门牌号", "户主姓名", "联户党员", "走访日期", "诉求类别", "诉求内容",
                          "办理方式", "承办部门", "办理时限", "办理状态", "是否超期", "办理结果", "办结日期",
                          "反馈日期", "群众满意度"]
    by_content = {r["诉求内容"]: r for r in rows}
    row = by_content["路灯坏了"]
    assert (row["诉求类别"], row["办理方式"], row["承办部门"], row["办理状态"], row["办理结果"],
            row["群众满意度"], row["联户党员"]) == ("安全隐患", "转交部门", "镇供电所", "已反馈", "已更换灯泡",
                                              "基本满意", "王建国")
    assert [row[k].date() for k in ("提出日期", "走访日期", "办理时限", "办结日期", "反馈日期")] == [
        day, day, day + 10 * DAY, day + 8 * DAY, day + 9 * DAY]
    assert by_content["排水沟堵塞"]["是否超期"] == "已超期" and by_content["排水沟堵塞"]["办理状态"] == "待办"
    assert by_content["咨询低保政策"]["办理方式"] == "当场办结" and by_content["咨询低保政策"]["群众满意度"] == "满意"
    assert vid
    assert visit_sheet.export_requests(out, village.id, month=TODAY.replace(day=1) + 40 * DAY) == 0


def test_the_template_imports_back_empty_and_a_visits_sheet_is_not_a_ledger(village, diary, tmp_path):
    template = write_template("visits", tmp_path / "t.xlsx")
    result = import_file(template, "visits", village.id)
    assert (result.rows, result.rejected) == (0, [])
    path = sheet(tmp_path / "v.xlsx", [[TODAY, "王建国", None, "1号", None, None, "民意收集", "了解情况", None]])
    with pytest.raises(WrongKind, match="走访记录表"):
        import_file(path, "households", village.id)
    assert Member.select().count() == 2
