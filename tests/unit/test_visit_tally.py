"""The visit tallies stay equal to a recount of the visits, whatever writes the visits."""

from __future__ import annotations

import datetime
import random
import sqlite3

import pytest
from lianhu_desktop.domain import demo
from lianhu_desktop.domain.activity import visit_figures
from lianhu_desktop.domain.villages import create_village
from lianhu_desktop.domain.vocab import VISIT_FORMS
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store import migrations, package, visit_tally
from lianhu_desktop.store.models import Household, Link, Member, Village, Visit, database
from tests import pgserver
from tests.unit import townshipfixtures as tf


def tally_rows():
    return database.execute_sql(
        'SELECT "member_id", "household_id", "year", ' + ", ".join(visit_tally.MONTH_COLUMNS)
        + ' FROM "visit_tally" ORDER BY 1, 2, 3').fetchall()


def kind_rows():
    return database.execute_sql('SELECT "village_id", "year", "form", "duties", "visits" '
                                'FROM "visit_kind_tally" ORDER BY 1, 2, 3, 4').fetchall()


@pytest.fixture
def people(db):
    villages = [create_village(name, township="城关镇", grids=1) for name in ("李家庄村", "王家湾村")]
    members, households = [], []
    for v in villages:
        members += [Member.create(village=v, name=f"{v.name[:1]}党员{i}") for i in range(3)]
        households += [Household.create(village=v, head_name=f"{v.name[:1]}户主{i}") for i in range(4)]
    return members, households


def test_inserts_changes_and_deletions_keep_the_tallies_exact(people):
    members, households = people
    rng = random.Random(7)

    def some_visit_fields():
        member = rng.choice(members)
        household = rng.choice([h for h in households if h.village_id == member.village_id])
        return {"village": member.village_id, "member": member, "household": household,
                "date": datetime.date(rng.choice((2025, 2026)), rng.randint(1, 12), rng.randint(1, 28)),
                "form": rng.choice(VISIT_FORMS), "duties": rng.randrange(256)}

    with database.atomic():
        visits = [Visit.create(**some_visit_fields()) for _ in range(120)]
    assert visit_tally.mismatches(database) == 0
    assert sum(sum(row[3:]) for row in tally_rows()) == 120
    assert sum(row[4] for row in kind_rows()) == 120
    for step in range(150):
        visit = rng.choice(visits)
        action = rng.random()
        if action < 0.5:  # a change of what the tallies count, or of nothing they count
            fields = some_visit_fields()
            changed = rng.sample(sorted(fields), rng.randint(1, 3))
            Visit.update(**{name: fields[name] for name in changed}).where(Visit.id == visit.id).execute()
        elif action < 0.6:
            Visit.update(content=f"改{step}").where(Visit.id == visit.id).execute()
        elif action < 0.8:
            Visit.delete().where(Visit.id == visit.id).execute()
            visits.remove(visit)
        else:
            visits.append(Visit.create(**some_visit_fields()))
        if step % 25 == 0:
            assert visit_tally.mismatches(database) == 0, step
    assert visit_tally.mismatches(database) == 0
    assert sum(sum(row[3:]) for row in tally_rows()) == Visit.select().count()


def test_a_deleted_member_leaves_no_tally_rows(people):
    members, households = people
    member, household = members[0], households[0]
    for month in (1, 1, 5):
        Visit.create(village=member.village_id, member=member, household=household,
                     date=datetime.date(2026, month, 3))
    assert tally_rows() == [(member.id, household.id, 2026, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0)]
    Member.delete().where(Member.id == member.id).execute()  # its visits go with it
    assert tally_rows() == [] and kind_rows() == []


def test_a_rolled_back_write_leaves_the_tallies_as_they_were(people):
    members, households = people
    Visit.create(village=members[0].village_id, member=members[0], household=households[0],
                 date=datetime.date(2026, 2, 3))
    before = tally_rows(), kind_rows()
    with pytest.raises(RuntimeError), database.atomic():
        Visit.create(village=members[0].village_id, member=members[0], household=households[0],
                     date=datetime.date(2026, 2, 4))
        raise RuntimeError("断电")
    assert (tally_rows(), kind_rows()) == before


def test_the_figures_read_the_tallies(people):
    members, households = people
    for day, form, duties in ((1, "入户走访", 0b11), (2, "电话联系", 0b1), (3, "入户走访", 0)):
        Visit.create(village=members[0].village_id, member=members[0], household=households[0],
                     date=datetime.date(2026, 4, day), form=form, duties=duties)
    figures = visit_figures(2026)
    assert figures["total"] == 3
    assert figures["by_form"]["入户走访"] == 2 and figures["by_form"]["电话联系"] == 1
    assert list(figures["by_duty"].values())[:2] == [2, 1]
    assert visit_figures(2025)["total"] == 0


def test_the_demo_loads_its_visits_with_the_tallies_counted(db):
    summary = demo.generate("village", seed=3)
    assert summary.visits > 1000
    assert visit_tally.mismatches(database) == 0
    assert sum(row[4] for row in kind_rows()) == summary.visits
    # The triggers are back after the bulk load.
    link = Link.select().first()
    Visit.create(village=link.household.village_id, member=link.member_id, household=link.household_id,
                 date=datetime.date(2026, 1, 2))
    assert visit_tally.mismatches(database) == 0


@pytest.mark.skipif(pgserver.ON_SERVER, reason="builds a SQLite file at an old schema, step by step")
def test_the_step_counts_the_visits_a_database_already_holds(tmp_path):
    path = tmp_path / "old.db"
    store_db.open_database(path, create=True)
    demo.generate("village", seed=2)
    visits = Visit.select().count()
    store_db.close_database()
    # Back to the schema before the tallies: the tables and triggers gone, the version 18.
    con = sqlite3.connect(path)
    for name in visit_tally.TRIGGERS:
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute('DROP TABLE "visit_tally"')
    con.execute('DROP TABLE "visit_kind_tally"')
    step = next(v for v, name in migrations.step_names() if name.endswith("_visit_tallies"))
    con.execute(f"PRAGMA user_version = {step - 1}")
    con.execute('DELETE FROM "schema_history" WHERE "version" >= ?', (step,))
    con.commit()
    con.close()
    store_db.open_database(path)
    try:
        assert visit_tally.mismatches(database) == 0
        assert sum(row[4] for row in kind_rows()) == visits
    finally:
        store_db.close_database()


def test_a_township_merges_counted_visits_and_packs_one_village_with_its_own_tallies(tmp_path):
    made = tf.make_villages(tmp_path)
    township = tmp_path / "township.db"
    for number, path in enumerate(made, 1):
        tf.package_of(path, tmp_path / f"v{number}.lhpkg")
        tf.merge_into(township, tmp_path / f"v{number}.lhpkg")
    store_db.open_database(township)
    try:
        assert visit_tally.mismatches(database) == 0
        assert sum(row[4] for row in kind_rows()) == Visit.select().count() == 8
        first = Village.get(Village.name == "李家庄村")
        out = tmp_path / "again.lhpkg"
        package.write_package(out, tf.PASS, first.id)
    finally:
        store_db.close_database()
    opened = package.open_package(out, tf.PASS)
    try:  # the snapshot of one village of two: its tallies recounted, none of the other village's
        assert visit_tally.mismatches(opened.db) == 0
        kinds = opened.db.execute_sql('SELECT "village_id", SUM("visits") FROM "visit_kind_tally" '
                                      'GROUP BY "village_id"').fetchall()
        assert [int(count) for _, count in kinds] == [4]
        assert opened.db.execute_sql('SELECT COUNT(*) FROM "visit_tally"').fetchone()[0] == 4
    finally:
        opened.close()
