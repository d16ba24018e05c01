"""Timing of monthly compliance (一次) and the year's matrix on a township demo.

Builds (or reuses, with --db) a township demo database (20 villages, ~50,000
households, ~600,000 visits), then times, each ``--runs`` times after one
warm-up run: the whole township's month (``monthly_compliance``), and the
year's matrix of each of ``--villages`` villages (``year_matrix``). Prints
wall-clock and process-CPU medians: the CPU figure is steadier on a shared
machine. Budgets (issue 11): township month ≤ 300 ms, one village's matrix ≤ 300 ms.

    python bench/bench_compliance.py [--db PATH] [--runs 5] [--villages 3]
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import medians_ms as timed  # noqa: E402
from lianhu_desktop.domain import compliance, demo
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Village, Visit



def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing township database (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--villages", type=int, default=3, help="how many villages' matrices to time")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as folder:
        path = args.db or Path(folder) / "township.db"
        store_db.open_database(path, create=args.db is None)
        try:
            if args.db is None:
                print("building the township demo …", flush=True)
                demo.generate("township", 1)
            last = Visit.select(Visit.date).order_by(Visit.date.desc()).scalar()
            last = last if isinstance(last, datetime.date) else datetime.date.fromisoformat(str(last))
            # The last complete month: every visit of it is in the data.
            month = (last.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
            report = compliance.monthly_compliance(month)
            t = report["totals"]
            print(f"month {report['month']}: {t['villages']} villages, {t['households']} households, "
                  f"{t['visited']} visited, {Visit.select().count()} visits in the database")
            wall, cpu = timed(lambda: compliance.monthly_compliance(month), args.runs)
            print(f"township month: median wall {wall:.0f} ms, cpu {cpu:.0f} ms (budget 300 ms)")
            for village in Village.select().order_by(Village.sort_order).limit(args.villages):
                matrix = compliance.year_matrix(village.id, month.year)
                wall, cpu = timed(lambda v=village.id: compliance.year_matrix(v, month.year), args.runs)
                print(f"year matrix {village.name} ({len(matrix.rows)} pairs): "
                      f"median wall {wall:.0f} ms, cpu {cpu:.0f} ms (budget 300 ms)")
        finally:
            store_db.close_database()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
