"""Commitments (承诺, seeds 001 and 002 §3.5): each member's public pledges for a year.

A member commits to 1–5 concrete things a year, each with its content,
deadline and quality standard, posted for the village (承诺公示) and checked
at year end. ``clean_commitment`` checks a commitment's own fields (the
import calls it for every row); ``save_commitment`` adds what needs the
database and writes. ``count_warnings`` names the members outside 1–5.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from lianhu_desktop.domain import fields, rules, vocab
from lianhu_desktop.errors import NotFoundError, ValidationError, ValidationErrors
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import Commitment, Member, database

ENTITY = fields.COMMITMENT


@dataclass
class CommitmentData:
    """Every field of a commitment the dialog edits."""

    member_id: int | None = None
    year: int | None = None
    content: str = ""
    deadline: datetime.date | None = None
    quality_standard: str = ""
    status: str = vocab.COMMITMENT_STATUSES[0]
    result: str = ""


@dataclass(frozen=True)
class CommitmentRow:
    """One line of the commitments list."""

    id: int
    member_id: int
    member_name: str
    party_group: str
    year: int
    content: str
    deadline: datetime.date | None
    quality_standard: str
    status: str
    result: str


@dataclass(frozen=True)
class CountWarning:
    """A member outside the 1–5 commitments of seed 002 §3.5 for the year."""

    member_id: int
    member_name: str
    count: int

    @property
    def message(self) -> str:
        if self.count < vocab.COMMITMENTS_MIN:
            return (f"{self.member_name}本年度还没有公开承诺"
                    f"（每人每年 {vocab.COMMITMENTS_MIN}–{vocab.COMMITMENTS_MAX} 项）")
        return f"{self.member_name}本年度有 {self.count} 项承诺，超过 {vocab.COMMITMENTS_MAX} 项"


def clean_commitment(data: CommitmentData | dict) -> dict:
    """Model column → value for a commitment's own fields; every refusal at once.

    The member is checked by ``save_commitment`` (it needs the database)."""
    values = dataclasses.asdict(data) if isinstance(data, CommitmentData) else dict(data)
    errors: list[ValidationError] = []
    cleaned = fields.clean_fields(ENTITY, values, errors, skip=("member_id",))
    year, deadline = cleaned.get("year"), cleaned.get("deadline")
    if year is not None and deadline is not None and deadline.year < year:
        errors.append(ValidationError(f"完成时限（{deadline:%Y年%m月%d日}）早于承诺年度 {year} 年",
                                      field="deadline"))
    if errors:
        raise ValidationErrors(errors)
    return cleaned


def _member(member_id) -> Member:
    if member_id is None:
        raise ValidationError("请选择承诺的党员", field="member_id")
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        raise NotFoundError("找不到该党员，可能已被删除", field="member_id")
    return member


def save_commitment(data: CommitmentData, commitment_id: int | None = None,
                    loaded: Loaded | None = None) -> Commitment:
    """Create (``commitment_id`` None) or update a commitment; bad input changes nothing,
    nor does a save of a commitment someone else saved since ``loaded`` (``StaleRecord``)."""
    cleaned = clean_commitment(data)
    member = _member(data.member_id)
    with database.atomic():
        if commitment_id is None:
            if member.archived:
                raise ValidationError(f"{member.name}已归档，不能再登记承诺", field="member_id")
            return Commitment.create(member=member.id, **cleaned)
        row = Commitment.get_or_none(Commitment.id == commitment_id)
        if row is None:
            raise NotFoundError("找不到这项承诺，可能已被删除")
        row.member = member.id
        for key, value in cleaned.items():
            setattr(row, key, value)
        rowversion.expect(row, loaded).save()
        return row


def load_commitment(commitment_id: int) -> Loaded:
    """The commitment's version and values now, for the dialog to save against."""
    return rowversion.load(Commitment, commitment_id, "找不到这项承诺，可能已被删除")


def commitment_data(commitment_id: int) -> CommitmentData:
    """The stored commitment as the dialog edits it."""
    row = Commitment.get_or_none(Commitment.id == commitment_id)
    if row is None:
        raise NotFoundError("找不到这项承诺，可能已被删除")
    return CommitmentData(row.member_id, row.year, row.content, row.deadline, row.quality_standard,
                          row.status, row.result)


def delete_commitment(commitment_id: int, loaded: Loaded | None = None) -> None:
    """Delete one commitment (the change log keeps what it said); not one
    someone else changed since ``loaded``."""
    with database.atomic():
        if not Commitment.select().where(Commitment.id == commitment_id).exists():
            raise NotFoundError("这项承诺已被删除（可能是其他用户刚删除的），无需再删")
        rowversion.claim(Commitment, commitment_id, loaded)
        Commitment.delete().where(Commitment.id == commitment_id).execute()


def list_commitments(village_id: int | None, year: int, member_id: int | None = None,
                     status: str | None = None) -> list[CommitmentRow]:
    """The year's commitments of a village's members (all villages when None), member by member."""
    clauses, params = ["c.year = ?"], [year]
    if village_id is not None:
        clauses.append("m.village_id = ?")
        params.append(village_id)
    if member_id is not None:
        clauses.append("m.id = ?")
        params.append(member_id)
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    rows = database.execute_sql(
        "SELECT c.id, m.id, m.name, COALESCE(pg.name, ''), c.year, c.content, c.deadline, "
        "c.quality_standard, c.status, c.result FROM commitment c JOIN member m ON m.id = c.member_id "
        "LEFT JOIN party_group pg ON pg.id = m.party_group_id "
        f"WHERE {' AND '.join(clauses)} ORDER BY m.name_sort, m.id, c.deadline, c.id", params)
    return [CommitmentRow(*row[:6], _as_date(row[6]), *row[7:]) for row in rows]


def count_warnings(village_id: int, year: int) -> list[CountWarning]:
    """The village's members on the roster with no commitment or more than five for ``year``."""
    rows = database.execute_sql(
        "SELECT m.id, m.name, (SELECT COUNT(*) FROM commitment c WHERE c.member_id = m.id AND c.year = ?) "
        f"FROM member m WHERE m.village_id = ? AND {rules.active_member()} ORDER BY m.name_sort, m.id",
        [year, village_id])
    return [CountWarning(mid, name, count) for mid, name, count in rows
            if count < vocab.COMMITMENTS_MIN or count > vocab.COMMITMENTS_MAX]


def _as_date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])
