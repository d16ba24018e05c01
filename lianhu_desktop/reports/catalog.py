"""Every printable document: its name, layouts, the scopes and options it accepts and how to make it.

The Print Center (打印中心) in the GUI and ``lianhu print`` both read this
registry and call ``print_document``: it gathers the rows for the scope
(``domain.printing`` / ``domain.printrows``), runs the builder with the
progress callback, and after a finished door-plate print remembers the plates
as printed (so "only what changed" works next time).

Besides its scopes a kind declares the options it takes (``options``): a
year, a month, or a number of copies with their first serial number. The
CLI refuses a flag the kind does not take and the Print Center shows only
the fields of the options the chosen kind takes.

Reading the registry loads no builder, no reportlab and no font (the CLI's
help and the window's 打印 menu read it at start): each builder is imported
when its document is printed; the layouts come from ``reports.layouts``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lianhu_desktop.domain import printing, printrows
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.reports import layouts
from lianhu_desktop.reports.geometry import BALLOT_LAYOUTS

VILLAGE, GRID, MEMBER, CHANGED = "village", "grid", "member", "changed"
HOUSEHOLD = "household"  # one household (a door plate reprinted after a change)
# Can be printed for all villages at once (the township), not only one.
TOWNSHIP = "township"
# Options besides the scope: the year printed for, the month (``Scope.month``:
# ``--month``, the Print Center's month box), copies numbered from a first serial.
YEAR, MONTH, COPIES = "year", "month", "copies"
OPTION_LABELS = {YEAR: "年度", MONTH: "月份", COPIES: "份数和起始编号"}
# How a two-sided document turns over (what the printer's duplex setting must be).
DUPLEX_LABELS = layouts.DUPLEX


@dataclass
class PrintResult:
    """What a print produced: the files, their total pages and how many items."""

    kind: str
    paths: list[Path]
    pages: int
    items: int
    household_ids: list[int] = field(default_factory=list)  # door plates printed
    # Each plate's content fingerprint as built, so a later "printed" mark
    # records what is on paper, not what the database says by then.
    plate_fingerprints: dict[int, str] = field(default_factory=dict)
    # "long" / "short": the document is printed two-sided, turning over on that edge; None: either way.
    duplex: str | None = None

    @property
    def duplex_note(self) -> str:
        return DUPLEX_LABELS.get(self.duplex, "")


@dataclass(frozen=True)
class PrintKind:
    key: str
    label: str
    unit: str  # what one item is called: 块, 本, 张 …
    layouts: dict[str, str]  # name → Chinese label
    default_layout: str
    scopes: frozenset[str]
    can_split: bool
    render: Callable
    options: frozenset[str] = frozenset()


def _plates(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.reports import doorplates

    plates = printing.door_plates(scope)
    count = len(plates)
    if not count:
        raise NotFoundError("自上次打印以来没有变化的联户牌，无需重印" if scope.changed_only
                            else "所选范围内没有已联户的农户，没有联户牌可印")
    pages = doorplates.build(plates, path, layout, progress)
    # The plates' fingerprints as drawn (one reading of the rows, not one more per purpose).
    return PrintResult("doorplate", [Path(path)], pages, count, list(plates.drawn), dict(plates.drawn))


def _handbooks(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.reports import handbook

    books = printrows.handbooks(scope)
    if not len(books):
        raise NotFoundError("所选范围内没有在册党员")
    if split_dir is not None:
        files, pages = handbook.build_split(books, split_dir, layout, progress)
        return PrintResult("handbook", files, pages, len(files))
    pages = handbook.build(books, path, layout, progress)
    return PrintResult("handbook", [Path(path)], pages, len(books))


def _contactbook(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.reports import contactbook

    book = printrows.contact_book(scope)
    pages = contactbook.build(book, path, layout, progress)
    # The booklet is folded from sheets printed on both sides, turning over on the short edge.
    return PrintResult("contactbook", [Path(path)], pages, 1, duplex="short" if layout == "booklet" else None)


def _cards(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.reports import cards

    rows = printrows.member_cards(scope)
    if not rows:
        raise NotFoundError("所选范围内没有在册党员")
    pages = cards.build(rows, path, layout, progress)
    return PrintResult("card", [Path(path)], pages, len(rows))


def _commitments(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.reports import notices

    notice = printrows.commitment_notice(scope)
    if not notice.rows:
        raise NotFoundError(f"所选范围内{notice.year}年还没有登记承诺")
    pages = notices.build_commitments(notice, path, progress)
    return PrintResult("commitments", [Path(path)], pages, len(notice.rows))


def _monthly(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.domain import monthly as monthly_rows
    from lianhu_desktop.reports import monthly

    report = monthly_rows.monthly_report(scope.village_id, scope.print_month)
    pages = monthly.build(report, path, progress)
    return PrintResult("monthly", [Path(path)], pages, 1)


def _visitsheets(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.domain import visit_sheet
    from lianhu_desktop.reports import visitsheet

    month = scope.print_month
    sheets = visit_sheet.paper_sheets(scope.village_id, month, scope.member_id)
    if not sheets:
        raise NotFoundError(f"所选范围内{month.year}年{month.month}月没有联户的党员，没有月走访登记表可印")
    pages = visitsheet.build(sheets, path, progress)
    return PrintResult("visitsheet", [Path(path)], pages, len(sheets))


def _pledges(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.reports import pledge

    letters = printrows.pledge_letters(scope)
    if not letters:
        raise NotFoundError("所选范围内没有联户的在册党员，没有责任状可印")
    pages = pledge.build(letters, path, progress)
    return PrintResult("pledge", [Path(path)], pages, len(letters))


def _ballots(scope, path, layout, progress, split_dir) -> PrintResult:
    sheet = printrows.ballot_sheet(scope)
    if not sheet.members:
        raise NotFoundError(f"{sheet.village_name}{sheet.year}年度没有参加评议的党员，没有测评票可印")
    from lianhu_desktop.reports import ballots

    printed = ballots.build(sheet, path, layout, scope.copies or None, scope.start, progress)
    return PrintResult("ballots", [Path(path)], printed.pages, printed.ballots, duplex=printed.duplex)


def _appraisal_sheet(scope):
    sheet = printrows.appraisal_sheet(scope)
    if not sheet.results.members:
        raise NotFoundError(f"{sheet.results.village_name}{sheet.results.year}年度还没有民主评议结果")
    return sheet


def _appraisal(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.reports import appraisal

    sheet = _appraisal_sheet(scope)
    pages = appraisal.build_results(sheet, path, progress)
    return PrintResult("appraisal", [Path(path)], pages, len(sheet.results.members))


def _appraisal_notice(scope, path, layout, progress, split_dir) -> PrintResult:
    from lianhu_desktop.reports import appraisal

    sheet = _appraisal_sheet(scope)
    pages = appraisal.build_notice(sheet, path, progress)
    return PrintResult("appraisal-notice", [Path(path)], pages, len(sheet.results.members))


def _external(key: str, module_name: str) -> Callable:
    """A builder written elsewhere (``build(path, village_id, progress)``), imported on use."""
    def render(scope, path, layout, progress, split_dir) -> PrintResult:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            raise ValidationError("此版本尚不能打印该文档") from None
        pages = module.build(path, scope.village_id, progress)
        return PrintResult(key, [Path(path)], pages, 1)
    return render


_KINDS = (
    PrintKind("doorplate", "联户牌（党员联户工作牌）", "块",
              dict(layouts.DOORPLATE), layouts.DOORPLATE_DEFAULT,
              frozenset({VILLAGE, TOWNSHIP, GRID, MEMBER, CHANGED, HOUSEHOLD}), False, _plates, frozenset({YEAR})),
    PrintKind("handbook", "党员联户工作手册", "本", dict(layouts.HANDBOOK), layouts.HANDBOOK_DEFAULT,
              frozenset({VILLAGE, TOWNSHIP, GRID, MEMBER}), True, _handbooks, frozenset({YEAR})),
    PrintKind("contactbook", "联系手册", "本", dict(layouts.CONTACTBOOK), layouts.CONTACTBOOK_DEFAULT,
              frozenset({VILLAGE, GRID}), False, _contactbook, frozenset({YEAR})),
    PrintKind("card", "党员名片（便民服务联系卡）", "张",
              dict(layouts.CARD), layouts.CARD_DEFAULT,
              frozenset({VILLAGE, TOWNSHIP, GRID, MEMBER}), False, _cards),
    PrintKind("commitments", "党员承诺公示", "项", {"a4": "A4 横向"}, "a4",
              frozenset({VILLAGE, GRID, MEMBER}), False, _commitments, frozenset({YEAR})),
    PrintKind("monthly", "主题党日联户工作汇报（月报）", "份", {"a4": "A4"}, "a4",
              frozenset({VILLAGE}), False, _monthly, frozenset({MONTH})),
    PrintKind("visitsheet", "党员联户月走访登记表", "张", {"a4": "A4 横向（每名党员一张）"}, "a4",
              frozenset({VILLAGE, TOWNSHIP, MEMBER}), False, _visitsheets, frozenset({MONTH})),
    PrintKind("pledge", "党员联户结链责任状", "份", {"a4": "A4（责任状 + 每户一联，一页四联）"}, "a4",
              frozenset({VILLAGE, TOWNSHIP, GRID, MEMBER}), False, _pledges, frozenset({YEAR})),
    PrintKind("linkmap", "联户网格图（A3 海报）", "张", {"a3": "A3 横向"}, "a3",
              frozenset({VILLAGE}), False, _external("linkmap", "lianhu_desktop.reports.linkmap")),
    PrintKind("linklist", "党员联户公示表", "张", {"a4": "A4"}, "a4",
              frozenset({VILLAGE}), False, _external("linklist", "lianhu_desktop.reports.linklist")),
    PrintKind("ballots", "民主测评票", "份", {name: g.label for name, g in BALLOT_LAYOUTS.items()}, "a4",
              frozenset({VILLAGE}), False, _ballots, frozenset({YEAR, COPIES})),
    PrintKind("appraisal", "民主评议考核结果（签字表）", "名", {"a4": "A4 横向"}, "a4",
              frozenset({VILLAGE}), False, _appraisal, frozenset({YEAR})),
    PrintKind("appraisal-notice", "党员民主评议结果公示", "名", {"a4": "A4"}, "a4",
              frozenset({VILLAGE}), False, _appraisal_notice, frozenset({YEAR})),
)
KINDS: dict[str, PrintKind] = {kind.key: kind for kind in _KINDS}


def kinds() -> list[PrintKind]:
    """The printable documents, in the order the Print Center lists them."""
    return list(_KINDS)


def check(kind: str, scope: printing.Scope, layout: str | None = None, split_dir=None) -> tuple[PrintKind, str]:
    """The kind and layout to use; a Chinese error for a combination that does not apply."""
    entry = KINDS.get(kind)
    if entry is None:
        raise ValidationError(f"没有“{kind}”这种打印文档。可选：" + "、".join(f"{k}（{v.label}）"
                                                                    for k, v in KINDS.items()))
    layout = layout or entry.default_layout
    if layout not in entry.layouts:
        raise ValidationError(f"{entry.label}没有“{layout}”版式。可选：" +
                              "、".join(f"{k}（{v}）" for k, v in entry.layouts.items()))
    for flag, name, text in ((scope.grid_id, GRID, "按网格"), (scope.member_id, MEMBER, "按党员"),
                             (scope.changed_only, CHANGED, "只印有变化的"),
                             (scope.household_id, HOUSEHOLD, "按农户")):
        if flag and name not in entry.scopes:
            raise ValidationError(f"{entry.label}不能{text}打印")
    if scope.village_id is None and TOWNSHIP not in entry.scopes:
        raise ValidationError(f"{entry.label}按村印制，请选择一个村")
    if split_dir is not None and not entry.can_split:
        raise ValidationError(f"{entry.label}不能分人输出到文件夹")
    for flag, name, text in ((scope.month, MONTH, "按月份"), (scope.copies or scope.start != 1, COPIES,
                                                               "指定份数或起始编号")):
        if flag and name not in entry.options:
            raise ValidationError(f"{entry.label}不能{text}打印")
    if scope.copies < 0 or scope.start < 1:
        raise ValidationError("份数和起始编号应为正整数")
    return entry, layout


def print_document(kind: str, scope: printing.Scope, path: str | Path | None, layout: str | None = None,
                   progress=None, *, split_dir: str | Path | None = None,
                   mark_printed: bool = True) -> PrintResult:
    """Make the PDF of ``kind`` for ``scope`` at ``path`` (or one file per member in ``split_dir``).

    Door plates are remembered as printed afterwards unless ``mark_printed``
    is False (a preview); call ``mark_as_printed(result)`` once really printed.
    Raises ``Cancelled`` when ``progress`` returns False (no file is left).
    """
    entry, layout = check(kind, scope, layout, split_dir)
    result = entry.render(scope, path, layout, progress, Path(split_dir) if split_dir is not None else None)
    if mark_printed:
        mark_as_printed(result)
    return result


def mark_as_printed(result: PrintResult) -> None:
    """Remember the door plates of ``result`` as printed (nothing for other kinds)."""
    if result.household_ids:
        printing.mark_plates_printed(result.household_ids, result.plate_fingerprints or None)
