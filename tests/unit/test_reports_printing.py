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


def test_a_plate_edited_between_preview_and_print_stays_changed(tmp_path, village):
    """Marking a preview as printed records what was on paper, not later edits."""
    from lianhu_desktop.domain import linking
    from lianhu_desktop.reports import catalog
    from lianhu_desktop.store.models import Member

    printdata.fill(village, members=2, per_member=3)
    village_id = village.id
    result = catalog.print_document("doorplate", printing.Scope(village_id), tmp_path / "p.pdf",
                                    mark_printed=False)
    first = result.household_ids[0]
    member = Member.get_by_id(linking.active_links([first])[first].member_id)
    member.phone = "13900000000" if member.phone != "13900000000" else "13900000001"
    member.save()
    catalog.mark_as_printed(result)
    changed = linking.plates_changed_since_print(village_id)
    assert first in changed
    assert len(changed) < len(result.household_ids)
