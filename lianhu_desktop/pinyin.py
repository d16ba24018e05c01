"""Pinyin keys of names: full pinyin and initials to search by, a key to sort by.

Typing ``wjg`` or ``wangjianguo`` finds 王建国 because both keys are stored
beside the name and matched in SQL. Lists sort by ``sort_key``: syllable by
syllable, each followed by its character, so that 李旭东 stays with the other
李 rather than after 刘 (as the concatenated ``lixudong`` > ``liu`` would put
it), and 许 and 徐 (both ``xu``) do not interleave.

A plain text function used by the domain when it stores a name and by the
migration that recomputes stored keys, so it lives below both.

pypinyin costs ~30 µs a name, 1.5 s for a 50,000-row import (figures from
when this was written), so ``keys``
converts each character once and assembles ordinary names from that cache.
A name in which some run of characters is a pypinyin phrase (the only case
where a reading depends on its neighbours), a compound surname or anything
not Chinese takes the exact path; both give the same keys.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache, lru_cache

# Surnames read differently from the character's common reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou",
    "查": "zha", "乐": "yue", "覃": "qin", "缪": "miao", "盖": "ge", "翟": "zhai",
    "折": "she", "员": "yun", "种": "chong", "召": "shao", "秘": "bi", "尉": "yu",
    "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun", "宁": "ning", "华": "hua",
    "任": "ren", "沈": "shen", "柏": "bai", "卜": "bu", "薄": "bo", "黑": "he",
}
_COMPOUND = tuple(s for s in SURNAME_READINGS if len(s) > 1)


@cache
def _pypinyin():
    # pypinyin without its phrase table (~42 MB and ~0.2 s to import, most of
    # an import's peak memory) and without copying its character table: the
    # phrases names need come from our own table (``_phrase_readings``).
    os.environ["PYPINYIN_NO_PHRASES"] = "1"
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import RE_HANS

    return (lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="default")), RE_HANS


@cache
def _phrase_readings() -> dict[str, tuple[str, ...] | None]:
    """pypinyin's phrases (``resources/pinyin/phrases.txt``, made by
    ``scripts/make_pinyin_phrases.py``): phrase → its syllables where they
    differ from its characters' own (None where not)."""
    from lianhu_desktop import paths

    readings: dict[str, tuple[str, ...] | None] = {}
    with open(paths.resource("pinyin", "phrases.txt"), encoding="utf-8") as table:
        lines = table.read().splitlines()
    intern = sys.intern
    for line in lines:
        if not line or line[0] == "#":
            continue
        phrase, _, reading = line.partition("\t")
        readings[phrase] = tuple(intern(s) for s in reading.split(" ")) if reading else None
    return readings


@cache
def _longest_phrase() -> int:
    return max(map(len, _phrase_readings()), default=1)


def _segments(run: str):
    """A run of Chinese characters cut as pypinyin cuts it: at each place the
    longest phrase starting there, else one character (tried from the
    longest a phrase can be down: the same cut as extending a piece while it
    begins a phrase, without a table of every phrase's beginnings)."""
    readings, longest = _phrase_readings(), _longest_phrase()
    start, size = 0, len(run)
    while start < size:
        found = start + 1
        for end in range(min(size, start + longest), start + 1, -1):
            if run[start:end] in readings:
                found = end
                break
        yield run[start:found]
        start = found


def _lazy_pinyin(text: str) -> list[str]:
    """What pypinyin's ``lazy_pinyin(text)`` (toneless, its phrase table loaded) gives."""
    convert, han_run = _pypinyin()
    readings = _phrase_readings()
    syllables: list[str] = []
    for piece in _han_runs(text, han_run):
        if not han_run.match(piece):
            syllables.extend(convert(piece))
            continue
        for segment in _segments(piece):
            reading = readings.get(segment)
            if reading is not None:
                syllables.extend(reading)
            else:
                syllables.extend(_char(c) for c in segment)
    return syllables


def _han_runs(text: str, han_run) -> list[str]:
    """``text`` split into runs of Chinese characters and runs of anything else."""
    runs: list[str] = []
    for char in text:
        if runs and bool(han_run.match(char)) == bool(han_run.match(runs[-1][-1])):
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def _syllables(name: str) -> list[str]:
    lazy_pinyin = _lazy_pinyin
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname) and len(name) > len(surname):
            reading = SURNAME_READINGS[surname]
            rest = lazy_pinyin(name[len(surname):])
            if len(surname) == 2:
                first = lazy_pinyin(surname)
                if "".join(first) != reading:
                    first = [reading[: len(first[0])], reading[len(first[0]):]]
                return first + rest
            return [reading] + rest
    return lazy_pinyin(name)


def _join(syllables) -> tuple[str, str]:
    parts = [p.lower() for p in syllables if p.strip()]
    full = "".join(p for p in parts if p.isascii() and p.isalnum())
    initials = "".join(p[0] for p in parts if p and p[0].isascii() and p[0].isalnum())
    return full, initials


@cache
def _char(char: str) -> str:
    parts = _pypinyin()[0](char)
    return parts[0] if parts else ""


def _has_phrase(text: str) -> bool:
    phrases = _phrase_readings()
    size = len(text)
    return any(text[i:j] in phrases for i in range(size) for j in range(i + 2, size + 1))


@lru_cache(maxsize=65536)
def _readings(name: str) -> tuple[str, ...]:
    """The syllables of a name (no spaces). Without a compound surname or a
    phrase pypinyin knows, each character's own reading (cached per
    character), which is what pypinyin's segmentation gives such a name."""
    if name.startswith(_COMPOUND) or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return tuple(_syllables(name))
    surname = len(name) > 1 and name[0] in SURNAME_READINGS
    if _has_phrase(name[1:] if surname else name):
        return tuple(_syllables(name))
    syllables = [_char(c) for c in name]
    if surname:
        syllables[0] = SURNAME_READINGS[name[0]]
    return tuple(syllables)


@lru_cache(maxsize=65536)
def keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) for a name, e.g. 王建国 → ("wangjianguo", "wjg")."""
    name = "".join((name or "").split())
    if not name:
        return "", ""
    return _join(_readings(name))


# Ends each syllable in a sort key. A digit sorts before every letter in a
# plain byte comparison (SQLite) and in every locale collation (PostgreSQL),
# where spaces and punctuation are ignored and so cannot separate anything.
SORT_SEPARATOR = "0"


def _is_han(char: str) -> bool:
    return ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"
            or "\U00020000" <= char <= "\U0003134f")


def _syllable(text: str) -> str:
    if text.isascii() and text.isalnum() and text.islower():
        return text  # pypinyin's readings are already so
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def _tokens(name: str) -> list[tuple[str, str]]:
    """(text, syllable) for each Chinese character and each run of letters or digits."""
    if all(_is_han(c) for c in name):
        syllables = _readings(name)
        if len(syllables) == len(name):
            return list(zip(name, syllables))
    tokens: list[tuple[str, str]] = []
    run = ""
    for char in name + " ":
        if char.isalnum() and not _is_han(char):
            run += char
            continue
        if run:
            tokens.append((run, _syllable(run)))
            run = ""
        if _is_han(char):
            reading = SURNAME_READINGS.get(char) if not tokens and len(name) > 1 else None
            tokens.append((char, reading or _char(char)))
    return tokens


@lru_cache(maxsize=65536)
def sort_key(name: str) -> str:
    """The key lists sort names by: each syllable, a separator, its character.

    李建军 → ``li0李jian0建jun0军``. Compared as plain text it orders by the
    first syllable, then the first character (so one surname stays together),
    then the next syllable, and so on; a shorter name before a longer one.
    """
    name = "".join((name or "").split())
    return "".join(f"{_syllable(syllable)}{SORT_SEPARATOR}{text}" for text, syllable in _tokens(name))


_ALL_HAN = re.compile("[\u4e00-\u9fff]+\\Z")


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, str, str]:
    """(full pinyin, initials, sort key) of a name: the three columns stored beside it.

    What ``keys`` and ``sort_key`` give; for the common name (Chinese
    characters only, one plain syllable each) made here in one go from its
    syllables, which an import does for every distinct name of a sheet."""
    word = "".join((name or "").split())
    if word and _ALL_HAN.match(word):
        syllables = _readings(word)
        full = "".join(syllables)
        if len(syllables) == len(word) and all(syllables) and full.isascii() and full.isalpha() \
                and full.islower():
            return (full, "".join([s[0] for s in syllables]),
                    "".join([f"{s}{SORT_SEPARATOR}{c}" for s, c in zip(syllables, word)]))
    return (*keys(name), sort_key(name))
