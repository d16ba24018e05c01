"""The visit diary's rules: dates, links, forms, duties and requests raised in a visit."""

import datetime

import pytest

from lianhu_desktop.domain import visits
from lianhu_desktop.domain.requests import RequestData
from lianhu_desktop.domain.visits import VisitData, save_visit
from lianhu_desktop.domain.vocab import duties_to_mask
from lianhu_desktop.errors import ValidationError, ValidationErrors
from lianhu_desktop.store.models import ChangeLog, Member, Request, Visit
from tests.unit.diaryfixtures import TODAY, diary_village


@pytest.fixture
def diary(village):
    return diary_village(village)


def data(member, household, **kw):
    values = dict(member_id=member.id, household_id=household.id, date=TODAY, form="入户走访",
                  duties=duties_to_mask(["宣传政策", "民意收集"]), content="宣传医保政策")
    values.update(kw)
    return VisitData(**values)


def refused(value, field, today=TODAY):
    with pytest.raises(ValidationError) as caught:
        save_visit(value, today=today)
    errors = caught.value.errors if isinstance(caught.value, ValidationErrors) else [caught.value]
    assert field in {e.field for e in errors}, [e.message for e in errors]
    return " ".join(e.message for e in errors)


def test_a_visit_to_a_linked_household_is_saved_and_logged(diary):
    m, linked, _, _ = diary
    vid = save_visit(data(m, linked[0]), today=TODAY)
    visit = Visit.get_by_id(vid)
    assert (visit.member_id, visit.household_id, visit.date, visit.form) == (m.id, linked[0].id, TODAY, "入户走访")
    assert visit.duties == 0b11 and visit.village_id == m.village_id
    logged = ChangeLog.select().where((ChangeLog.table == "visit") & (ChangeLog.row_id == vid)).get()
    assert logged.action == "新增" and "宣传政策 民意收集" in logged.new


def test_dates_in_the_future_before_joining_or_after_archiving_are_refused(diary):
    m, linked, _, _ = diary
    assert "晚于今天" in refused(data(m, linked[0], date=TODAY + datetime.timedelta(days=1)), "date")
    assert "入党时间" in refused(data(m, linked[0], date=datetime.date(2000, 1, 1)), "date")
    Member.update(archived=True, archived_on=datetime.date(2026, 3, 1)).where(Member.id == m.id).execute()
    assert "归档" in refused(data(m, linked[0], date=datetime.date(2026, 3, 2)), "date")
    save_visit(data(m, linked[0], date=datetime.date(2026, 3, 1)), today=TODAY)
    assert Visit.select().count() == 1


def test_a_household_outside_the_links_needs_the_deliberate_choice(diary):
    m, _, stranger, _ = diary
    assert "联户以外" in refused(data(m, stranger), "household")
    assert Visit.select().count() == 0
    save_visit(data(m, stranger, outside_links=True), today=TODAY)
    assert Visit.select().count() == 1


def test_form_and_duties_must_come_from_the_seeds(diary):
    m, linked, _, _ = diary
    refused(data(m, linked[0], form="串门"), "form")
    refused(data(m, linked[0], duties=1 << 8), "duties")


def test_linked_households_are_the_members_active_links(diary):
    m, linked, stranger, other = diary
    assert [h.id for h in visits.linked_households(m.id)] == [h.id for h in linked]
    assert visits.linked_households(other.id) == []


def test_requests_raised_in_a_visit_are_saved_with_it_or_not_at_all(diary):
    m, linked, _, _ = diary
    good = RequestData(content="路灯不亮", category="安全隐患", handling="上报支部",
                       deadline=TODAY + datetime.timedelta(days=10))
    spot = RequestData(content="咨询医保缴费", category="政策咨询", handling="当场办结")
    vid = save_visit(data(m, linked[0], requests=[good, spot]), today=TODAY)
    rows = list(Request.select().where(Request.visit == vid).order_by(Request.id))
    assert [(r.status, r.household_id, r.member_id, r.raised_on) for r in rows] == [
        ("待办", linked[0].id, m.id, TODAY), ("已反馈", linked[0].id, m.id, TODAY)]
    assert rows[1].done_on == rows[1].feedback_on == TODAY and rows[1].satisfaction == "满意"
    bad = RequestData(content="修路", handling="上报支部")  # no deadline
    message = refused(data(m, linked[1], requests=[bad]), "requests")
    assert "第 1 条诉求" in message
    assert Visit.select().count() == 1 and Request.select().count() == 2


def test_editing_moves_the_requests_and_deleting_keeps_them(diary):
    m, linked, _, _ = diary
    spot = RequestData(content="咨询医保缴费", handling="当场办结")
    vid = save_visit(data(m, linked[0], requests=[spot]), today=TODAY)
    save_visit(data(m, linked[1], content="改为二号户"), visit_id=vid, today=TODAY)
    assert Request.get().household_id == linked[1].id
    assert visits.delete_visit(vid) == 1
    assert Visit.select().count() == 0 and Request.get().visit_id is None


def test_last_form_and_duties_default_from_the_latest_visit(diary):
    m, linked, _, _ = diary
    assert visits.last_form_and_duties(m.id) == ("入户走访", duties_to_mask(["民意收集"]))
    save_visit(data(m, linked[0], form="电话联系", duties=0b100, date=TODAY - datetime.timedelta(days=3)),
               today=TODAY)
    save_visit(data(m, linked[1], form="谈心谈话", duties=0b1000), today=TODAY)
    assert visits.last_form_and_duties(m.id) == ("谈心谈话", 0b1000)
