"""民主测评票: entering ballots and hand tallies, which of them count, and the sum checks.

Every paper ballot is entered twice, the second time blind (as the Dutch
Electoral Council's abacus does for paper counts). A serial counts only when
its two entries agree on the rater kind, the spoiled mark and every grade;
with single-entry counting switched on (``rules.single_entry``) a ballot
entered once counts too. Hand tallies (counts per grade per member, when the
count was done by hand) are double-entered the same way, per rater kind.

The appraisal's ``rules`` JSON holds the counting rules::

    {"single_entry": false,
     "max_excellent_share": null,      # e.g. 0.5: a ballot grading more than half 优秀 is invalid
     "grade_points": {"优秀": 100, "合格": 80, "基本合格": 60, "不合格": 0},
     "kind_weights": {"党员": 0.5, "群众代表": 0.5}}

The write side (``enter_ballot``, ``replace_entry``, ``delete_entry``,
``settle``, ``set_meeting_figures``, ``set_counting_rules``, ``enter_tally``
…) refuses a sealed appraisal, anything that would break a sum check (a
serial past the ballots issued, more returned than issued, a member graded
on more ballots than are valid) and one rater kind entered both ballot by
ballot and as a hand tally (it would be counted twice).
"""

from __future__ import annotations

import datetime
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from peewee import chunked

from lianhu_desktop.domain import audit, limits
from lianhu_desktop.domain import rules as shared_rules
from lianhu_desktop.domain.appraisal_types import BallotSums, appraisal_for, refuse_if_sealed
from lianhu_desktop.domain.vocab import GRADES, TIERS, VOTER_KINDS
from lianhu_desktop.errors import NotFoundError, ValidationError, ValidationErrors
from lianhu_desktop.store import ballot_agreement, rowversion
from lianhu_desktop.store.db import write_transaction
from lianhu_desktop.store.models import (
    Appraisal, Ballot, BallotGrade, Member, TallyRow, TallySheet, Village, database, new_uuid, now,
)

# Tally columns in grade order.
TALLY_COLUMNS = {"优秀": "excellent", "合格": "qualified", "基本合格": "basic", "不合格": "unqualified"}

DEFAULT_GRADE_POINTS = {"优秀": 100, "合格": 80, "基本合格": 60, "不合格": 0}
DEFAULT_KIND_WEIGHTS = {"党员": 0.5, "群众代表": 0.5}


@dataclass(frozen=True)
class CountingRules:
    single_entry: bool = False
    max_excellent_share: float | None = None  # None: the rule is off
    grade_points: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_GRADE_POINTS))
    kind_weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_KIND_WEIGHTS))

    def to_json(self) -> str:
        return json.dumps({"single_entry": self.single_entry, "max_excellent_share": self.max_excellent_share,
                           "grade_points": self.grade_points, "kind_weights": self.kind_weights},
                          ensure_ascii=False, sort_keys=True)


def rules_of(appraisal: Appraisal) -> CountingRules:
    """The appraisal's counting rules (the defaults where the JSON is silent)."""
    try:
        data = json.loads(appraisal.rules) if appraisal.rules else {}
    except ValueError:
        raise ValidationError(f"{appraisal.year} 年度民主评议的计票规则已损坏，请在计票设置中重新保存") from None
    share = data.get("max_excellent_share")
    return CountingRules(
        single_entry=bool(data.get("single_entry", False)),
        max_excellent_share=None if share in (None, "") else float(share),
        grade_points={**DEFAULT_GRADE_POINTS, **(data.get("grade_points") or {})},
        kind_weights={**DEFAULT_KIND_WEIGHTS, **(data.get("kind_weights") or {})},
    )


@dataclass(frozen=True)
class BallotMember:
    """A member as the ballot lists them."""

    id: int
    name: str
    tier: str
    # The name as a column heading or on the ballot: the name, plus the last
    # four ID digits (or the birth date) where two members share a name.
    label: str


def ballot_members(village_id: int, year: int) -> list[BallotMember]:
    """The members the village's ballot for ``year`` lists, in tier order, then by name.

    A member is listed when they joined by the end of the year (or the join
    date is unknown) and were not archived before it ended.
    """
    year_end = datetime.date(year, 12, 31)
    query = (Member.select(Member.id, Member.name, Member.tier, Member.id_number, Member.birth_date,
                           Member.name_sort)
             .where((Member.village == village_id)
                    & (Member.join_date.is_null() | (Member.join_date <= year_end))
                    & (shared_rules.member_is_active() | (Member.archived_on > year_end)))
             .order_by(Member.name_sort, Member.id).tuples())
    rows = list(query)
    repeated = Counter(name for _id, name, *_rest in rows)
    members = []
    for member_id, name, tier, id_number, birth_date, _sort in rows:
        label = name
        if repeated[name] > 1:
            if id_number:
                label = f"{name}（{id_number[-4:]}）"
            elif birth_date:
                label = f"{name}（{birth_date:%Y.%m}）"
            else:
                label = f"{name}（编号{member_id}）"
        members.append(BallotMember(member_id, name, tier, label))
    order = {tier: index for index, tier in enumerate(TIERS)}
    members.sort(key=lambda m: order.get(m.tier, len(order)))  # stable: names stay sorted within a tier
    return members


@dataclass(frozen=True)
class BallotEntry:
    """One entry of one paper ballot, as read from the database."""

    serial: int
    entry: int
    voter_kind: str
    valid: bool  # False: marked 作废
    grades: dict[int, str]  # member id → grade (members left blank are absent)


@dataclass(frozen=True)
class Mismatch:
    """A ballot whose two entries disagree: what the tellers settle against the paper."""

    serial: int
    # (member id or None for the ballot's own fields, what it is, first entry, second entry)
    differences: tuple[tuple[int | None, str, str, str], ...]


@dataclass
class Count:
    """Counted grades and the sums of one appraisal."""

    # member id → rater kind → grade → number of counted ballots
    grades: dict[int, dict[str, dict[str, int]]]
    sums: BallotSums
    mismatches: list[Mismatch]
    singles: list[int]  # serials entered once only (not counted without single-entry counting)

    def member_counts(self, member_id: int) -> dict[str, int]:
        """grade → counted ballots over both rater kinds."""
        total = dict.fromkeys(GRADES, 0)
        for counts in self.grades.get(member_id, {}).values():
            for grade, n in counts.items():
                total[grade] += n
        return total


def entries(appraisal_id: int, serials=None) -> dict[int, dict[int, BallotEntry]]:
    """serial → entry number → the entry, for every ballot of the appraisal (or those of ``serials``)."""
    # Plain SQL: a year's 400 entries of 150 members are 60,000 grade rows, and
    # building a model tuple for each took ten times as long as reading them.
    p = database.param
    grades: dict[int, dict[int, str]] = defaultdict(dict)
    found: dict[int, dict[int, BallotEntry]] = defaultdict(dict)
    for part in [None] if serials is None else chunked(sorted(set(serials)), 500):
        where, params = f'b."appraisal_id" = {p}', [appraisal_id]
        if part is not None:
            where += f' AND b."serial" IN ({", ".join([p] * len(part))})'
            params += part
        cursor = database.execute_sql(
            'SELECT g."ballot_id", g."member_id", g."grade" FROM "ballot_grade" g '
            f'JOIN "ballot" b ON b."id" = g."ballot_id" WHERE {where}', params)
        for ballot_id, member_id, grade in cursor:
            grades[ballot_id][member_id] = grade
        cursor = database.execute_sql(f'SELECT b."id", b."serial", b."entry", b."voter_kind", b."valid" '
                                      f'FROM "ballot" b WHERE {where}', params)
        for ballot_id, serial, entry, kind, valid in cursor:
            found[serial][entry] = BallotEntry(serial, entry, kind, bool(valid), grades.get(ballot_id, {}))
    return found


def differences(first: BallotEntry, second: BallotEntry) -> tuple[tuple[int | None, str, str, str], ...]:
    """Where two entries of one ballot differ (empty when they agree)."""
    if first.grades == second.grades and first.voter_kind == second.voter_kind and first.valid == second.valid:
        return ()
    found = []
    if first.voter_kind != second.voter_kind:
        found.append((None, "评议人类别", first.voter_kind, second.voter_kind))
    if first.valid != second.valid:
        found.append((None, "作废", "否" if first.valid else "是", "否" if second.valid else "是"))
    for member_id in sorted(set(first.grades) | set(second.grades)):
        a, b = first.grades.get(member_id, ""), second.grades.get(member_id, "")
        if a != b:
            found.append((member_id, "等次", a, b))
    return tuple(found)


def breaks_rules(entry: BallotEntry, rules: CountingRules, members_on_ballot: int) -> str:
    """Why a (not spoiled) ballot is invalid under the optional validity rules, or ""."""
    if rules.max_excellent_share is not None and members_on_ballot:
        excellent = sum(1 for grade in entry.grades.values() if grade == "优秀")
        if excellent > rules.max_excellent_share * members_on_ballot:
            return f"评为优秀的人数超过 {rules.max_excellent_share:.0%}"
    return ""


def count(appraisal: Appraisal, members_on_ballot: int | None = None, *, compare: bool = False) -> Count:
    """Which ballots and tallies count, what they give each member, and the sum checks.

    ``members_on_ballot`` is the number of members the ballot lists (for the
    share rule); None (the default) counts them with ``ballot_members``, 0
    leaves the share rule unapplied. The two entries' agreement is read as
    stored on the ballot rows (``store.ballot_agreement``); ``compare`` compares
    every pair of entries afresh instead (the seal's check: it must not trust a
    row that may have been edited by hand).
    """
    rules = rules_of(appraisal)
    if members_on_ballot is None:
        members_on_ballot = len(ballot_members(appraisal.village_id, appraisal.year)) \
            if rules.max_excellent_share is not None else 0
    if compare:
        return count_of(appraisal, entries(appraisal.id), rules, members_on_ballot)
    return _count_stored(appraisal, rules, members_on_ballot)


def _grade_table() -> dict[int, dict[str, dict[str, int]]]:
    return defaultdict(lambda: defaultdict(lambda: dict.fromkeys(GRADES, 0)))


@dataclass
class _Tallied:
    """The ballots' part of a count, before the hand tallies and the sum checks."""

    grades: dict[int, dict[str, dict[str, int]]] = field(default_factory=_grade_table)
    returned: int = 0
    valid: int = 0
    invalid: int = 0
    blank: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    singles: list[int] = field(default_factory=list)

    def add(self, counted: BallotEntry, rules: CountingRules, members_on_ballot: int) -> None:
        """Count one ballot (the agreed entry, or the only one with single-entry counting)."""
        if not counted.valid or breaks_rules(counted, rules, members_on_ballot):
            self.invalid += 1
            return
        self.valid += 1
        if not counted.grades:
            self.blank += 1
        for member_id, grade in counted.grades.items():
            self.grades[member_id][counted.voter_kind][grade] += 1


def count_of(appraisal: Appraisal, found: dict[int, dict[int, BallotEntry]], rules: CountingRules,
             members_on_ballot: int) -> Count:
    """``count`` over entries already read, comparing each pair (the entry window reads them once for
    everything it shows)."""
    part = _Tallied()
    for serial, by_entry in sorted(found.items()):
        part.returned += 1
        first, second = by_entry.get(1), by_entry.get(2)
        if first is not None and second is not None:
            diff = differences(first, second)
            if diff:
                part.mismatches.append(Mismatch(serial, diff))
                continue
            counted = first
        else:
            only = first or second
            if not rules.single_entry or only is None:
                part.singles.append(serial)
                continue
            counted = only
        part.add(counted, rules, members_on_ballot)
    return _finish(appraisal, rules, part)


def _counted_where(appraisal_id: int, single_entry: bool) -> tuple[str, list]:
    """SQL over ``"ballot" b``: the valid ballots that count by their stored agreement.

    Entry 1 of a serial whose two rows both say they agree; with single-entry
    counting also an entry 1 or 2 whose other entry is not made. (A pair whose
    rows say nothing or different things is compared in Python.)"""
    p = database.param
    other = 'SELECT 1 FROM "ballot" o WHERE o."appraisal_id" = b."appraisal_id" AND o."serial" = b."serial" AND '
    condition = f'(b."entry" = 1 AND b."agrees" = {p} AND EXISTS ({other}o."entry" = 2 AND o."agrees" = {p}))'
    params: list = [True, True]
    if single_entry:
        condition = (f'({condition} OR (b."entry" IN (1, 2) AND NOT EXISTS ({other}o."entry" = 3 - b."entry")))')
    return f'b."appraisal_id" = {p} AND b."valid" = {p} AND {condition}', [appraisal_id, True, *params]


def _count_stored(appraisal: Appraisal, rules: CountingRules, members_on_ballot: int) -> Count:
    """``count`` by the agreement stored on the ballot rows: the counted ballots' grades are summed
    by the database; only pairs that differ (or whose agreement is not stored) are read and compared."""
    p = database.param
    by_serial: dict[int, dict[int, tuple]] = defaultdict(dict)
    for ballot_id, serial, entry, valid, agrees, graded in database.execute_sql(
            'SELECT b."id", b."serial", b."entry", b."valid", b."agrees", CASE WHEN EXISTS (SELECT 1 FROM '
            f'"ballot_grade" g WHERE g."ballot_id" = b."id") THEN 1 ELSE 0 END FROM "ballot" b '
            f'WHERE b."appraisal_id" = {p}', [appraisal.id]):
        by_serial[serial][entry] = (ballot_id, bool(valid), None if agrees is None else bool(agrees), bool(graded))
    part = _Tallied()
    in_sql: list[tuple] = []  # the rows the database sums (valid or not)
    compared: list[int] = []  # serials whose pair is read and compared here
    for serial, by_entry in sorted(by_serial.items()):
        part.returned += 1
        first, second = by_entry.get(1), by_entry.get(2)
        if first is not None and second is not None:
            if first[2] is True and second[2] is True:
                in_sql.append(first)
            else:
                compared.append(serial)
        elif (first or second) is not None and rules.single_entry:
            in_sql.append(first or second)
        else:
            part.singles.append(serial)
    breaking: set[int] = set()
    limit = 0.0
    candidates = {row[0] for row in in_sql if row[1] and row[3]}  # valid and graded
    if rules.max_excellent_share is not None and members_on_ballot and candidates:
        limit = rules.max_excellent_share * members_on_ballot
        breaking = {ballot_id for (ballot_id,) in database.execute_sql(
            _too_many_excellent(), [appraisal.id, GRADES[0], limit])} & candidates
    for ballot_id, valid, _agrees, graded in in_sql:
        if not valid or ballot_id in breaking:
            part.invalid += 1
        else:
            part.valid += 1
            part.blank += not graded
    if candidates - breaking:
        where, params = _counted_where(appraisal.id, rules.single_entry)
        if breaking:
            where += f' AND b."id" NOT IN ({_too_many_excellent()})'
            params += [appraisal.id, GRADES[0], limit]
        for member_id, kind, grade, n in database.execute_sql(
                'SELECT g."member_id", b."voter_kind", g."grade", COUNT(*) FROM "ballot" b '
                f'JOIN "ballot_grade" g ON g."ballot_id" = b."id" WHERE {where} '
                'GROUP BY g."member_id", b."voter_kind", g."grade"', params):
            part.grades[member_id][kind][grade] += n
    if compared:
        mismatches = []
        for serial, by_entry in sorted(entries(appraisal.id, compared).items()):
            first, second = by_entry[1], by_entry[2]
            diff = differences(first, second)
            if diff:
                mismatches.append(Mismatch(serial, diff))
            else:
                part.add(first, rules, members_on_ballot)
        part.mismatches = mismatches
    return _finish(appraisal, rules, part)


def _too_many_excellent() -> str:
    """SQL: the ballots of an appraisal (parameter 1) giving more members the grade (2) than a limit (3)."""
    p = database.param
    return ('SELECT g2."ballot_id" FROM "ballot_grade" g2 JOIN "ballot" b2 ON b2."id" = g2."ballot_id" '
            f'WHERE b2."appraisal_id" = {p} AND g2."grade" = {p} GROUP BY g2."ballot_id" HAVING COUNT(*) > {p}')


def _finish(appraisal: Appraisal, rules: CountingRules, part: _Tallied) -> Count:
    """The hand tallies added to the ballots' part, and the sum checks."""
    grades, returned, valid, invalid = part.grades, part.returned, part.valid, part.invalid
    mismatches, singles = part.mismatches, part.singles
    problems: list[str] = []
    entered = {kind for (kind,) in TallySheet.select(TallySheet.voter_kind)
               .where(TallySheet.appraisal == appraisal.id).tuples()}
    for kind in VOTER_KINDS:
        if kind not in entered:
            continue
        state = tally_state(appraisal.id, kind, rules.single_entry)
        if state.status == TALLY_MISMATCH:
            problems.append(f"{kind}的计票汇总两次录入不一致（{len(state.differences)} 处），请核对原始计票单")
            continue
        if state.agreed is None:  # entered once, single-entry counting off
            problems.append(f"{kind}的计票汇总只录入了一次（第 {state.entered[0]} 次），请完成另一次录入")
            continue
        sheet_returned, sheet_invalid, rows = state.agreed
        returned += sheet_returned
        invalid += sheet_invalid
        valid += sheet_returned - sheet_invalid
        for member_id, counts in rows.items():
            for grade, n in counts.items():
                grades[member_id][kind][grade] += n
    issued = appraisal.ballots_issued
    if issued is not None and returned > issued:
        problems.append(f"收回 {returned} 张，多于发出的 {issued} 张")
    pending = len(mismatches) + len(singles)
    if pending:
        problems.append(f"收回 {returned} 张 ≠ 有效 {valid} 张 + 无效 {invalid} 张：还有 {pending} 张未核对一致")
    for by_kind in grades.values():
        graded = sum(sum(counts.values()) for counts in by_kind.values())
        if graded > valid:
            problems.append(f"有党员的等次票数（{graded}）多于有效票数（{valid}）")
            break
    sums = BallotSums(appraisal.ballots_issued, returned, valid, invalid, part.blank, len(mismatches), len(singles),
                      tuple(problems))
    plain = {member: {kind: dict(counts) for kind, counts in by_kind.items()} for member, by_kind in grades.items()}
    return Count(plain, sums, mismatches, singles)


# --- hand tallies (计票汇总) ----------------------------------------------------

TALLY_NONE, TALLY_SINGLE, TALLY_MISMATCH, TALLY_AGREED = "未录入", "只录入了一次", "两次录入不一致", "两次录入一致"


@dataclass(frozen=True)
class TallyState:
    """Where one rater kind's hand tally stands."""

    kind: str
    status: str  # TALLY_NONE, TALLY_SINGLE, TALLY_MISMATCH or TALLY_AGREED
    entered: tuple[int, ...]  # the entries made (1, 2)
    # What counts: (returned, invalid, {member id: {grade: n}}); None unless agreed
    # (or entered once with single-entry counting on).
    agreed: tuple | None = None
    # (member id or None for the sheet's own figures, what, first entry, second entry)
    differences: tuple[tuple[int | None, str, int, int], ...] = ()


def tally_sheet(appraisal_id: int, kind: str, entry: int):
    """(returned, invalid, {member id: {grade: n}}) of one tally entry, or None."""
    sheet = TallySheet.get_or_none((TallySheet.appraisal == appraisal_id) & (TallySheet.voter_kind == kind)
                                   & (TallySheet.entry == entry))
    if sheet is None:
        return None
    rows = {}
    for row in TallyRow.select().where(TallyRow.sheet == sheet.id):
        rows[row.member_id] = {grade: getattr(row, column) for grade, column in TALLY_COLUMNS.items()}
    return sheet.returned, sheet.invalid, rows


def tally_differences(first, second) -> tuple[tuple[int | None, str, int, int], ...]:
    """Where two entries of a tally differ: (member id or None, what, first, second)."""
    found = []
    if first[0] != second[0]:
        found.append((None, "收回票数", first[0], second[0]))
    if first[1] != second[1]:
        found.append((None, "无效票数", first[1], second[1]))
    zero = dict.fromkeys(GRADES, 0)
    for member_id in sorted(set(first[2]) | set(second[2])):
        a, b = first[2].get(member_id, zero), second[2].get(member_id, zero)
        for grade in GRADES:
            if a.get(grade, 0) != b.get(grade, 0):
                found.append((member_id, grade, a.get(grade, 0), b.get(grade, 0)))
    return tuple(found)


def tally_state(appraisal_id: int, kind: str, single_entry: bool = False) -> TallyState:
    """The hand tally of one rater kind: not entered, entered once, two entries that differ, or agreed."""
    first, second = tally_sheet(appraisal_id, kind, 1), tally_sheet(appraisal_id, kind, 2)
    if first is None and second is None:
        return TallyState(kind, TALLY_NONE, ())
    if first is None or second is None:
        only = first or second
        return TallyState(kind, TALLY_SINGLE, (1,) if second is None else (2,), only if single_entry else None)
    diff = tally_differences(first, second)
    if diff:
        return TallyState(kind, TALLY_MISMATCH, (1, 2), None, diff)
    return TallyState(kind, TALLY_AGREED, (1, 2), first)


def agreed_tally(appraisal_id: int, kind: str, single_entry: bool = False):
    """The hand tally of one rater kind when both entries agree (or, with
    ``single_entry``, when it was entered once); "mismatch" when they differ or
    only one was entered; None if it was not entered at all.

    ``tally_state`` says which of these it is and where two entries differ.
    """
    state = tally_state(appraisal_id, kind, single_entry)
    if state.status == TALLY_NONE:
        return None
    return state.agreed if state.agreed is not None else "mismatch"


# --- the write side ------------------------------------------------------------
#
# Every write takes the appraisal row (made on the first write of a year),
# refuses a sealed appraisal, checks everything it can before it changes a
# thing (all refusals at once, in Chinese) and runs in one transaction that
# holds the write lock, so that a check cannot be overtaken by another
# writer. The ballot, grade and tally tables are audited field by field by
# the database's triggers; replacing, deleting and settling also write a
# summary line (``audit.record``).

MAX_SERIAL = 99_999
MAX_FIGURE = 99_999
ENTRIES = (1, 2)
# Keys of a settlement's ``paper`` for the ballot's own fields (member ids for grades).
KIND_KEY, VALID_KEY = "voter_kind", "valid"


@dataclass(frozen=True)
class Entered:
    """What entering one ballot entry gave."""

    ballot_id: int
    serial: int
    entry: int
    # None: the other entry is not made yet; True: the two agree; False: they differ
    agrees: bool | None
    differences: int  # how many rows differ from the other entry
    invalid_reason: str = ""  # why the counting rules make the ballot invalid, or ""


@dataclass
class _Context:
    """What the checks of one appraisal's ballots need, read once."""

    appraisal: Appraisal
    members: dict[int, BallotMember]
    found: dict[int, dict[int, BallotEntry]]
    tally_kinds: set[str]
    # rater kind → the largest 收回 among its tally entries
    tally_returned: dict[str, int]

    @property
    def returned(self) -> int:
        return len(self.found) + sum(self.tally_returned.values())

    def label(self, member_id: int) -> str:
        member = self.members.get(member_id)
        return member.label if member is not None else f"编号 {member_id} 的党员"

    # False: ``found`` holds the entries without their grades (``entry`` reads one in full)
    full: bool = True

    def ballot_kinds(self) -> set[str]:
        return {entry.voter_kind for by_entry in self.found.values() for entry in by_entry.values()}

    def entry(self, serial: int, entry: int) -> BallotEntry | None:
        """One stored entry with its grades."""
        found = self.found.get(serial, {}).get(entry)
        if found is None or self.full or found.grades:
            return found
        grades = dict(BallotGrade.select(BallotGrade.member, BallotGrade.grade).join(Ballot).where(
            (Ballot.appraisal == self.appraisal.id) & (Ballot.serial == serial) & (Ballot.entry == entry)).tuples())
        found = BallotEntry(serial, entry, found.voter_kind, found.valid, grades)
        self.found[serial][entry] = found
        return found


def _context(village_id: int, year: int, appraisal: Appraisal, *, full: bool = False) -> _Context:
    """What the checks need; ``full`` reads every entry's grades too (else only the ones asked for)."""
    members = {m.id: m for m in ballot_members(village_id, year)}
    tally_returned: dict[str, int] = {}
    for kind, returned in (TallySheet.select(TallySheet.voter_kind, TallySheet.returned)
                           .where(TallySheet.appraisal == appraisal.id).tuples()):
        tally_returned[kind] = max(tally_returned.get(kind, 0), returned)
    if full:
        found = entries(appraisal.id)
    else:
        found = defaultdict(dict)
        for serial, entry, kind, valid in (Ballot.select(Ballot.serial, Ballot.entry, Ballot.voter_kind, Ballot.valid)
                                           .where(Ballot.appraisal == appraisal.id).tuples()):
            found[serial][entry] = BallotEntry(serial, entry, kind, bool(valid), {})
    return _Context(appraisal, members, dict(found), set(tally_returned), tally_returned, full)


def _writable(village_id: int, year: int) -> Appraisal:
    """The appraisal row for a write (created if need be), refused when sealed."""
    appraisal = appraisal_for(village_id, year, create=True)
    refuse_if_sealed(appraisal)
    return appraisal


def _whole(value, label: str, field_name: str, *, low: int = 0, high: int = MAX_FIGURE) -> int:
    """An integer within [low, high], or a Chinese refusal."""
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise ValidationError(f"{label}应为整数，不是“{limits.quote(value)}”", field=field_name) from None
    else:
        number = value
    if number < low:
        raise ValidationError(f"{label}不能小于 {low}" if low else f"{label}不能是负数", field=field_name)
    if number > high:
        raise ValidationError(f"{label}不能大于 {high}", field=field_name)
    return number


def _clean_entry(ctx: _Context, serial, entry, voter_kind, grades, valid, note, *,
                 replacing: bool = False) -> BallotEntry:
    """One ballot entry checked against the appraisal: the entry to store, or every refusal at once."""
    errors: list[ValidationError] = []
    try:
        serial = _whole(serial, "票号", "serial", low=1, high=MAX_SERIAL)
    except ValidationError as error:
        errors.append(error)
        serial = None
    if entry not in ENTRIES:
        errors.append(ValidationError("录入次应为 1 或 2", field="entry"))
        entry = None
    if voter_kind not in VOTER_KINDS:
        errors.append(ValidationError(f"评议人类别应为{'或'.join(VOTER_KINDS)}，不是“{limits.quote(voter_kind)}”",
                                      field="voter_kind"))
    elif voter_kind in ctx.tally_kinds:
        errors.append(ValidationError(f"{voter_kind}的测评票已按计票汇总（手工计票）录入，不能再逐张录入，"
                                      "以免重复计票：请先删去该计票汇总", field="voter_kind"))
    valid = bool(valid)
    note = (note or "").strip()
    if len(note) > limits.NOTES_MAX:
        errors.append(ValidationError(f"备注过长（{len(note)} 个字，最多 {limits.NOTES_MAX} 个字）", field="note"))
    issued = ctx.appraisal.ballots_issued
    if serial is not None and entry is not None:
        existing = ctx.found.get(serial, {})
        if replacing and entry not in existing:
            errors.append(ValidationError(f"第 {serial} 号票第 {entry} 次还没有录入", field="serial"))
        elif not replacing and entry in existing:
            errors.append(ValidationError(f"第 {serial} 号票第 {entry} 次已录入", field="serial"))
        elif issued is not None and serial > issued:
            errors.append(ValidationError(f"票号 {serial} 大于发出的票数 {issued}：请核对票号，或先更正发出票数",
                                          field="serial"))
        elif issued is not None and not existing and ctx.returned + 1 > issued:
            errors.append(ValidationError(f"收回的票将达到 {ctx.returned + 1} 张，多于发出的 {issued} 张："
                                          "请核对发出票数", field="serial"))
    kept: dict[int, str] = {}
    for member_id, grade in (grades or {}).items():
        grade = (grade or "").strip() if isinstance(grade, str) else grade
        if not grade:
            continue
        if grade not in GRADES:
            errors.append(ValidationError(f"{ctx.label(member_id)}的等次应为{'、'.join(GRADES)}之一，"
                                          f"不是“{limits.quote(grade)}”", field="grades"))
        elif member_id not in ctx.members:
            errors.append(ValidationError(f"{ctx.label(member_id)}不在本年度的测评名单上（可能已归档或不属于本村）",
                                          field="grades"))
        else:
            kept[member_id] = grade
    if errors:
        raise ValidationErrors(errors)
    # A spoiled ballot keeps no grades: it counts as invalid whatever it was marked with.
    return BallotEntry(serial, entry, voter_kind, valid, kept if valid else {})


def _insert_grades(ballot_id: int, grades: dict[int, str]) -> None:
    if grades:
        stamp = now()
        BallotGrade.insert_many(
            [{"uuid": new_uuid(), "created_at": stamp, "updated_at": stamp, "ballot": ballot_id, "member": m,
              "grade": g} for m, g in grades.items()]).execute()


def _store(ctx: _Context, entry: BallotEntry, note: str) -> int:
    ballot = Ballot.create(appraisal=ctx.appraisal.id, serial=entry.serial, entry=entry.entry,
                           voter_kind=entry.voter_kind, valid=entry.valid, note=note)
    _insert_grades(ballot.id, entry.grades)
    ctx.found.setdefault(entry.serial, {})[entry.entry] = entry
    return ballot.id


def _entered(ctx: _Context, ballot_id: int, entry: BallotEntry) -> Entered:
    rules = rules_of(ctx.appraisal)
    other = ctx.entry(entry.serial, 3 - entry.entry)
    diff = differences(entry, other) if other is not None else ()
    reason = "" if not entry.valid else breaks_rules(entry, rules, len(ctx.members))
    return Entered(ballot_id, entry.serial, entry.entry, None if other is None else not diff, len(diff), reason)


def enter_ballot(village_id: int, year: int, serial: int, entry: int, voter_kind: str,
                 grades: dict[int, str], valid: bool = True, note: str = "") -> Entered:
    """Enter one paper ballot (one of its two entries); bad input changes nothing.

    ``grades``: member id → grade (a member left blank is absent or "").
    ``valid`` False: the ballot is spoiled (作废) and keeps no grades.
    """
    with write_transaction():
        appraisal = _writable(village_id, year)
        ctx = _context(village_id, year, appraisal)
        cleaned = _clean_entry(ctx, serial, entry, voter_kind, grades, valid, note)
        ballot_id = _store(ctx, cleaned, (note or "").strip())
        ballot_agreement.refresh(appraisal.id, [cleaned.serial])
        return _entered(ctx, ballot_id, cleaned)


def _ballot_row(appraisal: Appraisal, serial: int, entry: int) -> Ballot | None:
    return Ballot.get_or_none((Ballot.appraisal == appraisal.id) & (Ballot.serial == serial)
                              & (Ballot.entry == entry))


def _describe(ctx: _Context, diff) -> str:
    parts = []
    for member_id, what, old, new in diff:
        name = what if member_id is None else ctx.label(member_id)
        parts.append(f"{name} {old or '（未评）'}→{new or '（未评）'}")
    return "；".join(parts) or "无改动"


def replace_entry(village_id: int, year: int, serial: int, entry: int, voter_kind: str,
                  grades: dict[int, str], valid: bool = True, note: str = "") -> Entered:
    """Replace one entry of a ballot already entered (its kind, spoiled mark, grades and note)."""
    with write_transaction():
        appraisal = _writable(village_id, year)
        ctx = _context(village_id, year, appraisal)
        cleaned = _clean_entry(ctx, serial, entry, voter_kind, grades, valid, note, replacing=True)
        old = ctx.entry(cleaned.serial, cleaned.entry)
        row = _ballot_row(appraisal, cleaned.serial, cleaned.entry)
        _rewrite(row, old, cleaned, (note or "").strip())
        ballot_agreement.refresh(appraisal.id, [cleaned.serial])
        ctx.found[cleaned.serial][cleaned.entry] = cleaned
        audit.record("修改测评票", row, f"第 {cleaned.serial} 号票第 {cleaned.entry} 次录入："
                                       f"{_describe(ctx, differences(old, cleaned))}")
        return _entered(ctx, row.id, cleaned)


def _rewrite(row: Ballot, old: BallotEntry, new: BallotEntry, note: str | None) -> None:
    """Make a stored entry ``new``: only what changed is written (the triggers log each change)."""
    changed = {}
    if row.voter_kind != new.voter_kind:
        changed["voter_kind"] = new.voter_kind
    if bool(row.valid) != new.valid:
        changed["valid"] = new.valid
    if note is not None and row.note != note:
        changed["note"] = note
    if changed:
        changed["updated_at"] = now()
        Ballot.update(**changed).where(Ballot.id == row.id).execute()
    gone = [m for m in old.grades if m not in new.grades]
    if gone:
        BallotGrade.delete().where((BallotGrade.ballot == row.id) & BallotGrade.member.in_(gone)).execute()
    for member_id, grade in new.grades.items():
        if member_id in old.grades and old.grades[member_id] != grade:
            BallotGrade.update(grade=grade, updated_at=now()).where(
                (BallotGrade.ballot == row.id) & (BallotGrade.member == member_id)).execute()
    _insert_grades(row.id, {m: g for m, g in new.grades.items() if m not in old.grades})


def delete_entry(village_id: int, year: int, serial: int, entry: int | None = None) -> int:
    """Delete one entry of a ballot (``entry`` None: both); returns how many entries were deleted."""
    with write_transaction():
        appraisal = _writable(village_id, year)
        query = Ballot.select().where((Ballot.appraisal == appraisal.id) & (Ballot.serial == serial))
        if entry is not None:
            query = query.where(Ballot.entry == entry)
        rows = list(query.order_by(Ballot.entry))
        if not rows:
            which = f"第 {entry} 次" if entry is not None else ""
            raise NotFoundError(f"第 {serial} 号票{which}还没有录入")
        for row in rows:
            audit.record("删除测评票", row, f"删除第 {serial} 号票第 {row.entry} 次录入（{row.voter_kind}"
                                           f"{'，作废' if not row.valid else ''}）")
            BallotGrade.delete().where(BallotGrade.ballot == row.id).execute()
            row.delete_instance()
        ballot_agreement.refresh(appraisal.id, [serial])
        return len(rows)


def paper_key(member_id: int | None, what: str):
    """The ``settle`` paper key of one difference (a member id, KIND_KEY or VALID_KEY)."""
    if member_id is not None:
        return member_id
    return KIND_KEY if what == "评议人类别" else VALID_KEY


def settle(village_id: int, year: int, serial: int, paper: dict) -> BallotEntry:
    """Settle a ballot whose two entries differ: the tellers give the paper's values.

    ``paper`` maps member id → grade ("" for none), and may hold KIND_KEY →
    rater kind and VALID_KEY → False for a spoiled ballot. It must give every
    row where the entries differ; both entries are then set to the paper's
    values (other rows agree already). Returns the settled ballot.
    """
    with write_transaction():
        appraisal = _writable(village_id, year)
        ctx = _context(village_id, year, appraisal, full=True)
        by_entry = ctx.found.get(serial, {})
        if not by_entry:
            raise NotFoundError(f"第 {serial} 号票还没有录入")
        if len(by_entry) < 2:
            raise ValidationError(f"第 {serial} 号票只录入了第 {next(iter(by_entry))} 次，"
                                  "请先完成另一次录入再核对")
        first, second = by_entry[1], by_entry[2]
        diff = differences(first, second)
        missing = [paper_key(m, what) for m, what, _a, _b in diff if paper_key(m, what) not in paper]
        if missing:
            names = "、".join({KIND_KEY: "评议人类别", VALID_KEY: "是否作废"}.get(key) or ctx.label(key)
                             for key in missing)
            raise ValidationError(f"第 {serial} 号票还有 {len(missing)} 处不一致没有给出纸质票上的值：{names}")
        kind = paper.get(KIND_KEY, first.voter_kind)
        valid = bool(paper.get(VALID_KEY, first.valid))
        grades = dict(first.grades) if first.valid else dict(second.grades)
        for key, value in paper.items():
            if key in (KIND_KEY, VALID_KEY):
                continue
            if value:
                grades[key] = value
            else:
                grades.pop(key, None)
        settled = _clean_entry(ctx, serial, 1, kind, grades, valid, "", replacing=True)
        changes = []
        for old in (first, second):
            row = _ballot_row(appraisal, serial, old.entry)
            new = BallotEntry(serial, old.entry, settled.voter_kind, settled.valid, settled.grades)
            change = differences(old, new)
            if change:
                _rewrite(row, old, new, None)
                changes.append(f"第 {old.entry} 次：{_describe(ctx, change)}")
        ballot_agreement.refresh(appraisal.id, [serial])
        row = _ballot_row(appraisal, serial, 1)
        audit.record("核对纸质票后更正", row, f"第 {serial} 号票按纸质票更正，"
                                          + ("；".join(changes) if changes else "两次录入已一致"))
        return settled


# --- the meeting's figures and the counting rules -------------------------------

MEETING_FIGURES = (("ballots_issued", "发出票数"), ("expected", "应到人数"), ("present", "实到人数"))


def meeting_figures(appraisal: Appraisal | None) -> tuple[int | None, int | None, int | None]:
    """(发出票数, 应到人数, 实到人数) as saved (None: not filled in)."""
    if appraisal is None:
        return None, None, None
    return appraisal.ballots_issued, appraisal.expected, appraisal.present


def _figure_text(value: int | None) -> str:
    return "未填" if value is None else str(value)


def set_meeting_figures(village_id: int, year: int, issued: int | None, expected: int | None,
                        present: int | None, started: tuple | None = None) -> Appraisal:
    """应到 / 实到 and the ballots issued (发出票数); None leaves a figure unset.

    ``started`` is (issued, expected, present) as the form showed them: figures
    someone else changed since are not overwritten (``StaleRecord``)."""
    errors: list[ValidationError] = []
    values = {}
    for (key, label), value in zip(MEETING_FIGURES, (issued, expected, present)):
        if value is None or value == "":
            values[key] = None
            continue
        try:
            values[key] = _whole(value, label, key)
        except ValidationError as error:
            errors.append(error)
            values[key] = None
    if values["expected"] is not None and values["present"] is not None \
            and values["present"] > values["expected"]:
        errors.append(ValidationError(f"实到人数（{values['present']}）不能多于应到人数（{values['expected']}）",
                                      field="present"))
    with write_transaction():
        appraisal = _writable(village_id, year)
        if started is not None:
            rowversion.refuse_changed(f"{year} 年度的发出票数和应到、实到人数", [
                (label, _figure_text(now), _figure_text(shown))
                for (_key, label), now, shown in zip(MEETING_FIGURES, meeting_figures(appraisal), started)])
        if values["ballots_issued"] is not None:
            ctx = _context(village_id, year, appraisal)
            highest = max(ctx.found, default=0)
            if values["ballots_issued"] < ctx.returned:
                errors.append(ValidationError(f"发出票数（{values['ballots_issued']}）不能少于已收回的 "
                                              f"{ctx.returned} 张", field="ballots_issued"))
            elif values["ballots_issued"] < highest:
                errors.append(ValidationError(f"已录入的最大票号是 {highest}，发出票数（{values['ballots_issued']}）"
                                              "不能比它少", field="ballots_issued"))
        if errors:
            raise ValidationErrors(errors)
        for key, value in values.items():
            setattr(appraisal, key, value)
        appraisal.save()
        return appraisal


def clean_rules(rules: CountingRules) -> CountingRules:
    """The counting rules checked: share 0–1 (or off), points 0–100, weights ≥ 0 and not all 0."""
    errors: list[ValidationError] = []
    share = rules.max_excellent_share
    if share is not None:
        try:
            share = float(share)
        except (TypeError, ValueError):
            share = -1.0
        if not 0 < share <= 1:
            errors.append(ValidationError("“评为优秀的人数超过一定比例则该票无效”的比例应在 0 到 1 之间"
                                          "（如 0.5 表示一半）", field="max_excellent_share"))
    points: dict[str, float] = {}
    for grade in GRADES:
        value = rules.grade_points.get(grade, DEFAULT_GRADE_POINTS[grade])
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            errors.append(ValidationError(f"“{grade}”的分值应在 0 到 100 之间", field="grade_points"))
        else:
            points[grade] = value
    unknown = set(rules.grade_points) - set(GRADES)
    if unknown:
        errors.append(ValidationError(f"等次应为{'、'.join(GRADES)}，不是“{'、'.join(sorted(unknown))}”",
                                      field="grade_points"))
    weights: dict[str, float] = {}
    for kind in VOTER_KINDS:
        value = rules.kind_weights.get(kind, DEFAULT_KIND_WEIGHTS[kind])
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value > 100:
            errors.append(ValidationError(f"“{kind}”测评的权重应为 0 到 100 之间的数", field="kind_weights"))
        else:
            weights[kind] = value
    unknown = set(rules.kind_weights) - set(VOTER_KINDS)
    if unknown:
        errors.append(ValidationError(f"评议人类别应为{'或'.join(VOTER_KINDS)}，不是“{'、'.join(sorted(unknown))}”",
                                      field="kind_weights"))
    if len(weights) == len(VOTER_KINDS) and not any(weights.values()):
        errors.append(ValidationError("党员和群众代表测评的权重不能都是 0", field="kind_weights"))
    if errors:
        raise ValidationErrors(errors)
    return CountingRules(bool(rules.single_entry), share, points, weights)


def counting_rules(village_id: int, year: int) -> CountingRules:
    """The year's counting rules as saved (the defaults before any is saved)."""
    appraisal = appraisal_for(village_id, year)
    return rules_of(appraisal) if appraisal is not None else CountingRules()


def rules_lines(rules: CountingRules) -> list[tuple[str, str]]:
    """The counting rules as (label, value) text, as the rules dialog shows them."""
    share = rules.max_excellent_share
    return [("单次录入计票", "计入" if rules.single_entry else "不计入"),
            ("优秀比例规则", "不启用" if share is None else f"超过 {round(share * 100)}% 无效"),
            *((f"“{grade}”分值", f"{rules.grade_points.get(grade, 0):g}") for grade in GRADES),
            *((f"“{kind}”权重", f"{rules.kind_weights.get(kind, 0):g}") for kind in VOTER_KINDS)]


def set_counting_rules(village_id: int, year: int, rules: CountingRules,
                       started: CountingRules | None = None) -> CountingRules:
    """Save the counting rules of a year (other keys of the rules JSON are kept).

    ``started`` is the rules the form showed: rules someone else changed since
    are not overwritten (``StaleRecord``)."""
    cleaned = clean_rules(rules)
    with write_transaction():
        appraisal = _writable(village_id, year)
        if started is not None:
            rowversion.refuse_changed(f"{year} 年度计票规则", [
                (label, now, shown) for (label, now), (_label, shown)
                in zip(rules_lines(rules_of(appraisal)), rules_lines(started))])
        try:
            data = json.loads(appraisal.rules) if appraisal.rules else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        data.update(json.loads(cleaned.to_json()))
        appraisal.rules = json.dumps(data, ensure_ascii=False, sort_keys=True)
        appraisal.save()
        return cleaned


# --- hand tallies: the write side -----------------------------------------------

def _clean_tally(ctx: _Context, voter_kind, entry, returned, invalid, rows, *, replacing: bool):
    errors: list[ValidationError] = []
    if voter_kind not in VOTER_KINDS:
        errors.append(ValidationError(f"评议人类别应为{'或'.join(VOTER_KINDS)}，不是“{limits.quote(voter_kind)}”",
                                      field="voter_kind"))
    elif voter_kind in ctx.ballot_kinds():
        errors.append(ValidationError(f"已逐张录入了{voter_kind}的测评票，不能再录入{voter_kind}的计票汇总，"
                                      "以免重复计票", field="voter_kind"))
    if entry not in ENTRIES:
        errors.append(ValidationError("录入次应为 1 或 2", field="entry"))
    try:
        returned = _whole(returned, "收回票数", "returned")
    except ValidationError as error:
        errors.append(error)
        returned = None
    try:
        invalid = _whole(invalid, "无效票数", "invalid")
    except ValidationError as error:
        errors.append(error)
        invalid = None
    if returned is not None and invalid is not None and invalid > returned:
        errors.append(ValidationError(f"无效票数（{invalid}）不能多于收回票数（{returned}）", field="invalid"))
        invalid = None
    if voter_kind in VOTER_KINDS and entry in ENTRIES:
        made = TallySheet.select().where((TallySheet.appraisal == ctx.appraisal.id)
                                         & (TallySheet.voter_kind == voter_kind) & (TallySheet.entry == entry)).exists()
        if made and not replacing:
            errors.append(ValidationError(f"{voter_kind}的计票汇总第 {entry} 次已录入", field="entry"))
        elif not made and replacing:
            errors.append(ValidationError(f"{voter_kind}的计票汇总第 {entry} 次还没有录入", field="entry"))
        issued = ctx.appraisal.ballots_issued
        if returned is not None and issued is not None:
            other_sheets = list(TallySheet.select(TallySheet.returned).where(
                (TallySheet.appraisal == ctx.appraisal.id) & (TallySheet.voter_kind == voter_kind)
                & (TallySheet.entry != entry)).tuples())
            mine = max([returned, *(r for (r,) in other_sheets)])
            total = ctx.returned - ctx.tally_returned.get(voter_kind, 0) + mine
            if total > issued:
                errors.append(ValidationError(f"收回的票将达到 {total} 张，多于发出的 {issued} 张：请核对收回票数"
                                              "或发出票数", field="returned"))
    valid = None if returned is None or invalid is None else returned - invalid
    kept: dict[int, dict[str, int]] = {}
    for member_id, counts in (rows or {}).items():
        if member_id not in ctx.members:
            errors.append(ValidationError(f"{ctx.label(member_id)}不在本年度的测评名单上", field="rows"))
            continue
        clean: dict[str, int] = {}
        for grade, n in (counts or {}).items():
            if grade not in GRADES:
                errors.append(ValidationError(f"等次应为{'、'.join(GRADES)}之一，不是“{limits.quote(grade)}”",
                                              field="rows"))
                continue
            try:
                clean[grade] = _whole(n if n not in (None, "") else 0, f"{ctx.label(member_id)}的“{grade}”票数",
                                      "rows")
            except ValidationError as error:
                errors.append(error)
        total = sum(clean.values())
        if valid is not None and total > valid:
            errors.append(ValidationError(f"{ctx.label(member_id)}的等次票数合计 {total} 张，多于有效票 {valid} 张"
                                          f"（收回 {returned} − 无效 {invalid}）", field="rows"))
        if total:
            kept[member_id] = {grade: clean.get(grade, 0) for grade in GRADES}
    if errors:
        raise ValidationErrors(errors)
    return returned, invalid, kept


def _store_tally(appraisal: Appraisal, voter_kind: str, entry: int, returned: int, invalid: int,
                 rows: dict[int, dict[str, int]]) -> int:
    sheet = TallySheet.create(appraisal=appraisal.id, voter_kind=voter_kind, entry=entry, returned=returned,
                              invalid=invalid)
    if rows:
        stamp = now()
        TallyRow.insert_many([{"uuid": new_uuid(), "created_at": stamp, "updated_at": stamp, "sheet": sheet.id,
                               "member": member_id, **{TALLY_COLUMNS[g]: n for g, n in counts.items()}}
                              for member_id, counts in rows.items()]).execute()
    return sheet.id


def enter_tally(village_id: int, year: int, voter_kind: str, entry: int, returned: int, invalid: int,
                rows: dict[int, dict[str, int]]) -> TallyState:
    """Enter one of the two entries of a rater kind's hand tally (计票汇总); returns where it stands.

    ``rows``: member id → grade → ballots. Per member the grades may add up
    to at most the valid ballots (收回 − 无效); the rest graded them not at all.
    """
    with write_transaction():
        appraisal = _writable(village_id, year)
        ctx = _context(village_id, year, appraisal)
        returned, invalid, rows = _clean_tally(ctx, voter_kind, entry, returned, invalid, rows, replacing=False)
        _store_tally(appraisal, voter_kind, entry, returned, invalid, rows)
        return tally_state(appraisal.id, voter_kind, rules_of(appraisal).single_entry)


def replace_tally(village_id: int, year: int, voter_kind: str, entry: int, returned: int, invalid: int,
                  rows: dict[int, dict[str, int]]) -> TallyState:
    """Replace one entry of a hand tally already entered."""
    with write_transaction():
        appraisal = _writable(village_id, year)
        ctx = _context(village_id, year, appraisal)
        returned, invalid, rows = _clean_tally(ctx, voter_kind, entry, returned, invalid, rows, replacing=True)
        old = tally_sheet(appraisal.id, voter_kind, entry)
        sheet = TallySheet.get((TallySheet.appraisal == appraisal.id) & (TallySheet.voter_kind == voter_kind)
                               & (TallySheet.entry == entry))
        diff = tally_differences(old, (returned, invalid, rows))
        if diff:
            sheet.returned, sheet.invalid = returned, invalid
            sheet.save()
            zero = dict.fromkeys(GRADES, 0)
            for member_id in set(old[2]) | set(rows):
                before, after = old[2].get(member_id), rows.get(member_id)
                if before == after:
                    continue
                query = (TallyRow.sheet == sheet.id) & (TallyRow.member == member_id)
                if after is None:
                    TallyRow.delete().where(query).execute()
                elif before is None:
                    TallyRow.create(sheet=sheet.id, member=member_id,
                                    **{TALLY_COLUMNS[g]: after.get(g, 0) for g in GRADES})
                else:
                    TallyRow.update(updated_at=now(), **{TALLY_COLUMNS[g]: after.get(g, 0) for g in GRADES
                                                        if after.get(g, 0) != before.get(g, zero[g])}
                                    ).where(query).execute()
            audit.record("修改计票汇总", sheet, f"{voter_kind}的计票汇总第 {entry} 次录入："
                                            + "；".join(_tally_change(ctx, d) for d in diff))
        return tally_state(appraisal.id, voter_kind, rules_of(appraisal).single_entry)


def _tally_change(ctx: _Context, difference) -> str:
    member_id, what, old, new = difference
    return f"{what if member_id is None else ctx.label(member_id) + ' ' + what} {old}→{new}"


def delete_tally(village_id: int, year: int, voter_kind: str, entry: int | None = None) -> int:
    """Delete one entry of a rater kind's hand tally (``entry`` None: both); returns how many."""
    with write_transaction():
        appraisal = _writable(village_id, year)
        query = TallySheet.select().where((TallySheet.appraisal == appraisal.id)
                                          & (TallySheet.voter_kind == voter_kind))
        if entry is not None:
            query = query.where(TallySheet.entry == entry)
        sheets = list(query.order_by(TallySheet.entry))
        if not sheets:
            which = f"第 {entry} 次" if entry is not None else ""
            raise NotFoundError(f"{voter_kind}的计票汇总{which}还没有录入")
        for sheet in sheets:
            audit.record("删除计票汇总", sheet, f"删除{voter_kind}的计票汇总第 {sheet.entry} 次录入"
                                            f"（收回 {sheet.returned}，无效 {sheet.invalid}）")
            TallyRow.delete().where(TallyRow.sheet == sheet.id).execute()
            sheet.delete_instance()
        return len(sheets)


# --- what the entry window shows ----------------------------------------------

@dataclass(frozen=True)
class BallotState:
    """Everything the ballot-entry window shows of one village's year, read at once."""

    village_id: int
    year: int
    appraisal_id: int | None  # None: nothing entered yet
    sealed: bool
    issued: int | None
    expected: int | None
    present: int | None
    rules: CountingRules
    members: tuple[BallotMember, ...]
    found: dict[int, dict[int, BallotEntry]]
    count: Count
    tallies: dict[str, TallyState]
    village_name: str = ""

    def taken(self, entry: int) -> set[int]:
        """The serials whose entry ``entry`` is made."""
        return {serial for serial, by_entry in self.found.items() if entry in by_entry}

    def next_serial(self, entry: int, after: int = 0) -> int:
        """The first serial after ``after`` whose entry ``entry`` is not made yet
        (from 1 again when that passes the ballots issued)."""
        return next_serial(self.taken(entry), after, self.issued)


def next_serial(taken: set[int], after: int = 0, issued: int | None = None) -> int:
    """The first serial after ``after`` not in ``taken``; from 1 again past ``issued``."""
    serial = after + 1
    while serial in taken:
        serial += 1
    if issued is not None and serial > issued:
        first = 1
        while first in taken:
            first += 1
        if first <= issued:
            return first
    return serial


def ballot_state(village_id: int, year: int) -> BallotState:
    """The ballots, tallies, figures, rules and sums of one village's year (writes nothing)."""
    appraisal = appraisal_for(village_id, year)
    members = tuple(ballot_members(village_id, year))
    name = Village.select(Village.name).where(Village.id == village_id).scalar() or ""
    if appraisal is None:
        empty = Count({}, BallotSums(None, 0, 0, 0, 0, 0, 0), [], [])
        return BallotState(village_id, year, None, False, None, None, None, CountingRules(), members, {}, empty,
                           {kind: TallyState(kind, TALLY_NONE, ()) for kind in VOTER_KINDS}, name)
    rules = rules_of(appraisal)
    found = entries(appraisal.id)
    counted = count_of(appraisal, found, rules, len(members))
    tallies = {kind: tally_state(appraisal.id, kind, rules.single_entry) for kind in VOTER_KINDS}
    return BallotState(village_id, year, appraisal.id, appraisal.sealed_at is not None, appraisal.ballots_issued,
                       appraisal.expected, appraisal.present, rules, members, found, counted, tallies, name)


def tally_entry(village_id: int, year: int, voter_kind: str, entry: int):
    """(returned, invalid, {member id: {grade: n}}) of one tally entry, or None."""
    appraisal = appraisal_for(village_id, year)
    return None if appraisal is None else tally_sheet(appraisal.id, voter_kind, entry)


# --- many entries at once (an imported sheet) ------------------------------------

@dataclass(frozen=True)
class BallotItem:
    """One ballot entry to enter, from row ``row`` of a sheet."""

    row: int
    serial: int
    entry: int
    voter_kind: str
    grades: dict[int, str]
    valid: bool = True
    note: str = ""


@dataclass
class BatchOutcome:
    """What entering a batch did (or, with problems or a dry run, would do)."""

    new: list[BallotItem]
    unchanged: list[BallotItem]  # the same entry is stored already: skipped
    problems: list[tuple[int, str, str]]  # (row, field, Chinese reason); any problem: nothing written
    written: bool
    count: Count | None  # the count after the batch (as it would be, in a dry run); None with problems
    single_entry_switched: bool = False  # single-entry counting was switched on by this batch
    members_on_ballot: int = 0


def enter_ballots(village_id: int, year: int, items: list[BallotItem], *, single_entry: bool = False,
                  dry_run: bool = False) -> BatchOutcome:
    """Enter many ballot entries in one transaction, all or nothing.

    An entry already stored with the same rater kind, spoiled mark and grades
    is skipped (so the same sheet imported again changes nothing); one stored
    differently is a problem. ``single_entry`` switches single-entry counting
    on with the batch. A ``dry_run`` does everything and rolls it back.
    """
    with write_transaction() as transaction:
        appraisal = _writable(village_id, year)
        ctx = _context(village_id, year, appraisal, full=True)
        stored = {serial: dict(by_entry) for serial, by_entry in ctx.found.items()}
        new, unchanged, problems = [], [], []
        for item in items:
            before = stored.get(item.serial, {}).get(item.entry) if isinstance(item.serial, int) else None
            if before is not None:
                wanted = BallotEntry(item.serial, item.entry, item.voter_kind, bool(item.valid),
                                     {m: g for m, g in item.grades.items() if g} if item.valid else {})
                if differences(before, wanted):
                    problems.append((item.row, "serial",
                                     f"第 {item.serial} 号票第 {item.entry} 次已录入，且与表中不同："
                                     "如需更正，请在测评票录入窗口中修改或删除后再导入"))
                else:
                    unchanged.append(item)
                continue
            try:
                cleaned = _clean_entry(ctx, item.serial, item.entry, item.voter_kind, item.grades, item.valid,
                                       item.note)
            except ValidationErrors as error:
                problems += [(item.row, e.field or "", e.message) for e in error.errors]
                continue
            ctx.found.setdefault(cleaned.serial, {})[cleaned.entry] = cleaned
            new.append((item, cleaned))
        if problems:
            transaction.rollback()
            return BatchOutcome([i for i, _c in new], unchanged, problems, False, None)
        switched = False
        if single_entry and not rules_of(appraisal).single_entry:
            data = json.loads(appraisal.rules) if appraisal.rules else {}
            appraisal.rules = json.dumps({**data, "single_entry": True}, ensure_ascii=False, sort_keys=True)
            appraisal.save()
            switched = True
        for item, cleaned in new:
            ballot = Ballot.create(appraisal=appraisal.id, serial=cleaned.serial, entry=cleaned.entry,
                                   voter_kind=cleaned.voter_kind, valid=cleaned.valid, note=(item.note or "").strip())
            _insert_grades(ballot.id, cleaned.grades)
        ballot_agreement.refresh(appraisal.id, [cleaned.serial for _item, cleaned in new])
        if new or switched:
            audit.record("导入测评票", None, f"导入 {year} 年度测评票：新增 {len(new)} 次录入，"
                                           f"与已录入相同的 {len(unchanged)} 次未改动"
                                           + ("；改为只录入一次的票也计入" if switched else ""))
        counted = count(appraisal, len(ctx.members))
        outcome = BatchOutcome([i for i, _c in new], unchanged, [], not dry_run and bool(new or switched), counted,
                               switched, len(ctx.members))
        if dry_run or not (new or switched):
            transaction.rollback()  # nothing to keep (not even a new appraisal row)
        return outcome
