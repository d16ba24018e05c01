"""Sealing the year's results: refused while incomplete, final afterwards, tampering detected."""

import re

import pytest

from lianhu_desktop.domain import appraisal, appraisal_seal
from lianhu_desktop.domain.schemes import ItemDraft
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import Appraisal, AuditLog, Member, Score, Visit
from tests import pgserver
from tests.unit import appraisalvillage as fx
from tests.unit.appraisalvillage import TODAY, YEAR


@pytest.fixture
def people(village):
    return fx.full_year(village)


@pytest.fixture
def ready(village, people):
    """Everything scored and the ballots counted: the year can be sealed."""
    fx.add_ballots(village, people)
    fx.score_manual(village, people)
    return people


def totals(village):
    found = appraisal.results(village.id, YEAR, today=TODAY)
    return [(m.name, m.total_tenths, m.grade, m.rank, tuple(i.tenths for i in m.items)) for m in found.members]


def test_sealing_is_refused_with_the_reasons(village, people):
    with pytest.raises(ValidationError, match="还没有开始"):
        appraisal_seal.seal(village.id, YEAR, TODAY)
    fx.add_ballots(village, people)
    row = appraisal.open_appraisal(village.id, YEAR)
    fx.add_ballot(row, 9, "党员", {people["wang"]: "优秀"}, second={people["wang"]: "合格"})
    problems = appraisal_seal.seal_problems(village.id, YEAR, TODAY)
    assert "王建国（一般党员）：学习教育、设岗定责履职、带头致富、服务群众、遵纪守法、文明新风尚未评分" in problems
    assert any(p.startswith("测评票：") and "未核对一致" in p for p in problems)
    stored = Score.select().count()
    with pytest.raises(ValidationError) as refused:
        appraisal_seal.seal(village.id, YEAR, TODAY)
    assert str(refused.value).startswith("不能封存：") and "尚未评分" in str(refused.value)
    assert Score.select().count() == stored and Appraisal.get().sealed_at is None


def test_a_sealed_year_keeps_its_results_and_refuses_changes(village, ready):
    before = totals(village)
    sealed = appraisal_seal.seal(village.id, YEAR, TODAY)
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", sealed.code)
    row = Appraisal.get()
    assert row.status == "已封存" and row.seal == sealed.digest and len(row.seal) == 64
    assert sealed.code == row.seal[:16].upper()[:4] + "-" + row.seal[4:8].upper() + "-" + \
        row.seal[8:12].upper() + "-" + row.seal[12:16].upper()
    # The automatic points are stored with their computation.
    visits = Score.select().join(Score.item.rel_model).where(Score.item.rel_model.rule == "visits",
                                                             Score.member == ready["wang"].id).get()
    assert (visits.tenths, visits.computation) == (145, "走访 22/38 户·月 = 57.9% × 25 分 = 14.5 分")
    assert totals(village) == before
    found = appraisal.results(village.id, YEAR)
    assert found.sealed and found.seal_code == sealed.code and found.status == "已封存"
    assert "封存码 " + sealed.code in AuditLog.select().where(AuditLog.action == "封存民主评议结果").get().summary
    wang = ready["wang"]
    for attempt in (lambda: appraisal.set_score(village.id, YEAR, wang.id, "学习教育", 9, "改分"),
                    lambda: appraisal.set_thresholds(village.id, YEAR, {"优秀": 800, "合格": 700, "基本合格": 600}),
                    lambda: appraisal.add_item(village.id, YEAR, "一般党员", ItemDraft("新增项", 10)),
                    lambda: appraisal_seal.seal(village.id, YEAR, TODAY)):
        with pytest.raises(ValidationError, match="已于 .* 封存，不能再修改"):
            attempt()
    assert totals(village) == before


def test_later_records_and_roster_edits_leave_the_seal_intact(village, ready):
    appraisal_seal.seal(village.id, YEAR, TODAY)
    before = totals(village)
    wang = ready["wang"]
    Visit.create(village=village, member=wang, household=ready["homes"][1], date=fx.D(YEAR, 12, 21))
    Member.update(name="王建国同志", tier="党员干部").where(Member.id == wang.id).execute()
    after = appraisal.results(village.id, YEAR, today=fx.D(YEAR + 1, 1, 5))
    assert [(m.total_tenths, m.grade, m.tier) for m in after.members] == [(t[1], t[2], "一般党员") for t in before]
    assert appraisal_seal.check_seals() == [{"village": "李家庄村", "year": YEAR, "code": after.seal_code,
                                             "sealed_at": str(Appraisal.get().sealed_at)[:19], "valid": True}]


def test_verify_against_the_code_on_paper(village, ready):
    sealed = appraisal_seal.seal(village.id, YEAR, TODAY)
    check = appraisal_seal.verify(village.id, YEAR, sealed.code.lower().replace("-", " "))
    assert check.ok and "一致" in check.message
    wrong = ("0000" if not sealed.code.startswith("0000") else "1111") + sealed.code[4:]
    check = appraisal_seal.verify(village.id, YEAR, wrong)
    assert not check.ok and not check.matches_paper and check.intact and "不符" in check.message
    with pytest.raises(ValidationError, match="16 位"):
        appraisal_seal.verify(village.id, YEAR, "1234-5678")
    with pytest.raises(NotFoundError, match="尚未封存"):
        appraisal_seal.verify(village.id, YEAR - 1, sealed.code)


@pytest.mark.parametrize("statement", [
    "UPDATE score SET tenths = tenths + 1 WHERE id = (SELECT MIN(id) FROM score)",
    "UPDATE score SET note = '改过' WHERE id = (SELECT MIN(id) FROM score)",
    "DELETE FROM score WHERE id = (SELECT MAX(id) FROM score)",
    "UPDATE ballot_grade SET grade = '不合格' WHERE id IN (SELECT MIN(id) FROM ballot_grade GROUP BY ballot_id)",
    "UPDATE item SET max_tenths = max_tenths + 10 WHERE id = (SELECT MIN(id) FROM item WHERE scheme_id IN "
    "(SELECT id FROM scheme WHERE village_id IS NOT NULL))",
    "UPDATE appraisal SET thresholds = '{\"优秀\": 800, \"合格\": 700, \"基本合格\": 600}'",
])
def test_an_edit_of_the_file_by_hand_breaks_the_seal(village, ready, db_target, statement):
    sealed = appraisal_seal.seal(village.id, YEAR, TODAY)
    assert appraisal_seal.check_seals()[0]["valid"]
    pgserver.edit_by_hand(db_target, statement)
    assert appraisal_seal.check_seals()[0]["valid"] is False
    check = appraisal_seal.verify(village.id, YEAR, sealed.code)
    assert check.matches_paper and not check.intact and not check.ok and "被改动过" in check.message
