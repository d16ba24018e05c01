"""Write resources/pinyin/phrases.txt: pypinyin's phrase table, as the names need it.

pypinyin's own phrase table costs ~42 MB of memory and ~0.22 s to import,
most of an import's peak memory, yet names only need, per phrase, whether it
is one (segmentation) and its toneless reading where that differs from its
characters' own readings. Run after upgrading pypinyin (a test compares the
file with the installed pypinyin and fails until it is regenerated):

    python scripts/make_pinyin_phrases.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "pinyin" / "phrases.txt"


def table_lines() -> list[str]:
    """One line per phrase: the phrase, then a tab and its syllables where they differ from its characters'."""
    if os.environ.get("PYPINYIN_NO_PHRASES"):
        raise SystemExit("PYPINYIN_NO_PHRASES is set: the full phrase table is needed here")
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PHRASES_DICT

    lines = []
    for phrase in sorted(PHRASES_DICT):
        reading = lazy_pinyin(phrase, style=Style.NORMAL, errors="default")
        own = [syllable for char in phrase for syllable in lazy_pinyin(char, style=Style.NORMAL, errors="default")]
        lines.append(phrase if reading == own else f"{phrase}\t{' '.join(reading)}")
    return lines


def main() -> int:
    import pypinyin

    OUT.parent.mkdir(parents=True, exist_ok=True)
    header = f"# pypinyin {pypinyin.__version__} phrase table (scripts/make_pinyin_phrases.py)"
    OUT.write_text("\n".join([header, *table_lines()]) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
