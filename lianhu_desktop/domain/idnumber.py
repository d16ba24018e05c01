"""Citizen ID numbers (公民身份号码, GB 11643-1999): area code, birth date, check digit, gender.

The first six digits are an administrative-division code of GB/T 2260. The
table is python-stdnum's (``stdnum/cn/loc.dat``, with the years each code
was in use). A number keeps the code it was issued under for life, so a code
abolished since (崇文区 110103 until 2010) stays valid. Unlike
``stdnum.cn.ric.validate`` a code created after the holder's birth is
accepted too: people born before 1985 in 秦安县 (620522, created 1985) got
their numbers when the code was already in use. Refused are codes that never
existed and codes abolished before the holder was born.
"""

from __future__ import annotations

import datetime
import re
import time
from functools import cache
from operator import mul

from lianhu_desktop.domain import limits
from lianhu_desktop.errors import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


_ZERO_SUM = ord("0") * sum(_WEIGHTS)
_DIGITS17 = re.compile(r"\d{17}\Z", re.ASCII)


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2).

    Weighs the digits' character codes (each less the code of 0, in one
    subtraction): a third of the time of converting each digit with int()."""
    if not _DIGITS17.match(first17):
        raise ValueError(f"not 17 digits: {first17!r}")
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _ZERO_SUM
    return _CHECK_CHARS[total % 11]


def normalize(text: str) -> str:
    """Strip spaces and turn a lowercase x into X; no other change (an
    already normal number comes back as the same object, not a copy)."""
    value = text.strip().replace(" ", "").upper()
    return text if value == text else value


_DAY = [0.0, None]  # (when today's date was last asked, the date then)


def _today() -> datetime.date:
    """Today's date, asked of the clock at most once a second (an import checks 50,000 numbers)."""
    now = time.monotonic()
    if _DAY[1] is None or now - _DAY[0] > 1.0:
        _DAY[:] = [now, datetime.date.today()]
    return _DAY[1]


def parse(text: str) -> tuple[str, datetime.date, str]:
    """Validate an ID number; return (normalized, birth date, gender).

    Raises ValidationError with a message that says what exactly is wrong.
    """
    value = normalize(text)
    if not value:
        raise ValidationError("身份证号码为空", field="id_number")
    if len(value) != 18:
        raise ValidationError(f"身份证号码应为 18 位，现为 {len(value)} 位：{limits.quote(value)}", field="id_number")
    if not _SHAPE.match(value):
        raise ValidationError(f"身份证号码格式不对（前 17 位应为数字，末位为数字或 X）：{limits.quote(value)}",
                              field="id_number")
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(f"身份证号码中的出生日期不存在：{value[6:14]}", field="id_number") from None
    if birth.year < 1900 or birth > _today():
        raise ValidationError(f"身份证号码中的出生日期不合理：{birth:%Y-%m-%d}", field="id_number")
    expected = check_digit(value[:17])
    if value[17] != expected:
        raise ValidationError(f"身份证号码校验位错误（末位应为 {expected}），请核对是否输错：{value}",
                              field="id_number")
    _check_area(value, birth.year)
    gender = "男" if int(value[16]) % 2 == 1 else "女"
    return value, birth, gender


@cache
def _areas():
    from stdnum import numdb

    return numdb.get("cn/loc")


@cache
def area_name(code: str) -> tuple[str, tuple[tuple[int | None, int | None], ...]] | None:
    """The province and county of a six-digit area code and the years it was in use, or None.

    Each period is (first year, last year), None where open. Cached: a
    village's ID numbers share a handful of codes, and the table lookup is
    the slowest step of checking an ID.
    """
    info = {key: value for _, props in _areas().info(code) for key, value in props.items()}
    if "county" not in info:
        return None
    names, periods = [], []
    for county in info["county"].split(","):
        start = end = None
        if county.startswith("["):
            span, county = county[1:].split("]", 1)
            first, last = span.split("-")
            start, end = (int(first) if first else None), (int(last) if last else None)
        names.append(county)
        periods.append((start, end))
    province = info.get("province", "")
    county = names[-1]
    return (province + county if county != province else province), tuple(periods)


@cache
def _last_year(code: str) -> int | None:
    """The last year ``code`` was in use (None: still in use); 0 for a code that never was."""
    found = area_name(code)
    if found is None:
        return 0
    ends = [end for _, end in found[1]]
    return None if None in ends else max(ends)


def _check_area(value: str, birth_year: int) -> None:
    code = value[:6]
    last = _last_year(code)
    if last is None:
        return  # the common case, decided once per code (an import checks 50,000 numbers)
    if last == 0:
        raise ValidationError(f"身份证号码前 6 位 {code} 不是有效的行政区划代码，请核对是否输错：{value}",
                              field="id_number")
    if last < birth_year:
        name = area_name(code)[0]
        raise ValidationError(f"身份证号码前 6 位 {code}（{name}）在 {last} 年已撤销，"
                              f"不可能用于 {birth_year} 年出生的人，请核对：{value}", field="id_number")


def make(area: str, birth: datetime.date, sequence: int, gender: str) -> str:
    """Build a valid ID number (for demo data and tests).

    ``sequence`` is 0–99; the gender digit is chosen odd for 男, even for 女.
    """
    gender_digit = (sequence % 5) * 2 + (1 if gender == "男" else 0)
    first17 = f"{area}{birth:%Y%m%d}{sequence % 100:02d}{gender_digit}"
    return first17 + check_digit(first17)


def mask(value: str) -> str:
    """Mask the middle of an ID number for printouts: 110101********123X."""
    if len(value) < 10:
        return value
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
