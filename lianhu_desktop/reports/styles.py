"""The house style of flowing printouts (handbooks, notices): paragraph styles and table style.

The table style is the one of the 党员联户公示表 (``reports.linklist``), so every
table the village posts looks alike; this module adds the handbook's styles.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from lianhu_desktop.reports import fonts
from lianhu_desktop.reports.linklist import RULE, one_line, paragraph, paragraph_styles, table_style

RED = HexColor("#C8161D")

__all__ = ["RED", "RULE", "escape", "handbook_styles", "one_line", "paragraph", "paragraph_styles", "table_style"]


def escape(value) -> str:
    """Text made safe for a Paragraph's mini-markup, rare characters in their fallback font."""
    return fonts.markup(value)


def handbook_styles(scale: float = 1.0) -> dict[str, ParagraphStyle]:
    """The table styles plus headings and body text for booklets; ``scale`` < 1 for A5."""
    font = fonts.register()
    styles = paragraph_styles(round(9.5 * scale, 1))
    body = ParagraphStyle("body", fontName=font, fontSize=10.5 * scale, leading=17 * scale,
                          wordWrap="CJK", firstLineIndent=21 * scale)
    styles.update({
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "h1": ParagraphStyle("h1", fontName=font, fontSize=17 * scale, leading=24 * scale,
                             alignment=TA_CENTER, textColor=RULE, spaceAfter=8 * scale),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12.5 * scale, leading=18 * scale,
                             textColor=RULE, spaceBefore=6 * scale, spaceAfter=4 * scale),
        "cover_title": ParagraphStyle("cover_title", fontName=font, fontSize=30 * scale,
                                      leading=42 * scale, alignment=TA_CENTER, textColor=RED),
        "cover_sub": ParagraphStyle("cover_sub", fontName=font, fontSize=15 * scale, leading=22 * scale,
                                    alignment=TA_CENTER),
    })
    return styles
