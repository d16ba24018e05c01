"""The 100-point appraisal: automatic items against hand counts, manual scores, grades, ranks, schemes."""

from collections import defaultdict
from dataclasses import replace

import pytest

from lianhu_desktop.domain import appraisal, compliance, schemes
from lianhu_desktop.domain.schemes import ItemDraft
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import Appraisal, AuditLog, ChangeLog, Item, Member, Scheme, Score
from tests.unit import appraisalvillage as fx
from tests.unit.appraisalvillage import TODAY, YEAR


@pytest.fixture
def people(village):
    return fx.full_year(village)


def member_of(results, name):
    return next(m for m in results.members if m.name == name)


def item_of(member, name):
    return next(i for i in member.items if i.name == name)


def by_rule(member, rule):
    return next(i for i in member.items if i.rule == rule)


def results(village):
    return appraisal.results(village.id, YEAR, today=TODAY)


# --------------------------------------------------------------------------- automatic items


def test_visits_count_the_household_months_by_hand(village):
    people = fx.small_year(village)
    wang = member_of(results(village), "王建国")
    visits = by_rule(wang, "visits")
    assert visits.max_tenths == 250
    # 22 of 38 household-months: 25 × 22/38 = 14.47 → 14.5
    assert visits.tenths == 145
    assert visits.computation == "走访 22/38 户·月 = 57.9% × 25 分 = 14.5 分"
    assert wang.households == 4 and wang.visits == 12 + 1 + 6 + 3 + 3
    figures = compliance.member_year(YEAR, village.id, TODAY)[people["wang"].id]
    assert (figures.visited, figures.expected) == fx.VISIT_CELLS


def test_visits_agree_with_the_year_matrix(village):
    fx.small_year(village)
    matrix = compliance.year_matrix(village.id, YEAR, TODAY)
    counted = defaultdict(lambda: [0, 0])
    for row in matrix.rows:
        for state in row.states:
            counted[row.member_id][0] += state == compliance.VISITED
            counted[row.member_id][1] += state in (compliance.VISITED, compliance.MISSING)
    figures = compliance.member_year(YEAR, village.id, TODAY)
    assert {mid: [f.visited, f.expected] for mid, f in figures.items()} == dict(counted)


def test_a_year_gone_by_counts_every_linked_month(village):
    people = fx.small_year(village)
    figures = compliance.member_year(YEAR, village.id, fx.D(YEAR + 1, 2, 1))[people["wang"].id]
    # December of 2号 and of 4号 now count (not visited): 38 + 2.
    assert (figures.visited, figures.expected) == (22, 40)


def test_requests_on_time_and_fed_back_are_averaged(village, people):
    wang = member_of(results(village), "王建国")
    requests = by_rule(wang, "requests")
    assert requests.tenths == 50
    assert requests.computation == "诉求 4 件：按期办结 2 件、已反馈 2 件，(2+2)/8 = 50.0% × 10 分 = 5.0 分"
    assert wang.requests == 5  # raised in the year, the one not due yet included


def test_commitments_kept_share_and_none_is_nothing(village, people):
    found = results(village)
    wang, li = member_of(found, "王建国"), member_of(found, "李秀英")
    assert by_rule(wang, "commitments").tenths == 67
    assert by_rule(wang, "commitments").computation == "承诺完成 2/3 项 = 66.7% × 10 分 = 6.7 分"
    assert (wang.commitments_kept, wang.commitments_total) == (2, 3)
    assert by_rule(li, "commitments").tenths == 0
    assert "没有公开承诺" in by_rule(li, "commitments").computation


def test_meetings_attended_leave_excused(village, people):
    wang = member_of(results(village), "王建国")
    meetings = by_rule(wang, "meetings")
    assert meetings.tenths == 100
    assert meetings.computation == "出席 2/3 次（请假 1 次不计） = 66.7% × 15 分 = 10.0 分"
    assert (wang.meetings_attended, wang.meetings_total) == (2, 4)


def test_nothing_expected_gives_full_points(village, people):
    li = member_of(results(village), "李秀英")
    for rule, tenths in (("visits", 250), ("requests", 100), ("meetings", 150)):
        item = by_rule(li, rule)
        assert item.tenths == tenths and "按满分计" in item.computation, rule


def test_ballots_turn_into_points_with_weights(village, people):
    fx.add_ballots(village, people)
    found = results(village)
    wang, li = member_of(found, "王建国"), member_of(found, "李秀英")
    ballots = by_rule(wang, "ballots")
    # 党员 (100+100+80)/3 = 93.3, 群众代表 (80+60)/2 = 70; half each: 81.7% × 10 = 8.2
    assert ballots.tenths == 82
    assert "党员 3 票（优秀 2、合格 1）平均 93.3 分 × 权重 50.0%" in ballots.computation
    assert ballots.computation.endswith("→ 81.7% × 10 分 = 8.2 分")
    assert wang.ballots == {"优秀": 2, "合格": 2, "基本合格": 1, "不合格": 0}
    assert wang.ballots_by_kind["群众代表"]["基本合格"] == 1
    assert by_rule(li, "ballots").tenths == 80
    assert found.ballots.valid == 5 and found.ballots.returned == 5 and found.ballots.ok


def test_configured_weights_and_a_kind_without_ballots_drops_out(village, people):
    fx.add_ballots(village, people)
    row = appraisal.open_appraisal(village.id, YEAR)
    row.rules = '{"kind_weights": {"党员": 0.7, "群众代表": 0.3}, "grade_points": {"基本合格": 50}}'
    row.save()
    # 0.7 × 93.33 + 0.3 × (80 + 50)/2 = 84.83 → 8.5
    assert by_rule(member_of(results(village), "王建国"), "ballots").tenths == 85
    for ballot in row.ballots:
        if ballot.voter_kind == "群众代表":
            ballot.delete_instance(recursive=True)
    item = by_rule(member_of(results(village), "王建国"), "ballots")
    assert item.tenths == 93  # only 党员 ballots: their average alone
    assert "群众代表无计入的票，权重归于其余" in item.computation


def test_no_ballots_leave_the_item_unscored(village, people):
    fx.score_manual(village, people)
    wang = member_of(results(village), "王建国")
    assert by_rule(wang, "ballots").tenths is None and by_rule(wang, "ballots").computation == "尚无计入的测评票"
    assert wang.grade == "" and not wang.complete


def test_a_ballot_entered_differently_twice_is_not_counted(village, people):
    fx.add_ballots(village, people)
    row = appraisal.open_appraisal(village.id, YEAR)
    fx.add_ballot(row, 9, "党员", {people["wang"]: "优秀"}, second={people["wang"]: "不合格"})
    found = results(village)
    assert found.ballots.mismatched == 1 and not found.ballots.ok
    assert member_of(found, "王建国").ballots["优秀"] == 2


# --------------------------------------------------------------------------- totals and grades


def test_totals_grades_and_json_shape(village, people):
    fx.add_ballots(village, people)
    fx.score_manual(village, people)
    found = results(village)
    wang, li = member_of(found, "王建国"), member_of(found, "李秀英")
    # 王: 10.0 + 14.5 + 5.0 + 6.7 + 8.2 + 30 manual = 74.4; 李: 15 + 25 + 10 + 0 + 8 + 30 = 88.0
    assert (wang.total_tenths, wang.grade, wang.rank) == (744, "基本合格", 2)
    assert (li.total_tenths, li.grade, li.rank) == (880, "合格", 1)
    assert [m.name for m in found.members] == ["李秀英", "王建国"]  # rank order within the tier
    assert found.grade_counts == {"优秀": 0, "合格": 1, "基本合格": 1, "不合格": 0}
    data = found.to_json()
    member = next(m for m in data["members"] if m["name"] == "王建国")
    assert {"name", "tier", "items", "total", "grade", "rank", "ballots"} <= set(member)
    assert member["total"] == 74.4 and member["ballots"] == {"优秀": 2, "合格": 2, "基本合格": 1, "不合格": 0}
    assert {"name": "联户走访", "points": 14.5, "max": 25.0}.items() <= next(
        i for i in member["items"] if i["name"] == "联户走访").items()
    assert data["grade_counts"] == {"优秀": 0, "合格": 1, "基本合格": 1, "不合格": 0}
    assert {"issued", "returned", "valid", "invalid", "mismatched"} <= set(data["ballots"])
    assert data["ballots"]["issued"] == 6 and data["ballots"]["valid"] == 5


def test_thresholds_are_validated_and_change_grades(village, people):
    fx.add_ballots(village, people)
    fx.score_manual(village, people)
    assert appraisal.get_thresholds(village.id, YEAR) == {"优秀": 900, "合格": 750, "基本合格": 600, "不合格": 0}
    for bad, words in (({"优秀": 900, "合格": 900, "基本合格": 600}, "应低于优秀"),
                       ({"优秀": 1010, "合格": 750, "基本合格": 600}, "0–100"),
                       ({"优秀": 900, "合格": 750}, "基本合格的分数线"),
                       ({"优秀": 900, "合格": 500, "基本合格": 600}, "应低于合格")):
        with pytest.raises(ValidationError, match=words):
            appraisal.set_thresholds(village.id, YEAR, bad)
    assert appraisal.get_thresholds(village.id, YEAR)["优秀"] == 900
    appraisal.set_thresholds(village.id, YEAR, {"优秀": 850, "合格": 700, "基本合格": 600})
    found = results(village)
    assert member_of(found, "李秀英").grade == "优秀" and member_of(found, "王建国").grade == "合格"
    assert AuditLog.select().where(AuditLog.action == "设置等次分数线").count() == 1


def test_equal_totals_share_a_rank_and_the_next_skips(village):
    names = ["甲", "乙", "丙", "丁", "戊"]
    people = [fx.member(village, name, tier="老病残党员") for name in names]
    drafts = [ItemDraft("表现", 1000)]
    appraisal.save_scheme(village.id, YEAR, "老病残党员", drafts)
    for who, points in zip(people, (90, 80, 80, 70, 50)):
        appraisal.set_score(village.id, YEAR, who.id, "表现", points, "" if points == 100 else "评议")
    found = [m for m in results(village).members if m.tier == "老病残党员"]
    assert [(m.name, m.rank, m.grade) for m in found] == [
        ("甲", 1, "优秀"), ("丙", 2, "合格"), ("乙", 2, "合格"), ("丁", 4, "基本合格"), ("戊", 5, "不合格")]


# --------------------------------------------------------------------------- manual scores


@pytest.mark.parametrize("points, reason, words", [
    ("10.5", "", "0–10 分之间"),
    ("-1", "理由", "0–10 分之间"),
    ("8.25", "理由", "最多一位小数"),
    ("八分", "理由", "不是数字"),
    ("8", "", "请填写扣分理由"),
])
def test_bad_manual_scores_are_refused_in_chinese(village, people, points, reason, words):
    with pytest.raises(ValidationError, match=words):
        appraisal.set_score(village.id, YEAR, people["wang"].id, "学习教育", points, reason)
    assert Score.select().count() == 0


def test_a_manual_score_freezes_the_scheme_and_is_audited(village, people):
    wang = people["wang"]
    assert Appraisal.select().count() == 0
    appraisal.set_score(village.id, YEAR, wang.id, "学习教育", "10")  # full points need no reason
    row = Appraisal.get()
    assert row.status == "评议中"
    scheme = schemes.scheme_versions(village.id, YEAR, "一般党员")[-1]
    assert scheme.frozen and scheme.village_id == village.id
    appraisal.set_score(village.id, YEAR, wang.id, "学习教育", 8.5, "缺学一次")
    score = Score.get()
    assert (score.tenths, score.note) == (85, "缺学一次")
    lines = [a.summary for a in AuditLog.select().where(AuditLog.action == "考核评分").order_by(AuditLog.id)]
    assert lines == ["王建国“学习教育”10 分", "王建国“学习教育”10 → 8.5 分（理由：缺学一次）"]
    logged = [(c.action, c.field, c.old, c.new) for c in ChangeLog.select().where(ChangeLog.table == "score")]
    assert logged[0][0] == "新增" and ("修改", "得分（0.1分）", "100", "85") in logged
    appraisal.set_score(village.id, YEAR, wang.id, "学习教育", None)
    assert Score.select().count() == 0


def test_automatic_items_unknown_items_and_members_are_refused(village, people):
    wang = people["wang"]
    with pytest.raises(ValidationError, match="自动计分项目"):
        appraisal.set_score(village.id, YEAR, wang.id, "联户走访", 20, "x")
    with pytest.raises(NotFoundError, match="没有“打扫卫生”这一项"):
        appraisal.set_score(village.id, YEAR, wang.id, "打扫卫生", 5, "x")
    gone = fx.member(village, "张三", archived=True, archived_on=fx.D(YEAR - 1, 5, 1))
    with pytest.raises(NotFoundError, match="不在 2026 年度考核名单中"):
        appraisal.set_score(village.id, YEAR, gone.id, "学习教育", 5, "x")
    assert appraisal.find_member(village.id, YEAR, "王建国").id == wang.id
    with pytest.raises(NotFoundError):
        appraisal.find_member(village.id, YEAR, "张三")


def test_reading_writes_nothing(village, people):
    found = results(village)
    assert Appraisal.select().count() == 0 and Scheme.select().count() == 0
    assert all(i.item_id == schemes.UNSTORED for m in found.members for i in m.items)
    assert found.status == "准备中" and found.appraisal_id is None


# --------------------------------------------------------------------------- schemes


def test_opening_copies_the_townships_schemes(village, people):
    schemes.install_default_schemes(YEAR)
    township = Scheme.get((Scheme.village.is_null()) & (Scheme.tier == "一般党员"))
    Item.update(max_tenths=150).where((Item.scheme == township) & (Item.name == "学习教育")).execute()
    Item.update(max_tenths=50).where((Item.scheme == township) & (Item.name == "设岗定责履职")).execute()
    appraisal.open_appraisal(village.id, YEAR)
    own = schemes.schemes_in_use(village.id, YEAR)["一般党员"]
    assert own.village_id == village.id and own.usable
    assert item_of_scheme(own, "学习教育").max_tenths == 150
    assert Scheme.select().where(Scheme.village == village).count() == 4
    appraisal.open_appraisal(village.id, YEAR)
    assert Scheme.select().where(Scheme.village == village).count() == 4


def item_of_scheme(scheme, name):
    return next(i for i in scheme.items if i.name == name)


def test_a_scheme_not_totalling_100_cannot_be_used(village, people):
    drafts = schemes.schemes_in_use(village.id, YEAR)["一般党员"].drafts()
    drafts[0] = replace(drafts[0], max_tenths=50)
    appraisal.save_scheme(village.id, YEAR, "一般党员", drafts)
    scheme = schemes.schemes_in_use(village.id, YEAR)["一般党员"]
    assert scheme.total_tenths == 950 and not scheme.usable and scheme.version == 1
    with pytest.raises(ValidationError, match="合计 95 分，不是 100 分"):
        appraisal.set_score(village.id, YEAR, people["wang"].id, "学习教育", 5, "x")
    assert all(m.grade == "" for m in results(village).members)


def test_edits_before_scoring_change_the_scheme_in_place(village, people):
    appraisal.open_appraisal(village.id, YEAR)
    scheme = schemes.schemes_in_use(village.id, YEAR)["一般党员"]
    first = scheme.items[0]
    appraisal.update_item(village.id, YEAR, "一般党员", first.id, name="政治学习", criteria="按时学习")
    appraisal.move_item(village.id, YEAR, "一般党员", first.id, 1)
    added = appraisal.add_item(village.id, YEAR, "一般党员", ItemDraft("志愿服务", 50))
    assert added.total_tenths == 1050 and not added.usable
    last = added.items[-1]
    now = appraisal.remove_item(village.id, YEAR, "一般党员", last.id)
    assert now.version == 1 and now.total_tenths == 1000
    assert [i.name for i in now.items][:2] == ["组织生活", "政治学习"]
    assert now.items[1].id == first.id and now.items[1].criteria == "按时学习"
    assert Scheme.select().where(Scheme.village == village, Scheme.tier == "一般党员").count() == 1
    with pytest.raises(ValidationError, match="两个项目都叫"):
        appraisal.add_item(village.id, YEAR, "一般党员", ItemDraft("政治学习", 10))
    with pytest.raises(ValidationError, match="已用于另一个项目"):
        appraisal.add_item(village.id, YEAR, "一般党员", ItemDraft("走访二", 10, source="自动", rule="visits"))
    lines = AuditLog.select().where(AuditLog.action == "修改考核方案").count()
    assert lines == 4


def test_a_frozen_scheme_changes_into_a_new_version_keeping_scores(village, people):
    wang, li = people["wang"], people["li"]
    appraisal.set_score(village.id, YEAR, wang.id, "学习教育", 8, "缺学一次")
    appraisal.set_score(village.id, YEAR, li.id, "设岗定责履职", 9, "履职一般")
    appraisal.set_score(village.id, YEAR, wang.id, "带头致富、服务群众", 4, "带动不足")
    old = schemes.schemes_in_use(village.id, YEAR)["一般党员"]
    assert old.frozen
    drafts = old.drafts()
    names = [d.name for d in drafts]
    study, post, rich = (names.index(n) for n in ("学习教育", "设岗定责履职", "带头致富、服务群众"))
    drafts[study] = replace(drafts[study], name="理论学习")  # renamed only: its scores carry over
    drafts[post] = replace(drafts[post], max_tenths=50)
    drafts[rich] = replace(drafts[rich], max_tenths=100)
    # Still 100: 10 + 15 + 25 + 10 + 5 + 10 + 10 + 5 + 10
    trial = {row.name: row for row in appraisal.trial(village.id, YEAR, "一般党员", drafts, today=TODAY)}
    assert Scheme.select().where(Scheme.village == village, Scheme.tier == "一般党员").count() == 1
    # Only what loses its score: 带头致富 was scored and changed; 设岗定责履职 changed but 王 had no score on it.
    assert trial["王建国"].rescore == ("带头致富、服务群众",) and trial["李秀英"].rescore == ("设岗定责履职",)
    new = appraisal.save_scheme(village.id, YEAR, "一般党员", drafts)
    assert new.version == 2 and new.frozen and new.usable
    found = member_of(results(village), "王建国")
    assert found.scheme_version == 2
    assert item_of(found, "理论学习").tenths == 80 and item_of(found, "理论学习").note == "缺学一次"
    assert item_of(found, "带头致富、服务群众").tenths is None  # points changed: to be scored again
    assert item_of(member_of(results(village), "李秀英"), "设岗定责履职").tenths is None
    # The old version and its scores stay.
    versions = schemes.scheme_versions(village.id, YEAR, "一般党员")
    assert [v.version for v in versions] == [1, 2]
    assert Score.select().join(Item).where(Item.scheme == versions[0].id).count() == 3
    assert trial["王建国"].after_tenths == found.total_tenths
    line = AuditLog.select().where(AuditLog.action == "修改考核方案").get().summary
    assert "第 2 版" in line and "第 1 版及其评分保留" in line and "“学习教育”改名为“理论学习”" in line
    # A frozen scheme's new version must total 100.
    drafts = new.drafts()[:-1]
    with pytest.raises(ValidationError, match="已开始评分，修改后各项合计须为 100 分"):
        appraisal.save_scheme(village.id, YEAR, "一般党员", drafts)


def test_trial_shows_before_and_after_without_writing(village, people):
    fx.add_ballots(village, people)
    fx.score_manual(village, people)
    scheme = schemes.schemes_in_use(village.id, YEAR)["一般党员"]
    drafts = scheme.drafts()
    # Visits from 25 to 35 points, study from 10 to 0: removed.
    visits = next(i for i, d in enumerate(drafts) if d.rule == "visits")
    drafts[visits] = replace(drafts[visits], max_tenths=350)
    del drafts[next(i for i, d in enumerate(drafts) if d.name == "学习教育")]
    counts = (Score.select().count(), Item.select().count(), ChangeLog.select().count(), AuditLog.select().count())
    rows = {row.name: row for row in appraisal.trial(village.id, YEAR, "一般党员", drafts, today=TODAY)}
    assert counts == (Score.select().count(), Item.select().count(), ChangeLog.select().count(),
                      AuditLog.select().count())
    wang = rows["王建国"]
    # visits 35 × 22/38 = 20.26 → 20.3 instead of 14.5; study's 10 gone: 74.4 - 14.5 + 20.3 - 10 = 70.2
    assert (wang.before_tenths, wang.after_tenths, wang.before_grade, wang.after_grade) == (744, 702, "基本合格",
                                                                                         "基本合格")
    assert rows["李秀英"].after_tenths == 880 + 100 - 100 and rows["李秀英"].rescore == ()
    with pytest.raises(ValidationError, match="请填写项目名称"):
        appraisal.trial(village.id, YEAR, "一般党员", [ItemDraft("", 1000)])


def test_a_member_listed_in_another_tier_is_scored_on_its_scheme(village, people):
    Member.update(tier="党员干部").where(Member.id == people["li"].id).execute()
    li = member_of(results(village), "李秀英")
    assert li.tier == "党员干部" and item_of(li, "政治理论学习").max_tenths == 100


def test_township_results_cover_every_village(village, people):
    from lianhu_desktop.domain.villages import create_village

    other = create_village("王家坡村", grids=1)
    fx.member(other, "赵六")
    found = appraisal.township_results(YEAR, today=TODAY)
    assert [r.village_name for r in found] == ["李家庄村", "王家坡村"]
    assert [m.name for m in found[1].members] == ["赵六"]
    assert found[0].to_json() == results(village).to_json()


def test_township_results_hand_over_each_village_as_it_is_ready(village, people):
    from lianhu_desktop.domain.villages import create_village

    other = create_village("王家坡村", grids=1)
    fx.member(other, "赵六")
    handed = []
    found = appraisal.township_results(YEAR, today=TODAY, each=handed.append)
    assert handed == found and [r.village_name for r in handed] == ["李家庄村", "王家坡村"]
    # The first village, read on its own, is what reading the township together gives.
    together = appraisal.township_results(YEAR, today=TODAY)
    assert [r.to_json() for r in found] == [r.to_json() for r in together]
