"""The appraisal meeting on a projector: keys, blank, Esc, countdown, readable text, live tallies."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar

from lianhu_desktop.domain import slide_layout as geo
from lianhu_desktop.domain import slides
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.gui import operations
from lianhu_desktop.gui.countdown import MINUS, Countdown
from lianhu_desktop.gui.operations import Change
from lianhu_desktop.gui.projector import PresenterWindow, open_presenter
from lianhu_desktop.gui.slide_painter import SlidePainter
from tests.unit.slidefixtures import village_results, with_long_scheme

K = Qt.Key


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def results():
    return village_results()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def presenter(app, qtbot, results, clock):
    source = {"results": results, "reads": 0}

    def loader():
        source["reads"] += 1
        return source["results"]

    window = PresenterWindow(None, loader, clock=clock)
    window.source = source
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(1)  # the presenter's side of the first slide
    return window  # qtbot closes it


@pytest.fixture
def showing(presenter, qtbot):
    presenter.start_show()
    qtbot.waitExposed(presenter.audience)
    return presenter


def pixel(widget, x_share: float, y_share: float):
    image = widget.grab().toImage()
    return image.pixelColor(int(image.width() * x_share), int(image.height() * y_share))


def test_keys_move_through_the_slides(presenter, qtbot, results):
    deck = presenter.deck
    assert len(deck) > 70 and presenter.index == 0
    for key in (K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space):
        qtbot.keyClick(presenter, key)
    assert presenter.index == 4
    for key in (K.Key_PageUp, K.Key_Left, K.Key_Up):
        qtbot.keyClick(presenter, key)
    assert presenter.index == 1
    qtbot.keyClick(presenter, K.Key_End)
    assert presenter.index == len(deck) - 1 and presenter.current_slide().kind == "end"
    qtbot.keyClick(presenter, K.Key_PageDown)  # past the end: stays
    assert presenter.index == len(deck) - 1
    qtbot.keyClick(presenter, K.Key_Home)
    assert presenter.index == 0 and presenter.current_slide().kind == "opening"
    qtbot.keyClick(presenter, K.Key_PageUp)
    assert presenter.index == 0
    # The presenter's side follows: list, thumbnails, notes.
    presenter.go(5)
    qtbot.waitUntil(lambda: presenter.slide_list.currentRow() == 5)
    assert presenter.current_view.index == 5 and presenter.next_view.index == 6
    assert presenter.notes.toPlainText() == deck.slides[5].notes
    assert deck.slides[5].heading in presenter.position.text()
    # Clicking a line of the slide list jumps there.
    presenter.slide_list.setCurrentRow(40)
    assert presenter.index == 40


def test_the_audience_window_takes_the_same_keys(showing, qtbot):
    audience = showing.audience
    assert audience.isVisible() and audience.isFullScreen()
    assert audience.windowFlags() & Qt.WindowType.FramelessWindowHint
    qtbot.keyClick(audience, K.Key_PageDown)
    qtbot.keyClick(audience, K.Key_Right)
    assert showing.index == 2
    qtbot.keyClick(audience, K.Key_End)
    assert showing.index == len(showing.deck) - 1
    qtbot.keyClick(audience, K.Key_Home)
    assert showing.index == 0


def test_b_blanks_the_screen_and_esc_ends_the_show(showing, qtbot):
    audience = showing.audience
    showing.go(3)
    assert pixel(audience, 0.5, 0.5).lightness() > 200  # a white slide
    qtbot.keyClick(audience, K.Key_B)
    assert showing.blank and audience.blank and showing.blank_button.isChecked()
    assert pixel(audience, 0.5, 0.5).name() == "#000000"
    assert pixel(audience, 0.1, 0.05).name() == "#000000"
    qtbot.keyClick(showing, K.Key_Period)  # a clicker's blank button, on the presenter window
    assert not audience.blank and pixel(audience, 0.5, 0.5).lightness() > 200
    qtbot.keyClick(audience, K.Key_Escape)
    assert not audience.isVisible() and showing.isVisible() and not showing.showing
    assert showing.start_button.text().startswith("开始放映")
    qtbot.keyClick(showing, K.Key_Escape)  # nothing left to end: the presenter stays
    assert showing.isVisible()
    qtbot.keyClick(showing, K.Key_F5)
    assert showing.showing and showing.index == 3


def test_a_slide_change_is_a_blit_of_a_slide_drawn_before(showing, qtbot):
    showing.go(10)
    qtbot.waitUntil(lambda: showing.cache.has(showing.deck, 11, showing.audience.size(),
                                               showing.audience.devicePixelRatioF()))
    drawn = showing.cache.drawn
    qtbot.keyClick(showing.audience, K.Key_PageDown)
    assert showing.cache.drawn == drawn  # nothing drawn for the change itself
    assert showing.audience.pixmap.size() == showing.audience.size()
    qtbot.waitUntil(lambda: showing.cache.drawn == drawn + 1)  # the one after it, ahead of time


def test_countdown_counts_whole_seconds_into_overtime(clock):
    countdown = Countdown(180, warning=60, clock=clock)
    assert (countdown.text(), countdown.state(), countdown.active) == ("03:00", "normal", False)
    countdown.start()
    clock.now += 0.5
    assert countdown.text() == "03:00"
    clock.now += 0.5
    assert countdown.text() == "02:59" and countdown.state() == "normal"
    clock.now += 119
    assert (countdown.text(), countdown.state()) == ("01:00", "warning")
    clock.now += 50
    assert (countdown.text(), countdown.state()) == ("00:10", "final")
    countdown.pause()
    clock.now += 30
    assert countdown.text() == "00:10" and countdown.active and not countdown.running
    countdown.start()
    clock.now += 10
    assert (countdown.text(), countdown.state()) == ("00:00", "final")
    clock.now += 1
    assert (countdown.text(), countdown.state()) == (f"{MINUS}00:01", "overtime")
    clock.now += 64
    assert countdown.text() == f"{MINUS}01:05"
    countdown.reset()
    assert (countdown.text(), countdown.active, countdown.running) == ("03:00", False, False)
    countdown.warning = 120
    countdown.start()
    clock.now += 61
    assert countdown.state() == "warning"  # the warning time is the presenter's choice


def test_countdown_on_the_audience_window(showing, qtbot, clock):
    audience = showing.audience
    showing.go(2)
    panel = showing.countdown_panel
    panel.minutes.setValue(2)
    assert audience.countdown is None  # not started: not shown
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert audience.countdown == ("02:00", "normal") and panel.run_button.text() == "暂停计时"
    box = pixel(audience, 0.95, 0.96)
    assert box.name() == "#0b3d91"  # the countdown's box at the right of the footer
    clock.now += 75
    panel.refresh()
    assert audience.countdown == ("00:45", "warning")
    assert pixel(audience, 0.95, 0.96).name() == "#ffc107"
    clock.now += 40
    panel.refresh()
    assert audience.countdown == ("00:05", "final")
    clock.now += 70
    panel.refresh()
    assert audience.countdown == (f"{MINUS}01:05", "overtime")
    assert pixel(audience, 0.95, 0.96).name() == "#d00000"
    assert panel.clock_label.text() == f"{MINUS}01:05"
    assert panel.tick.isActive()
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert panel.run_button.text() == "继续计时" and not panel.tick.isActive()
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert audience.countdown is None and panel.clock_label.text() == "02:00"
    panel.warning.setValue(90)
    assert showing.countdown.warning == 90


def test_a_countdown_started_before_the_show_is_on_the_projector_at_once(presenter, qtbot, clock):
    presenter.countdown_panel.toggle()
    clock.now += 10
    presenter.start_show()
    qtbot.waitExposed(presenter.audience)
    assert presenter.audience.countdown == ("02:50", "normal")
    presenter.toggle_blank()  # blank: black, the discussion time still shown
    assert pixel(presenter.audience, 0.5, 0.5).name() == "#000000"
    assert pixel(presenter.audience, 0.95, 0.96).name() == "#0b3d91"


def test_the_audience_window_never_scrolls(showing, results):
    audience = showing.audience
    assert not audience.findChildren(QAbstractScrollArea) and not audience.findChildren(QScrollBar)
    painter = SlidePainter()
    size = audience.size()
    for data in (results, with_long_scheme(results, 2, items=24)):
        deck = slides.build_deck(data, geo.canvas(size.width(), size.height()))
        for number, slide in enumerate(deck.slides, 1):
            painter.image(slide, number, len(deck), size.width(), size.height(), countdown=("−01:05", "overtime"))
    assert painter.overflows == []


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 768)])
def test_text_is_big_enough_and_scales_in_proportion(app, results, size):
    width, height = size
    scale = geo.canvas(width, height).scale
    painter = SlidePainter(record=True)
    deck = slides.build_deck(with_long_scheme(results, 1, items=20), geo.canvas(width, height))
    seen = set()
    for number, slide in enumerate(deck.slides, 1):
        if slide.kind == "member" and slide.key in seen and slide.part == 1:
            continue  # one of each kind is enough, and the long member
        seen.add(slide.key)
        painter.image(slide, number, len(deck), width, height, countdown=("02:00", "normal"))
    drawn = painter.drawn
    assert {d.role for d in drawn} == {"heading", "figure", "body", "small"}
    assert all(d.pixels == max(1, round(d.design_px * scale)) for d in drawn)
    if size == (1920, 1080):
        assert min(d.pixels for d in drawn) >= 28
        assert min(d.pixels for d in drawn if d.role == "heading") >= 48
    else:
        assert min(d.pixels for d in drawn) == round(geo.SMALL_PX * 1024 / 1920)
        assert min(d.pixels for d in drawn if d.role == "heading") == round(geo.HEADING_PX * 1024 / 1920)
    assert painter.overflows == []


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours."""
    def luminance(colour):
        channels = [c / 255 for c in (colour.red(), colour.green(), colour.blue())]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_slides_are_high_contrast(app, results):
    from lianhu_desktop.gui import slide_parts as sp

    # Every pair of text and ground the slides use.
    pairs = [(sp.INK, sp.PAPER), (sp.INK, sp.ZEBRA), (sp.INK, sp.TILE), (sp.INK, sp.FOOT), (sp.MUTED, sp.TILE),
             (sp.MUTED, sp.PAPER), (sp.PAPER, sp.RED), (sp.PAPER, sp.BLUE), (sp.BLUE, sp.GROUP), (sp.RED, sp.PAPER),
             *((sp.PAPER, colour) for colour in sp.GRADE_COLOURS.values()),
             *((colour, sp.PAPER) for colour in sp.GRADE_COLOURS.values()),
             *((fore, back) for back, fore in sp.COUNTDOWN_COLOURS.values())]
    assert min(contrast(a, b) for a, b in pairs) >= 4.5
    assert contrast(sp.INK, sp.PAPER) >= 15 and contrast(sp.PAPER, sp.RED) >= 7
    painter = SlidePainter()
    deck = slides.build_deck(results)
    member = painter.image(deck.slides[1], 2, len(deck), 1920, 1080)
    assert member.pixelColor(5, 5).name() == "#a3161a"  # the heading band, white text on it
    assert member.pixelColor(1220, 700).name() == "#ffffff"  # between the items and the ballots: white
    opening = painter.image(deck.slides[0], 1, len(deck), 1920, 1080)
    assert opening.pixelColor(960, 60).name() == "#a3161a"


def test_a_change_notice_rebuilds_the_deck_and_keeps_the_slide(presenter, qtbot, results):
    tally = presenter.deck.find(("tally", 1))
    presenter.go(tally)
    before = presenter.current_slide()
    reads = presenter.source["reads"]
    first = sorted(results.members, key=slides._name_order)[0]
    counted = replace(first, ballots={**first.ballots, "优秀": first.ballots["优秀"] + 3})
    sums = replace(results.ballots, returned=results.ballots.returned + 3, valid=results.ballots.valid + 3)
    presenter.source["results"] = replace(
        results, ballots=sums, members=tuple(counted if m is first else m for m in results.members))
    operations.notify({Change.MEETINGS, Change.BALLOTS})
    operations.notify({Change.BALLOTS})  # a burst reads once
    qtbot.waitUntil(lambda: presenter.source["reads"] > reads)
    qtbot.wait(20)
    assert presenter.source["reads"] == reads + 1
    now = presenter.current_slide()
    assert now.ident == before.ident and now != before
    assert {f.label: f.value for f in now.figures}["收回"] == str(sums.returned)
    row = next(r for r in now.table.rows if r.cells[0] == first.name)
    assert row.cells[1] == str(counted.ballots["优秀"])
    # A member's slide stays that member's when a member joins before it.
    member_index = next(i for i, s in enumerate(presenter.deck.slides) if s.kind == "member" and i > 20)
    presenter.go(member_index)
    key = presenter.current_slide().key
    joined = replace(first, member_id=1, uuid="uuid-1", name="艾新")
    presenter.source["results"] = replace(presenter.source["results"],
                                          members=(joined, *presenter.source["results"].members))
    operations.notify({Change.MEMBERS})
    qtbot.waitUntil(lambda: len(presenter.deck) == len(slides.build_deck(presenter.source["results"],
                                                                         presenter.deck.canvas)))
    assert presenter.current_slide().key == key and presenter.index == member_index + 1
    # Changes the slides do not show read nothing.
    reads = presenter.source["reads"]
    operations.notify({Change.PRINT_MARKS})
    qtbot.wait(RELOAD_WAIT)
    assert presenter.source["reads"] == reads


RELOAD_WAIT = 400


def test_open_presenter_reads_the_years_results(app, qtbot, monkeypatch, results):
    asked = []
    monkeypatch.setattr(slides, "appraisal_results", lambda village_id, year: asked.append((village_id, year))
                        or results)
    window = open_presenter(None, 1, 2025)
    qtbot.addWidget(window)
    assert asked == [(1, 2025)] and window.isVisible()
    assert window.windowTitle() == "2025 年度民主评议大会放映"
    assert window.deck.slides[0].kind == "opening"
    screens = window.findChild(type(window.screens), "screenPicker")
    assert screens.count() >= 1 and "×" in screens.itemText(0)


def test_results_that_cannot_be_read_are_said_in_chinese(app, qtbot, shown_errors):
    def refuse():
        raise ValidationError("2025 年度还没有考核方案")

    window = PresenterWindow(None, refuse)
    qtbot.addWidget(window)
    assert shown_errors == [("warning", "无法读取评议结果", "2025 年度还没有考核方案")]
    assert len(window.deck) == 0
    window.next()
    window.start_show()
    assert window.audience.pixmap is None  # a black screen, no crash


TWO_SCREENS = """
import sys
from lianhu_desktop.gui.app import make_application
app = make_application(["t"])
from tests.unit.slidefixtures import village_results
from lianhu_desktop.gui.projector import PresenterWindow
results = village_results()
window = PresenterWindow(None, lambda: results)
window.show()
app.processEvents()
window.start_show()
app.processEvents()
print(window.chosen_screen().name(), window.audience.geometry().getRect(), window.deck.canvas.height,
      window.screen().name())
"""


def test_the_projector_is_preselected_when_a_second_screen_is_attached(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text('{"screens":[{"name":"laptop","x":0,"y":0,"width":1366,"height":768,"dpr":1},'
                      '{"name":"projector","x":1366,"y":0,"width":1024,"height":768,"dpr":1}]}')
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run([sys.executable, "-c", TWO_SCREENS], capture_output=True, text=True, env=env,
                          cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))), timeout=120)
    assert done.returncode == 0, done.stderr
    # The audience full screen on the 4:3 projector, the deck laid out for it, the presenter on the laptop.
    assert done.stdout.split() == ["projector", "(1366,", "0,", "1024,", "768)", "1440", "laptop"]
