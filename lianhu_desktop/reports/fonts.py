"""The bundled CJK font, registered once with reportlab and embedded in every PDF.

reportlab cannot use CFF .otf fonts; WenQuanYi Micro Hei is TrueType inside a
.ttc, so the first face (subfontIndex=0) is registered. Nothing relies on
fonts installed on the system or on the viewer's machine.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from lianhu_desktop.paths import resource

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")


@cache
def register() -> str:
    """Register the bundled font (idempotent) and return its reportlab name."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(resource(*FONT_FILE)), subfontIndex=0))
    # Bold/italic map to the same face: the font has no bold, and a missing
    # mapping would make <b> in a Paragraph fall back to a Latin-only font.
    from reportlab.lib.fonts import addMapping

    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT_NAME, bold, italic, FONT_NAME)
    return FONT_NAME


def string_width(text: str, size: float) -> float:
    """Width of ``text`` in points at ``size`` in the bundled font."""
    return pdfmetrics.stringWidth(text, register(), size)
