"""How typed and imported values become stored values: text, choices, flags,
sizes, tags, month-only dates. Each refusal is a ``ValidationError`` naming
its field, with a Chinese message.

The field registry (``domain.fields``) picks one of these per field kind;
members and households share them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from lianhu_desktop.domain import limits, vocab
from lianhu_desktop.errors import ValidationError

YES = frozenset({"是", "√", "✓", "Y", "YES", "TRUE", "1", "有"})
NO = frozenset({"否", "×", "N", "NO", "FALSE", "0", "无", ""})
_TAG_SPLIT = re.compile(r"[、,，;；/／\s]+")
MAX_TAG_LENGTH = 20
DAY, MONTH = "day", "month"


class MonthDate(datetime.date):
    """A date known only to the month (入党时间 “1990年7月”): stored as the
    first of the month with precision ``month``, shown as 1990年7月 / 1990-07."""

    def __new__(cls, year: int, month: int, day: int = 1):
        return super().__new__(cls, year, month, 1)

    def __reduce__(self):  # copy and pickle (dataclasses.asdict deep-copies)
        return (type(self), (self.year, self.month))

    @classmethod
    def of(cls, value: datetime.date) -> MonthDate:
        return cls(value.year, value.month)

    # isoformat() stays the full date: it is what SQLite stores.
    def month_text(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __repr__(self) -> str:
        return f"MonthDate({self.year}, {self.month})"

    def chinese(self) -> str:
        return f"{self.year}年{self.month}月"


def precision_of(value) -> str:
    """``month`` for a MonthDate, else ``day``."""
    return MONTH if isinstance(value, MonthDate) else DAY


def with_precision(value: datetime.date | None, precision: str | None):
    """A stored date and its precision as the value the program works with."""
    if value is None or precision != MONTH:
        return value
    return MonthDate.of(value)


def date_text(value) -> str:
    """A date for lists: 1965-03-05, or 1990-07 for a month-only date."""
    if value is None:
        return ""
    if isinstance(value, MonthDate):
        return value.month_text()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def text(value) -> str:
    """A cell or field value as clean text: NFKC (full-width → ASCII), trimmed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip() if value.isascii() else unicodedata.normalize("NFKC", value).strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number cell: 15.0 is the door number 15
    return unicodedata.normalize("NFKC", str(value)).strip()


def check_length(value: str, limit: int | None, *, field: str, label: str) -> str:
    """Refuse text longer than ``limit`` (from ``domain.limits``), saying the limit."""
    if limit is not None and len(value) > limit:
        raise ValidationError(
            f"{label}过长（{len(value)} 个字，最多 {limit} 个字）：{limits.quote(value)}", field=field)
    return value


def normalize_choice(value, choices, *, field: str, label: str, synonyms=None, default: str = "") -> str:
    """Map ``value`` onto one of ``choices`` (accepting synonyms) or refuse with the list."""
    value = "".join(text(value).split())
    if not value:
        return default
    if value in choices:
        return value
    if synonyms and value in synonyms:
        return synonyms[value]
    raise ValidationError(f"{label}“{limits.quote(value)}”不在可选范围内，应为：{'、'.join(choices)}",
                          field=field)


def parse_flag(value, *, field: str, label: str) -> bool:
    """是/否 (and √, 1, Y …) as a boolean."""
    if isinstance(value, bool):
        return value
    word = text(value).upper()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValidationError(f"{label}应填“是”或“否”：{limits.quote(text(value))}", field=field)


def parse_tags(value, *, field: str = "tags") -> list[str]:
    """Tags from a list or from text separated by 、，; / or spaces; duplicates dropped."""
    if not value:
        return []
    if isinstance(value, (list, tuple, set)):
        items = ["".join(text(item).split()) for item in value]
    else:
        items = _TAG_SPLIT.split(text(value))  # normalised once, split on spaces too
    tags = []
    for tag in items:
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(f"标签过长（最多 {MAX_TAG_LENGTH} 个字）：{limits.quote(tag)}", field=field)
        tags.append(tag)
    return tags


def parse_duties(value, *, field: str = "duties", label: str = "履行职责") -> int:
    """The duties of a visit (八个到位) as their bit mask: names separated by 、，, ; or spaces.

    A duty may be written by its first two characters (宣传 for 宣传政策, 民意 for
    民意收集 …), which tell the eight apart; a mask (an int) passes through."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < 1 << len(vocab.DUTIES):
            raise ValidationError(f"{label}应从八个到位中选择", field=field)
        return value
    mask = 0
    for word in _TAG_SPLIT.split(text(value)):
        if not word:
            continue
        found = next((bit for bit, duty in enumerate(vocab.DUTIES) if word in (duty, duty[:2])), None)
        if found is None:
            raise ValidationError(f"“{limits.quote(word)}”不是八个到位中的职责，应为：{'、'.join(vocab.DUTIES)}",
                                  field=field)
        mask |= 1 << found
    return mask


def parse_size(value, *, field: str = "size") -> int:
    """Household size (人口数): a whole number 1–50; empty means 1."""
    if value is None or value == "":
        return 1
    if isinstance(value, float) and value == int(value):
        value = int(value)
    word = text(value).removesuffix("人").removesuffix("口")
    if not word:
        return 1
    if not word.isdigit() or len(word) > 3 or not 1 <= int(word) <= 50:
        raise ValidationError(f"人口数应为 1–50 的整数：{limits.quote(text(value))}", field=field)
    return int(word)


def normalize_ethnicity(value, *, field: str = "ethnicity", label: str = "民族",
                        choices=(), default: str = "", synonyms=None) -> str:
    """民族: 汉 is 汉族, the rest from the list of 56."""
    word = "".join(text(value).split())
    if word and word not in choices and word + "族" in choices:
        return word + "族"
    return normalize_choice(word, choices, field=field, label=label, default=default, synonyms=synonyms)
