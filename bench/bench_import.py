"""Household import speed against openpyxl's own reading of the same file.

Builds a household ledger of N rows (default 50,000) in the shape clerks keep
it (title row, 序号, ID numbers as text, tags, phones), then reports the median
of several runs of

* openpyxl alone: ``load_workbook(read_only=True)`` + ``iter_rows(values_only=True)``;
* the full import (read, check, write) into a fresh database;

and their ratio, which the issue wants at most 1.5. Runs alternate, and both
wall-clock and CPU time are reported: on a busy machine the CPU ratio is the
steadier figure.

    python bench/bench_import.py [--rows 50000] [--runs 5] [--profile]
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

from lianhu_desktop.domain import idnumber
from lianhu_desktop.domain.villages import create_village
from lianhu_desktop.excel import household_import  # noqa: F401 (loaded before timing, as in the program)
from lianhu_desktop.excel.importers import import_file
from lianhu_desktop.store import db as store_db

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国军华明强伟芳秀英玉兰海波志刚春梅桂香金凤永福德胜丽娟小红国庆文学平安"
TAGS = ("困难户", "低保户", "专业户", "种养大户", "外出户", "留守老人户", "")
HEADERS = ("序号", "户主姓名", "户主身份证号码", "门牌号", "所在网格", "联系电话", "家庭住址",
           "家庭人口", "户类别", "务工地点", "备注")


def build_file(path: Path, rows: int, seed: int = 1) -> None:
    """A 50,000-row ledger: every ID unique and valid, all cells as clerks type them."""
    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("农户台账")
    sheet.append(["示范镇农户台账"])
    sheet.append(list(HEADERS))
    start = datetime.date(1940, 1, 1)
    for number in range(1, rows + 1):
        birth = start + datetime.timedelta(days=number % 20000)
        gender = "男" if number % 3 else "女"
        head_id = idnumber.make(f"{110101 + number // 20000:06d}", birth, number % 100, gender)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        tags = "、".join(t for t in {rng.choice(TAGS), rng.choice(TAGS)} if t)
        sheet.append([number, name, head_id, f"{number % 400 + 1}号", f"{number % 16 + 1}组",
                      f"139{number:08d}", f"示范镇{number % 16 + 1}组", rng.randint(1, 8), tags,
                      rng.choice(("", "深圳市", "杭州市")), ""])
    workbook.save(path)


def openpyxl_alone(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds for openpyxl to read every row."""
    began, cpu = time.perf_counter(), time.process_time()
    workbook = openpyxl.load_workbook(path, read_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - began, time.process_time() - cpu


def full_import(path: Path, folder: Path, run: int) -> tuple[float, float]:
    """(wall, CPU) seconds to import the file into a fresh database."""
    db_path = folder / f"bench{run}.db"
    store_db.open_database(db_path, create=True)
    village = create_village("示范村", township="示范镇")
    began, cpu = time.perf_counter(), time.process_time()
    result = import_file(path, "households", village.id)
    elapsed = time.perf_counter() - began, time.process_time() - cpu
    assert result.written and not result.rejected and result.imported > 0, result.summary()
    store_db.close_database()
    db_path.unlink()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile one import instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "households.xlsx"
        began = time.perf_counter()
        build_file(path, args.rows)
        print(f"built {args.rows} rows in {time.perf_counter() - began:.1f} s")
        if args.profile:
            import cProfile
            import pstats

            cProfile.runctx("full_import(path, folder, 0)", globals(), locals(), str(folder / "prof"))
            pstats.Stats(str(folder / "prof")).sort_stats("tottime").print_stats(40)
            return
        alone, imports = [], []
        for run in range(args.runs):
            alone.append(openpyxl_alone(path))
            imports.append(full_import(path, folder, run))
        for index, what in enumerate(("wall", "CPU")):
            read = statistics.median(t[index] for t in alone)
            full = statistics.median(t[index] for t in imports)
            print(f"{what:>4}: openpyxl alone median {read:.2f} s {[round(t[index], 2) for t in alone]}; "
                  f"full import median {full:.2f} s {[round(t[index], 2) for t in imports]}; "
                  f"ratio {full / read:.2f} (must be ≤ 1.5)")


if __name__ == "__main__":
    main()
