"""结链责任状 (seed 002 §3.1): the branch secretary with each member, each member with each household.

Per member: one A4 page, the member's letter with the branch secretary
(the 八个到位 of seed 003, the linked households, the year, signature and
date lines); then the household slips, four to an A4 page with dashed cut
lines, one per linked household, signed by the member and the head and
hung beside the door plate. Fixed geometry, so drawn on the canvas.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from lianhu_desktop.domain.vocab import DUTIES, DUTY_TEXTS
from lianhu_desktop.reports import fonts, output, text

PAGE = A4
W, H = PAGE
MARGIN = 18 * mm
RED = HexColor("#C8161D")
GREY = HexColor("#666666")
SLIPS_PER_PAGE = 4
# The height the letter gives its list of households (a member links 5–10, a few up to 40).
HOUSEHOLD_AREA = 60 * mm
# Where the signature block of a letter begins (from the page's foot), and the body's scales to try.
SIGNATURES_TOP = MARGIN + 40 * mm
LETTER_SCALES = (1.0, 0.93, 0.86, 0.8, 0.74, 0.68)
REQUIREMENTS = (
    "每月至少走访联系户一次，有事没事常去转转、家有病人过去看看、家有纠纷出面劝劝、家有急活帮着干干；",
    "群众反映的问题，能当场解决的即知即办，复杂的限期办理或及时上报支部，并把办理结果反馈给群众；",
    "如实记录民情日记，在每月主题党日向支部汇报联户工作；",
    "联户工作情况作为年终民主评议党员和评先树优的主要依据。",
)


def _household(line) -> str:
    parts = [p for p in (line.grid_name, line.door_number) if p]
    return f"{line.head_name}（{'，'.join(parts)}）" if parts else line.head_name


def _letter_body(canvas, letter, scale: float) -> float:
    """Draw the letter above its signatures at ``scale`` (sizes and spacing); return where it ended."""
    member = letter.member
    top = H - MARGIN
    width = W - 2 * MARGIN
    z = scale
    canvas.setFillColor(RED)
    text.draw_line(canvas, "党员联户结链责任状", (MARGIN, top - 14 * mm, width, 14 * mm), 26, "center")
    canvas.setFillColor(black)
    text.draw_line(canvas, f"（{letter.year}年度）", (MARGIN, top - 22 * mm, width, 7 * mm), 12, "center")
    y = top - 30 * mm
    intro = (f"为落实党员联户“一牌一册一次一会一评”制度，{member.branch_name}与党员{member.name}签订本责任状，"
             f"明确联系职责，接受群众监督。")
    block = text.draw_block(canvas, intro, (MARGIN, y - 16 * mm, width, 16 * mm), 12.5 * z, 9 * z, leading=1.5)
    y -= block.leading * len(block.lines) + 4 * mm * z

    text.draw_line(canvas, f"一、联系农户（{len(letter.households)} 户）", (MARGIN, y - 8 * mm * z, width, 8 * mm * z),
                   14 * z)
    y -= 10 * mm * z
    # In columns, one household a cell: a run-on list would break inside a door number.
    count = len(letter.households)
    columns = 3 if count <= 24 else 4
    rows = -(-count // columns)
    row_height = min(7 * mm * z, HOUSEHOLD_AREA / max(rows, 1))
    cell = (width - 4 * mm) / columns
    for index, household in enumerate(letter.households):
        row, column = divmod(index, columns)
        box = (MARGIN + 4 * mm + column * cell, y - (row + 1) * row_height, cell - 2 * mm, row_height)
        text.draw_line(canvas, f"{index + 1}. {_household(household)}", box, 11.5 * z)
    y -= rows * row_height + 4 * mm * z

    for title, lines in (("二、联系职责（八个到位）",
                          [f"{n}. {duty}到位：{DUTY_TEXTS[duty]}。" for n, duty in enumerate(DUTIES, 1)]),
                         ("三、工作要求", [f"{n}. {line}" for n, line in enumerate(REQUIREMENTS, 1)])):
        text.draw_line(canvas, title, (MARGIN, y - 8 * mm * z, width, 8 * mm * z), 14 * z)
        y -= 10 * mm * z
        for line in lines:
            block = text.draw_block(canvas, line, (MARGIN + 4 * mm, y - 14 * mm, width - 4 * mm, 14 * mm),
                                    11.5 * z, 7, leading=1.45)
            y -= block.leading * len(block.lines) + 1.8 * mm * z
        y -= 2 * mm * z
    return y


def _letter(canvas, letter) -> None:
    member = letter.member
    width = W - 2 * MARGIN
    # The body shrinks until it ends above the signatures (a member with 40 households).
    with text.observe(None):  # trial layouts are not what the page shows
        for scale in LETTER_SCALES:
            if _letter_body(Canvas(io.BytesIO(), pagesize=PAGE), letter, scale) >= SIGNATURES_TOP:
                break
    _letter_body(canvas, letter, scale)

    # Signatures at the foot of the page, whatever the length above.
    base = MARGIN + 6 * mm
    half = width / 2
    secretary = f"（{letter.secretary}）" if letter.secretary else ""
    rows = ((f"{member.branch_name}（盖章）", f"党员：{member.name}"),
            (f"党支部书记{secretary}签字：", "党员签字："),
            ("＿＿＿＿年＿＿月＿＿日", "＿＿＿＿年＿＿月＿＿日"))
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    for index, (left, right) in enumerate(rows):
        row_y = base + (len(rows) - 1 - index) * 12 * mm
        for column, label in ((MARGIN, left), (MARGIN + half, right)):
            drawn = text.draw_line(canvas, label, (column, row_y, half - 4 * mm, 8 * mm), 12.5)
            if label.endswith("签字："):  # a line to sign on, after the label
                start = column + fonts.string_width(label, drawn.size) + 1 * mm
                canvas.line(start, row_y + 1.5 * mm, column + half - 6 * mm, row_y + 1.5 * mm)
    text.draw_line(canvas, f"监督电话：{member.supervision_phone or '—'}　本责任状一式两份，支部和党员各执一份。",
                   (MARGIN, MARGIN - 8 * mm, width, 6 * mm), 9, "center")


def _slip(canvas, letter, household, box) -> None:
    x, y, width, height = box
    member = letter.member
    pad = 6 * mm
    inner = width - 2 * pad
    top = y + height - pad
    canvas.setFillColor(RED)
    text.draw_line(canvas, "党员联户责任书", (x + pad, top - 9 * mm, inner, 9 * mm), 16, "center")
    canvas.setFillColor(GREY)
    text.draw_line(canvas, f"（{letter.year}年度　农户联·请张贴在联户牌旁）", (x + pad, top - 14 * mm, inner, 5 * mm),
                   9, "center")
    canvas.setFillColor(black)
    phone = f"　联系电话：{member.phone}" if member.phone else ""
    text.draw_line(canvas, f"联户党员：{member.name}{phone}", (x + pad, top - 21 * mm, inner, 6 * mm), 11.5)
    text.draw_line(canvas, f"联系农户：{_household(household)}", (x + pad, top - 27.5 * mm, inner, 6 * mm), 11.5)
    body = (f"本人承诺按照“八个到位”（{'、'.join(DUTIES)}）的要求联系您家，每月至少走访一次，"
            "问题即知即办或上报支部并反馈结果。我是共产党员，有困难请找我。")
    text.draw_block(canvas, body, (x + pad, top - 44 * mm, inner, 15.5 * mm), 10.5, 8)
    sign_y = y + pad
    third = inner / 3
    for index, label in enumerate(("党员签字：", "户主签字：", "＿＿＿＿年＿＿月＿＿日")):
        text.draw_line(canvas, label, (x + pad + index * third, sign_y, third - 2 * mm, 6 * mm), 10.5)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    for index in range(2):
        start = x + pad + index * third + 19 * mm
        canvas.line(start, sign_y + 1 * mm, x + pad + (index + 1) * third - 4 * mm, sign_y + 1 * mm)
    text.draw_line(canvas, f"{member.branch_name}　监督电话：{member.supervision_phone or '—'}",
                   (x + pad, sign_y + 7 * mm, inner, 5 * mm), 9, "right")


def _cut_lines(canvas, count: int, height: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 3)
    for index in range(1, count):
        line_y = H - index * height
        canvas.line(0, line_y, W, line_y)
    canvas.restoreState()
    canvas.setFillColor(GREY)
    for index in range(1, count):
        box = (W - 28 * mm, H - index * height + 0.8 * mm, 24 * mm, 3.5 * mm)
        text.draw_line(canvas, "沿虚线剪开", box, 7, "right")
    canvas.setFillColor(black)


def _end_page(canvas) -> int:
    canvas.showPage()
    output.compact_last_page(canvas)
    return 1


def build(letters, path: str | Path, progress=None) -> int:
    """Write the letters (``printrows.PledgeLetter``), each followed by its slips; return the pages."""
    path = output.check_writable(path)
    canvas = output.open_canvas(path, PAGE, title="党员联户结链责任状", subject=f"{len(letters)} 名党员")
    height = H / SLIPS_PER_PAGE
    pages = 0
    with output.Job(path, len(letters), progress) as job:
        for letter in letters:
            _letter(canvas, letter)
            pages += _end_page(canvas)
            households = letter.households
            for start in range(0, len(households), SLIPS_PER_PAGE):
                chunk = households[start:start + SLIPS_PER_PAGE]
                for slot, household in enumerate(chunk):
                    _slip(canvas, letter, household, (0, H - (slot + 1) * height, W, height))
                _cut_lines(canvas, SLIPS_PER_PAGE, height)
                pages += _end_page(canvas)
            job.step()
        if not pages:
            pages += _end_page(canvas)
        output.save(canvas, path)
    return pages
