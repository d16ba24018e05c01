"""Timing of the 民情日记 list on a township year: opening it, jumping to its end, sorting it.

Builds (or reuses, with --db) a township demo database (20 villages, ~600,000
visits, all within the year), then times, each ``--runs`` times, the list
model (``gui.tables.ListingModel`` over ``domain.listing.VISITS``) for every
village's visits since a year ago: ``reload`` (what opening the list or
choosing 近一年 costs), reaching its last row, and sorting it by member.
Prints wall-clock and process-CPU medians: the CPU figure is steadier on a
shared machine. Budget (issue 11): opening ≤ 200 ms.

    python bench/bench_visits_list.py [--db PATH] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import medians_ms as timed  # noqa: E402
from lianhu_desktop.domain import demo, listing  # noqa: E402 - after the platform is chosen
from lianhu_desktop.store import db as store_db  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing township database (default: build one)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from lianhu_desktop.gui.tables import ListingModel

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as folder:
        path = args.db or Path(folder) / "township.db"
        store_db.open_database(path, create=args.db is None)
        try:
            if args.db is None:
                print("building the township demo …", flush=True)
                demo.generate("township", 1)
            model = ListingModel(listing.VISITS)
            model.filters["since"] = datetime.date.today() - datetime.timedelta(days=366)
            model.reload()
            print(f"visits of the township since a year ago: {model.rowCount()} rows")
            for what, prepare, function in (
                    ("open (reload)", lambda: None, model.reload),
                    ("reach the last row", model.reload, lambda: model.row_values(model.rowCount() - 1)),
                    ("sort by member", lambda: model.sort(-1), lambda: model.sort(listing.VISITS.column("member")))):
                wall, cpu = timed(function, args.runs, prepare=prepare, warmup=False)
                budget = " (budget 200 ms)" if what.startswith("open") else ""
                print(f"{what}: median wall {wall:.0f} ms, cpu {cpu:.0f} ms{budget}")
        finally:
            store_db.close_database()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
