"""The tolerant reader: real clerks' sheets, not only our template.

Reads .xlsx, .xlsm, .xls, .ods (python-calamine) and .csv (``sources``).
The header row may be anywhere in the first 15 rows (found by synonyms),
below merged title rows, and may be two rows, a group over the fields
(``headers``); a 序号 column, blank rows, the template's example row and a
totals row (合计/总计) at the bottom are skipped. Hidden sheets are read only
when named. A damaged or oversized file is refused with a Chinese message
before anything is planned (``preflight``, ``domain.limits``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from dataclasses import dataclass, field
from pathlib import Path

from lianhu_desktop.domain import limits
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.excel import headers as header_rows
from lianhu_desktop.excel.columns import (
    COLUMNS, EXAMPLE_MARKERS, IGNORED_HEADERS, KIND_LABELS, header_index, normalize_header,
)
from lianhu_desktop.excel.kind_check import check_kind
from lianhu_desktop.excel.sources import open_book

HEADER_SEARCH_ROWS = header_rows.HEADER_SEARCH_ROWS
_FOOTER_WORDS = ("合计", "总计", "小计", "共计", "制表", "填表", "审核", "负责人", "统计人",
                 "注:", "注：", "说明:", "说明：", "填报单位")


@dataclass
class Table:
    """One sheet as read: where the header is, what each column means, the data rows."""

    kind: str
    sheet: str
    sheets: list[str]
    header_row: int  # as Excel shows it (1-based)
    headers: list[str]  # the header texts as written, by column index
    mapping: dict[int, str]  # column index → column key
    unknown: list[int]  # columns that go into notes
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (Excel row, values)
    group_row: int | None = None  # a group row above the header (基本信息 over 姓名 …), 1-based
    hidden_sheets: list[str] = field(default_factory=list)  # not read unless named
    # The rows as an importer cleaned them, keyed by the importer's own key
    # (kind, mapping): what needs no database is worked out once per table.
    cleaned: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def header_rows(self) -> str:
        """Where the header is, as the report says it: "第 4 行" or "第 3–4 行"."""
        if self.group_row is not None:
            return f"第 {self.group_row}–{self.header_row} 行"
        return f"第 {self.header_row} 行"

    def column_of(self, key: str) -> int | None:
        return next((index for index, k in self.mapping.items() if k == key), None)


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector during a bulk operation.

    An import builds hundreds of thousands of small objects that live until
    it ends; the collector would walk them again and again for nothing (none
    form cycles). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def list_sheets(path: str | Path, *, hidden: bool = False) -> list[str]:
    """The names of a workbook's visible sheets (all with ``hidden``), for the wizard's sheet choice."""
    book = open_book(path)
    try:
        return [s.name for s in book.sheets] if hidden else book.visible
    finally:
        book.close()


def _is_blank(row) -> bool:
    for value in row:  # noqa: SIM110 - a plain loop is faster on 50,000 rows
        if value is not None and (value.__class__ is not str or value.strip()):
            return False
    return True


def is_footer(row) -> bool:
    """A totals row or a signature line (合计, 总计, 制表人 …): its first
    non-empty cell starts with such a word."""
    for value in row:
        if value is None:
            continue
        if not isinstance(value, str):
            return False
        if value.strip():
            return "".join(value.split()).startswith(_FOOTER_WORDS)
    return False


def find_header(rows: list[tuple], kind: str) -> tuple[int, dict[int, str]]:
    """(index of the header row among ``rows``, column index → key); -1 when not found."""
    found = header_rows.single(rows, _key_finder(kind))
    columns = {}
    index = header_index(kind)
    for col, text in enumerate(found.labels):
        key = index.get(normalize_header(text))
        if key and key not in columns.values():
            columns[col] = key
    return found.at, columns


def _key_finder(kind: str):
    index = header_index(kind)
    return lambda text: index.get(normalize_header(text)) if text else None


def _column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_required(kind: str, mapping: dict[int, str], sheet: str, headers: list[str] | None = None,
                    unplaced: list[int] | None = None) -> None:
    for column in COLUMNS[kind]:
        if column.required and column.key not in mapping.values():
            named = ""
            if headers and unplaced:
                shown = [f"{_column_letter(c)} 列“{limits.quote(headers[c], 20)}”" for c in unplaced[:12]]
                more = f" 等 {len(unplaced)} 列" if len(unplaced) > 12 else ""
                named = f"。未能识别的列：{'、'.join(shown)}{more}"
            raise ValidationError(
                f"工作表“{limits.quote(sheet)}”的前 {HEADER_SEARCH_ROWS} 行中找不到“{column.header}”列，"
                f"无法作为{KIND_LABELS[kind]}导入；请检查表头，或使用导入模板{named}")


def read_table(path: str | Path, kind: str, *, sheet: str | None = None,
               mapping: dict[int, str | None] | None = None, progress=None) -> Table:
    """Read a sheet and detect its columns.

    ``mapping`` (column index → key, or None to ignore the column) replaces
    the detected mapping for the columns it names, as the wizard lets the
    user correct it. ``progress(done, total)`` is called while reading;
    returning False raises ``errors.Cancelled``.
    """
    with gc_paused():
        return _read_table(path, kind, sheet, mapping, progress)


def _read_table(path, kind, sheet, mapping, progress) -> Table:
    book = open_book(path)
    try:
        name = book.choose(sheet)
        data = book.read(name, progress)
    finally:
        book.close()
    hidden = [s.name for s in book.sheets if not s.visible]
    return table_from_rows(data.rows, kind, sheet=name, sheets=book.visible, mapping=mapping,
                           merged=data.merged, hidden_sheets=hidden)


def resolve_columns(kind: str, headers: list[str], mapping: dict[int, str | None] | None = None,
                    *, sheet: str = "") -> tuple[dict[int, str], list[int]]:
    """(column index → key, unknown columns) for a header row, after the user's
    corrections in ``mapping`` (key None: ignore the column)."""
    index = header_index(kind)
    detected = {}
    for col, text in enumerate(headers):
        key = index.get(normalize_header(text)) if text else None
        if key and key not in detected.values():
            detected[col] = key
    ignored = {col for col, text in enumerate(headers) if normalize_header(text) in IGNORED_HEADERS}
    for col, key in (mapping or {}).items():
        detected.pop(col, None)
        if key is None:
            ignored.add(col)
        else:
            detected = {c: k for c, k in detected.items() if k != key}
            detected[col] = key
    unknown = [col for col, text in enumerate(headers)
               if text and col not in detected and col not in ignored]
    _check_required(kind, detected, sheet, headers, unknown)
    return dict(sorted(detected.items())), unknown


def remap(table: Table, mapping: dict[int, str | None]) -> Table:
    """The same rows under the user's corrected column mapping (no re-reading)."""
    columns, unknown = resolve_columns(table.kind, table.headers, mapping, sheet=table.sheet)
    return dataclasses.replace(table, mapping=columns, unknown=unknown)


def table_from_rows(raw_rows: list[tuple], kind: str, *, sheet: str = "", sheets=None,
                    mapping: dict[int, str | None] | None = None, merged=None,
                    hidden_sheets=None) -> Table:
    """Find the header and data rows in already-read rows; a sheet of another
    kind (a roster read as households …) is refused (``kind_check.WrongKind``)."""
    check_kind(raw_rows, kind, merged=merged)
    header = header_rows.find(raw_rows, _key_finder(kind), merged)
    if header.at < 0:
        # No row names a known column: name the columns of the first row that has any.
        first = next((row for row in raw_rows[:HEADER_SEARCH_ROWS] if not _is_blank(row)), ())
        texts = ["" if v is None else str(v).strip() for v in first]
        _check_required(kind, {}, sheet, texts,
                        [c for c, t in enumerate(texts) if t and normalize_header(t) not in IGNORED_HEADERS])
    headers = header.labels
    columns, unknown = resolve_columns(kind, headers, mapping, sheet=sheet)
    serial_cols = [col for col, text in enumerate(headers) if normalize_header(text) in ("序号", "编号")]
    rows = []
    for offset, row in enumerate(raw_rows[header.at + 1:], header.at + 2):
        if _is_blank(row):
            continue
        if is_footer(row):
            continue
        if any(col < len(row) and isinstance(row[col], str) and row[col].strip() in EXAMPLE_MARKERS
               for col in serial_cols):
            continue
        rows.append((offset, row))
    if len(rows) > limits.MAX_ROWS:
        raise ValidationError(f"工作表“{limits.quote(sheet)}”有 {len(rows)} 行数据，超过本程序一次可导入的 "
                              f"{limits.MAX_ROWS} 行，请分成几个文件导入")
    group = header.group_at + 1 if header.group_at is not None else None
    return Table(kind=kind, sheet=sheet, sheets=list(sheets or [sheet]), header_row=header.at + 1,
                 headers=headers, mapping=columns, unknown=unknown, rows=rows, group_row=group,
                 hidden_sheets=list(hidden_sheets or []))
