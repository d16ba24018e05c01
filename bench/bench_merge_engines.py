"""Two ways to bring villages into the township, measured side by side: our merge of packages against
SQLite's session extension (changesets, through apsw).

    pip install apsw==3.54.1.0          # not a dependency of the program
    python bench/bench_merge_engines.py [--villages 5] [--runs 3]

Both start from the same village snapshots: the packages of the first
``--villages`` villages of the township demo (seed 1, as ``python -m bench``
builds it), each the village's rows and the default schemes they point to.

* ours: ``merge.merge_packages`` of those packages into a fresh township file
  (decrypt, check, load, match rows by uuid, translate keys, insert with the
  triggers of the township file; one transaction per package);
* changesets: the village side records a changeset of the same rows (a session
  on an empty file of the same schema, every carried table filled from the
  snapshot); the township applies the changesets (``Changeset.apply``) to a
  fresh township file with the same triggers and pragmas, one transaction per
  village (the apply's own), a row whose key is already there omitted and counted.

Timed: the township side only (the merge; the apply), medians of ``--runs``,
each into a fresh copy of the same empty township file. Building the
packages and the changesets is the village's side and is reported apart.

Then the reason the keys matter: two villages generated apart (the village
demo with seeds 1 and 2, as two clerks' own files) both number their rows
from 1. Their changesets applied one after the other into one township,
against our merge of their packages: the conflicts (rows omitted) of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_merge import PASS, timed_merge  # noqa: E402
from bench.common import ROOT, copy_database, demo_database  # noqa: E402
from lianhu_desktop.domain import demo  # noqa: E402
from lianhu_desktop.store import db as store_db  # noqa: E402
from lianhu_desktop.store import ownership, package  # noqa: E402
from lianhu_desktop.store.models import Village  # noqa: E402

def packages_of(db: Path, folder: Path, count: int | None) -> tuple[list[Path], float]:
    """The packages of the first ``count`` villages of ``db`` (None: all), and the seconds they took."""
    store_db.open_database(db)
    try:
        ids = [v.id for v in Village.select().order_by(Village.sort_order, Village.id)][:count]
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        paths = [package.write_package(folder / f"{i}.lhpkg", PASS, i)[1] for i in ids]
        return paths, time.perf_counter() - started
    finally:
        store_db.close_database()


def empty_township(path: Path) -> Path:
    """A new township file at the current schema, with the program's triggers, closed."""
    store_db.open_database(path, create=True)
    store_db.close_database()
    return path


def snapshot_file(pkg: Path, out: Path) -> Path:
    """The SQLite image a package carries, as a file (decrypted and checked as the merge does)."""
    manifest, payload, _path = package.read_package(pkg, PASS)
    out.write_bytes(zlib.decompress(payload))
    return out


def _apsw_connection(path: Path):
    import apsw

    connection = apsw.Connection(str(path))
    for name, value in store_db.PRAGMAS.items():
        connection.execute(f"PRAGMA {name} = {value}")
    return connection


def changeset_of(snapshot: Path, empty: Path, work: Path) -> bytes:
    """The changeset of every carried row of ``snapshot``: inserted into a copy of ``empty`` under a
    session attached to the carried tables (the rows the triggers write are not recorded)."""
    import apsw

    target = copy_database(empty, work)
    connection = _apsw_connection(target)
    try:
        connection.execute("ATTACH ? AS v", (str(snapshot),))
        session = apsw.Session(connection, "main")
        tables = [model._meta.table_name for model in ownership.carried_models()]
        for table in tables:
            session.attach(table)
        connection.execute("BEGIN")
        connection.execute("PRAGMA defer_foreign_keys = ON")
        for table in tables:
            connection.execute(f'INSERT INTO main."{table}" SELECT * FROM v."{table}"')
        changeset = session.changeset()
        connection.execute("ROLLBACK")
        session.close()
        return changeset
    finally:
        connection.close()


def apply_changesets(target: Path, changesets: list[bytes]) -> tuple[float, list[dict]]:
    """Apply each changeset in its own transaction; seconds, and per changeset the rows omitted by table."""
    import apsw

    connection = _apsw_connection(target)
    omitted: list[dict] = []
    try:
        started = time.perf_counter()
        for changeset in changesets:
            counts: dict[str, int] = {}

            def conflict(reason, change, counts=counts):
                counts[change.name] = counts.get(change.name, 0) + 1
                return apsw.SQLITE_CHANGESET_OMIT

            # Not inside a transaction of ours: the apply's own savepoint is then the transaction
            # (nested in BEGIN, every statement's savepoint release made it ~40 times slower). It
            # defers the foreign keys itself and checks them at its end.
            apsw.Changeset.apply(changeset, connection, conflict=conflict)
            omitted.append(counts)
        return time.perf_counter() - started, omitted
    finally:
        connection.close()


def _rows(result) -> int:
    return sum(c.inserted for c in result.tables.values())


def _conflicts(result) -> int:
    return len(result.conflicts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench-cache")
    args = parser.parse_args()
    try:
        import apsw  # noqa: F401
    except ImportError:
        sys.exit("apsw is not installed: pip install apsw==3.54.1.0")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        township = demo_database(args.cache, "township")
        packages, built = packages_of(township, folder / "packages", args.villages)
        print(f"{len(packages)} village packages of the township demo: {built:.1f} s")
        empty = empty_township(folder / "empty.db")
        started = time.perf_counter()
        changesets = [changeset_of(snapshot_file(p, folder / f"snap-{i}.db"), empty, folder / "build.db")
                      for i, p in enumerate(packages)]
        print(f"their changesets: {time.perf_counter() - started:.1f} s, "
              f"{sum(len(c) for c in changesets) / 1e6:.1f} MB")
        ours, theirs = [], []
        for run in range(args.runs):
            seconds, results = timed_merge(copy_database(empty, folder / f"ours-{run}.db"), packages)
            ours.append(seconds)
            applied, omitted = apply_changesets(copy_database(empty, folder / f"cs-{run}.db"), changesets)
            theirs.append(applied)
            print(f"run {run + 1}: merge {seconds:.2f} s ({sum(_rows(r) for r in results):,} rows inserted), "
                  f"changesets {applied:.2f} s (rows omitted: {sum(sum(c.values()) for c in omitted):,}, "
                  f"{', '.join(sorted({t for c in omitted for t in c})) or 'none'})")
        m, c = statistics.median(ours), statistics.median(theirs)
        print(f"median: merge {m:.2f} s, changesets {c:.2f} s, merge / changesets {m / c:.2f}")

        # Two villages numbered apart, as two clerks' own files are.
        pair = []
        for seed in (1, 2):
            own = folder / f"village-{seed}.db"
            store_db.open_database(own, create=True)
            demo.generate("village", seed)
            name = Village.select().first().name
            store_db.close_database()
            pkg, _ = packages_of(own, folder / f"own-{seed}", None)
            pair.append((seed, name, pkg[0]))
        print("two villages generated apart: " + ", ".join(f"seed {s} “{n}”" for s, n, _ in pair))
        _seconds, results = timed_merge(copy_database(empty, folder / "pair-ours.db"), [p for *_, p in pair])
        for (seed, _name, _pkg), result in zip(pair, results):
            print(f"  merge, seed {seed}: {result.status}, {_rows(result):,} rows inserted, "
                  f"{_conflicts(result)} conflicts")
        snapshots = [snapshot_file(p, folder / f"pair-{s}.db") for s, _, p in pair]
        changes = [changeset_of(s, empty, folder / "build.db") for s in snapshots]
        _seconds, omitted = apply_changesets(copy_database(empty, folder / "pair-cs.db"), changes)
        for (seed, _, _), counts in zip(pair, omitted):
            print(f"  changeset, seed {seed}: rows omitted {sum(counts.values()):,}"
                  + (" (" + ", ".join(f"{t} {n:,}" for t, n in sorted(counts.items())) + ")" if counts else ""))


if __name__ == "__main__":
    main()
