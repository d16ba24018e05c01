"""Household export speed against openpyxl's write-only mode writing the same cells.

A village of N households (default 50,000, the rows of ``bench_import``'s
ledger imported into a fresh database) is exported as ``lianhu export
households`` does (ID numbers masked): the database query, the rows built
from the field registry, the styled cells and the file. The baseline is
openpyxl ``Workbook(write_only=True)`` writing the very same cells — the
same values with the same number formats (text for ID numbers and phones,
dates as dates) and the same styled title and header — from rows prepared
before its clock starts. Each run is a fresh interpreter; the collector runs
as usual on both sides (neither pauses it). Prints medians of ``--runs``
and the ratio (budget ≤ 1.2), with the peak memory each added.

    python bench/bench_export.py [--rows 50000] [--runs 3]
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

from bench import bench_import  # noqa: E402

VILLAGE = "示范村"


def village_task(db: str, ledger: str) -> dict:
    """Child task: a fresh database holding one village with the ledger's households."""
    from lianhu_desktop.domain.villages import create_village
    from lianhu_desktop.excel.importers import commit_plan, plan_import
    from lianhu_desktop.excel.reader import read_table
    from lianhu_desktop.store import db as store_db

    store_db.open_database(Path(db), create=True)
    try:
        village_id = create_village(VILLAGE, township="示范镇").id
        result = commit_plan(plan_import(read_table(Path(ledger), "households"), village_id))
        return {"households": result.imported}
    finally:
        store_db.close_database()


def _cells(village_id: int) -> tuple[str, list, list]:
    """The title, the header cells and the rows of cells ``export_households`` writes, as plain data:
    a value, or (value, number format) where it gives one."""
    from lianhu_desktop.domain import fields
    from lianhu_desktop.excel import exporters
    from lianhu_desktop.excel.columns import HOUSEHOLDS
    from lianhu_desktop.excel.kinds import KINDS
    from lianhu_desktop.excel.templates import header_text

    columns = KINDS[HOUSEHOLDS].columns
    rows = list(exporters._household_rows(village_id, False, False))
    title = f"{VILLAGE}{KINDS[HOUSEHOLDS].label}（导出于 {datetime.date.today():%Y-%m-%d}，共 {len(rows)} 户）"
    header = [("序号", False)] + [(header_text(c), c.required) for c in columns]
    out = []
    for number, row in enumerate(rows, 1):
        cells = [number]
        for column in columns:
            value = row[column.key]
            if column.kind in fields.TEXT_CELL_KINDS:
                cells.append((value or None, "@"))
            elif isinstance(value, datetime.date):
                cells.append((value, "yyyy-mm-dd"))
            else:
                cells.append(value if value != "" else None)
        out.append(cells)
    return title, header, out


def plain_openpyxl(path: Path, title: str, header: list, rows: list) -> None:
    """openpyxl write-only: the same cells, formats and header styles, nothing else."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from lianhu_desktop.excel.templates import HEADER_FILL, HEADER_FONT, REQUIRED_FONT

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("农户台账")
    first = WriteOnlyCell(sheet, title)
    first.font = Font(bold=True, size=14)
    sheet.append([first])
    heads = []
    for text, required in header:
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.fill = (REQUIRED_FONT if required else HEADER_FONT), HEADER_FILL
        heads.append(cell)
    sheet.append(heads)
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, tuple):
                cell = WriteOnlyCell(sheet, value[0])
                cell.number_format = value[1]
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)
    workbook.save(path)


def measure_task(what: str, db: str, folder: str) -> dict:
    """Child task: one export (``ours``) or the baseline (``openpyxl``) into ``folder``."""
    from lianhu_desktop.excel import exporters
    from lianhu_desktop.store import db as store_db
    from lianhu_desktop.store.models import Village

    store_db.open_database(Path(db))
    village_id = Village.get(Village.name == VILLAGE).id
    out = Path(folder) / f"export-{what}.xlsx"
    if what == "openpyxl":
        import openpyxl  # noqa: F401 (loaded before the clock, as the program has it loaded)

        title, header, rows = _cells(village_id)
        store_db.close_database()
    else:
        from lianhu_desktop.excel import templates  # noqa: F401
    base = bench_import._rss_mb()
    started = time.perf_counter()
    if what == "openpyxl":
        plain_openpyxl(out, title, header, rows)
        count = len(rows)
    else:
        count = exporters.export_households(out, village_id)
        store_db.close_database()
    seconds = time.perf_counter() - started
    return {"wall": seconds, "rows": count, "bytes": out.stat().st_size,
            "peak_mb": bench_import._peak_mb() - base}


def _child(*args) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--village", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_task(*args.one)))
        return
    if args.village:
        print(json.dumps(village_task(*args.village)))
        return
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as tmp:
        folder = Path(tmp)
        ledger, db = folder / "households.xlsx", folder / "village.db"
        bench_import.build_xlsx(ledger, args.rows)
        print(f"village of {_child('--village', str(db), str(ledger))['households']} households built", flush=True)
        runs = {"openpyxl": [], "ours": []}
        for _ in range(args.runs):
            for what in runs:
                runs[what].append(_child("--one", what, str(db), str(folder)))
        medians = {what: {k: statistics.median(r[k] for r in results) for k in ("wall", "peak_mb", "bytes")}
                   for what, results in runs.items()}
        for what, m in medians.items():
            print(f"{what:9} median {m['wall']:.2f} s, peak +{m['peak_mb']:.0f} MB, {m['bytes'] / 1e6:.1f} MB file")
        print(f"ours / openpyxl write_only = {medians['ours']['wall'] / medians['openpyxl']['wall']:.2f} "
              f"(budget ≤ 1.2)")


if __name__ == "__main__":
    main()
