"""Bounds checked on a workbook's raw parts before the spreadsheet engine reads it.

calamine builds each sheet as a dense block of cells (first to last used
row × column) and copies a shared string into every cell that uses it, and
an allocation failure in it ends the process. So a 5 KB sheet with one cell
at XFD1048576, or a million-character string used 5,000 times, must be
refused here, from the bytes, before it is handed over. The scans are
regular expressions and byte counts over the unpacked XML (or the .xls
record stream), a small part of the read itself; each limit is one a real
village or township never reaches (``domain.limits``) and is said in the
message.
"""

from __future__ import annotations

import posixpath
import re
import struct
import time
import zipfile
from xml.etree import ElementTree

from lianhu_desktop.domain import limits
from lianhu_desktop.errors import ValidationError

CHUNK = 4 << 20
_MB = 1024 * 1024
# Excel, WPS and LibreOffice never write more than a few header/footer rows
# beyond the data: the row limit applies to the sheet's last used row with
# this much room.
ROW_SLACK = 1_000


class Deadline:
    """The total time one read may take (``limits.READ_SECONDS``)."""

    def __init__(self, seconds: float = limits.READ_SECONDS):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self, name: str) -> None:
        if time.monotonic() > self.end:
            raise ValidationError(f"读取“{name}”超过 {int(self.seconds)} 秒仍未完成，已停止：文件过大或已损坏")


def too_large(name: str, what: str) -> ValidationError:
    return ValidationError(f"无法读取“{name}”：{what}。正常的花名册、台账远小于此，文件可能已损坏或不是本村的表格")


def check_extent(name: str, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet whose used area is beyond the limits."""
    if rows > limits.MAX_ROWS + ROW_SLACK:
        raise too_large(name, f"工作表“{limits.quote(sheet)}”用到第 {rows} 行，超过本程序一次可读的 "
                              f"{limits.MAX_ROWS} 行，请分成几个文件导入")
    if columns > limits.MAX_COLUMNS:
        raise too_large(name, f"工作表“{limits.quote(sheet)}”用到第 {columns} 列，超过 {limits.MAX_COLUMNS} 列")
    if rows * columns > limits.MAX_CELLS:
        raise too_large(name, f"工作表“{limits.quote(sheet)}”占用 {rows} 行 × {columns} 列，"
                              f"超过 {limits.MAX_CELLS // 10000} 万个单元格")


def _text_too_large(name: str) -> ValidationError:
    return too_large(name, f"表中文字展开后超过 {limits.MAX_TEXT_BYTES // _MB} MB")


def _cell_too_long(name: str, text: str, row: int | None = None) -> ValidationError:
    where = f"第 {row} 行" if row else ""
    return too_large(name, f"{where}有一个单元格超过 {limits.MAX_CELL_CHARS} 个字（Excel 单元格的上限），"
                           f"以“{limits.quote(text)}”开头")


# --- .xlsx / .xlsm ----------------------------------------------------------

# Excel, WPS, LibreOffice and openpyxl write r first; a row written otherwise
# counts as one more row after the last numbered one (a bound, not exact).
_ROW_R = re.compile(rb'<row r="(\d{1,12})"')
_WIDE_REF = re.compile(rb' r="([A-Z]{2,})\d')
_SST_REF = re.compile(rb'<c\b[^>]*?\st="s"[^>]*>\s*<v>\s*(\d{1,12})\s*</v>')
_TAG = re.compile(r"<[^>]*>")
# A run of text longer in bytes than the cell limit in characters: measured in characters.
_LONG_TEXT = re.compile(rb">[^<]{%d,}" % (limits.MAX_CELL_CHARS + 1))


def _check_long_text(chunk: bytes, name: str) -> None:
    for match in _LONG_TEXT.finditer(chunk):
        text = match.group()[1:].decode("utf-8", "replace")
        if len(text) > limits.MAX_CELL_CHARS:
            row = _ROW_R.match(chunk, max(chunk.rfind(b'<row r="', 0, match.start()), 0))
            raise _cell_too_long(name, text, int(row.group(1)) if row else None)


def _part(archive: zipfile.ZipFile, name: str, deadline: Deadline, end: bytes = b">"):
    """The unpacked member in chunks cut after the last ``end`` (whole tags
    or rows), refusing one that unpacks past ``limits.MAX_FILE_BYTES``."""
    info = archive.getinfo(name)
    if info.file_size > limits.MAX_FILE_BYTES:
        raise too_large(archive.filename or "", f"其中的表格内容解压后有 {info.file_size // _MB} MB")
    carry, total = b"", 0
    with archive.open(info) as stream:
        while True:
            data = stream.read(CHUNK)
            total += len(data)
            if total > limits.MAX_FILE_BYTES:
                raise too_large(archive.filename or "", f"其中的表格内容解压后超过 "
                                                        f"{limits.MAX_FILE_BYTES // _MB} MB")
            deadline.check(posixpath.basename(archive.filename or name))
            if not data:
                if carry:
                    yield carry
                return
            data = carry + data
            cut = data.rfind(end)
            if cut < 0:
                carry = data
                continue
            cut += len(end)
            carry = data[cut:]
            yield data[:cut]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _small_xml(archive: zipfile.ZipFile, name: str):
    info = archive.getinfo(name)
    if info.file_size > 16 * _MB:
        raise too_large(archive.filename or "", f"其中“{limits.quote(name)}”过大")
    return ElementTree.fromstring(archive.read(info))


def xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its member in the archive, from xl/workbook.xml and its rels."""
    names = set(archive.namelist())
    book = next((n for n in ("xl/workbook.xml", "xl/workbook.bin") if n in names), None)
    rels_name = "xl/_rels/workbook.xml.rels"
    if book is None or rels_name not in names:
        return {}
    targets = {}
    for element in _small_xml(archive, rels_name).iter():
        if _local(element.tag) == "Relationship":
            target = element.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            targets[element.get("Id")] = target
    parts = {}
    for element in _small_xml(archive, book).iter():
        if _local(element.tag) == "sheet":
            rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            if rid in targets and targets[rid] in names:
                parts[element.get("name", "")] = targets[rid]
    return parts


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _shared_string_sizes(archive: zipfile.ZipFile, deadline: Deadline) -> list[int]:
    """The XML size of every shared string (at least the size of its text)."""
    name = next((n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")), None)
    if name is None:
        return []
    sizes, carry = [], b""
    for chunk in _part(archive, name, deadline, b"</si>"):
        pieces = (carry + chunk).split(b"</si>")
        carry = pieces.pop()
        for piece in pieces:
            size = len(piece)
            if size > limits.MAX_CELL_CHARS:
                text = _TAG.sub("", piece[piece.find(b"<si"):].decode("utf-8", "replace"))
                if len(text) > limits.MAX_CELL_CHARS:
                    raise _cell_too_long(archive.filename or name, text)
            sizes.append(size)
    return sizes


def check_xlsx_book(path, deadline: Deadline) -> list[int]:
    """Refuse oversized parts before calamine opens the book (it reads the
    shared strings when it opens); return the shared strings' sizes."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.file_size > limits.MAX_FILE_BYTES:
                raise too_large(path.name, f"其中的表格内容解压后有 {info.file_size // _MB} MB")
        return _shared_string_sizes(archive, deadline)


def check_xlsx_sheet(path, sheet: str, shared: list[int], deadline: Deadline) -> None:
    """Refuse a sheet whose used area or expanded text is beyond the limits."""
    with zipfile.ZipFile(path) as archive:
        parts = xlsx_sheet_parts(archive)
        members = [parts[sheet]] if sheet in parts else \
            [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for member in members:
            _check_xlsx_part(archive, member, path.name, sheet, shared, deadline)


def _check_xlsx_part(archive, member, name, sheet, shared, deadline) -> None:
    max_row = rows_without_r = max_col = shared_refs = 0
    for chunk in _part(archive, member, deadline, b"</row>"):
        numbers = _ROW_R.findall(chunk)
        if numbers:
            max_row = max(max_row, max(map(int, numbers)))
        rows_without_r += chunk.count(b"<row ") + chunk.count(b"<row>") - len(numbers)
        cells = chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>")
        if cells > chunk.count(b' r="') - len(numbers):  # cells placed by position: count each row's
            max_col = max(max_col, max(p.count(b"<c ") + p.count(b"<c>") + p.count(b"<c/>")
                                       for p in chunk.split(b"<row")))
        wide = set(_WIDE_REF.findall(chunk))
        max_col = max(max_col, max((_column_number(w) for w in wide), default=26 if cells else 0))
        shared_refs += chunk.count(b't="s"')
        check_extent(name, sheet, max_row + rows_without_r, max_col)
        _check_long_text(chunk, name)
    if shared_refs * max(shared, default=0) <= limits.MAX_TEXT_BYTES:
        return
    # Long shared strings: add up what each cell really uses.
    text_bytes, count = 0, len(shared)
    for chunk in _part(archive, member, deadline, b"</row>"):
        for index in _SST_REF.findall(chunk):
            index = int(index)
            if index < count:
                text_bytes += shared[index]
        if text_bytes > limits.MAX_TEXT_BYTES:
            raise _text_too_large(name)


# --- .ods ---------------------------------------------------------------------

_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d{1,12})"')
_COLS_REPEATED = re.compile(rb'number-columns-repeated="(\d{1,12})"')
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ROW_END = b"</table:table-row>"


def check_ods(path, deadline: Deadline) -> None:
    """Refuse an .ods whose tables span too many cells or too much text
    (calamine unpacks every table when it opens the file)."""
    with zipfile.ZipFile(path) as archive:
        if "content.xml" not in archive.namelist():
            return  # calamine says what is wrong
        table = [0, 0, 0]  # height, width, empty rows pending of the table being read
        cells = text = 0
        for chunk in _part(archive, "content.xml", deadline, _ROW_END):
            for piece in re.split(rb"(<table:table\s)", chunk):
                if piece.startswith(b"<table:table") and len(piece) < 16:
                    cells += table[0] * table[1]
                    table = [0, 0, 0]
                    continue
                text += _ods_rows(piece, table)
            if cells + table[0] * table[1] > limits.MAX_CELLS or table[0] > limits.MAX_ROWS + ROW_SLACK:
                check_extent(path.name, "", table[0], table[1])
                raise too_large(path.name, f"各工作表共占用超过 {limits.MAX_CELLS // 10000} 万个单元格")
            if text > limits.MAX_TEXT_BYTES:
                raise _text_too_large(path.name)
            check_extent(path.name, "", table[0], table[1])
            _check_long_text(chunk, path.name)


def _ods_rows(piece: bytes, table: list) -> int:
    """Add the rows in ``piece`` to ``table`` (height, width); return the
    bytes of text they repeat."""
    text = 0
    for row in piece.split(b"<table:table-row")[1:]:
        head_end = row.find(b">")
        match = _ROWS_REPEATED.search(row, 0, head_end)
        repeat = int(match.group(1)) if match else 1
        body = row[head_end + 1:]
        if b"repeated" not in body:
            width = body.count(b"<table:table-cell") + body.count(b"<table:covered-table-cell")
            text += len(body) * (repeat - 1)
        else:
            width = position = 0
            for cell in _ODS_CELL.finditer(body):
                attributes, closed = cell.groups()
                found = _COLS_REPEATED.search(attributes)
                count = int(found.group(1)) if found else 1
                position += count
                if not closed or b"value-type" in attributes:
                    width = position
                    if count > 1:
                        end = body.find(b"</table:table-cell>", cell.end())
                        text += (end - cell.end() if end > 0 else len(body)) * (count - 1) * repeat
            text += len(body) * (repeat - 1)
        if width:
            table[0] += table[2] + repeat
            table[1] = max(table[1], width)
            table[2] = 0
        else:
            # Empty rows (LibreOffice ends each table with a million of them)
            # count only when data follows them.
            table[2] += repeat
    return text


# --- .xls ---------------------------------------------------------------------

_BOUNDSHEET, _SST, _CONTINUE, _EOF, _BOF = 0x0085, 0x00FC, 0x003C, 0x000A, 0x0809
_LABELSST = 0x00FD
_CELL_RECORDS = {0x0203, 0x027E, 0x0201, 0x0006, 0x0204, 0x0205, 0x00D6, _LABELSST}
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first col, …, last col


def check_xls(path, sheet: str, deadline: Deadline) -> None:
    """Refuse an .xls whose sheet would expand beyond the limits (the format
    itself bounds the area to 65,536 × 256; shared strings are unbounded)."""
    import olefile

    if path.stat().st_size > limits.MAX_FILE_BYTES:
        raise too_large(path.name, f"文件有 {path.stat().st_size // _MB} MB")
    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            if stream is None:
                return
            data = ole.openstream(stream).read()
    except (OSError, ValueError, IndexError, struct.error, TypeError, KeyError, AttributeError):
        return  # not a compound file calamine can read either: it says so
    unpack = struct.unpack_from
    size = len(data)
    offsets, sst, pos = {}, [], 0
    while pos + 4 <= size:
        kind, length = unpack("<HH", data, pos)
        body = pos + 4
        if kind == _BOUNDSHEET and length >= 8:
            offset = unpack("<I", data, body)[0]
            count, flags = data[body + 6], data[body + 7]
            raw = data[body + 8: body + 8 + count * (2 if flags & 1 else 1)]
            offsets[raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")] = offset
        elif kind == _SST:
            sst, pos = _sst_sizes(data, pos, deadline, path.name)
            continue
        elif kind == _EOF:
            break
        pos = body + length
    start = offsets.get(sheet, next(iter(offsets.values()), None))
    if start is None or start >= size:
        return
    # At most one text cell per 14 bytes of the sheet's records.
    exact = (size - start) // 14 * max(sst, default=0) > limits.MAX_TEXT_BYTES
    _walk_sheet(data, start, sst if exact else None, path.name, sheet, deadline)


def _walk_sheet(data, pos, sst, name, sheet, deadline) -> None:
    unpack = struct.unpack_from
    size = len(data)
    max_row = max_col = text = 0
    records = 0
    count = len(sst) if sst is not None else 0
    while pos + 4 <= size:
        kind, length = unpack("<HH", data, pos)
        body = pos + 4
        pos = body + length
        if kind in _CELL_RECORDS and length >= 4:
            row, col = unpack("<HH", data, body)
            if row > max_row:
                max_row = row
            if col > max_col:
                max_col = col
            if sst is not None and kind == _LABELSST and length >= 10:
                index = unpack("<I", data, body + 6)[0]
                if index < count:
                    text += sst[index]
        elif kind in _MULTI and length >= 6:
            row = unpack("<H", data, body)[0]
            last = unpack("<H", data, body + length - 2)[0]
            max_row, max_col = max(max_row, row), max(max_col, last)
        elif kind == _EOF:
            break
        records += 1
        if records % 100_000 == 0:
            deadline.check(name)
    check_extent(name, sheet, max_row + 1, max_col + 1)
    if text > limits.MAX_TEXT_BYTES:
        raise _text_too_large(name)


def _sst_sizes(data: bytes, pos: int, deadline: Deadline, name: str) -> tuple[list[int], int]:
    """Byte sizes (UTF-8, at most 3 per character) of the shared strings,
    and the position after the SST and its CONTINUE records."""
    unpack = struct.unpack_from
    segments = []
    kind, length = unpack("<HH", data, pos)
    segments.append(data[pos + 4: pos + 4 + length])
    pos += 4 + length
    while pos + 4 <= len(data):
        kind, length = unpack("<HH", data, pos)
        if kind != _CONTINUE:
            break
        segments.append(data[pos + 4: pos + 4 + length])
        pos += 4 + length
    sizes = []
    if not segments or len(segments[0]) < 8:
        return sizes, pos
    unique = unpack("<I", segments[0], 4)[0]
    seg, at = 0, 8
    try:
        for number in range(unique):
            if at >= len(segments[seg]):
                seg, at = seg + 1, 0
            current = segments[seg]
            chars = unpack("<H", current, at)[0]
            flags = current[at + 2]
            at += 3
            runs = ext = 0
            if flags & 0x08:
                runs = unpack("<H", current, at)[0]
                at += 2
            if flags & 0x04:
                ext = unpack("<I", current, at)[0]
                at += 4
            if chars > limits.MAX_CELL_CHARS:
                raise _cell_too_long(name, "")
            sizes.append(chars * 3)
            left, wide = chars, flags & 1
            while left:
                room = (len(segments[seg]) - at) // (2 if wide else 1)
                if room >= left:
                    at += left * (2 if wide else 1)
                    left = 0
                else:
                    left -= room
                    seg, at = seg + 1, 0
                    wide = segments[seg][0] & 1
                    at = 1
            skip = runs * 4 + ext
            while skip:
                room = len(segments[seg]) - at
                if room >= skip:
                    at += skip
                    skip = 0
                else:
                    skip -= room
                    seg, at = seg + 1, 0
            if number % 100_000 == 0:
                deadline.check(name)
    except (IndexError, struct.error):
        pass  # a damaged table: calamine refuses it, the sizes read so far stand
    return sizes, pos
