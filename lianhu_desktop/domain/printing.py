"""What each printout shows: scopes, print settings and door-plate rows.

The builders in ``reports`` draw plain rows; this module gathers them from
the database. A ``Scope`` says which village, grid or member a printout is
for (and, for door plates, only what changed since the last print). Print
settings (plate title, service items, useful phone numbers) live in the
``Setting`` table, per village with a database-wide fallback. The rows of the
handbooks, contact book, cards and notices are in ``domain.printrows``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from lianhu_desktop.domain.rules import active_household, join_active_link, member_is_active
from lianhu_desktop.domain.villages import find_village, list_villages
from lianhu_desktop.domain.vocab import DUTIES
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import Grid, Member, Setting, Village, database

DEFAULT_PLATE_TITLE = "党员联户工作牌"
PLEDGE = "我是共产党员，有困难请找我"
DEFAULT_USEFUL_NUMBERS = (
    ("报警", "110"), ("火警", "119"), ("急救", "120"), ("交通事故", "122"),
    ("政务服务便民热线", "12345"), ("消费者投诉举报", "12315"), ("法律援助", "12348"),
    ("供电服务", "95598"), ("生态环境举报", "12369"), ("森林草原火警", "12119"),
)

PLATE_TITLE_KEY = "print.plate_title"
SERVICE_ITEMS_KEY = "print.service_items"
USEFUL_NUMBERS_KEY = "print.useful_numbers"


# --- scope ------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """Which part of the data a printout covers. ``village_id`` None: every village.

    Also for when (``year``, ``month``) and, for numbered forms such as the
    ballots, how many copies from which serial number.
    """

    village_id: int | None = None
    grid_id: int | None = None
    member_id: int | None = None
    changed_only: bool = False
    year: int = 0
    household_id: int | None = None  # one household's door plate
    # The first day of the month a monthly report covers (None: this month).
    month: datetime.date | None = None
    copies: int = 0  # 0: the document's own default
    start: int = 1  # the first serial number

    @property
    def print_year(self) -> int:
        return self.year or datetime.date.today().year

    @property
    def print_month(self) -> datetime.date:
        return self.month or datetime.date.today().replace(day=1)


def resolve_scope(village: str | None = None, grid: str | None = None, member: str | None = None,
                  changed_only: bool = False, year: int = 0, month: datetime.date | None = None,
                  copies: int = 0, start: int = 1) -> Scope:
    """A scope from names typed by a user; the village defaults to the only one."""
    if village:
        village_row = find_village(village)
    else:
        villages = list_villages()
        if not villages:
            raise NotFoundError("数据库中还没有村，请先建村或导入数据")
        if len(villages) > 1:
            names = "、".join(v.name for v in villages)
            raise ValidationError(f"数据库中有 {len(villages)} 个村，请用 --village 指定其中一个：{names}")
        village_row = Village.get_by_id(villages[0].id)
    grid_id = member_id = None
    if grid:
        found = Grid.get_or_none((Grid.village == village_row.id) & (Grid.name == grid.strip()))
        if found is None:
            known = "、".join(g.name for g in Grid.select(Grid.name).where(Grid.village == village_row.id)
                             .order_by(Grid.sort_order, Grid.id)) or "（无网格）"
            raise NotFoundError(f"{village_row.name}没有名为“{grid}”的网格。现有：{known}")
        grid_id = found.id
    if member:
        matches = list(Member.select(Member.id).where(
            (Member.village == village_row.id) & (Member.name == member.strip()) & member_is_active()))
        if not matches:
            raise NotFoundError(f"{village_row.name}没有名为“{member}”的在册党员")
        if len(matches) > 1:
            raise ValidationError(f"{village_row.name}有 {len(matches)} 名党员都叫“{member}”，请在界面中选择")
        member_id = matches[0].id
    if year and not 2000 <= year <= 2100:
        raise ValidationError(f"年份不合理：{year}")
    return Scope(village_row.id, grid_id, member_id, changed_only, year, month=month, copies=copies, start=start)


# --- settings ---------------------------------------------------------------------

def _scope_key(village_id: int | None) -> str:
    if village_id is None:
        return ""
    return Village.select(Village.uuid).where(Village.id == village_id).scalar() or ""


def _get(village_id: int | None, key: str) -> str | None:
    for scope in dict.fromkeys((_scope_key(village_id), "")):
        value = Setting.select(Setting.value).where((Setting.scope == scope) & (Setting.key == key)).scalar()
        if value is not None:
            return value
    return None


def _set(village_id: int | None, key: str, value: str | None) -> None:
    scope = _scope_key(village_id)
    with database.atomic():
        Setting.delete().where((Setting.scope == scope) & (Setting.key == key)).execute()
        if value is not None:
            Setting.create(scope=scope, key=key, value=value)


def get_plate_title(village_id: int | None = None) -> str:
    """The door plate's title (default 党员联户工作牌)."""
    return (_get(village_id, PLATE_TITLE_KEY) or "").strip() or DEFAULT_PLATE_TITLE


def set_plate_title(village_id: int | None, title: str | None) -> None:
    """Set the plate title for a village (None: database-wide); empty or None restores the default."""
    title = (title or "").strip()
    if len(title) > 20:
        raise ValidationError("工作牌标题最多 20 个字", field="plate_title")
    _set(village_id, PLATE_TITLE_KEY, title or None)


def get_service_items(village_id: int | None = None) -> list[str]:
    """The service items on plates and cards (default: the eight duties, 八个到位)."""
    raw = _get(village_id, SERVICE_ITEMS_KEY)
    items = [str(item).strip() for item in json.loads(raw)] if raw else []
    return [item for item in items if item] or list(DUTIES)


def set_service_items(village_id: int | None, items) -> None:
    """Set the service items; an empty list restores the eight duties."""
    items = [str(item).strip() for item in items or () if str(item).strip()]
    if len(items) > 16:
        raise ValidationError("服务事项最多 16 项", field="service_items")
    _set(village_id, SERVICE_ITEMS_KEY, json.dumps(items, ensure_ascii=False) if items else None)


def get_useful_numbers(village_id: int | None = None) -> list[tuple[str, str]]:
    """(name, number) pairs for the contact book's page of useful numbers."""
    raw = _get(village_id, USEFUL_NUMBERS_KEY)
    if raw:
        return [(str(name), str(number)) for name, number in json.loads(raw)]
    return list(DEFAULT_USEFUL_NUMBERS)


def set_useful_numbers(village_id: int | None, pairs) -> None:
    """Set the useful numbers as (name, number) pairs; None restores the defaults."""
    if pairs is None:
        _set(village_id, USEFUL_NUMBERS_KEY, None)
        return
    cleaned = []
    for name, number in pairs:
        name, number = str(name).strip(), str(number).strip()
        if not name or not number:
            raise ValidationError("常用电话的名称和号码都要填写", field="useful_numbers")
        cleaned.append((name, number))
    _set(village_id, USEFUL_NUMBERS_KEY, json.dumps(cleaned, ensure_ascii=False))


# --- door plates ------------------------------------------------------------------

class PlateRow(NamedTuple):
    """One door plate's variable content."""

    household_id: int
    village_id: int
    head_name: str
    door_number: str
    grid_name: str
    member_name: str
    member_phone: str
    party_group: str
    post: str


class PlateStatic(NamedTuple):
    """What every plate of a village shares."""

    title: str
    service_items: tuple[str, ...]
    branch_name: str
    supervision_phone: str
    year: int
    pledge: str = PLEDGE


_PLATES_SQL = f"""
SELECT h.id, h.village_id, h.head_name, h.door_number, COALESCE(g.name, ''),
       m.name, m.phone, COALESCE(pg.name, ''), COALESCE(p.name, '')
FROM household h
JOIN village v ON v.id = h.village_id
{join_active_link(join="JOIN")}
JOIN member m ON m.id = l.member_id
LEFT JOIN grid g ON g.id = h.grid_id
LEFT JOIN party_group pg ON pg.id = m.party_group_id
LEFT JOIN post p ON p.id = m.post_id
WHERE {active_household()} AND {{where}}
ORDER BY v.sort_order, v.id, g.sort_order, h.grid_id, h.door_sort, h.id
"""


# How many plates: the same households and links without the names, the order or the sort.
_PLATES_COUNT_SQL = f"""
SELECT COUNT(*) FROM household h
{join_active_link(join="JOIN")}
WHERE {active_household()} AND {{where}}
"""


class PlateSet:
    """The door plates of a scope: ``len()`` and a streaming iteration of ``PlateRow``.

    Rows are read from a cursor as they are drawn, so 50,000 plates are
    never all in memory. ``statics`` maps a village id to its ``PlateStatic``.
    ``drawn`` maps each household iterated to its plate's content fingerprint
    (``linking.plate_fingerprint``), taken from the row as it was handed out:
    after a print, what is on paper, for ``mark_plates_printed``.
    """

    def __init__(self, scope: Scope):
        self.scope = scope
        clauses, params = ["1 = 1"], []
        for column, value in (("h.village_id", scope.village_id), ("h.grid_id", scope.grid_id),
                              ("l.member_id", scope.member_id), ("h.id", scope.household_id)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        self._where, self._params = " AND ".join(clauses), params
        self._only: set[int] | None = set(changed_plates(scope.village_id)) if scope.changed_only else None
        self.statics = {vid: plate_static(vid, scope.print_year) for vid in self._village_ids()}
        self._count: int | None = None
        self.drawn: dict[int, str] = {}

    def _village_ids(self) -> list[int]:
        if self.scope.village_id is not None:
            return [self.scope.village_id]
        return [v.id for v in list_villages()]

    def __iter__(self) -> Iterator[PlateRow]:
        from lianhu_desktop.domain.linking import plate_fingerprint

        cursor = database.execute_sql(_PLATES_SQL.format(where=self._where), self._params)
        only, drawn = self._only, self.drawn
        for row in cursor:
            if only is None or row[0] in only:
                drawn[row[0]] = plate_fingerprint(row[2:])
                yield PlateRow(*row)

    def __len__(self) -> int:
        if self._count is None:
            if self._only is None:
                sql = _PLATES_COUNT_SQL.format(where=self._where)
                self._count = database.execute_sql(sql, self._params).fetchone()[0]
            else:
                self._count = sum(1 for _ in self)
        return self._count


def plate_static(village_id: int, year: int | None = None) -> PlateStatic:
    """The parts every plate of a village shares."""
    village = Village.get_by_id(village_id)
    return PlateStatic(
        title=get_plate_title(village_id),
        service_items=tuple(get_service_items(village_id)),
        branch_name=village.branch_name or f"{village.name}党支部",
        supervision_phone=village.supervision_phone,
        year=year or datetime.date.today().year,
    )


def door_plates(scope: Scope) -> PlateSet:
    """The door plates of ``scope`` (one per linked household), in grid and door order."""
    return PlateSet(scope)


def changed_plates(village_id: int | None) -> list[int]:
    """Households whose plate changed (or was never printed) since the last print."""
    from lianhu_desktop.domain import linking

    ids = [village_id] if village_id is not None else [v.id for v in list_villages()]
    return [hid for vid in ids for hid in linking.plates_changed_since_print(vid)]


def plate_fingerprints(household_ids) -> dict[int, str]:
    """The plates' content fingerprints now, taken when a PDF is built."""
    from lianhu_desktop.domain import linking

    return linking.plate_fingerprints(household_ids)


def mark_plates_printed(household_ids, fingerprints: dict[int, str] | None = None) -> None:
    """Remember these plates as printed, so ``--changed-only`` skips them next time."""
    from lianhu_desktop.domain import linking

    linking.mark_plates_printed(household_ids, fingerprints)


def save_print_settings(village_id: int | None, plate_title: str | None, service_items, useful_numbers) -> None:
    """Store the three print settings of a village (or the default) in one transaction.

    ``service_items`` [] and ``useful_numbers`` None restore the built-in defaults.
    """
    with database.atomic():
        set_plate_title(village_id, plate_title)
        set_service_items(village_id, service_items)
        set_useful_numbers(village_id, useful_numbers)
