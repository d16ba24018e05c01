"""The tolerant reader: real clerks' sheets, not only our template.

The header row may be anywhere in the first 15 rows (found by synonyms), below
merged title rows; a 序号 column, blank rows, the template's example row and a
totals row (合计/总计) at the bottom are skipped. The workbook is read once,
in read-only mode with values only: that read is most of an import's time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lianhu_desktop.errors import Cancelled, NotFoundError, ValidationError
from lianhu_desktop.excel.columns import (
    COLUMNS, EXAMPLE_MARKERS, IGNORED_HEADERS, KIND_LABELS, header_index, normalize_header,
)

HEADER_SEARCH_ROWS = 15
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

    def column_of(self, key: str) -> int | None:
        return next((index for index, k in self.mapping.items() if k == key), None)


def _open(path: str | Path):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.exists():
        raise NotFoundError(f"找不到文件：{path}")
    if path.suffix.lower() == ".xls":
        raise ValidationError(f"不支持旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再导入：{path.name}")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except PermissionError:
        raise ValidationError(f"无法读取文件，可能正在被 Excel 打开，请关闭后重试：{path.name}") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise ValidationError(f"无法读取该文件，它不是有效的 .xlsx 文件：{path.name}（{error}）") from None


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


def list_sheets(path: str | Path) -> list[str]:
    """The names of a workbook's sheets, for the wizard's sheet choice."""
    workbook = _open(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _is_blank(row) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


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
    index = header_index(kind)
    best, best_mapping = -1, {}
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = {}
        for col, value in enumerate(row):
            key = index.get(normalize_header(value)) if isinstance(value, str) else None
            if key and key not in mapping.values():
                mapping[col] = key
        if len(mapping) > len(best_mapping):
            best, best_mapping = number, mapping
    return best, best_mapping


def _check_required(kind: str, mapping: dict[int, str], sheet: str) -> None:
    for column in COLUMNS[kind]:
        if column.required and column.key not in mapping.values():
            raise ValidationError(
                f"工作表“{sheet}”的前 {HEADER_SEARCH_ROWS} 行中找不到“{column.header}”列，"
                f"无法作为{KIND_LABELS[kind]}导入；请检查表头，或使用导入模板")


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
    workbook = _open(path)
    try:
        names = list(workbook.sheetnames)
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in names:
            worksheet = workbook[sheet]
        else:
            raise NotFoundError(f"文件中没有名为“{sheet}”的工作表。现有：{'、'.join(names)}")
        if worksheet.max_row is None or worksheet.max_column in (None, 1):
            worksheet.reset_dimensions()  # files whose saved dimensions are wrong
        total = worksheet.max_row or 0
        raw_rows = []
        append = raw_rows.append
        for number, row in enumerate(worksheet.iter_rows(values_only=True), 1):
            append(row)
            if progress is not None and number % 2000 == 0 and not progress(number, max(total, number)):
                raise Cancelled()
        title = worksheet.title
    finally:
        workbook.close()
    return table_from_rows(raw_rows, kind, sheet=title, sheets=names, mapping=mapping)


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
    _check_required(kind, detected, sheet)
    unknown = [col for col, text in enumerate(headers)
               if text and col not in detected and col not in ignored]
    return dict(sorted(detected.items())), unknown


def remap(table: Table, mapping: dict[int, str | None]) -> Table:
    """The same rows under the user's corrected column mapping (no re-reading)."""
    columns, unknown = resolve_columns(table.kind, table.headers, mapping, sheet=table.sheet)
    return dataclasses.replace(table, mapping=columns, unknown=unknown)


def table_from_rows(raw_rows: list[tuple], kind: str, *, sheet: str = "", sheets=None,
                    mapping: dict[int, str | None] | None = None) -> Table:
    """Find the header and data rows in already-read rows."""
    header_at, _ = find_header(raw_rows, kind)
    if header_at < 0:
        _check_required(kind, {}, sheet)
    headers = ["" if v is None else str(v).strip() for v in raw_rows[header_at]]
    columns, unknown = resolve_columns(kind, headers, mapping, sheet=sheet)
    serial_cols = [col for col, text in enumerate(headers) if normalize_header(text) in ("序号", "编号")]
    rows = []
    for offset, row in enumerate(raw_rows[header_at + 1:], header_at + 2):
        if _is_blank(row):
            continue
        if is_footer(row):
            continue
        if any(col < len(row) and isinstance(row[col], str) and row[col].strip() in EXAMPLE_MARKERS
               for col in serial_cols):
            continue
        rows.append((offset, row))
    return Table(kind=kind, sheet=sheet, sheets=list(sheets or [sheet]), header_row=header_at + 1,
                 headers=headers, mapping=columns, unknown=unknown, rows=rows)
