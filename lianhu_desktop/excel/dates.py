"""Dates as clerks type them into Excel.

A cell may hold a real Excel date, a serial number, or text such as
``1965.03``, ``1965年3月``, ``1965/3/5``, ``1965-03-05`` or ``19650305``.
``parse_date`` returns the date and whether the day was given: a roster's
出生年月 often stops at the month, and then only year and month are compared
with the ID number.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from typing import NamedTuple

from lianhu_desktop.domain.limits import quote
from lianhu_desktop.errors import ValidationError

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Serial numbers from 1900-03-01 to 2099-12-31.
_SERIAL_MIN, _SERIAL_MAX = 61, 73415
_TEXT = re.compile(
    r"^(\d{4})\s*(?:[年./\-]\s*(\d{1,2})\s*(?:[月./\-]\s*(\d{1,2})\s*[日号]?|月)?)?\s*$"
)
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


class ParsedDate(NamedTuple):
    date: datetime.date
    day_known: bool


def _make(year: int, month: int, day: int | None, raw) -> ParsedDate:
    try:
        return ParsedDate(datetime.date(year, month, day or 1), day is not None)
    except ValueError:
        raise ValidationError(f"日期不存在：{quote(raw)}") from None


def _from_number(value: float, raw) -> ParsedDate:
    if value == int(value):
        number = int(value)
        if 19000101 <= number <= 21001231:
            return _from_text(str(number), raw)
        if 190001 <= number <= 210012:
            return _from_text(str(number), raw)
        if 1900 <= number <= 2100:
            raise ValidationError(f"日期只有年份，请写到月份（如 {number}.03）：{quote(raw)}")
        if _SERIAL_MIN <= number <= _SERIAL_MAX:
            return ParsedDate(_EXCEL_EPOCH + datetime.timedelta(days=number), True)
        raise ValidationError(f"无法识别的日期：{quote(raw)}")
    year = int(value)
    if 1900 <= year <= 2100:
        # 1965.03 typed into a number cell; Excel keeps 1965.1 for "1965.10".
        month = round((value - year) * 100)
        return _make(year, month, None, raw)
    if _SERIAL_MIN <= value <= _SERIAL_MAX:
        return ParsedDate(_EXCEL_EPOCH + datetime.timedelta(days=int(value)), True)
    raise ValidationError(f"无法识别的日期：{quote(raw)}")


def _from_text(text: str, raw) -> ParsedDate:
    match = _COMPACT.match(text)
    if match:
        year, month, day = match.groups()
        return _make(int(year), int(month), int(day) if day else None, raw)
    match = _TEXT.match(text)
    if not match:
        raise ValidationError(f"无法识别的日期：{quote(raw)}（可写成 1965-03-05、1965/3/5、1965年3月 或 1965.03）")
    year, month, day = match.groups()
    if month is None:
        raise ValidationError(f"日期只有年份，请写到月份（如 {year}.03）：{quote(raw)}")
    return _make(int(year), int(month), int(day) if day else None, raw)


def parse_date(value) -> ParsedDate | None:
    """Parse one cell; None for an empty cell. Raises ValidationError (Chinese)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return ParsedDate(value.date(), True)
    if isinstance(value, datetime.date):
        return ParsedDate(value, True)
    if isinstance(value, bool):
        raise ValidationError(f"无法识别的日期：{quote(value)}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or abs(value) > 1e9:
            raise ValidationError(f"无法识别的日期：{quote(value)}")
        return _from_number(float(value), value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    if len(text) > 40:
        raise ValidationError(f"无法识别的日期：{quote(value)}")
    if re.fullmatch(r"\d+(\.\d+)?", text) and not _COMPACT.match(text) and "." not in text:
        return _from_number(float(text), value)
    text = _TIME.sub("", text.replace("．", ".").replace("。", "."))
    return _from_text(text, value)
