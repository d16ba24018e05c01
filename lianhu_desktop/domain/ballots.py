"""民主测评票: which ballots count, and the sum checks (the read side).

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
"""

from __future__ import annotations

import datetime
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from lianhu_desktop.domain import rules as shared_rules
from lianhu_desktop.domain.appraisal_types import BallotSums
from lianhu_desktop.domain.vocab import GRADES, TIERS, VOTER_KINDS
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import Appraisal, Ballot, BallotGrade, Member, TallyRow, TallySheet

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


def entries(appraisal_id: int) -> dict[int, dict[int, BallotEntry]]:
    """serial → entry number → the entry, for every ballot of the appraisal."""
    grades: dict[int, dict[int, str]] = defaultdict(dict)
    query = (BallotGrade.select(BallotGrade.ballot, BallotGrade.member, BallotGrade.grade)
             .join(Ballot).where(Ballot.appraisal == appraisal_id).tuples())
    for ballot_id, member_id, grade in query:
        grades[ballot_id][member_id] = grade
    found: dict[int, dict[int, BallotEntry]] = defaultdict(dict)
    rows = (Ballot.select(Ballot.id, Ballot.serial, Ballot.entry, Ballot.voter_kind, Ballot.valid)
            .where(Ballot.appraisal == appraisal_id).tuples())
    for ballot_id, serial, entry, kind, valid in rows:
        found[serial][entry] = BallotEntry(serial, entry, kind, bool(valid), grades.get(ballot_id, {}))
    return found


def differences(first: BallotEntry, second: BallotEntry) -> tuple[tuple[int | None, str, str, str], ...]:
    """Where two entries of one ballot differ (empty when they agree)."""
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


def count(appraisal: Appraisal, members_on_ballot: int = 0) -> Count:
    """Which ballots and tallies count, what they give each member, and the sum checks.

    ``members_on_ballot`` is the number of members the ballot lists (for the
    share rule); 0 leaves the share rule unapplied.
    """
    rules = rules_of(appraisal)
    grades: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(GRADES, 0)))
    returned = valid = invalid = blank = 0
    mismatches: list[Mismatch] = []
    singles: list[int] = []
    for serial, by_entry in sorted(entries(appraisal.id).items()):
        returned += 1
        first, second = by_entry.get(1), by_entry.get(2)
        if first is not None and second is not None:
            diff = differences(first, second)
            if diff:
                mismatches.append(Mismatch(serial, diff))
                continue
            counted = first
        else:
            only = first or second
            if not rules.single_entry:
                singles.append(serial)
                continue
            counted = only
        if not counted.valid or breaks_rules(counted, rules, members_on_ballot):
            invalid += 1
            continue
        valid += 1
        if not counted.grades:
            blank += 1
        for member_id, grade in counted.grades.items():
            grades[member_id][counted.voter_kind][grade] += 1
    tally_problems: list[str] = []
    for kind in VOTER_KINDS:
        tally = agreed_tally(appraisal.id, kind)
        if tally is None:
            continue
        if tally == "mismatch":
            tally_problems.append(f"{kind}的计票汇总两次录入不一致，请核对原始计票单")
            continue
        sheet_returned, sheet_invalid, rows = tally
        returned += sheet_returned
        invalid += sheet_invalid
        valid += sheet_returned - sheet_invalid
        for member_id, counts in rows.items():
            for grade, n in counts.items():
                grades[member_id][kind][grade] += n
    problems = list(tally_problems)
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
    sums = BallotSums(issued, returned, valid, invalid, blank, len(mismatches), len(singles), tuple(problems))
    plain = {member: {kind: dict(counts) for kind, counts in by_kind.items()} for member, by_kind in grades.items()}
    return Count(plain, sums, mismatches, singles)


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


def agreed_tally(appraisal_id: int, kind: str):
    """The hand tally of one rater kind when both entries agree; "mismatch"; or None if not entered twice."""
    first, second = tally_sheet(appraisal_id, kind, 1), tally_sheet(appraisal_id, kind, 2)
    if first is None and second is None:
        return None
    if first is None or second is None:
        return "mismatch"
    if first[:2] != second[:2]:
        return "mismatch"
    members = set(first[2]) | set(second[2])
    zero = dict.fromkeys(GRADES, 0)
    if any(first[2].get(m, zero) != second[2].get(m, zero) for m in members):
        return "mismatch"
    return first
