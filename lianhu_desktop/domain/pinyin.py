"""Pinyin search keys for names: full pinyin and initials, lower case.

Typing ``wjg`` or ``wangjianguo`` finds 王建国 because both keys are stored
beside the name and matched in SQL.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

# Surnames read differently from the character's common reading.
_SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou",
    "查": "zha", "乐": "yue", "覃": "qin", "缪": "miao", "盖": "ge", "翟": "zhai",
    "折": "she", "员": "yun", "种": "chong", "召": "shao", "秘": "bi", "尉": "yu",
    "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun", "宁": "ning", "华": "hua",
    "任": "ren", "沈": "shen", "柏": "bai", "卜": "bu", "薄": "bo", "黑": "he",
}


def _syllables(name: str) -> list[str]:
    name = "".join(name.split())
    for surname in sorted(_SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname) and len(name) > len(surname):
            reading = _SURNAME_READINGS[surname]
            rest = lazy_pinyin(name[len(surname):], style=Style.NORMAL, errors="default")
            if len(surname) == 2:
                first = lazy_pinyin(surname, style=Style.NORMAL)
                joined = "".join(first)
                if joined != reading:
                    first = [reading[: len(first[0])], reading[len(first[0]):]]
                return first + rest
            return [reading] + rest
    return lazy_pinyin(name, style=Style.NORMAL, errors="default")


def keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) for a name, e.g. 王建国 → ("wangjianguo", "wjg")."""
    parts = [p.lower() for p in _syllables(name or "") if p.strip()]
    full = "".join(p for p in parts if p.isascii() and p.isalnum())
    initials = "".join(p[0] for p in parts if p and p[0].isascii() and p[0].isalnum())
    return full, initials
