"""Demo data: a realistic, deterministic village or 20-village township.

``generate`` fills the bound database in one transaction: villages, grids,
posts, party groups, households with tags, members, links with some history,
twelve months of visits, requests in every state, commitments, monthly
meetings with attendance, 结对帮扶 pairings with their helpers' visits (this
year's and last year's, reviewed), contact points of the committee members
and the four default appraisal schemes. The same
seed gives the same rows (only uuids and timestamps differ).

Bulk tables are written with ``executemany`` of a peewee-built INSERT, in
chunks, with ids assigned here: peewee's ``insert_many`` converts every value
in Python and was four times slower on the township demo's 600,000 visits
(38 s against 9 s, when the writer was written). ``python -m
bench --only demo`` compares the generator with a raw ``executemany`` of the
same rows.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from peewee import chunked

from lianhu_desktop.domain import audit
from lianhu_desktop.domain.demo_activity import (
    commitment_rows, contact_point_rows, cover_statuses, iso, meeting_rows, pairing_rows, request_row,
)
from lianhu_desktop.domain.demo_names import (
    CLAN_SUFFIXES, CLAN_SURNAMES, EXTRA_DUTIES, LANDLINE_AREA, MIGRANT_TEXTS, PAIRING_VISIT_TEXTS, PHONE_TEXTS,
    PLACE_VILLAGES, POST_DUTIES, TOWNSHIPS, VISIT_TEXTS,
)
from lianhu_desktop.domain.demo_village import DAY, People, Village as VillagePlan
from lianhu_desktop.domain.schemes import install_default_schemes
from lianhu_desktop.domain.vocab import duties_to_mask
from lianhu_desktop.errors import Cancelled, NotEmptyError, ValidationError
from lianhu_desktop.store import backend, changelog, visit_tally
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import (
    ALL_MODELS, LOG_MODELS, Attendance, Commitment, ContactPoint, Grid, Household, HouseholdTag, Link, Meeting,
    Member, Pairing, PartyGroup, Post, Request, Scheme, Village, Visit, database, now,
)

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class Scale:
    villages: int
    households: tuple[int, int]
    # Members per household: the village's roster follows its size.
    members_per_household: tuple[float, float]
    members: tuple[int, int]
    grids: tuple[int, int]


SCALES = {
    "village": Scale(1, (300, 600), (1 / 8, 1 / 5.5), (48, 78), (6, 9)),
    "township": Scale(20, (2100, 2900), (1 / 30, 1 / 22), (80, 120), (10, 16)),
}
SCALE_NAMES = {"village": "单村", "township": "乡镇"}
CHUNK = 5000
# A visit that collects a request: 民意收集 plus the duty the request is about.
REQUEST_DUTIES = {category: duties_to_mask({"民意收集", duty}) for category, duty in (
    ("生产生活", "促进增收"), ("矛盾纠纷", "化解矛盾"), ("安全隐患", "隐患排查"),
    ("环境卫生", "卫生监督"), ("政策咨询", "宣传政策"), ("其他", "民意收集"))}
# Share of visits at which a household raises a request.
REQUEST_RATE = 0.03
# Share of months with a second visit ("有事没事常去转转"): about 12 a year in all.
EXTRA_VISIT_RATE = 0.18
SEASON = {1: 0.9, 2: 0.7, 6: 0.85, 9: 0.9, 10: 0.85}  # 春节, 夏收, 秋收
# Forms of contact repeated by weight (per cent), so one ``choice`` draws by weight.
HOME_FORMS = ("入户走访",) * 72 + ("电话联系",) * 15 + ("谈心谈话",) * 8 + ("座谈会",) * 3 + ("问卷调查",) * 2
CITY_FORMS = ("入户走访",) * 55 + ("电话联系",) * 30 + ("谈心谈话",) * 15


@dataclass
class DemoSummary:
    """What ``generate`` wrote, and how long it took."""

    villages: int = 0
    grids: int = 0
    members: int = 0
    households: int = 0
    links: int = 0
    visits: int = 0
    requests: int = 0
    commitments: int = 0
    meetings: int = 0
    pairings: int = 0
    contact_points: int = 0
    schemes: int = 0
    elapsed: float = 0.0


class _Writer:
    """Bulk inserts with ids assigned here, uuids and one timestamp added per row."""

    def __init__(self):
        self.stamp = now().isoformat(" ")
        self._next: dict[str, int] = {}

    def ids(self, table: str, count: int) -> range:
        start = self._next.get(table)
        if start is None:
            start = database.execute_sql(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"').fetchone()[0]
        self._next[table] = start + count
        return range(start, start + count)

    def insert(self, model, names: tuple[str, ...], rows: list[tuple], chunk: int = CHUNK,
               after_chunk: Callable[[int], None] | None = None) -> int:
        """Insert rows of (id, *values of ``names``); returns the count."""
        columns = ["id", "uuid", "created_at", "updated_at"] + [model._meta.fields[n].column_name for n in names]
        quoted = ", ".join(f'"{column}"' for column in columns)
        sql = f'INSERT INTO "{model._meta.table_name}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'
        stamp = self.stamp
        for done, part in enumerate(chunked(rows, chunk), start=1):
            uuids = _uuid4_hexes(len(part))
            self.execute_many(sql, [(row[0], next(uuids), stamp, stamp, *row[1:]) for row in part])
            if after_chunk:
                after_chunk(done)
        return len(rows)

    @staticmethod
    def execute_many(sql: str, rows: list[tuple]) -> None:
        # A cursor left open keeps a statement alive, and SQLite then cannot
        # checkpoint the WAL when the program closes the database.
        cursor = database.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()


def _uuid4_hexes(count: int):
    """``count`` random version-4 UUIDs as hex, like ``uuid4().hex`` at a fifth of the cost."""
    raw = os.urandom(16 * count).hex()
    variant = "89ab89ab89ab89ab"
    for k in range(0, 32 * count, 32):
        yield f"{raw[k:k + 12]}4{raw[k + 13:k + 16]}{variant[int(raw[k + 16], 16)]}{raw[k + 17:k + 32]}"


def _months(today: datetime.date) -> list[tuple[datetime.date, datetime.date, float]]:
    """The twelve calendar months up to today: (first day, last day ≤ today, activity factor)."""
    result = []
    for back in range(11, -1, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        first = datetime.date(year, month + 1, 1)
        following = datetime.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
        result.append((first, min(following - DAY, today), SEASON.get(month + 1, 1.0)))
    return result


def _village_names(rng: random.Random, count: int) -> list[tuple[str, str | None]]:
    """(name, clan surname or None): a mix of clan villages and place names."""
    names, used = [], set()
    clans = rng.sample(CLAN_SURNAMES, len(CLAN_SURNAMES))  # one village per clan
    while len(names) < count:
        if clans and rng.random() < 0.6:
            clan = clans.pop()
            name = clan + rng.choice(CLAN_SUFFIXES) + "村"
        else:
            clan, name = None, rng.choice(PLACE_VILLAGES) + "村"
        if name not in used:
            used.add(name)
            names.append((name, clan))
    return names


@contextlib.contextmanager
def _visit_indexes_deferred():
    """Drop the visit table's indexes for the bulk load and rebuild them after; count the
    visits into their tallies (``store.visit_tally``) once, after the load.

    Building an index once is faster than updating it 600,000 times; the DDL
    is part of the transaction, so a rollback restores the indexes.
    """
    with visit_tally.paused(database):
        indexes = backend.index_definitions(database, "visit")
        for name, _ in indexes:
            database.execute_sql(f'DROP INDEX "{name}"')
        yield
        for _, sql in indexes:
            database.execute_sql(sql)


def clear_all() -> None:
    """Delete every row of every table, children first (call inside a transaction).

    The audit logs stay: they are never erased (the database refuses it), and
    the deletions themselves are recorded in them.
    """
    for model in reversed(ALL_MODELS):
        if model not in LOG_MODELS:
            model.delete().execute()


def generate(scale: str = "village", seed: int = 1, *, force: bool = False,
             progress: Progress | None = None, today: datetime.date | None = None) -> DemoSummary:
    """Fill the bound database with demo data; see the module docstring.

    Refuses a database that already holds data unless ``force``, which first
    deletes everything. ``progress(done, total)`` returning False cancels and
    rolls everything back (``Cancelled``).
    """
    if scale not in SCALES:
        raise ValidationError(f"演示数据规模应为 village（单村）或 township（乡镇），不是“{scale}”", field="scale")
    started = time.perf_counter()
    today = today or datetime.date.today()
    plan = SCALES[scale]
    total = 100 * plan.villages + 10
    step = [0]

    def report(done: int) -> None:
        step[0] = max(step[0], done)
        if progress is not None and progress(step[0], total) is False:
            raise Cancelled("已取消生成演示数据，数据库未作任何改动")

    if not store_db.is_empty() and not force:
        raise NotEmptyError("数据库中已有数据，如确需用演示数据覆盖请加 --force")
    summary = DemoSummary()
    # Visits and requests are logged as one audit line (below), not a line each.
    with store_db.page_cache(store_db.LOAD_CACHE_KIB), database.atomic(), \
            changelog.row_log_paused(database, ("visit", "request")):
        if force:
            clear_all()
        report(5)
        builder = _Builder(seed, today, summary)
        township = TOWNSHIPS[0]
        with _visit_indexes_deferred():
            for index, (name, clan) in enumerate(_village_names(builder.rng, plan.villages)):
                base = 5 + 100 * index
                builder.village(index, name, clan, township, plan, lambda part, base=base: report(base + part))
        # The rows got their ids here: a server's id sequences move past them.
        backend.after_bulk_insert(database, [model._meta.table_name for model in ALL_MODELS])
        install_default_schemes(today.year)
        summary.schemes = Scheme.select().where(Scheme.year == today.year).count()
        audit.record("载入演示数据", None,
                     f"载入{SCALE_NAMES[scale]}演示数据（种子 {seed}）：{summary.villages} 个村、"
                     f"{summary.members} 名党员、{summary.households} 户、{summary.visits} 条走访记录、"
                     f"{summary.requests} 条诉求")
        report(total)
    summary.elapsed = time.perf_counter() - started
    return summary


class _Builder:
    """Writes one village after another through one writer and one random source."""

    def __init__(self, seed: int, today: datetime.date, summary: DemoSummary):
        self.rng, self.today, self.summary = random.Random(seed), today, summary
        self.seed = seed
        self.writer = _Writer()
        self.people = People(self.rng, today)
        self.months = _months(today)
        first = self.months[0][0]
        self.day_iso = [(first + k * DAY).isoformat() for k in range((today - first).days + 1)]
        self.first = first


    def village(self, index: int, name: str, clan: str | None, township: str, plan: Scale,
                report: Callable[[int], None]) -> None:
        rng, s, w = self.rng, self.summary, self.writer
        households = rng.randint(*plan.households)
        low, high = (round(households * share) for share in plan.members_per_household)
        members = rng.randint(max(plan.members[0], low), max(plan.members[0], min(plan.members[1], high)))
        v = VillagePlan(self.people, w.ids, name=name, clan=clan, township=township,
                        members=members, households=households, grids=rng.randint(*plan.grids))
        report(3)
        self._structure(v, index)
        report(10)
        link_rows = [(lid, *link[:3], iso(link[3]), iso(link[4]), link[5])
                     for lid, link in zip(w.ids("link", len(v.links)), v.links)]
        s.links += w.insert(Link, ("member", "household", "mode", "start_date", "end_date", "end_reason"),
                            link_rows)
        # Pairings draw from their own source: the rest of the demo stays as it was without them.
        side = random.Random(f"{self.seed}-{v.id}")
        pairings = pairing_rows(side, v, self.today)
        visits, requests = self._visits(v)
        visits += self._pairing_visits(v, pairings, side)
        chunks = max(1, -(-len(visits) // CHUNK))
        s.visits += w.insert(Visit, ("village", "member", "household", "date", "form", "duties", "content"),
                             visits, after_chunk=lambda done: report(12 + 80 * done // chunks))
        s.requests += w.insert(Request, ("village", "household", "member", "visit", "category", "content",
                                         "handling", "deadline", "status", "result", "done_on", "feedback_on",
                                         "raised_on", "department", "satisfaction"),
                               [row[:16] for row in requests])
        s.commitments += w.insert(Commitment, ("member", "year", "content", "deadline", "quality_standard",
                                               "status", "result"),
                                  commitment_rows(rng, v, self.today, w.ids))
        meetings, attendance = meeting_rows(rng, v, self.months, self.today, w.ids)
        s.meetings += w.insert(Meeting, ("village", "date", "kind", "topic", "notes"), meetings)
        w.insert(Attendance, ("meeting", "member", "status"), attendance)
        s.pairings += w.insert(Pairing, ("member", "household", "year", "goals", "measures", "due_date",
                                         "review_note", "outcome"),
                               [(pid, *row) for pid, row in zip(w.ids("pairing", len(pairings)), pairings)])
        points = contact_point_rows(v)
        s.contact_points += w.insert(ContactPoint, ("village", "member", "grid", "start_date", "notes"),
                                     [(cid, *row) for cid, row in zip(w.ids("contact_point", len(points)), points)])
        report(100)

    def _structure(self, v: VillagePlan, index: int) -> None:
        w, s, keys = self.writer, self.summary, self.people.keys
        secretary = next(m for m in v.members if m.committee)
        w.insert(Village, ("name", "branch_name", "township", "secretary", "supervision_phone", "link_min",
                           "link_max", "sort_order", "notes"),
                 [(v.id, v.name, f"{v.name}党支部", v.township, secretary.name,
                   f"{LANDLINE_AREA}-{self.rng.randint(2000000, 8999999)}", v.link_min, v.link_max, index + 1, "")])
        s.villages += 1
        s.grids += w.insert(Grid, ("village", "name", "sort_order", "notes"),
                            [(gid, v.id, name, order, "") for gid, name, order in v.grids])
        w.insert(Post, ("village", "name", "duties", "notes"),
                 [(pid, v.id, name, POST_DUTIES.get(name, ""), "") for pid, name in v.posts])
        w.insert(PartyGroup, ("village", "name", "kind", "leader", "notes"),
                 [(gid, vid, name, kind, None, "") for gid, vid, name, kind, _ in v.groups])
        rows, tags = [], []
        for h in v.households:
            full, initials, order = keys(h.head)
            rows.append((h.id, v.id, h.grid[0], f"{h.door}号", h.door, h.head, full, initials, order, h.head_id,
                         h.phone, v.address(h), h.size, h.work_place, h.association, h.notes,
                         int(h.archived_on is not None), iso(h.archived_on), h.reason))
            tags += [(h.id, tag) for tag in h.tags]
        s.households += w.insert(Household, (
            "village", "grid", "door_number", "door_sort", "head_name", "head_pinyin", "head_initials",
            "head_sort", "head_id_number", "phone", "address", "size", "work_place", "industry_association", "notes",
            "archived", "archived_on", "archive_reason"), rows)
        w.insert(HouseholdTag, ("household", "tag"),
                 [(tid, *tag) for tid, tag in zip(w.ids("household_tag", len(tags)), tags)])
        by_id = {h.id: h for h in v.households}
        rows = []
        for m in v.members:
            full, initials, order = keys(m.name)
            home = by_id.get(m.household)
            rows.append((m.id, v.id, m.name, full, initials, order, m.gender, m.ethnicity, iso(m.birth), m.id_number,
                         m.phone, m.education, iso(m.join), m.membership, "外出" if m.city else "在家",
                         m.city, m.group, m.post, m.tier, m.skills, home.grid[0] if home else None, m.household,
                         v.address(home) if home else "", int(m.committee), int(m.exempt), m.notes,
                         int(m.archived_on is not None), iso(m.archived_on), m.reason))
        s.members += w.insert(Member, (
            "village", "name", "name_pinyin", "name_initials", "name_sort", "gender", "ethnicity", "birth_date",
            "id_number", "phone", "education", "join_date", "membership", "residence", "migrant_place", "party_group",
            "post", "tier", "skills", "home_grid", "household", "address", "is_committee", "link_exempt", "notes",
            "archived", "archived_on", "archive_reason"), rows)
        w.execute_many('UPDATE "party_group" SET "leader_id" = ? WHERE "id" = ?',
                       [(leader, gid) for gid, _, _, _, leader in v.groups])

    def _visits(self, v: VillagePlan) -> tuple[list[tuple], list[list]]:
        """About one visit per linked household a month, with gaps; some raise requests.

        The hot loop of the township demo (600,000 visits): days are offsets
        into the window and draws use ``random()`` directly.
        """
        rng, today, first, day_iso, village_id = self.rng, self.today, self.first, self.day_iso, v.id
        random_ = rng.random
        members = {m.id: m for m in v.members}
        home_texts = [(text, duties_to_mask(duties)) for text, duties in VISIT_TEXTS]
        phone_texts = [(text, duties_to_mask(duties)) for text, duties in PHONE_TEXTS]
        extra_bits = [duties_to_mask([d]) for d in EXTRA_DUTIES]
        months = [((a - first).days, (b - first).days, factor) for a, b, factor in self.months]
        vid, rid = self.writer.ids("visit", 0).start, self.writer.ids("request", 0).start
        visits, requests = [], []
        append = visits.append
        for member_id, household_id, _, start, end, _ in v.links:
            m = members[member_id]
            forms, diligence = (CITY_FORMS if m.city else HOME_FORMS), m.diligence
            city_texts = [(t.format(city=m.city), duties_to_mask(d)) for t, d in MIGRANT_TEXTS] if m.city else ()
            begin = (start - first).days
            finish = ((end - first).days - 1) if end else len(day_iso) - 1
            for month_low, month_high, factor in months:
                low, high = max(month_low, begin), min(month_high, finish)
                if low > high or random_() >= diligence * factor:
                    continue
                for _ in range(2 if random_() < EXTRA_VISIT_RATE else 1):
                    offset = low + int(random_() * (high - low + 1))
                    form = forms[int(random_() * 100)]
                    pool = (phone_texts if form == "电话联系" else
                            city_texts if city_texts and random_() < 0.6 else home_texts)
                    text, mask = pool[int(random_() * len(pool))]
                    if random_() < 0.25:
                        mask |= extra_bits[int(random_() * len(extra_bits))]
                    if random_() < REQUEST_RATE:
                        day = first + offset * DAY
                        request = request_row(rng, today, rid + len(requests), village_id, household_id, member_id,
                                              vid, day)
                        requests.append(request)
                        text, mask = f"收集到诉求：{request[6]}", REQUEST_DUTIES[request[5]]
                    append((vid, village_id, member_id, household_id, day_iso[offset], form, mask, text))
                    vid += 1
        self.writer.ids("visit", len(visits))
        self.writer.ids("request", len(requests))
        cover_statuses(rng, requests, self.today)
        return visits, requests

    def _pairing_visits(self, v: VillagePlan, pairings: list[tuple], side: random.Random) -> list[tuple]:
        """The helpers' visits to the households they pair with (unless they link them), most
        months of the pairing's year."""
        first, day_iso, random_ = self.first, self.day_iso, side.random
        vid = self.writer.ids("visit", 0).start
        members = {m.id: m for m in v.members}
        months = [((a - first).days, (b - first).days) for a, b, _factor in self.months]
        # A household the helper links (or once linked) has the link's visits.
        linked = {(member_id, household_id) for member_id, household_id, *_rest in v.links}
        help_texts = [(text, duties_to_mask(duties)) for text, duties in PAIRING_VISIT_TEXTS]
        visits = []
        for member_id, household_id, year, *_plan in pairings:
            if (member_id, household_id) in linked:
                continue
            helper = members[member_id]
            joined = (helper.join - first).days
            for (month_low, month_high), (first_day, _, _) in zip(months, self.months):
                low = max(month_low, joined)
                if first_day.year != year or low > month_high or random_() >= helper.diligence:
                    continue
                offset = low + int(random_() * (month_high - low + 1))
                text, mask = help_texts[int(random_() * len(help_texts))]
                visits.append((vid, v.id, member_id, household_id, day_iso[offset], "入户走访", mask, text))
                vid += 1
        self.writer.ids("visit", len(visits))
        return visits
