"""Finalising an appraisal: the seal over its results, checked later and against the paper.

When the branch finalises the year, the results are sealed: the automatic
items' points are stored as scores (with their computation), so that the
seal covers them and later records change nothing; then a SHA-256 over the
canonical results (the schemes and their versions, every score with its
reason or computation, the counted ballots and their sums, the thresholds,
rules, totals, grades and ranks) is stored with the time. From then on
every change to them is refused (``appraisal_types.refuse_if_sealed``).

The seal's code, its first 16 hex digits grouped for reading aloud
(``1A2B-3C4D-5E6F-7A8B``), is printed on the signed results sheet and the
公示; ``verify`` checks the database against the code on paper, and
``check_seals`` recomputes every seal (``lianhu check``): a result edited
behind the program's back (the database file changed by hand) no longer
matches. Members are named by uuid and the village by its uuid, so fixing a
typo in a name does not break the seal; the scores are what counts.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from lianhu_desktop.domain import audit
from lianhu_desktop.domain.appraisal_results import build_results, seal_code, village_of, year_data
from lianhu_desktop.domain.appraisal_types import AppraisalResults, appraisal_for, refuse_if_sealed
from lianhu_desktop.domain.schemes import unusable_message
from lianhu_desktop.domain.vocab import GRADES
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store import ballot_agreement
from lianhu_desktop.store.models import Appraisal, Score, Village, database, now

FORMAT = 1
SHOWN_PROBLEMS = 12


def _digest(results: AppraisalResults, appraisal: Appraisal, village: Village, in_use, rules) -> str:
    """SHA-256 (hex) of the canonical JSON of sealed results."""
    data = {
        "format": FORMAT,
        "village": village.uuid,
        "year": results.year,
        "sealed_at": str(appraisal.sealed_at or "")[:19],
        "date": results.date,
        "expected": results.expected,
        "present": results.present,
        "thresholds": results.thresholds,
        "rules": json.loads(rules.to_json()),
        "schemes": {tier: {"version": s.version, "items": [[i.name, i.max_tenths, i.source, i.rule]
                                                            for i in s.items]}
                    for tier, s in sorted(in_use.items())},
        "members": sorted(
            [m.uuid, m.tier, m.scheme_version,
             [[i.name, i.tenths, i.note, i.computation] for i in m.items],
             m.total_tenths, m.grade, m.rank,
             {kind: [counts.get(g, 0) for g in GRADES] for kind, counts in sorted(m.ballots_by_kind.items())}]
            for m in results.members),
        "ballots": {key: value for key, value in results.ballots.to_json().items() if key != "problems"},
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _recompute(appraisal: Appraisal) -> str:
    village = Village.get_by_id(appraisal.village_id)
    data = year_data(village, appraisal.year, datetime.date.today(), compare=True)
    return _digest(build_results(data), appraisal, village, data.in_use, data.rules)


def seal_problems(village_id: int, year: int, today: datetime.date | None = None) -> list[str]:
    """Why the year cannot be sealed yet (empty: it can), in Chinese."""
    village = village_of(village_id)
    data = year_data(village, year, today or datetime.date.today(), compare=True)
    if data.appraisal is None:
        return [f"{village.name} {year} 年度的民主评议还没有开始（还没有任何评分）"]
    if data.sealed:
        return [f"{year} 年度民主评议结果已于 {data.appraisal.sealed_at:%Y-%m-%d %H:%M} 封存"]
    results = build_results(data)
    problems = []
    if not results.members:
        problems.append(f"{year} 年度考核名单中没有党员")
    tiers = {m.tier for m in results.members}
    problems += [unusable_message(data.in_use[tier]) for tier in sorted(tiers) if not data.in_use[tier].usable]
    missing = [(m, [i.name for i in m.items if i.tenths is None]) for m in results.members if not m.complete]
    for member, names in missing[:SHOWN_PROBLEMS]:
        problems.append(f"{member.name}（{member.tier}）：{'、'.join(names)}尚未评分")
    if len(missing) > SHOWN_PROBLEMS:
        problems.append(f"……另有 {len(missing) - SHOWN_PROBLEMS} 名党员尚未评完")
    problems += [f"测评票：{problem}" for problem in results.ballots.problems]
    return problems


@dataclass(frozen=True)
class Sealed:
    village: str
    year: int
    digest: str
    sealed_at: datetime.datetime

    @property
    def code(self) -> str:
        return seal_code(self.digest)


def seal(village_id: int, year: int, today: datetime.date | None = None) -> Sealed:
    """Finalise the village's year: store the automatic points, seal the results, refuse changes from now on.

    Refused (nothing written) while an item is unscored, a scheme does not
    total 100 or a ballot sum check is broken; the message lists why.
    """
    today = today or datetime.date.today()
    village = village_of(village_id)
    with database.atomic():
        appraisal = appraisal_for(village_id, year)
        refuse_if_sealed(appraisal)
        # The agreement stored on the ballot rows made right first, so that what is shown from now on
        # (counted by it) is what the seal covers (counted by comparing the entries).
        if appraisal is not None:
            ballot_agreement.refresh(appraisal.id)
        problems = seal_problems(village_id, year, today)
        if problems:
            raise ValidationError("不能封存：\n" + "\n".join(f"· {p}" for p in problems))
        data = year_data(village, year, today, compare=True)
        results = build_results(data)
        stored = {(mid, iid): sid for sid, mid, iid in
                  Score.select(Score.id, Score.member, Score.item).where(Score.appraisal == appraisal.id).tuples()}
        for member in results.members:
            for item in member.items:
                if item.source == "手工":
                    continue
                score_id = stored.get((member.member_id, item.item_id))
                if score_id is None:
                    Score.create(appraisal=appraisal.id, member=member.member_id, item=item.item_id,
                                 tenths=item.tenths, computation=item.computation)
                else:
                    Score.update(tenths=item.tenths, computation=item.computation, note="", updated_at=now()) \
                        .where(Score.id == score_id).execute()
        appraisal.sealed_at = now()
        appraisal.status = "已封存"
        appraisal.save()
        digest = _recompute(appraisal)
        appraisal.seal = digest
        appraisal.save()
        counts = "，".join(f"{grade} {results.grade_counts[grade]} 名" for grade in GRADES)
        audit.record("封存民主评议结果", appraisal,
                     f"{village.name} {year} 年度民主评议结果封存：{len(results.members)} 名党员（{counts}），"
                     f"封存码 {seal_code(digest)}")
    return Sealed(village.name, year, digest, appraisal.sealed_at)


def normalise_code(code: str) -> str:
    """The 16 hex digits of a code as typed (spaces, dashes and case do not matter)."""
    digits = "".join(ch for ch in (code or "").upper() if ch not in " -－—\t")
    if len(digits) != 16 or any(ch not in "0123456789ABCDEF" for ch in digits):
        raise ValidationError(f"封存码应为 16 位数字和字母 A–F，如 1A2B-3C4D-5E6F-7A8B（现为“{code}”）",
                              field="code")
    return digits


@dataclass(frozen=True)
class Verification:
    village: str
    year: int
    given: str  # the code on paper, grouped
    sealed: str  # the code stored at sealing, grouped
    matches_paper: bool  # the stored seal is the one on paper
    intact: bool  # the results still match the stored seal

    @property
    def ok(self) -> bool:
        return self.matches_paper and self.intact

    @property
    def message(self) -> str:
        where = f"{self.village} {self.year} 年度民主评议结果"
        if self.ok:
            return f"{where}与纸面封存码 {self.given} 一致，封存后未被改动"
        if not self.matches_paper:
            return (f"{where}的封存码为 {self.sealed}，与纸面上的 {self.given} 不符："
                    "请核对是否抄错，或这份纸面结果不是本库封存的")
        return f"{where}的封存码与纸面一致，但数据库中的结果在封存后被改动过，已与封存时不符"


def verify(village_id: int, year: int, code: str) -> Verification:
    """Check the database against the code printed on the signed results sheet."""
    digits = normalise_code(code)
    village = village_of(village_id)
    appraisal = appraisal_for(village_id, year)
    if appraisal is None or appraisal.sealed_at is None or not appraisal.seal:
        raise NotFoundError(f"{village.name} {year} 年度民主评议结果尚未封存")
    given = seal_code(digits.lower())
    return Verification(village.name, year, given, seal_code(appraisal.seal),
                        appraisal.seal[:16].upper() == digits, _intact(appraisal))


def _intact(appraisal: Appraisal) -> bool:
    try:
        return _recompute(appraisal) == appraisal.seal
    except (ValidationError, ValueError, KeyError):  # a damaged rule or threshold no longer reads
        return False


def check_seals() -> list[dict]:
    """Every sealed appraisal with whether its results still match its seal (``lianhu check``)."""
    found = []
    villages = {village.id: village for village in Village.select()}
    query = Appraisal.select().where(Appraisal.sealed_at.is_null(False))
    for appraisal in sorted(query, key=lambda a: (villages[a.village_id].sort_order, a.village_id, a.year)):
        found.append({"village": villages[appraisal.village_id].name, "year": appraisal.year,
                      "code": seal_code(appraisal.seal) if appraisal.seal else "",
                      "sealed_at": str(appraisal.sealed_at)[:19],
                      "valid": bool(appraisal.seal) and _intact(appraisal)})
    return found



def broken_seal_problem(seal: dict) -> str:
    """What ``lianhu check`` says of a seal from ``check_seals`` that no longer matches."""
    return (f"{seal['village']} {seal['year']} 年度民主评议结果与封存码 {seal['code']} 不符："
            "封存后数据库中的评分、测评票或考核方案被改动过（可能有人直接修改了数据库文件），"
            "请用封存前的备份核对")
