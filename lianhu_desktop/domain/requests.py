"""Requests (诉求): a wish or problem raised by a household, followed to its end.

A request is 待办 when raised, 办理中 while someone works on it, 已办结 when
done and 已反馈 once the result was told to the household and it was
satisfied (满意 or 基本满意). A household not satisfied sends it back:
退回重办, and it is done again. A request solved on the spot (当场办结) is
solved and fed back in the one step that records it (seed 004: 即知即办).
Anything else (feeding back what was not done, finishing what was fed back)
is refused with a Chinese message, and changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime

from lianhu_desktop.domain import limits, vocab
from lianhu_desktop.errors import NotFoundError, ValidationError, ValidationErrors
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import Household, Member, Request, Visit, database

CATEGORY_MAX = 20

# What each action does: the statuses it may start from and the one it leads to
# (feedback leads to 已反馈 or 退回重办 by the household's satisfaction).
START, FINISH, FEEDBACK, REOPEN = "start", "finish", "feedback", "reopen"
ACTIONS = {
    START: (("待办", "退回重办"), "办理中", "开始办理"),
    FINISH: (("待办", "办理中", "退回重办"), "已办结", "办结"),
    FEEDBACK: (("已办结",), "已反馈", "反馈"),
    REOPEN: (("已反馈",), "退回重办", "退回重办"),
}


@dataclasses.dataclass
class RequestData:
    """A request as the entry form and the imports give it."""

    household_id: int | None = None
    content: str = ""
    category: str = "其他"
    raised_on: datetime.date | None = None
    handling: str = vocab.ON_THE_SPOT
    department: str = ""
    deadline: datetime.date | None = None
    result: str = ""
    member_id: int | None = None
    satisfaction: str = ""


def _check_date(day, label: str, field: str, today: datetime.date) -> datetime.date:
    if not isinstance(day, datetime.date):
        raise ValidationError(f"请填写{label}", field=field)
    if day > today:
        raise ValidationError(f"{label}（{day.isoformat()}）不能晚于今天", field=field)
    return day


def clean_request(data: RequestData, today: datetime.date | None = None) -> dict:
    """Check a new or edited request's own fields; return the columns to store.

    Every problem is found at once (``ValidationErrors``). The status is not
    set here except for a request solved on the spot.
    """
    today = today or datetime.date.today()
    errors: list[ValidationError] = []
    values: dict = {}

    def attempt(check):
        try:
            check()
        except ValidationError as error:
            errors.append(error)

    content = (data.content or "").strip()
    category = "".join((data.category or "").split()) or "其他"
    department = (data.department or "").strip()
    result = (data.result or "").strip()
    if not content:
        errors.append(ValidationError("请填写诉求内容", field="content"))
    elif len(content) > limits.NOTES_MAX:
        errors.append(ValidationError(f"诉求内容不能超过 {limits.NOTES_MAX} 个字", field="content"))
    if len(category) > CATEGORY_MAX:
        errors.append(ValidationError(f"诉求类别不能超过 {CATEGORY_MAX} 个字：{limits.quote(category)}",
                                      field="category"))
    if len(result) > limits.NOTES_MAX:
        errors.append(ValidationError(f"办理结果不能超过 {limits.NOTES_MAX} 个字", field="result"))
    if data.handling not in vocab.REQUEST_HANDLINGS:
        errors.append(ValidationError(f"办理方式只能是{'、'.join(vocab.REQUEST_HANDLINGS)}", field="handling"))
    if data.handling == vocab.HANDED_TO_DEPARTMENT and not department:
        errors.append(ValidationError("转交部门办理的诉求，请填写承办部门", field="department"))
    if len(department) > limits.SHORT_TEXT_MAX:
        errors.append(ValidationError(f"承办部门不能超过 {limits.SHORT_TEXT_MAX} 个字", field="department"))
    attempt(lambda: values.__setitem__("raised_on", _check_date(data.raised_on, "提出日期", "raised_on", today)))
    on_the_spot = data.handling == vocab.ON_THE_SPOT
    if not on_the_spot:
        if not isinstance(data.deadline, datetime.date):
            errors.append(ValidationError("不是当场办结的诉求，请填写办理时限", field="deadline"))
        elif "raised_on" in values and data.deadline < values["raised_on"]:
            errors.append(ValidationError("办理时限不能早于提出日期", field="deadline"))
    if data.satisfaction and data.satisfaction not in vocab.SATISFACTIONS:
        errors.append(ValidationError(f"满意度只能是{'、'.join(vocab.SATISFACTIONS)}", field="satisfaction"))
    if on_the_spot and data.satisfaction == "不满意":
        errors.append(ValidationError("群众不满意的诉求不能记为当场办结，请选择上报支部或转交部门",
                                      field="satisfaction"))
    if errors:
        raise ValidationErrors(errors)
    values.update(content=content, category=category, handling=data.handling,
                  department=department if data.handling == vocab.HANDED_TO_DEPARTMENT else "",
                  deadline=None if on_the_spot else data.deadline)
    if on_the_spot:
        day = values["raised_on"]
        values.update(status="已反馈", done_on=day, feedback_on=day, result=result or "当场办结",
                      satisfaction=data.satisfaction or "满意")
    else:
        values["result"] = result
    return values


def _household(household_id) -> Household:
    household = Household.get_or_none(Household.id == household_id) if household_id else None
    if household is None:
        raise NotFoundError("请选择提出诉求的农户", field="household")
    return household


def create_request(data: RequestData, *, visit_id: int | None = None,
                   today: datetime.date | None = None) -> int:
    """Record a new request (raised in the visit ``visit_id`` if given); return its id."""
    values = clean_request(data, today)
    with database.atomic():
        household = _household(data.household_id)
        member_id = data.member_id
        if visit_id is not None:
            visit = Visit.get_or_none(Visit.id == visit_id)
            if visit is None:
                raise NotFoundError("这条走访记录已不存在")
            if visit.household_id != household.id:
                raise ValidationError("走访中提出的诉求，农户应是被走访的农户", field="household")
            member_id = visit.member_id
        elif member_id is not None and Member.get_or_none(Member.id == member_id) is None:
            raise NotFoundError("这名党员已不存在", field="member")
        values.setdefault("status", "待办")
        return Request.insert(village=household.village_id, household=household.id, member=member_id,
                              visit=visit_id, **values).execute()


def get_request(request_id: int) -> Request:
    """The stored request, or a Chinese refusal when it is gone."""
    return _get(request_id)


def describe(request: Request) -> str:
    """One line naming a request for dialogs: household, content and status."""
    return f"{request.household.head_name}：{request.content}（{request.status}）"


def _get(request_id: int) -> Request:
    request = Request.get_or_none(Request.id == request_id)
    if request is None:
        raise NotFoundError("这条诉求已不存在（可能已被删除）")
    return request


def load_request(request_id: int) -> Loaded:
    """The request's version and values now, for a dialog to save against."""
    return rowversion.load(Request, request_id, "这条诉求已不存在（可能已被删除）")


def update_request(request_id: int, data: RequestData, today: datetime.date | None = None,
                   loaded: Loaded | None = None) -> None:
    """Edit what a request is (content, category, handling, deadline); its progress stays.

    A request still open may become one solved on the spot (it is then fed
    back at once); one already done keeps its dates and satisfaction.
    Refused with ``StaleRecord`` if someone else saved it since ``loaded``.
    """
    with database.atomic():
        request = _get(request_id)
        data = dataclasses.replace(data, household_id=request.household_id)
        values = clean_request(data, today)
        if request.status not in vocab.REQUEST_OPEN and request.handling != values["handling"] \
                and values["handling"] == vocab.ON_THE_SPOT:
            raise ValidationError(f"已{request.status[1:]}的诉求不能再改为当场办结", field="handling")
        if request.status not in vocab.REQUEST_OPEN or values["handling"] != vocab.ON_THE_SPOT:
            for key in ("status", "done_on", "feedback_on", "satisfaction"):
                values.pop(key, None)
            if request.status != "待办" and not values["result"]:
                values.pop("result")
        rowversion.update(Request, request_id, values, loaded)


def delete_request(request_id: int, loaded: Loaded | None = None) -> None:
    """Delete one request (the change log keeps what it was); not one someone
    else changed since ``loaded``."""
    with database.atomic():
        if not Request.select().where(Request.id == request_id).exists():
            raise NotFoundError("这条诉求已被删除（可能是其他用户刚删除的），无需再删")
        rowversion.claim(Request, request_id, loaded)
        Request.delete().where(Request.id == request_id).execute()


def allowed_actions(status: str) -> list[str]:
    """The actions that may follow ``status``, in the order a request goes."""
    return [action for action, (sources, _, _) in ACTIONS.items() if status in sources]


def advance(request_id: int, action: str, *, on: datetime.date | None = None, result: str = "",
            satisfaction: str = "", today: datetime.date | None = None, loaded: Loaded | None = None) -> str:
    """Move a request on by ``action`` (START, FINISH, FEEDBACK, REOPEN); return its new status.

    FINISH needs the result; FEEDBACK the household's satisfaction (不满意
    sends it back: 退回重办); REOPEN records that a household first satisfied
    is not. ``on`` is the day it happened (today by default).
    """
    today = today or datetime.date.today()
    on = on or today
    sources, target, verb = ACTIONS[action]
    with database.atomic():
        request = _get(request_id)
        if request.status not in sources:
            raise ValidationError(f"状态为“{request.status}”的诉求不能{verb}"
                                  f"（{verb}只适用于{'、'.join(sources)}的诉求）", field="status")
        _check_date(on, "日期", "on", today)
        if request.raised_on and on < request.raised_on:
            raise ValidationError(f"日期（{on.isoformat()}）不能早于诉求提出日期（{request.raised_on.isoformat()}）",
                                  field="on")
        values: dict = {"status": target}
        if action == FINISH:
            result = (result or "").strip()
            if not result:
                raise ValidationError("请填写办理结果", field="result")
            if len(result) > limits.NOTES_MAX:
                raise ValidationError(f"办理结果不能超过 {limits.NOTES_MAX} 个字", field="result")
            values.update(result=result, done_on=on, feedback_on=None, satisfaction="")
        elif action == FEEDBACK:
            if satisfaction not in vocab.SATISFACTIONS:
                raise ValidationError(f"请选择群众满意度：{'、'.join(vocab.SATISFACTIONS)}", field="satisfaction")
            if request.done_on and on < request.done_on:
                raise ValidationError("反馈日期不能早于办结日期", field="on")
            values.update(feedback_on=on, satisfaction=satisfaction)
            if satisfaction == "不满意":
                values.update(status="退回重办", done_on=None)
        elif action == REOPEN:
            values.update(satisfaction="不满意", feedback_on=on, done_on=None)
        rowversion.update(Request, request_id, values, loaded or rowversion.of(request))
        return values["status"]


def overdue(request: Request, today: datetime.date | None = None) -> bool:
    """Past its deadline and not done (the branch's red list)."""
    today = today or datetime.date.today()
    return request.status in vocab.REQUEST_OPEN and request.deadline is not None and request.deadline < today


def check_consistent(request: Request) -> list[str]:
    """What is wrong with a stored request's dates for its status (empty: nothing)."""
    problems = []
    status = request.status
    if status not in vocab.REQUEST_STATUSES:
        problems.append(f"未知状态 {status}")
    if request.handling == vocab.ON_THE_SPOT:
        if status != "已反馈" or request.deadline is not None or request.feedback_on != request.done_on:
            problems.append("当场办结的诉求应已反馈且无时限")
    elif request.deadline is None:
        problems.append("缺少办理时限")
    if status in ("已办结", "已反馈") and request.done_on is None:
        problems.append("缺少办结日期")
    if status in ("待办", "办理中", "退回重办") and request.done_on is not None:
        problems.append("未办结却有办结日期")
    if status == "已反馈" and (request.feedback_on is None or request.satisfaction not in ("满意", "基本满意")):
        problems.append("已反馈却没有反馈日期或满意度")
    if status == "退回重办" and request.satisfaction != "不满意":
        problems.append("退回重办应为不满意")
    if status in ("待办", "办理中", "已办结") and request.feedback_on is not None:
        problems.append("未反馈却有反馈日期")
    if request.handling == vocab.HANDED_TO_DEPARTMENT and not request.department:
        problems.append("转交部门却没有承办部门")
    return problems
