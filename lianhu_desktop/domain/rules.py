"""The shared rules of what counts, written once: for SQL text and for peewee.

- **An active link** is one without an end date (``end_date IS NULL``): a
  household has at most one (a partial unique index holds it), and ending a
  link keeps it as history.
- **An active member or household** is one not archived: archived rows stay
  for the records but are off the roster, the lists and the printouts.
- **Visited this month**: some visit to the household is dated within the
  calendar month of the given day (the 一次 of 一牌一册一次一会一评). For a
  member's compliance (``domain.compliance``) the visit must be the linked
  member's, made while the link stood (``visit_while_linked``), and the link
  and household must count for the month (``link_overlaps``,
  ``household_on_books_from``).

Queries are mostly hand-written SQL, so the rules are SQL fragments taking
the query's table aliases; ORM code uses the peewee expressions. Fragments,
not SQL views: a view would hide the alias the planner needs to reach the
partial index on active links, would need a migration and a model of its
own, and on PostgreSQL must be re-created whenever its table gains a column.
Booleans are compared with TRUE/FALSE, which SQLite (3.23+) and PostgreSQL
both read; ``archived = 0`` fails on PostgreSQL's boolean columns.
"""

from __future__ import annotations

import datetime

from peewee import Expression

from lianhu_desktop.store.models import Household, Link, Member

# --- SQL fragments ------------------------------------------------------------------


def active_link(link: str = "l") -> str:
    """The link row ``link`` still stands."""
    return f"{link}.end_date IS NULL"


def active_member(member: str = "m") -> str:
    """The member row ``member`` is on the roster (not archived)."""
    return f"{member}.archived = FALSE"


def active_household(household: str = "h") -> str:
    """The household row ``household`` is on the books (not archived)."""
    return f"{household}.archived = FALSE"


def archived(alias: str) -> str:
    """The member or household row ``alias`` is archived."""
    return f"{alias}.archived = TRUE"


def join_active_link(household: str = "h", link: str = "l", join: str = "LEFT JOIN") -> str:
    """Join each household row to its active link (``join`` e.g. ``JOIN``, ``CROSS JOIN``)."""
    return f"{join} link {link} ON {link}.household_id = {household}.id AND {active_link(link)}"


def active_link_count(member: str = "m", link: str = "l") -> str:
    """How many households the member row ``member`` links now (households archived or not)."""
    return f"(SELECT COUNT(*) FROM link {link} WHERE {link}.member_id = {member}.id AND {active_link(link)})"


def has_active_link(household: str = "h", link: str = "l") -> str:
    """The household row ``household`` has an active link."""
    return f"EXISTS (SELECT 1 FROM link {link} WHERE {link}.household_id = {household}.id AND {active_link(link)})"


def visited_in_month(household: str = "h", visit: str = "vm") -> str:
    """The household row ``household`` has a visit in the month: bind ``month_bounds(day)``, in order."""
    return (f"EXISTS (SELECT 1 FROM visit {visit} WHERE {visit}.household_id = {household}.id"
            f" AND {visit}.date >= ? AND {visit}.date < ?)")


def link_overlaps(link: str = "l") -> str:
    """The link row stood some time in a period [start, end): bind the period's end, then its start.

    A link's end date is the first day it no longer stands.
    """
    return f"{link}.start_date < ? AND ({link}.end_date IS NULL OR {link}.end_date > ?)"


def household_on_books_from(household: str = "h") -> str:
    """The household row counts for a period: not archived, or archived on or after its first day (bind it)."""
    return f"({household}.archived = FALSE OR {household}.archived_on >= ?)"


def member_on_roll_from(member: str = "m") -> str:
    """The member row counts for a period: not archived, or archived on or after its first day (bind it)."""
    return f"({member}.archived = FALSE OR {member}.archived_on >= ?)"


def visit_while_linked(visit: str = "v", link: str = "l") -> str:
    """The visit row falls while the link row stood (the 一次 of that link)."""
    return f"{visit}.date >= {link}.start_date AND ({link}.end_date IS NULL OR {visit}.date < {link}.end_date)"


def link_allows_visit(link: str = "l", visit: str = "v") -> str:
    """The link row makes the visit row one within the member's links: it stands now,
    or it stood on the visit's day (``domain.visits``; a visit outside them is marked so)."""
    return (f"({active_link(link)} OR ({link}.start_date <= {visit}.date AND {link}.end_date > {visit}.date))")


def request_raised_on(request: str = "r") -> str:
    """The day the request row was raised: its own 提出日期, else its visit's day, else the day it was entered.

    Requests recorded before 提出日期 was kept have only the latter two."""
    return (f"COALESCE({request}.raised_on, (SELECT rv.date FROM visit rv WHERE rv.id = {request}.visit_id), "
            f"{request}.created_at)")


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first day of ``day``'s month and the first day of the next."""
    start = day.replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following


# --- peewee expressions -------------------------------------------------------------


def link_is_active() -> Expression:
    """``Link`` rows that still stand."""
    return Link.end_date.is_null()


def member_is_active() -> Expression:
    """``Member`` rows on the roster."""
    return Member.archived == False  # noqa: E712  (peewee builds SQL from ==)


def link_allows_visit_on(day: datetime.date) -> Expression:
    """``Link`` rows that make a visit on ``day`` one within the member's links (``link_allows_visit``)."""
    return link_is_active() | ((Link.start_date <= day) & (Link.end_date > day))


def household_is_active() -> Expression:
    """``Household`` rows on the books."""
    return Household.archived == False  # noqa: E712  (peewee builds SQL from ==)
