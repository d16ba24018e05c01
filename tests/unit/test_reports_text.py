"""Text helpers: whatever the text, what is drawn stays inside its box."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianhu_desktop.reports import text

LONG = ("欧阳司马", "爱新觉罗·启星", "城关镇李家庄村第十二村民小组东大街幸福巷一百二十三号",
        "宣传政策　民意收集　隐患排查　化解矛盾　卫生监督　促进增收　文明引导　应急救援　政策咨询　法律援助",
        "0371-66668888", "13900000000", "")
BOXES = ((40.0, 12.0), (120.0, 30.0), (300.0, 60.0), (15.0, 8.0))


def _inside(line, width, height):
    drawn = text.unit_width(line.text) * line.size
    return (line.dx >= -0.01 and line.dx + drawn <= width + 0.01
            and line.dy - text.DESCENT * line.size >= -0.01
            and line.dy + text.ASCENT * line.size <= height + 0.01)


@pytest.mark.parametrize("value", LONG)
@pytest.mark.parametrize("width,height", BOXES)
@pytest.mark.parametrize("align", ("left", "center", "right"))
def test_fit_line_and_field_stay_in_the_box(value, width, height, align):
    line = text.fit_line(value, width, height, 40.0, align)
    assert _inside(line, width, height)
    assert line.size <= 40.0
    for part in text.fit_field(value, width, height, 40.0, 20.0, align):
        assert _inside(part, width, height)


def test_a_short_name_keeps_its_full_size():
    assert text.fit_line("张伟", 200, 50, 30).size == 30


def test_a_long_value_takes_two_lines_rather_than_shrinking_away():
    lines = text.fit_field("东大街幸福巷一百二十三号附二号楼", 110, 40, 20, 14)
    assert len(lines) == 2
    assert "".join(line.text for line in lines) == "东大街幸福巷一百二十三号附二号楼"


@pytest.mark.parametrize("value", LONG)
@pytest.mark.parametrize("width,height", BOXES)
def test_fit_block_lines_fit_width_and_height(value, width, height):
    block = text.fit_block(value, width, height, 24.0, 6.0)
    for line in block.lines:
        assert text.unit_width(line) * block.size <= width + 0.01
    needed = (len(block.lines) - 1) * block.leading + text.EXTENT * block.size
    assert needed <= height + 0.01
    assert "".join(block.lines).replace(" ", "").replace("　", "") == value.replace(" ", "").replace("　", "")


def test_words_mode_never_breaks_inside_an_item():
    items = "　".join(("宣传政策", "民意收集", "隐患排查", "化解矛盾", "卫生监督", "促进增收"))
    for line in text.wrap(items, 100, 10, words=True):
        for word in line.split("　"):
            assert word in items.split("　")


def test_no_line_starts_with_a_closing_mark():
    lines = text.wrap("有事没事常去转转，家有病人过去看看，家有纠纷出面劝劝。", 95, 10)
    assert len(lines) > 1
    assert not any(line[0] in "，。、" for line in lines)


def test_digits_stay_together():
    lines = text.wrap("监督电话13900001111请拨打", 80, 10)
    assert any("13900001111" in line for line in lines)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="王李欧阳司马·，。（）ab12 　-", min_size=0, max_size=60),
       st.floats(10, 400), st.floats(8, 120), st.floats(4, 60))
def test_any_text_fits_any_box(value, width, height, size):
    block = text.fit_block(value, width, height, size, 0.0)
    for line in block.lines:
        assert text.unit_width(line) * block.size <= width + 0.01
    assert _inside(text.fit_line(value, width, height, size), width, height)
