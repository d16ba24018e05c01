"""Archiving a member hands their households to others or leaves them unlinked, in one transaction."""

import datetime

import pytest

from lianhu_desktop.domain import households as household_rules
from lianhu_desktop.domain.coverage import coverage_report
from lianhu_desktop.domain.linking import active_links, end_links, link_households
from lianhu_desktop.domain.members import archive_member, linked_households
from lianhu_desktop.domain.proposals import propose_handover
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import Link, Member, Village
from tests.unit.linkfixtures import grids, household, households, member


@pytest.fixture
def linked(village):
    """一组: 老李 links doors 1-4; 小王 lives at door 3 and links door 5; 二组: 老张 links door 50."""
    Village.update(link_min=1, link_max=4).where(Village.id == village.id).execute()
    one, two = grids(village)[:2]
    leaving = member(village, "老李", grid=one)
    near = member(village, "小王", grid=one, household=household(village, 3, grid=two))
    far = member(village, "老张", grid=two)
    homes = households(village, [1, 2, 4, 6], grid=one)
    link_households(leaving.id, [h.id for h in homes], "能力分类", datetime.date(2024, 1, 1))
    link_households(near.id, [household(village, 5, grid=one).id], "就近就地", datetime.date(2024, 1, 1))
    link_households(far.id, [household(village, 50, grid=two).id], "就近就地", datetime.date(2024, 1, 1))
    return leaving, near, far, homes


def test_linked_households_name_grid_and_door(linked):
    leaving, _near, _far, homes = linked
    assert linked_households(leaving.id) == [(h.id, f"一组 户主{h.door_sort}（{h.door_sort}号）") for h in homes]


def test_proposals_for_the_hand_over_leave_out_the_leaving_member_and_keep_the_range(linked):
    leaving, near, far, homes = linked
    proposed = {p.household_id: p.member_id for p in propose_handover(leaving.id)}
    assert leaving.id not in proposed.values()
    # 小王 (same grid, 1 link) takes three to reach the maximum of 4; 老张 takes the last.
    assert sorted(proposed.values()).count(near.id) == 3
    assert set(proposed) == {h.id for h in homes} and far.id in proposed.values()


def test_archive_hands_chosen_households_over_and_leaves_the_rest_unlinked(linked):
    leaving, near, _far, homes = linked
    day = datetime.date(2025, 3, 1)
    archive_member(leaving.id, "转出", day, hand_over={homes[0].id: near.id, homes[1].id: near.id})
    links = active_links([h.id for h in homes])
    assert {hid: link.member_id for hid, link in links.items()} == {homes[0].id: near.id, homes[1].id: near.id}
    assert {link.mode for link in links.values()} == {"能力分类"}  # the mode is kept
    assert {link.start_date for link in links.values()} == {day}
    ended = Link.select().where(Link.member == leaving.id).order_by(Link.household)
    assert all(link.end_date == day for link in ended)
    report = coverage_report(leaving.village_id)
    assert {h["household_id"] for v in report["villages"] for h in v["unlinked"]} >= {homes[2].id, homes[3].id}


def test_a_refused_hand_over_archives_nothing(linked):
    leaving, near, far, homes = linked
    Member.update(archived=True, archive_reason="去世").where(Member.id == far.id).execute()
    with pytest.raises(ValidationError, match="已归档"):
        archive_member(leaving.id, "转出", hand_over={homes[0].id: near.id, homes[1].id: far.id})
    assert not Member.get_by_id(leaving.id).archived
    assert {link.member_id for link in active_links([h.id for h in homes]).values()} == {leaving.id}


def test_hand_over_refuses_households_of_others_and_the_member_himself(linked):
    leaving, near, far, homes = linked
    foreign = Link.select().where((Link.member == far.id) & Link.end_date.is_null()).first().household_id
    with pytest.raises(ValidationError, match="不由党员“老李”联系"):
        archive_member(leaving.id, "转出", hand_over={foreign: near.id})
    with pytest.raises(ValidationError, match="本人"):
        archive_member(leaving.id, "转出", hand_over={homes[0].id: leaving.id})
    assert not Member.get_by_id(leaving.id).archived


def test_end_links_and_archive_households_are_all_or_nothing(linked):
    leaving, near, _far, homes = linked
    lone = household(leaving.village_id, 99)
    with pytest.raises(ValidationError):
        end_links([homes[0].id, lone.id], "调整联户")
    assert homes[0].id in active_links([homes[0].id])
    ended = end_links([homes[0].id, homes[1].id], "调整联户")
    assert len(ended) == 2 and not active_links([homes[0].id, homes[1].id])
    with pytest.raises(ValidationError):
        household_rules.archive_households([homes[2].id, homes[3].id], "")
    assert homes[2].id in active_links([homes[2].id])
    household_rules.archive_households([homes[2].id, homes[3].id], "迁出")
    assert not active_links([homes[2].id, homes[3].id])
    household_rules.unarchive_households([homes[2].id, homes[3].id])
