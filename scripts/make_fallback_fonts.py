"""Make the bundled fallback fonts for rare characters in names (resources/fonts/).

    python scripts/make_fallback_fonts.py [HANAZONO_DIR]

WenQuanYi Micro Hei, the main font, has no glyph for characters such as 𠮷
(CJK Extension B). HanaMin (花園明朝, GlyphWiki project, licensed under the
Hanazono Font License or the SIL OFL 1.1) covers the CJK extensions, but its
two files weigh 53 MB. This keeps only the ideographs the main font lacks,
without hinting or vertical metrics, in two files:

* ``HanaMinA-fallback.ttf``: from HanaMinA (Extension A, compatibility
  ideographs, radicals, strokes, the newest BMP ideographs), about 5 MB;
* ``HanaMinB-fallback.ttf``: from HanaMinB (Extensions B to F and the
  compatibility supplement), about 31 MB.

The source files come from Debian's fonts-hanazono package
(``apt-get install fonts-hanazono``, default HANAZONO_DIR
/usr/share/fonts/truetype/hanazono). Needs fontTools (``pip install
fonttools``); the program itself does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "resources" / "fonts"
MAIN = FONTS / "wqy-microhei.ttc"
SOURCES = (("HanaMinA.ttf", "HanaMinA-fallback.ttf"), ("HanaMinB.ttf", "HanaMinB-fallback.ttf"))


def ideograph(code: int) -> bool:
    """CJK ideographs and their components: what a person's name can need."""
    return (0x2E80 <= code <= 0x2FDF or 0x31C0 <= code <= 0x31EF or 0x3400 <= code <= 0x4DBF
            or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF)


def make(source: Path, target: Path, covered: set[int]) -> int:
    """Subset ``source`` to the ideographs not in ``covered``; return how many it keeps."""
    keep = sorted(code for code in TTFont(source, lazy=True).getBestCmap()
                  if code not in covered and ideograph(code))
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["vhea", "vmtx", "BASE", "GSUB", "GDEF", "FFTM", "prop"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    return len(keep)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path("/usr/share/fonts/truetype/hanazono")
    covered = set(TTFont(MAIN, fontNumber=0).getBestCmap())
    for name, out in SOURCES:
        count = make(folder / name, FONTS / out, covered)
        print(f"{out}: {count} characters, {(FONTS / out).stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
