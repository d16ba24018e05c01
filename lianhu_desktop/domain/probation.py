"""The probationary year (预备期): when it is up, and who is still probationary after it.

A probationary member (预备党员) becomes a full member (正式党员) when the
year from the join date (入党日期) is up and the branch agrees; the day is the
转正日期. The rules every entry of the roster (dialog, import) obeys:

* 转正日期 is not in the future, not before 入党日期, and not before the
  probationary year is up (the year cannot be shortened);
* a 预备党员 has no 转正日期 yet (one with a 转正日期 is a 正式党员);
* a 正式党员 has been a member for a year at least (a member who joined
  less than a year ago is still probationary).

A member still probationary more than a year after joining is overdue: the
branch should decide on the conversion (or record the extension). The roster
filters them and ``lianhu check`` counts them.
"""

from __future__ import annotations

import datetime

from lianhu_desktop.domain.normalise import MonthDate, date_text
from lianhu_desktop.errors import ValidationError

PROBATIONARY, FULL = "预备党员", "正式党员"


def probation_end(join: datetime.date | None) -> datetime.date | None:
    """The day the probationary year is up: the join date one year on (29 February: 1 March).
    A month-only join date (stored as the 1st) gives the 1st of its month."""
    if join is None:
        return None
    try:
        return datetime.date(join.year + 1, join.month, join.day)
    except ValueError:
        return datetime.date(join.year + 1, 3, 1)


def overdue_cutoff(today: datetime.date | None = None) -> datetime.date:
    """A probationary member who joined before this day is overdue (more than a year ago)."""
    today = today or datetime.date.today()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return datetime.date(today.year - 1, 2, 28)


def is_overdue(membership: str, join: datetime.date | None, today: datetime.date | None = None) -> bool:
    """Still probationary more than a year after joining."""
    return membership == PROBATIONARY and join is not None and join < overdue_cutoff(today)


def _months(value: datetime.date) -> int:
    return value.year * 12 + value.month


def check_probation(membership: str, join, confirm, today: datetime.date | None = None) -> list[ValidationError]:
    """Every refusal of the rules above (field ``confirm_date`` or ``membership``)."""
    today = today or datetime.date.today()
    errors = []
    if confirm is not None:
        shown = date_text(confirm)
        month_only = isinstance(confirm, MonthDate) or isinstance(join, MonthDate)
        if confirm > today:
            errors.append(ValidationError(f"转正日期不能晚于今天：{shown}", field="confirm_date"))
        elif join is not None:
            end = probation_end(join)
            early = (_months(confirm) < _months(join)) if month_only else confirm < join
            short = (_months(confirm) < _months(end)) if month_only else confirm < end
            if early:
                errors.append(ValidationError(
                    f"转正日期（{shown}）早于入党时间（{date_text(join)}），请核对", field="confirm_date"))
            elif short:
                errors.append(ValidationError(
                    f"预备期为一年：转正日期（{shown}）不能早于入党满一年之日（{date_text(end)}），请核对",
                    field="confirm_date"))
        if membership == PROBATIONARY:
            errors.append(ValidationError(
                "预备党员尚未转正，不能填写转正日期；已经转正的，党员身份请选“正式党员”", field="membership"))
    if membership == FULL and join is not None and confirm is None and probation_end(join) > today:
        errors.append(ValidationError(
            f"入党不满一年（入党时间 {date_text(join)}，{date_text(probation_end(join))} 预备期满），"
            "只能是预备党员，请核对党员身份", field="membership"))
    return errors


def probation_text(join, today: datetime.date | None = None) -> str:
    """What the roster shows of a probationary member: when the year is (or was) up."""
    end = probation_end(join)
    if end is None:
        return "入党时间不详"
    today = today or datetime.date.today()
    if join < overdue_cutoff(today):
        return f"{end:%Y-%m-%d} 已满，尚未转正"
    if end <= today:
        return f"{end:%Y-%m-%d} 期满"
    return f"{end:%Y-%m-%d} 期满（还有 {(end - today).days} 天）"


def overdue_members(village_id: int | None = None, today: datetime.date | None = None) -> list[dict]:
    """Active members still probationary more than a year after joining, oldest join first:
    village, name, join date and the day the year was up (ISO text)."""
    from lianhu_desktop.domain.rules import member_is_active
    from lianhu_desktop.store.models import Member, Village

    query = (Member.select(Village.name, Member.name, Member.join_date).join(Village)
             .where(member_is_active() & (Member.membership == PROBATIONARY)
                    & Member.join_date.is_null(False) & (Member.join_date < overdue_cutoff(today)))
             .order_by(Member.join_date, Member.name_sort))
    if village_id is not None:
        query = query.where(Member.village == village_id)
    return [{"village": village, "name": name, "join_date": join.isoformat(),
             "probation_end": probation_end(join).isoformat()}
            for village, name, join in query.tuples()]
