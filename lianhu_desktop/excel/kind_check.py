"""Which sheet, which kind: a sheet of another kind is refused before anything is planned.

A roster read as a household ledger would make a household of every member
(姓名 is also a 户主 synonym) and dump the roster's columns into notes. Each
kind's header is found as the reader finds it; the columns that only that
kind knows (性别, 入党日期 … for a roster; 家庭人口, 户类别 … for a ledger;
联户模式, 开始日期 … for a links sheet) are counted, and a sheet that names
at least two of another kind's own columns and more of them than of the
kind asked for is refused with the kind it is: "这是党员花名册，请用“导入花名册”".
"""

from __future__ import annotations

import functools

from lianhu_desktop.errors import ValidationError
from lianhu_desktop.excel import headers as header_rows
from lianhu_desktop.excel.columns import header_index, normalize_header
from lianhu_desktop.excel.kinds import KINDS

# How many of another kind's own columns make a sheet that kind.
MIN_OWN_COLUMNS = 2
SHOWN_COLUMNS = 4


class WrongKind(ValidationError):
    """The sheet is of another importable kind (``kind``: its key)."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def _candidates() -> list[str]:
    return [k.key for k in KINDS.values() if k.importable and k.columns]


@functools.cache
def own_headers(kind: str) -> dict[str, str]:
    """Normalised header → column key, for the headers no other importable kind knows."""
    others = set()
    for other in _candidates():
        if other != kind:
            others |= set(header_index(other))
    return {name: key for name, key in header_index(kind).items() if name not in others}


def _own_columns(raw_rows, kind: str, merged) -> list[str]:
    """The sheet's headers (as written) that are ``kind``'s own, one per column key."""
    index = header_index(kind)
    header = header_rows.find(raw_rows, lambda text: index.get(normalize_header(text)) if text else None,
                              merged)
    if header.at < 0:
        return []
    own = own_headers(kind)
    found: dict[str, str] = {}
    for label in header.labels:
        key = own.get(normalize_header(label))
        if key and key not in found:
            found[key] = label
    return list(found.values())


def check_kind(raw_rows, kind: str, *, merged=None) -> None:
    """Refuse a sheet that is plainly of another importable kind (``WrongKind``)."""
    if kind not in _candidates():
        return
    own = {k: _own_columns(raw_rows, k, merged) for k in _candidates()}
    mine = len(own[kind])
    best = max((k for k in own if k != kind), key=lambda k: len(own[k]), default=None)
    if best is None or len(own[best]) < MIN_OWN_COLUMNS or len(own[best]) <= mine:
        return
    other, asked = KINDS[best], KINDS[kind]
    shown = "”“".join(own[best][:SHOWN_COLUMNS])
    more = " 等" if len(own[best]) > SHOWN_COLUMNS else ""
    raise WrongKind(f"这是{other.label}，请用“导入{other.short}”：表头有“{shown}”{more}{other.short}的列，"
                    f"不能作为{asked.label}导入", best)
