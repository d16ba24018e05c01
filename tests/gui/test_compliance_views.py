"""走访情况 and 全年矩阵 in the 民情日记 tab, and the contact-point dialog."""

import datetime

from lianhu_desktop.domain import compliance, contact_points
from lianhu_desktop.gui.compliance_view import ComplianceView
from lianhu_desktop.gui.dialogs.contact_points_dialog import ContactPointsDialog
from lianhu_desktop.gui.matrix_view import FIRST_MONTH, MatrixView
from lianhu_desktop.store.models import ChangeLog, Member, Village


def first_village():
    return Village.select().order_by(Village.sort_order, Village.id).first().id


def visits_tab(window, qtbot, view):
    window.ui.tabs.setCurrentWidget(window.tab("visits"))
    tab = window.tab("visits")
    window.village_combo.setCurrentIndex(window.village_combo.findData(first_village()))
    tab.view_bar.setCurrentIndex(view)
    return tab


def test_month_view_shows_the_domains_figures_and_narrows(window, qtbot):
    tab = visits_tab(window, qtbot, 1)
    view: ComplianceView = tab.compliance_view
    qtbot.waitUntil(lambda: view.report is not None)
    expected = compliance.monthly_compliance(datetime.date.today(), first_village())["villages"][0]
    assert view.places_model.rowCount() == len(expected["grids"])
    assert view.members_model.rowCount() == len(expected["members"])
    assert view.missed_model.ids == expected["not_visited"]
    rates = [float(row[5].rstrip("%")) for row in view.members_model.rows]
    assert rates == sorted(rates)  # lowest first
    worst = next(m for m in expected["members"] if m["member_id"] == view.members_model.ids[0])
    view.members.clicked.emit(view.members_model.index(0, 0))
    assert sorted(view.missed_model.ids) == sorted(worst["not_visited"])
    assert view.clear_narrow.isVisibleTo(view)
    view.narrow(None)
    assert view.missed_model.rowCount() == len(expected["not_visited"])
    assert "走访情况" in tab.status_text()


def test_township_month_loads_in_a_worker(window, qtbot):
    tab = visits_tab(window, qtbot, 1)
    view = tab.compliance_view
    window.village_combo.setCurrentIndex(window.village_combo.findData(None))
    qtbot.waitUntil(lambda: view.report is not None and len(view.report["villages"]) == 2, timeout=10000)
    assert view.places_model.headers[0] == "村" and view.places_model.rowCount() == 2
    assert not view.members.isColumnHidden(0)
    assert view.members_model.rows[0][0] in {v["village_name"] for v in view.report["villages"]}
    assert not view.manage_points.isEnabled()


def test_the_township_month_shows_its_first_village_first_and_a_refresh_keeps_the_whole(window, qtbot):
    tab = visits_tab(window, qtbot, 1)
    view = tab.compliance_view
    shown, texts = [], []
    show_report, set_text = view.show_report, view.summary.setText

    def record(result, month, village_id, *, complete=True):
        show_report(result, month, village_id, complete=complete)
        shown.append((len(result[0]["villages"]), complete))

    view.show_report = record
    view.summary.setText = lambda text: (texts.append(text), set_text(text))
    window.village_combo.setCurrentIndex(window.village_combo.findData(None))
    qtbot.waitUntil(lambda: bool(shown) and shown[-1][1], timeout=10000)
    first = Village.get_by_id(first_village()).name
    assert shown == [(1, False), (2, True)]
    assert any(text.startswith(f"正在统计全乡镇的走访情况，先显示{first}：应走访") for text in texts)
    assert view.places_model.rowCount() == 2 and view.summary.text().startswith("应走访")
    shown.clear()
    view.reload()  # a change elsewhere: the township's rows stay until the new ones are in
    assert view.places_model.rowCount() == 2
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == [(2, True)]


def test_matrix_rows_cells_and_filter(window, qtbot):
    tab = visits_tab(window, qtbot, 2)
    view: MatrixView = tab.matrix_view
    qtbot.waitUntil(lambda: view.matrix is not None)
    matrix = compliance.year_matrix(first_village(), datetime.date.today().year)
    assert view.model.rowCount() == len(matrix.rows)
    month = datetime.date.today().month - 1
    for r, row in enumerate(matrix.rows[:20]):
        shown = view.model.data(view.model.index(r, FIRST_MONTH + month))
        assert shown == {compliance.VISITED: "✓" if row.counts[month] == 1 else str(row.counts[month]),
                         compliance.OPEN: "待", compliance.NOT_LINKED: "—",
                         compliance.MISSING: "✗", compliance.FUTURE: ""}[row.states[month]]
    view.only_missing.setChecked(True)
    assert view.model.rowCount() == sum(1 for r in matrix.rows if r.missing)
    member = matrix.rows[0].member_id
    view.member.setCurrentIndex(view.member.findData(member))
    assert {r.member_id for r in view.model.rows} <= {member}
    window.village_combo.setCurrentIndex(window.village_combo.findData(None))
    assert view.stack.currentWidget() is view.township_note


def test_contact_point_dialog_adds_and_removes_through_operations(window, qtbot, monkeypatch):
    village_id = first_village()
    cadre = Member.select().where(Member.village == village_id).first()
    Member.update(is_committee=True).where(Member.id == cadre.id).execute()
    tab = visits_tab(window, qtbot, 1)
    view = tab.compliance_view
    qtbot.waitUntil(lambda: view.report is not None)
    dialog = ContactPointsDialog(view, village_id)
    qtbot.addWidget(dialog)
    dialog.member.setCurrentIndex(dialog.member.findData(cadre.id))
    dialog.add_button.click()
    assert dialog.table.rowCount() == 1
    assert view.points_model.rowCount() == 1  # the notice refreshed the month view
    dialog.add_button.click()  # the same grid again: said in the dialog, nothing written
    assert "已把" in dialog.error.text() and len(contact_points.list_contact_points(village_id)) == 1
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert dialog.table.rowCount() == 0 and view.points_model.rowCount() == 0
    assert ChangeLog.select().where(ChangeLog.table == "contact_point").count() == 2


def test_matrix_and_lists_open_the_household_or_member(window, qtbot, monkeypatch):
    from lianhu_desktop.gui.dialogs.household_dialog import HouseholdDialog
    from lianhu_desktop.gui.dialogs.member_dialog import MemberDialog

    opened = []
    monkeypatch.setattr(HouseholdDialog, "exec", lambda self: opened.append(("household", self)) or 0)
    monkeypatch.setattr(MemberDialog, "exec", lambda self: opened.append(("member", self)) or 0)
    tab = visits_tab(window, qtbot, 2)
    view = tab.matrix_view
    qtbot.waitUntil(lambda: view.matrix is not None)
    view.table.activated.emit(view.model.index(0, FIRST_MONTH + 2))
    view.table.activated.emit(view.model.index(0, 0))
    assert [kind for kind, _ in opened] == ["household", "member"]
    tab.view_bar.setCurrentIndex(1)
    month = tab.compliance_view
    qtbot.waitUntil(lambda: month.report is not None)
    if month.missed_model.rowCount():
        month.missed.activated.emit(month.missed_model.index(0, 2))
        assert opened[-1][0] == "household"


def test_a_pairing_saved_elsewhere_shows_in_the_month_view_at_once(window, qtbot):
    from lianhu_desktop.domain import pairings
    from lianhu_desktop.gui import operations
    from lianhu_desktop.gui.operations import Change
    from lianhu_desktop.store.models import Household

    village_id = first_village()
    tab = visits_tab(window, qtbot, 1)
    view = tab.compliance_view
    qtbot.waitUntil(lambda: view.report is not None)
    assert view.pairings_model.rowCount() == 0 and "尚未结对" in view.pairings_title.text()
    helper = Member.select().where((Member.village == village_id) & (Member.archived == False)).first()  # noqa: E712
    home = Household.select().where(Household.village == village_id).first()
    operations.run_op(None, pairings.save_pairing, pairings.PairingData(
        helper.id, home.id, datetime.date.today().year, goals="年内稳定增收"), changes={Change.PAIRINGS})
    line = view.report["villages"][0]["pairing_lines"][0]
    shown = f"{line['visits']} 次" if line["visited"] else "未走访"
    assert view.pairings_model.rows == [(view.report["villages"][0]["village_name"], helper.name, line["name"],
                                         shown)]
    assert view.pairings_model.ids == [home.id]
    figure = view.report["totals"]["pairings"]
    assert figure["expected"] == 1 and f"已走访 {figure['visited']}/1 户" in view.pairings_title.text()
    assert "结对帮扶 1 户" in view.summary.text()
