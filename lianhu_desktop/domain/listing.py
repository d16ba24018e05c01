"""Lists the GUI shows as tables: which rows, in what order, with what values.

A list is described by a ``ListSpec``: its base table, the joins its columns
need, its columns (Chinese header, display expression, sort expression) and
its filters. ``ids()`` runs one SQL query that filters and sorts and returns
only row ids; ``rows()`` fetches the display values of one page of ids. The
GUI's table model holds the ids and asks for pages as they scroll into view,
so a list of 600,000 visits costs one id array, not 600,000 row objects.

No Qt here: the CLI and tests use the same functions. Every value a user
types reaches SQL as a bound parameter, never as SQL text.
"""

from __future__ import annotations

import datetime
import json
import re
from array import array
from dataclasses import dataclass, field
from typing import Any, Callable

from lianhu_desktop.domain import fields, probation
from lianhu_desktop.domain.labels import door_label_sql
from lianhu_desktop.domain.rules import active_household, active_link_count, active_member, join_active_link
from lianhu_desktop.domain.vocab import mask_to_duties
from lianhu_desktop.store import backend
from lianhu_desktop.store.models import database

SortKey = tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """One column: ``select`` is the display expression, ``sort`` the ORDER BY
    expression(s) (None: not sortable), ``needs`` the joins both use."""

    key: str
    header: str
    select: str
    sort: SortKey | None
    needs: tuple[str, ...] = ()
    width: int = 100
    format: Callable[[Any], Any] | None = None
    # A second expression handed to ``format`` with the value (a date's precision).
    detail: str = ""


@dataclass(frozen=True)
class Filter:
    """A named filter: ``where`` is an SQL condition using named parameters
    that ``params(value)`` supplies; ``needs`` the joins it uses."""

    where: str
    params: Callable[[Any], dict] = lambda value: {}
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListSpec:
    name: str
    noun: str  # counted thing for status lines, e.g. "名党员"
    table: str
    alias: str
    columns: tuple[Column, ...]
    joins: dict[str, str]
    village_column: str
    base_where: str = "1"
    default_sort: SortKey = ()
    # SQL condition for a search, given which kinds of text were typed.
    search: Callable[[str], str] | None = None
    filters: dict[str, Filter] = field(default_factory=dict)
    default_filters: dict[str, Any] = field(default_factory=dict)
    # Filters that set what the list is (a period, a year), not narrow it:
    # the "共 N" of a status line counts with them, without the others.
    scope_filters: tuple[str, ...] = ()
    # True when a join may repeat a base row (ids are then de-duplicated).
    may_repeat: bool = False
    # A row's text colour ("#RRGGBB") from its display values, or None (the list's tone).
    tone: Callable[[tuple], str | None] | None = None

    def column(self, key: str) -> int:
        """Index of the column called ``key``."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)


# ---------------------------------------------------------------- search text

_CJK = re.compile(r"[\u3400-\u9fff]")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_terms(text: str) -> dict[str, str] | None:
    """Normalised LIKE patterns for what the user typed, or None when empty.

    ``kinds`` tells which fields can match: Chinese characters match names,
    letters match pinyin keys, digits match phones, door and ID numbers.
    """
    text = "".join((text or "").split()).lower()
    # Full-width digits and letters (typed with a Chinese input method).
    text = "".join(chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in text)
    if not text:
        return None
    escaped = _like_escape(text)
    return {
        "s_contains": f"%{escaped}%",
        "s_prefix": f"{escaped}%",
        "kinds": ("cjk" if _CJK.search(text) else "")
        + ("alpha" if re.search(r"[a-z]", text) else "")
        + ("digit" if re.search(r"\d", text) else ""),
    }


def _person_match(alias: str, name: str, pinyin: str, initials: str, extra: tuple[str, ...],
                  kinds: str) -> str:
    """OR of the LIKE conditions that apply to a person's columns.

    The typed text is in lower case (``search_terms``), as the pinyin keys
    are: their match, and any match of a text without letters, cannot depend
    on case, and is written case-exact, and first (faster on a server, see
    ``backend.like``)."""
    exact = backend.like(database, exact=True)
    blind = exact if "alpha" not in kinds else backend.like(database, exact=False)
    parts = []
    if "alpha" in kinds:
        parts += [f"{alias}.{pinyin} {exact.format(':s_contains')}",
                  f"{alias}.{initials} {exact.format(':s_prefix')}"]
    parts.append(f"{alias}.{name} {blind.format(':s_contains')}")
    if "digit" in kinds or "alpha" in kinds:
        parts += [f"{alias}.{col} {blind.format(':s_contains')}" for col in extra]
    return "(" + " OR ".join(parts) + ")"


def _search_visits(kinds: str) -> str:
    # Match the member and the household in their own (small) tables first,
    # then take the visits of those ids through the visit indexes.
    member = _person_match("m", "name", "name_pinyin", "name_initials", ("phone",), kinds)
    household = _person_match("h", "head_name", "head_pinyin", "head_initials",
                              ("phone", "door_number"), kinds)
    return (f"(v.member_id IN (SELECT m.id FROM member m WHERE {member})"
            f" OR v.household_id IN (SELECT h.id FROM household h WHERE {household}))")


def _search_members(kinds: str) -> str:
    return _person_match("m", "name", "name_pinyin", "name_initials", ("phone", "id_number"), kinds)


def _search_households(kinds: str) -> str:
    return _person_match("h", "head_name", "head_pinyin", "head_initials",
                         ("phone", "door_number", "head_id_number"), kinds)


# ---------------------------------------------------------------- formatting

def _text(value) -> str:
    return "" if value is None else str(value)


def _duties(mask) -> str:
    return "、".join(mask_to_duties(mask or 0))


def _date_text(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else _text(value)


# ---------------------------------------------------------------- the lists

# The roster's 预备期 column: a probationary member's join date, shown as the
# day the year is up (and whether it is past).
_PROBATION = f"CASE WHEN m.membership = '{probation.PROBATIONARY}' THEN m.join_date END"
OVERDUE = "overdue"


def _probation_text(value) -> str:
    if value is None:
        return ""
    join = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
    return probation.probation_text(join)


def _membership_params(value) -> dict:
    if value == OVERDUE:
        return {"membership_value": probation.PROBATIONARY, "any_join": False,
                "probation_cutoff": probation.overdue_cutoff().isoformat()}
    return {"membership_value": value, "any_join": True, "probation_cutoff": None}


_VILLAGE = Column("village", "村", "vl.name", ("vl.sort_order", "vl.id"), ("vl",), 110)


def registry_columns(entity: fields.Entity, alias: str, computed: tuple[Column, ...]) -> tuple[Column, ...]:
    """A list's columns: those of the entity's fields that have a list column
    (``domain.fields``) and the list's own ``computed`` ones, in the entity's
    ``list_order``."""
    columns = {}
    for spec in entity.fields:
        shown = spec.list
        if shown is None:
            continue
        select = (shown.select or f"{{a}}.{spec.column}").format(a=alias)
        sort = None if shown.sort is None else tuple(
            term.format(a=alias) for term in (shown.sort or (select,)))
        key = shown.key or spec.key
        columns[key] = Column(key, shown.header or spec.label, select, sort, shown.needs, shown.width,
                              shown.format, shown.detail.format(a=alias))
    columns.update({column.key: column for column in computed})
    unplaced = set(columns) - set(entity.list_order)
    if unplaced:
        raise ValueError(f"list columns of {entity.key} missing from its list_order: {sorted(unplaced)}")
    return tuple(columns[key] for key in entity.list_order if key in columns)

MEMBERS = ListSpec(
    name="members", noun="名党员", table="member", alias="m", village_column="m.village_id",
    joins={
        "vl": 'JOIN village vl ON vl.id = m.village_id',
        "pg": 'LEFT JOIN party_group pg ON pg.id = m.party_group_id',
        "ps": 'LEFT JOIN post ps ON ps.id = m.post_id',
        "gr": 'LEFT JOIN grid gr ON gr.id = m.home_grid_id',
    },
    columns=registry_columns(fields.MEMBER, "m", (
        Column("links", "联户数", active_link_count(), (active_link_count(),), width=60),
        Column("probation", "预备期", _PROBATION, (_PROBATION,), width=170, format=_probation_text),
        Column("status", "状态",
               "CASE WHEN m.archived THEN '已归档：' || m.archive_reason"
               " || COALESCE('（' || m.archived_on || '）', '') ELSE '' END",
               ("m.archived", "m.archived_on"), width=190),
        _VILLAGE,
    )),
    default_sort=("vl.sort_order", "m.name_sort"),
    search=_search_members,
    filters={
        # The filter "archived" on: the list shows archived members too.
        "archived": Filter(f"({active_member()} OR :show_archived)",
                           lambda value: {"show_archived": bool(value)}),
        "tier": Filter("m.tier = :tier", lambda value: {"tier": value}),
        # Party group and post by name, so that the township view (all
        # villages) can show every "老龄党小组"; "" means none assigned.
        "party_group": Filter("(pg.name = :group_name OR (:group_name = '' AND m.party_group_id IS NULL))",
                              lambda value: {"group_name": value}, ("pg",)),
        "post": Filter("(ps.name = :post_name OR (:post_name = '' AND m.post_id IS NULL))",
                       lambda value: {"post_name": value}, ("ps",)),
        "residence": Filter("m.residence = :residence", lambda value: {"residence": value}),
        "committee": Filter("m.is_committee = :committee",
                            lambda value: {"committee": bool(value)}),
        # 正式党员, 预备党员, or OVERDUE: probationary more than a year after joining.
        "membership": Filter("(m.membership = :membership_value AND (:any_join"
                             " OR (m.join_date IS NOT NULL AND m.join_date < :probation_cutoff)))",
                             _membership_params),
    },
    default_filters={"archived": False},
    scope_filters=("archived",),
)

HOUSEHOLDS = ListSpec(
    name="households", noun="户", table="household", alias="h", village_column="h.village_id",
    joins={
        "vl": 'JOIN village vl ON vl.id = h.village_id',
        "gr": 'LEFT JOIN grid gr ON gr.id = h.grid_id',
        "lk": join_active_link("h", "lk"),
        "lm": 'LEFT JOIN member lm ON lm.id = lk.member_id',
    },
    columns=registry_columns(fields.HOUSEHOLD, "h", (
        Column("mode", "联户模式", "lk.mode", ("lk.mode",), ("lk",), 90),
        Column("status", "状态",
               "CASE WHEN h.archived THEN '已归档（' || h.archive_reason || '）' ELSE '' END",
               ("h.archived",), width=110),
        _VILLAGE,
    )),
    default_sort=("vl.sort_order", "gr.sort_order", "h.door_sort"),
    search=_search_households,
    filters={
        # The filter "archived" on: the list shows archived households too.
        "archived": Filter(f"({active_household()} OR :show_archived)",
                           lambda value: {"show_archived": bool(value)}),
        "linked": Filter("((lk.id IS NOT NULL) = :linked)",
                         lambda value: {"linked": bool(value)}, ("lk",)),
        "grid": Filter("h.grid_id = :grid", lambda value: {"grid": value}),
        # Grid None is written as 0: households not in any grid.
        "no_grid": Filter("h.grid_id IS NULL"),
        "tag": Filter("h.id IN (SELECT t.household_id FROM household_tag t WHERE t.tag = :tag)",
                      lambda value: {"tag": value}),
        "member": Filter("lk.member_id = :link_member", lambda value: {"link_member": value}, ("lk",)),
        # A given set of households (e.g. the ones a coverage finding names). The cast:
        # json_each's values are text on a server, which compares no text with an integer.
        "ids": Filter("h.id IN (SELECT CAST(value AS INTEGER) FROM json_each(:id_list))",
                      lambda value: {"id_list": json.dumps([int(i) for i in value])}),
    },
    default_filters={"archived": False},
    scope_filters=("archived",),
    may_repeat=True,
)


def _date_param(name: str) -> Callable[[Any], dict]:
    return lambda value: {name: value.isoformat() if isinstance(value, datetime.date) else value}


VISITS = ListSpec(
    name="visits", noun="条走访记录", table="visit", alias="v", village_column="v.village_id",
    joins={
        "vl": 'JOIN village vl ON vl.id = v.village_id',
        "vm": 'JOIN member vm ON vm.id = v.member_id',
        "vh": 'JOIN household vh ON vh.id = v.household_id',
        "vg": 'LEFT JOIN grid vg ON vg.id = vh.grid_id',
    },
    columns=(
        Column("date", "日期", "v.date", ("v.date",), width=100, format=_date_text),
        Column("member", "党员", "vm.name", ("vm.name_sort",), ("vm",), 80),
        Column("head_name", "户主", "vh.head_name", ("vh.head_sort",), ("vh",), 80),
        # Every grid has a 1号: the door is named with its grid (labels.door_label).
        Column("door_number", "门牌号", door_label_sql("vg.name", "vh.door_number"),
               ("vg.sort_order", "vh.door_sort"), ("vh", "vg"), 100),
        Column("form", "形式", "v.form", ("v.form",), width=80),
        Column("duties", "职责", "v.duties", None, width=170, format=_duties),
        Column("content", "内容", "v.content", None, width=360),
        _VILLAGE,
    ),
    default_sort=("v.date DESC",),
    search=_search_visits,
    filters={
        "since": Filter("v.date >= :since", _date_param("since")),
        "until": Filter("v.date <= :until", _date_param("until")),
        "member": Filter("v.member_id = :member", lambda value: {"member": value}),
        "household": Filter("v.household_id = :household", lambda value: {"household": value}),
        "grid": Filter("v.household_id IN (SELECT gh.id FROM household gh WHERE gh.grid_id = :grid)",
                       lambda value: {"grid": value}),
        "form": Filter("v.form = :form", lambda value: {"form": value}),
        # A duty's bit (vocab.DUTIES order); & is bitwise on SQLite and PostgreSQL alike.
        "duty": Filter("(v.duties & :duty_bit) <> 0", lambda value: {"duty_bit": 1 << int(value)}),
    },
    scope_filters=("since", "until"),
)

SPECS = {spec.name: spec for spec in (MEMBERS, HOUSEHOLDS, VISITS)}


# ---------------------------------------------------------------- queries

def _joins_sql(spec: ListSpec, needed: set[str]) -> str:
    # Keep the spec's join order: later joins may refer to earlier ones.
    return " ".join(sql for key, sql in spec.joins.items() if key in needed)


def _where(spec: ListSpec, village_id: int | None, search: str,
           filters: dict | None) -> tuple[list[str], dict, set[str]]:
    conditions, params, needs = [], {}, set()
    merged = {**spec.default_filters, **(filters or {})}
    if spec.base_where != "1":
        conditions.append(spec.base_where)
    if village_id is not None:
        conditions.append(f"{spec.village_column} = :village")
        params["village"] = int(village_id)
    for key, value in merged.items():
        if key not in spec.filters:
            raise ValueError(f"unknown filter {key!r} for list {spec.name}")
        if value is None:
            continue
        flt = spec.filters[key]
        conditions.append(flt.where)
        params.update(flt.params(value))
        needs.update(flt.needs)
    terms = search_terms(search) if spec.search is not None else None
    if terms is not None:
        conditions.append(spec.search(terms.pop("kinds")))
        params.update(terms)
    return conditions, params, needs


def _order_by(spec: ListSpec, sort_column: int, descending: bool) -> tuple[list[str], set[str]]:
    if 0 <= sort_column < len(spec.columns) and spec.columns[sort_column].sort:
        column = spec.columns[sort_column]
        direction = " DESC" if descending else ""
        terms = [f"{expr}{direction}" for expr in column.sort]
        needs = set(column.needs)
    else:
        terms = list(spec.default_sort)
        needs = {key for key in spec.joins if any(t.startswith(key + ".") for t in terms)}
        descending = bool(terms) and terms[0].endswith(" DESC")
    # The id tie-break makes the order stable between pages and refreshes.
    terms.append(f"{spec.alias}.id" + (" DESC" if descending else ""))
    return terms, needs


def _repeats(spec: ListSpec, needs: set[str]) -> bool:
    """Whether the joins ``needs`` may give a base row more than once."""
    return spec.may_repeat and "lk" in needs


def ids(spec: ListSpec, village_id: int | None = None, search: str = "", sort_column: int = -1,
        descending: bool = False, filters: dict | None = None, *, limit: int | None = None,
        offset: int = 0, from_end: bool = False) -> array:
    """The ids of the rows that match, in display order, from one SQL query.

    ``sort_column`` < 0 (or a column that cannot be sorted) means the list's
    default order. ``limit`` and ``offset`` give one stretch of them (a
    township's year of visits is 600,000 ids; the list shows a few pages);
    ``from_end`` counts the offset from the end of the list (the same ids, in
    the same order: SQLite reads the stretch in the reverse order, which
    saves stepping over every row before it).
    """
    conditions, params, needs = _where(spec, village_id, search, filters)
    order, sort_needs = _order_by(spec, sort_column, descending)
    needs |= sort_needs
    if from_end and limit is not None and not _repeats(spec, needs):
        reversed_order = [t.removesuffix(" DESC") if t.endswith(" DESC") else f"{t} DESC" for t in order]
        sql = (f"SELECT {spec.alias}.id FROM {spec.table} {spec.alias} {_joins_sql(spec, needs)}"
               f" WHERE {' AND '.join(conditions) or '1 = 1'} ORDER BY {', '.join(reversed_order)}"
               " LIMIT :limit OFFSET :offset")
        cursor = database.execute_sql(sql, {**params, "limit": int(limit), "offset": int(offset)})
        found = array("q", (row_id for (row_id,) in cursor))
        found.reverse()
        return found
    sql = (f"SELECT {spec.alias}.id FROM {spec.table} {spec.alias} {_joins_sql(spec, needs)}"
           f" WHERE {' AND '.join(conditions) or '1 = 1'} ORDER BY {', '.join(order)}")
    repeats = _repeats(spec, needs)
    if limit is not None and not repeats:
        sql += " LIMIT :limit OFFSET :offset"
        params = {**params, "limit": int(limit), "offset": int(offset)}
    cursor = database.execute_sql(sql, params)
    # Unpacking from the cursor is the fastest way from SQLite into an array.
    result = array("q", (row_id for (row_id,) in cursor))
    if repeats:
        result = array("q", dict.fromkeys(result))
        if limit is not None:  # repeated rows are only told apart here
            start = len(result) - offset - limit if from_end else offset
            result = result[max(start, 0):max(start + limit, 0)]
    return result


def first_ids_and_count(spec: ListSpec, village_id: int | None, search: str, sort_column: int,
                        descending: bool, filters: dict | None, limit: int) -> tuple[array, int]:
    """The first ``limit`` ids in display order and how many rows match, from one scan.

    For a typed search, which SQLite (or the server) answers by reading every row of the
    village anyway: ``COUNT(*) OVER ()`` counts the rows the scan found before the sort's
    ``LIMIT`` takes the first of them, where ``ids`` and then ``count`` scan twice (the township's
    50,000 households, searching "wang": 53 → 30 ms; medians of 7). Without a search, the list's
    order often comes from an index and ``ids`` stops after ``limit`` rows: use it and ``count``."""
    conditions, params, needs = _where(spec, village_id, search, filters)
    order, sort_needs = _order_by(spec, sort_column, descending)
    needs |= sort_needs
    if _repeats(spec, needs):
        first = ids(spec, village_id, search, sort_column, descending, filters, limit=limit)
        return first, (len(first) if len(first) < limit else count(spec, village_id, filters, search))
    sql = (f"SELECT {spec.alias}.id, COUNT(*) OVER () FROM {spec.table} {spec.alias} {_joins_sql(spec, needs)}"
           f" WHERE {' AND '.join(conditions) or '1 = 1'} ORDER BY {', '.join(order)} LIMIT :limit")
    found = database.execute_sql(sql, {**params, "limit": int(limit)}).fetchall()
    return array("q", (row_id for row_id, _ in found)), (found[0][1] if found else 0)


def count(spec: ListSpec, village_id: int | None = None, filters: dict | None = None, search: str = "") -> int:
    """How many rows match the village, ``filters`` and ``search`` (by default none).

    Without a join that repeats rows this is a plain ``COUNT(*)``, which SQLite
    answers from an index (the visits' village and date) without the rows."""
    conditions, params, needs = _where(spec, village_id, search, filters)
    counted = f"DISTINCT {spec.alias}.id" if _repeats(spec, needs) else "*"
    sql = (f"SELECT COUNT({counted}) FROM {spec.table} {spec.alias}"
           f" {_joins_sql(spec, needs)} WHERE {' AND '.join(conditions) or '1 = 1'}")
    return database.execute_sql(sql, params).fetchone()[0]


def rows(spec: ListSpec, row_ids, filters: dict | None = None) -> dict[int, tuple]:
    """Display values of the rows ``row_ids`` (one page), keyed by id.

    Values come in column order, already formatted for display (dates as
    ``YYYY-MM-DD``, duties as Chinese words, points as ``99.5``).
    """
    row_ids = [int(i) for i in row_ids]
    if not row_ids:
        return {}
    params = {f"i{n}": value for n, value in enumerate(row_ids)}
    merged = {**spec.default_filters, **(filters or {})}
    for key, value in merged.items():
        if key in spec.filters and value is not None:
            params.update(spec.filters[key].params(value))
    needs = {need for column in spec.columns for need in column.needs}
    select = ", ".join(column.select for column in spec.columns)
    details = [column.detail for column in spec.columns if column.detail]
    if details:
        select += ", " + ", ".join(details)
    placeholders = ", ".join(f":i{n}" for n in range(len(row_ids)))
    sql = (f"SELECT {spec.alias}.id, {select} FROM {spec.table} {spec.alias}"
           f" {_joins_sql(spec, needs)} WHERE {spec.alias}.id IN ({placeholders})")
    formats = [column.format for column in spec.columns]
    width = len(spec.columns)
    # Where each column's detail value sits in a record (after the columns).
    detail_at = {}
    for index, column in enumerate(spec.columns):
        if column.detail:
            detail_at[index] = 1 + width + len(detail_at)
    result = {}
    for record in database.execute_sql(sql, params).fetchall():
        if record[0] in result:
            continue
        values = []
        for index, (fmt, value) in enumerate(zip(formats, record[1:width + 1])):
            if index in detail_at:
                values.append(fmt(value, record[detail_at[index]]))
            else:
                values.append(fmt(value) if fmt else ("" if value is None else value))
        result[record[0]] = tuple(values)
    return result
