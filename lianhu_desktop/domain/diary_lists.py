"""The diary's lists beside the visits: requests followed to the end, and
households by the days since their last visit ("longest since last visit").

Both are ``listing.ListSpec``s: one SQL query for the ids, pages of rows.
"""

from __future__ import annotations

import datetime

from lianhu_desktop.domain import listing
from lianhu_desktop.domain.listing import Column, Filter, ListSpec
from lianhu_desktop.domain.rules import active_household, active_link
from lianhu_desktop.domain.vocab import REQUEST_OPEN

OVERDUE_COLOUR = "#C0392B"
UNFED_COLOUR = "#8A5A00"
REOPENED_COLOUR = "#7B3FA0"

_OPEN = ", ".join(f"'{status}'" for status in REQUEST_OPEN)


def _today(value) -> dict:
    day = value if isinstance(value, datetime.date) else datetime.date.today()
    return {"today": day.isoformat()}


def _date(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else str(value))


# The request queues the branch works from (``queue`` filter).
QUEUES = {
    "open": f"r.status IN ({_OPEN})",
    "overdue": f"r.status IN ({_OPEN}) AND r.deadline < :today",
    "unfed": "r.status = '已办结'",
    "reopened": "r.status = '退回重办'",
    "done": "r.status = '已反馈'",
}
QUEUE_NAMES = (
    ("全部诉求", None), ("未办结", "open"), ("已超期", "overdue"), ("已办结待反馈", "unfed"),
    ("退回重办", "reopened"), ("已反馈", "done"),
)

_REQUEST_COLUMNS = (
    Column("raised_on", "提出日期", "r.raised_on", ("r.raised_on",), width=96, format=_date),
    Column("head_name", "户主", "rh.head_name", ("rh.head_sort",), ("rh",), 70),
    Column("door_number", "门牌号", "rh.door_number", ("rh.door_sort",), ("rh",), 64),
    Column("member", "党员", "COALESCE(rm.name, '')", ("rm.name_sort",), ("rm",), 70),
    Column("category", "类别", "r.category", ("r.category",), width=70),
    Column("content", "诉求内容", "r.content", None, width=230),
    Column("handling", "办理方式", "r.handling || CASE WHEN r.department <> '' THEN '：' || r.department "
           "ELSE '' END", ("r.handling",), width=110),
    Column("deadline", "办理时限", "r.deadline", ("r.deadline",), width=96, format=_date),
    Column("status", "状态", "r.status", ("r.status",), width=76),
    Column("overdue", "超期", f"CASE WHEN r.status IN ({_OPEN}) AND r.deadline < :today THEN '已超期' ELSE '' END",
           None, width=56),
    Column("result", "办理结果", "r.result", None, width=180),
    Column("done_on", "办结日期", "r.done_on", ("r.done_on",), width=96, format=_date),
    Column("feedback_on", "反馈日期", "r.feedback_on", ("r.feedback_on",), width=96, format=_date),
    Column("satisfaction", "满意度", "r.satisfaction", ("r.satisfaction",), width=70),
    Column("village", "村", "vl.name", ("vl.sort_order", "vl.id"), ("vl",), 110),
)
_STATUS_AT = next(i for i, c in enumerate(_REQUEST_COLUMNS) if c.key == "status")
_OVERDUE_AT = next(i for i, c in enumerate(_REQUEST_COLUMNS) if c.key == "overdue")


def _request_tone(row: tuple) -> str | None:
    if row[_OVERDUE_AT]:
        return OVERDUE_COLOUR
    return {"已办结": UNFED_COLOUR, "退回重办": REOPENED_COLOUR}.get(row[_STATUS_AT])


REQUESTS = ListSpec(
    name="requests", noun="条诉求", table="request", alias="r", village_column="r.village_id",
    joins={
        "vl": "JOIN village vl ON vl.id = r.village_id",
        "rh": "JOIN household rh ON rh.id = r.household_id",
        "rm": "LEFT JOIN member rm ON rm.id = r.member_id",
    },
    columns=_REQUEST_COLUMNS,
    default_sort=("r.raised_on DESC",),
    search=lambda kinds: (
        f"(r.household_id IN (SELECT h.id FROM household h WHERE "
        f"{listing._person_match('h', 'head_name', 'head_pinyin', 'head_initials', ('phone', 'door_number'), kinds)})"
        f" OR r.member_id IN (SELECT m.id FROM member m WHERE "
        f"{listing._person_match('m', 'name', 'name_pinyin', 'name_initials', ('phone',), kinds)})"
        " OR r.content LIKE :s_contains ESCAPE '\\')"),
    filters={
        # Always on: the day the overdue column and queue compare with ("now": today).
        "today": Filter("1 = 1", _today),
        **{f"queue_{key}": Filter(where) for key, where in QUEUES.items()},
        "household": Filter("r.household_id = :household", lambda value: {"household": value}),
        "member": Filter("r.member_id = :member", lambda value: {"member": value}),
        "category": Filter("r.category = :category", lambda value: {"category": value}),
    },
    default_filters={"today": "now"},
    tone=_request_tone,
)


def queue_filters(queue: str | None) -> dict:
    """The filters that show one request queue (None: all requests)."""
    return {f"queue_{key}": (True if key == queue else None) for key in QUEUES}


# ---------------------------------------------------------------- households by last visit

_LAST_VISIT = "(SELECT MAX(lv.date) FROM visit lv WHERE lv.household_id = h.id)"


def _days(value) -> str:
    """Days since the last visit (``value``: its date as stored), counted in Python: portable SQL."""
    if not value:
        return "从未走访"
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
    return f"{(datetime.date.today() - day).days} 天"


LAST_VISITS = ListSpec(
    name="last_visits", noun="户", table="household", alias="h", village_column="h.village_id",
    joins={
        "vl": "JOIN village vl ON vl.id = h.village_id",
        "gr": "LEFT JOIN grid gr ON gr.id = h.grid_id",
        "lk": f"LEFT JOIN link lk ON lk.household_id = h.id AND {active_link('lk')}",
        "lm": "LEFT JOIN member lm ON lm.id = lk.member_id",
    },
    columns=(
        Column("days", "未走访天数", _LAST_VISIT, None, width=90, format=_days),
        Column("last_visit", "最近走访", _LAST_VISIT, None, width=96, format=_date),
        Column("head_name", "户主", "h.head_name", ("h.head_sort",), width=80),
        Column("door_number", "门牌号", "h.door_number", ("h.door_sort",), width=70),
        Column("grid", "网格", "COALESCE(gr.name, '')", ("gr.sort_order",), ("gr",), 90),
        Column("member", "联户党员", "COALESCE(lm.name, '')", ("lm.name_sort",), ("lk", "lm"), 80),
        Column("phone", "联系电话", "h.phone", None, width=110),
        Column("village", "村", "vl.name", ("vl.sort_order", "vl.id"), ("vl",), 110),
    ),
    # Never visited first, then the longest since; the id keeps the order stable. The
    # stand-in is a real date: a server reads it as a DATE (it has no year 0).
    default_sort=(f"COALESCE({_LAST_VISIT}, '0001-01-01')",),
    base_where=active_household("h"),
    search=listing._search_households,
    filters={
        "grid": Filter("h.grid_id = :grid", lambda value: {"grid": value}),
        "member": Filter("lk.member_id = :link_member", lambda value: {"link_member": value}, ("lk",)),
    },
)
