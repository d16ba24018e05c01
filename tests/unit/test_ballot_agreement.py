"""The agreement of a ballot's two entries, stored on its rows: kept right by every write, trusted by
counting, not carried by packages, computed by the migration; the integer ballot points."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianhu_desktop.domain import appraisal, appraisal_seal
from lianhu_desktop.domain import ballots as b
from lianhu_desktop.domain.appraisal_items import Figures, ballots_points, percent_text, round_tenths
from lianhu_desktop.domain.appraisal_types import appraisal_for
from lianhu_desktop.domain.schemes import points_text
from lianhu_desktop.domain.vocab import GRADES, VOTER_KINDS
from lianhu_desktop.errors import LianhuError
from lianhu_desktop.store import ballot_agreement, migrations
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Ballot, BallotGrade, Member, Village, database
from tests import pgserver
from tests.unit import appraisalvillage as fx
from tests.unit.ballotfixtures import YEAR, ballot_village
from tests.unit.townshipfixtures import make_villages, merge_into, package_of


@pytest.fixture
def people(village):
    return ballot_village(village)


def stored(village) -> dict[int, dict[int, bool | None]]:
    """serial → entry → the agreement stored on the row."""
    found: dict[int, dict[int, bool | None]] = {}
    for serial, entry, agrees in (Ballot.select(Ballot.serial, Ballot.entry, Ballot.agrees)
                                  .where(Ballot.appraisal == appraisal_for(village.id, YEAR).id).tuples()):
        found.setdefault(serial, {})[entry] = agrees
    return found


def same_count(row, members_on_ballot=None) -> b.Count:
    """The count by the stored agreement, checked against the count comparing every pair."""
    fast = b.count(row, members_on_ballot)
    full = b.count(row, members_on_ballot, compare=True)
    assert (fast.grades, fast.sums, fast.mismatches, fast.singles) == \
        (full.grades, full.sums, full.mismatches, full.singles)
    return fast


def test_every_write_of_a_ballot_keeps_its_agreement(village, people):
    wang, li = people["wang"].id, people["li"].id
    b.enter_ballot(village.id, YEAR, 1, 1, "党员", {wang: "优秀", li: "合格"})
    assert stored(village) == {1: {1: None}}
    b.enter_ballot(village.id, YEAR, 1, 2, "党员", {wang: "优秀", li: "合格"})
    assert stored(village) == {1: {1: True, 2: True}}
    b.replace_entry(village.id, YEAR, 1, 2, "党员", {wang: "优秀"})
    assert stored(village) == {1: {1: False, 2: False}}
    b.settle(village.id, YEAR, 1, {li: "基本合格"})
    assert stored(village) == {1: {1: True, 2: True}}
    b.replace_entry(village.id, YEAR, 1, 1, "群众代表", {wang: "优秀", li: "基本合格"})
    assert stored(village) == {1: {1: False, 2: False}}
    b.delete_entry(village.id, YEAR, 1, 2)
    assert stored(village) == {1: {1: None}}
    b.enter_ballot(village.id, YEAR, 1, 2, "群众代表", {}, valid=False)
    assert stored(village) == {1: {1: False, 2: False}}
    b.settle(village.id, YEAR, 1, {b.VALID_KEY: False, wang: "", li: ""})
    assert stored(village) == {1: {1: True, 2: True}}
    b.delete_entry(village.id, YEAR, 1)
    assert stored(village) == {}


def test_an_imported_batch_stores_the_agreement_of_what_it_entered(village, people):
    wang = people["wang"].id
    b.enter_ballot(village.id, YEAR, 3, 1, "党员", {wang: "合格"})
    items = [b.BallotItem(2, 1, 1, "党员", {wang: "优秀"}), b.BallotItem(3, 1, 2, "党员", {wang: "基本合格"}),
             b.BallotItem(4, 2, 1, "党员", {wang: "优秀"}), b.BallotItem(5, 2, 2, "党员", {wang: "优秀"}),
             b.BallotItem(6, 3, 2, "党员", {wang: "合格"})]
    b.enter_ballots(village.id, YEAR, items, dry_run=True)
    assert stored(village) == {3: {1: None}}
    outcome = b.enter_ballots(village.id, YEAR, items)
    assert outcome.written
    assert stored(village) == {1: {1: False, 2: False}, 2: {1: True, 2: True}, 3: {1: True, 2: True}}
    assert outcome.count.sums.valid == 2 and outcome.count.sums.mismatched == 1


def test_a_pair_written_past_the_write_side_is_compared_when_counted(village):
    people = fx.small_year(village)
    fx.add_ballots(village, people)  # rows created directly: no agreement stored
    row = appraisal_for(village.id, YEAR)
    assert {agrees for (agrees,) in Ballot.select(Ballot.agrees).tuples()} == {None}
    counted = same_count(row)
    assert counted.sums.valid == 5 and counted.member_counts(people["wang"].id)["优秀"] == 2
    assert ballot_agreement.stale(row.id) == [1, 2, 3, 4, 5]
    assert ballot_agreement.refresh(row.id) == 10 and ballot_agreement.stale(row.id) == []
    assert same_count(row) == counted


# --- any sequence of writes --------------------------------------------------------

GRADE_OR_BLANK = st.sampled_from([*GRADES, ""])
KEYS = ("wang", "li", "zhao")


@st.composite
def operations(draw):
    kind = draw(st.sampled_from(("enter", "enter", "replace", "replace", "delete", "settle")))
    serial, entry = draw(st.integers(1, 3)), draw(st.sampled_from((1, 2)))
    grades = {key: draw(GRADE_OR_BLANK) for key in KEYS}
    valid = draw(st.sampled_from((True, True, True, False)))
    both = draw(st.sampled_from((False, False, True)))  # a delete of both entries
    return kind, serial, entry, draw(st.sampled_from(VOTER_KINDS)), grades, valid, both


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(operations(), min_size=1, max_size=16), single=st.booleans(),
       share=st.sampled_from((None, 0.34, 0.67)))
def test_any_sequence_of_writes_keeps_the_agreement_and_the_count_right(village, people, steps, single, share):
    BallotGrade.delete().execute()
    Ballot.delete().execute()
    b.set_counting_rules(village.id, YEAR, b.CountingRules(single_entry=single, max_excellent_share=share))
    row = appraisal_for(village.id, YEAR)
    for kind, serial, entry, voter_kind, grades, valid, both in steps:
        by_id = {people[key].id: grade for key, grade in grades.items()}
        try:
            if kind == "enter":
                b.enter_ballot(village.id, YEAR, serial, entry, voter_kind, by_id, valid=valid)
            elif kind == "replace":
                b.replace_entry(village.id, YEAR, serial, entry, voter_kind, by_id, valid=valid)
            elif kind == "delete":
                b.delete_entry(village.id, YEAR, serial, None if both else entry)
            else:
                found = b.entries(row.id).get(serial, {})
                if len(found) == 2:
                    side = found[entry]
                    paper = {b.paper_key(m, what): (side.grades.get(m, "") if m is not None else
                                                    side.voter_kind if what == "评议人类别" else side.valid)
                             for m, what, _one, _two in b.differences(found[1], found[2])}
                    b.settle(village.id, YEAR, serial, paper)
        except LianhuError:
            pass  # refused: nothing changed
        assert ballot_agreement.stale(row.id) == []
        same_count(row, 5)


# --- merges and the migration ------------------------------------------------------

def _enter_at(path, *writes):
    store_db.open_database(path)
    try:
        village = Village.get()
        members = [m.id for m in Member.select().where(Member.village == village.id).order_by(Member.id)]
        for write in writes:
            write(village.id, members)
    finally:
        store_db.close_database()


def test_a_merged_package_s_ballots_have_their_agreement_computed_at_the_township(tmp_path):
    village, _other = make_villages(tmp_path)
    _enter_at(village,
              lambda v, m: b.enter_ballot(v, YEAR, 1, 1, "党员", {m[0]: "优秀"}),
              lambda v, m: b.enter_ballot(v, YEAR, 2, 1, "党员", {m[0]: "合格", m[1]: "优秀"}),
              lambda v, m: b.enter_ballot(v, YEAR, 2, 2, "党员", {m[0]: "合格", m[1]: "优秀"}))
    township = tmp_path / "township.db"
    merge_into(township, package_of(village, tmp_path / "first.lhpkg"))
    # The second entry of serial 1 arrives in a later package; serial 2 is corrected at the village;
    # a wrong agreement written into the village's file by hand must not travel.
    _enter_at(village,
              lambda v, m: b.enter_ballot(v, YEAR, 1, 2, "党员", {m[0]: "优秀"}),
              lambda v, m: b.replace_entry(v, YEAR, 2, 2, "党员", {m[0]: "合格", m[1]: "合格"}),
              lambda v, m: Ballot.update(agrees=True).where(Ballot.serial == 2).execute())
    result = merge_into(township, package_of(village, tmp_path / "second.lhpkg"))[0]
    assert result.status == "merged" and result.tables["ballot"].updated == 0  # the agreement is not compared
    store_db.open_database(township)
    try:
        row = appraisal_for(Village.get().id, YEAR)
        assert ballot_agreement.stale(row.id) == []
        assert dict(Ballot.select(Ballot.serial, Ballot.agrees).where(Ballot.entry == 1).tuples()) == \
            {1: True, 2: False}
        counted = same_count(row)
        assert counted.sums.valid == 1 and [m.serial for m in counted.mismatches] == [2]
    finally:
        store_db.close_database()


def test_the_migration_computes_the_agreement_of_the_ballots_there_are(village, people):
    wang, li = people["wang"].id, people["li"].id
    b.enter_ballot(village.id, YEAR, 1, 1, "党员", {wang: "优秀"})
    b.enter_ballot(village.id, YEAR, 1, 2, "党员", {wang: "优秀"})
    b.enter_ballot(village.id, YEAR, 2, 1, "党员", {wang: "优秀", li: "合格"})
    b.enter_ballot(village.id, YEAR, 2, 2, "党员", {wang: "优秀"})
    b.enter_ballot(village.id, YEAR, 3, 2, "群众代表", {})
    b.enter_ballot(village.id, YEAR, 4, 1, "党员", {}, valid=False)
    b.enter_ballot(village.id, YEAR, 4, 2, "群众代表", {}, valid=False)
    expected = stored(village)
    Ballot.update(agrees=None).execute()  # as the rows were before schema 13
    step = next(module for _version, name, module in migrations.steps() if name == "m0013_ballot_agreement")
    with database.atomic():
        step._fill(database)
    assert stored(village) == expected == {1: {1: True, 2: True}, 2: {1: False, 2: False}, 3: {2: None},
                                           4: {1: False, 2: False}}


def test_the_seal_s_check_compares_the_entries_afresh(village, db_target):
    people = fx.full_year(village)
    fx.add_ballots(village, people)
    fx.score_manual(village, people)
    sealed = appraisal_seal.seal(village.id, YEAR, fx.TODAY)
    row = appraisal_for(village.id, YEAR)
    assert ballot_agreement.stale(row.id) == []  # made right when sealing
    before = appraisal.results(village.id, YEAR, today=fx.TODAY)
    # Entry 2 of an agreed ballot changed in the file by hand: the stored agreement still says they agree.
    pgserver.edit_by_hand(db_target, f"UPDATE ballot_grade SET grade = '不合格' WHERE member_id = {people['wang'].id} "
                          "AND ballot_id = (SELECT id FROM ballot WHERE serial = 1 AND entry = 2)")
    assert appraisal.results(village.id, YEAR, today=fx.TODAY).members == before.members
    assert appraisal_seal.check_seals()[0]["valid"] is False
    assert not appraisal_seal.verify(village.id, YEAR, sealed.code).intact


# --- the ballot points: integers give what exact fractions gave ----------------------

def reference_points(max_tenths: int, f: Figures, rules) -> tuple[int | None, str]:
    """The ballots item as computed with fractions before (kept here to compare against)."""
    def number(value):
        return Fraction(str(value))

    def text(value):
        tenths = int(value * 10 + Fraction(1, 2))
        return f"{tenths // 10}.{tenths % 10}"

    grade_points = {grade: number(rules.grade_points.get(grade, 0)) for grade in GRADES}
    weights = {kind: number(rules.kind_weights.get(kind, 0)) for kind in VOTER_KINDS}
    parts, weighted, weight_sum, dropped = [], Fraction(0), Fraction(0), []
    for kind in VOTER_KINDS:
        counts = f.ballots.get(kind, {})
        votes = sum(counts.get(grade, 0) for grade in GRADES)
        if not votes or not weights[kind]:
            if weights[kind]:
                dropped.append(kind)
            continue
        average = sum((counts.get(grade, 0) * grade_points[grade] for grade in GRADES), Fraction(0)) / votes
        grades = "、".join(f"{grade} {counts[grade]}" for grade in GRADES if counts.get(grade))
        parts.append((kind, votes, grades, average, weights[kind]))
        weighted += average * weights[kind]
        weight_sum += weights[kind]
    if not parts:
        return None, "尚无计入的测评票"
    share = weighted / weight_sum / 100
    tenths = round_tenths(max_tenths, share.numerator, share.denominator)
    described = []
    for kind, votes, grades, kind_average, weight in parts:
        weight_text = f" × 权重 {text(weight / weight_sum * 100)}%" if len(parts) > 1 else ""
        described.append(f"{kind} {votes} 票（{grades}）平均 {text(kind_average)} 分{weight_text}")
    line = "；".join(described)
    if dropped:
        line += f"（{'、'.join(dropped)}无计入的票，权重归于其余）"
    percent = percent_text(share.numerator, share.denominator)
    return tenths, f"测评 {line} → {percent} × {points_text(max_tenths)} 分 = {tenths // 10}.{tenths % 10} 分"


NUMBERS = st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False, allow_infinity=False),
                    st.decimals(0, 100, places=2).map(float), st.sampled_from((0.1, 1 / 3, 2 / 3, 87.5, 0.5)))
COUNTS = st.dictionaries(st.sampled_from(GRADES), st.integers(0, 400), max_size=4)


@settings(max_examples=300, deadline=None)
@given(points=st.fixed_dictionaries({grade: NUMBERS for grade in GRADES}),
       weights=st.fixed_dictionaries({kind: NUMBERS for kind in VOTER_KINDS}),
       ballots=st.fixed_dictionaries({kind: COUNTS for kind in VOTER_KINDS}),
       max_tenths=st.sampled_from((50, 100, 150, 200, 255, 300)))
def test_the_ballot_points_are_what_exact_fractions_give(points, weights, ballots, max_tenths):
    rules = b.CountingRules(grade_points=points, kind_weights=weights)
    figures = Figures(ballots=ballots)
    assert ballots_points(max_tenths, figures, rules) == reference_points(max_tenths, figures, rules)
