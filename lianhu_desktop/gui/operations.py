"""The operations layer: the one way the GUI changes the database.

Modelled on Anki's ``CollectionOp``: a write is handed to ``run_op`` with the
kinds of data it changes. ``run_op`` runs the domain call (in a worker with a
progress dialog and 取消 when ``background=True``), applies the one error
policy (``handle_error``), and on success tells every registered view what
changed (``notify``), so each view refreshes itself or marks itself stale.
No write site decides which other views to refresh.

Views implement the small ``ChangeListener`` protocol and register with
``subscribe(view)``; a view's ``on_changes(changes, source)`` is called in the
GUI thread after every successful operation.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
import weakref
from typing import Any, Callable, Iterable, Protocol

import peewee
from PySide6.QtWidgets import QMessageBox, QWidget

from lianhu_desktop.errors import Cancelled, DatabaseProblem, LianhuError

log = logging.getLogger(__name__)


class Change(enum.Enum):
    """A kind of data an operation changed."""

    VILLAGES = "villages"
    ORGANISATION = "organisation"  # grids, party groups, posts
    MEMBERS = "members"
    HOUSEHOLDS = "households"
    LINKS = "links"
    VISITS = "visits"
    REQUESTS = "requests"
    COMMITMENTS = "commitments"
    MEETINGS = "meetings"
    PAIRINGS = "pairings"
    SCHEMES = "schemes"
    SCORES = "scores"
    BALLOTS = "ballots"
    SETTINGS = "settings"
    PRINT_MARKS = "print_marks"
    DATABASE = "database"  # another file opened, a restore: everything is new


Changes = frozenset  # frozenset[Change]
EVERYTHING: frozenset[Change] = frozenset(Change)


def changes_of(*kinds: Change | Iterable[Change]) -> frozenset[Change]:
    """A frozenset of changes from single kinds and/or iterables of kinds."""
    out: set[Change] = set()
    for kind in kinds:
        if isinstance(kind, Change):
            out.add(kind)
        else:
            out.update(kind)
    return frozenset(out)


class ChangeListener(Protocol):
    """What every tab and view implements."""

    def on_changes(self, changes: frozenset[Change], source: object | None) -> None:
        """Refresh now if visible, else remember to refresh when shown."""


_listeners: weakref.WeakSet[Any] = weakref.WeakSet()
# Where the GUI's log file is, for the 程序出错 dialog (set by app.run).
log_path = None


def subscribe(listener: ChangeListener) -> None:
    """Register a view for change notices (held weakly: a closed view drops out)."""
    _listeners.add(listener)


def unsubscribe(listener: ChangeListener) -> None:
    _listeners.discard(listener)


def notify(changes: Iterable[Change], source: object | None = None) -> None:
    """Tell every registered view what changed (in the GUI thread)."""
    changes = changes_of(changes)
    if not changes:
        return
    for listener in list(_listeners):
        try:
            listener.on_changes(changes, source)
        except RuntimeError:  # the C++ side of a view already deleted
            _listeners.discard(listener)


# ---------------------------------------------------------------- errors


def error_message(error: BaseException) -> tuple[str, str, bool]:
    """(title, Chinese text, is_bug) for an error met while running an operation."""
    if isinstance(error, DatabaseProblem):
        return "数据库出错", f"{error}\n\n刚才的操作没有保存。", False
    if isinstance(error, LianhuError):
        return "无法完成", str(error), False
    if isinstance(error, (peewee.DatabaseError, sqlite3.DatabaseError)):
        from lianhu_desktop.store import db as store_db

        problem = store_db.problem_from(error)
        return "数据库出错", f"{problem}\n\n刚才的操作没有保存，请稍后重试。", False
    where = f"\n\n详细信息已记录在：{log_path}" if log_path else ""
    return "程序出错", f"程序遇到了一个意外错误，刚才的操作没有完成，程序可以继续使用。\n\n{error}{where}", True


def handle_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    """The one error policy: a user's mistake in its Chinese words, a bug logged."""
    if isinstance(error, Cancelled):
        return
    default_title, text, is_bug = error_message(error)
    if is_bug:
        log.error("operation failed", exc_info=(type(error), error, error.__traceback__))
        QMessageBox.critical(parent, default_title, text)
    else:
        QMessageBox.warning(parent, title or default_title, text)


# ---------------------------------------------------------------- running


def run_op(parent: QWidget | None, function: Callable[..., Any], *args,
           changes: Iterable[Change] | Callable[[Any], Iterable[Change]],
           on_success: Callable[[Any], None] | None = None,
           on_failure: Callable[[BaseException], None] | None = None,
           title: str | None = None,
           background: bool = False, label: str = "正在处理……",
           source: object | None = None, **kwargs):
    """Run a write ``function(*args, **kwargs)`` and broadcast ``changes`` on success.

    ``changes`` may be a function of the result (an import that created
    grids changes the organisation too). ``on_success(result)`` runs before
    the notice, so a dialog can close first; ``on_failure(error)`` after the
    error was shown. With ``background=True`` the function runs in a worker
    with ``progress=`` passed and a progress dialog with 取消; the call
    returns the ``Job``. Otherwise it returns True on success, False on failure.
    """

    def succeeded(result) -> None:
        changed = changes(result) if callable(changes) else changes
        if on_success is not None:
            on_success(result)
        notify(changed, source)

    def failed(error: BaseException) -> None:
        handle_error(parent, error, title)
        if on_failure is not None:
            on_failure(error)

    if background:
        from lianhu_desktop.gui.workers import run_with_progress

        return run_with_progress(parent, title or "请稍候", label, function, *args,
                                 on_done=succeeded, on_error=failed, **kwargs)
    try:
        result = function(*args, **kwargs)
    except BaseException as error:  # noqa: BLE001 - the one error policy
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        failed(error)
        return False
    succeeded(result)
    return True


def run_query(parent: QWidget | None, function: Callable[..., Any], *args,
              on_success: Callable[[Any], None], title: str | None = None,
              background: bool = False, label: str = "正在读取……", **kwargs):
    """Run a read ``function`` with the same error policy and no change notice."""
    return run_op(parent, function, *args, changes=(), on_success=on_success, title=title,
                  background=background, label=label, **kwargs)
