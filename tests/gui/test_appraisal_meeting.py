"""A whole democratic appraisal meeting on the demo village, as the clerk runs it.

Ballots printed; 40 ballots entered twice from the keyboard in the ballot
window opened from the 百分制考核 tab (one deliberate slip settled against
the paper); the tallies on the projector's audience window follow; the year
is finalised and sealed; the results printed with the seal code; and a
hand edit of the sealed results in the database file makes ``check`` fail.
"""

from __future__ import annotations

import datetime
import json
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from lianhu_desktop.cli import main
from lianhu_desktop.domain import appraisal, appraisal_seal, ballots, demo
from lianhu_desktop.domain.appraisal_types import appraisal_for
from lianhu_desktop.gui import ballot_entry
from lianhu_desktop.gui.ballot_entry import BallotEntryWindow
from lianhu_desktop.gui.projector import PresenterWindow
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Village

YEAR = datetime.date.today().year
BALLOTS = 40
# The ballot's grade keys (1 优秀 … 4 不合格), one pattern per ballot serial.
KEYS = "1121"


def keys_for(serial: int, members: int) -> str:
    """What ballot ``serial`` says: a fixed pattern shifted by the serial, so ballots differ."""
    return "".join(KEYS[(serial + row) % len(KEYS)] for row in range(members))


@pytest.fixture
def demo_db(tmp_path, app):
    path = tmp_path / "meeting.db"
    store_db.open_database(path, create=True)
    demo.generate("village", 1)
    village = Village.select().first()
    # The committee's scores for the manual items, full points (the automatic ones are computed).
    appraisal.open_appraisal(village.id, YEAR)
    results = appraisal.results(village.id, YEAR)
    for member in results.members:
        for item in member.items:
            if item.source == "手工":
                appraisal.set_score(village.id, YEAR, member.member_id, item.item_id, item.max_tenths / 10)
    ballots.set_meeting_figures(village.id, YEAR, BALLOTS + 2, len(results.members), len(results.members) - 3)
    store_db.close_database()
    return path


def test_a_whole_meeting_on_the_demo_village(qtbot, tmp_path, demo_db, make_window, monkeypatch, shown_errors):
    # The ballots, printed before the meeting.
    assert main(["--db", str(demo_db), "print", "ballots", str(tmp_path / "ballots.pdf"), "--year", str(YEAR),
                 "--copies", str(BALLOTS + 2)]) == 0
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(ballot_entry.QMessageBox, "question", staticmethod(lambda *a, **k: yes))
    window = make_window()
    window.set_village(window.village_combo.itemData(1))
    tab = window.show_tab("appraisal")
    tab.activate()
    village_id = window.current_village_id()

    # The projector: presenter opened from the tab, the show started, the live tally on screen.
    tab.open_projector()
    presenter = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PresenterWindow))
    qtbot.waitUntil(lambda: len(presenter.deck) > 0)
    presenter.start_show()
    qtbot.waitExposed(presenter.audience)
    presenter.go(next(i for i, s in enumerate(presenter.deck.slides) if s.kind == "tally"))

    # The ballots, entered twice from the keyboard.
    tab.enter_ballots()
    entry = next(w for w in QApplication.topLevelWidgets() if isinstance(w, BallotEntryWindow) and w.isVisible())
    members = len(entry.state.members)
    assert members == len(appraisal.results(village_id, YEAR).members) > 40
    for second in (False, True):
        entry.entry2.setChecked(second)
        for serial in range(1, BALLOTS + 1):
            assert entry.serial.value() == serial
            typed = keys_for(serial, members)
            if second and serial == 7:
                typed = ("3" if typed[0] != "3" else "4") + typed[1:]  # a slip of the second teller
            for key in typed:
                qtbot.keyClick(entry.grid, key)
            qtbot.keyClick(entry.grid, Qt.Key.Key_Return)
    assert entry.pending.count() == 1 and "第 7 号" in entry.pending.item(0).text()

    # Settled against the paper: the first entry was right.
    paper = {"1": "优秀", "2": "合格", "3": "基本合格", "4": "不合格"}[keys_for(7, members)[0]]

    def settle(dialog):
        assert isinstance(dialog, ballot_entry.SettleDialog) and dialog.table.rowCount() == 1
        dialog.choices[0].setCurrentText(paper)
        return QDialog.DialogCode.Accepted

    entry.exec_dialog = settle
    entry.pending.setCurrentRow(0)
    entry.open_pending(entry.pending.currentItem())
    assert shown_errors == []
    assert [entry.pending.item(i).text() for i in range(entry.pending.count())] == ["（没有待核对的票）"]
    counted = ballots.count(appraisal_for(village_id, YEAR))
    assert counted.sums.valid == BALLOTS and counted.sums.ok and counted.mismatches == []

    # The projector followed: its tally shows the 40 counted ballots of every member.
    qtbot.waitUntil(lambda: all(sum(m.ballots.values()) == BALLOTS for m in presenter.results.members),
                    timeout=5000)
    assert presenter.current_slide().kind == "tally"

    # Finalised and sealed; the results printed with the seal's code.
    sealed = appraisal_seal.seal(village_id, YEAR)
    entry.close()
    presenter.close()
    window.close()
    store_db.close_database()
    out = tmp_path / "results.pdf"
    assert main(["--db", str(demo_db), "print", "appraisal", str(out), "--year", str(YEAR)]) == 0
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert sealed.code in text
    assert main(["--db", str(demo_db), "appraisal", "verify", "--year", str(YEAR), "--code", sealed.code]) == 0

    # A hand edit of the sealed results in the file: check fails and says which.
    with sqlite3.connect(demo_db) as raw:
        raw.execute('UPDATE "score" SET "tenths" = "tenths" - 10 WHERE "id" = (SELECT MIN("id") FROM "score")')
    capsys_out = tmp_path / "check.json"
    code = _run_capturing(["--db", str(demo_db), "check", "--json"], capsys_out)
    report = json.loads(capsys_out.read_text(encoding="utf-8"))
    assert code != 0
    assert [s["valid"] for s in report["appraisal_seals"]] == [False]


def _run_capturing(args: list[str], path) -> int:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(args)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return code
