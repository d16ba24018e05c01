"""党员联户月走访登记表: the paper month sheet, laid out like the screen the clerk types it into."""

import datetime

import pytest

from lianhu_desktop.domain import printing, visit_sheet
from lianhu_desktop.domain.visits import VisitData, save_visit
from lianhu_desktop.domain.vocab import duties_to_mask
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.reports import catalog, text, visitsheet
from lianhu_desktop.store.models import Link
from tests.unit import printdata
from tests.unit.diaryfixtures import diary_village
from tests.unit.linkfixtures import household

OCTOBER = datetime.date(2025, 10, 1)  # 31 days, begins on a Wednesday


@pytest.fixture
def diary(village):
    m, linked, stranger, other = diary_village(village)
    save_visit(VisitData(member_id=m.id, household_id=linked[1].id, date=datetime.date(2025, 10, 7),
                         form="电话联系", duties=duties_to_mask(["宣传政策", "应急救援"])))
    save_visit(VisitData(member_id=m.id, household_id=stranger.id, date=datetime.date(2025, 10, 9),
                         outside_links=True))
    return m, linked, stranger, other


def test_the_sheet_has_the_screens_rows_and_a_column_per_day(village, diary, tmp_path):
    m, linked, stranger, _ = diary
    sheets = visit_sheet.paper_sheets(village.id, OCTOBER)
    assert [s.member_id for s in sheets] == [m.id]  # 李秀英 links nobody: no sheet
    screen = visit_sheet.month_sheet(m.id, 2025, 10)
    assert [h.id for h in sheets[0].households] == [h.id for h in screen.households] == [
        *(h.id for h in linked), stranger.id]
    recorder = printdata.BoxRecorder()
    out = tmp_path / "sheet.pdf"
    with text.observe(recorder):
        assert visitsheet.build(sheets, out) == 1
    assert recorder.outside == []
    drawn = recorder.lines
    assert [str(d) for d in range(1, 32)] == [line for line in drawn if line.isdigit() and 1 <= int(line) <= 31][:31]
    assert drawn[drawn.index("1") + 1] == "三"  # the weekday under the day
    assert "户主1（1号） · 一组" in drawn and "赵大海（9号） · 一组（联户以外）" in drawn
    assert "电" in drawn and "1 8" in drawn  # the recorded call, its duties by number
    assert any(line.startswith("走访形式") and "入 入户走访" in line for line in drawn)
    assert any(line.startswith("履行职责") and "8 应急救援" in line for line in drawn)
    content = printdata.pdf_text(out)
    assert "党员联户月走访登记表" in content and "2025年10月" in content and "王建国" in content
    printdata.assert_font_embedded(out)


def test_a_member_with_many_households_goes_on_to_a_second_page(village, diary, tmp_path):
    m, _linked, _, _ = diary
    for door in range(20, 20 + visitsheet.ROWS_PER_PAGE):
        Link.create(member=m, household=household(village, door), start_date=datetime.date(2025, 1, 1))
    sheets = visit_sheet.paper_sheets(village.id, OCTOBER, m.id)
    assert len(sheets[0].households) == visitsheet.ROWS_PER_PAGE + 4
    out = tmp_path / "long.pdf"
    assert visitsheet.build(sheets, out) == visitsheet.page_count(sheets) == 2 == printdata.page_count(out)
    assert "2025年10月（续）" in printdata.pdf_text(out)


def test_the_catalog_prints_it_for_a_month_and_a_member(village, diary, tmp_path):
    m, _, _, other = diary
    scope = printing.resolve_scope(member="王建国", month=OCTOBER)
    result = catalog.print_document("visitsheet", scope, tmp_path / "a.pdf")
    assert (result.items, result.pages) == (1, 1)
    with pytest.raises(NotFoundError, match="没有联户的党员"):
        catalog.print_document("visitsheet", printing.resolve_scope(member="李秀英", month=OCTOBER),
                               tmp_path / "b.pdf")
    with pytest.raises(ValidationError, match="不能按月份打印"):
        catalog.print_document("card", printing.resolve_scope(month=OCTOBER), tmp_path / "c.pdf")
    # Next month's blank sheets can be printed ahead.
    following = (datetime.date.today().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    result = catalog.print_document("visitsheet", printing.resolve_scope(month=following), tmp_path / "d.pdf")
    assert result.items == 1 and not tmp_path.joinpath("b.pdf").exists()
