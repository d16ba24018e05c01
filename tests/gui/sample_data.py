"""A quick, deterministic data set for GUI and listing tests.

Independent of the demo generator so that these tests check the views, not
the demo. ``fill()`` writes villages, grids, groups, posts, members,
households, links, visits, meetings and schemes with bulk inserts; at
``township`` size (20 villages, 2,000 members, 50,000 households, 600,000
visits) it serves the timing measurements.
"""

from __future__ import annotations

import datetime
import random
import uuid

from lianhu_desktop import pinyin
from lianhu_desktop.domain.vocab import DUTIES, LINK_MODES, TIERS, VISIT_FORMS
from lianhu_desktop.store.models import database

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘"
GIVEN = "建国华明军平伟芳秀英兰玉桂珍丽强磊洋勇艳杰娟涛超秀云志红春梅海波"
VILLAGES = ("李家庄村", "王家坪村", "东风村", "红旗村", "新民村", "向阳村", "团结村", "前进村",
            "和平村", "胜利村", "光明村", "幸福村", "长青村", "永丰村", "大河村", "石桥村",
            "柳树村", "杏花村", "双井村", "太平村")
GRIDS = ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组")
GROUPS = (("老龄党小组", "老龄"), ("种养业党小组", "种养业"), ("务工经商党小组", "务工经商"),
          ("外出党小组", "外出"))
POSTS = ("宣传教育", "民主监督", "项目建设", "矛盾调解")

# A member every test can look for.
KNOWN_NAME = "欧阳建国"
KNOWN_PHONE = "13912345678"


def _insert(conn, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    stamp = "2026-01-01 08:00:00"
    columns = ["uuid", "created_at", "updated_at", *rows[0]]
    sql = (f'INSERT INTO "{table}" ({", ".join(columns)}) '
           f'VALUES ({", ".join("?" for _ in columns)})')
    conn.executemany(sql, ([uuid.uuid4().hex, stamp, stamp, *row.values()] for row in rows))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def fill(*, villages: int = 2, members: int = 12, households: int = 80, visits_per_household: int = 3,
         year: int | None = None, seed: int = 1) -> None:
    """Fill the bound (empty) database; counts are per village."""
    rng = random.Random(seed)
    year = year or datetime.date.today().year
    conn = database.cursor()  # (a cursor: PostgreSQL connections have no executemany)
    with database.atomic():
        for v in range(villages):
            _insert(conn, "village", [dict(
                name=VILLAGES[v % len(VILLAGES)] + ("" if v < len(VILLAGES) else str(v)),
                branch_name=VILLAGES[v % len(VILLAGES)] + "党支部", township="城关镇", secretary=_name(rng),
                supervision_phone="0371-66668888", link_min=5, link_max=10, sort_order=v + 1, notes="")])
        village_ids = [r[0] for r in conn.execute("SELECT id FROM village ORDER BY id")]
        for tier in TIERS:
            _insert(conn, "scheme", [dict(village_id=None, tier=tier, year=year, name=f"{tier}百分制考核方案")])
            scheme_id = conn.execute("SELECT max(id) FROM scheme").fetchone()[0]
            _insert(conn, "item", [dict(scheme_id=scheme_id, name=name, max_tenths=tenths, criteria="",
                                        source="手工", rule="", sort_order=n)
                                   for n, (name, tenths) in enumerate((("联户走访", 400), ("主题党日", 300),
                                                                      ("承诺践诺", 300)))])
        for village_id in village_ids:
            _fill_village(conn, rng, village_id, members, households, visits_per_household, year)
        # The known member: first of the first village, with a compound surname.
        full, initials, order = pinyin.name_keys(KNOWN_NAME)
        conn.execute("UPDATE member SET name=?, name_pinyin=?, name_initials=?, name_sort=?, phone=? WHERE id="
                     "(SELECT min(id) FROM member)", (KNOWN_NAME, full, initials, order, KNOWN_PHONE))


def _fill_village(conn, rng, village_id, members, households, visits_per_household, year):
    _insert(conn, "grid", [dict(village_id=village_id, name=g, sort_order=n, notes="")
                           for n, g in enumerate(GRIDS)])
    grid_ids = [r[0] for r in conn.execute("SELECT id FROM grid WHERE village_id=? ORDER BY id", (village_id,))]
    _insert(conn, "party_group", [dict(village_id=village_id, name=n, kind=k, notes="") for n, k in GROUPS])
    group_ids = [r[0] for r in conn.execute("SELECT id FROM party_group WHERE village_id=?", (village_id,))]
    _insert(conn, "post", [dict(village_id=village_id, name=p, duties="", notes="") for p in POSTS])
    post_ids = [r[0] for r in conn.execute("SELECT id FROM post WHERE village_id=?", (village_id,))]
    member_rows = []
    for _ in range(members):
        name = _name(rng)
        full, initials, order = pinyin.name_keys(name)
        migrant = rng.random() < 0.15
        member_rows.append(dict(
            village_id=village_id, name=name, name_pinyin=full, name_initials=initials, name_sort=order,
            gender=rng.choice("男男女"), ethnicity="汉族",
            birth_date=datetime.date(rng.randint(1945, 2000), rng.randint(1, 12), rng.randint(1, 28)),
            phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            education=rng.choice(("初中", "高中", "大专")),
            join_date=datetime.date(rng.randint(1970, 2022), rng.randint(1, 12), 1), membership="正式党员",
            residence="外出" if migrant else "在家", migrant_place="广州" if migrant else "",
            party_group_id=rng.choice(group_ids), post_id=rng.choice(post_ids),
            tier="外出党员" if migrant else rng.choice(TIERS[:2] + TIERS[3:]), skills="",
            home_grid_id=rng.choice(grid_ids), address="", is_committee=0, link_exempt=0, notes="",
            archived=0, archive_reason=""))
    _insert(conn, "member", member_rows)
    member_ids = [r[0] for r in conn.execute("SELECT id FROM member WHERE village_id=? ORDER BY id", (village_id,))]
    household_rows = []
    for n in range(households):
        name = _name(rng)
        full, initials, order = pinyin.name_keys(name)
        household_rows.append(dict(
            village_id=village_id, grid_id=grid_ids[n * len(grid_ids) // households],
            door_number=f"{n + 1}号", door_sort=n + 1, head_name=name, head_pinyin=full, head_initials=initials,
            head_sort=order,
            phone=f"15{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}", address="", size=rng.randint(1, 6),
            work_place="", industry_association="", notes="", archived=0, archive_reason=""))
    _insert(conn, "household", household_rows)
    household_ids = [r[0] for r in conn.execute(
        "SELECT id FROM household WHERE village_id=? ORDER BY id", (village_id,))]
    # Most households linked (the last few not, so "unlinked" exists).
    linked = household_ids[: max(1, len(household_ids) * 95 // 100)]
    pairs = [(member_ids[n * len(member_ids) // len(linked)], h) for n, h in enumerate(linked)]
    _insert(conn, "link", [dict(member_id=m, household_id=h, mode=rng.choice(LINK_MODES),
                                start_date=datetime.date(year - 1, 1, 1), end_reason="") for m, h in pairs])
    visit_rows = []
    today = datetime.date.today()
    for member_id, household_id in pairs:
        for k in range(visits_per_household):
            # About monthly, going back from today.
            day = today - datetime.timedelta(days=k * 30 + rng.randint(0, 27))
            visit_rows.append(dict(
                village_id=village_id, member_id=member_id, household_id=household_id, date=day,
                form=rng.choice(VISIT_FORMS), duties=rng.randint(1, (1 << len(DUTIES)) - 1),
                content=rng.choice(("了解家中生产生活情况", "宣传医保缴费政策", "调解邻里宅基地纠纷",
                                    "查看房屋安全隐患", "帮助联系务工信息"))))
        if len(visit_rows) > 20000:
            _insert(conn, "visit", visit_rows)
            visit_rows = []
    _insert(conn, "visit", visit_rows)
    _insert(conn, "meeting", [dict(village_id=village_id, date=datetime.date(year, month, 10), kind="主题党日",
                                   topic=f"{month}月主题党日", notes="") for month in (1, 2, 3)])
    meeting_ids = [r[0] for r in conn.execute("SELECT id FROM meeting WHERE village_id=?", (village_id,))]
    _insert(conn, "attendance", [dict(meeting_id=mt, member_id=m, status=rng.choice(("出席", "出席", "请假")))
                                 for mt in meeting_ids for m in member_ids])
