"""Meetings, commitments, 结对帮扶, the monthly report and the 结链责任状: rules and printouts."""

from __future__ import annotations

import datetime

import pytest

from lianhu_desktop.domain import commitments, meetings, monthly, pairings, printing, printrows
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.reports import catalog
from lianhu_desktop.store.models import (
    Attendance, ChangeLog, Commitment, HouseholdTag, Link, Meeting, MeetingProblem, Member, Pairing, Request,
    Visit,
)
from tests.unit import printdata

TODAY = datetime.date(2026, 3, 20)


@pytest.fixture
def filled(village):
    return printdata.fill(village, members=4, per_member=6, year=TODAY.year)


# ---------------------------------------------------------------- meetings


def test_a_meeting_keeps_attendance_and_problems(village, filled):
    members = filled["members"]
    expected = meetings.expected_members(village.id, TODAY)
    assert {a.id for a in expected} == {m.id for m in members}
    attendance = {a.id: "出席" for a in expected}
    attendance[members[1].id] = "请假"
    attendance[members[2].id] = "缺席"
    data = meetings.MeetingData(village.id, TODAY, "主题党日", "学习联户政策", "应到 4 人", attendance,
                                [meetings.ProblemData("三组路灯不亮", members[0].id), meetings.ProblemData("  "),
                                 meetings.ProblemData("低保复核", None)])
    meeting = meetings.save_meeting(data, today=TODAY)
    stored = meetings.meeting_data(meeting.id)
    assert stored.attendance == attendance
    assert [(p.content, p.follow_up_id) for p in stored.problems] == [("三组路灯不亮", members[0].id),
                                                                       ("低保复核", None)]
    row, = meetings.list_meetings(village.id, TODAY.year)
    assert (row.present, row.leave, row.absent, row.problems, row.expected) == (2, 1, 1, 2, 4)
    # Editing: one problem fewer, everyone present; the change log records it.
    stored.problems = stored.problems[:1]
    stored.attendance = {a.id: "出席" for a in expected}
    meetings.save_meeting(stored, meeting.id, today=TODAY)
    assert MeetingProblem.select().count() == 1
    assert Attendance.select().where(Attendance.status == "出席").count() == 4
    assert ChangeLog.select().where(ChangeLog.table == "meeting_problem", ChangeLog.action == "删除").count() == 1
    meetings.delete_meeting(meeting.id)
    assert not Meeting.select().exists() and not Attendance.select().exists()


def test_bad_meetings_are_refused_and_change_nothing(village, filled):
    good = meetings.MeetingData(village.id, TODAY, "主题党日", "主题")
    for change, field in ((dict(date=TODAY + datetime.timedelta(days=1)), "date"), (dict(topic=" "), "topic"),
                          (dict(kind="茶话会"), "kind"), (dict(attendance={filled["members"][0].id: "迟到"}),
                                                         "attendance")):
        bad = meetings.MeetingData(**{**good.__dict__, **change})
        with pytest.raises(ValidationError) as caught:
            meetings.save_meeting(bad, today=TODAY)
        assert caught.value.field == field
    stranger = Member.create(village=printdata_other_village(), name="外村人")
    with pytest.raises(ValidationError, match="不属于本村"):
        meetings.save_meeting(meetings.MeetingData(village.id, TODAY, "主题党日", "主题",
                                                   attendance={stranger.id: "出席"}), today=TODAY)
    assert not Meeting.select().exists()


def printdata_other_village():
    from lianhu_desktop.domain.villages import create_village

    return create_village("外村", township="城关镇", grids=1)


def test_committee_meetings_expect_the_committee_and_late_joiners_are_not_expected(village, filled):
    first, second = filled["members"][:2]
    Member.update(is_committee=True).where(Member.id == first.id).execute()
    Member.update(join_date=TODAY).where(Member.id == second.id).execute()
    assert [a.id for a in meetings.expected_members(village.id, TODAY, "支委会")] == [first.id]
    earlier = meetings.expected_members(village.id, TODAY - datetime.timedelta(days=1))
    assert second.id not in {a.id for a in earlier}
    assert second.id in {a.id for a in meetings.expected_members(village.id, TODAY - datetime.timedelta(days=1),
                                                                 also=[second.id])}


# ---------------------------------------------------------------- commitments


def test_commitments_are_checked_and_counted(village, filled):
    member = filled["members"][1]  # one commitment
    with pytest.raises(ValidationError) as caught:
        commitments.save_commitment(commitments.CommitmentData(member.id, 2026, " ", status="做完了"))
    assert {e.field for e in caught.value.errors} == {"content", "status"}
    with pytest.raises(ValidationError, match="早于承诺年度"):
        commitments.save_commitment(commitments.CommitmentData(member.id, 2026, "修路", datetime.date(2025, 12, 1)))
    before = Commitment.select().count()
    for number in range(5):
        commitments.save_commitment(commitments.CommitmentData(member.id, 2026, f"实事{number}"))
    assert Commitment.select().count() == before + 5
    warnings = {w.member_id: w for w in commitments.count_warnings(village.id, 2026)}
    assert warnings[member.id].count == 6 and "超过 5 项" in warnings[member.id].message
    none = Member.create(village=village, name="新党员")
    assert "还没有公开承诺" in {w.member_id: w for w in commitments.count_warnings(village.id, 2026)}[none.id].message
    row = commitments.list_commitments(village.id, 2026, member_id=member.id)[-1]
    data = commitments.commitment_data(row.id)
    data.status, data.result = "已完成", "已修好"
    commitments.save_commitment(data, row.id)
    assert commitments.list_commitments(village.id, 2026, status="已完成")[0].result == "已修好"
    assert ChangeLog.select().where(ChangeLog.table == "commitment", ChangeLog.field == "进展情况").count() == 1


def test_the_commitments_notice_shows_year_and_status(village, filled, tmp_path):
    member = filled["members"][0]
    commitments.save_commitment(commitments.CommitmentData(member.id, 2026, "帮联系户修缮危房", status="已完成"))
    out = tmp_path / "notice.pdf"
    catalog.print_document("commitments", printing.Scope(village.id, year=2026), out)
    text = printdata.pdf_text(out)
    assert "2026年" in text and "帮联系户修缮危房" in text and "已完成" in text and "进行中" in text


# ---------------------------------------------------------------- pairings


def test_pairings_warn_and_refuse(village, filled):
    member = filled["members"][0]
    households = filled["households"][:6]
    poor = [h for h in households if HouseholdTag.select().where(HouseholdTag.household == h.id,
                                                                   HouseholdTag.tag == "困难户").exists()]
    plain = [h for h in households if h not in poor]
    assert pairings.pairing_warnings(member.id, poor[0].id, 2026) == []
    assert "没有标为困难户" in pairings.pairing_warnings(member.id, plain[0].id, 2026)[0]
    for household in poor[:2]:
        pairings.save_pairing(pairings.PairingData(member.id, household.id, 2026, "稳定增收", "介绍务工"))
    assert "超过 2 户" in pairings.pairing_warnings(member.id, poor[2].id, 2026)[0]
    with pytest.raises(ValidationError, match="已与"):
        pairings.save_pairing(pairings.PairingData(member.id, poor[0].id, 2026, "再来一次"))
    with pytest.raises(ValidationError) as caught:
        pairings.save_pairing(pairings.PairingData(member.id, poor[2].id, 2026, "", outcome="很好"))
    assert {e.field for e in caught.value.errors} == {"goals", "outcome"}
    other = printdata_other_village()
    stranger = Member.create(village=other, name="外村人")
    with pytest.raises(ValidationError, match="不在同一个村"):
        pairings.save_pairing(pairings.PairingData(stranger.id, poor[2].id, 2026, "目标"))
    assert Pairing.select().count() == 2
    row = pairings.list_pairings(household_id=poor[0].id)[0]
    data = pairings.pairing_data(row.id)
    data.review_note, data.outcome = "已实现增收", "已达成"
    pairings.save_pairing(data, row.id)
    assert pairings.list_pairings(village.id, 2026, member_id=member.id)[0].outcome == "已达成"
    assert {hid for hid, _l, _t in pairings.difficulty_households(village.id)} >= {h.id for h in poor}


# ---------------------------------------------------------------- monthly report


def _visit(member, household, day):
    return Visit.create(village=member.village_id, member=member.id, household=household.id, date=day)


def test_the_monthly_report_matches_an_independent_count(village, filled):
    members, households = filled["members"], filled["households"]
    march = datetime.date(2026, 3, 1)
    # The links stood before March (the fixture links them on the day it runs).
    Link.update(start_date=datetime.date(2026, 1, 1)).execute()
    # Member 0 visits 4 of 6 households in March (one twice), plus one in February.
    for household in households[:4]:
        _visit(members[0], household, datetime.date(2026, 3, 5))
    visit = _visit(members[0], households[0], datetime.date(2026, 3, 12))
    _visit(members[0], households[4], datetime.date(2026, 2, 27))
    Request.create(village=village, household=households[0].id, member=members[0].id, visit=visit.id,
                   content="修路", handling="当场办结", status="已反馈")
    Request.create(village=village, household=households[1].id, member=members[0].id, visit=visit.id,
                   content="低保申请", handling="上报支部", status="办理中", deadline=datetime.date(2026, 3, 10))
    Request.create(village=village, household=households[2].id, member=members[0].id, visit=visit.id,
                   content="危房改造", handling="转交部门", status="待办", deadline=datetime.date(2026, 4, 30))
    report = monthly.monthly_report(village.id, march, today=TODAY)
    assert report.as_of == TODAY
    first = next(m for m in report.members if m.name == members[0].name)
    assert (first.linked, first.visited, first.visits, first.raised, first.solved, first.pending) == (6, 4, 5, 3, 1, 2)
    # Independent count of "not visited": active links minus the households their member visited in March.
    linked = {link.household_id for link in Link.select().where(Link.end_date.is_null())}
    april = datetime.date(2026, 4, 1)
    visited = {v.household_id for v in Visit.select().where(Visit.date >= march, Visit.date < april)}
    assert len(report.not_visited) == len(linked - visited) == 24 - 4
    assert [r.content for r in report.overdue] == ["低保申请"]
    assert [r.content for r in report.to_study] == ["危房改造"]
    last = next(line for line in report.not_visited if line.household.startswith(households[4].head_name))
    assert last.last_visit == datetime.date(2026, 2, 27)


def test_monthly_report_refuses_a_future_month(village):
    with pytest.raises(ValidationError):
        monthly.monthly_report(village.id, datetime.date(2026, 4, 1), today=datetime.date(2026, 3, 31))


def test_monthly_report_and_pledge_print(village, filled, tmp_path):
    members = filled["members"]
    meeting = meetings.save_meeting(meetings.MeetingData(
        village.id, datetime.date.today().replace(day=1), "主题党日", "汇报联户工作",
        problems=[meetings.ProblemData("三组路灯不亮", members[0].id)]))
    assert meeting.id
    out = tmp_path / "monthly.pdf"
    result = catalog.print_document("monthly", printing.Scope(village.id), out)
    text = printdata.pdf_text(out)
    assert result.pages >= 1
    for words in ("主题党日联户工作汇报", "党员联户情况", "本月未走访农户", "逾期未办结诉求", "提请研究的问题",
                  "三组路灯不亮", members[0].name):
        assert words in text, words
    letters = printrows.pledge_letters(printing.Scope(village.id, member_id=members[0].id, year=2026))
    assert len(letters) == 1 and len(letters[0].households) == 6
    out = tmp_path / "pledge.pdf"
    result = catalog.print_document("pledge", printing.Scope(village.id, member_id=members[0].id, year=2026), out)
    # One letter page, then six slips four to a page.
    assert result.pages == 1 + 2
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    assert "党员联户结链责任状" in pages[0] and "2026年度" in pages[0] and "宣传政策到位" in pages[0]
    assert "签字" in pages[0] and members[0].name in pages[0]
    assert pages[1].count("党员联户责任书") == 4 and pages[2].count("党员联户责任书") == 2
    assert "户主签字" in pages[1] and "沿虚线剪开" in pages[1]
    printdata.assert_font_embedded(out)


def test_a_long_letter_shrinks_to_end_above_its_signatures(village, filled, tmp_path):
    import dataclasses

    from lianhu_desktop.reports import pledge, text

    letter = printrows.pledge_letters(printing.Scope(village.id, member_id=filled["members"][0].id))[0]
    crowded = dataclasses.replace(letter, households=letter.households * 7)  # 42 households
    drawn = []
    with text.observe(lambda line, x, y, size, width, box: drawn.append((line, y, size))):
        pages = pledge.build([crowded], tmp_path / "long.pdf")
    assert pages == 1 + 11
    letter_lines = drawn[:next(i for i, (line, _y, _s) in enumerate(drawn) if line == "党员联户责任书")]
    signatures = ("盖章", "签字", "＿", "党员：", "监督电话")
    body = [(line, y) for line, y, _size in letter_lines if not any(word in line for word in signatures)]
    assert body and min(y for _line, y in body) >= pledge.SIGNATURES_TOP
    assert any(line.startswith("42. ") for line, _y in body)
