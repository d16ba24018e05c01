"""Handbooks (联户工作手册, 一册): one per member, A5 or A4.

Each handbook: a cover (name, branch, year); duties and rules (八个到位,
一牌一册一次一会一评); the linked households; the member's commitments;
twelve monthly visit-record pages pre-filled with the households and blank
columns to write in; the tier's appraisal scheme. Several members go into
one PDF with a bookmark per member (and per section), or into one file per
member in a folder. The story is fed to platypus one member at a time, so a
township's handbooks never sit in memory together.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table)

from lianhu_desktop.domain.vocab import DUTIES, VISIT_FORMS
from lianhu_desktop.reports import fonts, layouts, output, text
from lianhu_desktop.reports.styles import RED, RULE, escape, handbook_styles, one_line, paragraph, table_style

FORMATS = {"a5": (A5, 13 * mm, 0.85), "a4": (A4, 20 * mm, 1.0)}
LAYOUT_LABELS = layouts.HANDBOOK
DEFAULT_LAYOUT = layouts.HANDBOOK_DEFAULT
FOOTER = 9 * mm
MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")

INSTRUMENTS = (
    ("一牌", "在每户联系户门前悬挂党员联户工作牌，公开联户党员的姓名、电话、联系范围和服务事项。"),
    ("一册", "每名联户党员一本工作手册，载明职责和联系户情况，记录走访情况和群众意愿。"),
    ("一次", "每月至少走访每户联系户一次：有事没事常去转转、家有病人过去看看、家有纠纷出面劝劝、家有急活帮着干干。"),
    ("一会", "每月主题党日，党员向支部汇报联户工作情况，支部研究解决联户中发现的问题。"),
    ("一评", "联户工作情况是党员民主评议和评先评优的主要依据。"),
)
RULES = (
    "简单事项即知即办；复杂事项报告党支部，限期办理，并及时向群众反馈办理结果。",
    "每次走访、指导、收集意见、帮扶和解决问题，都要记入本手册的走访记录（民情日记）。",
    "联系方式：" + "、".join(VISIT_FORMS) + "。",
)


class _Mark(Flowable):
    """Zero-size marker: bookmarks a member or section, and reports progress."""

    def __init__(self, key: str, title: str, level: int, member_name: str | None = None, job=None):
        super().__init__()
        self.key, self.title, self.level, self.member_name, self.job = key, title, level, member_name, job
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        canvas = self.canv
        canvas.bookmarkPage(self.key)
        canvas.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level == 0)
        if self.member_name is not None:
            doc = canvas._doctemplate
            doc.member_name, doc.member_first_page = self.member_name, canvas.getPageNumber()


class _Step(Flowable):
    """Zero-size marker after a member's last page: one unit of progress (may cancel)."""

    def __init__(self, job):
        super().__init__()
        self.job = job

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        if self.job is not None:
            self.job.step()


class _LazyStory(list):
    """A story that pulls the next member's flowables when it runs low.

    platypus consumes the list from the front and checks ``len()`` on every
    turn; refilling there keeps only about one member's flowables in memory.
    """

    def __init__(self, chunks):
        super().__init__()
        self._chunks = iter(chunks)

    def __len__(self):
        while super().__len__() < 2:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self.extend(chunk)
        return super().__len__()


_FORM_NAMES = itertools.count(1)
_FORM_MARGIN = 20.0  # room around a form's content for rules drawn across its edge


class _Once:
    """Content printed identically in several places, laid out and drawn once.

    ``make()`` returns the flowables. The first ``_Frozen`` showing them
    measures them and draws them into a form XObject (a drawing the PDF
    stores once); every later one measures nothing and only places the form.
    The twelve monthly tables of a member, the duties page and a tier's
    scheme of every handbook are such content. With ``single`` the content is
    one flowable (a table) whose spaces around it stay outside: when it does
    not fit it is split as usual, and its pieces are frozen in turn (a
    member's second visit page is the same every month too). Content of
    several flowables that does not fit is handed back as they are.
    """

    def __init__(self, make, single: bool = False):
        self.make, self.single = make, single
        self._flowables = None
        self._laid: dict[float, tuple[str, float, float, float]] = {}  # width -> form, height, its top, drop
        self._parts: dict[tuple[float, float], list] = {}

    def flowables(self) -> list:
        if self._flowables is None:
            self._flowables = list(self.make())
        return self._flowables

    def space(self, which: str) -> float:
        if not self.single:
            return 0.0
        return getattr(self.flowables()[0], which)()

    def lay(self, canv, width: float, height: float):
        """(form name, used height, top of the content in the form) when it fits, else None."""
        laid = self._laid.get(width)
        if laid is None:
            laid = self._draw(canv, width, height)
            if laid is None:
                return None
            self._laid[width] = laid
        return laid if laid[1] <= height + 1e-6 else None

    def _draw(self, canv, width: float, height: float):
        flowables = self.flowables()
        # An upper bound of the height a frame gives them (it drops the first space before).
        bound = 0.0
        sizes = []
        for flowable in flowables:
            w, h = flowable.wrapOn(canv, width, height)
            sizes.append((w, h))
            bound += h + (0.0 if self.single else flowable.getSpaceBefore() + flowable.getSpaceAfter())
        if bound > height + 1e-6:
            return None
        name = f"hbForm{next(_FORM_NAMES)}"
        top = bound + 1.0
        if not canv._code:  # a form begun on an empty page would lose the page's bookkeeping
            canv.saveState()
            canv.restoreState()
        canv.beginForm(name, -_FORM_MARGIN, -_FORM_MARGIN, width + _FORM_MARGIN, top + _FORM_MARGIN)
        if self.single:
            (w, h), flowable = sizes[0], flowables[0]
            flowable.drawOn(canv, 0, top - h, _sW=width - w)
            used = h
        else:
            frame = Frame(0, 0, width, top, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            pending = list(flowables)
            frame.addFromList(pending, canv)
            used = top - frame._y
            self._flowables = None  # drawn: only the form is needed again
        canv.endForm()
        return name, used, top

    def parts(self, canv, width: float, height: float) -> list:
        """What replaces content that does not fit ``height``."""
        if not self.single:
            self._flowables = None  # platypus consumes them; a later copy is made afresh
            return list(self.make())
        key = (width, height)
        parts = self._parts.get(key)
        if parts is None:
            pieces = self.flowables()[0].splitOn(canv, width, height)
            parts = self._parts[key] = [_Once(lambda piece=piece: [piece], single=True) for piece in pieces]
        return [_Frozen(part) for part in parts]


class _Frozen(Flowable):
    """Places the form of a ``_Once`` (drawing it on first use)."""

    def __init__(self, once: _Once):
        super().__init__()
        self.once = once
        self._laid = None

    def wrap(self, available_width, available_height):
        self._laid = self.once.lay(self.canv, available_width, available_height)
        if self._laid is None:  # too tall here: split() hands back what platypus can break
            return available_width, available_height + 1
        self.width, self.height = available_width, self._laid[1]
        return self.width, self.height

    def split(self, available_width, available_height):
        return self.once.parts(self.canv, available_width, available_height)

    def getSpaceBefore(self):
        return self.once.space("getSpaceBefore")

    def getSpaceAfter(self):
        return self.once.space("getSpaceAfter")

    def draw(self):
        name, used, top = self._laid
        self.canv.translate(0, used - top)
        self.canv.doForm(name)


class _Doc(BaseDocTemplate):
    def __init__(self, target, layout: str, title: str):
        page, margin, _ = FORMATS[layout]
        super().__init__(str(target), pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                         bottomMargin=margin + FOOTER, title=title, author=output.CREATOR,
                         creator=output.CREATOR, initialFontName=fonts.register(), pageCompression=1)
        self.margin = margin
        self.member_name, self.member_first_page = "", 1
        frame = Frame(margin, margin + FOOTER, page[0] - 2 * margin, page[1] - 2 * margin - FOOTER,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame], onPage=self._cover),
                               PageTemplate("body", [frame], onPage=self._footer)])

    def _cover(self, canvas, doc):
        width, height = self.pagesize
        canvas.saveState()
        inset = self.margin / 2  # inside the printable area of any printer
        canvas.setFillColor(RED)
        canvas.rect(inset, height * 0.72, width - 2 * inset, height * 0.28 - inset, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(2)
        canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset)
        canvas.restoreState()

    def _footer(self, canvas, doc):
        width = self.pagesize[0]
        y = self.margin
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.margin, y + FOOTER - 3 * mm, width - self.margin, y + FOOTER - 3 * mm)
        canvas.setFillColor(RULE)
        span = width - 2 * self.margin
        text.draw_line(canvas, f"{self.member_name}　联户工作手册", (self.margin, y, span * 0.7, 4 * mm), 8)
        number = canvas.getPageNumber() - self.member_first_page + 1
        text.draw_line(canvas, f"— {number} —", (self.margin + span * 0.7, y, span * 0.3, 4 * mm), 8, "right")
        canvas.restoreState()


def _cell(value, style):
    """A Paragraph for text; an empty cell needs none.

    An empty list of flowables is as high as an empty Paragraph (nothing
    between the paddings), which a plain "" is not (it counts one line).
    """
    return paragraph(value, style) if value else []


def _value_cell(value, style, width: float, min_size: float | None):
    if isinstance(value, tuple):  # (name, door): the door goes below when both do not fit
        head, door = value
        both = f"{head}（{door}）" if door else head
        if not door or fonts.string_width(both, style.fontSize) <= width - 8:
            return one_line(both, style, width)
        return [one_line(head, style, width), one_line(f"（{door}）", style, width, style.fontSize * 0.75)]
    if not value:
        return []
    if min_size is None:
        return _cell(value, style)
    return one_line(value, style, width, min_size)


def _table(header, rows, widths, styles, min_height: float = 0, nobreak: dict | None = None) -> Table:
    """A house-style table; ``min_height`` gives rows room to write in, yet lets long text grow them.

    ``nobreak`` maps column indexes to the size below which their text may
    wrap after all (0: never; names and dates shrink instead of breaking).
    """
    nobreak = nobreak or {}
    data = [[_cell(h, styles["header"]) for h in header]]
    for row in rows:
        cells = [_value_cell(v, styles["center"] if i == 0 else styles["cell"], widths[i], nobreak.get(i))
                 for i, v in enumerate(row)]
        if min_height:
            cells[1] = Spacer(1, min_height - 6)  # less the table style's vertical padding
        data.append(cells)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(len(data)))
    return table


@functools.cache
def _styles(scale: float) -> dict:
    """The handbook's styles, made once (they are only read)."""
    return handbook_styles(scale)


def _member_story(book, layout: str, index: int, job, shared: dict) -> list:
    """One member's flowables; ``shared`` keeps what every handbook prints alike (drawn once)."""
    page, margin, scale = FORMATS[layout]
    styles = _styles(scale)
    width = page[0] - 2 * margin
    height = page[1] - 2 * margin - FOOTER
    m = book.member
    key = f"m{index}"

    def once(name, make, single=False) -> _Frozen:
        if name not in shared:
            shared[name] = _Once(make, single)
        return _Frozen(shared[name])

    story = [NextPageTemplate("cover"), _Mark(key, f"{m.name}（{m.village_name}）", 0, m.name, job),
             once(("cover", book.year), lambda: [
                 Spacer(1, height * 0.06),
                 Paragraph("<font color='white'>党员联户工作手册</font>", styles["cover_title"]),
                 Spacer(1, 6 * mm),
                 Paragraph(f"<font color='white'>{book.year}年度</font>", styles["cover_sub"]),
                 Spacer(1, height * 0.22)])]
    info = [("姓　　名", m.name), ("所在支部", m.branch_name), ("党 小 组", m.party_group or "—"),
            ("岗　　位", m.post or "—"), ("联系电话", m.phone or "—"), ("考核类别", m.tier)]
    cover = Table([[_cell(a, styles["header"]),
                    one_line(b, styles["cell"], width * 0.55) if a == "姓　　名" else _cell(b, styles["cell"])]
                   for a, b in info],
                  colWidths=[width * 0.3, width * 0.55], rowHeights=[11 * mm * scale] * len(info))
    cover.setStyle(table_style(len(info), header_rows=0, zebra=False))
    story += [cover, Spacer(1, height * 0.08),
              paragraph(f"{m.branch_name}　印制", styles["cover_sub"]),
              NextPageTemplate("body"), PageBreak()]

    story += [_Mark(f"{key}d", "联户职责与制度", 1), once("duties", lambda: _duties(width, styles))]

    story += [PageBreak(), _Mark(f"{key}h", "联系农户", 1), paragraph("联系农户", styles["h1"])]
    rows = [(str(i), h.head_name, h.door_number, h.phone, str(h.size), h.tags or "—")
            for i, h in enumerate(book.households, 1)] or [("", "（暂无联系户）", "", "", "", "")]
    story.append(_table(("序号", "户主", "门牌", "电话", "人口", "类别"), rows,
                        [w * width for w in (0.08, 0.17, 0.25, 0.22, 0.09, 0.19)], styles,
                        nobreak={1: 0, 2: 6.5 * scale, 3: 0}))
    story += [Spacer(1, 8 * mm), CondPageBreak(height * 0.35), _Mark(f"{key}c", "我的承诺", 1),
              paragraph(f"我的承诺（{book.year}年）", styles["h1"])]
    rows = [(str(i), c.content, c.deadline or "—", c.quality_standard or "—", c.status)
            for i, c in enumerate(book.commitments, 1)] or [("", "（尚未登记承诺）", "", "", "")]
    story.append(_table(("序号", "承诺内容", "完成时限", "质量标准", "进展"), rows,
                        [w * width for w in (0.08, 0.42, 0.18, 0.19, 0.13)], styles, nobreak={2: 0, 4: 0}))

    story += _visit_pages(book, key, width, height, scale, styles, once)

    scheme = (book.scheme_name, m.tier, tuple((it.name, str(it.points), it.criteria) for it in book.scheme_items))
    story += [PageBreak(), _Mark(f"{key}s", "考核方案", 1),
              once(("scheme", scheme), lambda: _scheme(book, width, styles))]
    story += [_Step(job), PageBreak()]
    return story


def _duties(width, styles) -> list:
    """The duties and rules page, the same in every handbook."""
    story = [Paragraph("联户职责与制度", styles["h1"]), Paragraph("一、联户党员职责（八个到位）", styles["h2"])]
    duty_rows = [[f"{i + 1}．{DUTIES[i]}到位", f"{i + 5}．{DUTIES[i + 4]}到位"] for i in range(4)]
    duties = Table([[_cell(a, styles["cell"]), _cell(b, styles["cell"])] for a, b in duty_rows],
                   colWidths=[width / 2] * 2)
    duties.setStyle(table_style(4, header_rows=0))
    story += [duties, Paragraph("二、联户工作制度（一牌一册一次一会一评）", styles["h2"])]
    story += [Paragraph(f"<font color='#7A1F1F'>{name}：</font>{escape(body)}", styles["body"])
              for name, body in INSTRUMENTS]
    story += [Paragraph("三、办理与记录要求", styles["h2"])]
    story += [Paragraph(escape(rule), styles["body"]) for rule in RULES]
    return story


def _scheme(book, width, styles) -> list:
    """The tier's appraisal scheme, the same for every member of the tier."""
    story = [Paragraph(escape(book.scheme_name or f"{book.member.tier}考核方案"), styles["h1"])]
    if book.scheme_items:
        rows = [(str(i), it.name, it.points, it.criteria or "—") for i, it in enumerate(book.scheme_items, 1)]
        total = sum(float(it.points) for it in book.scheme_items)
        rows.append(("", "合计", f"{total:g}", ""))
        story.append(_table(("序号", "考核项目", "分值", "评分标准"), rows,
                            [w * width for w in (0.09, 0.27, 0.12, 0.52)], styles))
    else:
        story.append(Paragraph(f"本年度尚未设定“{escape(book.member.tier)}”的考核方案，请以党支部公布的方案为准。",
                               styles["body"]))
    return story


def _visit_pages(book, key, width, height, scale, styles, once) -> list:
    """Twelve monthly pages: the households pre-filled, the rest blank to write in.

    The table is the same every month: it is laid out and drawn once per
    member, and each month's title once per document.
    """
    row_height = 11 * mm * scale + 2 * mm
    title_height = 24 * scale + 8 * scale + 22
    fitting = int((height - title_height - 9 * mm) // row_height)
    heads = [(h.head_name, h.door_number) for h in book.households]
    blanks = max(0, fitting - len(heads))
    rows = [(head, "", "", "", "") for head in heads] + [("", "", "", "", "")] * blanks
    table = _Once(lambda: [_table(("户主（门牌）", "走访日期", "走访内容", "群众诉求", "办理结果"), rows,
                                  [w * width for w in (0.22, 0.13, 0.27, 0.19, 0.19)], styles, row_height)],
                  single=True)
    story = [PageBreak(), _Mark(f"{key}v", "走访记录", 1)]
    for month, name in enumerate(MONTHS, 1):
        story += [once(("month", month), lambda name=name: [Paragraph(f"{name}月走访记录", styles["h1"])],
                       single=True),
                  _Frozen(table)]
        if month < 12:
            story.append(PageBreak())
    return story


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._") or "党员"


def build(books, path: str | Path, layout: str = DEFAULT_LAYOUT, progress=None) -> int:
    """Write the handbooks of ``books`` (a ``HandbookSet`` or list) into one PDF; return its page count."""
    if layout not in FORMATS:
        raise ValueError(layout)
    path = output.check_writable(path)
    total = len(books)
    with output.Job(path, total, progress) as job:
        doc = _Doc(path, layout, "党员联户工作手册")
        shared: dict = {}
        story = _LazyStory(_member_story(book, layout, i, job, shared) for i, book in enumerate(books))
        try:
            doc.build(story, canvasmaker=output.StreamingCanvas)
        except OSError as error:
            raise output.OutputError(f"无法写入文件（{error.strerror}）：{path}") from error
    return doc.page


def build_split(books, folder: str | Path, layout: str = DEFAULT_LAYOUT,
                progress=None) -> tuple[list[Path], int]:
    """Write one PDF per member into ``folder``; return the files written and their total pages."""
    folder = Path(folder)
    if not folder.is_dir():
        raise output.OutputError(f"输出文件夹不存在：{folder}")
    written: list[Path] = []
    names: set[str] = set()
    total = len(books)
    done = pages = 0

    def part(d, t):  # each book's own progress is one step of the whole
        return progress is None or progress(done, total)

    try:
        for book in books:
            name = _safe_name(book.member.name)
            if name in names:
                name = f"{name}_{book.member.id}"
            names.add(name)
            target = folder / f"{name}-联户工作手册.pdf"
            pages += build([book], target, layout, part)
            written.append(target)
            done += 1
            if progress is not None and not progress(done, total):
                raise output.Cancelled("已取消打印，未生成文件")
    except BaseException:
        for file in written:
            file.unlink(missing_ok=True)
        raise
    return written, pages
