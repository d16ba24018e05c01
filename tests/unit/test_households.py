"""Households, their tags and grids."""

import datetime

import pytest

from lianhu_desktop.domain import idnumber
from lianhu_desktop.domain.households import (
    archive_household, delete_household, door_sort, household_data, parse_tags, save_household,
    tag_choices, unarchive_household,
)
from lianhu_desktop.domain.members import save_member
from lianhu_desktop.domain.organisation import create_grid, delete_grid, list_grids, rename_grid
from lianhu_desktop.domain.vocab import HOUSEHOLD_TAGS
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import Household, HouseholdTag, Link

HEAD_ID = idnumber.make("110101", datetime.date(1958, 6, 12), 1, "男")


@pytest.mark.parametrize("text, expected", [("15号", 15), ("3组15号", 15), ("东街12-3", 12),
                                            ("１５号", 15), ("", 0), ("无", 0)])
def test_door_sort(text, expected):
    assert door_sort(text) == expected


def test_parse_tags_splits_and_dedupes():
    assert parse_tags("困难户、低保户，困难户 / 种养大户") == ["困难户", "低保户", "种养大户"]
    with pytest.raises(ValidationError):
        parse_tags("很长" * 20)


def test_save_household_with_tags_and_grid(village):
    grid = list_grids(village.id)[0]
    household = save_household({"village_id": village.id, "head_name": " 李德福 ", "door_number": "3组15号",
                                "grid_id": grid.id, "tags": ["困难户", "自定义户"], "size": "4人",
                                "head_id_number": HEAD_ID.lower(), "phone": "0931-8123456"})
    assert (household.head_name, household.door_sort, household.size) == ("李德福", 15, 4)
    assert household.head_id_number == HEAD_ID and household.head_pinyin == "lidefu"
    assert household_data(household.id).tags == ["困难户", "自定义户"]
    save_household({"tags": "低保户、困难户"}, household.id)
    assert sorted(household_data(household.id).tags) == ["低保户", "困难户"]
    assert household_data(household.id).door_number == "3组15号"
    choices = tag_choices(village.id)
    assert choices[:len(HOUSEHOLD_TAGS)] == list(HOUSEHOLD_TAGS)


def test_custom_tags_in_use_are_offered(village):
    save_household({"village_id": village.id, "head_name": "李德福", "tags": ["合作社户"]})
    assert "合作社户" in tag_choices(village.id)


def test_household_errors_name_the_field(village):
    for fields, field in [({"head_name": ""}, "head_name"), ({"head_name": "李", "size": "0"}, "size"),
                          ({"head_name": "李", "phone": "123"}, "phone"),
                          ({"head_name": "李", "head_id_number": "110101"}, "head_id_number")]:
        with pytest.raises(ValidationError) as error:
            save_household({"village_id": village.id, **fields})
        assert error.value.field == field


def test_one_active_household_per_head_id(village):
    first = save_household({"village_id": village.id, "head_name": "李德福", "head_id_number": HEAD_ID})
    with pytest.raises(ValidationError):
        save_household({"village_id": village.id, "head_name": "李德福", "head_id_number": HEAD_ID})
    archive_household(first.id, "迁出")
    second = save_household({"village_id": village.id, "head_name": "李德福", "head_id_number": HEAD_ID})
    with pytest.raises(ValidationError):
        unarchive_household(first.id)
    assert second.id != first.id


def test_archive_and_delete_rules(village):
    household = save_household({"village_id": village.id, "head_name": "李德福", "tags": ["困难户"]})
    member = save_member({"village_id": village.id, "name": "王建国", "gender": "男"})
    Link.create(member=member, household=household, start_date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        delete_household(household.id)
    assert "联户记录 1 条" in str(error.value)
    archived = archive_household(household.id, "迁出", datetime.date(2025, 5, 1))
    assert archived.archived and archived.archive_reason == "迁出"
    assert not unarchive_household(household.id).archived
    plain = save_household({"village_id": village.id, "head_name": "赵四", "tags": ["低保户"]})
    delete_household(plain.id)
    assert not Household.select().where(Household.id == plain.id).exists()
    assert not HouseholdTag.select().where(HouseholdTag.household == plain.id).exists()


def test_grids_create_rename_and_refuse_delete_in_use(village):
    grid = create_grid(village.id, "六组")
    with pytest.raises(ValidationError):
        create_grid(village.id, "六组")
    rename_grid(grid.id, "新六组")
    save_household({"village_id": village.id, "head_name": "李德福", "grid_id": grid.id})
    row = next(g for g in list_grids(village.id) if g.id == grid.id)
    assert (row.name, row.households) == ("新六组", 1)
    with pytest.raises(ValidationError) as error:
        delete_grid(grid.id)
    assert "1 户农户" in str(error.value)
    empty = create_grid(village.id, "七组")
    delete_grid(empty.id)
