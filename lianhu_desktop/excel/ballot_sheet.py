"""民主测评票 in a sheet: the template and the import (``lianhu template|import ballots``).

One row per ballot *entry*: 票号, 评议人类别 (党员 / 群众代表), 录入次 (1 or 2),
then one column per member headed by the member's ballot label (the name,
plus the last four ID digits where two members share a name; the plain name
is enough when it is unique), each cell 优秀 / 合格 / 基本合格 / 不合格 or blank
(not graded), and 备注: a row whose 备注 says 作废 is a spoiled ballot.

The sheet is read as clerks' sheets are (``excel.sources``, ``excel.headers``):
the header anywhere in the first rows below merged title rows, blank rows,
full-width digits, totals and signature rows skipped. The template's rows
come numbered (票号 and 录入次 filled in); a row whose 评议人类别, grades and 备注
are all empty is such an unused row and is skipped.

The import is all or nothing: any problem and nothing is written, every
problem reported with its row and column. An entry already stored exactly
as the sheet has it is skipped, so importing the same file again changes
nothing; an entry stored differently is a problem (it is corrected in the
entry window, where the change is confirmed and audited). Ballots whose two
entries differ are not counted and are listed; a ballot entered once counts
only with single-entry counting (``--single-entry`` switches it on).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lianhu_desktop.domain import ballots as domain
from lianhu_desktop.domain import limits
from lianhu_desktop.domain.appraisal_types import BallotSums
from lianhu_desktop.domain.vocab import GRADES, VOTER_KINDS
from lianhu_desktop.errors import Cancelled, ValidationError
from lianhu_desktop.excel import headers as header_rows
from lianhu_desktop.excel.cells import set_value
from lianhu_desktop.excel.columns import IGNORED_HEADERS, normalize_header
from lianhu_desktop.excel.importers import Rejection, cell_text, shown
from lianhu_desktop.excel.reader import is_footer
from lianhu_desktop.excel.sources import open_book
from lianhu_desktop.excel.templates import save_workbook

KIND = "ballots"
LABEL = "民主测评票"
SERIAL, VOTER, ENTRY, NOTE = "serial", "voter_kind", "entry", "note"
HEADERS = {SERIAL: "票号", VOTER: "评议人类别", ENTRY: "录入次", NOTE: "备注"}
SYNONYMS = {
    SERIAL: ("票号", "测评票号", "选票号", "票编号", "测评票编号"),
    VOTER: ("评议人类别", "评议人", "投票人类别", "评议类别", "测评人类别"),
    ENTRY: ("录入次", "录入次数", "第几次录入", "录入次序"),
    NOTE: ("备注", "说明"),
}
KIND_SYNONYMS = {"党员": "党员", "群众代表": "群众代表", "群众": "群众代表"}
ENTRY_WORDS = {"1": 1, "2": 2, "一": 1, "二": 2}
SPOILED = "作废"
SPARE_ROWS = 20  # template rows beyond the members on the ballot, when the ballots issued are not known
HEADER_ROW = 3
TITLE_FONT = Font(bold=True, size=16)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SECOND_FILL = PatternFill("solid", fgColor="F2F2F2")
NOTE_FONT = Font(color="595959")
BLOCK_TOP = Border(top=Side(style="medium", color="808080"))


def _norm(text) -> str:
    """A header or label as compared: NFKC (full-width brackets and digits), no spaces or * marks."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text))
    return "".join(value.split()).replace("*", "").replace("※", "").upper()


# --- the template -------------------------------------------------------------

def write_ballot_template(path, village_id: int, *, year: int | None = None) -> Path:
    """The entry sheet for ``year``'s ballots: a column per member, rows numbered for both entries."""
    from lianhu_desktop.domain.appraisal_types import appraisal_for
    from lianhu_desktop.store.models import Village

    if year is None:
        raise ValidationError("测评票模板须指定年度（--year）")
    members = domain.ballot_members(village_id, year)
    if not members:
        raise ValidationError(f"{year} 年度的测评名单上还没有党员：请先录入党员花名册")
    village = Village.get_by_id(village_id)
    appraisal = appraisal_for(village_id, year)
    issued = appraisal.ballots_issued if appraisal is not None else None
    count = issued if issued else len(members) + SPARE_ROWS
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LABEL
    fixed = [HEADERS[SERIAL], HEADERS[VOTER], HEADERS[ENTRY]]
    width = len(fixed) + len(members) + 1
    last = get_column_letter(width)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = f"{village.name} {year} 年度民主评议党员测评票录入表"
    sheet["A1"].font = TITLE_FONT
    sheet["A1"].alignment = Alignment(horizontal="left")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = ("每行录入一张票的一次：先填评议人类别，再在各党员列选等次"
                   "（优秀、合格、基本合格、不合格，未评的留空）；"
                   "作废的票在备注中写“作废”。上半部分是第 1 次录入，下半部分是第 2 次录入（灰色），"
                   "两次须由两人分别对照纸质票录入，互不参看。详见“填写说明”工作表。")
    sheet["A2"].font = NOTE_FONT
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 48
    heads = [*fixed, *(m.label for m in members), HEADERS[NOTE]]
    for col, text in enumerate(heads, 1):
        cell = set_value(sheet, HEADER_ROW, col, text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, member in enumerate(members, len(fixed) + 1):
        sheet.cell(HEADER_ROW, col).comment = Comment(f"{member.label}（{member.tier}）", "联户通", width=180,
                                                      height=50)
        sheet.column_dimensions[get_column_letter(col)].width = max(8, len(member.label) * 2 + 1)
    for letter, w in zip("ABC", (7, 11, 7)):
        sheet.column_dimensions[letter].width = w
    sheet.column_dimensions[last].width = 16
    sheet.row_dimensions[HEADER_ROW].height = 36
    first = HEADER_ROW + 1
    for entry in (1, 2):
        for serial in range(1, count + 1):
            row = first + (entry - 1) * count + serial - 1
            sheet.cell(row, 1, serial)
            sheet.cell(row, 3, entry)
            if entry == 2:
                for col in range(1, width + 1):
                    sheet.cell(row, col).fill = SECOND_FILL
            if serial == 1 and entry == 2:
                for col in range(1, width + 1):
                    sheet.cell(row, col).border = BLOCK_TOP
    end = first + 2 * count - 1
    grade_rule = DataValidation(type="list", formula1=f'"{",".join(GRADES)}"', allow_blank=True,
                                showErrorMessage=True, errorTitle="请从下拉列表中选择",
                                error=f"等次应为：{'、'.join(GRADES)}（未评的留空）")
    grade_rule.add(f"{get_column_letter(len(fixed) + 1)}{first}:{get_column_letter(width - 1)}{end}")
    kind_rule = DataValidation(type="list", formula1=f'"{",".join(VOTER_KINDS)}"', allow_blank=True,
                               showErrorMessage=True, errorTitle="请从下拉列表中选择",
                               error=f"评议人类别应为：{'、'.join(VOTER_KINDS)}")
    kind_rule.add(f"B{first}:B{end}")
    entry_rule = DataValidation(type="list", formula1='"1,2"', allow_blank=True, showErrorMessage=True,
                                errorTitle="请从下拉列表中选择", error="录入次应为 1 或 2")
    entry_rule.add(f"C{first}:C{end}")
    for rule in (grade_rule, kind_rule, entry_rule):
        sheet.add_data_validation(rule)
    sheet.freeze_panes = sheet.cell(first, len(fixed) + 1)
    _instructions(workbook.create_sheet("填写说明"), year, count, members)
    workbook.active = 0
    return save_workbook(workbook, path)


def _instructions(sheet, year: int, count: int, members) -> None:
    same_names = [m.label for m in members if m.label != m.name]
    lines = [
        f"{year} 年度民主测评票录入表填写说明",
        "每行是一张纸质测评票的一次录入。票号写在纸质票上，与表中“票号”对应；表中已按票号 1、2、3……排好，"
        f"共 {count} 张（票不够时可在下面接着添行）。",
        "“评议人类别”填党员或群众代表；各党员列填优秀、合格、基本合格或不合格，未评的留空；整张票都未评的是空白票，"
        "照样录入（填上评议人类别即可）。",
        "作废的票在“备注”中写“作废”，其余各格不必再填；没有用到的行（评议人类别、等次和备注都空着）导入时跳过。",
        "两次录入（双人录入）：上半部分“录入次”为 1，下半部分为 2。两人各拿一份模板对照纸质票分别录入，互不参看，"
        "可以分别导入；两次录入一致的票才计入结果，不一致的会列出来，请对照纸质票在测评票录入窗口中核对更正。",
        "只录入了一次的票默认不计入；确需如此时导入时加 --single-entry（计票规则改为“只录入一次的票也计入”）。",
        "表头中的党员姓名请勿改动；同名党员以姓名加身份证号码后四位区分"
        + (f"（本表中：{'、'.join(same_names)}）" if same_names else "") + "。",
        "默认“全部成功才写入”：只要有一处问题，就一张也不写入，并列出每处问题（第几行、哪一列）；改正后再导入即可。"
        "再次导入同一份表格时，已录入且内容相同的票会跳过，不会重复计票。",
    ]
    for number, line in enumerate(lines):
        text = line if number == 0 else f"{number}. {line}"
        cell = sheet.cell(number + 1, 1, text)
        cell.font = TITLE_FONT if number == 0 else Font()
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110
    start = len(lines) + 2
    for col, title in enumerate(("测评名单上的党员", "考核类别"), 1):
        sheet.cell(start, col, title).font = HEADER_FONT
    for row, member in enumerate(members, start + 1):
        set_value(sheet, row, 1, member.label)
        sheet.cell(row, 2, member.tier)
    sheet.column_dimensions["B"].width = 14


# --- reading --------------------------------------------------------------------

@dataclass
class _Columns:
    """What each column of the sheet's header is."""

    fixed: dict[str, int] = field(default_factory=dict)  # SERIAL … → column
    members: dict[int, int] = field(default_factory=dict)  # column → member id
    problems: list[Rejection] = field(default_factory=list)


def _fixed_index() -> dict[str, str]:
    index = {}
    for key, names in SYNONYMS.items():
        for name in names:
            index[_norm(name)] = key
    return index


def _member_index(members) -> tuple[dict[str, int], dict[str, list[str]]]:
    """(normalised label or unique plain name → member id, shared plain name → the labels to use)."""
    by_label = {_norm(m.label): m.id for m in members}
    names: dict[str, list] = {}
    for member in members:
        names.setdefault(_norm(member.name), []).append(member)
    shared = {}
    for name, same in names.items():
        if len(same) == 1:
            by_label.setdefault(name, same[0].id)
        else:
            shared[name] = [m.label for m in same]
    return by_label, shared


def _key_finder(fixed: dict[str, str], labels: dict[str, int]):
    def key_of(text: str):
        if not text:
            return None
        value = _norm(text)
        key = fixed.get(value) or fixed.get(normalize_header(text))
        if key:
            return key
        member = labels.get(value)
        return ("member", member) if member is not None else None
    return key_of


def _columns(header_texts: list[str], at: int, fixed: dict[str, str], labels: dict[str, int],
             shared: dict[str, list[str]], members) -> _Columns:
    found = _Columns()
    row = at + 1
    names = {m.id: m.label for m in members}
    seen_members: dict[int, int] = {}
    for col, text in enumerate(header_texts):
        if not text:
            continue
        value = _norm(text)
        key = fixed.get(value) or fixed.get(normalize_header(text))
        if key:
            if key in found.fixed:
                found.problems.append(Rejection(row, text, "", f"“{HEADERS[key]}”列出现了两次"))
            else:
                found.fixed[key] = col
            continue
        if value in labels:
            member_id = labels[value]
            if member_id in seen_members:
                found.problems.append(Rejection(row, text, "", f"党员“{names[member_id]}”的列出现了两次"))
            else:
                seen_members[member_id] = col
                found.members[col] = member_id
            continue
        if value in shared:
            found.problems.append(Rejection(
                row, text, "", f"有 {len(shared[value])} 名党员叫“{limits.quote(text)}”，请把表头写作"
                               f"{'、'.join(shared[value])}以区分"))
            continue
        if normalize_header(text) in IGNORED_HEADERS:
            continue
        found.problems.append(Rejection(
            row, text, "", f"“{limits.quote(text)}”不是本年度测评名单上的党员，也不是票号、评议人类别、录入次或备注："
                           "请核对姓名（同名党员写作 姓名（身份证号码后四位））；不是党员的列请删去"))
    for key in (SERIAL, VOTER, ENTRY):
        if key not in found.fixed:
            found.problems.append(Rejection(row, HEADERS[key], "", f"表头中没有“{HEADERS[key]}”列"))
    return found


def _serial(value) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    number = float(text)  # "12.0" from a CSV written by another program; ValueError for words
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


def _entry(value) -> int | None:
    text = "".join(cell_text(value).split())
    if not text:
        return None
    if text.startswith("第") and text.endswith("次"):
        text = text[1:-1]
    if text in ENTRY_WORDS:
        return ENTRY_WORDS[text]
    raise ValueError(text)


def _is_blank(row) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def _cell(row: tuple, col: int | None):
    return row[col] if col is not None and col < len(row) else None


# --- the result -----------------------------------------------------------------

@dataclass
class BallotImportResult:
    """What an import of ballots did, as ``commands.excel.run_import`` shows it."""

    year: int
    rows: int = 0  # data rows read (unused template rows included)
    imported: int = 0  # entries written (or, checked only, to write)
    unchanged: int = 0  # entries already stored exactly so: skipped
    unfilled: int = 0  # unused template rows: skipped
    rejected: list[Rejection] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    cancelled: bool = False
    single_entry: bool = False  # --single-entry given
    single_entry_switched: bool = False
    sums: BallotSums | None = None
    mismatches: list[tuple[int, list[tuple[str, str, str, str]]]] = field(default_factory=list)
    singles: list[int] = field(default_factory=list)
    missing_members: list[str] = field(default_factory=list)
    sheet: str = ""
    hidden_sheets: list = field(default_factory=list)
    kind: str = KIND
    updated: int = 0  # entries are never updated by an import (the entry window corrects them)
    links: list = field(default_factory=list)  # the households' import has these; ballots none

    def to_json(self) -> dict:
        return {"kind": self.kind, "year": self.year, "rows": self.rows, "imported": self.imported,
                "updated": self.updated, "unchanged": self.unchanged, "unfilled": self.unfilled,
                "rejected": [r.as_dict() for r in self.rejected], "written": self.written,
                "dry_run": self.dry_run, "single_entry": self.single_entry,
                "single_entry_switched": self.single_entry_switched,
                "sums": self.sums.to_json() if self.sums is not None else None,
                "mismatches": [{"serial": serial, "differences": [
                    {"member": who, "what": what, "first": first, "second": second}
                    for who, what, first, second in rows]} for serial, rows in self.mismatches],
                "singles": list(self.singles), "missing_members": list(self.missing_members)}

    def summary(self) -> str:
        if self.written:
            verb = "已导入"
        elif self.dry_run:
            verb = "检查完毕（仅检查，未写入）"
        elif self.rejected or self.cancelled:
            verb = "未写入"
        else:
            verb = "与数据库一致，无需改动"
        bad = len({r.row for r in self.rejected})
        to = "" if self.written or not self.dry_run else "将"
        lines = [f"{self.year} 年度{LABEL}{verb}：共 {self.rows} 行，{to}新增 {self.imported} 次录入，"
                 f"已录入且相同而跳过 {self.unchanged} 次，未填写的空行 {self.unfilled} 行，有问题 {bad} 行"]
        if self.cancelled:
            lines.append("导入已取消，数据库未作任何改动")
        if self.rejected:
            return "\n".join(lines)
        if self.single_entry:
            if self.single_entry_switched:
                lines.append(("将" if self.dry_run else "已") + "按 --single-entry 把计票规则改为"
                             "“只录入一次的票也计入”：只录入了一次的票计入结果")
            else:
                lines.append("计票规则已是“只录入一次的票也计入”（--single-entry）")
        sums = self.sums
        if sums is not None:
            pending = sums.mismatched + sums.single
            issued = f"发出 {sums.issued} 张，" if sums.issued is not None else ""
            after = "（导入后）" if self.dry_run else ""
            lines.append(f"计票{after}：{issued}收回 {sums.returned} 张 = 有效 {sums.valid} + "
                         f"无效 {sums.invalid} + 待核对 {pending}；其中空白票 {sums.blank} 张")
        if self.mismatches:
            lines.append(f"两次录入不一致、未计入的票 {len(self.mismatches)} 张"
                         "（请对照纸质票在测评票录入窗口中核对）：")
            for serial, rows in self.mismatches:
                parts = [f"{who}：第 1 次“{first or '未评'}”，第 2 次“{second or '未评'}”"
                         if what == "等次" else f"{what}：第 1 次“{first}”，第 2 次“{second}”"
                         for who, what, first, second in rows]
                lines.append(f"  第 {serial} 号：" + "；".join(parts))
        if self.singles:
            shown_serials = "、".join(str(s) for s in self.singles[:30]) + (" 等" if len(self.singles) > 30 else "")
            lines.append(f"只录入了一次、未计入的票 {len(self.singles)} 张：第 {shown_serials} 号"
                         "（完成第二次录入后计入，或导入时加 --single-entry）")
        if self.missing_members:
            lines.append(f"表中没有以下党员的列，视为未评：{'、'.join(self.missing_members)}")
        return "\n".join(lines)


# --- the import -------------------------------------------------------------------

def import_ballots(path, village_id: int, *, sheet: str | None = None, dry_run: bool = False, progress=None,
                   year: int | None = None, single_entry: bool = False) -> BallotImportResult:
    """Read a ballots sheet and (unless ``dry_run``) enter every entry in it, all or nothing."""
    if year is None:
        raise ValidationError("导入测评票须指定年度（--year）")
    report = progress or (lambda done, total: True)
    book = open_book(path)
    try:
        name = book.choose(sheet)
        try:
            data = book.read(name, lambda done, total: report(done * 4, total * 5))
        except Cancelled:
            return BallotImportResult(year, cancelled=True, dry_run=dry_run)
    finally:
        book.close()
    result = BallotImportResult(year, dry_run=dry_run, single_entry=single_entry, sheet=name,
                                hidden_sheets=[s.name for s in book.sheets if not s.visible])
    members = domain.ballot_members(village_id, year)
    if not members:
        raise ValidationError(f"{year} 年度的测评名单上还没有党员：请先录入党员花名册")
    fixed = _fixed_index()
    labels, shared = _member_index(members)
    key_of = _key_finder(fixed, labels)
    header = header_rows.single(data.rows, key_of)
    if header.at < 0 or not any(key_of(text) == SERIAL for text in header.labels):
        raise ValidationError(f"工作表“{limits.quote(name)}”的前 {header_rows.HEADER_SEARCH_ROWS} 行中找不到“票号”列，"
                              f"无法作为{LABEL}导入；请使用测评票模板"
                              f"（lianhu template ballots OUT.xlsx --year {year}）")
    columns = _columns(header.labels, header.at, fixed, labels, shared, members)
    result.rejected += columns.problems
    present = set(columns.members.values())
    result.missing_members = [m.label for m in members if m.id not in present]
    heads = header.labels
    items = _items(data.rows, header.at, columns, heads, result)
    if result.rejected:
        result.rejected.sort(key=lambda r: r.row)
        return result
    if not report(9, 10):
        result.cancelled = True
        return result
    outcome = domain.enter_ballots(village_id, year, items, single_entry=single_entry, dry_run=dry_run)
    where = {SERIAL: HEADERS[SERIAL], VOTER: HEADERS[VOTER], ENTRY: HEADERS[ENTRY], NOTE: HEADERS[NOTE]}
    values = {item.row: item for item in items}
    for row, key, reason in outcome.problems:
        item = values.get(row)
        value = {SERIAL: item.serial, VOTER: item.voter_kind, ENTRY: item.entry}.get(key, "") if item else ""
        result.rejected.append(Rejection(row, where.get(key, ""), str(value), reason))
    result.rejected.sort(key=lambda r: r.row)
    result.imported, result.unchanged = len(outcome.new), len(outcome.unchanged)
    result.written = outcome.written
    result.single_entry_switched = outcome.single_entry_switched
    if outcome.count is not None:
        label = {m.id: m.label for m in members}
        result.sums = outcome.count.sums
        result.singles = list(outcome.count.singles)
        result.mismatches = [(mismatch.serial, [(label.get(member_id, what) if member_id is not None else what,
                                                 what, first, second)
                                                for member_id, what, first, second in mismatch.differences])
                             for mismatch in outcome.count.mismatches]
    report(10, 10)
    return result


def _items(rows, at: int, columns: _Columns, heads: list[str], result: BallotImportResult) -> list:
    """Every filled row as a ``BallotItem``; each unreadable cell a rejection in ``result``."""
    serial_col, voter_col = columns.fixed.get(SERIAL), columns.fixed.get(VOTER)
    entry_col, note_col = columns.fixed.get(ENTRY), columns.fixed.get(NOTE)
    serial_head = heads[serial_col] if serial_col is not None else HEADERS[SERIAL]
    items, seen = [], {}
    for offset, row in enumerate(rows[at + 1:], at + 2):
        if _is_blank(row) or is_footer(row):
            continue
        result.rows += 1
        problems = []
        kind_text = "".join(cell_text(_cell(row, voter_col)).split())
        note = "" if _cell(row, note_col) is None else str(_cell(row, note_col)).strip()
        raw_grades = {col: "".join(cell_text(_cell(row, col)).split()) for col in columns.members}
        if not kind_text and not note and not any(raw_grades.values()):
            result.unfilled += 1
            continue
        try:
            serial = _serial(_cell(row, serial_col))
            if serial is None:
                problems.append(Rejection(offset, serial_head, "", "请填写票号"))
            elif serial < 1:
                problems.append(Rejection(offset, serial_head, str(serial), "票号应从 1 开始"))
        except ValueError:
            serial = None
            problems.append(Rejection(offset, serial_head, shown(_cell(row, serial_col)),
                                      "票号应为整数（如 12）"))
        entry_head = heads[entry_col] if entry_col is not None else HEADERS[ENTRY]
        try:
            entry = _entry(_cell(row, entry_col))
            if entry is None:
                problems.append(Rejection(offset, entry_head, "", "请填写录入次：1 或 2"))
        except ValueError:
            entry = None
            problems.append(Rejection(offset, entry_head, shown(_cell(row, entry_col)), "录入次应为 1 或 2"))
        voter_head = heads[voter_col] if voter_col is not None else HEADERS[VOTER]
        kind = KIND_SYNONYMS.get(kind_text)
        if not kind_text:
            problems.append(Rejection(offset, voter_head, "", "请填写评议人类别：党员或群众代表"))
        elif kind is None:
            problems.append(Rejection(offset, voter_head, limits.quote(kind_text),
                                      "评议人类别应为党员或群众代表"))
        spoiled = SPOILED in note
        grades = {}
        if not spoiled:
            for col, text in raw_grades.items():
                if not text:
                    continue
                if text not in GRADES:
                    problems.append(Rejection(offset, heads[col], limits.quote(text),
                                              f"等次应为{'、'.join(GRADES)}之一，未评的留空"))
                else:
                    grades[columns.members[col]] = text
        if len(note) > limits.NOTES_MAX:
            problems.append(Rejection(offset, HEADERS[NOTE], limits.quote(note),
                                      f"备注过长（{len(note)} 个字，最多 {limits.NOTES_MAX} 个字）"))
        if serial is not None and entry is not None:
            earlier = seen.get((serial, entry))
            if earlier is not None:
                problems.append(Rejection(offset, serial_head, str(serial),
                                          f"第 {serial} 号票第 {entry} 次录入与第 {earlier} 行重复"))
            else:
                seen[(serial, entry)] = offset
        if problems:
            result.rejected += problems
            continue
        items.append(domain.BallotItem(offset, serial, entry, kind, grades, not spoiled, note))
    return items
