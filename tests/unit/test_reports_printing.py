"""Print settings and scopes (domain.printing)."""

import pytest

from lianhu_desktop.domain import printing
from lianhu_desktop.domain.villages import create_village
from lianhu_desktop.domain.vocab import DUTIES
from lianhu_desktop.errors import NotFoundError, ValidationError
from tests.unit import printdata


def test_defaults(village):
    assert printing.get_plate_title(village.id) == "党员联户工作牌"
    assert printing.get_service_items(village.id) == list(DUTIES)
    assert ("急救", "120") in printing.get_useful_numbers(village.id)


def test_settings_per_village_with_a_database_wide_fallback(village):
    other = create_village("王庄村", township="城关镇")
    printing.set_plate_title(None, "联户连心卡")
    printing.set_plate_title(village.id, "党员联户责任牌")
    assert printing.get_plate_title(village.id) == "党员联户责任牌"
    assert printing.get_plate_title(other.id) == "联户连心卡"
    printing.set_plate_title(village.id, "")
    assert printing.get_plate_title(village.id) == "联户连心卡"
    printing.set_service_items(village.id, ["代办证件", " 政策咨询 ", ""])
    assert printing.get_service_items(village.id) == ["代办证件", "政策咨询"]
    printing.set_service_items(village.id, [])
    assert printing.get_service_items(village.id) == list(DUTIES)
    printing.set_useful_numbers(village.id, [("村卫生室", "0371-1234567")])
    assert printing.get_useful_numbers(village.id) == [("村卫生室", "0371-1234567")]
    with pytest.raises(ValidationError):
        printing.set_useful_numbers(village.id, [("村卫生室", "")])
    with pytest.raises(ValidationError):
        printing.set_plate_title(village.id, "很" * 21)


def test_settings_reach_the_plates(village):
    printdata.fill(village, members=1, per_member=2)
    printing.set_plate_title(village.id, "党员联户责任牌")
    plates = printing.door_plates(printing.resolve_scope())
    assert plates.statics[village.id].title == "党员联户责任牌"
    assert plates.statics[village.id].supervision_phone == "0371-66668888"


def test_scope_names_are_checked(village):
    assert printing.resolve_scope().village_id == village.id
    with pytest.raises(NotFoundError):
        printing.resolve_scope(grid="九十九组")
    with pytest.raises(NotFoundError):
        printing.resolve_scope(member="无此人")
    create_village("王庄村", township="城关镇")
    with pytest.raises(ValidationError, match="李家庄村、王庄村"):
        printing.resolve_scope()
    assert printing.resolve_scope(village="王庄村").village_id != village.id
