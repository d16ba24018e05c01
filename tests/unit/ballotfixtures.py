"""A village for the ballot tests: five members on the 2026 ballot (two share a name), two who are not."""

from __future__ import annotations

import datetime

from lianhu_desktop import pinyin
from lianhu_desktop.domain import idnumber
from lianhu_desktop.store.models import Appraisal, Member

YEAR = 2026
ZHANG_A = idnumber.make("110101", datetime.date(1970, 5, 6), 13, "男")
ZHANG_B = idnumber.make("110101", datetime.date(1982, 9, 1), 27, "男")


def _member(village, name: str, tier: str, **fields) -> Member:
    full, initials, sort = pinyin.name_keys(name)
    return Member.create(village=village, name=name, name_pinyin=full, name_initials=initials, name_sort=sort,
                         tier=tier, **fields)


def ballot_village(village) -> dict[str, Member]:
    """Members by key: wang, li, zhang_a, zhang_b, zhao on the ballot; late (joined 2027), gone (archived 2025)."""
    return {
        "wang": _member(village, "王建国", "党员干部"),
        "li": _member(village, "李秀英", "一般党员"),
        "zhang_a": _member(village, "张伟", "一般党员", id_number=ZHANG_A),
        "zhang_b": _member(village, "张伟", "外出党员", id_number=ZHANG_B),
        "zhao": _member(village, "赵大海", "老病残党员"),
        "late": _member(village, "刘芳", "一般党员", join_date=datetime.date(2027, 3, 1)),
        "gone": _member(village, "陈明", "一般党员", archived=True, archived_on=datetime.date(2025, 6, 30)),
    }


def seal(village, year: int = YEAR) -> None:
    """Seal the year's appraisal as the core's sealing would (only the moment matters here)."""
    Appraisal.update(sealed_at=datetime.datetime(2026, 12, 28, 10, 30)).where(
        (Appraisal.village == village.id) & (Appraisal.year == year)).execute()
