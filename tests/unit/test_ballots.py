"""民主测评票: double entry, settling against the paper, tallies, the sum checks and every refusal."""

from __future__ import annotations

import json

import pytest

from lianhu_desktop.domain import ballots as b
from lianhu_desktop.domain.appraisal_types import appraisal_for
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import Appraisal, AuditLog, Ballot, BallotGrade, ChangeLog, TallyRow, TallySheet
from tests.unit.ballotfixtures import YEAR, ballot_village, seal


@pytest.fixture
def people(village):
    return ballot_village(village)


def ids(people):
    return {key: member.id for key, member in people.items()}


def enter(village, serial, entry, grades, kind="党员", **kwargs):
    return b.enter_ballot(village.id, YEAR, serial, entry, kind, grades, **kwargs)


def twice(village, serial, grades, kind="党员", **kwargs):
    enter(village, serial, 1, grades, kind, **kwargs)
    return enter(village, serial, 2, grades, kind, **kwargs)


def counted(village, members_on_ballot=None):
    return b.count(appraisal_for(village.id, YEAR), members_on_ballot)


def messages(error: ValidationError) -> list[str]:
    return [e.message for e in getattr(error, "errors", [error])]


def nothing_written():
    return Ballot.select().count() == 0 and BallotGrade.select().count() == 0 and TallySheet.select().count() == 0


# --- who the ballot lists -------------------------------------------------------

def test_the_ballot_lists_the_year_s_members_in_tier_order_with_same_names_told_apart(village, people):
    listed = b.ballot_members(village.id, YEAR)
    assert [m.tier for m in listed] == ["党员干部", "一般党员", "一般党员", "外出党员", "老病残党员"]
    labels = [m.label for m in listed]
    assert labels[0] == "王建国" and "刘芳" not in labels and "陈明" not in labels
    zhang = [m for m in listed if m.name == "张伟"]
    assert {m.label for m in zhang} == {f"张伟（{people['zhang_a'].id_number[-4:]}）",
                                         f"张伟（{people['zhang_b'].id_number[-4:]}）"}
    # The member who joined in 2027 is on the 2027 ballot; the one archived in 2025 is on the 2024 one.
    assert "刘芳" in [m.name for m in b.ballot_members(village.id, 2027)]
    assert "陈明" in [m.name for m in b.ballot_members(village.id, 2024)]


def test_counting_rules_default_and_a_damaged_rules_text_is_a_chinese_error(village, people):
    b.set_meeting_figures(village.id, YEAR, None, None, None)
    appraisal = appraisal_for(village.id, YEAR)
    rules = b.rules_of(appraisal)
    assert (rules.single_entry, rules.max_excellent_share) == (False, None)
    assert rules.grade_points == b.DEFAULT_GRADE_POINTS and rules.kind_weights == b.DEFAULT_KIND_WEIGHTS
    appraisal.rules = "{broken"
    with pytest.raises(ValidationError, match="计票规则已损坏"):
        b.rules_of(appraisal)


# --- double entry ---------------------------------------------------------------

def test_a_ballot_counts_only_when_both_entries_agree(village, people):
    m = ids(people)
    grades = {m["wang"]: "优秀", m["li"]: "合格", m["zhao"]: "不合格"}
    first = enter(village, 1, 1, grades)
    assert first.agrees is None and first.differences == 0
    result = counted(village)
    assert result.singles == [1] and result.grades == {} and result.sums.single == 1
    assert not result.sums.ok  # pending ballots break 收回 = 有效 + 无效
    second = enter(village, 1, 2, grades)
    assert second.agrees is True
    result = counted(village)
    assert result.singles == [] and result.mismatches == []
    assert result.member_counts(m["wang"]) == {"优秀": 1, "合格": 0, "基本合格": 0, "不合格": 0}
    assert result.grades[m["zhao"]]["党员"]["不合格"] == 1
    assert (result.sums.returned, result.sums.valid, result.sums.invalid, result.sums.blank) == (1, 1, 0, 0)
    assert result.sums.ok


def test_the_second_entry_may_come_first(village, people):
    m = ids(people)
    enter(village, 7, 2, {m["li"]: "合格"})
    assert counted(village).singles == [7]
    assert enter(village, 7, 1, {m["li"]: "合格"}).agrees is True
    assert counted(village).member_counts(m["li"])["合格"] == 1


def test_a_mismatch_lists_the_differing_rows_and_is_not_counted(village, people):
    m = ids(people)
    enter(village, 3, 1, {m["wang"]: "优秀", m["li"]: "合格", m["zhao"]: "合格"})
    second = enter(village, 3, 2, {m["wang"]: "优秀", m["li"]: "基本合格"}, kind="群众代表")
    assert second.agrees is False and second.differences == 3
    result = counted(village)
    assert [x.serial for x in result.mismatches] == [3]
    assert set(result.mismatches[0].differences) == {
        (None, "评议人类别", "党员", "群众代表"), (m["li"], "等次", "合格", "基本合格"),
        (m["zhao"], "等次", "合格", "")}
    assert result.grades == {} and result.sums.mismatched == 1
    assert any("未核对一致" in p for p in result.sums.problems)


def test_settling_sets_both_entries_to_the_paper_and_is_audited(village, people):
    m = ids(people)
    enter(village, 3, 1, {m["wang"]: "优秀", m["li"]: "合格", m["zhao"]: "合格"})
    enter(village, 3, 2, {m["wang"]: "优秀", m["li"]: "基本合格"}, kind="群众代表")
    with pytest.raises(ValidationError, match="还有 2 处不一致没有给出纸质票上的值"):
        b.settle(village.id, YEAR, 3, {m["li"]: "合格"})
    settled = b.settle(village.id, YEAR, 3, {b.KIND_KEY: "群众代表", m["li"]: "合格", m["zhao"]: ""})
    assert settled.voter_kind == "群众代表" and settled.grades == {m["wang"]: "优秀", m["li"]: "合格"}
    found = b.entries(appraisal_for(village.id, YEAR).id)[3]
    assert b.differences(found[1], found[2]) == ()
    assert found[1].grades == found[2].grades == settled.grades
    result = counted(village)
    assert result.mismatches == [] and result.grades[m["li"]] == {"群众代表": {"优秀": 0, "合格": 1, "基本合格": 0,
                                                                          "不合格": 0}}
    line = AuditLog.select().where(AuditLog.action == "核对纸质票后更正").get()
    assert "第 3 号票" in line.summary and "赵大海 合格→（未评）" in line.summary
    assert ChangeLog.select().where(ChangeLog.action == "删除", ChangeLog.object.contains("赵大海")).exists()


def test_settling_a_spoiled_mismatch_leaves_no_grades(village, people):
    m = ids(people)
    enter(village, 4, 1, {m["wang"]: "优秀"})
    enter(village, 4, 2, {}, valid=False)
    settled = b.settle(village.id, YEAR, 4, {b.VALID_KEY: False, m["wang"]: "优秀"})
    assert not settled.valid and settled.grades == {}
    assert counted(village).sums.invalid == 1
    assert BallotGrade.select().count() == 0


def test_settling_needs_both_entries_and_checks_the_paper(village, people):
    m = ids(people)
    with pytest.raises(NotFoundError, match="第 9 号票还没有录入"):
        b.settle(village.id, YEAR, 9, {})
    enter(village, 9, 1, {m["wang"]: "优秀"})
    with pytest.raises(ValidationError, match="只录入了第 1 次"):
        b.settle(village.id, YEAR, 9, {m["wang"]: "优秀"})
    enter(village, 9, 2, {m["wang"]: "合格"})
    with pytest.raises(ValidationError, match="等次应为"):
        b.settle(village.id, YEAR, 9, {m["wang"]: "很好"})
    with pytest.raises(ValidationError, match="不在本年度的测评名单上"):
        b.settle(village.id, YEAR, 9, {m["wang"]: "合格", people["late"].id: "优秀"})
    assert counted(village).mismatches[0].serial == 9  # nothing changed


def test_single_entry_counting_counts_a_ballot_entered_once(village, people):
    m = ids(people)
    enter(village, 1, 1, {m["wang"]: "优秀"})
    enter(village, 2, 2, {m["wang"]: "合格"})
    assert counted(village).sums.valid == 0
    b.set_counting_rules(village.id, YEAR, b.CountingRules(single_entry=True))
    result = counted(village)
    assert result.singles == [] and result.member_counts(m["wang"]) == {"优秀": 1, "合格": 1, "基本合格": 0,
                                                                        "不合格": 0}
    assert result.sums.ok


def test_spoiled_and_blank_ballots_are_counted(village, people):
    m = ids(people)
    twice(village, 1, {m["wang"]: "优秀"}, valid=False, note="字迹涂改")
    twice(village, 2, {})
    twice(village, 3, {m["wang"]: "合格", m["li"]: ""})
    sums = counted(village).sums
    assert (sums.returned, sums.valid, sums.invalid, sums.blank) == (3, 2, 1, 1)
    spoiled = Ballot.get(Ballot.serial == 1, Ballot.entry == 1)
    assert not spoiled.valid and spoiled.note == "字迹涂改"
    assert not BallotGrade.select().where(BallotGrade.ballot == spoiled.id).exists()  # a spoiled ballot keeps none
    assert counted(village).member_counts(m["wang"]) == {"优秀": 0, "合格": 1, "基本合格": 0, "不合格": 0}


def test_the_share_rule_makes_a_ballot_with_too_many_excellent_invalid(village, people):
    m = ids(people)
    b.set_counting_rules(village.id, YEAR, b.CountingRules(max_excellent_share=0.5))
    many = {m["wang"]: "优秀", m["li"]: "优秀", m["zhao"]: "优秀"}  # 3 of 5 > half
    first = enter(village, 1, 1, many)
    assert first.invalid_reason == "评为优秀的人数超过 50%"
    twice(village, 2, {m["wang"]: "优秀", m["li"]: "优秀"})  # 2 of 5: valid
    enter(village, 1, 2, many)
    result = counted(village)
    assert (result.sums.valid, result.sums.invalid) == (1, 1)
    assert result.member_counts(m["wang"])["优秀"] == 1
    assert counted(village, 0).sums.valid == 2  # 0 members on the ballot: the rule is left unapplied
    b.set_counting_rules(village.id, YEAR, b.CountingRules())
    assert counted(village).sums.valid == 2  # off by default


# --- refusals -------------------------------------------------------------------

@pytest.mark.parametrize(("serial", "entry", "kind", "grade", "expected"), [
    (0, 1, "党员", "优秀", "票号不能小于 1"),
    (-3, 1, "党员", "优秀", "票号不能小于 1"),
    ("十二", 1, "党员", "优秀", "票号应为整数"),
    (100_000, 1, "党员", "优秀", "票号不能大于"),
    (1, 3, "党员", "优秀", "录入次应为 1 或 2"),
    (1, 1, "村民", "优秀", "评议人类别应为党员或群众代表"),
    (1, 1, "党员", "很好", "王建国的等次应为优秀、合格、基本合格、不合格之一"),
])
def test_a_bad_ballot_is_refused_in_chinese_and_nothing_is_written(village, people, serial, entry, kind, grade,
                                                                    expected):
    with pytest.raises(ValidationError) as caught:
        b.enter_ballot(village.id, YEAR, serial, entry, kind, {people["wang"].id: grade})
    assert any(expected in text for text in messages(caught.value)), messages(caught.value)
    assert nothing_written() and appraisal_for(village.id, YEAR) is None  # the appraisal row was rolled back


def test_every_problem_of_a_ballot_is_said_at_once(village, people):
    with pytest.raises(ValidationError) as caught:
        b.enter_ballot(village.id, YEAR, 0, 1, "村民", {people["wang"].id: "很好", people["late"].id: "优秀"})
    assert len(messages(caught.value)) == 4


def test_a_serial_is_entered_once_per_entry(village, people):
    enter(village, 12, 1, {people["wang"].id: "优秀"})
    with pytest.raises(ValidationError, match="^第 12 号票第 1 次已录入$"):
        enter(village, 12, 1, {people["wang"].id: "合格"})
    assert Ballot.select().count() == 1


def test_members_not_on_the_ballot_are_refused(village, people):
    for key in ("late", "gone"):
        with pytest.raises(ValidationError, match="不在本年度的测评名单上"):
            enter(village, 1, 1, {people[key].id: "优秀"})
    with pytest.raises(ValidationError, match="编号 999999 的党员不在本年度的测评名单上"):
        enter(village, 1, 1, {999999: "优秀"})
    assert nothing_written()


def test_serials_and_returned_ballots_stay_within_the_ballots_issued(village, people):
    b.set_meeting_figures(village.id, YEAR, 3, 40, 35)
    with pytest.raises(ValidationError, match="票号 4 大于发出的票数 3"):
        enter(village, 4, 1, {})
    b.enter_tally(village.id, YEAR, "群众代表", 1, 2, 0, {})
    enter(village, 1, 1, {})
    with pytest.raises(ValidationError, match="收回的票将达到 4 张，多于发出的 3 张"):
        enter(village, 2, 1, {})
    enter(village, 1, 2, {})  # the second entry of a ballot already returned is no new ballot
    b.enter_tally(village.id, YEAR, "群众代表", 2, 2, 0, {})
    sums = counted(village).sums
    assert (sums.issued, sums.returned, sums.not_returned) == (3, 1 + 2, 0)


# --- replacing and deleting -----------------------------------------------------

def test_an_entry_is_replaced_and_the_change_audited(village, people):
    m = ids(people)
    enter(village, 5, 1, {m["wang"]: "优秀", m["li"]: "合格"})
    with pytest.raises(ValidationError, match="第 5 号票第 2 次还没有录入"):
        b.replace_entry(village.id, YEAR, 5, 2, "党员", {})
    result = b.replace_entry(village.id, YEAR, 5, 1, "群众代表", {m["wang"]: "合格", m["zhao"]: "优秀"}, note="改")
    assert result.agrees is None
    entry = b.entries(appraisal_for(village.id, YEAR).id)[5][1]
    assert entry.voter_kind == "群众代表" and entry.grades == {m["wang"]: "合格", m["zhao"]: "优秀"}
    assert Ballot.get(Ballot.serial == 5).note == "改"
    line = AuditLog.get(AuditLog.action == "修改测评票")
    assert "评议人类别 党员→群众代表" in line.summary and "李秀英 合格→（未评）" in line.summary
    assert "王建国 优秀→合格" in line.summary and "赵大海 （未评）→优秀" in line.summary


def test_entries_are_deleted_one_or_both(village, people):
    twice(village, 6, {people["wang"].id: "优秀"})
    twice(village, 8, {people["wang"].id: "优秀"})
    assert b.delete_entry(village.id, YEAR, 6, 2) == 1
    assert counted(village).singles == [6]
    assert b.delete_entry(village.id, YEAR, 8) == 2
    assert set(b.entries(appraisal_for(village.id, YEAR).id)) == {6}
    assert BallotGrade.select().count() == 1
    assert AuditLog.select().where(AuditLog.action == "删除测评票").count() == 3
    with pytest.raises(NotFoundError, match="第 8 号票还没有录入"):
        b.delete_entry(village.id, YEAR, 8)


# --- the meeting's figures and the rules -----------------------------------------

def test_meeting_figures_are_checked(village, people):
    appraisal = b.set_meeting_figures(village.id, YEAR, 60, 50, 46)
    assert (appraisal.ballots_issued, appraisal.expected, appraisal.present) == (60, 50, 46)
    with pytest.raises(ValidationError, match=r"实到人数（51）不能多于应到人数（50）"):
        b.set_meeting_figures(village.id, YEAR, 60, 50, 51)
    with pytest.raises(ValidationError, match="应到人数不能是负数"):
        b.set_meeting_figures(village.id, YEAR, 60, -1, None)
    with pytest.raises(ValidationError, match="发出票数应为整数"):
        b.set_meeting_figures(village.id, YEAR, "六十", 50, 46)
    for serial in (1, 2, 3):
        enter(village, serial, 1, {})
    with pytest.raises(ValidationError, match="发出票数（2）不能少于已收回的 3 张"):
        b.set_meeting_figures(village.id, YEAR, 2, 50, 46)
    enter(village, 40, 1, {})
    with pytest.raises(ValidationError, match="已录入的最大票号是 40"):
        b.set_meeting_figures(village.id, YEAR, 20, 50, 46)
    assert Appraisal.get().ballots_issued == 60
    b.set_meeting_figures(village.id, YEAR, None, None, None)
    assert Appraisal.get().ballots_issued is None and counted(village).sums.not_returned is None


@pytest.mark.parametrize(("rules", "expected"), [
    (b.CountingRules(max_excellent_share=1.5), "比例应在 0 到 1 之间"),
    (b.CountingRules(max_excellent_share=0), "比例应在 0 到 1 之间"),
    (b.CountingRules(kind_weights={"党员": 0, "群众代表": 0}), "权重不能都是 0"),
    (b.CountingRules(kind_weights={"党员": -1, "群众代表": 1}), "权重应为 0 到 100 之间的数"),
    (b.CountingRules(kind_weights={"党员": 1, "村民": 1}), "评议人类别应为党员或群众代表"),
    (b.CountingRules(grade_points={"优秀": 120}), "“优秀”的分值应在 0 到 100 之间"),
    (b.CountingRules(grade_points={"良好": 90}), "等次应为优秀、合格、基本合格、不合格"),
])
def test_counting_rules_are_checked(village, people, rules, expected):
    with pytest.raises(ValidationError) as caught:
        b.set_counting_rules(village.id, YEAR, rules)
    assert any(expected in text for text in messages(caught.value)), messages(caught.value)
    assert appraisal_for(village.id, YEAR) is None


def test_counting_rules_round_trip_and_keep_other_keys(village, people):
    b.set_meeting_figures(village.id, YEAR, None, None, None)
    Appraisal.update(rules=json.dumps({"weights_note": "支委会定"})).execute()
    rules = b.CountingRules(single_entry=True, max_excellent_share=0.4,
                            grade_points={"优秀": 95, "合格": 80, "基本合格": 60, "不合格": 10},
                            kind_weights={"党员": 0.7, "群众代表": 0.3})
    b.set_counting_rules(village.id, YEAR, rules)
    appraisal = appraisal_for(village.id, YEAR)
    assert b.rules_of(appraisal) == rules
    assert json.loads(appraisal.rules)["weights_note"] == "支委会定"


# --- hand tallies ---------------------------------------------------------------

def test_a_tally_counts_when_both_entries_agree(village, people):
    m = ids(people)
    rows = {m["wang"]: {"优秀": 20, "合格": 5}, m["li"]: {"合格": 24, "不合格": 1}}
    state = b.enter_tally(village.id, YEAR, "群众代表", 1, 27, 2, rows)
    assert state.status == b.TALLY_SINGLE
    result = counted(village)
    assert any("群众代表的计票汇总只录入了一次（第 1 次）" in p for p in result.sums.problems)
    assert result.grades == {} and result.sums.returned == 0
    assert b.agreed_tally(appraisal_for(village.id, YEAR).id, "群众代表") == "mismatch"
    assert b.agreed_tally(appraisal_for(village.id, YEAR).id, "群众代表", single_entry=True)[0] == 27
    state = b.enter_tally(village.id, YEAR, "群众代表", 2, 27, 2, rows)
    assert state.status == b.TALLY_AGREED
    result = counted(village)
    assert result.sums.ok and (result.sums.returned, result.sums.valid, result.sums.invalid) == (27, 25, 2)
    assert result.grades[m["wang"]]["群众代表"] == {"优秀": 20, "合格": 5, "基本合格": 0, "不合格": 0}
    assert b.agreed_tally(appraisal_for(village.id, YEAR).id, "党员") is None


def test_a_tally_mismatch_says_where_and_is_not_counted(village, people):
    m = ids(people)
    b.enter_tally(village.id, YEAR, "党员", 1, 30, 1, {m["wang"]: {"优秀": 20, "合格": 9}})
    b.enter_tally(village.id, YEAR, "党员", 2, 30, 0, {m["wang"]: {"优秀": 21, "合格": 9}})
    state = b.tally_state(appraisal_for(village.id, YEAR).id, "党员")
    assert state.status == b.TALLY_MISMATCH
    assert state.differences == ((None, "无效票数", 1, 0), (m["wang"], "优秀", 20, 21))
    result = counted(village)
    assert result.grades == {} and any("两次录入不一致（2 处）" in p for p in result.sums.problems)
    b.replace_tally(village.id, YEAR, "党员", 2, 30, 1, {m["wang"]: {"优秀": 20, "合格": 9}})
    assert counted(village).sums.ok
    line = AuditLog.get(AuditLog.action == "修改计票汇总")
    assert "无效票数 0→1" in line.summary and "王建国 优秀 21→20" in line.summary


def test_a_tally_entered_once_counts_with_single_entry_counting(village, people):
    b.set_counting_rules(village.id, YEAR, b.CountingRules(single_entry=True))
    b.enter_tally(village.id, YEAR, "党员", 2, 10, 0, {people["li"].id: {"合格": 10}})
    result = counted(village)
    assert result.sums.ok and result.member_counts(people["li"].id)["合格"] == 10


def test_tally_refusals(village, people):
    m = ids(people)
    cases = [
        (("党员", 1, 10, 11, {}), "无效票数（11）不能多于收回票数（10）"),
        (("党员", 1, -1, 0, {}), "收回票数不能是负数"),
        (("党员", 1, 10, 2, {m["wang"]: {"优秀": 5, "合格": 4}}), "王建国的等次票数合计 9 张，多于有效票 8 张"),
        (("党员", 1, 10, 0, {m["wang"]: {"良好": 5}}), "等次应为"),
        (("党员", 1, 10, 0, {people["late"].id: {"优秀": 1}}), "不在本年度的测评名单上"),
        (("村民", 1, 10, 0, {}), "评议人类别应为党员或群众代表"),
        (("党员", 3, 10, 0, {}), "录入次应为 1 或 2"),
        (("党员", 1, 10, 0, {m["wang"]: {"优秀": -2}}), "不能是负数"),
    ]
    for args, expected in cases:
        with pytest.raises(ValidationError) as caught:
            b.enter_tally(village.id, YEAR, *args)
        assert any(expected in text for text in messages(caught.value)), (expected, messages(caught.value))
    assert nothing_written()
    b.enter_tally(village.id, YEAR, "党员", 1, 10, 0, {})
    with pytest.raises(ValidationError, match="党员的计票汇总第 1 次已录入"):
        b.enter_tally(village.id, YEAR, "党员", 1, 10, 0, {})
    with pytest.raises(ValidationError, match="党员的计票汇总第 2 次还没有录入"):
        b.replace_tally(village.id, YEAR, "党员", 2, 10, 0, {})


def test_ballots_and_a_tally_of_one_rater_kind_do_not_mix(village, people):
    enter(village, 1, 1, {}, kind="党员")
    with pytest.raises(ValidationError, match="已逐张录入了党员的测评票，不能再录入党员的计票汇总"):
        b.enter_tally(village.id, YEAR, "党员", 1, 10, 0, {})
    b.enter_tally(village.id, YEAR, "群众代表", 1, 10, 0, {})
    with pytest.raises(ValidationError, match="群众代表的测评票已按计票汇总"):
        enter(village, 2, 1, {}, kind="群众代表")


def test_a_tally_stays_within_the_ballots_issued(village, people):
    b.set_meeting_figures(village.id, YEAR, 20, None, None)
    enter(village, 1, 1, {}, kind="党员")
    with pytest.raises(ValidationError, match="收回的票将达到 21 张，多于发出的 20 张"):
        b.enter_tally(village.id, YEAR, "群众代表", 1, 20, 0, {})
    b.enter_tally(village.id, YEAR, "群众代表", 1, 19, 0, {})
    b.enter_tally(village.id, YEAR, "群众代表", 2, 19, 0, {})


def test_tallies_are_deleted(village, people):
    b.enter_tally(village.id, YEAR, "党员", 1, 10, 0, {people["wang"].id: {"优秀": 10}})
    b.enter_tally(village.id, YEAR, "党员", 2, 10, 0, {people["wang"].id: {"优秀": 10}})
    assert b.delete_tally(village.id, YEAR, "党员", 1) == 1
    assert b.tally_state(appraisal_for(village.id, YEAR).id, "党员").entered == (2,)
    assert b.delete_tally(village.id, YEAR, "党员") == 1
    assert TallySheet.select().count() == 0 and TallyRow.select().count() == 0
    with pytest.raises(NotFoundError):
        b.delete_tally(village.id, YEAR, "党员")


def test_sum_checks_flag_a_member_graded_more_often_than_there_are_valid_ballots(village, people):
    m = ids(people)
    b.enter_tally(village.id, YEAR, "党员", 1, 5, 0, {m["wang"]: {"优秀": 5}})
    b.enter_tally(village.id, YEAR, "党员", 2, 5, 0, {m["wang"]: {"优秀": 5}})
    assert counted(village).sums.ok
    # A later change of the sheet's figures made past the checks (another program, an old file):
    TallySheet.update(returned=4).execute()
    problems = counted(village).sums.problems
    assert any("有党员的等次票数（5）多于有效票数（4）" in p for p in problems)


# --- sealed ---------------------------------------------------------------------

def test_a_sealed_appraisal_refuses_every_write(village, people):
    m = ids(people)
    twice(village, 1, {m["wang"]: "优秀"})
    enter(village, 2, 1, {m["wang"]: "优秀"})
    enter(village, 2, 2, {m["wang"]: "合格"})
    b.enter_tally(village.id, YEAR, "群众代表", 1, 3, 0, {})
    seal(village)
    before = (Ballot.select().count(), BallotGrade.select().count(), TallySheet.select().count(),
              Appraisal.get().rules, Appraisal.get().ballots_issued)
    writes = [
        lambda: enter(village, 3, 1, {}),
        lambda: b.replace_entry(village.id, YEAR, 1, 1, "党员", {}),
        lambda: b.delete_entry(village.id, YEAR, 1),
        lambda: b.settle(village.id, YEAR, 2, {m["wang"]: "优秀"}),
        lambda: b.set_meeting_figures(village.id, YEAR, 50, None, None),
        lambda: b.set_counting_rules(village.id, YEAR, b.CountingRules(single_entry=True)),
        lambda: b.enter_tally(village.id, YEAR, "群众代表", 2, 3, 0, {}),
        lambda: b.replace_tally(village.id, YEAR, "群众代表", 1, 4, 0, {}),
        lambda: b.delete_tally(village.id, YEAR, "群众代表"),
    ]
    for write in writes:
        with pytest.raises(ValidationError, match="已于 2026-12-28 10:30 封存"):
            write()
    assert before == (Ballot.select().count(), BallotGrade.select().count(), TallySheet.select().count(),
                      Appraisal.get().rules, Appraisal.get().ballots_issued)
    assert b.ballot_state(village.id, YEAR).sealed


# --- what the entry window reads ------------------------------------------------

def test_the_next_serial_skips_those_entered(village, people):
    assert b.next_serial(set()) == 1
    assert b.next_serial({1, 2, 3}) == 4
    assert b.next_serial({1, 2, 4}, after=2) == 3
    assert b.next_serial({1, 3, 4, 5}, after=3, issued=5) == 2  # past the ballots issued: the first gap
    assert b.next_serial({1, 2}, after=2, issued=2) == 3  # no gap: past the end (the save says why not)


def test_the_ballot_state_reads_everything_the_window_shows(village, people):
    empty = b.ballot_state(village.id, YEAR)
    assert empty.appraisal_id is None and empty.count.sums.returned == 0 and len(empty.members) == 5
    assert empty.tallies["党员"].status == b.TALLY_NONE and appraisal_for(village.id, YEAR) is None
    b.set_meeting_figures(village.id, YEAR, 10, 12, 11)
    twice(village, 1, {people["wang"].id: "优秀"})
    enter(village, 2, 1, {})
    state = b.ballot_state(village.id, YEAR)
    assert (state.issued, state.expected, state.present) == (10, 12, 11)
    assert state.taken(1) == {1, 2} and state.taken(2) == {1}
    assert state.next_serial(1) == 3 and state.next_serial(2) == 2
    assert state.count.singles == [2] and state.count.sums.returned == 2


def test_ballot_rows_are_audited_by_the_database(village, people):
    enter(village, 1, 1, {people["wang"].id: "优秀"})
    objects = [c.object for c in ChangeLog.select().where(ChangeLog.table.in_(("ballot", "ballot_grade")))]
    assert any("第1号（第1次录入）" in o for o in objects) and any("王建国" in o for o in objects)
