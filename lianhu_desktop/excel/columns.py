"""The columns of each kind of sheet, from the field registry (``domain.fields``).

Templates, the tolerant reader, importers and exporters all use these, so a
header the template writes is always one the reader recognises. The kinds
themselves (roster, households, links …) are ``excel.kinds``.
"""

from __future__ import annotations

import re
import unicodedata

from lianhu_desktop.domain.fields import Field
from lianhu_desktop.excel.kinds import KINDS as _KINDS

# A column of a sheet is a registry field (``header`` is its label).
Column = Field

ROSTER, HOUSEHOLDS, LINKS = "roster", "households", "links"
# Every kind with a sheet of columns (an export-only kind may have none).
KINDS = tuple(k.key for k in _KINDS.values() if k.columns)
KIND_LABELS = {k.key: k.label for k in _KINDS.values()}
COLUMNS = {k.key: k.columns for k in _KINDS.values() if k.columns}
ROSTER_COLUMNS = COLUMNS[ROSTER]
HOUSEHOLD_COLUMNS = COLUMNS[HOUSEHOLDS]
LINK_COLUMNS = COLUMNS[LINKS]

# Columns the reader recognises but never imports. 所在党支部 (the national
# system's rosters) names the branch, which is the village imported into.
IGNORED_HEADERS = frozenset({"序号", "编号", "行号", "错误原因", "NO", "NO.", "所在党支部", "党支部", "所在支部",
                             "所在党组织", "党组织名称"})
EXAMPLE_MARKERS = frozenset({"示例", "例", "样例", "填写示例"})
_BRACKETS = re.compile(r"[(\[【（][^)\]】）]*[)\]】）]")


def normalize_header(value) -> str:
    """A header as compared: NFKC, no spaces, no '*', no bracketed hints like （必填）."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split()).replace("*", "").replace("※", "")
    stripped = _BRACKETS.sub("", text)
    return (stripped or text).upper()


def header_index(kind: str) -> dict[str, str]:
    """Normalised header or synonym → column key, for one kind of sheet."""
    index = {}
    for column in COLUMNS[kind]:
        for name in (column.header, *column.synonyms):
            index.setdefault(normalize_header(name), column.key)
    return index


def column(kind: str, key: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.key == key)
