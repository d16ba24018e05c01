"""Finding the header of a sheet: one row, or a group row over a field row.

Rosters from the township often carry two header rows: a merged 基本信息 or
联系方式 over 姓名 / 性别 / 电话, with 序号 and 备注 merged down over both.
Each column is then read as, in this order: the group and field together
when that is a known header (户主 over 姓名 → 户主姓名, 联户党员 over 姓名), the
field alone (基本信息 over 姓名 → 姓名: the group is dropped), or, under a
cell merged down, the upper text. Merged ranges are used where the format
gives them (.xlsx, .xls); elsewhere (.ods, .csv) a group is carried right
over the blank cells above the fields that follow it.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER_SEARCH_ROWS = 15


@dataclass
class Header:
    at: int  # index of the field row among the rows (0-based)
    labels: list[str]  # per column: the text the column is known by
    group_at: int | None = None  # index of the group row, when there is one
    matched: int = 0  # how many distinct keys the labels name


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _row_texts(row) -> list[str]:
    return [_text(v) for v in row]


def _count(labels, key_of) -> tuple[int, list[str]]:
    keys = set()
    for label in labels:
        key = key_of(label)
        if key:
            keys.add(key)
    return len(keys), labels


def single(rows, key_of) -> Header:
    """The row among the first HEADER_SEARCH_ROWS naming the most known columns."""
    best = Header(-1, [], matched=0)
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [t if isinstance(v, str) else "" for v, t in zip(row, _row_texts(row))]
        matched, _ = _count(texts, key_of)
        if matched > best.matched:
            best = Header(number, _row_texts(row), matched=matched)
    return best


def _groups(upper: list[str], lower: list[str], merged, upper_at: int) -> list[str]:
    """The group text over each column: merged ranges where known, else the
    upper text carried right over blank cells above fields."""
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    groups = list(upper)
    if merged is not None:
        for (r0, c0), (r1, c1) in merged:
            if r0 == upper_at and r1 == upper_at and c0 < width:
                for col in range(c0 + 1, min(c1, width - 1) + 1):
                    groups[col] = upper[c0]
        return groups
    for col in range(1, width):
        if not upper[col] and lower[col] and groups[col - 1] and lower[col - 1]:
            groups[col] = groups[col - 1]
    return groups


def pair_labels(upper_row, lower_row, key_of, merged=None, upper_at: int = 0) -> tuple[int, list[str]]:
    """(distinct keys named, label per column) for a group row over a field row."""
    upper, lower = _row_texts(upper_row), _row_texts(lower_row)
    width = max(len(upper), len(lower))
    upper += [""] * (width - len(upper))
    lower += [""] * (width - len(lower))
    groups = _groups(upper, lower, merged, upper_at)
    labels, taken = [], set()
    for col in range(width):
        field, group, own = lower[col], groups[col], upper[col]
        candidates = []
        if field and group and group != field:
            candidates.append(group + field)
        if field:
            candidates.append(field)
        elif own:
            candidates.append(own)  # merged down over both rows: 序号, 备注
        label = next((c for c in candidates if key_of(c) and key_of(c) not in taken), None)
        if label is None:
            label = next((c for c in candidates if key_of(c)), None) or field or own
        if key_of(label):
            taken.add(key_of(label))
        labels.append(label)
    return len(taken), labels


def _looks_like_groups(upper_row, merged, upper_at: int, width: int) -> bool:
    """A group row names at least two things, or merges part (not all) of its row."""
    texts = [t for t in _row_texts(upper_row) if t]
    if merged:
        for (r0, c0), (_r1, c1) in merged:
            if r0 == upper_at and c1 > c0 and (c1 - c0 + 1) < width:
                return True
    return len(texts) >= 2


def find(rows, key_of, merged=None) -> Header:
    """The header: the best single row, or a group row and a field row when
    reading the two together names more columns (or as many, with groups)."""
    best = single(rows, key_of)
    if best.at < 0:
        return best
    chosen = best
    above, below = best.at - 1, best.at + 1
    if above >= 0:
        matched, labels = pair_labels(rows[above], rows[best.at], key_of, merged, above)
        width = len(labels)
        if matched > chosen.matched or (matched == chosen.matched
                                        and _looks_like_groups(rows[above], merged, above, width)):
            chosen = Header(best.at, labels, group_at=above, matched=matched)
    if below < len(rows) and below < HEADER_SEARCH_ROWS + 1:
        matched, labels = pair_labels(rows[best.at], rows[below], key_of, merged, best.at)
        if matched > chosen.matched and all(isinstance(v, str) or v is None for v in rows[below]):
            chosen = Header(below, labels, group_at=best.at, matched=matched)
    return chosen
