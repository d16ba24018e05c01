"""Validation of what users type: names, lengths, phones and dates. Messages are Chinese."""

from __future__ import annotations

import datetime
import re

from lianhu_desktop.domain import limits
from lianhu_desktop.domain.normalise import MonthDate
from lianhu_desktop.errors import ValidationError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area code 0 + 2–3 digits, then a 7–8 digit number, optional extension.
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)} | {"－": "-", "　": " ", "（": "(", "）": ")"}
)


# A person's name has a Chinese character (CJK ideographs, extensions A–G, the
# middle dot of minority names aside) or a letter of some script.
_NAME_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]|[^\W\d_]")


def check_name(name: str, *, label: str = "姓名", field: str = "name") -> str:
    """A person's name: at most ``limits.NAME_MAX`` characters, with a Chinese
    character or a letter (a cell holding "2" or "3" is no name)."""
    if len(name) > limits.NAME_MAX:
        raise ValidationError(f"{label}过长（{len(name)} 个字，最多 {limits.NAME_MAX} 个）：{limits.quote(name)}",
                              field=field)
    if not _NAME_CHARACTER.search(name):
        raise ValidationError(f"{label}应含汉字或字母：{limits.quote(name)}", field=field)
    return name


def normalize_phone(text: str) -> str:
    """Full-width digits to ASCII, spaces and brackets out: '(0931) 8123456' → '0931-8123456'."""
    value = (text or "").translate(_FULLWIDTH).strip()
    value = re.sub(r"^\((0\d{2,3})\)", r"\1-", value)
    value = value.replace(" ", "").replace("(", "").replace(")", "")
    if value.startswith("+86"):
        value = value[3:]
    return value


def check_phone(text: str, *, required: bool = False) -> str:
    """Return the normalized phone or raise ValidationError.

    Mobiles are 11 digits starting 1[3-9]; landlines carry an area code.
    """
    value = normalize_phone(text)
    if len(value) > 40:
        raise ValidationError(f"电话号码格式不对：{limits.quote(value)}", field="phone")
    if not value:
        if required:
            raise ValidationError("请填写联系电话", field="phone")
        return ""
    if _MOBILE.match(value) or _LANDLINE.match(value):
        return value
    digits = re.sub(r"\D", "", value)
    if digits.startswith("1") and len(digits) != 11:
        raise ValidationError(f"手机号码应为 11 位，现为 {len(digits)} 位：{value}", field="phone")
    if digits.startswith("1"):
        raise ValidationError(f"手机号码第二位应为 3–9：{value}", field="phone")
    raise ValidationError(f"电话号码格式不对（手机 11 位；座机需带区号，如 0931-8123456）：{value}",
                          field="phone")


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Full years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_join_date(join: datetime.date | None, birth: datetime.date | None,
                    today: datetime.date | None = None) -> None:
    """A join date may not lie in the future nor before the 18th birthday."""
    if join is None:
        return
    today = today or datetime.date.today()
    shown = join.month_text() if isinstance(join, MonthDate) else f"{join:%Y-%m-%d}"
    if join > today:
        raise ValidationError(f"入党时间不能晚于今天：{shown}", field="join_date")
    # A month-only date (stored as the 1st) may be any day of its month.
    latest = join
    if isinstance(join, MonthDate):
        latest = (join.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    if birth is not None and age_on(birth, latest) < 18:
        raise ValidationError(
            f"入党时间早于年满 18 周岁（出生 {birth:%Y-%m-%d}，入党 {shown}），请核对",
            field="join_date",
        )
