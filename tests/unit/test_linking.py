"""Link operations: one active link per household, moves, ends, plates changed."""

import datetime

import pytest

from lianhu_desktop.domain.linking import (
    MOVE_REASON, end_link, link_households, link_history, mark_plates_printed, member_grids,
    plates_changed_since_print,
)
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import AuditLog, Link
from tests.unit.linkfixtures import grids, household, households, member

DAY = datetime.date(2026, 3, 1)


def active(household_id):
    return list(Link.select().where((Link.household == household_id) & Link.end_date.is_null()))


def test_link_creates_links_with_mode_start_and_audit(village):
    wang = member(village, "王建国")
    homes = households(village, [1, 2, 3])
    links = link_households(wang.id, [h.id for h in homes], "就近就地", DAY)
    assert [link.household_id for link in links] == [h.id for h in homes]
    assert all(link.member_id == wang.id and link.mode == "就近就地" and link.start_date == DAY
               for link in links)
    assert AuditLog.select().where(AuditLog.action == "联户").count() == 1
    assert "王建国" in AuditLog.select().where(AuditLog.action == "联户").get().summary


def test_relinking_to_the_same_member_changes_nothing(village):
    wang = member(village, "王建国")
    home = household(village, 1)
    link_households(wang.id, [home.id], start=DAY)
    assert link_households(wang.id, [home.id], start=DAY) == []
    assert Link.select().count() == 1


def test_linked_household_needs_move_to_change_member(village):
    wang, li = member(village, "王建国"), member(village, "李秀英")
    home = household(village, 7, head="赵大")
    link_households(wang.id, [home.id], start=DAY)
    with pytest.raises(ValidationError) as error:
        link_households(li.id, [home.id], start=DAY)
    assert "赵大（7号）" in str(error.value) and "王建国" in str(error.value)
    assert active(home.id)[0].member_id == wang.id


def test_move_ends_the_old_link_and_keeps_history(village):
    wang, li = member(village, "王建国"), member(village, "李秀英")
    home = household(village, 7)
    link_households(wang.id, [home.id], start=DAY)
    later = DAY + datetime.timedelta(days=30)
    [new] = link_households(li.id, [home.id], "双向选择", later, move=True)
    assert new.member_id == li.id and new.mode == "双向选择"
    history = link_history(home.id)
    assert [(h["member_name"], h["end_date"], h["end_reason"]) for h in history] == [
        ("李秀英", None, ""), ("王建国", later, MOVE_REASON)]
    assert len(active(home.id)) == 1


def test_move_before_the_old_start_is_refused(village):
    wang, li = member(village, "王建国"), member(village, "李秀英")
    home = household(village, 7)
    link_households(wang.id, [home.id], start=DAY)
    with pytest.raises(ValidationError, match="早于原联户开始日期"):
        link_households(li.id, [home.id], start=DAY - datetime.timedelta(days=1), move=True)


def test_archived_member_or_household_cannot_be_linked(village):
    gone = member(village, "张已故", archived=True, archive_reason="去世")
    home = household(village, 1)
    with pytest.raises(ValidationError, match="已归档"):
        link_households(gone.id, [home.id])
    wang = member(village, "王建国")
    old = household(village, 2, archived=True)
    with pytest.raises(ValidationError, match="已归档"):
        link_households(wang.id, [home.id, old.id])
    assert Link.select().count() == 0  # all or nothing


def test_bad_mode_missing_rows_and_other_village(village):
    from lianhu_desktop.domain.villages import create_village

    wang = member(village, "王建国")
    home = household(village, 1)
    with pytest.raises(ValidationError, match="联户模式"):
        link_households(wang.id, [home.id], "随便")
    with pytest.raises(NotFoundError):
        link_households(wang.id, [999999])
    with pytest.raises(NotFoundError):
        link_households(999999, [home.id])
    other = create_village("张家湾村")
    far = household(other, 1)
    with pytest.raises(ValidationError, match="不属于"):
        link_households(wang.id, [far.id])


def test_end_link(village):
    wang = member(village, "王建国")
    home = household(village, 1)
    link_households(wang.id, [home.id], start=DAY)
    with pytest.raises(ValidationError, match="原因"):
        end_link(home.id, "")
    ended = end_link(home.id, "农户迁出", DAY + datetime.timedelta(days=5))
    assert ended.end_reason == "农户迁出" and not active(home.id)
    with pytest.raises(ValidationError, match="没有联户党员"):
        end_link(home.id, "再次")
    # Once ended, the household can be linked again (the partial unique index allows it).
    link_households(wang.id, [home.id], start=DAY + datetime.timedelta(days=6))
    assert len(active(home.id)) == 1


def test_member_grid_is_home_grid_else_most_linked(village):
    one, two, three = grids(village)[:3]
    homed = member(village, "甲", grid=three)
    roaming = member(village, "乙")
    link_households(roaming.id, [household(village, 1, grid=one).id, household(village, 2, grid=two).id,
                                 household(village, 3, grid=two).id])
    assert member_grids(village.id) == {homed.id: three.id, roaming.id: two.id}


def test_plates_changed_since_print(village):
    wang, li = member(village, "王建国"), member(village, "李秀英")
    a, b = household(village, 1), household(village, 2)
    household(village, 3)  # never linked: no plate
    link_households(wang.id, [a.id, b.id], start=DAY)
    assert plates_changed_since_print(village.id) == [a.id, b.id]
    mark_plates_printed([a.id, b.id])
    assert plates_changed_since_print(village.id) == []
    link_households(li.id, [b.id], start=DAY + datetime.timedelta(days=1), move=True)
    assert plates_changed_since_print(village.id) == [b.id]
    wang.phone = "13912345678"
    wang.save()
    assert plates_changed_since_print(village.id) == [a.id, b.id]
    mark_plates_printed([a.id, b.id])  # printing again updates the log in place
    assert plates_changed_since_print(village.id) == []


def test_links_sheet_round_trip(village, tmp_path):
    import openpyxl

    from lianhu_desktop.excel.link_sheet import export_links, import_links

    wang, li = member(village, "王建国"), member(village, "李秀英")
    member(village, "张伟", id_number="110101196503051235")
    member(village, "张伟", id_number="110101196503051243")
    a, b, c = household(village, 1, head="陈大山"), household(village, 2, head="杨桂兰"), household(village, 3)
    link_households(wang.id, [a.id], start=DAY)
    path = tmp_path / "links.xlsx"
    assert export_links(path, village.id) == 3
    sheet = openpyxl.load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["村名", "所在网格", "门牌号", "户主姓名", "联户党员"]
    assert rows[1][3:5] == ["陈大山", "王建国"] and rows[2][4] is None
    # The clerk fills in the blanks: one move, one new link, one by ID for a repeated name.
    sheet["E2"], sheet["E3"], sheet["E4"] = "李秀英", "王建国", "110101196503051243"
    sheet["G3"] = "双向选择"
    sheet.parent.save(path)
    result = import_links(path, village.id, start=DAY + datetime.timedelta(days=1))
    assert result.written and (result.imported, result.updated, result.rejected) == (2, 1, [])
    assert active(a.id)[0].member_id == li.id
    assert active(b.id)[0].mode == "双向选择"
    assert active(c.id)[0].member.id_number == "110101196503051243"


def test_links_sheet_import_rejects_and_writes_nothing(village, tmp_path):
    from lianhu_desktop.excel.link_sheet import export_links, import_links
    import openpyxl

    member(village, "王建国")
    member(village, "张伟")
    member(village, "张伟")
    household(village, 1, head="陈大山")
    household(village, 2, head="杨桂兰")
    path = tmp_path / "links.xlsx"
    export_links(path, village.id)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["E2"], sheet["E3"] = "王建国", "张伟"
    book.save(path)
    result = import_links(path, village.id)
    assert not result.written and result.rejected[0].row == 3 and "身份证号码" in result.rejected[0].reason
    assert Link.select().count() == 0
    assert import_links(path, village.id, skip_invalid=True).imported == 1


def test_links_sheet_tells_apart_same_door_and_head_in_two_grids(village, tmp_path):
    import openpyxl

    from lianhu_desktop.excel.link_sheet import export_links, import_links

    one, two = grids(village)[:2]
    wang, li = member(village, "王建国"), member(village, "李秀英")
    first, second = household(village, 5, grid=one, head="张强"), household(village, 5, grid=two, head="张强")
    path = tmp_path / "links.xlsx"
    export_links(path, village.id)
    book = openpyxl.load_workbook(path)
    book.active["E2"], book.active["E3"] = "王建国", "李秀英"
    book.save(path)
    assert import_links(path, village.id).imported == 2
    assert (active(first.id)[0].member_id, active(second.id)[0].member_id) == (wang.id, li.id)


def test_archiving_a_member_ends_their_links_back_dated_no_earlier_than_start(village):
    import datetime

    from lianhu_desktop.domain.members import archive_member
    from lianhu_desktop.store.models import Household, Link, Member

    member = Member.create(village=village, name="甲")
    first = Household.create(village=village, head_name="张一")
    second = Household.create(village=village, head_name="张二")
    Link.create(member=member, household=first, start_date=datetime.date(2026, 1, 10))
    Link.create(member=member, household=second, start_date=datetime.date(2026, 3, 1))
    archive_member(member.id, "去世", datetime.date(2026, 2, 1))
    ended = {link.household_id: link.end_date for link in Link.select()}
    assert ended == {first.id: datetime.date(2026, 2, 1), second.id: datetime.date(2026, 3, 1)}


def test_archiving_a_household_ends_its_link(village):
    import datetime

    from lianhu_desktop.domain.households import archive_household
    from lianhu_desktop.store.models import Household, Link, Member

    member = Member.create(village=village, name="甲")
    household = Household.create(village=village, head_name="张一")
    Link.create(member=member, household=household, start_date=datetime.date(2026, 1, 10))
    archive_household(household.id, "迁出", datetime.date(2026, 5, 1))
    link = Link.get()
    assert link.end_date == datetime.date(2026, 5, 1) and "迁出" in link.end_reason
