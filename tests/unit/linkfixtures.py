"""Small hand-made villages for the linking tests: households, members, tags."""

from __future__ import annotations

from lianhu_desktop.store.models import Grid, Household, HouseholdTag, Member


def grids(village) -> list[Grid]:
    return list(Grid.select().where(Grid.village == village).order_by(Grid.sort_order))


def household(village, door: int, *, grid=None, head: str | None = None, tags=(), work_place: str = "",
              association: str = "", archived: bool = False) -> Household:
    row = Household.create(village=village, grid=grid, door_number=f"{door}号", door_sort=door,
                           head_name=head or f"户主{door}", work_place=work_place,
                           industry_association=association, archived=archived)
    for tag in tags:
        HouseholdTag.create(household=row, tag=tag)
    return row


def member(village, name: str, *, grid=None, phone: str = "13800000000", **fields) -> Member:
    return Member.create(village=village, name=name, name_pinyin=name, name_sort=name, phone=phone, home_grid=grid,
                         **fields)


def households(village, doors, **kwargs) -> list[Household]:
    return [household(village, door, **kwargs) for door in doors]
