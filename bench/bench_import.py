"""Household import speed and memory against openpyxl's own reading of the same file.

Builds a household ledger of N rows (default 50,000) in the shape clerks keep
it (title row, 序号, ID numbers as text, tags, phones) as .xlsx and, with
xlwt, as the same sheet in the old .xls format. Each measurement runs in a
fresh interpreter (modules loaded before the clock starts, the cyclic
garbage collector paused for both sides alike, as the import pauses it) and
reports wall-clock time, CPU time and the peak resident memory it added:

* ``openpyxl``: ``load_workbook(read_only=True)`` + ``iter_rows(values_only=True)``
  over the .xlsx: the baseline;
* ``xlsx`` / ``xls``: the import into a fresh database as ``lianhu import
  households`` makes it (``importers.import_file``: the sheet read, then
  checked and written under one write lock);
* ``wizard``: the import wizard's steps on the .xlsx, each timed: reading
  (``read_table``), checking (``plan_import``, its 检查数据 step) and writing
  (``commit_plan``, which checks the sheet again under the write lock, since
  the clerk may take a while between the two).

The budget is also measured as a clerk meets it, whole processes from
start to exit (``process``): ``lianhu --db X import households FILE`` (its
interpreter's start, the modules it loads, the import, the commit)
against a fresh interpreter that loads openpyxl and reads the same sheet
with ``read_only`` (the collector paused while it reads, as the import
pauses it while it reads, checks and writes). Wall time, CPU time (user +
system of the child) and peak resident memory (the child's ``ru_maxrss``,
all of it, not only what the work added) come from the operating system.

Runs alternate; medians of ``--runs`` runs are printed with the budgets
(import ≤ 0.35 × openpyxl, peak ≤ 150 MB, check ≤ 2 s). ``python -m bench``
runs the .xlsx import, the wizard and the baseline through ``build_task``
and ``measure_task``, and the whole processes through ``process_task``.

    python bench/bench_import.py [--rows 50000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国军华明强伟芳秀英玉兰海波志刚春梅桂香金凤永福德胜丽娟小红国庆文学平安"
TAGS = ("困难户", "低保户", "专业户", "种养大户", "外出户", "留守老人户", "")
HEADERS = ("序号", "户主姓名", "户主身份证号码", "门牌号", "所在网格", "联系电话", "家庭住址",
           "家庭人口", "户类别", "务工地点", "备注")


def ledger_rows(rows: int, seed: int = 1):
    """A 50,000-row ledger: every ID unique and valid, all cells as clerks type them."""
    from lianhu_desktop.domain import idnumber

    rng = random.Random(seed)
    start = datetime.date(1940, 1, 1)
    for number in range(1, rows + 1):
        birth = start + datetime.timedelta(days=number % 20000)
        gender = "男" if number % 3 else "女"
        head_id = idnumber.make(f"{110101 + number // 20000:06d}", birth, number % 100, gender)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        tags = "、".join(t for t in {rng.choice(TAGS), rng.choice(TAGS)} if t)
        yield [number, name, head_id, f"{number % 400 + 1}号", f"{number % 16 + 1}组",
               f"139{number:08d}", f"示范镇{number % 16 + 1}组", rng.randint(1, 8), tags,
               rng.choice(("", "深圳市", "杭州市")), ""]


def build_xlsx(path: Path | str, rows: int) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("农户台账")
    sheet.append(["示范镇农户台账"])
    sheet.append(list(HEADERS))
    for row in ledger_rows(rows):
        sheet.append(row)
    workbook.save(path)


def build_xls(path: Path | str, rows: int) -> None:
    """The same ledger in the old .xls format (xlwt, as old Excel would save it)."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("农户台账")
    sheet.write(0, 0, "示范镇农户台账")
    for col, header in enumerate(HEADERS):
        sheet.write(1, col, header)
    for r, row in enumerate(ledger_rows(rows), 2):
        for col, value in enumerate(row):
            if value != "":
                sheet.write(r, col, value)
    workbook.save(str(path))


# --- one measurement, in its own interpreter -----------------------------------

def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(what: str, path: Path, folder: Path) -> dict:
    """One measurement in this interpreter: ``openpyxl`` reading ``path``; ``xlsx`` / ``xls``
    importing it as ``lianhu import households`` does (``import_file``: read, then checked and
    written under one write lock); ``wizard`` the import wizard's steps (read, 检查数据, then
    导入, which checks the sheet again under the write lock before it writes), each timed."""
    import openpyxl

    from lianhu_desktop.domain.villages import create_village
    from lianhu_desktop.excel import household_import  # noqa: F401 (loaded before timing, as in the program)
    from lianhu_desktop.excel.importers import commit_plan, import_file, plan_import
    from lianhu_desktop.excel.reader import gc_paused, read_table
    from lianhu_desktop.store import db as store_db

    village_id = None
    if what != "openpyxl":
        store_db.open_database(folder / f"bench-{what}.db", create=True)
        village_id = create_village("示范村", township="示范镇").id
    base = _rss_mb()
    began, cpu = time.perf_counter(), time.process_time()
    parts = {}
    with gc_paused():
        if what == "openpyxl":
            workbook = openpyxl.load_workbook(path, read_only=True)
            for _row in workbook.worksheets[0].iter_rows(values_only=True):
                pass
            workbook.close()
        elif what == "wizard":
            step = time.perf_counter()
            table = read_table(path, "households")
            parts["read"] = time.perf_counter() - step
            step = time.perf_counter()
            plan = plan_import(table, village_id, progress=lambda done, total: True)
            parts["check"] = time.perf_counter() - step
            step = time.perf_counter()
            result = commit_plan(plan)
            parts["write"] = time.perf_counter() - step
        else:
            result = import_file(path, "households", village_id, progress=lambda done, total: True)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    if what != "openpyxl":
        assert result.written and not result.rejected and result.imported > 0, result.summary()
    return {"wall": wall, "cpu": cpu, "peak_mb": _peak_mb() - base, **parts}


def build_task(path: str, rows: int, xls: bool = False) -> dict:
    """Child task of the suite: write the ledger of ``rows`` rows to ``path`` (.xlsx, or .xls)."""
    (build_xls if xls else build_xlsx)(Path(path), rows)
    return {"bytes": Path(path).stat().st_size}


def measure_task(what: str, path: str, folder: str) -> dict:
    """Child task of the suite: one ``measure`` into a fresh database in ``folder``."""
    for leftover in Path(folder).glob(f"bench-{what}.db*"):
        leftover.unlink()
    return measure(what, Path(path), Path(folder))


# --- whole processes ------------------------------------------------------------

OPENPYXL_PROCESS = """
import gc, sys
import openpyxl
gc.disable()
workbook = openpyxl.load_workbook(sys.argv[1], read_only=True)
for _row in workbook.worksheets[0].iter_rows(values_only=True):
    pass
workbook.close()
"""


def empty_village_db(path: Path | str) -> None:
    """A new database holding one village (the import's target), closed."""
    from lianhu_desktop.domain.villages import create_village
    from lianhu_desktop.store import db as store_db

    store_db.open_database(Path(path), create=True)
    try:
        create_village("示范村", township="示范镇")
    finally:
        store_db.close_database()


def in_child(function: str, *args) -> None:
    """Run ``function(*args)`` of this module in a child interpreter.

    The measuring process must stay small: Linux counts the memory a process
    had when it started a child in that child's peak (``ru_maxrss`` survives
    the fork and the exec), so building the ledgers (openpyxl holds a whole
    .xls workbook) or opening a database here would inflate every figure."""
    code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_import as b; " \
           f"b.{function}(*{[str(a) if isinstance(a, Path) else a for a in args]!r})"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def _timed_process(command: list[str], env: dict | None = None) -> dict:
    """Wall, CPU (user + system) and peak resident memory of one child process."""
    import os

    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if hasattr(os, "wait4"):
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - began
        error = child.stderr.read().decode("utf-8", "replace")
        child.stderr.close()
        child.returncode = os.waitstatus_to_exitcode(status)
        cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    else:  # no per-child figures here: wall time only
        error = child.communicate()[1].decode("utf-8", "replace")
        wall, cpu, peak = time.perf_counter() - began, float("nan"), float("nan")
    if child.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed (exit {child.returncode}): {error[-2000:]}")
    return {"wall": wall, "cpu": cpu, "peak_mb": peak}


def process_task(what: str, path: str, folder: str) -> dict:
    """One whole process: ``openpyxl`` reading ``path``, or ``lianhu … import households path``
    into a fresh database in ``folder`` (made before the clock starts)."""
    import os

    if what == "openpyxl":
        return _timed_process([sys.executable, "-c", OPENPYXL_PROCESS, path])
    folder_ = Path(folder)
    folder_.mkdir(parents=True, exist_ok=True)
    database = folder_ / "cli-import.db"
    for leftover in folder_.glob("cli-import.db*"):
        leftover.unlink()
    # Made by a child of its own: this process stays small (see ``in_child``).
    in_child("empty_village_db", str(database))
    env = dict(os.environ, XDG_CONFIG_HOME=str(folder_ / "config"), XDG_DATA_HOME=str(folder_ / "data"))
    command = [sys.executable, "-m", "lianhu_desktop", "--db", str(database), "import", "households", path]
    return _timed_process(command, env)


def run_one(what: str, path: Path, folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", what, "--file", str(path), "--folder", str(folder)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, Path(args.file), Path(args.folder))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx, xls = folder / "households.xlsx", folder / "households.xls"
        began = time.perf_counter()
        in_child("build_xlsx", Path(xlsx), args.rows)
        in_child("build_xls", Path(xls), args.rows)
        print(f"built {args.rows} rows as .xlsx ({xlsx.stat().st_size // 1024} KB) and .xls "
              f"({xls.stat().st_size // 1024} KB) in {time.perf_counter() - began:.1f} s")
        runs = {"openpyxl": [], "xlsx": [], "xls": [], "wizard": []}
        processes = {"openpyxl": [], "xlsx": [], "xls": []}
        for _run in range(args.runs):
            for what, path in (("openpyxl", xlsx), ("xlsx", xlsx), ("xls", xls), ("wizard", xlsx)):
                for leftover in folder.glob("bench-*.db*"):
                    leftover.unlink()
                runs[what].append(run_one(what, path, folder))
                if what in processes:
                    processes[what].append(process_task(what, str(path), str(folder / "cli")))
        median = {what: {key: statistics.median(r[key] for r in results) for key in results[0]}
                  for what, results in runs.items()}
        base = median["openpyxl"]
        print(f"medians of {args.runs} runs, {args.rows} household rows")
        print(f"{'':28}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'× openpyxl':>12}{'read':>7}"
              f"{'check':>7}{'write':>7}")
        for what, label in (("openpyxl", "openpyxl read_only (.xlsx)"), ("xlsx", "import .xlsx"),
                            ("xls", "import .xls"), ("wizard", "wizard's steps .xlsx")):
            m = median[what]
            ratio = "" if what == "openpyxl" else f"{m['wall'] / base['wall']:.2f}"
            steps = "".join(f"{m[k]:7.2f}" for k in ("read", "check", "write")) if "read" in m else ""
            print(f"{label:28}{m['wall']:8.2f}{m['cpu']:8.2f}{m['peak_mb']:9.0f}{ratio:>12}{steps}")
        print(f"whole processes, medians of {args.runs} runs (peak: the child's whole resident memory)")
        print(f"{'':38}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'wall ×':>8}{'CPU ×':>7}")
        whole = {what: {key: statistics.median(r[key] for r in results) for key in results[0]}
                 for what, results in processes.items()}
        base = whole["openpyxl"]
        for what, label in (("openpyxl", "python + openpyxl read_only (.xlsx)"),
                            ("xlsx", "lianhu import households .xlsx"), ("xls", "lianhu import households .xls")):
            m = whole[what]
            ratios = "" if what == "openpyxl" else f"{m['wall'] / base['wall']:8.2f}{m['cpu'] / base['cpu']:7.2f}"
            print(f"{label:38}{m['wall']:8.2f}{m['cpu']:8.2f}{m['peak_mb']:9.0f}{ratios}")
        print("budgets: import ≤ 0.35 × openpyxl (wall), peak ≤ 150 MB, check (wizard 检查数据) ≤ 2 s")


if __name__ == "__main__":
    main()
