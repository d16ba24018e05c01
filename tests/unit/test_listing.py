"""domain.listing: one SQL query per list for ids, one per page for rows."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from lianhu_desktop.domain import diary_lists, listing
from lianhu_desktop.domain.vocab import DUTIES
from lianhu_desktop.store.models import Member, Visit, database
from tests.gui import sample_data
from tests.gui.sample_data import KNOWN_NAME, KNOWN_PHONE

MEMBERS, HOUSEHOLDS, VISITS = listing.MEMBERS, listing.HOUSEHOLDS, listing.VISITS


@pytest.fixture
def data(db):
    sample_data.fill(villages=2, members=12, households=60, visits_per_household=3)
    return db


def sql_ids(sql, *params):
    return [row[0] for row in database.execute_sql(sql, params).fetchall()]


def names(spec, found, key="name"):
    column = spec.column(key)
    values = listing.rows(spec, found)
    return [values[i][column] for i in found]


def test_listing_does_not_import_qt():
    code = "import sys, lianhu_desktop.domain.listing; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_default_order_is_village_then_name(data):
    found = listing.ids(MEMBERS)
    assert list(found) == sql_ids(
        "SELECT m.id FROM member m JOIN village v ON v.id = m.village_id"
        " ORDER BY v.sort_order, m.name_sort, m.id")


@pytest.mark.parametrize("spec", [MEMBERS, HOUSEHOLDS, VISITS], ids=lambda s: s.name)
def test_every_sortable_column_sorts_both_ways(data, spec):
    everything = sorted(listing.ids(spec))
    for index, column in enumerate(spec.columns):
        if column.sort is None:
            assert listing.ids(spec, sort_column=index) == listing.ids(spec)
            continue
        up = listing.ids(spec, sort_column=index)
        down = listing.ids(spec, sort_column=index, descending=True)
        assert sorted(up) == everything == sorted(down), column.key
        # Descending is the exact reverse thanks to the id tie-break.
        assert list(down) == list(reversed(up)), column.key


def test_sort_ties_break_by_id(data):
    found = listing.ids(MEMBERS, sort_column=MEMBERS.column("gender"))
    genders = names(MEMBERS, found, "gender")
    for gender in set(genders):
        same = [i for i, g in zip(found, genders) if g == gender]
        assert same == sorted(same)


def test_sort_by_links_count(data):
    found = listing.ids(MEMBERS, sort_column=MEMBERS.column("links"), descending=True)
    counts = names(MEMBERS, found, "links")
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


@pytest.mark.parametrize("text", ["oyjg", "OYJG", "ouyang", "yangjian", "欧阳", "建国", KNOWN_PHONE,
                                  KNOWN_PHONE[3:8], "ｏｙｊｇ", " oy jg "])
def test_member_search(data, text):
    assert KNOWN_NAME in names(MEMBERS, listing.ids(MEMBERS, search=text))


def test_initials_match_from_the_start(data):
    # "jg" is inside oyjg but the initials must be typed from the first one.
    assert KNOWN_NAME not in names(MEMBERS, listing.ids(MEMBERS, search="jg"))


def test_like_wildcards_are_literal(data):
    assert len(listing.ids(MEMBERS, search="%")) == 0
    assert len(listing.ids(MEMBERS, search="_")) == 0
    assert len(listing.ids(MEMBERS, search="'; DROP TABLE member; --")) == 0
    assert Member.select().count() == 24


def test_household_search_by_head_and_door(data):
    found = listing.ids(HOUSEHOLDS, search="7号")
    doors = names(HOUSEHOLDS, found, "door_number")
    assert doors and all("7号" in d for d in doors)
    head = database.execute_sql("SELECT head_name, head_initials FROM household LIMIT 1").fetchone()
    assert head[0] in names(HOUSEHOLDS, listing.ids(HOUSEHOLDS, search=head[1]), "head_name")


def test_visit_search_by_member_and_household(data):
    by_member = listing.ids(VISITS, search="oyjg")
    known_id = Member.get(Member.name == KNOWN_NAME).id
    assert sorted(by_member) == sorted(sql_ids("SELECT id FROM visit WHERE member_id = ?", known_id))
    head = database.execute_sql("SELECT id, head_name FROM household LIMIT 1").fetchone()
    by_head = listing.ids(VISITS, search=head[1])
    assert set(sql_ids("SELECT id FROM visit WHERE household_id = ?", head[0])) <= set(by_head)


def test_village_filter_and_count(data):
    village_ids = sql_ids("SELECT id FROM village ORDER BY id")
    for village_id in village_ids:
        found = listing.ids(HOUSEHOLDS, village_id)
        assert len(found) == listing.count(HOUSEHOLDS, village_id) == 60
    assert listing.count(VISITS) == Visit.select().count()


def test_linked_filter(data):
    linked = listing.ids(HOUSEHOLDS, filters={"linked": True})
    unlinked = listing.ids(HOUSEHOLDS, filters={"linked": False})
    assert len(linked) + len(unlinked) == 120 and unlinked
    assert set(names(HOUSEHOLDS, unlinked, "member")) == {""}


def test_archived_members_hidden_unless_asked(data):
    Member.update(archived=True).where(Member.name == KNOWN_NAME).execute()
    assert KNOWN_NAME not in names(MEMBERS, listing.ids(MEMBERS))
    assert KNOWN_NAME in names(MEMBERS, listing.ids(MEMBERS, filters={"archived": True}))


def test_visits_since(data):
    since = datetime.date.today() - datetime.timedelta(days=40)
    found = listing.ids(VISITS, filters={"since": since})
    dates = names(VISITS, found, "date")
    assert dates == sorted(dates, reverse=True)
    assert all(d >= since.isoformat() for d in dates)
    assert len(found) == len(sql_ids("SELECT id FROM visit WHERE date >= ?", since.isoformat()))


def test_rows_are_display_values(data):
    found = listing.ids(VISITS)[:5]
    values = listing.rows(VISITS, found)
    assert set(values) == set(found)
    row = values[found[0]]
    duties = row[VISITS.column("duties")]
    assert duties and set(duties.split("、")) <= set(DUTIES)
    assert isinstance(row[VISITS.column("date")], str)
    assert listing.rows(VISITS, []) == {}


def test_unknown_filter_is_a_bug(data):
    with pytest.raises(ValueError):
        listing.ids(MEMBERS, filters={"colour": "red"})



@pytest.mark.parametrize("spec,sort_column,search", [
    (VISITS, -1, ""), (VISITS, VISITS.column("member"), ""), (VISITS, -1, KNOWN_NAME),
    (HOUSEHOLDS, HOUSEHOLDS.column("member"), ""), (MEMBERS, -1, ""),
])
def test_stretches_of_ids_are_the_whole_list_cut_up(data, spec, sort_column, search):
    whole = listing.ids(spec, search=search, sort_column=sort_column, descending=True)
    assert len(whole) == listing.count(spec, search=search) > 10
    parts = [listing.ids(spec, search=search, sort_column=sort_column, descending=True, limit=7, offset=start)
             for start in range(0, len(whole) + 7, 7)]
    assert sum(parts[1:], parts[0]) == whole and all(len(part) <= 7 for part in parts)
    assert listing.ids(spec, search=search, limit=5, offset=len(whole)) == listing.ids(spec, limit=0)


def test_a_list_whose_joins_repeat_rows_is_cut_after_they_are_told_apart(data):
    filters = {"linked": True}
    whole = listing.ids(HOUSEHOLDS, filters=filters, sort_column=HOUSEHOLDS.column("member"))
    assert listing.ids(HOUSEHOLDS, filters=filters, sort_column=HOUSEHOLDS.column("member"),
                       limit=10, offset=5) == whole[5:15]
    assert listing.count(HOUSEHOLDS, filters=filters) == len(whole)


@pytest.mark.parametrize("spec,sort_column,filters", [
    (VISITS, -1, None), (VISITS, VISITS.column("head_name"), None), (HOUSEHOLDS, HOUSEHOLDS.column("member"), None),
    (HOUSEHOLDS, -1, {"linked": True}),
])
def test_a_stretch_read_from_the_end_is_the_same_ids(data, spec, sort_column, filters):
    whole = listing.ids(spec, sort_column=sort_column, filters=filters)
    for offset, limit in ((0, 7), (5, 7), (len(whole) - 3, 7)):
        assert listing.ids(spec, sort_column=sort_column, filters=filters, limit=limit, offset=offset,
                           from_end=True) == whole[max(len(whole) - offset - limit, 0):len(whole) - offset]


@pytest.mark.parametrize("spec,sort_column,search,filters", [
    (HOUSEHOLDS, -1, "wang", None), (HOUSEHOLDS, HOUSEHOLDS.column("member"), "1", None),
    (HOUSEHOLDS, -1, "1", {"linked": True}), (MEMBERS, MEMBERS.column("name"), KNOWN_NAME[:1], None),
    (VISITS, VISITS.column("head_name"), KNOWN_NAME, None), (VISITS, -1, "zzz-nothing", None),
    (diary_lists.LAST_VISITS, -1, "1", None), (diary_lists.REQUESTS, -1, KNOWN_NAME[:1], None),
])
@pytest.mark.parametrize("limit", [1, 5, 100000])
def test_first_ids_and_count_from_one_scan_are_those_of_ids_and_count(data, spec, sort_column, search, filters,
                                                                         limit):
    """A typed search reads its first stretch and the number of rows in one query: the same as the
    two queries give, for a stretch shorter than, or longer than, what matches."""
    for descending in (False, True):
        first, found = listing.first_ids_and_count(spec, None, search, sort_column, descending, filters, limit)
        assert first == listing.ids(spec, search=search, sort_column=sort_column, descending=descending,
                                    filters=filters, limit=limit)
        assert found == listing.count(spec, filters=filters, search=search)
