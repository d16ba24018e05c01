"""Members, party groups and posts: the rules the roster dialog relies on."""

import datetime

import pytest

from lianhu_desktop.domain import idnumber
from lianhu_desktop.domain.members import (
    MemberData, archive_member, clean_member, delete_member, member_data, member_history,
    save_member, unarchive_member,
)
from lianhu_desktop.domain.organisation import (
    create_party_group, create_post, delete_party_group, delete_post, list_party_groups, list_posts,
    update_party_group, update_post,
)
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import AuditLog, Household, Link, Member, Visit

BIRTH = datetime.date(1965, 3, 5)
ID_MALE = idnumber.make("110101", BIRTH, 12, "男")
ID_FEMALE = idnumber.make("110101", datetime.date(1970, 5, 6), 14, "女")


def data(village, **fields):
    return {"village_id": village.id, "name": "王建国", **fields}


def test_id_number_fills_birth_date_and_gender(village):
    member = save_member(data(village, id_number=ID_MALE.lower()))
    assert member.birth_date == BIRTH and member.gender == "男"
    assert member.id_number == ID_MALE  # lowercase x normalised
    assert (member.name_pinyin, member.name_initials) == ("wangjianguo", "wjg")


def test_birth_date_disagreeing_with_id_names_both(village):
    with pytest.raises(ValidationError) as error:
        save_member(data(village, id_number=ID_MALE, birth_date=datetime.date(1965, 3, 6)))
    assert error.value.field == "birth_date"
    assert "1965-03-06" in str(error.value) and "1965-03-05" in str(error.value)


def test_gender_disagreeing_with_id_names_both(village):
    with pytest.raises(ValidationError) as error:
        save_member(data(village, id_number=ID_MALE, gender="女"))
    assert error.value.field == "gender" and "女" in str(error.value) and "男" in str(error.value)


def test_month_only_birth_date_is_compared_by_month_and_takes_the_id_day():
    cleaned = clean_member({"name": "王建国", "id_number": ID_MALE,
                            "birth_date": datetime.date(1965, 3, 1)}, birth_day_known=False)
    assert cleaned["birth_date"] == BIRTH
    with pytest.raises(ValidationError):
        clean_member({"name": "王建国", "id_number": ID_MALE, "birth_date": datetime.date(1965, 4, 1)},
                     birth_day_known=False)


def test_bad_check_digit_is_refused_at_the_id_field(village):
    wrong = ID_MALE[:17] + ("0" if ID_MALE[17] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        save_member(data(village, id_number=wrong))
    assert error.value.field == "id_number" and "校验位" in str(error.value)


@pytest.mark.parametrize("phone, ok", [("13912345678", True), ("0931-8123456", True),
                                       ("１３９１２３４５６７８", True), ("1391234567", False),
                                       ("12912345678", False), ("8123456", False)])
def test_phones(village, phone, ok):
    if ok:
        assert save_member(data(village, gender="男", phone=phone)).phone
    else:
        with pytest.raises(ValidationError) as error:
            save_member(data(village, gender="男", phone=phone))
        assert error.value.field == "phone"


def test_join_date_before_18th_birthday_or_in_future_is_refused(village):
    with pytest.raises(ValidationError) as error:
        save_member(data(village, id_number=ID_MALE, join_date=datetime.date(1980, 1, 1)))
    assert error.value.field == "join_date" and "18" in str(error.value)
    with pytest.raises(ValidationError):
        save_member(data(village, id_number=ID_MALE,
                         join_date=datetime.date.today() + datetime.timedelta(days=1)))


def test_required_fields_and_enumerations(village):
    with pytest.raises(ValidationError) as error:
        save_member({"village_id": village.id, "name": "  ", "gender": "男"})
    assert error.value.field == "name"
    with pytest.raises(ValidationError) as error:
        save_member({"name": "王建国", "gender": "男"})
    assert error.value.field == "village_id"
    with pytest.raises(ValidationError) as error:
        save_member(data(village))  # no gender and no ID number
    assert error.value.field == "gender"
    with pytest.raises(ValidationError) as error:
        save_member(data(village, gender="男", education="幼儿园"))
    assert error.value.field == "education" and "本科" in str(error.value)
    member = save_member(data(village, gender="男性", education="大学本科", ethnicity="回",
                              residence="外出"))
    assert (member.gender, member.education, member.ethnicity) == ("男", "本科", "回族")
    assert member.tier == "外出党员"  # the default tier of a migrant member


def test_one_active_member_per_id_number(village):
    first = save_member(data(village, id_number=ID_MALE))
    with pytest.raises(ValidationError) as error:
        save_member(data(village, name="王建军", id_number=ID_MALE))
    assert "王建国" in str(error.value) and error.value.field == "id_number"
    archive_member(first.id, "转出", datetime.date(2024, 1, 1))
    second = save_member(data(village, name="王建军", id_number=ID_MALE))
    with pytest.raises(ValidationError):
        unarchive_member(first.id)
    archive_member(second.id, "去世")
    assert not unarchive_member(first.id).archived


def test_update_keeps_unmentioned_fields_and_audits(village):
    member = save_member(data(village, id_number=ID_MALE, phone="13912345678"))
    save_member({"education": "高中"}, member.id)
    stored = member_data(member.id)
    assert stored.phone == "13912345678" and stored.education == "高中"
    actions = [a.action for a in AuditLog.select().order_by(AuditLog.id)]
    assert actions[-2:] == ["新增党员", "修改党员"]
    assert isinstance(stored, MemberData)


def test_related_rows_must_belong_to_the_village(village):
    from lianhu_desktop.domain.villages import create_village

    other = create_village("王家沟村", township="城关镇")
    group = create_party_group(other.id, "第一党小组")
    with pytest.raises(ValidationError) as error:
        save_member(data(village, gender="男", party_group_id=group.id))
    assert error.value.field == "party_group_id"


def test_archive_needs_a_reason_and_unarchive_restores(village):
    member = save_member(data(village, gender="男"))
    with pytest.raises(ValidationError):
        archive_member(member.id, "")
    archived = archive_member(member.id, "转出", datetime.date(2025, 6, 1))
    assert archived.archived and archived.archive_reason == "转出"
    restored = unarchive_member(member.id)
    assert not restored.archived and restored.archived_on is None


def test_delete_only_without_history(village):
    member = save_member(data(village, gender="男"))
    household = Household.create(village=village, head_name="李德福")
    Link.create(member=member, household=household, start_date=datetime.date(2025, 1, 1))
    Visit.create(village=village, member=member, household=household, date=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError) as error:
        delete_member(member.id)
    assert "联户记录 1 条" in str(error.value) and "走访记录 1 条" in str(error.value)
    assert member_history(member.id) == {"联户记录": 1, "走访记录": 1}
    fresh = save_member(data(village, name="李秀英", gender="女"))
    delete_member(fresh.id)
    assert not Member.select().where(Member.id == fresh.id).exists()


def test_party_groups_with_leader(village):
    from lianhu_desktop.domain.villages import create_village

    leader = save_member(data(village, gender="男", is_committee=True))
    group = create_party_group(village.id, "老龄党小组", "老龄", leader.id)
    with pytest.raises(ValidationError):
        create_party_group(village.id, "老龄党小组")
    other = create_village("王家沟村", township="城关镇")
    outsider = save_member({"village_id": other.id, "name": "赵六", "gender": "男"})
    with pytest.raises(ValidationError) as error:
        update_party_group(group.id, leader_id=outsider.id)
    assert "本村" in str(error.value)
    save_member({"party_group_id": group.id}, leader.id)
    rows = list_party_groups(village.id)
    assert rows[0].leader_name == "王建国" and rows[0].members == 1 and rows[0].kind == "老龄"
    with pytest.raises(ValidationError) as error:
        delete_party_group(group.id)
    assert "1 名党员" in str(error.value)
    update_party_group(group.id, leader_id=None, name="第一党小组")
    save_member({"party_group_id": None}, leader.id)
    delete_party_group(group.id)
    assert list_party_groups(village.id) == []


def test_posts_with_duties(village):
    post = create_post(village.id, "产业发展岗", "带领群众发展特色种植")
    member = save_member(data(village, gender="男", post_id=post.id))
    assert [p.duties for p in list_posts(village.id) if p.id == post.id] == ["带领群众发展特色种植"]
    with pytest.raises(ValidationError) as error:
        delete_post(post.id)
    assert "1 名党员" in str(error.value)
    update_post(post.id, duties="新的职责")
    save_member({"post_id": None}, member.id)
    delete_post(post.id)


def test_the_roster_filters_name_each_group_and_post_once_across_villages(village):
    from lianhu_desktop.domain.organisation import party_group_names, post_names
    from lianhu_desktop.domain.villages import create_village

    other = create_village("王家湾村")
    for village_id, names in ((village.id, ("老龄党小组", "青年党小组")), (other.id, ("青年党小组", "外出党小组"))):
        for name in names:
            create_party_group(village_id, name)
        create_post(village_id, "产业发展岗")
    create_post(other.id, "环境卫生岗")
    assert party_group_names(other.id) == ["青年党小组", "外出党小组"]
    assert party_group_names(None) == ["老龄党小组", "青年党小组", "外出党小组"]
    every = post_names(None)
    assert every == list(dict.fromkeys([*post_names(village.id), *post_names(other.id)]))
    assert every.count("产业发展岗") == 1 and every[-1] == "环境卫生岗"
