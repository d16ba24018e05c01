"""The bundled fonts, registered once with reportlab and embedded in every PDF.

reportlab cannot use CFF .otf fonts; WenQuanYi Micro Hei is TrueType inside a
.ttc, so the first face (subfontIndex=0) is registered. It lacks rare
characters of names such as 𠮷 (CJK Extension B): those are set, character
by character, in the fallback fonts (subsets of HanaMin, see
resources/fonts/LICENSE-hanazono.txt), which are loaded only when a text
needs them. Nothing relies on fonts installed on the system or on the
viewer's machine.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import cache, lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from lianhu_desktop.paths import resource

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")
# In the order they are tried after the main font.
FALLBACKS = (("HanaMinA", ("fonts", "HanaMinA-fallback.ttf")),
             ("HanaMinB", ("fonts", "HanaMinB-fallback.ttf")))

_lock = threading.Lock()
_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _utf16_to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode CMap, with characters beyond the BMP written as UTF-16 as PDF requires.

    reportlab 5.1 writes 𠮷 (U+20BB7) as <20BB7>, which viewers reject, so
    the rare characters could not be searched or copied from the PDF. The
    lines of other characters are left exactly as reportlab writes them.
    """
    cmap = _to_unicode_cmap(fontname, subset)
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"\n<{index:02X}> <{code:04X}>\n", f"\n<{index:02X}> <{utf16}>\n", 1)
    return cmap


# Checked by tests/unit/test_reports_fonts_output.py (the rare name is extracted from each PDF).
ttfonts.makeToUnicodeCMap = _utf16_to_unicode_cmap


def _register(name: str, path: str, **kwargs) -> TTFont:
    font = TTFont(name, path, **kwargs)
    pdfmetrics.registerFont(font)
    # Bold/italic map to the same face: the fonts have no bold, and a missing
    # mapping would make <b> in a Paragraph fall back to a Latin-only font.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return font


@cache
def register() -> str:
    """Register the main font (idempotent) and return its reportlab name."""
    _register(FONT_NAME, str(resource(*FONT_FILE)), subfontIndex=0)
    return FONT_NAME


@cache
def _main_chars() -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(register()).face.charToGlyph)


@cache
def _fallback_chars(index: int) -> frozenset[int]:
    """The characters of fallback ``index``, registering it on first use."""
    name, parts = FALLBACKS[index]
    with _lock:
        font = _register(name, str(resource(*parts)))
    return frozenset(font.face.charToGlyph)


def _blank(char: str) -> bool:
    # Spaces and control/format characters are not drawn at all (private-use ones are).
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


@lru_cache(maxsize=4_096)
def font_for(char: str) -> str | None:
    """The bundled font that has ``char`` (the main font first), or None."""
    code = ord(char)
    if code in _main_chars():
        return FONT_NAME
    for index, (name, _) in enumerate(FALLBACKS):
        if code in _fallback_chars(index):
            return name
    return None


def covered(text: str) -> bool:
    """Whether the main font alone has every character of ``text`` (the usual case)."""
    return _main_chars().issuperset(map(ord, text))


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` split into (font name, text) runs, each set in a font that has it.

    A character no bundled font has stays in the main font's run (it prints
    as the main font's blank glyph; ``unprintable_characters`` warns of it).
    """
    main = register()
    if covered(text):
        return [(main, text)]
    result: list[tuple[str, str]] = []
    for char in text:
        font = font_for(char) or main
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


def unprintable_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` that no bundled font has, in order of appearance.

    Spaces and control characters are not counted. Use it to warn when a
    name is typed or imported: these characters would print blank.
    """
    missing: list[str] = []
    for char in text or "":
        if not _blank(char) and char not in missing and font_for(char) is None:
            missing.append(char)
    return missing


def string_width(text: str, size: float) -> float:
    """Width of ``text`` in points at ``size``, each character in the font that sets it."""
    return sum(pdfmetrics.stringWidth(part, font, size) for font, part in runs(text))


def markup(text) -> str:
    """``text`` escaped for a Paragraph, with rare characters wrapped in their fallback font."""
    value = str(text if text is not None else "")
    escaped = []
    for font, part in runs(value):
        part = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        escaped.append(part if font == FONT_NAME else f'<font face="{font}">{part}</font>')
    return "".join(escaped)
