"""The benchmark suite: ``python -m bench [--quick] [--only NAME ...] [--runs N] [--json OUT]``.

``MEASUREMENTS`` is the registry: each entry has a name (for ``--only``), the
operation it times, its budget in words and as a check, and a function that
runs it (always in child processes, see ``bench.common``) and returns rows:
the samples (seconds, MB or pages per second), the baseline's samples when
it has one (measured in the same run, alternating with ours), and notes.

The full run uses the township demo (20 villages, ~50,000 households,
~600,000 visits; seed 1); ``--quick`` the demo village and small files, in
well under a minute, for CI, where it runs with no timing assert: it shows
that every measurement still runs. A budget missed is reported, not an
error; the exit code is 1 only when a measurement failed to run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench import common
from bench.common import ChildFailed, child_env, demo_database, demo_folder, run_child, summary

# ------------------------------------------------------------------ registry


@dataclass
class Row:
    """One line of the table."""

    operation: str
    unit: str  # "s", "MB" or "pages/s"
    samples: list[float] = field(default_factory=list)
    baseline: list[float] | None = None
    baseline_name: str = ""
    note: str = ""
    detail: dict = field(default_factory=dict)
    met: bool | None = None
    status: str = "ok"  # ok | not available | error
    budget: str = ""  # this row's part of the measurement's budget, when it has several
    # This row's own check, when its part of the budget differs from the measurement's (None
    # from it: the row has no budget of its own). Not written to the JSON.
    check: Callable[[Row], bool | None] | None = field(default=None, repr=False, compare=False)

    @property
    def median(self) -> float | None:
        return summary(self.samples)["median"] if self.samples else None

    @property
    def ratio(self) -> float | None:
        if not self.samples or not self.baseline:
            return None
        base = summary(self.baseline)["median"]
        return self.median / base if base else None


@dataclass(frozen=True)
class Measurement:
    name: str
    operation: str
    budget: str
    check: Callable[[Row], bool]
    run: Callable[[Context], list[Row]]
    cheap: bool = False  # quick enough for a unit test's --only


@dataclass
class Context:
    """What the measurements of one suite run share."""

    quick: bool
    runs: int
    cache: Path
    work: Path
    log: Callable[[str], None] = print
    memo: dict = field(default_factory=dict)
    server: str = ""  # a postgresql:// URL of a database holding the demo (``--db``)

    @property
    def scale(self) -> str:
        return "village" if self.quick else "township"

    @property
    def scope(self) -> str:
        return "村 village" if self.quick else "乡镇 township"

    @property
    def ledger_rows(self) -> int:
        return 2_000 if self.quick else 50_000

    def db(self) -> Path | str:
        """The demo database: today's cached file, or the server database given with ``--db``."""
        if self.server:
            return self.server
        if "db" not in self.memo:
            self.memo["db"] = demo_database(self.cache, self.scale, self.log)
        return self.memo["db"]

    def folder(self) -> Path:
        """The cache folder of today's demo (files derived from it live there too)."""
        self.db()
        return demo_folder(self.cache, self.scale)

    def scratch(self, name: str) -> Path:
        """A fresh, empty folder for one child."""
        path = self.work / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def gui_env(self, name: str) -> tuple[Path, dict]:
        scratch = self.scratch(name)
        return scratch, child_env(scratch, gui=True)


def _budget(limit: float, *, ratio: float | None = None, key: str = "median") -> Callable[[Row], bool]:
    def check(row: Row) -> bool:
        value = summary(row.samples)[key]
        return value <= limit and (ratio is None or (row.ratio is not None and row.ratio <= ratio))
    return check


def _ratio(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.ratio is not None and row.ratio <= limit


def _at_least(limit: float) -> Callable[[Row], bool]:
    return lambda row: summary(row.samples)["median"] >= limit


# ------------------------------------------------------------------ GUI


def cold_start(ctx: Context) -> list[Row]:
    db = str(ctx.db())
    script = str(common.ROOT / "bench" / "gui_start.py")
    ours, bare, built, info = [], [], [], {}
    for run in range(ctx.runs):
        for kind, samples in (("ours", ours), ("bare", bare)):
            scratch, env = ctx.gui_env(f"start-{kind}-{run}")
            started = time.time()
            result = _script(script, [kind, db], env)
            samples.append(result["painted"] - started)
            if kind == "ours":
                info = result
                built.append(result.get("built", result["painted"]) - started)
    return [Row(f"冷启动到主窗口首屏 cold start to first rows ({ctx.scope})", "s", ours, bare, "bare Qt",
                note=f"{info.get('rows')} rows; reportlab loaded: {info.get('reportlab')}; "
                     f"every tab and menu built at {_shown(summary(built)['median'], 's')}",
                detail={"modules": info.get("modules"), "built": built})]


def _script(script: str, args: list[str], env: dict) -> dict:
    import subprocess

    done = subprocess.run([sys.executable, script, *args], cwd=common.ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(common.RESULT_MARK):
            return json.loads(line[len(common.RESULT_MARK):])
    tail = "\n".join(done.stderr.strip().splitlines()[-12:])
    raise ChildFailed(f"{Path(script).name} {args[0]} failed (exit {done.returncode}):\n{tail}")


def _tab_runs(ctx: Context) -> list[dict]:
    if "tabs" not in ctx.memo:
        runs = []
        for run in range(ctx.runs):
            scratch, env = ctx.gui_env(f"tabs-{run}")
            runs.append(run_child("gui_tabs", {"db": str(ctx.db()), "scratch": str(scratch)}, env=env))
        ctx.memo["tabs"] = runs
    return ctx.memo["tabs"]


def tabs(ctx: Context) -> list[Row]:
    runs = _tab_runs(ctx)
    rows = []
    for index, first in enumerate(runs[0]["views"]):
        seconds = [run["views"][index]["seconds"] for run in runs]
        label = f"首屏 first rows: {first['label']}"
        if any(s is None for s in seconds):
            rows.append(Row(label, "s", [s for s in seconds if s is not None], status="error",
                            note="rows never painted within 60 s"))
            continue
        cpus = [run["views"][index].get("cpu") for run in runs]
        cpu = f"CPU {_shown(summary(cpus)['median'], 's')}" if None not in cpus else ""
        scope = "one village" if first["scope"] == "one village" else ""
        rows.append(Row(label, "s", seconds, note=", ".join(filter(None, (cpu, scope)))))
    return rows


def memory(ctx: Context) -> list[Row]:
    runs = _tab_runs(ctx)
    return [Row(f"峰值内存，各页各视图 peak RSS, every tab and view ({ctx.scope})", "MB",
                [run["peak_rss_mb"] for run in runs])]


def search(ctx: Context) -> list[Row]:
    samples, detail = [], []
    for run in range(max(1, ctx.runs // 3)):
        scratch, env = ctx.gui_env(f"search-{run}")
        result = run_child("gui_search", {"db": str(ctx.db()), "scratch": str(scratch)}, env=env)
        detail.append(result)
        samples += [k["seconds"] for k in result["keystrokes"] if k["seconds"] is not None]
    stats = summary(samples)
    cpus = [k["cpu"] for run in detail for k in run["keystrokes"] if k.get("cpu") is not None]
    return [Row(f"搜索按键到重绘 search keystroke to rows, households ({ctx.scope})", "s", samples,
                note=f"p95 {_shown(stats['p95'], 's')}, CPU median {_shown(summary(cpus)['median'], 's')} "
                     f"p95 {_shown(summary(cpus)['p95'], 's')}, {len(samples)} keystrokes, debounce "
                     f"{detail[0]['debounce_ms']} ms", detail={"runs": detail})]


def _sort(key: str, label: str) -> Callable[[Context], list[Row]]:
    def run(ctx: Context) -> list[Row]:
        scratch, env = ctx.gui_env(f"sort-{key}")
        result = run_child("gui_sort", {"db": str(ctx.db()), "scratch": str(scratch), "key": key,
                                        "clicks": max(3, ctx.runs)}, env=env)
        samples = [s for c in result["columns"] for s in c["seconds"] if s is not None]
        worst = max(result["columns"], key=lambda c: summary(c["seconds"])["median"])
        row = Row(f"排序 sort by each column, {label} ({ctx.scope})", "s", samples,
                  note=f"{len(result['columns'])} columns, slowest {worst['column']} "
                       f"{_shown(summary(worst['seconds'])['median'], 's')}", detail=result)
        row.detail["worst_median"] = summary(worst["seconds"])["median"]
        return [row]
    return run


def _worst_column(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.detail["worst_median"] <= limit


# ------------------------------------------------------------------ core


def _read(name: str, label: str) -> Callable[[Context], list[Row]]:
    def run(ctx: Context) -> list[Row]:
        result = run_child("core", {"db": str(ctx.db()), "name": name, "runs": ctx.runs})
        operation = f"{label} ({ctx.scope})"
        if not result["available"]:
            return [Row(operation, "s", status="not available",
                        note="lianhu_desktop.domain.appraisal.township_results is not in this version")]
        return [Row(operation, "s", result["seconds"], note=f"first call {_shown(result['first'], 's')}",
                    detail={"members": result["members"]})]
    return run


def imports(ctx: Context) -> list[Row]:
    ledger = ctx.folder() / f"ledger-{ctx.ledger_rows}.xlsx"
    if not ledger.exists():
        run_child("ledger", {"path": str(ledger), "rows": ctx.ledger_rows})
    ours, base, wizard, whole, whole_base = [], [], [], [], []
    for run in range(ctx.runs):
        for what, samples in (("openpyxl", base), ("xlsx", ours), ("wizard", wizard)):
            folder = ctx.scratch(f"import-{what}-{run}")
            samples.append(run_child("import", {"what": what, "path": str(ledger), "folder": str(folder)}))
        for what, samples in (("openpyxl", whole_base), ("xlsx", whole)):
            folder = ctx.scratch(f"import-process-{what}-{run}")
            samples.append(run_child("import_process", {"what": what, "path": str(ledger), "folder": str(folder)}))
    n = f"{ctx.ledger_rows:,}"
    parts = (summary([r[k] for r in wizard])["median"] for k in ("read", "check", "write"))
    return [Row(f"导入 import {n} households (.xlsx), as lianhu import does it", "s", [r["wall"] for r in ours],
                [r["wall"] for r in base], "openpyxl read_only", budget="≤ 0.35 × openpyxl read_only"),
            Row(f"导入向导 wizard: read, 检查数据, 导入 (checked again under the lock), {n} households", "s",
                [r["wall"] for r in wizard], [r["wall"] for r in base], "openpyxl read_only", budget="–",
                check=lambda row: None,
                note="read {:.2f} + check {:.2f} + write {:.2f} s (medians); peak +{:.0f} MB".format(
                    *parts, summary([r["peak_mb"] for r in wizard])["median"])),
            Row(f"导入向导 检查数据 wizard's check step, {n} households", "s", [r["check"] for r in wizard],
                budget="≤ 2 s", check=_budget(2.0)),
            Row(f"导入峰值内存 import peak memory added, {n} households", "MB", [r["peak_mb"] for r in ours],
                budget="≤ 150 MB", check=_budget(150),
                note=f"openpyxl read_only alone adds {summary([r['peak_mb'] for r in base])['median']:.0f} MB"),
            Row(f"导入 lianhu import households, whole process, {n} rows", "s", [r["wall"] for r in whole],
                [r["wall"] for r in whole_base], "python + openpyxl read_only, whole process",
                budget="≤ 0.35 × openpyxl read_only",
                note="CPU {:.2f} s against {:.2f} s (medians)".format(
                    summary([r["cpu"] for r in whole])["median"], summary([r["cpu"] for r in whole_base])["median"])),
            Row(f"导入峰值内存 lianhu import households, whole process, {n} rows", "MB",
                [r["peak_mb"] for r in whole], budget="≤ 150 MB", check=_budget(150),
                note=f"the process's whole peak; python + openpyxl's is "
                     f"{summary([r['peak_mb'] for r in whole_base])['median']:.0f} MB")]


def exports(ctx: Context) -> list[Row]:
    ledger = ctx.folder() / f"ledger-{ctx.ledger_rows}.xlsx"
    village = ctx.folder() / f"export-{ctx.ledger_rows}.db"
    if not ledger.exists():
        run_child("ledger", {"path": str(ledger), "rows": ctx.ledger_rows})
    if not village.exists():
        run_child("export_village", {"db": str(village), "ledger": str(ledger)})
    ours, base = [], []
    for run in range(ctx.runs):
        for what, samples in (("openpyxl", base), ("ours", ours)):
            folder = ctx.scratch(f"export-{what}-{run}")
            samples.append(run_child("export", {"what": what, "db": str(village), "folder": str(folder)}))
    return [Row(f"导出 export {ours[0]['rows']:,} households", "s", [r["wall"] for r in ours],
                [r["wall"] for r in base], "openpyxl write_only",
                note=f"peak +{summary([r['peak_mb'] for r in ours])['median']:.0f} MB")]


def doorplates(ctx: Context) -> list[Row]:
    ours, base = [], []
    for run in range(ctx.runs):
        for what, samples in (("form", base), ("ours", ours)):
            folder = ctx.scratch(f"plates-{what}-{run}")
            samples.append(run_child("doorplates", {"what": what, "db": str(ctx.db()), "folder": str(folder)}))
    first, form = ours[0], base[0]
    return [Row(f"联户牌 door plates, default layout ({ctx.scope})", "s", [r["wall"] for r in ours],
                [r["wall"] for r in base], "reportlab, fixed part as a form",
                note=f"{first['plates']:,} plates ({form['distinct_heads']:,} names), {first['pages']:,} pages "
                     f"{first['layout']}, {first['bytes'] / 1e6:.1f} MB vs {form['bytes'] / 1e6:.1f} MB",
                detail={"ours": ours, "form": base})]


def handbooks(ctx: Context) -> list[Row]:
    scope = "grid" if ctx.quick else "village"
    results = [run_child("handbooks", {"db": str(ctx.db()), "scope": scope}) for _ in range(ctx.runs)]
    where = "one grid 一个网格" if ctx.quick else "one village 一个村"
    return [Row(f"工作手册 handbooks, {where}", "pages/s", [r["pages"] / r["seconds"] for r in results],
                note=f"{results[0]['books']} books, {results[0]['pages']:,} pages, "
                     f"{_shown(summary([r['seconds'] for r in results])['median'], 's')} "
                     f"(CPU {summary([r['pages'] / r['cpu'] for r in results])['median']:,.0f} pages/s)")]


def demo(ctx: Context) -> list[Row]:
    source = ctx.db()
    ours, base = [], []
    for run in range(ctx.runs):
        for what, samples in (("executemany", base), ("demo", ours)):
            folder = ctx.scratch(f"demo-{what}-{run}")
            samples.append(run_child("demo", {"what": what, "scale": ctx.scale, "seed": common.SEED,
                                              "folder": str(folder), "source": str(source)}, timeout=1800))
    counts = {k: ours[0][k] for k in ("households", "visits")}
    same = all(r["households"] == ours[0]["households"] and r["visits"] == ours[0]["visits"] for r in ours)
    return [Row(f"演示数据 demo generation, seed {common.SEED} ({ctx.scope})", "s", [r["wall"] for r in ours],
                [r["wall"] for r in base], "raw executemany",
                note=f"{counts['households']:,} households, {counts['visits']:,} visits, "
                     f"{base[0]['rows']:,} rows; same rows every run: {same}")]


def appraisal(ctx: Context) -> list[Row]:
    """The totals on the demo as built (no scores, no ballots), and on a copy where every manual item
    is scored and every member and 群众代表 has handed in a ballot entered twice (the year-end state
    the budget is about: counting the ballots is a third of the work)."""
    rows = _read("appraisal", "考核总分 appraisal totals, before the meeting")(ctx)
    operation = f"考核总分 appraisal totals, scores and ballots entered ({ctx.scope})"
    if ctx.server:
        return [*rows, Row(operation, "s", status="not available",
                           note="needs a copy of the demo with the ballots entered (a database file)")]
    prepared = ctx.folder() / "appraisal.db"
    if not prepared.exists():
        partial = common.copy_database(ctx.db(), ctx.folder() / "appraisal-partial.db")
        run_child("appraisal_fill", {"db": str(partial)}, timeout=1800)
        partial.rename(prepared)
    result = run_child("core", {"db": str(prepared), "name": "appraisal", "runs": ctx.runs})
    if not result["available"]:
        return [*rows, Row(operation, "s", status="not available", note="no township_results in this version")]
    return [*rows, Row(operation, "s", result["seconds"], note=f"first call {_shown(result['first'], 's')}",
                       detail={"members": result["members"]})]


def proposals(ctx: Context) -> list[Row]:
    prepared = ctx.folder() / "proposals.db"
    if not prepared.exists():
        partial = common.copy_database(ctx.db(), ctx.folder() / "proposals-partial.db")
        run_child("proposals", {"task": "unlink", "db": str(partial)})
        partial.rename(prepared)
    reads = run_child("proposals", {"task": "reads", "db": str(prepared), "runs": ctx.runs})
    return [Row(f"分配建议 link proposals, every village, proximity ({ctx.scope})", "s", reads["propose 就近就地"],
                note=f"{reads['proposals 就近就地']:,} proposals for {reads['unlinked']:,} unlinked households "
                     "(every 10th link ended)")]


# ------------------------------------------------------------------ the registry

MEASUREMENTS: tuple[Measurement, ...] = (
    Measurement("cold_start", "cold start to main window painted", "≤ 1.2 s and ≤ 3 × bare Qt",
                _budget(1.2, ratio=3.0), cold_start),
    Measurement("tabs", "each tab and view, first rows painted", "≤ 200 ms", _budget(0.2), tabs),
    Measurement("search", "search keystroke to repainted rows, households", "p95 ≤ 150 ms",
                _budget(0.15, key="p95"), search),
    Measurement("sort_households", "sort by each column, households", "≤ 200 ms each column",
                _worst_column(0.2), _sort("households", "households")),
    Measurement("sort_visits", "sort by each column, visits", "≤ 200 ms each column",
                _worst_column(0.2), _sort("visits", "visits")),
    Measurement("coverage", "coverage report", "≤ 300 ms", _budget(0.3),
                _read("coverage", "覆盖情况 coverage"), cheap=True),
    Measurement("compliance", "monthly compliance", "≤ 300 ms", _budget(0.3),
                _read("compliance", "走访情况 monthly compliance")),
    Measurement("stats", "statistics", "≤ 300 ms", _budget(0.3),
                lambda ctx: [*_read("stats_structure", "统计 stats, counts and structure")(ctx),
                             *_read("stats", "统计 stats with the year's activity")(ctx)]),
    Measurement("year_matrix", "one village's year matrix", "≤ 300 ms", _budget(0.3),
                _read("year_matrix", "全年矩阵 year matrix, one village")),
    Measurement("appraisal", "appraisal totals, every member", "≤ 500 ms", _budget(0.5), appraisal),
    Measurement("proposals", "link proposals, every village", "≤ 2 s", _budget(2.0), proposals),
    Measurement("import", "import households", "≤ 0.35 × openpyxl read_only; peak ≤ 150 MB; check ≤ 2 s",
                _ratio(0.35), imports),
    Measurement("export", "export households", "≤ 1.2 × openpyxl write_only", _ratio(1.2), exports),
    Measurement("doorplates", "door plates, default layout", "≤ 1.1 × the form baseline", _ratio(1.1),
                doorplates),
    Measurement("handbooks", "handbooks", "≥ 500 pages/s", _at_least(500), handbooks),
    Measurement("demo", "demo generation", "≤ 1.5 × raw executemany", _ratio(1.5), demo),
    Measurement("memory", "peak memory, every tab and view", "≤ 300 MB", _budget(300), memory),
)
BY_NAME = {m.name: m for m in MEASUREMENTS}


# ------------------------------------------------------------------ running and printing


def run_measurement(measurement: Measurement, ctx: Context) -> list[Row]:
    started = time.perf_counter()
    try:
        rows = measurement.run(ctx)
    except Exception as error:  # noqa: BLE001 - one failure must not hide the other figures
        rows = [Row(measurement.operation, "s", status="error", note=str(error).strip().splitlines()[-1][:160],
                    detail={"error": str(error)})]
    for row in rows:
        row.budget = row.budget or measurement.budget
        if row.status == "ok" and row.samples:
            met = (row.check or measurement.check)(row)
            row.met = None if met is None else bool(met)
    ctx.log(f"  {measurement.name}: {time.perf_counter() - started:.1f} s")
    return rows


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.0f} 页/s"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


HEADERS = ("操作 operation", "中位 median", "最小 min", "最大 max", "基线 baseline", "比值 ratio", "预算 budget",
           "结果 result")


def table(results: list[tuple[Measurement, Row]]) -> str:
    lines = []
    for _measurement, row in results:
        stats = summary(row.samples) if row.samples else {}
        base = summary(row.baseline)["median"] if row.baseline else None
        verdict = {True: "达到 met", False: "未达 missed", None: ""}[row.met]
        if row.status != "ok":
            verdict = {"error": "出错 error", "not available": "暂无 n/a"}[row.status]
        lines.append((row.operation, _shown(stats.get("median"), row.unit), _shown(stats.get("min"), row.unit),
                      _shown(stats.get("max"), row.unit),
                      f"{_shown(base, row.unit)} {row.baseline_name}" if base is not None else "",
                      f"{row.ratio:.2f}" if row.ratio is not None else "", row.budget, verdict))
    widths = [max(_width(line[i]) for line in [HEADERS, *lines]) for i in range(len(HEADERS))]
    out = ["  ".join(_cell(h, w) for h, w in zip(HEADERS, widths)), "  ".join("-" * w for w in widths)]
    numeric = {1, 2, 3, 5}
    for (_measurement, row), line in zip(results, lines):
        out.append("  ".join(_cell(text, w, i in numeric) for i, (text, w) in enumerate(zip(line, widths))))
        if row.note:
            out.append(" " * 4 + row.note)
    return "\n".join(out)


def machine() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_at_start": load}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="village scale and small files (CI's smoke test)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these measurements (see --list)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (at least 3; default 3)")
    parser.add_argument("--json", metavar="OUT", help="where to write the results (default: in the cache folder)")
    parser.add_argument("--cache", metavar="DIR", default=str(common.ROOT / ".bench-cache"),
                        help="folder of the demo databases and files built once (default: .bench-cache)")
    parser.add_argument("--db", metavar="URL", default="",
                        help="a PostgreSQL database holding the demo (postgresql://user@host:port/name, loaded "
                             "with `lianhu --db URL demo --scale township`), for the measurements that read it: "
                             "tabs, search, sort, memory and the core reads")
    parser.add_argument("--list", action="store_true", help="list the measurements and exit")
    args = parser.parse_args(argv)
    if args.db and not args.db.startswith("postgresql://"):
        parser.error("--db takes a postgresql:// URL (the file demo is built in the cache folder)")
    if args.runs < 3:
        parser.error("--runs must be at least 3")
    unknown = [name for name in args.only or () if name not in BY_NAME]
    if unknown:
        parser.error(f"unknown measurement {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.list:
        for m in MEASUREMENTS:
            print(f"{m.name:16} {m.operation} ({m.budget})")
        return 0
    chosen = [m for m in MEASUREMENTS if not args.only or m.name in args.only]
    cache = Path(args.cache).resolve()
    began = time.perf_counter()
    common.compile_sources()
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as work:
        ctx = Context(quick=args.quick, runs=args.runs, cache=cache, work=Path(work),
                      log=lambda text: print(text, file=sys.stderr, flush=True), server=args.db)
        ctx.log(f"{len(chosen)} measurements, {args.runs} runs each, {ctx.scale} scale")
        results = [(m, row) for m in chosen for row in run_measurement(m, ctx)]
    elapsed = time.perf_counter() - began
    print(table(results))
    failed = [row for _, row in results if row.status == "error"]
    print(f"\n{len(results)} rows in {elapsed:.0f} s; budgets met {sum(r.met is True for _, r in results)}, "
          f"missed {sum(r.met is False for _, r in results)}, errors {len(failed)}"
          + (" (village scale: the budgets are set for the township)" if args.quick else ""))
    out = Path(args.json) if args.json else cache / f"results-{ctx.scale}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    demo_summary = None
    summary_file = demo_folder(cache, ctx.scale) / "summary.json"
    if summary_file.exists():
        demo_summary = json.loads(summary_file.read_text())
    out.write_text(json.dumps({
        "when": datetime.datetime.now().isoformat(timespec="seconds"), "scale": ctx.scale, "runs": args.runs,
        "database": "server" if args.db else "file",
        "seed": common.SEED, "seconds": round(elapsed, 1), "machine": machine(), "demo": demo_summary,
        "results": [{"name": m.name, **{k: v for k, v in asdict(row).items() if k != "check"},
                     "summary": summary(row.samples) if row.samples else None,
                     "baseline_summary": summary(row.baseline) if row.baseline else None, "ratio": row.ratio}
                    for m, row in results]}, ensure_ascii=False, indent=1))
    print(f"results written to {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
