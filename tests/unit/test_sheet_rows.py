"""calamine's rows read one at a time give the sheet from A1, whatever cell it starts at."""

from __future__ import annotations

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from lianhu_desktop.excel import sources


class NoDeadline:
    def check(self, name):
        pass


@pytest.mark.parametrize("cells", [("A1",), ("C3",), ("A1", "D4"), ("B2", "B9"), ("E1", "A7"), ("F12", "C40")])
def test_rows_one_at_a_time_are_the_whole_sheet_from_a1(tmp_path, cells):
    book = openpyxl.Workbook()
    sheet = book.active
    for number, cell in enumerate(cells):
        sheet[cell] = f"值{number}"
    sheet["D5"] = 3.0  # a whole number, given back as 3
    path = tmp_path / "offset.xlsx"
    book.save(path)
    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    whole = sources.plain_rows(read.to_python(skip_empty_area=False), "offset.xlsx", NoDeadline())
    opened = sources.open_book(path)
    try:
        rows = opened.read(opened.choose(None), None).rows
    finally:
        opened.close()
    assert rows == whole
    assert rows[4][3] == 3 and isinstance(rows[4][3], int)
