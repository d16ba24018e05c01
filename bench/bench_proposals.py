"""Township-scale timings of linking: coverage, proposals and the map board.

Builds a township (20 villages × 2,500 households, 300 members each, 10 % of
households unlinked) in a temporary database, then reports the median of
several runs of ``coverage_report()``, ``propose()`` for every village in
each mode, and ``load_board()`` of one village and of the township.

    python bench/bench_proposals.py [--villages 20] [--households 2500] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import tempfile
import time
from pathlib import Path

from peewee import chunked

from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import (
    Grid, Household, HouseholdTag, Link, Member, Village, Visit, database, new_uuid, now,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国军华明强伟芳秀英玉兰海波志刚春梅桂香金凤永福德胜丽娟小红国庆文学平安"
CITIES = ("深圳市", "广州市", "东莞市", "杭州市", "苏州市")
ASSOCIATIONS = ("蔬菜种植协会", "生猪养殖协会", "果业协会")
SKILLS = ("种植技术", "养殖技术", "农机维修", "法律政策", "经商致富", "医疗卫生")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def make_township(villages: int = 20, households: int = 2500, members: int = 300,
                  grids: int = 10, unlinked: float = 0.10, seed: int = 1) -> None:
    """Fill the bound (empty) database with a township; bulk inserts, one transaction."""
    rng = random.Random(seed)
    stamp = now()
    base = {"created_at": stamp, "updated_at": stamp}
    today = datetime.date.today()
    with database.atomic():
        for v in range(villages):
            village = Village.create(name=f"第{v + 1}村", township="示范镇", branch_name=f"第{v + 1}村党支部",
                                     supervision_phone="0931-8123456", sort_order=v)
            grid_ids = [Grid.create(village=village, name=f"{g + 1}组", sort_order=g).id for g in range(grids)]
            rows, tags = [], []
            for i in range(households):
                rows.append(base | {
                    "uuid": new_uuid(), "village": village.id, "grid": grid_ids[i * grids // households],
                    "door_number": f"{i + 1}号", "door_sort": i + 1, "head_name": _name(rng),
                    "phone": f"13{rng.randrange(10**9):09d}",
                    "work_place": rng.choice(CITIES) if rng.random() < 0.05 else "",
                    "industry_association": rng.choice(ASSOCIATIONS) if rng.random() < 0.10 else ""})
            for chunk in chunked(rows, 400):
                Household.insert_many(chunk).execute()
            house_ids = [h for (h,) in Household.select(Household.id).where(Household.village == village)
                         .order_by(Household.door_sort).tuples()]
            grid_of = {row_id: rows[i]["grid"] for i, row_id in enumerate(house_ids)}
            for i, hid in enumerate(house_ids):
                if rows[i]["work_place"]:
                    tags.append(base | {"uuid": new_uuid(), "household": hid, "tag": "外出户"})
                for tag, share in (("专业户", 0.05), ("上访户", 0.01), ("困难户", 0.05)):
                    if rng.random() < share:
                        tags.append(base | {"uuid": new_uuid(), "household": hid, "tag": tag})
            for chunk in chunked(tags, 400):
                HouseholdTag.insert_many(chunk).execute()
            member_rows = []
            for m in range(members):
                migrant = rng.random() < 0.05
                member_rows.append(base | {
                    "uuid": new_uuid(), "village": village.id, "name": _name(rng), "name_pinyin": f"m{m:04d}",
                    "phone": f"139{rng.randrange(10**8):08d}", "residence": "外出" if migrant else "在家",
                    "migrant_place": rng.choice(CITIES) if migrant else "",
                    "skills": "、".join(rng.sample(SKILLS, rng.choice((0, 1, 2)))),
                    "home_grid": grid_ids[m * grids // members], "is_committee": m % 50 == 0,
                    "link_exempt": rng.random() < 0.03,
                    "household": house_ids[rng.randrange(households)]})
            for chunk in chunked(member_rows, 400):
                Member.insert_many(chunk).execute()
            member_ids = [m for (m,) in Member.select(Member.id).where(Member.village == village)
                          .order_by(Member.id).tuples()]
            by_grid: dict[int, list[int]] = {}
            for index, mid in enumerate(member_ids):
                by_grid.setdefault(member_rows[index]["home_grid"], []).append(mid)
            links, visits, turn = [], [], {}
            for hid in house_ids:
                if rng.random() < unlinked:
                    continue
                pool = by_grid[grid_of[hid]]
                k = turn.get(grid_of[hid], 0)
                turn[grid_of[hid]] = k + 1
                mid = pool[k % len(pool)]
                links.append(base | {"uuid": new_uuid(), "member": mid, "household": hid, "mode": "就近就地",
                                     "start_date": datetime.date(today.year, 1, 1)})
                if rng.random() < 0.7:
                    visits.append(base | {"uuid": new_uuid(), "village": village.id, "member": mid,
                                          "household": hid, "date": today.replace(day=1)})
            for chunk in chunked(links, 400):
                Link.insert_many(chunk).execute()
            for chunk in chunked(visits, 400):
                Visit.insert_many(chunk).execute()


def _median(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    from lianhu_desktop.domain.coverage import coverage_report
    from lianhu_desktop.domain.linkboard import load_board
    from lianhu_desktop.domain.proposals import accept, propose

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=20)
    parser.add_argument("--households", type=int, default=2500)
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store_db.open_database(Path(folder) / "bench.db", create=True)
        start = time.perf_counter()
        make_township(args.villages, args.households, args.members)
        print(f"township built in {time.perf_counter() - start:.1f} s: "
              f"{Household.select().count()} households, {Member.select().count()} members, "
              f"{Link.select().count()} links")
        seconds, report = _median(coverage_report, args.runs)
        print(f"coverage_report(): median {seconds * 1000:.0f} ms "
              f"({report['totals']['unlinked']} unlinked, {report['totals']['percent']} %)")
        for mode in ("就近就地", "能力分类", "产业协会"):
            seconds, proposals = _median(lambda mode=mode: propose(None, mode), args.runs)
            print(f"propose(all villages, {mode}): median {seconds * 1000:.0f} ms, {len(proposals)} proposals")
        first = Village.select().order_by(Village.id).first().id
        seconds, board = _median(lambda: load_board(first), args.runs)
        print(f"load_board(one village): median {seconds * 1000:.0f} ms, {board.households} households")
        seconds, board = _median(lambda: load_board(None), args.runs)
        print(f"load_board(township): median {seconds * 1000:.0f} ms, {board.households} households")
        proposals = propose(None, "就近就地")
        start = time.perf_counter()
        links = accept(proposals, "就近就地")
        print(f"accept(all {len(proposals)} proximity proposals): {time.perf_counter() - start:.2f} s, "
              f"{len(links)} links; coverage now {coverage_report()['totals']['percent']} %")
        store_db.close_database()


if __name__ == "__main__":
    main()
