"""The list model reads ids in stretches and counts the rows: what it shows is the whole list all the same."""

from __future__ import annotations

import pytest

from lianhu_desktop.domain import listing
from lianhu_desktop.gui import tables
from lianhu_desktop.gui.tables import ListingModel
from lianhu_desktop.store.models import Visit, database


@pytest.fixture
def small_stretches(monkeypatch):
    """Pages of 5 rows, stretches of 20 ids: the sample data's 480 visits are 24 stretches."""
    monkeypatch.setattr(tables, "PAGE_SIZE", 5)
    monkeypatch.setattr(tables, "ID_CHUNK", 20)


def queries(monkeypatch):
    """The SQL the bound database runs from now on."""
    seen = []
    real = database.obj.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        seen.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database.obj, "execute_sql", counting)
    return seen


def test_rows_ids_and_order_are_the_whole_lists(filled_db, qapp, small_stretches, monkeypatch):
    model = ListingModel(listing.VISITS)
    seen = queries(monkeypatch)
    model.reload()
    opened = list(seen)
    whole = listing.ids(listing.VISITS)
    assert model.rowCount() == len(whole) == Visit.select().count() == model.total
    # Opening read one stretch of ids, the count and the first page: not every id.
    assert len(opened) == 3 and "LIMIT" in opened[0] and "COUNT(*)" in opened[1] and "IN (" in opened[2]
    assert model.known_id(100) is None
    assert [model.id_at(row) for row in range(len(whole))] == list(whole)
    assert model.known_id(100) == whole[100]
    last = len(whole) - 1
    assert model.row_values(last) == listing.rows(listing.VISITS, [whole[last]])[whole[last]]
    assert model.rows_of([whole[-3], whole[7]]) == {whole[-3]: last - 2, whole[7]: 7}
    model.sort(listing.VISITS.column("member"))
    by_member = listing.ids(listing.VISITS, sort_column=listing.VISITS.column("member"))
    assert [model.id_at(row) for row in range(model.rowCount())] == list(by_member)
    assert model.ids() == by_member


def test_an_unchanged_list_repaints_in_place_and_a_changed_one_resets(filled_db, qapp, small_stretches):
    model = ListingModel(listing.VISITS)
    model.reload()
    resets, repaints = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda *_: repaints.append(1))
    model.id_at(model.rowCount() - 1)  # a stretch far down was read
    model.reload()
    assert (resets, repaints) == ([], [1])
    deep = model.id_at(model.rowCount() - 1)
    Visit.delete().where(Visit.id == deep).execute()
    model.reload()
    assert resets == [1] and model.rowCount() == Visit.select().count()
    assert deep not in {model.id_at(row) for row in range(model.rowCount())}


def test_a_search_counts_its_own_rows(filled_db, qapp, small_stretches):
    from tests.gui.sample_data import KNOWN_NAME

    model = ListingModel(listing.VISITS)
    model.set_search(KNOWN_NAME, immediately=True)
    found = listing.ids(listing.VISITS, search=KNOWN_NAME)
    assert model.rowCount() == len(found) and model.total == Visit.select().count()
    assert [model.id_at(row) for row in range(model.rowCount())] == list(found)
