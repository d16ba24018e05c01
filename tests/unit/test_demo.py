"""The demo data generator: realistic, consistent, deterministic, all or nothing."""

import datetime

import pytest

from lianhu_desktop.domain import demo, idnumber
from lianhu_desktop.domain.requests import check_consistent
from lianhu_desktop.domain.validation import age_on, check_phone
from lianhu_desktop.domain.vocab import (
    COMMITMENT_STATUSES, DUTIES, EDUCATIONS, LINK_MODES, REQUEST_STATUSES, TIERS, VISIT_FORMS,
)
from lianhu_desktop.errors import Cancelled, LianhuError, NotEmptyError
from lianhu_desktop.store import backend
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import (
    Attendance, Commitment, Household, HouseholdTag, Link, Meeting, Member, PartyGroup, Request,
    Scheme, Village, Visit, database,
)
from tests import pgserver

TODAY = datetime.date(2026, 11, 21)


def sql(query, *params):
    return database.execute_sql(query, params).fetchall()


@pytest.fixture
def village_demo(db):
    return demo.generate("village", seed=3, today=TODAY)


def test_village_counts_are_in_range(village_demo):
    s = village_demo
    assert s.villages == 1 and 6 <= s.grids <= 9
    active_members = Member.select().where(~Member.archived).count()
    assert 40 <= active_members <= 80 and s.members == Member.select().count()
    assert 300 <= Household.select().where(~Household.archived).count() <= 600
    assert s.households == Household.select().count()
    assert s.links == Link.select().count() >= s.households
    assert 9 * s.households <= s.visits == Visit.select().count() <= 15 * s.households
    assert s.requests == Request.select().count() > 0
    assert s.commitments == Commitment.select().count() >= active_members
    assert s.meetings == Meeting.select().count() >= 12
    assert s.schemes == 4 and sorted(x.tier for x in Scheme.select()) == sorted(TIERS)
    assert s.elapsed > 0
    assert store_db.integrity_check() == []


def test_every_active_household_has_exactly_one_active_link(village_demo):
    rows = sql('SELECT h.id, COUNT(l.id) FROM household h LEFT JOIN link l '
               'ON l.household_id = h.id AND l.end_date IS NULL WHERE h.archived = FALSE GROUP BY h.id')
    assert rows and all(count == 1 for _, count in rows)
    # Archived households keep only ended links; ended links end before the active one starts.
    assert sql('SELECT COUNT(*) FROM link l JOIN household h ON h.id = l.household_id '
               'WHERE h.archived = TRUE AND l.end_date IS NULL') == [(0,)]
    assert sql('SELECT COUNT(*) FROM link WHERE end_date IS NOT NULL') [0][0] > 0
    assert sql('SELECT COUNT(*) FROM link old JOIN link new ON new.household_id = old.household_id '
               'AND new.end_date IS NULL WHERE old.end_date > new.start_date') == [(0,)]
    assert {mode for (mode,) in sql("SELECT DISTINCT mode FROM link")} == set(LINK_MODES)


def test_capable_members_link_five_to_ten_households(village_demo):
    counts = dict(sql('SELECT m.id, COUNT(l.id) FROM member m LEFT JOIN link l ON l.member_id = m.id '
                      'AND l.end_date IS NULL WHERE m.archived = FALSE AND m.link_exempt = FALSE GROUP BY m.id'))
    assert counts and all(5 <= n <= 10 for n in counts.values()), counts
    exempt = sql('SELECT COUNT(*) FROM link l JOIN member m ON m.id = l.member_id '
                 'WHERE l.end_date IS NULL AND (m.link_exempt = TRUE OR m.archived = TRUE)')
    assert exempt == [(0,)]
    # Nobody links his own household.
    assert sql('SELECT COUNT(*) FROM link l JOIN member m ON m.id = l.member_id '
               'WHERE l.end_date IS NULL AND m.household_id = l.household_id') == [(0,)]


def test_id_numbers_and_phones_are_valid_and_consistent(village_demo):
    members = list(Member.select())
    for m in members:
        number, birth, gender = idnumber.parse(m.id_number)
        assert (number, birth, gender) == (m.id_number, m.birth_date, m.gender)
        assert 22 <= age_on(m.birth_date, TODAY) <= 91
        assert m.join_date <= TODAY and age_on(m.birth_date, m.join_date) >= 18
        assert check_phone(m.phone, required=True) == m.phone
        assert m.education in EDUCATIONS and m.tier in TIERS
        assert m.name_pinyin and m.name_initials and m.name_initials[0] == m.name_pinyin[0]
    assert len({m.phone for m in members}) == len(members)
    for h in Household.select():
        assert idnumber.parse(h.head_id_number)[0] == h.head_id_number
        assert check_phone(h.phone) == h.phone
        assert h.head_pinyin and h.address.endswith(h.door_number) and 1 <= h.size <= 6


def test_roster_looks_like_a_rural_branch(village_demo):
    active = list(Member.select().where(~Member.archived))
    women = sum(m.gender == "女" for m in active) / len(active)
    assert 0.1 <= women <= 0.45
    migrants = [m for m in active if m.residence == "外出"]
    assert migrants and all(m.migrant_place.endswith("市") and m.tier == "外出党员" for m in migrants)
    for m in active:
        if m.is_committee:
            assert m.tier == "党员干部" and m.residence == "在家"
        if m.link_exempt:
            assert m.tier == "老病残党员"
    assert all(m.household_id is not None for m in active)
    # Migrant members' households are 流动党员户 and are linked by committee members.
    for m in migrants:
        assert HouseholdTag.select().where((HouseholdTag.household == m.household_id)
                                           & (HouseholdTag.tag == "流动党员户")).exists()
        link = Link.get((Link.household == m.household_id) & Link.end_date.is_null())
        assert link.member.is_committee
    # 外出户 are linked by migrant members working in the same city.
    rows = sql("SELECT h.work_place, m.migrant_place FROM household h JOIN household_tag t ON t.household_id = h.id "
               "AND t.tag = '外出户' JOIN link l ON l.household_id = h.id AND l.end_date IS NULL "
               "JOIN member m ON m.id = l.member_id")
    assert rows and all(work == place for work, place in rows)
    for group in PartyGroup.select():
        assert group.leader is not None and group.leader.is_committee
    assert Member.select().where(Member.archived).count() >= 1
    tagged = sql("SELECT COUNT(DISTINCT household_id) FROM household_tag")[0][0]
    assert 0.2 <= tagged / Household.select().count() <= 0.5
    doors = sql("SELECT grid_id, door_sort FROM household ORDER BY grid_id, id")
    for (grid_a, door_a), (grid_b, door_b) in zip(doors, doors[1:]):
        assert grid_a != grid_b or door_b > door_a


def test_visits_requests_commitments_and_meetings_are_consistent(village_demo):
    first = datetime.date(2025, 12, 1)
    visits = sql("SELECT v.date, v.form, v.duties, v.content, v.village_id, l.start_date, l.end_date FROM visit v "
                 "JOIN link l ON l.member_id = v.member_id AND l.household_id = v.household_id")
    assert visits
    for date, form, duties, content, village_id, start, end in visits:
        assert first.isoformat() <= date <= TODAY.isoformat() and village_id == 1
        assert form in VISIT_FORMS and content and 1 <= bin(duties).count("1") <= 3
        assert 0 < duties < 1 << len(DUTIES)
        assert start <= date and (end is None or date < end)
    months = sql("SELECT substr(CAST(date AS TEXT), 1, 7), COUNT(*) FROM visit GROUP BY 1")
    assert len(months) == 12
    statuses = {s for (s,) in sql("SELECT DISTINCT status FROM request")}
    assert statuses == set(REQUEST_STATUSES)
    for r in Request.select():
        visit_day = r.visit.date
        assert r.member_id == r.visit.member_id and r.household_id == r.visit.household_id
        assert r.raised_on == visit_day and check_consistent(r) == [], (r.status, check_consistent(r))
        if r.status in ("已办结", "已反馈"):
            assert r.result and visit_day <= r.done_on <= TODAY
        if r.status == "已反馈":
            assert r.done_on <= r.feedback_on <= TODAY
    per_member = dict(sql("SELECT member_id, COUNT(*) FROM commitment GROUP BY member_id"))
    assert all(1 <= n <= 5 for n in per_member.values())
    assert {c.status for c in Commitment.select()} <= set(COMMITMENT_STATUSES)
    assert all(c.year == TODAY.year for c in Commitment.select())
    assert Meeting.select().where(Meeting.kind == "主题党日").count() == 12
    assert Attendance.select().count() > 12 * 30


def test_same_seed_gives_the_same_data(tmp_path):
    def snapshot(path, seed):
        store_db.open_database(path, create=True)
        demo.generate("village", seed=seed, today=TODAY)
        rows = (sql("SELECT name, id_number, phone, household_id FROM member ORDER BY id"),
                sql("SELECT head_name, head_id_number, door_number, address FROM household ORDER BY id"),
                sql("SELECT member_id, household_id, date, form, duties, content FROM visit ORDER BY id"),
                sql("SELECT name FROM village"))
        store_db.close_database()
        return rows

    first = snapshot(tmp_path / "a.db", 5)
    assert first == snapshot(tmp_path / "b.db", 5)
    assert first[0] != snapshot(tmp_path / "c.db", 6)[0]


def test_refuses_a_database_with_data(village):
    with pytest.raises(NotEmptyError, match="--force"):
        demo.generate("village")
    assert Village.select().count() == 1 and Member.select().count() == 0


def test_force_replaces_everything(village):
    summary = demo.generate("village", seed=2, force=True, today=TODAY)
    assert Village.select().count() == 1 and summary.villages == 1
    assert not Village.select().where(Village.uuid == village.uuid).exists()
    assert Member.select().count() == summary.members
    again = demo.generate("village", seed=2, force=True, today=TODAY)
    assert again.members == summary.members and Member.select().count() == summary.members
    assert store_db.integrity_check() == []


def test_cancel_rolls_everything_back(db):
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return len(calls) < 3

    with pytest.raises(Cancelled) as caught:
        demo.generate("village", progress=progress, today=TODAY)
    assert isinstance(caught.value, LianhuError) and "取消" in str(caught.value)
    assert store_db.is_empty()
    assert all(n == 0 for n in store_db.table_counts().values())
    # The visit indexes dropped for the bulk load are back after the rollback.
    names = {n for n, _ in backend.index_definitions(database, "visit")}
    assert {"visit_date_form_duties", "visit_member_id_date", "visit_household_id_date",
            "visit_village_id_date"} <= names


def test_progress_reaches_the_total(db):
    seen = []
    demo.generate("village", progress=lambda d, t: seen.append((d, t)) or True, today=TODAY)
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_unknown_scale_is_a_user_error(db):
    with pytest.raises(LianhuError, match="village"):
        demo.generate("city")


@pytest.mark.slow
def test_township_scale_is_large(db):  # its speed: bench/bench_demo.py
    s = demo.generate("township", seed=1, today=TODAY)
    assert s.villages == 20 == Village.select().count()
    assert 1700 <= s.members <= 2300
    assert 45_000 <= s.households <= 55_000
    assert 500_000 <= s.visits <= 700_000 and s.visits == Visit.select().count()
    unlinked = sql('SELECT COUNT(*) FROM household h WHERE h.archived = FALSE AND NOT EXISTS '
                   '(SELECT 1 FROM link l WHERE l.household_id = h.id AND l.end_date IS NULL)')
    assert unlinked == [(0,)]
    assert sql("SELECT COUNT(DISTINCT name) FROM village") == [(20,)]
    if not pgserver.ON_SERVER:  # PostgreSQL checks every foreign key as it is written
        assert sql("PRAGMA foreign_key_check") == []


def test_pairings_and_contact_points_give_every_view_something(village_demo):
    from lianhu_desktop.domain import compliance, contact_points, pairings
    from lianhu_desktop.domain.vocab import DIFFICULTY_TAGS, PAIRING_MAX, PAIRING_OUTCOMES
    from lianhu_desktop.store.models import ContactPoint, Pairing

    assert village_demo.pairings == Pairing.select().count() > 0
    rows = pairings.list_pairings(1)
    assert {r.year for r in rows} == {TODAY.year - 1, TODAY.year}
    for r in rows:
        tags = {t.tag for t in HouseholdTag.select().where(HouseholdTag.household == r.household_id)}
        assert tags & set(DIFFICULTY_TAGS) and r.goals and r.measures and r.due_date.year == r.year
        assert (r.outcome in PAIRING_OUTCOMES and r.review_note) if r.year < TODAY.year else not r.outcome
    per_member = sql("SELECT member_id, year, COUNT(*) FROM pairing GROUP BY member_id, year")
    assert all(n <= PAIRING_MAX for _m, _y, n in per_member)
    helpers = Member.select().where(Member.id.in_([m for m, _y, _n in per_member]))
    assert all(not m.archived and not m.link_exempt and m.residence == "在家" for m in helpers)
    figures = compliance.monthly_compliance(datetime.date(2026, 10, 1), 1)["totals"]["pairings"]
    assert figures["expected"] == Pairing.select().where(Pairing.year == 2026).count()
    assert 0.5 * figures["expected"] <= figures["visited"] <= figures["expected"]
    # The helpers' visits keep the diary's rules: after joining, not in the future.
    for date, joined in sql("SELECT v.date, m.join_date FROM visit v JOIN pairing p ON p.member_id = v.member_id "
                            "AND p.household_id = v.household_id JOIN member m ON m.id = v.member_id"):
        assert joined <= date <= TODAY.isoformat()
    assert village_demo.contact_points == ContactPoint.select().count() > 0
    points = contact_points.list_contact_points(1)
    assert len({p.grid_id for p in points}) == len(points)  # one cadre a grid
    assert all(Member.get_by_id(p.member_id).is_committee for p in points)
    month = contact_points.contact_point_month(datetime.date(2026, 10, 1), 1)
    assert any(p["met"] for p in month) and all(p["expected"] == 2 for p in month)
