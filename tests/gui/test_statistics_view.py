"""The statistics view shows township_report's figures, per village and for all, and exports them."""

from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QMenu, QMessageBox, QTableWidget

from lianhu_desktop.domain.stats import MEMBER_SHARES, township_report
from lianhu_desktop.gui.charts import BarChart, DonutChart
from lianhu_desktop.gui.statistics_view import StatisticsDialog


def make_dialog(qtbot, village_id, settings):
    dialog = StatisticsDialog(None, village_id, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def assert_same_figures(dialog, report):
    s, h = report["structure"], report["household_structure"]
    text = {key: label.text() for key, label in dialog.figures.items()}
    assert text["branches"] == str(report["branches"])
    assert text["members"] == str(s["members"])
    assert text["households"] == str(h["households"])
    assert text["linked"] == f"{h['linked']['percent']}%"
    for key, _ in MEMBER_SHARES:
        assert text[f"{key}.count"] == str(s[key]["count"]), key
        assert text[f"{key}.percent"] == f"{s[key]['percent']}%", key
    tiers = dialog.charts["tiers"].items
    assert [(label, value) for label, value, _ in tiers] == [
        (k, v["count"]) for k, v in s["by_tier"].items()]
    groups = dialog.charts["groups"].items
    assert {label: value for label, value, _ in groups} == s["by_party_group"]
    assert dict(dialog.charts["residence"].items) == {"在家党员": s["at_home"]["count"],
                                                      "外出党员": s["migrant"]["count"]}
    assert {label: value for label, value, _ in dialog.charts["tags"].items} == h["by_tag"]


def test_village_view_matches_the_report(window, qtbot, settings):
    village_id = window.village_combo.itemData(1)
    dialog = make_dialog(qtbot, village_id, settings)
    report = township_report(village_id)
    assert dialog.report == report
    assert dialog.scope.currentData() == village_id
    assert_same_figures(dialog, report)
    grids = dialog.charts["grids"]
    assert isinstance(grids, BarChart)
    assert {label: value for label, value, _ in grids.items} == report["household_structure"]["by_grid"]
    assert dialog.tabs.count() == 4  # no per-village tab for one village; 走访与诉求 last
    assert report["scope"] in dialog.as_of.text()


def test_township_view_has_the_village_table(window, qtbot, settings):
    dialog = make_dialog(qtbot, None, settings)
    report = township_report(None)
    assert dialog.scope.currentText() == "全部村"
    assert_same_figures(dialog, report)
    assert dialog.tabs.count() == 5
    table: QTableWidget = dialog.charts["villages_table"]
    assert table.rowCount() == len(report["villages"]) + 1 == 3
    assert table.item(2, 0).text() == "合计（2 个村）"
    assert table.item(2, 1).text() == str(report["structure"]["members"])
    for row, village in enumerate(report["villages"]):
        assert table.item(row, 0).text() == village["village"]
        assert table.item(row, 1).text() == str(village["members"])
        assert table.item(row, 2).text() == str(village["households"])


def test_switching_scope_recomputes(window, qtbot, settings):
    dialog = make_dialog(qtbot, None, settings)
    dialog.scope.setCurrentIndex(2)
    village_id = dialog.scope.currentData()
    assert dialog.report == township_report(village_id)
    assert dialog.figures["branches"].text() == "1"


def test_charts_paint_without_data(qtbot, app):
    bars, donut = BarChart(), DonutChart()
    for chart in (bars, donut):
        qtbot.addWidget(chart)
        chart.resize(300, 150)
        assert not chart.grab().isNull()
    donut.set_items([("甲", 1), ("乙", 3)])
    assert donut.legend_lines() == ["甲　1 人（25.0%）", "乙　3 人（75.0%）"]


def test_export_writes_the_report(window, qtbot, settings, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    dialog = make_dialog(qtbot, None, settings)
    target = tmp_path / "统计.xlsx"
    assert dialog.export_to(target)
    sheet = openpyxl.load_workbook(target)["统计报表"]
    assert sheet["A1"].value == "全部村党员队伍统计表"
    members = next(row for row in sheet.iter_rows() if row[0].value == "党员总数")
    assert members[1].value == dialog.report["structure"]["members"]
    assert settings.value("excel/folder") == str(tmp_path)
    name = dialog.default_export_path().name
    assert name.startswith("全部村统计报表_") and name.endswith(".xlsx")


def test_export_to_a_locked_place_says_why(window, qtbot, settings, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog = make_dialog(qtbot, None, settings)
    assert not dialog.export_to(tmp_path / "没有的文件夹" / "统计.xlsx")
    assert "无法写入文件" in shown[0]


def test_menu_sits_before_manage_and_help(window):
    titles = [a.menu().title() for a in window.menuBar().actions() if a.menu() is not None]
    position = titles.index("统计(&S)")
    assert titles[position + 1].startswith(("管理", "帮助"))
    menu = window.findChild(QMenu, "menuStatistics")
    action = menu.actions()[0]
    assert action.text() == "统计报表(&T)…"
    assert action.shortcut().toString() == "Ctrl+T"
    action.trigger()
    dialog = window.statistics_dialog
    assert dialog.isVisible()
    assert dialog.scope.currentData() == window.current_village_id()
    dialog.close()


def test_activity_page_shows_the_years_figures(window, qtbot, settings, tmp_path, monkeypatch):
    import datetime

    from lianhu_desktop.domain.activity import year_activity

    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    dialog = make_dialog(qtbot, None, settings)
    qtbot.waitUntil(lambda: dialog.activity is not None, timeout=10000)
    expected = year_activity(datetime.date.today().year, None)
    assert dialog.activity == expected
    assert dialog.tabs.tabText(dialog.tabs.count() - 1) == "走访与诉求(&5)"
    assert dialog.figures["year_visits"].text() == str(expected["visits"]["total"])
    assert dialog.figures["compliance"].text() == f"{expected['compliance']['percent']}%"
    assert dialog.figures["satisfied"].text() == f"{expected['requests']['satisfied_percent']}%"
    assert dialog.charts["satisfaction"].items == list(expected["requests"]["satisfaction"].items())
    assert [label for label, _, _ in dialog.charts["compliance"].items] == \
        [v["village_name"] for v in expected["compliance"]["villages"]]
    assert dialog.export_to(tmp_path / "统计.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "统计.xlsx")["走访与诉求"]
    total = next(row for row in sheet.iter_rows() if row[0].value == "合计")
    assert (total[1].value, total[2].value) == (expected["compliance"]["expected"], expected["compliance"]["visited"])
    rate = next(row for row in sheet.iter_rows() if row[0].value == "满意率（满意与基本满意）")
    assert rate[1].value == expected["requests"]["satisfied"] and rate[2].number_format == "0.0%"
    answers = {row[0].value: row[1].value for row in sheet.iter_rows()
               if row[0].value in ("满意", "基本满意", "不满意")}
    assert answers == expected["requests"]["satisfaction"]
    dialog.scope.setCurrentIndex(1)  # one village: at once, month by month
    assert dialog.activity["compliance"]["villages"][0]["village_id"] == dialog.scope.currentData()
    assert all(label.endswith("月") for label, _, _ in dialog.charts["compliance"].items)
