"""Two small village databases for the township tests: packages written from them, merged."""

from __future__ import annotations

import datetime

from lianhu_desktop.store import db as store_db
from lianhu_desktop.store import merge, ownership, package
from lianhu_desktop.store.models import Grid, Household, Link, Member, PartyGroup, Request, Village, Visit, database

PASS = "村里和乡镇约定的密码"
ID_NUMBERS = ("11010519491231002X", "110105195003070016", "620102196512240033")


def fill(name: str, seed: int) -> None:
    village = Village.create(name=name, township="城关镇", branch_name=f"{name}党支部")
    grid = Grid.create(village=village, name="第一网格")
    group = PartyGroup.create(village=village, name="老龄")
    members = [Member.create(village=village, name=f"{name[:1]}党员{i}", party_group=group,
                             id_number=ID_NUMBERS[i] if seed == 1 else None, phone=f"1390000{seed}{i:03d}")
               for i in range(3)]
    group.leader = members[0]
    group.save()
    households = [Household.create(village=village, grid=grid, head_name=f"{name[:1]}户主{i}",
                                   address=f"{name}{i}号") for i in range(4)]
    for i, household in enumerate(households):
        Link.create(member=members[i % 3], household=household, start_date=datetime.date(2025, 1, 1))
        visit = Visit.create(village=village, member=members[i % 3], household=household,
                             date=datetime.date(2025, 3, i + 1), content=f"走访{i}")
        if i == 0:
            Request.create(village=village, household=household, member=members[0], visit=visit, content="修路")


def make_villages(folder) -> list:
    """Two village databases (paths) in ``folder`` with a few rows each, written a while ago."""
    made = []
    for seed, name in ((1, "李家庄村"), (2, "王家湾村")):
        path = folder / f"v{seed}.db"
        store_db.open_database(path, create=True)
        fill(name, seed)
        # The clerk's work was done a while before the package is written.
        for model in ownership.carried_models():
            earlier = datetime.datetime.now().replace(microsecond=0) - datetime.timedelta(minutes=5)
            model.update(updated_at=earlier).execute()
        store_db.close_database()
        made.append(path)
    return made


def package_of(db_path, out):
    """The package of the village database at ``db_path``, written to ``out``."""
    store_db.open_database(db_path)
    try:
        return package.write_package(out, PASS)[1]
    finally:
        store_db.close_database()


def merge_into(township, *packages, **kwargs):
    """Merge ``packages`` into the database at ``township`` (created if missing)."""
    store_db.open_database(township, create=True)
    try:
        return merge.merge_packages(packages, PASS, **kwargs)
    finally:
        store_db.close_database()


def content(township) -> dict:
    """Every carried row, foreign keys as uuids, ids left out: what two townships must share."""
    store_db.open_database(township, write=False)
    try:
        content = {}
        for model in ownership.carried_models():
            table = model._meta.table_name
            uuid_of = {}
            for f in ownership.foreign_keys(model):
                target = f.rel_model._meta.table_name
                uuid_of[f.column_name] = dict(database.execute_sql(f'SELECT "id", "uuid" FROM "{target}"'))
            columns = [f.column_name for f in model._meta.sorted_fields if f.column_name != "id"]
            rows = []
            for row in database.execute_sql(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} '
                                            f'FROM "{table}"'):
                rows.append(tuple(uuid_of[c].get(v) if c in uuid_of else v for c, v in zip(columns, row)))
            content[table] = sorted(rows, key=repr)
        return content
    finally:
        store_db.close_database()
