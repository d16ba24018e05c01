"""The import wizard on an old .xls with a two-row header and a hidden sheet."""

from __future__ import annotations

import datetime

from lianhu_desktop.domain import idnumber
from lianhu_desktop.gui.import_wizard import ImportWizard
from tests.unit.sheetfiles import write_xls

ID1 = idnumber.make("110101", datetime.date(1965, 3, 5), 12, "男")


def test_an_xls_with_groups_and_a_hidden_sheet(village, qtbot, app, tmp_path, settings):
    rows = [
        ["李家庄村党员花名册", None, None, None, None],
        ["序号", "基本信息", None, None, "备注"],
        [None, "姓名", "性别", "身份证号码", None],
        [1, "王建国", "男", ID1, "老支书"],
    ]
    merges = [(0, 0, 0, 4), (1, 0, 2, 0), (1, 1, 1, 3), (1, 4, 2, 4)]
    path = write_xls(tmp_path / "花名册.xls", rows, merges, hidden=[("旧名单", "hidden")])
    w = ImportWizard(None, kind="roster", village_id=village.id, path=path, settings=settings)
    qtbot.addWidget(w)
    w.show()
    assert [w.ui.sheet.itemText(i) for i in range(w.ui.sheet.count())] == ["花名册"]
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is w.ui.mappingPage, timeout=10000)
    info = w.ui.headerInfo.text()
    assert "第 <b>2–3</b> 行" in info and "<b>1</b> 行数据" in info and "隐藏的工作表“旧名单”未读取" in info
    combos = {w.table.headers[col]: combo for col, combo in w.mapping_combos.items()}
    assert combos["姓名"].currentData() == "name" and combos["备注"].currentData() == "notes"
    w.grab().save(str(tmp_path / "wizard-xls.png"))
