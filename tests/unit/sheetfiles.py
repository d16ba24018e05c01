"""One sheet written in every form a township receives: .xlsx, .xls, .ods, CSV.

A sheet is rows of plain values plus merged ranges ((row, col, last row,
last col), 0-based); each writer puts it down the way that program would
(xlwt for the old Excel format, odfpy for LibreOffice/WPS .ods).
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path


def write_xlsx(path: Path, rows, merges=(), *, sheet="花名册", hidden=()) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    for name, visibility in hidden:
        extra = workbook.create_sheet(name)
        extra.append(["姓名", "性别"])
        extra.append(["隐藏表里的人", "男"])
        extra.sheet_state = visibility
    worksheet = workbook.active
    worksheet.title = sheet
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                cell = worksheet.cell(r, c, value)
                if isinstance(value, str):
                    cell.number_format = "@"
    for r0, c0, r1, c1 in merges:
        worksheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    if hidden:
        workbook.move_sheet(sheet, offset=-len(hidden))
        workbook.active = 0
    workbook.save(path)
    return path


def write_xls(path: Path, rows, merges=(), *, sheet="花名册", hidden=()) -> Path:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    worksheet = workbook.add_sheet(sheet)
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in merged:
                r1, c1 = merged[(r, c)]
                worksheet.write_merge(r, r1, c, c1, value)
            elif (r, c) in covered or value is None:
                continue
            elif isinstance(value, datetime.date):
                worksheet.write(r, c, value, dates)
            else:
                worksheet.write(r, c, value)
    for name, _visibility in hidden:
        extra = workbook.add_sheet(name)
        extra.write(0, 0, "姓名")
        extra.write(0, 1, "性别")
        extra.write(1, 0, "隐藏表里的人")
        extra.write(1, 1, "男")
        extra.visibility = 1
    workbook.save(str(path))
    return path


def write_ods(path: Path, rows, merges=(), *, sheet="花名册", hidden=()) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    hidden_style = Style(name="hiddenTable", family="table")
    hidden_style.addElement(TableProperties(display=False))
    document.automaticstyles.addElement(hidden_style)
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1)
               for c in range(c0, c1 + 1)} - set(spans)

    def cell(value, **span):
        if value is None:
            return TableCell(**span)
        if isinstance(value, bool):
            element = TableCell(valuetype="boolean", booleanvalue=str(value).lower(), **span)
        elif isinstance(value, (int, float)):
            element = TableCell(valuetype="float", value=value, **span)
        elif isinstance(value, datetime.date):
            element = TableCell(valuetype="date", datevalue=value.isoformat(), **span)
        else:
            element = TableCell(valuetype="string", **span)
        element.addElement(P(text=str(value)))
        return element

    table = Table(name=sheet)
    width = max(len(row) for row in rows)
    for r, row in enumerate(rows):
        element = TableRow()
        for c in range(width):
            value = row[c] if c < len(row) else None
            if (r, c) in covered:
                element.addElement(CoveredTableCell())
            elif (r, c) in spans:
                down, across = spans[(r, c)]
                element.addElement(cell(value, numberrowsspanned=down, numbercolumnsspanned=across))
            else:
                element.addElement(cell(value))
        table.addElement(element)
    # LibreOffice ends every table with a run of empty rows like this one.
    tail = TableRow(numberrowsrepeated=1048000)
    tail.addElement(TableCell(numbercolumnsrepeated=1024))
    table.addElement(tail)
    document.spreadsheet.addElement(table)
    for name, _visibility in hidden:
        extra = Table(name=name, stylename=hidden_style)
        for values in (["姓名", "性别"], ["隐藏表里的人", "男"]):
            element = TableRow()
            for value in values:
                element.addElement(cell(value))
            extra.addElement(element)
        document.spreadsheet.addElement(extra)
    document.save(str(path))
    return path


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y/%m/%d")
    if isinstance(value, datetime.date):
        return value.strftime("%Y/%m/%d")
    return str(value)


def write_csv(path: Path, rows, merges=(), *, encoding="utf-8-sig", **_ignored) -> Path:
    """A CSV as Excel or WPS saves it: merged cells keep their text in the first cell only."""
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        for row in rows:
            writer.writerow([csv_text(v) for v in row])
    return path


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods, "csv": write_csv}
