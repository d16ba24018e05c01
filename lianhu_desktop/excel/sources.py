"""Opening the files clerks have: .xlsx, .xlsm, .xls, .ods (python-calamine) and .csv.

``open_book(path)`` returns a ``Book``: its sheets with their visibility and
``read(sheet)``, the sheet's cells as rows of plain values (None for an empty
cell; a whole number as an int, as Excel shows it) with the merged ranges
where the format gives them (.xlsx and .xls; .ods and .csv give none and the
reader goes by content). Every way a file can be damaged ends in a
``ValidationError`` with a Chinese message, never in another exception.

Openpyxl stays for writing. calamine gives values, merges and sheet
visibility, which is all the reader needs; what it cannot give (cell
formats, so a "text" cell is not told from a number cell) the importers do
not need: an ID stored as a number comes back as a number and is refused.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lianhu_desktop.domain import limits
from lianhu_desktop.errors import Cancelled, NotFoundError, ValidationError
from lianhu_desktop.excel import preflight

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv",)
SUFFIXES = WORKBOOK_SUFFIXES + CSV_SUFFIXES
FORMATS = "Excel 工作簿（.xlsx、.xlsm、.xls）、WPS/LibreOffice 表格（.ods）或 CSV 文件"
_ZIP_MAGIC = b"PK\x03\x04"
_INF = float("inf")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    name: str
    visible: bool  # hidden and very hidden sheets are read only when named


@dataclass
class SheetData:
    name: str
    rows: list[tuple]
    # ((first row, first col), (last row, last col)), 0-based; None when the format does not say.
    merged: list | None = None


@dataclass
class Book:
    path: Path
    sheets: list[Sheet]
    _workbook: object = None
    _shared: list = field(default_factory=list)
    _deadline: object = None
    _csv: SheetData | None = None

    @property
    def visible(self) -> list[str]:
        return [s.name for s in self.sheets if s.visible]

    def choose(self, name: str | None) -> str:
        """The sheet to read: the one named (hidden or not), else the first visible."""
        if name is None:
            if not self.visible:
                raise ValidationError(f"“{self.path.name}”中没有可见的工作表，请用 --sheet 指定要读取的工作表")
            return self.visible[0]
        if any(s.name == name for s in self.sheets):
            return name
        shown = "、".join(self.visible) or "（无）"
        raise NotFoundError(f"文件中没有名为“{limits.quote(name)}”的工作表。现有：{shown}")

    def read(self, name: str, progress=None) -> SheetData:
        """Every row of one sheet. A workbook is read once: reading closes it."""
        if self._csv is not None:
            return self._csv
        if self._workbook is None:
            raise RuntimeError("a workbook is read once (reading closes it)")
        return _read_calamine(self, name, progress)

    def close(self) -> None:
        if self._workbook is not None:
            try:
                self._workbook.close()
            except Exception:  # noqa: BLE001 (closing a damaged book is no error of the user's)
                pass
            self._workbook = None


def _unreadable(path: Path, detail: str = "") -> ValidationError:
    """The message for a damaged file. ``detail`` (the library's English words)
    is not shown: the clerk can do nothing with it."""
    return ValidationError(f"无法读取该文件，它不是有效的{_what(path)}，或已损坏：{path.name}。"
                           f"可在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入")


def _what(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".xls": " .xls 文件", ".ods": " .ods 文件", ".csv": " CSV 文件"}.get(suffix, " .xlsx 文件")


def _is_panic(error: BaseException) -> bool:
    """pyo3 turns a panic inside calamine into PanicException (a BaseException)."""
    return type(error).__name__ == "PanicException"


def open_book(path: str | Path) -> Book:
    """Open a workbook or CSV file; raise a Chinese error for anything unreadable."""
    path = Path(path)
    if not path.exists():
        raise NotFoundError(f"找不到文件：{path}")
    if path.is_dir():
        raise ValidationError(f"这是一个文件夹，不是表格文件：{path}")
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except PermissionError:
        raise ValidationError(f"无法读取文件，可能正在被 Excel 打开，请关闭后重试：{path.name}") from None
    except OSError as error:
        raise ValidationError(f"无法读取文件：{path.name}（{limits.quote(error.strerror or error)}）") from None
    if size > limits.MAX_FILE_BYTES:
        raise preflight.too_large(path.name, f"文件有 {size // (1024 * 1024)} MB")
    if suffix in CSV_SUFFIXES:
        return _open_csv(path)
    if suffix not in WORKBOOK_SUFFIXES:
        raise ValidationError(f"不支持“{path.suffix or '无扩展名'}”文件：{path.name}。可以导入{FORMATS}")
    if suffix == ".xls" and head.startswith(_ZIP_MAGIC):
        suffix = ".xlsx"  # an .xlsx renamed .xls: read it for what it is
    deadline = preflight.Deadline()
    shared: list = []
    try:
        if head.startswith(_ZIP_MAGIC):
            if suffix == ".ods":
                preflight.check_ods(path, deadline)
            else:
                shared = preflight.check_xlsx_book(path, deadline)
        elif suffix != ".xls" or not head.startswith(_OLE_MAGIC):
            raise _unreadable(path)
        from python_calamine import SheetTypeEnum, SheetVisibleEnum

        workbook = _calamine_open(path, by_content=suffix != path.suffix.lower())
        sheets = [Sheet(m.name, m.visible == SheetVisibleEnum.Visible) for m in workbook.sheets_metadata
                  if m.typ == SheetTypeEnum.WorkSheet]
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - zip, XML and calamine's own errors alike: the file is unreadable
        raise _unreadable(path, str(error)) from None
    if not sheets:
        raise ValidationError(f"“{path.name}”中没有工作表")
    return Book(path, sheets, workbook, shared, deadline)


def _calamine_open(path: Path, *, by_content: bool = False):
    """calamine picks the format by the name; ``by_content`` (a file named
    .xls that is an .xlsx inside, as some programs save) by the bytes."""
    from python_calamine import CalamineWorkbook

    try:
        if by_content:
            with path.open("rb") as stream:
                return CalamineWorkbook.from_filelike(stream)
        return CalamineWorkbook.from_path(str(path))
    except BaseException as error:
        if _is_panic(error):
            raise _unreadable(path, str(error)) from None
        if isinstance(error, Exception):
            if "password" in str(error).lower() or type(error).__name__ == "PasswordError":
                raise ValidationError(f"“{path.name}”设有打开密码，请在 Excel 中取消密码后再导入") from None
            raise _unreadable(path, str(error)) from None
        raise


def _read_calamine(book: Book, name: str, progress) -> SheetData:
    path, deadline = book.path, book._deadline
    deadline.check(path.name)
    try:
        if path.suffix.lower() == ".xls" and not _is_zip(path):
            preflight.check_xls(path, name, deadline)
        elif path.suffix.lower() != ".ods":
            preflight.check_xlsx_sheet(path, name, book._shared, deadline)
        sheet = book._workbook.get_sheet_by_name(name)
        book.close()  # the workbook's own cells (an .xls holds every sheet's): freed before ours are made
        preflight.check_extent(path.name, name, sheet.height, sheet.width)
        merged = sheet.merged_cell_ranges
        last_row, last_col = sheet.end or (-1, -1)
        rows = plain_rows(_sheet_rows(sheet, last_col), path.name, deadline, progress, total=last_row + 1,
                          width=last_col + 1)
        # The rows above the first filled one, where calamine's iterator starts below them.
        rows[:0] = [()] * (last_row + 1 - len(rows))
    except (ValidationError, Cancelled):
        raise
    except BaseException as error:
        if not (_is_panic(error) or isinstance(error, Exception)):
            raise
        raise _unreadable(path, str(error)) from None
    del sheet  # calamine's copy of the cells
    release_freed_memory()
    return SheetData(name, rows, merged)


def _sheet_rows(sheet, last_col: int):
    """The sheet's rows with the columns from A (as ``to_python(skip_empty_area=False)``
    gives them), one at a time: each is converted before the next is made, so the
    whole sheet never exists twice as Python lists (that was 74 MB of a 50,000-row
    ledger's peak). calamine's rows may start at the first filled column: what is
    missing before it is put back, worked out from the sheet's last column."""
    for row in sheet.iter_rows():
        missing = last_col + 1 - len(row)
        yield [""] * missing + row if missing > 0 else row


def release_freed_memory() -> None:
    """Give the memory calamine's cells took back to the system (glibc's
    ``malloc_trim``; elsewhere nothing). Freed, it stays in the C heap, where
    Python's own small objects (kept apart, in arenas) never reuse it: after
    reading a 50,000-row .xls that was 40 MB of the import's peak."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc (musl has no malloc_trim): nothing to give back this way


def _is_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == _ZIP_MAGIC


# Distinct texts per column kept while reading, and a column's memo dropped
# when it passes this many (names, ID numbers, phones repeat little).
SHARED_TEXTS = 2_000


def plain_rows(raw, name: str, deadline, progress=None, *, total: int | None = None,
               width: int | None = None) -> list[tuple]:
    """calamine's rows as the importers take them, converted row by row: '' →
    None, 3.0 → 3, a number Excel cannot hold (inf, nan) → "#NUM!" as Excel
    shows it. Cells past ``limits.MAX_CELL_CHARS`` were refused by
    ``preflight`` from the bytes. One comprehension per row: this loop runs
    once per cell of the sheet.

    A text that a column repeats (its grid, door numbers, tags, places) is
    kept once, as one object: calamine gives every cell its own copy, and
    they were a third of a 50,000-row ledger's memory after reading."""
    real, big = float, 1e16
    if total is None:
        total = len(raw)
    if width is None:
        width = max(map(len, raw[:1000]), default=0)
    memos = [{} for _ in range(width)]
    found = []
    for number, row in enumerate(raw):
        values = [v if v.__class__ is not real else
                  ((int(v) if -big < v < big else v) if v.is_integer() else
                   (v if -_INF < v < _INF else "#NUM!"))
                  for v in row] if real in map(type, row) else row
        values = [None if v == "" else (v if memo is None or v.__class__ is not str else memo.setdefault(v, v))
                  for v, memo in zip(values, memos)] + [None if v == "" else v for v in values[width:]]
        while values and values[-1] is None:
            values.pop()
        found.append(tuple(values))
        if number % 5000 == 4999:
            deadline.check(name)
            if progress is not None and not progress(number + 1, total):
                raise Cancelled()
            memos = [None if memo is None or len(memo) > SHARED_TEXTS else memo for memo in memos]
    return found


# --- CSV ----------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV file: UTF-8 with or without BOM, UTF-16 with
    BOM (Excel's “Unicode 文本”), else GB18030 (which contains GBK, what WPS
    and Excel write on a Chinese Windows). UTF-8 is tried strictly first: a
    GBK file is practically never valid UTF-8, so the first success is right."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        raise ValidationError(f"无法识别 CSV 文件的编码（不是 UTF-8 也不是 GBK）：第 {error.start} 字节附近") from None


def _open_csv(path: Path) -> Book:
    book = Book(path, [Sheet(path.stem, True)])
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValidationError(f"无法读取文件：{path.name}（{limits.quote(error)}）") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _unreadable(path, "含有二进制内容")
    text, _encoding = decode_text(data)
    del data
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows, longest = [], limits.MAX_CELL_CHARS
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), 1):
            if number > limits.MAX_ROWS + preflight.ROW_SLACK:
                raise preflight.too_large(path.name, f"超过本程序一次可读的 {limits.MAX_ROWS} 行，请分成几个文件导入")
            if len(row) > limits.MAX_COLUMNS:
                raise preflight.too_large(path.name, f"第 {number} 行有 {len(row)} 列，超过 {limits.MAX_COLUMNS} 列")
            values = []
            for value in row:
                if len(value) > longest:
                    raise preflight.too_large(path.name, f"第 {number} 行有一个单元格超过 {longest} 个字，"
                                                         f"以“{limits.quote(value)}”开头")
                values.append(value if value.strip() else None)
            while values and values[-1] is None:
                values.pop()
            rows.append(tuple(values))
    except csv.Error as error:
        if "field larger" in str(error):
            raise preflight.too_large(path.name, f"有一个单元格超过 {longest} 个字") from None
        raise _unreadable(path, str(error)) from None
    book._csv = SheetData(path.stem, rows, None)
    return book
