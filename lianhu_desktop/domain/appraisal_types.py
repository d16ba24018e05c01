"""The year-end appraisal's results as plain data (一评).

What ``appraisal.results`` computes and every consumer reads: the results
view, the projector's slides, the printed results sheet, the Excel export and
``lianhu appraisal results --json``. Points are integers of tenths, as in
the schemes; ``to_json`` gives points as numbers with one decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lianhu_desktop.domain.vocab import GRADES


def points(tenths: int | None) -> float | None:
    """Tenths of a point → points (None stays None)."""
    return None if tenths is None else round(tenths / 10, 1)


@dataclass(frozen=True)
class ItemResult:
    item_id: int
    name: str
    max_tenths: int
    source: str  # 手工 / 自动
    rule: str  # the automatic rule (visits, requests, commitments, meetings, ballots) or ""
    tenths: int | None  # None: a manual item not scored yet
    computation: str = ""  # Chinese: how an automatic item was computed
    note: str = ""  # the committee's reason for a manual score

    def to_json(self) -> dict:
        return {"name": self.name, "max": points(self.max_tenths), "source": self.source, "rule": self.rule,
                "points": points(self.tenths), "computation": self.computation, "note": self.note}


@dataclass(frozen=True)
class MemberResult:
    member_id: int
    uuid: str
    name: str
    tier: str
    households: int  # households linked in the year
    visits: int  # visits recorded in the year
    requests: int  # requests raised in the year
    commitments_kept: int
    commitments_total: int
    meetings_attended: int
    meetings_total: int
    items: tuple[ItemResult, ...]
    total_tenths: int
    grade: str  # one of GRADES, or "" while manual items are unscored
    rank: int  # within the tier, 1 = best; equal totals share a rank
    ballots: dict[str, int] = field(default_factory=dict)  # grade → counted ballots, both rater kinds
    ballots_by_kind: dict[str, dict[str, int]] = field(default_factory=dict)  # kind → grade → count
    scheme_version: int = 1

    @property
    def complete(self) -> bool:
        return all(item.tenths is not None for item in self.items)

    def to_json(self) -> dict:
        return {
            "name": self.name, "uuid": self.uuid, "tier": self.tier, "households": self.households,
            "visits": self.visits, "requests": self.requests, "commitments_kept": self.commitments_kept,
            "commitments_total": self.commitments_total, "meetings_attended": self.meetings_attended,
            "meetings_total": self.meetings_total, "scheme_version": self.scheme_version,
            "items": [item.to_json() for item in self.items], "total": points(self.total_tenths),
            "grade": self.grade, "rank": self.rank,
            "ballots": {grade: self.ballots.get(grade, 0) for grade in GRADES},
            "ballots_by_kind": {kind: {grade: counts.get(grade, 0) for grade in GRADES}
                                for kind, counts in self.ballots_by_kind.items()},
        }


@dataclass(frozen=True)
class BallotSums:
    """The sum checks of the ballots (and hand tallies) of one appraisal.

    ``returned`` counts every ballot entered (distinct serials) plus hand
    tallies' returned figures; ``valid`` + ``invalid`` are the counted ones;
    ``mismatched`` (two entries that differ) and ``single`` (entered once
    only, not counted without single-entry counting) are still pending.
    """

    issued: int | None  # None: not entered yet
    returned: int
    valid: int
    invalid: int
    blank: int  # valid ballots that grade nobody (counted among valid)
    mismatched: int
    single: int
    problems: tuple[str, ...] = ()  # broken sum checks, in Chinese

    @property
    def not_returned(self) -> int | None:
        return None if self.issued is None else self.issued - self.returned

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"issued": self.issued, "returned": self.returned, "not_returned": self.not_returned,
                "valid": self.valid, "invalid": self.invalid, "blank": self.blank,
                "mismatched": self.mismatched, "single": self.single, "problems": list(self.problems)}


@dataclass(frozen=True)
class AppraisalResults:
    appraisal_id: int | None  # None: no appraisal row yet (nothing entered)
    village_id: int
    village_name: str
    year: int
    date: str  # ISO date of the meeting, or ""
    status: str
    expected: int | None  # 应到
    present: int | None  # 实到
    thresholds: dict[str, int]  # grade → lowest total in tenths
    members: tuple[MemberResult, ...]  # tier order, then rank, then name
    grade_counts: dict[str, int]
    ballots: BallotSums
    sealed: bool = False
    seal_code: str = ""  # XXXX-XXXX-XXXX-XXXX, when sealed

    def to_json(self) -> dict:
        return {
            "village": self.village_name, "year": self.year, "date": self.date, "status": self.status,
            "expected": self.expected, "present": self.present,
            "thresholds": {grade: points(tenths) for grade, tenths in self.thresholds.items()},
            "members": [member.to_json() for member in self.members],
            "grade_counts": {grade: self.grade_counts.get(grade, 0) for grade in GRADES},
            "ballots": self.ballots.to_json(), "sealed": self.sealed, "seal_code": self.seal_code,
        }


def appraisal_for(village_id: int, year: int, *, create: bool = False):
    """The village's appraisal row for ``year`` (created when asked, else None if there is none)."""
    from lianhu_desktop.store.models import Appraisal

    found = Appraisal.get_or_none((Appraisal.village == village_id) & (Appraisal.year == year))
    if found is None and create:
        found = Appraisal.create(village=village_id, year=year)
    return found


def refuse_if_sealed(appraisal) -> None:
    """Every write to an appraisal's scores, ballots, tallies or scheme calls this first."""
    from lianhu_desktop.errors import ValidationError

    if appraisal is not None and appraisal.sealed_at is not None:
        raise ValidationError(f"{appraisal.year} 年度民主评议结果已于 {appraisal.sealed_at:%Y-%m-%d %H:%M} 封存，"
                              "不能再修改评分、测评票或考核方案")
