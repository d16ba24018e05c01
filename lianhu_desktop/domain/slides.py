"""The slides of the democratic appraisal meeting (民主评议大会) on a projector.

``build_deck(results, canvas)`` turns an ``AppraisalResults`` into the
slides shown in the hall, in the order of the meeting: the opening
(attendance), one slide per member (the year's record and item scores), the
live tally of the ballots, the ranking of each tier, the grade distribution
and a closing slide. No Qt here: the slides are plain values the painter
(``gui.slide_painter``) draws and the presenter window lists.

A table longer than its slide's row budget (``slide_layout``) continues on
the next slide, titled 1/2, 2/2 …: the projector never scrolls. Each slide
has a ``key`` that survives a rebuild (``member:12`` stays that member's
slide while ballots are entered), so the presenter keeps its place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from lianhu_desktop import pinyin
from lianhu_desktop.domain import slide_layout as geo
from lianhu_desktop.domain.appraisal_types import AppraisalResults, MemberResult
from lianhu_desktop.domain.vocab import GRADES, TIERS, VOTER_KINDS

KINDS = ("opening", "member", "tally", "ranking", "distribution", "end")
KIND_LABELS = {"opening": "开幕", "member": "党员", "tally": "计票", "ranking": "排名",
               "distribution": "分布", "end": "结束"}
UNGRADED = "待定"  # a member whose manual items are not all scored yet
NOT_ENTERED = "—"


@dataclass(frozen=True)
class Figure:
    """A key figure on a tile: 应到 45 人."""

    label: str
    value: str
    unit: str = ""


@dataclass(frozen=True)
class Column:
    title: str
    width: int  # design units
    align: str = "left"  # left / right / center


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    lines: int = 1  # lines of the tallest cell (a long item name wraps)
    style: str = ""  # "" / "total" / "group" (a tier's heading inside a tally)
    grade: str = ""  # the grade of the row's member, for its colour


@dataclass(frozen=True)
class Table:
    """Rows in one or more blocks side by side, each with the same columns."""

    columns: tuple[Column, ...]
    blocks: tuple[tuple[Row, ...], ...]

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for block in self.blocks for row in block)

    def lines(self, block: int) -> int:
        return sum(row.lines for row in self.blocks[block])


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str  # written beside or above the bar: 32 票, 12 名
    grade: str = ""  # colour key
    note: str = ""  # a second line: the share, 17.1%


@dataclass(frozen=True)
class Slide:
    kind: str  # one of KINDS
    key: str  # identity across rebuilds; with ``part`` names one slide
    title: str
    subtitle: str = ""
    part: int = 1
    parts: int = 1
    lines: tuple[str, ...] = ()  # centred lines (opening, closing)
    figures: tuple[Figure, ...] = ()
    table: Table | None = None
    bars: tuple[Bar, ...] = ()
    bars_title: str = ""
    score: str = ""  # a member's total, in the heading band
    grade: str = ""  # a member's grade, in the heading band
    notes: str = ""  # for the presenter only
    footer: str = ""

    @property
    def heading(self) -> str:
        """The title, numbered 1/2, 2/2 … when the slide continues."""
        return f"{self.title}（{self.part}/{self.parts}）" if self.parts > 1 else self.title

    @property
    def ident(self) -> tuple[str, int]:
        return self.key, self.part

    @property
    def label(self) -> str:
        """A line of the presenter's slide list."""
        return f"{KIND_LABELS[self.kind]}　{self.heading}"


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...]
    canvas: geo.Canvas

    def __len__(self) -> int:
        return len(self.slides)

    def find(self, ident: tuple[str, int] | None, fallback: int = 0) -> int:
        """The index of the slide ``ident`` names; else its key's nearest part; else
        ``fallback`` kept inside the deck."""
        if ident is not None:
            key, part = ident
            same_key = [i for i, s in enumerate(self.slides) if s.key == key]
            for i in same_key:
                if self.slides[i].part == part:
                    return i
            if same_key:
                return same_key[min(part, len(same_key)) - 1]
        return max(0, min(fallback, len(self.slides) - 1))


def appraisal_results(village_id: int, year: int) -> AppraisalResults:
    """The year's results: the one call the projector makes to the appraisal."""
    from lianhu_desktop.domain.appraisal import results

    return results(village_id, year)


# --------------------------------------------------------------- formatting


def pts(tenths: int | None) -> str:
    """Tenths → points as shown: 18, 17.5; an unscored item is 未评分."""
    if tenths is None:
        return "未评分"
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def shown_grade(member: MemberResult) -> str:
    return member.grade or UNGRADED


def day_text(iso: str) -> str:
    try:
        day = datetime.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def _count(value: int | None) -> str:
    return NOT_ENTERED if value is None else str(value)


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "0.0%"


def _name_order(member: MemberResult):
    """The ballot's order: tier, then the name as lists sort it."""
    tier = TIERS.index(member.tier) if member.tier in TIERS else len(TIERS)
    return tier, pinyin.sort_key(member.name), member.member_id


# --------------------------------------------------------------- splitting


def paginate(rows: list[Row], budgets, blocks: int = 1) -> list[list[list[Row]]]:
    """Pages of ``blocks`` side-by-side blocks of rows, each block at most
    ``budgets(page_index)`` lines. A group heading never ends a block alone;
    a row taller than a whole block still gets a block of its own."""
    pages: list[list[list[Row]]] = []
    index = 0
    while index < len(rows) or not pages:
        budget = budgets(len(pages))
        page: list[list[Row]] = []
        for _ in range(blocks):
            block: list[Row] = []
            used = 0
            while index < len(rows):
                row = rows[index]
                need = row.lines
                if row.style == "group" and index + 1 < len(rows):
                    need += rows[index + 1].lines
                if block and used + need > budget:
                    break
                block.append(row)
                used += row.lines
                index += 1
            page.append(block)
            if index >= len(rows):
                break
        pages.append(page)
    return pages


def _parts(kind: str, key: str, title: str, pages, columns, **fields) -> list[Slide]:
    slides = [Slide(kind, key, title, part=n, parts=len(pages),
                    table=Table(columns, tuple(tuple(block) for block in page)), **fields)
              for n, page in enumerate(pages, 1)]
    return slides


# --------------------------------------------------------------- the deck


def build_deck(results: AppraisalResults, canvas: geo.Canvas = geo.DESIGN) -> Deck:
    """The meeting's slides for ``results`` on a screen of ``canvas``."""
    footer = f"{results.village_name}党支部　{results.year} 年度民主评议党员大会"
    members = sorted(results.members, key=_name_order)
    slides = [opening_slide(results)]
    for member in members:
        slides += member_slides(member, canvas)
    slides += tally_slides(results, members, canvas)
    slides += ranking_slides(results, canvas)
    slides.append(distribution_slide(results, canvas))
    slides.append(end_slide(results))
    return Deck(tuple(replace(slide, footer=footer) for slide in slides), canvas)


def opening_slide(results: AppraisalResults) -> Slide:
    day = day_text(results.date)
    figures = (Figure("应到", _count(results.expected), "人"), Figure("实到", _count(results.present), "人"),
               Figure("参评党员", str(len(results.members)), "名"))
    notes = [f"主持人宣布大会开始：应到 {_count(results.expected)} 人，实到 {_count(results.present)} 人，"
             f"参加评议的党员 {len(results.members)} 名。"]
    if results.expected is None or results.present is None:
        notes.append("应到、实到人数尚未录入：请在“百分制考核”页的评议设置中填写，放映会随即更新。")
    elif results.expected and results.present * 3 < results.expected * 2:
        notes.append("提示：实到人数不足应到人数的三分之二，请主持人说明。")
    if not day:
        notes.append("大会日期尚未填写。")
    return Slide("opening", "opening", "民主评议党员大会",
                 lines=(f"{results.village_name}党支部", f"{results.year} 年度民主评议党员大会", day),
                 figures=figures, notes="\n".join(notes))


def member_slides(member: MemberResult, canvas: geo.Canvas) -> list[Slide]:
    """One member's record and scores; long schemes continue on further slides."""
    columns = _member_columns(canvas)
    name_width = columns[0].width
    rows = [Row((item.name, pts(item.max_tenths), pts(item.tenths)),
                lines=geo.lines_needed(item.name, name_width)) for item in member.items]
    rows.append(Row(("合计", pts(sum(item.max_tenths for item in member.items)), pts(member.total_tenths)),
                    style="total"))
    pages = paginate(rows, lambda page: geo.member_lines(canvas, page == 0))
    figures = (Figure("联系农户", str(member.households), "户"), Figure("走访", str(member.visits), "次"),
               Figure("诉求", str(member.requests), "件"),
               Figure("承诺兑现", f"{member.commitments_kept}/{member.commitments_total}", "项"),
               Figure("会议出席", f"{member.meetings_attended}/{member.meetings_total}", "次"))
    bars = tuple(Bar(grade, member.ballots.get(grade, 0), f"{member.ballots.get(grade, 0)} 票", grade)
                 for grade in GRADES)
    slides = _parts("member", f"member:{member.member_id}", member.name, pages, columns,
                    subtitle=member.tier, score=pts(member.total_tenths), grade=shown_grade(member),
                    notes=_member_notes(member))
    slides[0] = replace(slides[0], figures=figures, bars=bars, bars_title="民主测评")
    return slides


def _member_columns(canvas: geo.Canvas) -> tuple[Column, ...]:
    width = canvas.content_width - geo.PANEL - 2 * geo.GAP
    return (Column("考核项目", width - 190 - 210), Column("满分", 190, "right"), Column("得分", 210, "right"))


def _member_notes(member: MemberResult) -> str:
    lines = [f"{member.name}（{member.tier}）：总分 {pts(member.total_tenths)}，等次 {shown_grade(member)}。"]
    for item in member.items:
        why = "；".join(text for text in (item.computation, item.note) if text)
        if why:
            lines.append(f"· {item.name}（{item.source}）{pts(item.tenths)}/{pts(item.max_tenths)}：{why}")
    missing = [item.name for item in member.items if item.tenths is None]
    if missing:
        lines.append(f"尚未评分：{'、'.join(missing)}（等次待定）")
    for kind in VOTER_KINDS:
        counts = member.ballots_by_kind.get(kind)
        if counts:
            lines.append(f"{kind}票：" + "，".join(f"{grade} {counts.get(grade, 0)}" for grade in GRADES))
    return "\n".join(lines)


def tally_slides(results: AppraisalResults, members: list[MemberResult], canvas: geo.Canvas) -> list[Slide]:
    """The ballots counted so far, per member, with the sum checks on every page."""
    sums = results.ballots
    width = geo.block_width(canvas, 2)
    counts = (Column("优秀", 120, "right"), Column("合格", 120, "right"), Column("基本合格", 176, "right"),
              Column("不合格", 140, "right"))
    columns = (Column("姓名", width - sum(c.width for c in counts)), *counts)
    rows: list[Row] = []
    tier = None
    for member in members:
        if member.tier != tier:
            tier = member.tier
            rows.append(Row((tier, "", "", "", ""), style="group"))
        rows.append(Row((member.name, *(str(member.ballots.get(g, 0)) for g in GRADES)),
                        lines=geo.lines_needed(member.name, columns[0].width)))
    pending = sums.mismatched + sums.single
    figures = (Figure("发出", _count(sums.issued), "张"), Figure("收回", str(sums.returned), "张"),
               Figure("有效", str(sums.valid), "张"), Figure("作废", str(sums.invalid), "张"),
               Figure("待核对", str(pending), "张"))
    notes = [f"已收回 {sums.returned} 张，有效 {sums.valid} 张（其中空白 {sums.blank} 张），作废 {sums.invalid} 张。"]
    if sums.issued is None:
        notes.append("发出票数尚未录入。")
    elif sums.not_returned:
        notes.append(f"发出 {sums.issued} 张，尚有 {sums.not_returned} 张未收回。")
    if sums.mismatched:
        notes.append(f"两次录入不一致 {sums.mismatched} 张，请核对后计入。")
    if sums.single:
        notes.append(f"只录入一次 {sums.single} 张，第二次录入后计入。")
    notes += [f"核对未通过：{problem}" for problem in sums.problems]
    if not results.members:
        notes.append("还没有参加评议的党员。")
    pages = paginate(rows, lambda page: geo.tally_lines(canvas), blocks=2)
    subtitle = "计票中" if pending or sums.returned == 0 or not sums.ok else "计票完成"
    return _parts("tally", "tally", "民主测评计票", pages, columns, subtitle=subtitle, figures=figures,
                  notes="\n".join(notes))


def ranking_slides(results: AppraisalResults, canvas: geo.Canvas) -> list[Slide]:
    """Each tier's members by rank, two blocks a slide."""
    width = geo.block_width(canvas, 2)
    fixed = (Column("名次", 130, "center"),)
    tail = (Column("总分", 180, "right"), Column("等次", 210, "center"))
    columns = (*fixed, Column("姓名", width - 130 - 180 - 210), *tail)
    thresholds = "，".join(f"{grade} ≥ {pts(tenths)} 分" for grade, tenths in
                          sorted(results.thresholds.items(), key=lambda kv: -kv[1]) if tenths)
    slides: list[Slide] = []
    for tier in TIERS:
        tier_members = sorted((m for m in results.members if m.tier == tier),
                              key=lambda m: (m.rank or 10**6, -m.total_tenths, pinyin.sort_key(m.name)))
        if not tier_members:
            continue
        rows = [Row((str(m.rank) if m.rank else NOT_ENTERED, m.name, pts(m.total_tenths), shown_grade(m)),
                    lines=geo.lines_needed(m.name, columns[1].width), grade=m.grade) for m in tier_members]
        notes = [f"{tier}共 {len(tier_members)} 名，按百分制总分排名，总分相同的名次相同。"]
        if thresholds:
            notes.append(f"等次分数线：{thresholds}。")
        ungraded = [m.name for m in tier_members if not m.grade]
        if ungraded:
            notes.append(f"尚有手工项目未评分、等次待定：{'、'.join(ungraded)}")
        pages = paginate(rows, lambda page: geo.ranking_lines(canvas), blocks=2)
        slides += _parts("ranking", f"ranking:{tier}", f"{tier}排名", pages, columns,
                         subtitle=f"{len(tier_members)} 名", notes="\n".join(notes))
    if not slides:
        slides.append(Slide("ranking", "ranking", "评议排名", lines=("还没有参加评议的党员",),
                            notes="还没有参加评议的党员：请先在“百分制考核”页建立考核方案并评分。"))
    return slides


def distribution_slide(results: AppraisalResults, canvas: geo.Canvas) -> Slide:
    """How many members got each grade, overall and per tier."""
    total = len(results.members)
    ungraded = sum(1 for m in results.members if not m.grade)
    labels = GRADES + ((UNGRADED,) if ungraded else ())
    counts = {grade: sum(1 for m in results.members if m.grade == grade) for grade in GRADES}
    counts[UNGRADED] = ungraded
    bars = tuple(Bar(label, counts[label], f"{counts[label]} 名", label if label in GRADES else "",
                     _share(counts[label], total)) for label in labels)
    width = max(880, canvas.content_width // 2)  # the chart takes the rest
    grade_columns = tuple(Column(label, 120 + 28 * max(0, len(label) - 2), "right") for label in labels)
    columns = (Column("类别", width - sum(c.width for c in grade_columns)), *grade_columns)
    rows = []
    for tier in TIERS:
        in_tier = [m for m in results.members if m.tier == tier]
        if in_tier:
            rows.append(Row((tier, *(str(sum(1 for m in in_tier if (m.grade or UNGRADED) == label))
                                     for label in labels)), lines=geo.lines_needed(tier, columns[0].width)))
    rows.append(Row(("合计", *(str(counts[label]) for label in labels)), style="total"))
    notes = [f"参加评议的党员 {total} 名：" + "，".join(f"{label} {counts[label]} 名" for label in labels) + "。"]
    if ungraded:
        notes.append(f"{ungraded} 名党员尚有项目未评分，等次待定。")
    return Slide("distribution", "distribution", "评议等次分布", subtitle=f"共 {total} 名",
                 table=Table(columns, (tuple(rows),)), bars=tuple(bars), bars_title="各等次人数",
                 lines=threshold_lines(results.thresholds), notes="\n".join(notes))


def threshold_lines(thresholds: dict[str, int]) -> tuple[str, ...]:
    """等次分数线 as read out: 优秀：90 分及以上 … 不合格：60 分以下."""
    ordered = [(grade, thresholds[grade]) for grade in GRADES if grade in thresholds]
    lines = []
    for n, (grade, tenths) in enumerate(ordered):
        if tenths > 0:
            lines.append(f"{grade}：{pts(tenths)} 分及以上")
        elif n > 0:
            lines.append(f"{grade}：{pts(ordered[n - 1][1])} 分以下")
    return tuple(lines)


def end_slide(results: AppraisalResults) -> Slide:
    if results.sealed:
        seal = f"评议结果已封存　校验码 {results.seal_code}"
        notes = "结果已封存，不能再修改；校验码印在结果公示表上，可用“lianhu appraisal verify”核对。"
    else:
        seal = "评议结果经大会确认、签字后封存"
        notes = "请参会人员在结果公示表上签字，然后在“百分制考核”页封存结果。"
    return Slide("end", "end", "民主评议结束", lines=(f"{results.year} 年度民主评议党员大会", "评议结果展示完毕", seal),
                 notes=notes)
