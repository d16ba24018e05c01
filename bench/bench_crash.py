"""Crash bench: SIGKILL at random moments during writes, then check nothing is lost or half-written.

    python bench/bench_crash.py [--runs N] [--seed S] [--folder DIR]

Scenarios (each run kills one child process at a random moment):
  demo     township demo generation into an empty database
  import   a households import of the township's 50,000 rows into a new village
  restore  a restore of a township backup over a village database
  print    door plates for a township village into a file that already exists

After each kill: SQLite's integrity check passes; the demo is all there or
not at all; the import is all there or not at all; after a restore the
database is the old one or the new one; an output file is the old one or a
complete new one. POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIANHU = [sys.executable, "-m", "lianhu_desktop"]


def run(*args, check=True):
    result = subprocess.run([*LIANHU, *map(str, args)], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"{args}: {result.stderr}")
    return result


def killed(args, delay: float) -> bool:
    """Start ``lianhu args``, SIGKILL it after ``delay`` s; True if it was still running."""
    child = subprocess.Popen([*LIANHU, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    alive = child.poll() is None
    if alive:
        child.send_signal(signal.SIGKILL)
    child.wait()
    return alive


def counts(db: Path) -> dict:
    connection = sqlite3.connect(db)
    try:
        ok = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fk = not connection.execute("PRAGMA foreign_key_check").fetchall()
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "village" not in tables:  # killed before the first migration committed: nothing there
            return {"ok": ok and fk, "village": 0, "member": 0, "household": 0, "link": 0, "visit": 0}
        numbers = {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                   for t in ("village", "member", "household", "link", "visit")}
        return {"ok": ok and fk, **numbers}
    finally:
        connection.close()


def _mark_phones(sheet: Path) -> int:
    """Give every household of the sheet a new phone, so a half import would show; return how many."""
    import openpyxl

    book = openpyxl.load_workbook(sheet)
    rows = book.active
    header = [str(c.value or "") for c in rows[2]]
    column = next(i for i, h in enumerate(header, 1) if "联系电话" in h)
    marked = 0
    for row in range(3, rows.max_row + 1):
        if rows.cell(row, 2).value:
            rows.cell(row, column).value = f"1390000{marked:04d}"
            marked += 1
    book.save(sheet)
    return marked


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=6, help="kills per scenario")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    folder = Path(options.folder or tempfile.mkdtemp(prefix="lianhu-crash-"))
    folder.mkdir(parents=True, exist_ok=True)

    town = folder / "town.db"
    if not town.exists():
        run("--db", town, "demo", "--scale", "township")
    full = counts(town)
    sheet = folder / "households.xlsx"
    first_village = sqlite3.connect(town).execute("SELECT name FROM village ORDER BY sort_order, id").fetchone()[0]
    run("--db", town, "export", "households", sheet, "--village", first_village, "--full-id")
    marked = _mark_phones(sheet)
    village = folder / "village.db"
    if not village.exists():
        run("--db", village, "demo")
    village_counts = counts(village)

    results = {name: {"runs": 0, "killed": 0, "survived": 0} for name in ("demo", "import", "restore", "print")}
    failures = []

    def record(name, was_killed, good, detail):
        entry = results[name]
        entry["runs"] += 1
        entry["killed"] += was_killed
        entry["survived"] += good
        if not good:
            failures.append((name, detail))

    for index in range(options.runs):
        # demo: empty or complete
        db = folder / f"demo{index}.db"
        db.unlink(missing_ok=True)
        was = killed(["--db", db, "demo", "--scale", "township"], rng.uniform(0.3, 9.0))
        after = counts(db) if db.exists() and db.stat().st_size else {"ok": True, "village": 0, "household": 0}
        whole = after["household"] in (0, full["household"]) and after["village"] in (0, full["village"])
        record("demo", was, after["ok"] and whole, after)

        # import: none or all of the rows
        db = folder / f"import{index}.db"
        shutil.copy(town, db)
        was = killed(["--db", db, "import", "households", sheet, "--village", first_village],
                     rng.uniform(0.3, 3.0))
        after = counts(db)
        connection = sqlite3.connect(db)
        changed = connection.execute("SELECT COUNT(*) FROM household WHERE phone LIKE '1390000%'").fetchone()[0]
        connection.close()
        after["changed"] = changed
        record("import", was, after["ok"] and changed in (0, marked), after)

        # restore: old or new, never a mixture
        db = folder / f"restore{index}.db"
        shutil.copy(village, db)
        was = killed(["--db", db, "restore", town, "--yes"], rng.uniform(0.2, 6.0))
        after = counts(db)
        same = after["household"] in (village_counts["household"], full["household"])
        record("restore", was, after["ok"] and same, after)

        # print: the old file or a complete new one
        out = folder / f"plates{index}.pdf"
        out.write_bytes(b"%PDF-1.4 the previous print\n%%EOF\n")
        old = out.read_bytes()
        was = killed(["--db", town, "print", "doorplate", out, "--village", first_village],
                     rng.uniform(0.3, 3.0))
        data = out.read_bytes() if out.exists() else b""
        good = data == old or (data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"))
        record("print", was, good, len(data))
        for leftover in folder.glob(".*.part"):
            leftover.unlink()

    for name, entry in results.items():
        print(f"{name:<8} runs {entry['runs']:>3}  killed mid-way {entry['killed']:>3}  "
              f"survived {entry['survived']:>3}")
    for name, detail in failures:
        print(f"FAILED {name}: {detail}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
