"""Check that two revisions compute the same appraisal results on the same database.

For a speed-up of the year's figures or the ballot count: runs this tree and
an earlier revision (``--rev``, exported with ``git archive``) each in a child
interpreter on its own copy of the database, and compares what they compute:

- ``appraisal.township_results(year, today)`` in full (every member's items
  with points and computation texts, totals, grades, ranks, ballot counts,
  sums) for several days of reckoning: before the year, in it, at its last
  month and after it;
- ``compliance.member_year`` for the whole township and for each village;
- the seal: every village's appraisal sealed (the time of sealing fixed) in
  a transaction that is then rolled back, with the seal's digest and the
  sealed results read back.

Prints the figures compared and the first difference; exits 1 on any.

    python bench/compare_appraisal.py --db township.db [--rev HEAD] [--year 2026]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import dataclasses, datetime, json, sys
root, path, year, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, root)
from lianhu_desktop.domain import appraisal, appraisal_seal, compliance
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Village, database

store_db.open_database(path, create=False)
found = {}
days = [datetime.date(year, 1, 1) - datetime.timedelta(days=1), datetime.date(year, 1, 20), datetime.date(year, 6, 30),
        datetime.date(year, 7, 1), datetime.date(year, 12, 2), datetime.date(year + 1, 3, 1)]
villages = [v.id for v in Village.select().order_by(Village.sort_order, Village.id)]
for day in days:
    found[f"results {day}"] = [dataclasses.asdict(r) for r in appraisal.township_results(year, day)]
    for vid in [None, *villages]:
        found[f"member_year {day} village {vid}"] = {
            str(k): dataclasses.astuple(v) for k, v in compliance.member_year(year, vid, day).items()}


class Rollback(Exception):
    pass


sealed_at = datetime.datetime(year + 1, 1, 10, 9, 30, 0)
appraisal_seal.now = lambda: sealed_at
day = datetime.date(year + 1, 1, 10)
try:
    with database.atomic():
        codes = {}
        for vid in villages:
            try:
                codes[str(vid)] = appraisal_seal.seal(vid, year, day).digest
            except Exception as error:  # a year that cannot be sealed says why, the same in both
                codes[str(vid)] = f"{type(error).__name__}: {error}"
        found["seals"] = codes
        found["sealed results"] = [dataclasses.asdict(r) for r in appraisal.township_results(year, day)]
        raise Rollback
except Rollback:
    pass
store_db.close_database()
with open(out, "w", encoding="utf-8") as handle:
    json.dump(found, handle, ensure_ascii=False, sort_keys=True, default=str)
'''


def run(root: Path, database: Path, year: int, folder: Path, name: str) -> dict:
    copy = folder / f"{name}.db"
    shutil.copy(database, copy)
    out = folder / f"{name}.json"
    subprocess.run([sys.executable, "-c", CHILD, str(root), str(copy), str(year), str(out)], check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def first_difference(a, b, where: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{where}: {a!r} ≠ {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}/{key}: only in {'the new' if key in b else 'the old'}"
            found = first_difference(a[key], b[key], f"{where}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} ≠ {len(b)} entries"
        for index, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{where}[{index}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r} ≠ {b!r}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the database (copied, never changed)")
    parser.add_argument("--rev", default="HEAD", help="the revision to compare this tree with")
    parser.add_argument("--year", type=int, default=None, help="the year (default: that of the last visit)")
    args = parser.parse_args(argv)
    year = args.year
    if year is None:
        import sqlite3

        with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as connection:
            year = int(str(connection.execute("SELECT MAX(date) FROM visit").fetchone()[0])[:4])
    with tempfile.TemporaryDirectory(prefix="lianhu-compare-") as name:
        folder = Path(name)
        old_root = folder / "old"
        old_root.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.rev], check=True, capture_output=True).stdout
        (folder / "old.tar").write_bytes(archive)
        with tarfile.open(folder / "old.tar") as tar:
            tar.extractall(old_root, filter="data")
        old = run(old_root, args.db, year, folder, "old")
        new = run(ROOT, args.db, year, folder, "new")
    members = sum(len(r["members"]) for key, value in old.items() if key.startswith("results") for r in value)
    items = sum(len(m["items"]) for key, value in old.items() if key.startswith("results")
                for r in value for m in r["members"])
    print(f"year {year}: {len(old)} figures compared ({members} member results, {items} item results, "
          f"{len(old.get('seals', {}))} seals)")
    for key in ("seals",):
        digest = hashlib.sha256(json.dumps(old.get(key), sort_keys=True).encode()).hexdigest()[:16]
        print(f"{key}: old {digest}, new "
              f"{hashlib.sha256(json.dumps(new.get(key), sort_keys=True).encode()).hexdigest()[:16]}")
    difference = first_difference(old, new)
    if difference:
        print(f"DIFFERENT {args.rev} vs this tree: {difference}")
        return 1
    print(f"identical: {args.rev} and this tree")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
