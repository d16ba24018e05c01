"""The main window on a filled database: tabs, search, sort, villages, menus."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from lianhu_desktop.store.models import database
from tests.gui.sample_data import KNOWN_NAME, KNOWN_PHONE

NAMES_SQL = {
    "members": "SELECT name FROM member",
    "households": "SELECT head_name FROM household",
    "visits": "SELECT m.name FROM visit v JOIN member m ON m.id = v.member_id",
    "appraisal": "SELECT name FROM member",
}


def show_tab(window, index):
    window.ui.tabs.setCurrentIndex(index)
    return window.tabs[index]


def column_values(tab, key, limit=None):
    column = tab.spec.column(key)
    rows = tab.model.rowCount() if limit is None else min(limit, tab.model.rowCount())
    return [tab.model.data(tab.model.index(row, column)) for row in range(rows)]


def test_four_tabs_in_order(window):
    titles = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
    assert titles == ["花名册", "联户网格", "民情日记", "百分制考核"]


def test_each_tab_shows_real_names(window, qtbot):
    for index, tab in enumerate(window.tabs):
        show_tab(window, index)
        if tab.key == "appraisal":  # a table of results, one member a row (全部村: read in a worker)
            qtbot.waitUntil(lambda tab=tab: tab.model.rowCount() > 0, timeout=10000)
            value = tab.model.member_at(0).name
        else:
            assert tab.model.rowCount() > 0, tab.title
            key = {"households": "head_name", "visits": "member"}.get(tab.spec.name, "name")
            value = tab.model.data(tab.model.index(0, tab.spec.column(key)))
        known = {row[0] for row in database.execute_sql(NAMES_SQL[tab.key if tab.key == "appraisal"
                                                                  else tab.spec.name]).fetchall()}
        assert value in known, (tab.title, value)


def test_status_bar_counts_members(window, qtbot):
    tab = show_tab(window, 0)
    assert window.status_label.text() == "共 24 名党员"
    tab.ui.search.setText(KNOWN_NAME)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert window.status_label.text() == "共 24 名党员（筛选后 1 名）"


def test_search_by_pinyin_initials_as_you_type(window, qtbot):
    tab = show_tab(window, 0)
    tab.ui.search.setFocus()
    qtbot.keyClicks(tab.ui.search, "oyjg")
    qtbot.waitUntil(lambda: tab.model.rowCount() < 24)
    assert KNOWN_NAME in column_values(tab, "name")


def test_search_by_phone(window):
    tab = show_tab(window, 0)
    tab.model.set_search(KNOWN_PHONE, immediately=True)
    assert column_values(tab, "name") == [KNOWN_NAME]
    assert column_values(tab, "phone") == [KNOWN_PHONE]


def test_search_households_by_door_number(window):
    tab = show_tab(window, 1)
    tab.model.set_search("17号", immediately=True)
    assert tab.model.rowCount() == 2  # one per village
    assert set(column_values(tab, "door_number")) == {"17号"}


def test_header_click_sorts_in_sql(window, qtbot):
    tab = show_tab(window, 0)
    header = tab.ui.table.horizontalHeader()
    column = tab.spec.column("birth_date")
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = tab.model.data(tab.model.index(0, column))
    expected = database.execute_sql(
        "SELECT birth_date FROM member WHERE archived = FALSE ORDER BY birth_date, id LIMIT 1").fetchone()[0]
    clicked_order = header.sortIndicatorOrder()
    if clicked_order == Qt.SortOrder.DescendingOrder:
        expected = database.execute_sql(
            "SELECT birth_date FROM member WHERE archived = FALSE ORDER BY birth_date DESC, id DESC LIMIT 1"
        ).fetchone()[0]
    assert first == str(expected)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    values = column_values(tab, "birth_date")
    assert values == sorted(values, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)


def test_sort_by_name_follows_pinyin(window):
    tab = show_tab(window, 0)
    tab.ui.table.sortByColumn(tab.spec.column("name"), Qt.SortOrder.AscendingOrder)
    expected = [row[0] for row in database.execute_sql(
        "SELECT name FROM member WHERE archived = FALSE ORDER BY name_sort, id").fetchall()]
    assert column_values(tab, "name") == expected


def test_village_selector_switches_data(window):
    combo = window.village_combo
    assert combo.itemText(0) == "全部村"
    assert combo.count() == 3
    tab = show_tab(window, 0)
    assert tab.model.rowCount() == 24
    combo.setCurrentIndex(2)
    village_name = combo.currentText()
    assert tab.model.rowCount() == 12
    assert tab.ui.table.isColumnHidden(tab.spec.column("village"))
    for index in range(len(window.tabs)):
        other = show_tab(window, index)
        if other.key == "appraisal":
            assert [r.village_name for r in other.found] == [village_name] and other.model.rowCount()
        else:
            assert set(column_values(other, "village")) == {village_name}, other.title


def test_single_village_has_no_township_entry(db, village, make_window):
    window = make_window()
    assert window.village_combo.count() == 1
    assert window.village_combo.currentText() == "李家庄村"


def test_visit_duties_are_chinese(window):
    tab = show_tab(window, 2)
    duties = column_values(tab, "duties", limit=20)
    assert all(duties) and all(d.isascii() is False for d in duties)
    assert tab.model.data(tab.model.index(0, tab.spec.column("date")))[:2] == "20"


def test_ctrl_f_focuses_search(window, qtbot):
    tab = show_tab(window, 1)
    window.ui.tabs.setFocus()
    window.ui.actionFind.trigger()
    qtbot.waitUntil(lambda: tab.ui.search.hasFocus())


def test_empty_menus_are_hidden_until_they_have_actions(window):
    for name in ("menuImport", "menuExport", "menuPrint"):
        menu = window.menu(name)
        assert menu.menuAction().isVisible() == bool(menu.actions())
    emptied = window.menu("menuPrint")
    emptied.clear()
    window.sync_menus()
    assert not emptied.menuAction().isVisible()
    emptied.addAction("联户牌")
    window.sync_menus()
    assert emptied.menuAction().isVisible()
    assert window.ui.menuFile.title().startswith("文件")


def test_features_fill_the_import_export_and_print_menus(window):
    for name in ("menuImport", "menuExport", "menuPrint"):
        assert window.menu(name).actions(), name
        assert window.menu(name).menuAction().isVisible()


def test_remembers_last_tab_and_village(filled_db, make_window, settings):
    window = make_window()
    window.ui.tabs.setCurrentIndex(2)
    window.village_combo.setCurrentIndex(2)
    village = window.village_combo.currentText()
    window.close()
    again = make_window()
    assert again.ui.tabs.currentIndex() == 2
    assert again.village_combo.currentText() == village
    assert set(column_values(again.tab("visits"), "village")) == {village}
    assert settings.value("main/geometry") is not None


def next_tab_stop(widget):
    candidate = widget.nextInFocusChain()
    while not (candidate.focusPolicy() & Qt.FocusPolicy.TabFocus and candidate.isVisible()):
        candidate = candidate.nextInFocusChain()
    return candidate


def test_tab_order_search_filters_table(window):
    tab = show_tab(window, 0)
    chain = [tab.ui.search, tab.party_group, tab.post, tab.tier, tab.residence, tab.membership, tab.committee,
             tab.archived, tab.ui.table]
    for first, second in zip(chain, chain[1:]):
        assert next_tab_stop(first) is second


def test_roster_filters(window):
    tab = show_tab(window, 0)
    tab.tier.setCurrentIndex(tab.tier.findData("外出党员"))
    assert set(column_values(tab, "tier")) == {"外出党员"}
    tab.tier.setCurrentIndex(0)
    database.execute_sql("UPDATE member SET archived = TRUE WHERE name = ?", (KNOWN_NAME,))
    tab.refresh()
    assert KNOWN_NAME not in column_values(tab, "name")
    tab.archived.setChecked(True)
    assert KNOWN_NAME in column_values(tab, "name")


def test_unlinked_households_filter(window):
    tab = show_tab(window, 1)
    tab.linked.setCurrentIndex(tab.linked.findText("未联户"))
    assert tab.model.rowCount() > 0
    assert set(column_values(tab, "member")) == {""}


def test_visits_period(window):
    tab = show_tab(window, 2)
    three_months = tab.model.rowCount()
    tab.period.setCurrentIndex(tab.period.findText("全部"))
    assert tab.model.rowCount() == database.execute_sql("SELECT COUNT(*) FROM visit").fetchone()[0]
    assert tab.model.rowCount() >= three_months
    assert "时间范围：全部" in window.status_label.text()


def test_unsortable_column_keeps_order(window, qtbot):
    tab = show_tab(window, 2)
    before = list(tab.model.ids())
    header = tab.ui.table.horizontalHeader()
    column = tab.spec.column("content")
    x = header.sectionViewportPosition(column) + 20
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert list(tab.model.ids()) == before
    assert header.sortIndicatorSection() != column


def test_status_says_filtered_for_narrowing_filters(window):
    tab = show_tab(window, 0)
    tab.tier.setCurrentIndex(tab.tier.findData("外出党员"))
    shown = tab.model.rowCount()
    assert window.status_label.text() == f"共 24 名党员（筛选后 {shown} 名）"
    tab.tier.setCurrentIndex(0)
    assert window.status_label.text() == "共 24 名党员"
    visits = show_tab(window, 2)
    assert "筛选后" not in window.status_label.text()  # a period is the list's scope
    assert window.status_label.text().startswith(f"共 {visits.model.rowCount()} 条走访记录")


def test_deferred_start_builds_the_rest_after_the_first_paint_and_on_demand(filled_db, app, qtbot, db_target,
                                                                            settings):
    """The program's own start (``defer``): the remembered tab is built and shows rows; a tab
    clicked before the rest is built is built on the spot with the window's village; the
    others and the menus follow the first paint; every tab then takes change notices."""
    from lianhu_desktop.gui import operations
    from lianhu_desktop.gui.main_window import TABS, MainWindow, _tab_class

    settings.setValue("main/tab", "households")
    window = MainWindow(db_target, settings, defer=True)
    qtbot.addWidget(window)
    assert [tab.key for tab in window.tabs] == ["households"]
    assert not window.menu("menuPrint").actions()
    assert [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())] == [t[1] for t in TABS]
    assert window.current_tab().key == "households" and window.current_tab().model.rowCount() > 0

    window.set_village(window.village_combo.itemData(window.village_combo.count() - 1))
    window.ui.tabs.setCurrentIndex(2)  # 民情日记, clicked before it was built
    visits = window.current_tab()
    assert visits.key == "visits" and window.ui.tabs.currentIndex() == 2
    assert visits.model.village_id == window.current_village_id() and visits.model.rowCount() > 0

    window.resize(1200, 720)
    window.show()
    qtbot.waitUntil(lambda: len(window.tabs) == len(TABS) and bool(window.menu("menuPrint").actions()), timeout=5000)
    assert [tab.key for tab in window.tabs] == [t[0] for t in TABS]
    assert [window.ui.tabs.widget(i) for i in range(window.ui.tabs.count())] == window.tabs
    assert window.ui.tabs.currentIndex() == 2
    roster = window.tab("roster")
    assert roster.model.village_id == window.current_village_id()
    window.show_tab("roster")
    before = roster.model.rowCount()
    database.execute_sql("UPDATE member SET archived = ? WHERE id = "
                         "(SELECT MIN(id) FROM member WHERE village_id = ? AND archived = ?)",
                         (True, window.current_village_id(), False))
    operations.notify(frozenset({operations.Change.MEMBERS}), None)
    qtbot.waitUntil(lambda: roster.model.rowCount() == before - 1, timeout=5000)
    for key, title, _module, _name in TABS:  # the titles the tab bar shows before a tab is built
        assert _tab_class(key).title == title and _tab_class(key).key == key


def test_what_waits_for_the_first_paint_runs_after_it(db_target, qtbot, settings):
    """``when_painted``: the start's backup check runs once the clerk sees the window, not
    before its first paint; asked after that paint, it runs in the next turn."""
    from PySide6.QtCore import QEvent, QObject

    from lianhu_desktop.gui.main_window import MainWindow

    window = MainWindow(db_target, settings, defer=True)
    qtbot.addWidget(window)
    order = []

    class Watch(QObject):
        def eventFilter(self, obj, event):
            if obj is window and event.type() == QEvent.Type.Paint and "painted" not in order:
                order.append("painted")
            return False

    watch = Watch()
    window.installEventFilter(watch)
    window.when_painted(lambda: order.append("first"))
    window.when_painted(lambda: order.append("second"))
    assert order == []
    window.show()
    qtbot.waitUntil(lambda: "second" in order, timeout=5000)
    assert order == ["painted", "first", "second"]
    window.when_painted(lambda: order.append("later"))
    assert order[-1] == "second"  # not at once: in the next turn of the event loop
    qtbot.waitUntil(lambda: order[-1] == "later", timeout=5000)
    assert order.count("first") == 1
