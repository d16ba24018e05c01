"""Township timings of linking on the demo: coverage, proposals, the map board, accepting proposals.

The township demo (``python -m bench``'s cached one, seed 1) links every
household; a copy of it has one link in ten ended (``end_links``, every
tenth active link by id, as households moving out would leave them), so
about 5,000 households wait for a member. On that copy the script reports
medians of ``--runs`` runs (after one uncounted call) of
``coverage_report()``, ``propose()`` for every village in each mode and
``load_board()`` of one village and of the township, and of ``accept()`` of
all proximity proposals: each accept on a fresh copy, in a fresh
interpreter (it writes ~5,000 links).

    python bench/bench_proposals.py [--db PATH] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, copy_database, demo_database, timed  # noqa: E402

MODES = ("就近就地", "能力分类", "产业协会")
UNLINK_EVERY = 10


def unlink_some(db: str) -> dict:
    """Child task: end every tenth active link of ``db`` (the prepared copy)."""
    from lianhu_desktop.domain import linking
    from lianhu_desktop.domain.rules import active_link
    from lianhu_desktop.store import db as store_db
    from lianhu_desktop.store.models import database

    store_db.open_database(Path(db))
    try:
        households = [h for (h,) in database.execute_sql(
            f"SELECT l.household_id FROM link l WHERE {active_link()} ORDER BY l.id")][::UNLINK_EVERY]
        linking.end_links(households, "迁出", datetime.date.today())
        return {"unlinked": len(households)}
    finally:
        store_db.close_database()


def reads_task(db: str, runs: int) -> dict:
    """Child task: medians of the reads (coverage, proposals per mode, boards)."""
    from lianhu_desktop.domain.coverage import coverage_report
    from lianhu_desktop.domain.linkboard import load_board
    from lianhu_desktop.domain.proposals import propose
    from lianhu_desktop.store import db as store_db
    from lianhu_desktop.store.models import Village

    store_db.open_database(Path(db))
    try:
        first = Village.select(Village.id).order_by(Village.sort_order, Village.id).scalar()
        report = coverage_report()
        out = {"unlinked": report["totals"]["unlinked"], "coverage": timed(coverage_report, runs)}
        for mode in MODES:
            out[f"propose {mode}"] = timed(lambda mode=mode: propose(None, mode), runs)
            out[f"proposals {mode}"] = len(propose(None, mode))
        out["board, one village"] = timed(lambda: load_board(first), runs)
        out["board, township"] = timed(lambda: load_board(None), runs)
        return out
    finally:
        store_db.close_database()


def accept_task(db: str, folder: str) -> dict:
    """Child task: accept every proximity proposal, on a fresh copy of ``db``."""
    from lianhu_desktop.domain.proposals import accept, propose
    from lianhu_desktop.store import db as store_db

    copy = copy_database(Path(db), Path(folder) / "accept.db")
    store_db.open_database(copy)
    try:
        proposals = propose(None, MODES[0])
        started = time.perf_counter()
        links = accept(proposals, MODES[0])
        return {"wall": time.perf_counter() - started, "links": len(links)}
    finally:
        store_db.close_database()


def measure_task(task: str, **args) -> dict:
    return {"unlink": unlink_some, "reads": reads_task, "accept": accept_task}[task](**args)


def _child(args: dict) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.child", "proposals", json.dumps(args)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1].split(" ", 1)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a township demo database (default: the suite's cached one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", default=str(ROOT / ".bench-cache"))
    args = parser.parse_args()
    source = Path(args.db) if args.db else demo_database(Path(args.cache), "township")
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as folder:
        prepared = copy_database(source, Path(folder) / "prepared.db")
        print(f"{_child({'task': 'unlink', 'db': str(prepared)})['unlinked']} links ended "
              f"(every {UNLINK_EVERY}th) in a copy of {source}", flush=True)
        reads = _child({"task": "reads", "db": str(prepared), "runs": args.runs})
        print(f"{reads.pop('unlinked')} households unlinked")
        for name, value in reads.items():
            if isinstance(value, list):
                print(f"{name}: median {statistics.median(value) * 1000:.0f} ms "
                      f"(min {min(value) * 1000:.0f}, max {max(value) * 1000:.0f})")
            else:
                print(f"{name}: {value}")
        accepts = [_child({"task": "accept", "db": str(prepared), "folder": folder}) for _ in range(args.runs)]
        walls = [a["wall"] for a in accepts]
        print(f"accept(all {accepts[0]['links']} proximity proposals), each on a fresh copy: median "
              f"{statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f})")


if __name__ == "__main__":
    main()
