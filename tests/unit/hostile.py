"""Building damaged and oversized workbooks from valid ones, for the hostile-file tests."""

from __future__ import annotations

import io
import re
import zipfile

SHEET = "xl/worksheets/sheet1.xml"
_INLINE = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"([^>]*)><is><t>(.*?)</t></is></c>', re.S)
_SST_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def with_shared_strings(data: bytes, extra: list[bytes] = ()) -> bytes:
    """The workbook as Excel saves it: every text cell a shared string (openpyxl
    writes them inline). ``extra`` strings are added to the table unused."""
    parts = members(data)
    strings: list[bytes] = []

    def shared(match):
        strings.append(match.group(4))
        return b'<c r="%s"%s t="s"%s><v>%d</v></c>' % (match.group(1), match.group(2), match.group(3),
                                                        len(strings) - 1)

    parts[SHEET] = _INLINE.sub(shared, parts[SHEET])
    strings.extend(extra)
    parts["xl/sharedStrings.xml"] = _SST_HEAD + b"".join(b"<si><t>%s</t></si>" % s for s in strings) + b"</sst>"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                             b"</Relationships>")
    return pack(parts)


def add_rows(data: bytes, rows: bytes) -> bytes:
    """``rows`` (row elements) appended to the first sheet's data."""
    parts = members(data)
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", rows + b"</sheetData>")
    return pack(parts)


def with_dimension(data: bytes, ref: bytes) -> bytes:
    parts = members(data)
    parts[SHEET] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s"/>' % ref, parts[SHEET])
    return pack(parts)
