"""Merging the 20 villages of the township demo, against a plain copy of the same rows.

The township demo (``lianhu demo --scale township``: 20 villages, ~2,000
members, ~50,000 households, ~600,000 visits) is generated once and split
into 20 sealed village packages. Then, each run into a fresh empty township
database file:

* baseline: the same rows (the carried tables of all 20 villages) read from
  the demo database and written with one ``executemany`` per table, in one
  transaction, ids kept (no uuid matching, no key translation);
* merge: ``merge_packages`` of the 20 packages (decrypt, check, load,
  match by uuid, translate keys, insert, one transaction per package);
* re-merge: the same 20 packages again (each is recognised as merged);
* fresh re-merge: 20 packages written anew from the unchanged villages,
  every row compared and found unchanged.

Prints every run and the medians. The issue's budget: merge <= 2 x baseline,
re-merge <= 10 % of the merge.

    python bench/bench_merge.py [--runs 3]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from lianhu_desktop.domain import demo
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store import merge, ownership, package
from lianhu_desktop.store.models import Village, database

PASS = "bench-passphrase"


def make_packages(folder: Path, name: str) -> list[Path]:
    store_db.open_database(folder / "demo.db", create=True)
    try:
        if store_db.is_empty():
            demo.generate("township", 1)
        ids = [v.id for v in Village.select().order_by(Village.id)]
        out = folder / name
        out.mkdir(exist_ok=True)
        return [package.write_package(out / f"{i}.lhpkg", PASS, i)[1] for i in ids]
    finally:
        store_db.close_database()


def baseline(folder: Path, target: Path) -> float:
    store_db.open_database(target, create=True)
    source = sqlite3.connect(folder / "demo.db")
    try:
        started = time.perf_counter()
        with database.atomic():
            # Parents and children arrive in table order (a group's leader is a
            # member): check the keys at commit, as one transaction does anyway.
            database.execute_sql("PRAGMA defer_foreign_keys = ON")
            cursor = database.cursor()
            for model in ownership.carried_models():
                table = model._meta.table_name
                columns = ", ".join(f'"{f.column_name}"' for f in model._meta.sorted_fields)
                marks = ", ".join("?" * len(model._meta.sorted_fields))
                rows = source.execute(f'SELECT {columns} FROM "{table}"').fetchall()
                cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)
        return time.perf_counter() - started
    finally:
        source.close()
        store_db.close_database()


def timed_merge(target: Path, packages: list[Path]) -> tuple[float, list]:
    store_db.open_database(target, create=True)
    try:
        started = time.perf_counter()
        results = merge.merge_packages(packages, PASS)
        return time.perf_counter() - started, results
    finally:
        store_db.close_database()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="number of runs (default 3)")
    args = parser.parse_args(argv)
    figures: dict[str, list[float]] = {"baseline": [], "merge": [], "re-merge": [], "fresh re-merge": []}
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as name:
        folder = Path(name)
        started = time.perf_counter()
        packages = make_packages(folder, "first")
        fresh = make_packages(folder, "fresh")
        print(f"demo and 2 x 20 packages: {time.perf_counter() - started:.1f} s")
        for run in range(1, args.runs + 1):
            figures["baseline"].append(baseline(folder, folder / f"copy{run}.db"))
            target = folder / f"township{run}.db"
            seconds, results = timed_merge(target, packages)
            rows = sum(c.inserted for r in results for c in r.tables.values())
            figures["merge"].append(seconds)
            seconds, results = timed_merge(target, packages)
            assert all(r.status == "already" for r in results)
            figures["re-merge"].append(seconds)
            seconds, results = timed_merge(target, fresh)
            assert all(r.changed == 0 for r in results), [r.message for r in results]
            figures["fresh re-merge"].append(seconds)
            print(f"run {run}: {rows} rows; " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in figures.items()))
            for path in folder.glob(f"*{run}.db*"):
                path.unlink()
    medians = {k: statistics.median(v) for k, v in figures.items()}
    print("medians: " + ", ".join(f"{k} {v:.2f} s" for k, v in medians.items()))
    print(f"merge / baseline = {medians['merge'] / medians['baseline']:.2f} (budget <= 2)")
    print(f"re-merge / merge = {medians['re-merge'] / medians['merge']:.1%} (budget <= 10 %)")
    print(f"fresh re-merge / merge = {medians['fresh re-merge'] / medians['merge']:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
