"""Meetings (一会): the monthly theme party day and the branch's other meetings.

A meeting has its date, kind, topic, notes, who attended (出席 / 请假 / 缺席
per member) and the problems it studied, each with the member who follows it
up (落实人). Everyone expected is 出席 unless marked otherwise, so the clerk
only types the exceptions. Expected are the members on the roster who had
joined by the day; a 支委会 expects the committee members only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from lianhu_desktop.domain import limits, normalise, rules, vocab
from lianhu_desktop.errors import NotFoundError, ValidationError, ValidationErrors
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import Attendance, Meeting, MeetingProblem, Member, Village, database

KINDS = vocab.MEETING_KINDS[:4]  # 主题党日, 支委会, 党员大会, 党小组会 (the 民主评议大会 is the appraisal's)
PRESENT = vocab.ATTENDANCE_STATUSES[0]
TOPIC_MAX = limits.SHORT_TEXT_MAX


@dataclass
class ProblemData:
    """A problem the meeting studied and who follows it up (None: the branch)."""

    content: str
    follow_up_id: int | None = None


@dataclass
class MeetingData:
    """Every field of a meeting the editor edits. ``attendance``: member id → status."""

    village_id: int | None = None
    date: datetime.date | None = None
    kind: str = KINDS[0]
    topic: str = ""
    notes: str = ""
    attendance: dict[int, str] = field(default_factory=dict)
    problems: list[ProblemData] = field(default_factory=list)


@dataclass(frozen=True)
class Attendee:
    """A member the attendance grid lists."""

    id: int
    name: str
    party_group: str
    is_committee: bool


@dataclass(frozen=True)
class MeetingRow:
    """One line of the meetings list."""

    id: int
    date: datetime.date
    kind: str
    topic: str
    present: int
    leave: int
    absent: int
    problems: int

    @property
    def expected(self) -> int:
        return self.present + self.leave + self.absent


def expected_members(village_id: int, day: datetime.date | None, kind: str = KINDS[0],
                     also=()) -> list[Attendee]:
    """The members a meeting of ``kind`` on ``day`` expects, in name order.

    ``also``: member ids listed whatever the rules say (those already
    recorded for a meeting being edited)."""
    clauses, params = [rules.active_member()], []
    if day is not None:
        clauses.append("(m.join_date IS NULL OR m.join_date <= ?)")
        params.append(day)
    if kind == "支委会":
        clauses.append("m.is_committee = TRUE")
    where = " AND ".join(clauses)
    extra = sorted(set(also))
    if extra:
        where = f"({where}) OR m.id IN ({','.join('?' * len(extra))})"
        params += extra
    rows = database.execute_sql(
        "SELECT m.id, m.name, COALESCE(pg.name, ''), m.is_committee FROM member m "
        "LEFT JOIN party_group pg ON pg.id = m.party_group_id "
        f"WHERE m.village_id = ? AND ({where}) ORDER BY m.name_sort, m.id", [village_id, *params])
    return [Attendee(mid, name, group, bool(committee)) for mid, name, group, committee in rows]


def clean_meeting(data: MeetingData, today: datetime.date | None = None) -> dict:
    """Meeting columns → value; every refusal of the meeting's own fields at once."""
    today = today or datetime.date.today()
    errors = []
    if data.date is None:
        errors.append(ValidationError("请填写会议日期", field="date"))
    elif data.date > today:
        errors.append(ValidationError("会议日期不能晚于今天：这里登记已召开的会议", field="date"))
    if data.kind not in KINDS:
        errors.append(ValidationError(f"会议类型应为{'、'.join(KINDS)}之一", field="kind"))
    try:
        topic = normalise.check_length(normalise.text(data.topic), TOPIC_MAX, field="topic", label="会议主题")
        if not topic:
            raise ValidationError("请填写会议主题", field="topic")
    except ValidationError as error:
        errors.append(error)
        topic = ""
    try:
        notes = normalise.check_length((data.notes or "").strip(), limits.NOTES_MAX, field="notes",
                                       label="会议记录")
    except ValidationError as error:
        errors.append(error)
        notes = ""
    for status in set(data.attendance.values()):
        if status not in vocab.ATTENDANCE_STATUSES:
            errors.append(ValidationError(f"出席情况应为出席、请假或缺席：{limits.quote(status)}",
                                          field="attendance"))
    for number, problem in enumerate(data.problems, 1):
        try:
            normalise.check_length((problem.content or "").strip(), limits.NOTES_MAX, field="problems",
                                   label=f"第 {number} 个问题")
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationErrors(errors)
    return {"date": data.date, "kind": data.kind, "topic": topic, "notes": notes}


def _check_members(village_id: int, member_ids, label: str, field_name: str) -> None:
    ids = sorted(set(member_ids))
    if not ids:
        return
    found = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found |= {m.id for m in Member.select(Member.id).where(
            Member.id.in_(chunk) & (Member.village == village_id))}
    if len(found) != len(ids):
        raise ValidationError(f"{label}中有不属于本村的党员（可能已被删除）", field=field_name)


def save_meeting(data: MeetingData, meeting_id: int | None = None,
                 today: datetime.date | None = None, loaded: Loaded | None = None) -> Meeting:
    """Create or update a meeting with its attendance and problems; bad input changes nothing.

    Attendance is stored for every member in ``data.attendance``; members
    the grid did not list (joined later, archived) are left out. The meeting
    row is saved every time (its version moves on with its attendance and
    problems), and refused with ``StaleRecord`` if someone else saved it since ``loaded``."""
    cleaned = clean_meeting(data, today)
    if data.village_id is None or Village.get_or_none(Village.id == data.village_id) is None:
        raise ValidationError("请先选择一个村", field="village_id")
    problems = [p for p in data.problems if (p.content or "").strip()]
    _check_members(data.village_id, data.attendance, "出席名单", "attendance")
    _check_members(data.village_id, [p.follow_up_id for p in problems if p.follow_up_id], "落实人", "problems")
    with database.atomic():
        if meeting_id is None:
            meeting = Meeting.create(village=data.village_id, **cleaned)
        else:
            meeting = Meeting.get_or_none(Meeting.id == meeting_id)
            if meeting is None:
                raise NotFoundError("找不到这次会议，可能已被删除")
            if meeting.village_id != data.village_id:
                raise ValidationError("会议不能改到另一个村")
            for key, value in cleaned.items():
                setattr(meeting, key, value)
            rowversion.expect(meeting, loaded).save()
        _store_attendance(meeting, data.attendance)
        _store_problems(meeting, problems)
    return meeting


def _store_attendance(meeting: Meeting, attendance: dict[int, str]) -> None:
    stored = {a.member_id: a for a in Attendance.select().where(Attendance.meeting == meeting.id)}
    gone = [a.id for mid, a in stored.items() if mid not in attendance]
    if gone:
        Attendance.delete().where(Attendance.id.in_(gone)).execute()
    for member_id, status in attendance.items():
        row = stored.get(member_id)
        if row is None:
            Attendance.create(meeting=meeting.id, member=member_id, status=status)
        elif row.status != status:
            row.status = status
            row.save()


def _store_problems(meeting: Meeting, problems: list[ProblemData]) -> None:
    stored = list(MeetingProblem.select().where(MeetingProblem.meeting == meeting.id)
                  .order_by(MeetingProblem.sort_order, MeetingProblem.id))
    # Rows are updated in place where they line up, so the change log shows edits as edits.
    for order, problem in enumerate(problems):
        content = problem.content.strip()
        if order < len(stored):
            row = stored[order]
            if (row.content, row.follow_up_id, row.sort_order) != (content, problem.follow_up_id, order):
                row.content, row.follow_up, row.sort_order = content, problem.follow_up_id, order
                row.save()
        else:
            MeetingProblem.create(meeting=meeting.id, content=content, follow_up=problem.follow_up_id,
                                  sort_order=order)
    extra = [row.id for row in stored[len(problems):]]
    if extra:
        MeetingProblem.delete().where(MeetingProblem.id.in_(extra)).execute()


def load_meeting(meeting_id: int) -> Loaded:
    """The meeting's version and values now, for the editor to save against."""
    return rowversion.load(Meeting, meeting_id, "找不到这次会议，可能已被删除")


def meeting_data(meeting_id: int) -> MeetingData:
    """A stored meeting as the editor edits it."""
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None:
        raise NotFoundError("找不到这次会议，可能已被删除")
    attendance = {a.member_id: a.status for a in Attendance.select().where(Attendance.meeting == meeting_id)}
    problems = [ProblemData(p.content, p.follow_up_id) for p in MeetingProblem.select()
                .where(MeetingProblem.meeting == meeting_id).order_by(MeetingProblem.sort_order, MeetingProblem.id)]
    return MeetingData(meeting.village_id, meeting.date, meeting.kind, meeting.topic, meeting.notes,
                       attendance, problems)


def delete_meeting(meeting_id: int, loaded: Loaded | None = None) -> None:
    """Delete a meeting with its attendance and problems; not one someone else
    changed since ``loaded``."""
    with database.atomic():
        if not Meeting.select().where(Meeting.id == meeting_id).exists():
            raise NotFoundError("这次会议记录已被删除（可能是其他用户刚删除的），无需再删")
        rowversion.claim(Meeting, meeting_id, loaded)
        Meeting.delete().where(Meeting.id == meeting_id).execute()


def list_meetings(village_id: int, year: int | None = None, month: int | None = None) -> list[MeetingRow]:
    """A village's meetings, newest first, with attendance counts (a year, or one month of it)."""
    clauses, params = ["mt.village_id = ?"], [village_id]
    if year is not None:
        first = datetime.date(year, month or 1, 1)
        end = rules.month_bounds(first)[1] if month else datetime.date(year + 1, 1, 1)
        clauses.append("mt.date >= ? AND mt.date < ?")
        params += [first, end]
    rows = database.execute_sql(
        "SELECT mt.id, mt.date, mt.kind, mt.topic, "
        "(SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = mt.id AND a.status = '出席'), "
        "(SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = mt.id AND a.status = '请假'), "
        "(SELECT COUNT(*) FROM attendance a WHERE a.meeting_id = mt.id AND a.status = '缺席'), "
        "(SELECT COUNT(*) FROM meeting_problem p WHERE p.meeting_id = mt.id) "
        f"FROM meeting mt WHERE {' AND '.join(clauses)} ORDER BY mt.date DESC, mt.id DESC", params)
    return [MeetingRow(row[0], _as_date(row[1]), *row[2:]) for row in rows]


@dataclass(frozen=True)
class ProblemLine:
    """A problem studied at a meeting, for the monthly report."""

    date: datetime.date
    kind: str
    content: str
    follow_up: str


def problems_between(village_id: int, start: datetime.date, end: datetime.date) -> list[ProblemLine]:
    """The problems studied at the village's meetings with ``start <= date < end``."""
    rows = database.execute_sql(
        "SELECT mt.date, mt.kind, p.content, COALESCE(m.name, '') FROM meeting_problem p "
        "JOIN meeting mt ON mt.id = p.meeting_id LEFT JOIN member m ON m.id = p.follow_up_id "
        "WHERE mt.village_id = ? AND mt.date >= ? AND mt.date < ? ORDER BY mt.date, mt.id, p.sort_order, p.id",
        [village_id, start, end])
    return [ProblemLine(_as_date(d), kind, content, who) for d, kind, content, who in rows]


def _as_date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])
