"""Helpers every CLI command shares: opening the database, progress, JSON."""

from __future__ import annotations

import json
import sys
import time
from decimal import Decimal

from lianhu_desktop import paths
from lianhu_desktop.store import db as store_db


def open_db(args, *, create: bool = False):
    """Open the database the user chose (``--db``, ``LIANHU_DB``, portable, default).

    A file the user named must exist unless ``create``; the default location
    is created on first use.
    """
    choice = paths.choose_database(getattr(args, "db", None))
    return store_db.open_database(choice.path, create=create or not choice.named), choice


class StderrProgress:
    """A ``progress(done, total) -> bool`` callback that draws a line on stderr.

    Quiet when stderr is not a terminal except for a line every few seconds,
    so logs of CI runs stay short. Never cancels.
    """

    def __init__(self, label: str):
        self.label = label
        self._last = 0.0
        self._tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> bool:
        now = time.monotonic()
        finished = total and done >= total
        if finished or now - self._last >= (0.2 if self._tty else 5.0):
            self._last = now
            percent = f"{100 * done // total:3d}%" if total else ""
            end = "\n" if finished or not self._tty else "\r"
            print(f"{self.label} {percent} ({done}/{total})", end=end, file=sys.stderr, flush=True)
        return True


def _plain(value):
    # One-place Decimals (percentages) print as the numbers they are.
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def print_json(obj) -> None:
    """Print ``obj`` as JSON with Chinese kept readable."""
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=_plain))
