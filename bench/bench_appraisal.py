"""Timing of the year-end appraisal's totals and grades for a whole township.

Builds (or reuses, with --db, on a copy) a township demo database (20
villages, ~2,000 members, ~50,000 households, ~600,000 visits), opens each
village's appraisal of the demo's year, scores every manual item of every
member and enters a double-entered ballot per member and per 群众代表 (30 a
village) grading every member (``--no-ballots``: none; the default schemes'
民主测评 item then waits for them and no grade is given). Then times
``appraisal.township_results(year)``: every member's automatic items from
the year's records, totals, grades, ranks and ballot counts; ``--runs``
runs after one warm-up, wall-clock and process-CPU medians (the CPU figure
is steadier on a shared machine). Budget (issue 12):
2,000 members ≤ 500 ms.

    python bench/bench_appraisal.py [--db PATH] [--runs 7] [--no-ballots]
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from peewee import chunked

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import medians_ms as timed  # noqa: E402
from lianhu_desktop.domain import appraisal, ballots, demo
from lianhu_desktop.domain.appraisal_types import appraisal_for
from lianhu_desktop.domain.vocab import GRADES
from lianhu_desktop.store import ballot_agreement
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Appraisal, Ballot, BallotGrade, Score, Village, Visit, database

REPRESENTATIVES = 30  # 群众代表 per village



def fill(year: int, ballots: bool, rng: random.Random) -> tuple[int, int]:
    """Score every manual item of every member; with ``ballots`` enter the ballots. Returns (scores, grades)."""
    scores, grades = [], []
    with database.atomic():
        for village in Village.select():
            row = appraisal.open_appraisal(village.id, year)
            in_use = appraisal.schemes.schemes_in_use(village.id, year)
            members = appraisal.appraised_members(village.id, year)
            for member in members:
                for item in in_use[member.tier].items:
                    if item.source == "手工":
                        tenths = rng.choice((item.max_tenths, item.max_tenths, item.max_tenths - 5))
                        scores.append({"appraisal": row.id, "member": member.id, "item": item.id, "tenths": tenths,
                                       "note": "" if tenths == item.max_tenths else "按支委会评议"})
            if not ballots:
                continue
            voters = ["党员"] * len(members) + ["群众代表"] * REPRESENTATIVES
            for serial, kind in enumerate(voters, start=1):
                marks = {m.id: rng.choices(GRADES, (60, 35, 4, 1))[0] for m in members}
                for entry in (1, 2):
                    ballot = Ballot.create(appraisal=row.id, serial=serial, entry=entry, voter_kind=kind)
                    grades += [{"ballot": ballot.id, "member": mid, "grade": grade} for mid, grade in marks.items()]
            row.ballots_issued = len(voters)
            row.save()
        for part in chunked(scores, 500):
            Score.insert_many(part).execute()
        for part in chunked(grades, 500):
            BallotGrade.insert_many(part).execute()
        if ballots:  # written past the domain's write side: their agreement is stored as it would have stored it
            for appraisal_id in {row.id for row in Appraisal.select(Appraisal.id).where(Appraisal.year == year)}:
                ballot_agreement.refresh(appraisal_id)
    return len(scores), len(grades)


def demo_year() -> int:
    """The year of the demo's last visit (the demo ends today: the year being appraised)."""
    last = Visit.select(Visit.date).order_by(Visit.date.desc()).scalar()
    return (last if isinstance(last, datetime.date) else datetime.date.fromisoformat(str(last))).year


def fill_task(db: str) -> dict:
    """Child task of the suite (``bench.suite``): ``fill`` the database file ``db`` (a copy of the
    demo) with every manual score and the ballots, as at the end of the appraisal meeting."""
    store_db.open_database(Path(db))
    try:
        year = demo_year()
        scores, grades = fill(year, True, random.Random(1))
        return {"year": year, "scores": scores, "grades": grades}
    finally:
        store_db.close_database()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing township demo database (copied, never changed)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-ballots", dest="ballots", action="store_false",
                        help="enter no ballots (only the manual scores)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as folder:
        path = Path(folder) / "township.db"
        if args.db:
            shutil.copy(args.db, path)
        store_db.open_database(path, create=args.db is None)
        try:
            if args.db is None:
                print("building the township demo …", flush=True)
                demo.generate("township", 1)
            year = demo_year()
            started = time.perf_counter()
            scores, grades = fill(year, args.ballots, random.Random(1))
            print(f"scored {scores} manual items, entered {grades} ballot grades "
                  f"({time.perf_counter() - started:.1f} s)", flush=True)
            found = appraisal.township_results(year)
            members = [m for results in found for m in results.members]
            graded = sum(1 for m in members if m.grade)
            print(f"year {year}: {len(found)} villages, {len(members)} members, {graded} graded, "
                  f"{Visit.select().count()} visits in the database")
            counting, _ = timed(lambda: [ballots.count(row, len(r.members)) for r in found
                                         if (row := appraisal_for(r.village_id, year)) is not None], 3)
            print(f"of which counting the ballots (ballots.count, every village): median wall {counting:.0f} ms")
            wall, cpu = timed(lambda: appraisal.township_results(year), args.runs)
            print(f"township results: median wall {wall:.0f} ms, cpu {cpu:.0f} ms over {args.runs} runs "
                  "(budget 500 ms)")
            village = found[0]
            wall, cpu = timed(lambda: appraisal.results(village.village_id, year), args.runs)
            print(f"one village ({village.village_name}, {len(village.members)} members): "
                  f"median wall {wall:.0f} ms, cpu {cpu:.0f} ms")
        finally:
            store_db.close_database()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
