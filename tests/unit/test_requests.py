"""Requests followed to the end: fields, the state machine, refusals."""

import datetime

import pytest

from lianhu_desktop.domain import requests as rq
from lianhu_desktop.domain.requests import FEEDBACK, FINISH, REOPEN, START, RequestData, advance
from lianhu_desktop.errors import ValidationError, ValidationErrors
from lianhu_desktop.store.models import Request
from tests.unit.diaryfixtures import TODAY, diary_village

DAY = datetime.timedelta(days=1)


@pytest.fixture
def household(village):
    return diary_village(village)[1][0]


def new(household, **kw):
    values = dict(household_id=household.id, content="巷道路灯不亮", category="安全隐患", raised_on=TODAY - 5 * DAY,
                  handling="上报支部", deadline=TODAY + 10 * DAY)
    values.update(kw)
    return rq.create_request(RequestData(**values), today=TODAY)


def fields_of(error):
    return {e.field for e in error.errors} if isinstance(error, ValidationErrors) else {error.field}


def test_a_request_goes_from_pending_to_fed_back(household):
    rid = new(household)
    assert Request.get_by_id(rid).status == "待办"
    assert rq.allowed_actions("待办") == [START, FINISH]
    assert advance(rid, START, on=TODAY - 4 * DAY, today=TODAY) == "办理中"
    assert advance(rid, FINISH, on=TODAY - 2 * DAY, result="已更换灯头", today=TODAY) == "已办结"
    assert advance(rid, FEEDBACK, on=TODAY, satisfaction="基本满意", today=TODAY) == "已反馈"
    r = Request.get_by_id(rid)
    assert (r.done_on, r.feedback_on, r.satisfaction, r.result) == (TODAY - 2 * DAY, TODAY, "基本满意", "已更换灯头")
    assert rq.check_consistent(r) == []


def test_a_household_not_satisfied_sends_it_back_and_it_is_done_again(household):
    rid = new(household)
    advance(rid, FINISH, on=TODAY - 3 * DAY, result="已报修", today=TODAY)
    assert advance(rid, FEEDBACK, on=TODAY - 2 * DAY, satisfaction="不满意", today=TODAY) == "退回重办"
    r = Request.get_by_id(rid)
    assert r.done_on is None and r.satisfaction == "不满意" and rq.check_consistent(r) == []
    assert advance(rid, START, on=TODAY - DAY, today=TODAY) == "办理中"
    advance(rid, FINISH, on=TODAY, result="已更换线路", today=TODAY)
    assert advance(rid, FEEDBACK, on=TODAY, satisfaction="满意", today=TODAY) == "已反馈"
    assert advance(rid, REOPEN, on=TODAY, today=TODAY) == "退回重办"
    assert rq.check_consistent(Request.get_by_id(rid)) == []


@pytest.mark.parametrize("steps, action, words", [
    ((), FEEDBACK, "状态为“待办”的诉求不能反馈"),
    ((), REOPEN, "不能退回重办"),
    (((FINISH, {"result": "好了"}),), START, "状态为“已办结”的诉求不能开始办理"),
    (((FINISH, {"result": "好了"}), (FEEDBACK, {"satisfaction": "满意"})), FINISH, "不能办结"),
])
def test_invalid_transitions_are_refused_in_chinese_and_change_nothing(household, steps, action, words):
    rid = new(household)
    for step, kwargs in steps:
        advance(rid, step, today=TODAY, **kwargs)
    before = Request.get_by_id(rid).__data__.copy()
    with pytest.raises(ValidationError, match=words):
        advance(rid, action, result="x", satisfaction="满意", today=TODAY)
    assert Request.get_by_id(rid).__data__ == before


def test_finishing_needs_a_result_and_feedback_a_satisfaction_and_sane_dates(household):
    rid = new(household)
    with pytest.raises(ValidationError, match="办理结果"):
        advance(rid, FINISH, today=TODAY)
    with pytest.raises(ValidationError, match="早于诉求提出日期"):
        advance(rid, FINISH, result="好了", on=TODAY - 6 * DAY, today=TODAY)
    with pytest.raises(ValidationError, match="晚于今天"):
        advance(rid, FINISH, result="好了", on=TODAY + DAY, today=TODAY)
    advance(rid, FINISH, result="好了", today=TODAY)
    with pytest.raises(ValidationError, match="满意度"):
        advance(rid, FEEDBACK, satisfaction="还行", today=TODAY)
    assert Request.get_by_id(rid).status == "已办结"


def test_solved_on_the_spot_is_solved_and_fed_back_in_one_step(household):
    rid = new(household, handling="当场办结", deadline=None)
    r = Request.get_by_id(rid)
    assert (r.status, r.done_on, r.feedback_on, r.satisfaction, r.deadline) == (
        "已反馈", TODAY - 5 * DAY, TODAY - 5 * DAY, "满意", None)
    assert rq.check_consistent(r) == []


def test_the_fields_are_checked_together(household):
    with pytest.raises(ValidationErrors) as caught:
        new(household, content=" ", handling="转交部门", deadline=None, raised_on=TODAY + DAY)
    assert fields_of(caught.value) >= {"content", "department", "deadline", "raised_on"}
    with pytest.raises(ValidationError, match="早于提出日期"):
        new(household, deadline=TODAY - 6 * DAY)
    rid = new(household, handling="转交部门", department="县供电公司", category="用电")
    r = Request.get_by_id(rid)
    assert (r.department, r.category) == ("县供电公司", "用电")  # a category of the clerk's own
    assert Request.select().count() == 1


def test_overdue_is_past_the_deadline_and_not_done(household):
    rid = new(household, deadline=TODAY - DAY)
    assert rq.overdue(Request.get_by_id(rid), TODAY)
    advance(rid, FINISH, result="好了", today=TODAY)
    assert not rq.overdue(Request.get_by_id(rid), TODAY)


def test_editing_keeps_the_progress(household):
    rid = new(household)
    advance(rid, FINISH, result="好了", today=TODAY)
    rq.update_request(rid, RequestData(content="路灯和下水道", category="安全隐患", raised_on=TODAY - 5 * DAY,
                                       handling="上报支部", deadline=TODAY + 20 * DAY), today=TODAY)
    r = Request.get_by_id(rid)
    assert (r.content, r.status, r.result, r.deadline) == ("路灯和下水道", "已办结", "好了", TODAY + 20 * DAY)
    with pytest.raises(ValidationError, match="当场办结"):
        rq.update_request(rid, RequestData(content="x", raised_on=TODAY, handling="当场办结"), today=TODAY)
    rq.delete_request(rid)
    assert Request.select().count() == 0
