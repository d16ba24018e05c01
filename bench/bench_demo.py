"""The demo generator against a raw ``executemany`` of the very rows it writes.

Each run, in a fresh interpreter and into a fresh database file:

* demo: ``demo.generate(scale, seed)`` with the same seed every run (so every
  run writes the same rows; only uuids and timestamps differ);
* baseline: the rows of a database generated with that seed, read into
  memory before the clock starts, then written with one ``executemany`` per
  table in one transaction — the same tables and columns, the same schema
  and triggers, and what the generator does around its writes done alike
  (the visit indexes built after the load, the change log paused for visits
  and requests, foreign keys checked at commit) — with nothing generated.

The generator's time over the baseline's is what making the rows costs on
top of writing them (budget ≤ 1.5). Prints every run and the medians.

    python bench/bench_demo.py [--runs 3] [--scale township|village] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, peak_rss_mb  # noqa: E402


def _rows_of(source: Path) -> list[tuple[str, list[str], list[tuple]]]:
    """(table, columns, rows) of every table the generator fills, parents first."""
    from lianhu_desktop.store.models import ALL_MODELS, LOG_MODELS

    connection = sqlite3.connect(source)
    try:
        tables = []
        for model in ALL_MODELS:
            if model in LOG_MODELS:
                continue
            table = model._meta.table_name
            columns = [f.column_name for f in model._meta.sorted_fields]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = connection.execute(f'SELECT {quoted} FROM "{table}" ORDER BY id').fetchall()
            if rows:
                tables.append((table, columns, rows))
        return tables
    finally:
        connection.close()


def baseline(source: Path, target: Path) -> tuple[float, int]:
    """Seconds to write the rows of ``source`` into a fresh database at ``target``; the row count."""
    from lianhu_desktop.domain import demo
    from lianhu_desktop.store import changelog
    from lianhu_desktop.store import db as store_db
    from lianhu_desktop.store.models import database

    tables = _rows_of(source)
    store_db.open_database(target, create=True)
    try:
        started = time.perf_counter()
        with database.atomic(), changelog.row_log_paused(database, ("visit", "request")):
            database.execute_sql("PRAGMA defer_foreign_keys = ON")
            with demo._visit_indexes_deferred():
                cursor = database.cursor()
                try:
                    for table, columns, rows in tables:
                        quoted = ", ".join(f'"{c}"' for c in columns)
                        marks = ", ".join("?" * len(columns))
                        cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)
                finally:
                    cursor.close()
        return time.perf_counter() - started, sum(len(rows) for _, _, rows in tables)
    finally:
        store_db.close_database()


def generate(target: Path, scale: str, seed: int) -> tuple[float, dict]:
    from lianhu_desktop.domain import demo
    from lianhu_desktop.store import db as store_db

    store_db.open_database(target, create=True)
    try:
        started = time.perf_counter()
        s = demo.generate(scale, seed)
        seconds = time.perf_counter() - started
        return seconds, {"villages": s.villages, "members": s.members, "households": s.households,
                         "links": s.links, "visits": s.visits, "requests": s.requests}
    finally:
        store_db.close_database()


def measure_task(what: str, scale: str, seed: int, folder: str, source: str | None = None) -> dict:
    """Child task: one generation (``demo``) or one baseline copy of ``source`` (``executemany``)."""
    import lianhu_desktop.domain.demo  # noqa: F401 (loaded before the clock on both sides)

    target = Path(folder) / f"{what}.db"
    for leftover in Path(folder).glob(f"{what}.db*"):
        leftover.unlink()
    if what == "demo":
        seconds, counts = generate(target, scale, seed)
    else:
        seconds, rows = baseline(Path(source), target)
        counts = {"rows": rows}
    return {"wall": seconds, **counts, "bytes": target.stat().st_size, "peak_rss_mb": peak_rss_mb()}


def _child(args: dict) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.child", "demo", json.dumps(args)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1].split(" ", 1)[1])


def main(argv=None) -> int:
    from lianhu_desktop.domain import demo

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="number of runs (default 3)")
    parser.add_argument("--scale", choices=sorted(demo.SCALES), default="township")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {"demo": [], "executemany": []}
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as folder:
        source = Path(folder) / "source.db"
        generate(source, args.scale, args.seed)
        for run in range(1, args.runs + 1):
            for what in times:
                r = _child({"what": what, "scale": args.scale, "seed": args.seed, "folder": folder,
                            "source": str(source)})
                times[what].append(r["wall"])
                print(f"run {run} {what:11} {r['wall']:6.2f} s  " +
                      " ".join(f"{k}={v}" for k, v in r.items() if k not in ("wall", "peak_rss_mb")), flush=True)
    demo_s, base_s = statistics.median(times["demo"]), statistics.median(times["executemany"])
    print(f"{args.scale} demo, seed {args.seed}, {args.runs} runs: median {demo_s:.2f} s "
          f"(min {min(times['demo']):.2f}, max {max(times['demo']):.2f}); raw executemany {base_s:.2f} s; "
          f"ratio {demo_s / base_s:.2f} (budget ≤ 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
