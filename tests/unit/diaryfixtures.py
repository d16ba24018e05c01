"""A small village for the visit diary tests: one member linking three households."""

from __future__ import annotations

import datetime

from lianhu_desktop import pinyin
from lianhu_desktop.store.models import Link, Member
from tests.unit.linkfixtures import grids, household, member

TODAY = datetime.date(2026, 6, 15)


def diary_village(village):
    """(member, [three linked households], an unlinked household, another member)."""
    grid = grids(village)[0]
    m = member(village, "王建国", grid=grid, join_date=datetime.date(2001, 7, 1))
    other = member(village, "李秀英", grid=grid, phone="13900000000")
    for row in (m, other):
        full, initials, sort = pinyin.name_keys(row.name)
        Member.update(name_pinyin=full, name_initials=initials, name_sort=sort).where(Member.id == row.id).execute()
    linked = [household(village, door, grid=grid) for door in (1, 2, 3)]
    for h in linked:
        Link.create(member=m, household=h, start_date=datetime.date(2025, 1, 1))
    stranger = household(village, 9, grid=grid, head="赵大海")
    return m, linked, stranger, other
