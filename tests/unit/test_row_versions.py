"""Two clerks on one database: a save or delete of a record someone else saved
since it was loaded is refused with what they changed, and writes nothing.

The other clerk is a second connection to the same file writing plain SQL
(their program moves the row version on, as every write does), with their
own operator in the audit context so the change log names them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import datetime
import sqlite3

import pytest

from lianhu_desktop.domain import (
    appraisal, commitments, households, linking, meetings, members, organisation, pairings, requests,
    villages, visits,
)
from lianhu_desktop.errors import NotFoundError, StaleRecord
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.models import (
    Commitment, Grid, Household, Link, Meeting, Member, Pairing, PartyGroup, Post, Request, Scheme, Score,
    Village, Visit,
)
from tests.pgserver import edit_by_hand
from tests.unit.diaryfixtures import TODAY, diary_village
from tests.unit.linkfixtures import grids, household, member

OTHER = "李会计"


@contextlib.contextmanager
def other_connection(db_target):
    connection = sqlite3.connect(db_target, timeout=5, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def _on_server(target) -> bool:
    return isinstance(target, str) and target.startswith("postgresql://")


def other_clerk(db_target, table: str, row_id: int, **values) -> None:
    """What a second clerk's save does: one UPDATE moving the version on, under their name
    (on a server: their own session, whose operator setting names them)."""
    sets = ", ".join(f'"{column}" = ?' for column in values)
    update = f'UPDATE "{table}" SET {sets}, "row_version" = "row_version" + 1 WHERE "id" = ?'
    if _on_server(db_target):
        import psycopg

        with psycopg.connect(db_target) as connection:
            connection.execute("SELECT set_config('lianhu.operator', %s, true)", (OTHER,))
            connection.execute(update.replace("?", "%s"), (*values.values(), row_id))
        return
    with other_connection(db_target) as connection:
        connection.execute("BEGIN IMMEDIATE")
        before = connection.execute('SELECT "operator" FROM "audit_context" WHERE "id" = 1').fetchone()[0]
        connection.execute('UPDATE "audit_context" SET "operator" = ? WHERE "id" = 1', (OTHER,))
        connection.execute(update, (*values.values(), row_id))
        connection.execute('UPDATE "audit_context" SET "operator" = ? WHERE "id" = 1', (before,))
        connection.execute("COMMIT")


def other_clerk_deletes(db_target, table: str, row_id: int) -> None:
    if _on_server(db_target):
        import psycopg

        with psycopg.connect(db_target) as connection:
            connection.execute(f'DELETE FROM "{table}" WHERE "id" = %s', (row_id,))
        return
    with other_connection(db_target) as connection:
        connection.execute(f'DELETE FROM "{table}" WHERE "id" = ?', (row_id,))


@pytest.fixture
def clerk(village):
    grid = grids(village)[0]
    row = members.save_member({"village_id": village.id, "name": "王建国", "gender": "男",
                               "phone": "13800000001", "home_grid_id": grid.id})
    return row


# ---------------------------------------------------------------- members


def test_a_stale_member_save_is_refused_with_what_the_other_clerk_changed(db_target, clerk):
    loaded = members.load_member(clerk.id)
    mine = members.member_data(clerk.id)
    other_clerk(db_target, "member", clerk.id, phone="13900000002", notes="已调走")
    mine.skills = "种植"  # what this clerk typed
    with pytest.raises(StaleRecord) as refused:
        members.save_member(mine, clerk.id, loaded)
    message = str(refused.value)
    assert "党员“王建国”" in message and f"操作人“{OTHER}”" in message
    assert "联系电话：对方改为“13900000002”，您打开时为“13800000001”" in message
    assert "备注：对方改为“已调走”，您打开时为“（空）”" in message
    assert refused.value.changes == [("联系电话", "13900000002", "13800000001"), ("备注", "已调走", "（空）")]
    stored = Member.get_by_id(clerk.id)
    assert (stored.phone, stored.notes, stored.skills) == ("13900000002", "已调走", "")
    # Loaded again, the same change saves, and keeps the other clerk's.
    again = members.member_data(clerk.id)
    again.skills = "种植"
    members.save_member(again, clerk.id, members.load_member(clerk.id))
    stored = Member.get_by_id(clerk.id)
    assert (stored.phone, stored.skills) == ("13900000002", "种植")


def test_the_check_is_in_the_update_itself(clerk):
    """Two copies of one row read before either saves: the later save finds the version moved on."""
    first, second = Member.get_by_id(clerk.id), Member.get_by_id(clerk.id)
    first.phone = "13700000001"
    first.save()
    second.notes = "后保存"
    with pytest.raises(StaleRecord) as refused:
        second.save()
    assert "联系电话" not in str(refused.value)  # no loaded values: the refusal without a list
    stored = Member.get_by_id(clerk.id)
    assert (stored.phone, stored.notes, stored.row_version) == ("13700000001", "", 1)


def test_a_save_without_a_change_by_others_moves_the_version_on(clerk):
    loaded = members.load_member(clerk.id)
    members.save_member(members.member_data(clerk.id), clerk.id, loaded)
    assert Member.get_by_id(clerk.id).row_version == loaded.version + 1
    with pytest.raises(StaleRecord):  # the same loaded twice: the first save made it stale
        members.save_member(members.member_data(clerk.id), clerk.id, loaded)


def test_deleting_or_archiving_a_member_changed_meanwhile_is_refused(db_target, clerk):
    loaded = members.load_member(clerk.id)
    other_clerk(db_target, "member", clerk.id, phone="13900000003")
    with pytest.raises(StaleRecord) as refused:
        members.delete_member(clerk.id, loaded)
    assert "13900000003" in str(refused.value)
    with pytest.raises(StaleRecord):
        members.archive_member(clerk.id, "转出", loaded=loaded)
    stored = Member.get_by_id(clerk.id)
    assert not stored.archived
    members.delete_member(clerk.id, members.load_member(clerk.id))
    assert not Member.select().where(Member.id == clerk.id).exists()


def test_a_record_deleted_meanwhile(db_target, clerk):
    loaded = members.load_member(clerk.id)
    other_clerk_deletes(db_target, "member", clerk.id)
    with pytest.raises(NotFoundError) as gone:
        members.save_member(members.MemberData(village_id=clerk.village_id, name="王建国"), clerk.id, loaded)
    assert "不存在或已被删除" in str(gone.value)
    with pytest.raises(NotFoundError) as again:
        members.delete_member(clerk.id, loaded)
    assert "已被删除" in str(again.value) and "无需再删" in str(again.value)


def test_deleted_between_the_check_and_the_write(db_target, village):
    """A save that found the row still there but whose guarded UPDATE met none says it was deleted."""
    grid = grids(village)[0]
    loaded = rowversion.load(Grid, grid.id)
    row = Grid.get_by_id(grid.id)
    other_clerk_deletes(db_target, "grid", grid.id)
    row.name = "新一组"
    with pytest.raises(StaleRecord) as refused:
        rowversion.expect(row, loaded).save()
    assert refused.value.deleted and f"网格“{grid.name}”已被其他用户删除" in str(refused.value)


# ---------------------------------------------------------------- households, villages, organisation


def test_households(db_target, village):
    home = household(village, 7, grid=grids(village)[0])
    loaded = households.load_household(home.id)
    mine = households.household_data(home.id)
    other_clerk(db_target, "household", home.id, phone="0531-1234567", size=4)
    mine.notes = "低保户"
    with pytest.raises(StaleRecord) as refused:
        households.save_household(mine, home.id, loaded)
    assert "农户“户主7”" in str(refused.value)
    assert ("家庭人口", "4", "1") in refused.value.changes and ("联系电话", "0531-1234567", "（空）") in \
        refused.value.changes
    assert Household.get_by_id(home.id).notes == ""
    with pytest.raises(StaleRecord):
        households.archive_household(home.id, "迁出", loaded=loaded)
    with pytest.raises(StaleRecord):
        households.delete_household(home.id, loaded)
    other = household(village, 9)
    with pytest.raises(StaleRecord):  # several at once: all or none
        households.archive_households([other.id, home.id], "迁出",
                                      loaded={other.id: households.load_household(other.id), home.id: loaded})
    assert Household.get_by_id(home.id).archived is False and Household.get_by_id(other.id).archived is False
    households.save_household(households.household_data(home.id), home.id, households.load_household(home.id))


def test_villages_say_when_without_a_change_log(db_target, village):
    loaded = villages.load_village(village.id)
    data = villages.village_data(village.id)
    other_clerk(db_target, "village", village.id, supervision_phone="0531-7654321",
                updated_at="2026-12-01 09:30:00")
    with pytest.raises(StaleRecord) as refused:
        villages.update_village(village.id, villages.VillageData(**{**data.__dict__, "secretary": "张书记"}), loaded)
    message = str(refused.value)
    assert "村“李家庄村”" in message and "2026-12-01 09:30:00" in message
    assert "监督电话：对方改为“0531-7654321”，您打开时为“（空）”" in message
    assert Village.get_by_id(village.id).secretary == ""


@pytest.mark.parametrize("kind", ["grid", "party_group", "post"])
def test_organisation(db_target, village, kind):
    if kind == "grid":
        row = grids(village)[0]
        model, save, delete = Grid, organisation.rename_grid, organisation.delete_grid
        args = ("新网格",)
    elif kind == "party_group":
        row = organisation.create_party_group(village.id, "第一党小组")
        model, delete = PartyGroup, organisation.delete_party_group
        args = ()

        def save(row_id, loaded):
            return organisation.update_party_group(row_id, name="新小组", loaded=loaded)
    else:
        row = Post.select().where(Post.village == village.id).first()
        model, delete = Post, organisation.delete_post
        args = ()

        def save(row_id, loaded):
            return organisation.update_post(row_id, duties="新职责", loaded=loaded)
    loaded = organisation.load_row(model, row.id)
    other_clerk(db_target, kind, row.id, notes="对方的备注")
    with pytest.raises(StaleRecord) as refused:
        if args:
            save(row.id, *args, loaded=loaded)
        else:
            save(row.id, loaded)
    assert "备注：对方改为“对方的备注”，您打开时为“（空）”" in str(refused.value)
    assert model.get_by_id(row.id).name == row.name
    with pytest.raises(StaleRecord):
        delete(row.id, loaded)
    fresh = organisation.load_row(model, row.id)
    if args:
        save(row.id, *args, loaded=fresh)
    else:
        save(row.id, fresh)
    assert model.get_by_id(row.id).notes == "对方的备注"
    other_clerk_deletes(db_target, kind, row.id)
    with pytest.raises(NotFoundError) as gone:
        delete(row.id, fresh)
    assert "已被删除" in str(gone.value)


# ---------------------------------------------------------------- the diary


@pytest.fixture
def diary(village):
    return diary_village(village)


def test_visits(db_target, diary):
    m, linked, _stranger, _other = diary
    visit_id = visits.save_visit(visits.VisitData(member_id=m.id, household_id=linked[0].id,
                                                  date=datetime.date(2026, 6, 1), form="入户走访", duties=1,
                                                  content="了解生产"), today=TODAY)
    loaded = visits.load_visit(visit_id)
    mine = visits.visit_data(visit_id)
    other_clerk(db_target, "visit", visit_id, content="了解生产和就业")
    with pytest.raises(StaleRecord) as refused:
        visits.save_visit(mine, visit_id, today=TODAY, loaded=loaded)
    assert "走访记录“2026-06-01 王建国 户主1”" in str(refused.value)
    assert "内容：对方改为“了解生产和就业”，您打开时为“了解生产”" in str(refused.value)
    with pytest.raises(StaleRecord):
        visits.delete_visit(visit_id, loaded)
    assert Visit.get_by_id(visit_id).content == "了解生产和就业"
    visits.delete_visit(visit_id, visits.load_visit(visit_id))
    with pytest.raises(NotFoundError):
        visits.delete_visit(visit_id)


def test_requests(db_target, diary):
    m, linked, _stranger, _other = diary
    row = requests.create_request(requests.RequestData(household_id=linked[0].id, content="修路灯",
                                                       raised_on=datetime.date(2026, 6, 1), member_id=m.id,
                                                       handling="转交部门", department="村委会",
                                                       deadline=datetime.date(2026, 7, 1)), today=TODAY)
    request_id = row if isinstance(row, int) else row.id
    loaded = requests.load_request(request_id)
    other_clerk(db_target, "request", request_id, department="乡镇")
    mine = requests.RequestData(household_id=linked[0].id, content="修路灯和水渠", raised_on=datetime.date(2026, 6, 1),
                                member_id=m.id, handling="转交部门", department="村委会",
                                deadline=datetime.date(2026, 7, 1))
    with pytest.raises(StaleRecord) as refused:
        requests.update_request(request_id, mine, TODAY, loaded)
    assert "承办部门：对方改为“乡镇”，您打开时为“村委会”" in str(refused.value)
    with pytest.raises(StaleRecord):
        requests.advance(request_id, requests.START, today=TODAY, loaded=loaded)
    with pytest.raises(StaleRecord):
        requests.delete_request(request_id, loaded)
    assert Request.get_by_id(request_id).content == "修路灯"
    requests.update_request(request_id, mine, TODAY, requests.load_request(request_id))
    assert Request.get_by_id(request_id).content == "修路灯和水渠"


def test_commitments_meetings_and_pairings(db_target, village):
    grid = grids(village)[0]
    m = member(village, "王建国", grid=grid, join_date=datetime.date(2001, 7, 1))
    home = household(village, 3, grid=grid)
    commitment = commitments.save_commitment(commitments.CommitmentData(m.id, 2026, "帮助修路"))
    meeting = meetings.save_meeting(meetings.MeetingData(village.id, TODAY, "主题党日", "学习"), today=TODAY)
    pairing = pairings.save_pairing(pairings.PairingData(m.id, home.id, 2026, "增收"))
    cases = [
        (Commitment, commitment.id, commitments.load_commitment, commitments.commitment_data,
         commitments.save_commitment, commitments.delete_commitment, "content", "帮助修路和水渠", "result",
         "承诺内容：对方改为“帮助修路和水渠”，您打开时为“帮助修路”"),
        (Meeting, meeting.id, meetings.load_meeting, meetings.meeting_data,
         lambda data, row_id, loaded: meetings.save_meeting(data, row_id, TODAY, loaded),
         meetings.delete_meeting, "topic", "学习新党章", "notes", "主题：对方改为“学习新党章”，您打开时为“学习”"),
        (Pairing, pairing.id, pairings.load_pairing, pairings.pairing_data, pairings.save_pairing,
         pairings.delete_pairing, "goals", "增收致富", "measures", "帮扶目标：对方改为“增收致富”，您打开时为“增收”"),
    ]
    for model, row_id, load, data_of, save, delete, column, theirs, typed, said in cases:
        loaded, mine = load(row_id), data_of(row_id)
        other_clerk(db_target, model._meta.table_name, row_id, **{column: theirs})
        with pytest.raises(StaleRecord) as refused:
            save(dataclasses.replace(mine, **{typed: "我填的"}), row_id, loaded)
        assert said in str(refused.value), model
        with pytest.raises(StaleRecord):
            delete(row_id, loaded)
        stored = model.get_by_id(row_id)
        assert (getattr(stored, column), getattr(stored, typed)) == (theirs, "")
        save(dataclasses.replace(data_of(row_id), **{typed: "我填的"}), row_id, load(row_id))
        stored = model.get_by_id(row_id)
        assert (getattr(stored, column), getattr(stored, typed)) == (theirs, "我填的")
        delete(row_id, load(row_id))
        with pytest.raises(NotFoundError) as gone:
            delete(row_id, None)
        assert "已被删除" in str(gone.value)


def test_a_refusal_names_the_parts_of_the_record_the_other_clerk_changed(db_target, village):
    """Tags, attendance, the problems studied and scheme items are saved with their record: a change
    to them alone makes an open dialog stale too, and the refusal says what was added and removed."""
    grid = grids(village)[0]
    home = household(village, 5, grid=grid)
    households.save_household(dataclasses.replace(households.household_data(home.id), tags=["困难户", "留守老人户"]),
                              home.id, households.load_household(home.id))
    loaded, mine = households.load_household(home.id), households.household_data(home.id)
    theirs = dataclasses.replace(households.household_data(home.id), tags=["困难户", "低保户"])
    households.save_household(theirs, home.id, households.load_household(home.id))  # the other clerk
    with pytest.raises(StaleRecord) as refused:
        households.save_household(dataclasses.replace(mine, notes="我填的"), home.id, loaded)
    assert "  标签：对方加上“低保户”，去掉“留守老人户”" in str(refused.value).splitlines()
    assert ("标签", "低保户、困难户", "困难户、留守老人户") in refused.value.changes
    assert sorted(households.household_tags(home.id)) == ["低保户", "困难户"]
    assert Household.get_by_id(home.id).notes == ""

    wang, li = member(village, "王建国", grid=grid), member(village, "李明", grid=grid)
    meeting = meetings.save_meeting(meetings.MeetingData(village.id, TODAY, "主题党日", "学习",
                                                         attendance={wang.id: "出席", li.id: "出席"}), today=TODAY)
    loaded, mine = meetings.load_meeting(meeting.id), meetings.meeting_data(meeting.id)
    theirs = meetings.meeting_data(meeting.id)
    theirs = dataclasses.replace(theirs, attendance={**theirs.attendance, li.id: "请假"},
                                 problems=[meetings.ProblemData("村道积水")])
    meetings.save_meeting(theirs, meeting.id, TODAY, meetings.load_meeting(meeting.id))
    with pytest.raises(StaleRecord) as refused:
        meetings.save_meeting(dataclasses.replace(mine, notes="我填的"), meeting.id, TODAY, loaded)
    said = str(refused.value).splitlines()
    assert "  出席情况：对方加上“李明：请假”，去掉“李明：出席”" in said
    assert "  研究的问题：对方加上“村道积水”" in said
    assert Meeting.get_by_id(meeting.id).notes == ""


def test_a_refusal_names_the_scheme_items_the_other_clerk_changed(db_target, village):
    from lianhu_desktop.store.models import Item
    from tests.unit.appraisalvillage import YEAR, small_year

    tier = small_year(village)["wang"].tier
    scheme = appraisal.schemes.schemes_in_use(village.id, YEAR)[tier]
    if scheme.id is None:  # the default file's scheme: stored as it is
        scheme = appraisal.save_scheme(village.id, YEAR, tier, scheme.drafts(), scheme.name)
    loaded = appraisal.schemes.load_scheme(scheme)
    item = Item.select().where(Item.scheme == scheme.id).order_by(Item.sort_order, Item.id).first()
    other_clerk(db_target, "item", item.id, name="学习培训")
    other_clerk(db_target, "scheme", scheme.id, name=Scheme.get_by_id(scheme.id).name)  # their save moves it on
    said = str(rowversion.stale(Scheme, scheme.id, loaded)).splitlines()
    assert any(line.startswith("  考核项目：对方加上“学习培训 ") and f"去掉“{item.name} " in line
               for line in said), said


# ---------------------------------------------------------------- links


def test_links_changed_meanwhile(db_target, village):
    grid = grids(village)[0]
    a, b, c = (member(village, name, grid=grid) for name in ("王建国", "李秀英", "赵大海"))
    home = household(village, 5, grid=grid, head="张三")
    linking.link_households(a.id, [home.id], start=datetime.date(2026, 1, 1))
    shown = linking.links_as_shown([home.id])
    # The other clerk moves the household to b meanwhile.
    link_id = shown[home.id].row_id
    other_clerk(db_target, "link", link_id, end_date="2026-02-01", end_reason="调整联户")
    edit_by_hand(db_target, 'INSERT INTO "link" ("uuid", "created_at", "updated_at", "member_id", "household_id", '
                 f'"mode", "start_date", "end_reason") VALUES (\'{"f" * 32}\', \'2026-02-01 00:00:00\', '
                 f"'2026-02-01 00:00:00', {b.id}, {home.id}, '就近就地', '2026-02-01', '')")
    with pytest.raises(StaleRecord) as refused:
        linking.link_households(c.id, [home.id], start=datetime.date(2026, 3, 1), move=True, shown=shown)
    assert "农户张三（5号）的联户关系" in str(refused.value) and "现由党员“李秀英”联系" in str(refused.value)
    with pytest.raises(StaleRecord):
        linking.end_links([home.id], "外出", datetime.date(2026, 3, 1), shown)
    active = Link.get((Link.household == home.id) & Link.end_date.is_null())
    assert active.member_id == b.id
    fresh = linking.links_as_shown([home.id])
    linking.end_links([home.id], "外出", datetime.date(2026, 3, 1), fresh)
    assert not Link.select().where((Link.household == home.id) & Link.end_date.is_null()).exists()
    # An unlinked household linked by someone else meanwhile is not moved silently either.
    shown = linking.links_as_shown([home.id])
    assert shown == {home.id: None}
    linking.link_households(b.id, [home.id], start=datetime.date(2026, 4, 1))
    with pytest.raises(StaleRecord):
        linking.link_households(c.id, [home.id], start=datetime.date(2026, 4, 2), move=True, shown=shown)


def test_a_link_edited_in_place_meanwhile(db_target, village):
    grid = grids(village)[0]
    a = member(village, "王建国", grid=grid)
    home = household(village, 6, grid=grid)
    linking.link_households(a.id, [home.id], start=datetime.date(2026, 1, 1))
    shown = linking.links_as_shown([home.id])
    other_clerk(db_target, "link", shown[home.id].row_id, mode="结对帮扶")
    with pytest.raises(StaleRecord) as refused:
        linking.end_links([home.id], "外出", datetime.date(2026, 3, 1), shown)
    assert "联户模式：对方改为“结对帮扶”" in str(refused.value)
    assert Link.get_by_id(shown[home.id].row_id).end_date is None


# ---------------------------------------------------------------- the appraisal


def test_manual_scores_and_schemes(db_target, village):
    from tests.unit.appraisalvillage import YEAR, small_year

    year, item_name = YEAR, "学习教育"
    m = small_year(village)["wang"]
    started = {item_name: (None, "")}
    appraisal.set_scores(village.id, year, m.id, [(item_name, "8", "迟到一次")], started)
    row = Score.get(Score.member == m.id)
    shown = {item_name: (row.tenths, row.note)}
    other_clerk(db_target, "score", row.id, tenths=70, note="迟到两次")
    with pytest.raises(StaleRecord) as refused:
        appraisal.set_scores(village.id, year, m.id, [(item_name, "9", "迟到一次")], shown)
    assert f"王建国的“{item_name}”评分" in str(refused.value)
    assert f"{item_name}：对方改为“7 分（理由：迟到两次）”，您打开时为“8 分（理由：迟到一次）”" in str(refused.value)
    assert Score.get_by_id(row.id).tenths == 70
    appraisal.set_scores(village.id, year, m.id, [(item_name, "9", "迟到一次")], {item_name: (70, "迟到两次")})
    assert Score.get_by_id(row.id).tenths == 90
    scheme = appraisal.schemes.schemes_in_use(village.id, year)[m.tier]
    loaded = appraisal.schemes.load_scheme(scheme)
    other_clerk(db_target, "scheme", scheme.id, name="对方改的方案名")
    with pytest.raises(StaleRecord):
        appraisal.save_scheme(village.id, year, m.tier, scheme.drafts(), "我的方案名", loaded)
    assert Scheme.get_by_id(scheme.id).name == "对方改的方案名"


# ---------------------------------------------------------------- the township's merge


def test_a_merge_at_the_township_makes_an_open_dialog_stale(tmp_path):
    """A village package that updates a row the township has open moves its version on (the
    village's own version is never copied), so the township clerk's save is refused, not lost."""
    from lianhu_desktop.store import db as store_db
    from tests.unit.townshipfixtures import make_villages, merge_into, package_of

    _first, village_db = make_villages(tmp_path)  # the second has no ID numbers to check
    township = tmp_path / "t.db"
    merge_into(township, package_of(village_db, tmp_path / "p1.lhpkg"))
    store_db.open_database(township)
    try:
        person = Member.get(Member.name == "王党员1")
        loaded, mine = members.load_member(person.id), members.member_data(person.id)
    finally:
        store_db.close_database()
    store_db.open_database(village_db)
    try:
        at_village = Member.get(Member.name == "王党员1")
        at_village.phone = "13933334444"
        at_village.save()
    finally:
        store_db.close_database()
    merge_into(township, package_of(village_db, tmp_path / "p2.lhpkg"))
    store_db.open_database(township)
    try:
        mine.notes = "乡镇补记"
        with pytest.raises(StaleRecord) as refused:
            members.save_member(mine, person.id, loaded)
        assert "联系电话：对方改为“13933334444”" in str(refused.value)
        stored = Member.get_by_id(person.id)
        assert (stored.phone, stored.notes, stored.row_version) == ("13933334444", "", loaded.version + 1)
    finally:
        store_db.close_database()


def test_grade_thresholds(db_target, village):
    from tests.unit.appraisalvillage import YEAR, small_year

    small_year(village)
    shown = appraisal.get_thresholds(village.id, YEAR)
    appraisal.set_thresholds(village.id, YEAR, dict(shown), shown)  # the row exists from here
    row = appraisal.appraisal_for(village.id, YEAR)
    theirs = {**shown, "优秀": 920}
    other_clerk(db_target, "appraisal", row.id, thresholds=json.dumps(theirs, ensure_ascii=False))
    mine = {**shown, "合格": 650}
    with pytest.raises(StaleRecord) as refused:
        appraisal.set_thresholds(village.id, YEAR, mine, shown)
    assert f"优秀分数线：对方改为“92 分”，您打开时为“{shown['优秀'] / 10:g} 分”" in str(refused.value)
    assert appraisal.get_thresholds(village.id, YEAR)["优秀"] == 920
    after = appraisal.set_thresholds(village.id, YEAR, {**theirs, "合格": 650},
                                     appraisal.get_thresholds(village.id, YEAR))
    assert (after["优秀"], after["合格"]) == (920, 650)
