"""What the benchmarks share: the demo database they run on, child processes, figures.

Every measurement of the suite runs in a child interpreter (``python -m
bench.child TASK ARGS``) so that what one measurement loaded, cached or
leaked cannot flatter or burden the next; the parent only builds the demo
database once per scale, starts the children and collects what each prints
on its last line (``BENCH-RESULT {json}``).

The demo is generated with a fixed seed (1) for today's date, into a cache
folder, keyed by the sources that decide its rows (the generator, the
models, the migrations and the default schemes): a change to any of them,
or a new day, builds it again.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 1
RESULT_MARK = "BENCH-RESULT "
# The offscreen screen every GUI child uses: a common office monitor.
SCREEN = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
                       "logicalBaseDpi": 96, "dpr": 1}]}
# Sources whose change changes the demo database.
DEMO_SOURCES = ("lianhu_desktop/domain/demo*.py", "lianhu_desktop/domain/schemes.py",
                "lianhu_desktop/store/models.py", "lianhu_desktop/store/migrations/*.py", "resources/schemes/*")


class ChildFailed(RuntimeError):
    """A child process ended without a result; the message carries the end of its stderr."""


# --------------------------------------------------------------------- figures

def summary(values: list[float]) -> dict:
    """Median, min, max and 95th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, -(-95 * len(ordered) // 100) - 1))
    return {"median": statistics.median(ordered), "min": ordered[0], "max": ordered[-1], "p95": ordered[rank],
            "n": len(ordered)}


def timed(function, runs: int, *, warmup: bool = True) -> list[float]:
    """Wall seconds of ``runs`` calls of ``function`` (after one uncounted call if ``warmup``)."""
    if warmup:
        function()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def medians_ms(function, runs: int, *, prepare=None, warmup: bool = True) -> tuple[float, float]:
    """Medians (wall, process CPU) in milliseconds of ``runs`` calls of ``function``, each
    after ``prepare`` (uncounted) when given, after one uncounted call if ``warmup``."""
    if warmup:
        function()
    walls, cpus = [], []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def peak_rss_mb() -> float | None:
    """The process's peak resident memory so far, in MB (None where the OS does not say)."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except (ImportError, AttributeError, ValueError):
        return None
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def rss_mb() -> float | None:
    """The process's resident memory now, in MB (Linux; None elsewhere)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# --------------------------------------------------------------------- the demo database

def sources_key() -> str:
    digest = hashlib.sha256()
    for pattern in DEMO_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def demo_folder(cache: Path, scale: str) -> Path:
    """The folder of today's demo of ``scale`` (its own folder: backups go beside a database)."""
    return Path(cache) / f"{scale}-seed{SEED}-{datetime.date.today():%Y%m%d}-{sources_key()}"


def demo_database(cache: Path, scale: str, log=print) -> Path:
    """The cached demo database of ``scale`` (built first when missing, in a child)."""
    folder = demo_folder(cache, scale)
    path = folder / "demo.db"
    if (folder / "complete").exists():
        return path
    Path(cache).mkdir(parents=True, exist_ok=True)
    for old in Path(cache).glob(f"{scale}-seed*"):  # yesterday's or an older generator's
        shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True)
    log(f"building the {scale} demo (seed {SEED}) in {folder} …")
    result = run_child("build_demo", {"scale": scale, "path": str(path)}, timeout=1800)
    (folder / "summary.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    (folder / "complete").write_text("")
    return path


def build_demo(scale: str, path: str) -> dict:
    """Child task: generate the demo into ``path``, then its daily backup (so that a start
    of the window finds none due, as on any day after the first)."""
    from lianhu_desktop.domain import demo
    from lianhu_desktop.store import db as store_db

    store_db.open_database(Path(path), create=True)
    try:
        summary_ = demo.generate(scale, SEED)
        store_db.auto_backup(force=True)
    finally:
        store_db.close_database()
    return {"villages": summary_.villages, "members": summary_.members, "households": summary_.households,
            "links": summary_.links, "visits": summary_.visits, "requests": summary_.requests,
            "seconds": round(summary_.elapsed, 2)}


def copy_database(source: Path, target: Path) -> Path:
    """A copy of a (closed) database file for a measurement that writes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        leftover = Path(f"{target}{suffix}")
        if leftover.exists():
            leftover.unlink()
    shutil.copyfile(source, target)
    if Path(f"{source}-wal").exists():
        shutil.copyfile(f"{source}-wal", f"{target}-wal")
    return target


# --------------------------------------------------------------------- child processes

def compile_sources() -> None:
    """Byte-compile the program (and the suite) into ``__pycache__``, as an installed program
    has it: pip compiles a package when it installs it, the bundle holds bytecode, and an
    editable install writes it at its first start. Without this, an environment that sets
    PYTHONDONTWRITEBYTECODE makes every child compile each of our ~450 modules again (0.7 s
    of a cold start here) while the libraries the baselines import were compiled by pip."""
    import compileall

    for folder in ("lianhu_desktop", "bench"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def child_env(scratch: Path | None = None, *, gui: bool = False) -> dict:
    """The environment of a child: settings, logs and data in ``scratch``, Qt offscreen."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
        env["XDG_CONFIG_HOME"] = str(scratch / "config")
        env["XDG_DATA_HOME"] = str(scratch / "data")
    if gui:
        screen = (scratch or Path(os.environ.get("TMPDIR", "/tmp"))) / "offscreen.json"
        screen.write_text(json.dumps(SCREEN))
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    return env


def run_child(task: str, args: dict, *, env: dict | None = None, timeout: float = 900) -> dict:
    """Run ``task`` in a fresh interpreter; return the dict it printed last."""
    command = [sys.executable, "-m", "bench.child", task, json.dumps(args)]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env or child_env(), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        raise ChildFailed(f"{task}: no result after {timeout:.0f} s") from expired
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-12:])
    raise ChildFailed(f"{task} failed (exit {done.returncode}):\n{tail}")
