"""One demo village in memory: grids, households, members, groups, posts, links.

Pure Python, no database: ``demo.generate`` writes what this builds. Every
draw comes from the one ``random.Random`` passed in, and nothing iterates a
set, so a seed always gives the same village.
"""

from __future__ import annotations

import datetime
import math
from itertools import accumulate

from lianhu_desktop import pinyin
from lianhu_desktop.domain import idnumber
from lianhu_desktop.domain.demo_names import (
    ARCHIVED_HOUSEHOLD_LINK_END, ARCHIVED_MEMBER_LINK_END, GIVEN_NAMES, HOME_AREA, HOUSEHOLD_ARCHIVE_REASONS,
    HOUSEHOLD_NOTES, INDUSTRY_ASSOCIATIONS, LANDLINE_AREA, LINK_END_REASONS, MIGRANT_CITIES,
    MIGRANT_MEMBER_NOTES, MINORITIES, MOBILE_PREFIXES, OTHER_AREAS, SURNAMES,
)
from lianhu_desktop.domain.villages import GRID_NAMES
from lianhu_desktop.domain.vocab import DEFAULT_LINK_MAX, DEFAULT_LINK_MIN, DEFAULT_POSTS, SKILLS

DAY = datetime.timedelta(days=1)
# (lowest age, highest age, weight): rural members are older than the country.
MEMBER_AGES = ((22, 35, 12), (36, 45, 13), (46, 55, 20), (56, 65, 22), (66, 75, 20), (76, 90, 13))
HEAD_AGES = ((26, 40, 20), (41, 55, 35), (56, 70, 30), (71, 88, 15))
EDUCATION_BY_ERA = {  # born from … : weights over vocab.EDUCATIONS[:6]
    1985: (0, 25, 25, 15, 20, 15), 1965: (15, 45, 25, 8, 5, 2), 0: (55, 35, 10, 0, 0, 0),
}
EDUCATIONS = ("小学", "初中", "高中", "中专", "大专", "本科")
SIZES = ((1, 2, 3, 4, 5, 6), (10, 22, 22, 24, 14, 8))
# Tag → share of households; 外出户 and 流动党员户 follow from the members.
TAG_SHARES = (("低保户", .04), ("困难户", .04), ("五保户", .01), ("专业户", .03), ("上访户", .008),
              ("种养大户", .03), ("留守老人户", .05), ("残疾人户", .025), ("军烈属户", .015))


class People:
    """Draws names, ID numbers and phones, unique across the whole township."""

    def __init__(self, rng, today: datetime.date):
        self.rng, self.today = rng, today
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()
        self._surnames, self._surname_cum = list(SURNAMES), list(accumulate(SURNAMES.values()))
        self._cities, self._city_cum = list(MIGRANT_CITIES), list(accumulate(MIGRANT_CITIES.values()))
        self._minorities, self._minority_cum = list(MINORITIES), list(accumulate(MINORITIES.values()))
        self._pinyin: dict[str, tuple[str, str, str]] = {}

    def surname(self, clan: str | None = None) -> str:
        if clan and self.rng.random() < 0.3:
            return clan
        return self.rng.choices(self._surnames, cum_weights=self._surname_cum)[0]

    def name(self, gender: str, birth: datetime.date, surname: str | None = None) -> str:
        era = "old" if birth.year < 1965 else "middle" if birth.year < 1985 else "young"
        return (surname or self.surname()) + self.rng.choice(GIVEN_NAMES[(gender, era)])

    def birth(self, bands) -> datetime.date:
        low, high, _ = self.rng.choices(bands, cum_weights=list(accumulate(b[2] for b in bands)))[0]
        return self.birth_at(self.rng.randint(low, high))

    def birth_at(self, age: int) -> datetime.date:
        return self.today - (int(age * 365.25) + self.rng.randrange(1, 365)) * DAY

    def id_number(self, birth: datetime.date, gender: str) -> str:
        area = HOME_AREA if self.rng.random() < 0.9 else self.rng.choice(OTHER_AREAS)
        while True:
            value = idnumber.make(area, birth, self.rng.randrange(100), gender)
            if value not in self.id_numbers:
                self.id_numbers.add(value)
                return value

    def mobile(self) -> str:
        while True:
            value = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10 ** 8):08d}"
            if value not in self.phones:
                self.phones.add(value)
                return value

    def city(self) -> str:
        return self.rng.choices(self._cities, cum_weights=self._city_cum)[0]

    def ethnicity(self) -> str:
        if self.rng.random() < 0.97:
            return "汉族"
        return self.rng.choices(self._minorities, cum_weights=self._minority_cum)[0]

    def education(self, birth: datetime.date) -> str:
        era = next(year for year in EDUCATION_BY_ERA if birth.year >= year)
        return self.rng.choices(EDUCATIONS, weights=EDUCATION_BY_ERA[era])[0]

    def keys(self, name: str) -> tuple[str, str, str]:
        """(full pinyin, initials, sort key) of a name, converted once per name."""
        found = self._pinyin.get(name)
        if found is None:
            found = self._pinyin[name] = pinyin.name_keys(name)
        return found


class Household:
    __slots__ = ("id", "grid", "door", "head", "head_id", "phone", "size", "tags", "work_place",
                 "association", "archived_on", "reason", "notes", "owner")


class Member:
    __slots__ = ("id", "name", "gender", "ethnicity", "birth", "id_number", "phone", "education",
                 "join", "membership", "city", "group", "post", "tier", "skills", "household",
                 "committee", "exempt", "notes", "archived_on", "reason", "diligence", "age")


class Village:
    """Builds one village in memory; ``ids(table, count)`` hands out primary keys."""

    def __init__(self, people: People, ids, *, name: str, clan: str | None, township: str,
                 members: int, households: int, grids: int):
        self.people, self.rng, self.today = people, people.rng, people.today
        self.id = ids("village", 1)[0]
        self.name, self.clan, self.township = name, clan, township
        self.link_min, self.link_max = DEFAULT_LINK_MIN, DEFAULT_LINK_MAX
        self.launch = datetime.date(self.today.year - 3, 3, 1) + self.rng.randrange(45) * DAY
        self.grids = [(gid, GRID_NAMES[i], i) for i, gid in enumerate(ids("grid", grids))]
        self.posts = [(pid, post) for pid, post in zip(ids("post", len(DEFAULT_POSTS)), DEFAULT_POSTS)]
        self.associations = self.rng.sample(INDUSTRY_ASSOCIATIONS, self.rng.randint(1, 2))
        self.households = self._households(ids, households)
        self.members = self._members(ids, members)
        self.groups = self._groups(ids)
        self.links = self._links()

    # -- households ---------------------------------------------------------
    def _households(self, ids, count: int) -> list[Household]:
        rng, people = self.rng, self.people
        weights = [rng.uniform(0.7, 1.3) for _ in self.grids]
        per_grid = [max(1, int(count * w / sum(weights))) for w in weights]
        per_grid[-1] += count - sum(per_grid)
        result = []
        hid = iter(ids("household", count))
        for grid, n in zip(self.grids, per_grid):
            door = 0
            for _ in range(n):
                door += 2 if rng.random() < 0.1 else 1
                h = Household()
                h.id, h.grid, h.door, h.owner = next(hid), grid, door, None
                gender = "男" if rng.random() < 0.88 else "女"
                birth = people.birth(HEAD_AGES)
                h.head = people.name(gender, birth, people.surname(self.clan))
                h.head_id = people.id_number(birth, gender)
                roll = rng.random()
                h.phone = (people.mobile() if roll < 0.92 else
                           f"{LANDLINE_AREA}-{rng.randint(2000000, 8999999)}" if roll < 0.95 else "")
                h.size = rng.choices(*SIZES)[0]
                h.tags = [tag for tag, share in TAG_SHARES if rng.random() < share]
                if "低保户" in h.tags and "困难户" not in h.tags and rng.random() < 0.5:
                    h.tags.insert(0, "困难户")
                if "五保户" in h.tags:
                    h.size = 1
                elif "留守老人户" in h.tags:
                    h.size = min(h.size, 2)
                big = "种养大户" in h.tags or "专业户" in h.tags
                h.association = rng.choice(self.associations) if rng.random() < (0.7 if big else 0.04) else ""
                h.work_place = ""
                note = next((HOUSEHOLD_NOTES[t] for t in h.tags if t in HOUSEHOLD_NOTES), "")
                h.notes = note if rng.random() < 0.6 else ""
                h.archived_on, h.reason = None, ""
                if rng.random() < 0.006:
                    h.archived_on = self.today - rng.randint(30, 700) * DAY
                    h.reason = rng.choice(HOUSEHOLD_ARCHIVE_REASONS)
                result.append(h)
        return result

    def address(self, h: Household) -> str:
        return f"{self.township}{self.name}{h.grid[1]}{h.door}号"

    # -- members ------------------------------------------------------------
    def _members(self, ids, count: int) -> list[Member]:
        rng = self.rng
        archived = rng.randint(1, 3) if count < 100 else max(2, count // 30)
        committee = min(9, 5 + count // 40)
        migrants = round((count - archived) * rng.uniform(0.10, 0.15))
        roles = ["委员"] * committee + ["外出"] * migrants
        roles += ["一般"] * (count - archived - len(roles)) + ["注销"] * archived
        head = roles[:1]  # the secretary is created first
        rest = roles[1:]
        rng.shuffle(rest)
        homes = [h for h in self.households if h.archived_on is None]
        homes = rng.sample(homes, min(len(homes), count))
        members = [self._member(mid, role, index, homes)
                   for index, (mid, role) in enumerate(zip(ids("member", count), head + rest))]
        # A village sized for the range keeps enough capable members to cover it.
        households = sum(1 for h in self.households if h.archived_on is None)
        capable = [m for m in members if not m.exempt and m.archived_on is None]
        if households <= self.link_max * (count - archived):
            for m in members:
                if len(capable) * self.link_max >= households:
                    break
                if m.exempt and m.archived_on is None:
                    m.exempt, m.tier = False, "一般党员"
                    capable.append(m)
        return members

    def _member(self, mid: int, role: str, index: int, homes: list[Household]) -> Member:
        rng, people, today = self.rng, self.people, self.today
        m = Member()
        m.id, m.committee, m.archived_on, m.reason, m.notes = mid, role == "委员", None, "", ""
        m.gender = "男" if index == 0 or rng.random() < (0.70 if role == "委员" else 0.73) else "女"
        if role == "委员":
            m.birth = people.birth_at(rng.randint(42, 56) if index == 0 else rng.randint(30, 60))
        elif role == "外出":
            m.birth = people.birth_at(rng.randint(23, 50))
        else:
            m.birth = people.birth(MEMBER_AGES)
        m.age = today.year - m.birth.year
        m.name = people.name(m.gender, m.birth, people.surname(self.clan))
        m.id_number = people.id_number(m.birth, m.gender)
        m.phone, m.ethnicity, m.education = people.mobile(), people.ethnicity(), people.education(m.birth)
        join_age = rng.randint(20, 30) if m.age > 60 else int(rng.triangular(20, max(21, min(45, m.age)), 27))
        m.join = m.birth + (join_age * 365 + rng.randrange(365)) * DAY
        latest = today - 400 * DAY  # full members passed their year of probation
        if m.join > latest:
            eighteen = m.birth + 6600 * DAY
            m.join = latest - rng.randrange(max(1, (latest - eighteen).days)) * DAY
        m.membership = "正式党员"
        if m.age < 45 and role != "委员" and rng.random() < 0.08:
            m.join, m.membership = today - rng.randint(40, 330) * DAY, "预备党员"
        m.city = people.city() if role == "外出" else ""
        m.exempt = role in ("一般", "注销") and (m.age >= 80 or (m.age >= 66 and rng.random() < 0.2))
        m.skills = "、".join(rng.sample(SKILLS, rng.randint(1, 2))) if rng.random() < (
            0.5 if m.committee else 0.3) and not m.exempt else ""
        if m.committee:
            m.tier, group = "党员干部", "种养业" if rng.random() < 0.6 else "务工经商"
        elif m.city:
            m.tier, group = "外出党员", "外出"
            m.notes = rng.choice(MIGRANT_MEMBER_NOTES)
        elif m.exempt:
            m.tier, group = "老病残党员", "老龄"
        else:
            m.tier = "一般党员"
            group = "老龄" if m.age >= 65 else "种养业" if rng.random() < 0.6 else "务工经商"
        m.group = group
        m.post = rng.choice(self.posts)[0] if not m.exempt or rng.random() < 0.5 else None
        m.diligence = rng.choices((rng.uniform(0.93, 0.99), rng.uniform(0.75, 0.9), rng.uniform(0.4, 0.65)),
                                  weights=(70, 22, 8))[0]
        if role == "注销":
            m.reason = "去世" if m.age >= 70 or rng.random() < 0.3 else "转出"
            m.archived_on = today - rng.randint(20, 700) * DAY
            m.join = min(m.join, m.archived_on - 365 * DAY)
            m.household = None
            return m
        h = homes[index % len(homes)]
        m.household, h.owner = h.id, m.id
        if "五保户" in h.tags:  # a member's family is not 五保
            h.tags.remove("五保户")
            h.notes = "" if h.notes == HOUSEHOLD_NOTES["五保户"] else h.notes
        if m.city:
            h.tags.insert(0, "流动党员户")
        if not m.city and (m.gender == "男" and m.age >= 30 or rng.random() < 0.2):
            h.head, h.head_id, h.phone = m.name, m.id_number, m.phone
        else:  # the head is a parent or the husband, living at home
            surname = m.name[:2] if m.name[:2] in SURNAMES else m.name[0]
            if m.gender == "女":
                surname = people.surname(self.clan)
            age = min(90, m.age + rng.randint(24, 32)) if m.gender == "男" else m.age + rng.randint(-2, 5)
            birth = people.birth_at(age)
            h.head, h.head_id = people.name("男", birth, surname), people.id_number(birth, "男")
        h.size = max(h.size, 2)
        return m

    def _groups(self, ids) -> list[tuple]:
        """Party groups by kind, split when large; leaders are committee members."""
        by_kind: dict[str, list[Member]] = {}
        for m in self.members:
            by_kind.setdefault(m.group, []).append(m)
        numerals = "一二三四五六"
        plan = []
        for kind in ("老龄", "种养业", "务工经商", "外出"):
            members = by_kind.get(kind, [])
            parts = max(1, math.ceil(len(members) / 30)) if members else 0
            for part in range(parts):
                name = f"{kind}党小组" if parts == 1 else f"{kind}第{numerals[part]}党小组"
                plan.append((kind, name, members[part::parts]))
        committee = [m for m in self.members if m.committee and m.archived_on is None]
        spare = iter(committee * len(plan))
        leaders: list[Member] = []
        for _kind, _name, members in plan:  # a committee member of the group, else one in turn
            own = [m for m in members if m.committee and m not in leaders]
            leaders.append(own[0] if own else next(spare))
        groups = []
        for gid, (kind, name, members), leader in zip(ids("party_group", len(plan)), plan, leaders):
            for m in members:
                m.group = gid
            groups.append((gid, self.id, name, kind, leader.id))
        return groups

    # -- links ---------------------------------------------------------------
    def _quotas(self, capable: list[Member], total: int) -> list[int]:
        """Households per capable member: about even, jittered within the range."""
        n = len(capable)
        if total > self.link_max * n:  # a large village: the branch raises the range
            self.link_max = math.ceil(total / n) + 6
        low, high = self.link_min, self.link_max
        quotas = [total // n + (1 if i < total % n else 0) for i in range(n)]
        self.rng.shuffle(quotas)
        for _ in range(3 * n):
            i, j = self.rng.randrange(n), self.rng.randrange(n)
            if i != j and quotas[i] > low and quotas[j] < high:
                quotas[i] -= 1
                quotas[j] += 1
        return quotas

    def _links(self) -> list[tuple]:
        """(member id, household id, mode, start, end, end reason), active and ended."""
        rng = self.rng
        active = [h for h in self.households if h.archived_on is None]
        capable = [m for m in self.members if not m.exempt and m.archived_on is None]
        quota = dict(zip((m.id for m in capable), self._quotas(capable, len(active))))
        taken: dict[int, tuple[Member, str]] = {}

        def take(m: Member, pool: list[Household], mode: str, limit: int) -> None:
            for h in pool:
                if limit <= 0 or quota[m.id] <= 0:
                    return
                if h.id not in taken and h.owner != m.id:
                    taken[h.id] = (m, mode)
                    quota[m.id] -= 1
                    limit -= 1

        # Committee members link the households of migrant members (流动党员户).
        committee = [m for m in capable if m.committee]
        for i, h in enumerate(h for h in active if "流动党员户" in h.tags):
            take(committee[i % len(committee)], [h], "就近就地", 1)
        # Migrant members link villagers working in the same city (外出户).
        plain = [h for h in active if h.owner is None and not h.tags and not h.association]
        rng.shuffle(plain)
        for m in (m for m in capable if m.city):
            pool = [h for h in plain if h.id not in taken][: quota[m.id]]
            for h in pool:
                h.work_place = m.city
                h.tags.append("外出户")
            take(m, pool, "就近就地", len(pool))
        # Ability and industry: skills meet the households that need them.
        wants = {"种植技术": ("专业户", "种养大户"), "养殖技术": ("专业户", "种养大户"),
                 "法律政策": ("上访户",), "经商致富": ("困难户", "低保户")}
        needs = {skill: [h for h in active if any(t in h.tags for t in tags)] for skill, tags in wants.items()}
        members_of_association = [h for h in active if h.association]
        for m in capable:
            for skill in m.skills.split("、") if m.skills and not m.city else ():
                if skill in ("种植技术", "养殖技术"):
                    take(m, members_of_association, "产业协会", 2)
                take(m, needs.get(skill, ()), "能力分类", 2)
        # Proximity fills the rest, grid by grid, in door order.
        grid_of = {h.id: h.grid[2] for h in active}
        order = sorted(capable, key=lambda m: (grid_of.get(m.household, 0), m.id))
        rest = [h for h in active if h.id not in taken]
        slots = [m for m in order for _ in range(max(0, quota[m.id]))]
        slots += [order[i % len(order)] for i in range(len(rest) - len(slots))]
        for i in range(len(rest)):
            m = slots[i]
            if rest[i].owner == m.id:  # nobody links his own household: swap with a neighbour's
                j = next((j for j in range(i + 1, len(rest)) if slots[j] is not m), None)
                if j is not None:
                    rest[i], rest[j] = rest[j], rest[i]
            taken[rest[i].id] = (m, "双向选择" if rng.random() < 0.08 else "就近就地")
        return self._with_history(active, taken, capable)

    def _with_history(self, active, taken, capable) -> list[tuple]:
        rng, today = self.rng, self.today
        links, starts = [], {}
        gone = [m for m in self.members if m.archived_on is not None and not m.exempt]
        # Links of members who died or moved away ended on that day.
        for m in gone:
            for h in rng.sample(active, min(len(active), rng.randint(5, 8))):
                if h.id not in starts:
                    start = max(self.launch, m.join + 30 * DAY)
                    links.append((m.id, h.id, "就近就地", start, m.archived_on,
                                  ARCHIVED_MEMBER_LINK_END[m.reason]))
                    starts[h.id] = m.archived_on
        for h in active:
            if h.id not in starts and rng.random() < 0.03:
                before = rng.choice(capable)
                if before is not taken[h.id][0]:
                    end = self.launch + rng.randint(120, max(121, (today - self.launch).days - 30)) * DAY
                    links.append((before.id, h.id, "就近就地", self.launch, end, rng.choice(LINK_END_REASONS)))
                    starts[h.id] = end
        for h in self.households:
            if h.archived_on is not None:
                links.append((rng.choice(capable).id, h.id, "就近就地", self.launch, h.archived_on,
                              ARCHIVED_HOUSEHOLD_LINK_END))
        for h in active:
            m, mode = taken[h.id]
            start = max(starts.get(h.id, self.launch), m.join + 30 * DAY)
            links.append((m.id, h.id, mode, min(start, today), None, ""))
        return links
