"""The operations layer: the one way the GUI changes the database.

Modelled on Anki's ``CollectionOp``: a write is handed to ``run_op`` with the
kinds of data it changes. ``run_op`` runs the domain call (in a worker with a
progress dialog and 取消 when ``background=True``), applies the one error
policy (``handle_error``), and on success tells every registered view what
changed (``notify``), so each view refreshes itself or marks itself stale.
No write site decides which other views to refresh.

Views implement the small ``ChangeListener`` protocol (``set_village``,
``on_changes``, refresh when shown if stale; ``gui.views.ViewState`` does
the bookkeeping) and register with ``subscribe(view)``. Listeners are told
in the order they subscribed (the main window first, so that its village
list is current before the tabs reload), in the GUI thread, after every
successful operation. They are held weakly: a closed view drops out.

Our own events are plain Python callbacks, not Python-defined Qt signals:
PySide6 6.12.0 leaks a reference per ``Signal.emit()`` (see
``tests/gui/test_signal_leak.py``, which fails on a release that leaks).
"""

from __future__ import annotations

import enum
import itertools
import logging
import pathlib
import sqlite3
import weakref
from typing import Any, Callable, Iterable, Protocol

import peewee
from PySide6.QtWidgets import QMessageBox, QWidget

from lianhu_desktop.errors import Cancelled, DatabaseProblem, LianhuError, StaleRecord

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
    """A frozenset of changes from single kinds and/or iterables of kinds.

    ``Change.DATABASE`` means every kind changed: it expands to ``EVERYTHING``.
    """
    out: set[Change] = set()
    for kind in kinds:
        if isinstance(kind, Change):
            out.add(kind)
        else:
            out.update(kind)
    return EVERYTHING if Change.DATABASE in out else frozenset(out)


class ChangeListener(Protocol):
    """What every tab and view implements."""

    def set_village(self, village_id: int | None) -> None:
        """Show another village (None: every village)."""

    def on_changes(self, changes: frozenset[Change], source: object | None) -> None:
        """Refresh now if visible and concerned, else remember to refresh when shown."""


# Insertion-ordered: id(listener) -> weak reference. A dict keeps the order of
# subscription, which a WeakSet does not.
_listeners: dict[int, weakref.ref] = {}
_serials = itertools.count(1)
# Per kind, the serial number of the last notice that named it (see ``serial``).
_changed_at: dict[Change, int] = {}
# Where the GUI's log file is, for the 程序出错 dialog (set by app.run).
log_path: pathlib.Path | None = None


def subscribe(listener: ChangeListener) -> None:
    """Register a view for change notices (held weakly; told in subscription order)."""
    key = id(listener)
    if key in _listeners and _listeners[key]() is listener:
        return
    _listeners[key] = weakref.ref(listener, lambda _ref, key=key: _drop(key, _ref))


def _drop(key: int, ref: weakref.ref) -> None:
    if _listeners.get(key) is ref:
        del _listeners[key]


def unsubscribe(listener: ChangeListener) -> None:
    _listeners.pop(id(listener), None)


def listeners() -> list[ChangeListener]:
    """The registered listeners still alive, in subscription order."""
    return [obj for obj in (ref() for ref in list(_listeners.values())) if obj is not None]


def serial(kinds: Iterable[Change] = EVERYTHING) -> int:
    """The number of the last notice that named any of ``kinds`` (0: none yet).

    Data several views share (the link board) remembers the serial it was
    loaded at and is loaded again only when a later notice concerns it, so
    that one notice loads it once whichever view asks first.
    """
    return max((_changed_at.get(kind, 0) for kind in kinds), default=0)


def notify(changes: Iterable[Change], source: object | None = None) -> None:
    """Tell every registered view what changed (in the GUI thread)."""
    changes = changes_of(changes)
    if not changes:
        return
    number = next(_serials)
    for kind in changes:
        _changed_at[kind] = number
    for listener in listeners():
        try:
            listener.on_changes(changes, source)
        except RuntimeError as error:  # the C++ side of a view already deleted
            if "already deleted" not in str(error):
                raise
            unsubscribe(listener)


# ---------------------------------------------------------------- errors


def error_message(error: BaseException, log_file: pathlib.Path | None = None) -> tuple[str, str, bool]:
    """(title, Chinese text, is_bug) for an error met while running an operation.

    A bug's text names ``log_file`` (default: the GUI's ``log_path``)."""
    if isinstance(error, DatabaseProblem):
        return "数据库出错", str(error), False
    if isinstance(error, LianhuError):
        return "无法完成", str(error), False
    if isinstance(error, (peewee.DatabaseError, sqlite3.DatabaseError)):
        from lianhu_desktop.store import db as store_db

        problem = store_db.problem_from(error)
        return "数据库出错", f"{problem}\n\n刚才的操作没有保存，请稍后重试。", False
    if isinstance(error, PermissionError):
        name = pathlib.Path(error.filename).name if error.filename else ""
        where = f"\n\n{error.filename}" if error.filename else ""
        return "无法写入文件", (f"文件“{name}”" if name else "文件") + \
            "正被其他程序打开（例如 Excel 或 PDF 阅读器），或此文件夹不允许写入。" \
            f"请关闭该文件后重试，或换一个文件名。{where}", False
    if isinstance(error, OSError):
        name = f"\n{error.filename}" if error.filename else ""
        return "无法读写文件", f"无法读写文件：{error.strerror or error}{name}", False
    log_file = log_file or log_path
    where = f"\n\n详细信息已记录在：{log_file}" if log_file else ""
    return "程序出错", f"程序遇到了一个意外错误，刚才的操作没有完成，程序可以继续使用。\n\n{error}{where}", True


def log_bug(error: BaseException, what: str = "operation failed") -> None:
    """Write a bug with its traceback to the log file (once: a worker may have)."""
    if getattr(error, "lianhu_logged", False):
        return
    try:
        error.lianhu_logged = True
    except AttributeError:  # an exception type with __slots__
        pass
    log.error(what, exc_info=(type(error), error, error.__traceback__))


def handle_error(parent: QWidget | None, error: BaseException, title: str | None = None, *,
                 log_file: pathlib.Path | None = None) -> None:
    """The one error policy: a user's mistake in its Chinese words, a locked or
    damaged database said plainly, a bug logged with its traceback and shown
    as 程序出错 naming the log file. The program goes on in every case.

    ``Cancelled`` shows nothing: the user asked for it. ``title`` replaces
    the default title of a user's mistake (a bug is always 程序出错).
    """
    if isinstance(error, Cancelled):
        return
    default_title, text, is_bug = error_message(error, log_file)
    if is_bug:
        log_bug(error)
        QMessageBox.critical(parent, default_title, text)
    elif _is_database_problem(error):
        QMessageBox.critical(parent, title or default_title, text)
    else:
        QMessageBox.warning(parent, title or default_title, text)


def _is_database_problem(error: BaseException) -> bool:
    return isinstance(error, (DatabaseProblem, peewee.DatabaseError, sqlite3.DatabaseError))


STALE_TITLE = "其他用户已修改"
RELOAD_QUESTION = ("\n\n要重新载入对方保存后的内容吗？\n"
                   "选“是”：窗口显示最新内容，您刚才的输入将被替换；\n"
                   "选“否”：保留您的输入（可先复制需要的内容），稍后再重新载入。")


STALE_KEPT = "尚未保存：其他用户已修改了这条记录。请重新载入后再把修改填上保存，或关闭窗口放弃修改。"
STALE_RELOADED = "已重新载入其他用户保存的内容，请把您的修改重新填上后再保存。"


def show_stale(parent: QWidget | None, error: StaleRecord, reload: Callable[[], None] | None) -> bool:
    """Say that someone else saved the record first; offer 重新载入 when the
    dialog can (``reload``) and the record still exists. True when reloaded."""
    if reload is None or error.deleted:
        QMessageBox.warning(parent, STALE_TITLE, str(error))
        return False
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.warning(parent, STALE_TITLE, str(error) + RELOAD_QUESTION, buttons,
                                 QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    reload()
    return True


def load_or_say(parent: QWidget | None, load: Callable[..., Any], *args) -> Any | None:
    """``load(*args)`` (what an edit or a deletion will act against), or None
    after saying why not (the record is gone)."""
    try:
        return load(*args)
    except LianhuError as error:
        handle_error(parent, error)
        return None


def _inline(error: BaseException, show_inline) -> bool:
    """Show a user's mistake at its field (dialogs); True when shown there."""
    if show_inline is None or isinstance(error, (Cancelled, DatabaseProblem)) \
            or not isinstance(error, LianhuError):
        return False
    show = getattr(show_inline, "show", show_inline)
    show(str(error), error.field)
    return True


# ---------------------------------------------------------------- running


def run_op(parent: QWidget | None, function: Callable[..., Any], *args,
           changes: Iterable[Change] | Callable[[Any], Iterable[Change]],
           on_success: Callable[[Any], None] | None = None,
           on_failure: Callable[[BaseException], None] | None = None,
           title: str | None = None,
           background: bool = False, label: str = "正在处理……",
           source: object | None = None, inline_errors=None,
           on_progress: Callable[[int, int], None] | None = None,
           reload: Callable[[], None] | None = None, **kwargs):
    """Run a write ``function(*args, **kwargs)`` and broadcast ``changes`` on success.

    ``changes`` may be a function of the result (an import that created
    grids changes the organisation too). ``on_success(result)`` runs before
    the notice, so a dialog can close first; ``on_failure(error)`` after the
    error was shown. ``inline_errors`` (a dialog's ``FieldErrors`` or a
    ``show(message, field)`` callable) shows a ``LianhuError`` at its field
    instead of in a message box; bugs and database problems still get the
    dialog. With ``background=True`` the function runs in a worker with
    ``progress=`` passed and a progress dialog with 取消 (or, given
    ``on_progress(done, total)``, no dialog: the caller shows the progress
    and cancels with ``job.cancel()``); the call returns the ``Job``.
    Otherwise it returns True on success, False on failure.

    A ``StaleRecord`` (someone else saved the record since the dialog loaded
    it) with ``reload`` (the dialog loading the record again) is shown in a
    message box that says what they changed and offers to reload; the dialog
    stays open with the user's input unless they choose to reload. Without
    ``reload`` it is shown like any refusal (in the dialog, else in a box).
    """

    def succeeded(result) -> None:
        changed = changes_of(changes(result) if callable(changes) else changes)
        if on_success is not None:
            on_success(result)
        if changed:
            notify(changed, source)

    def failed(error: BaseException) -> None:
        if isinstance(error, StaleRecord) and (reload is not None or inline_errors is None or error.deleted):
            reloaded = show_stale(parent, error, reload)
            if inline_errors is not None and reload is not None and not error.deleted:
                show = getattr(inline_errors, "show", inline_errors)
                show(STALE_RELOADED if reloaded else STALE_KEPT, None)
        elif not _inline(error, inline_errors):
            handle_error(parent, error, title)
        if on_failure is not None:
            on_failure(error)

    if background:
        from lianhu_desktop.gui.workers import Job, run_with_progress

        if on_progress is not None:
            job = Job(function, *args, parent=parent, on_progress=on_progress, on_done=succeeded,
                      on_error=failed, **kwargs)
            job.start()
            return job
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
              on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None] | None = None,
              title: str | None = None, background: bool = False, label: str = "正在读取……", **kwargs):
    """Run a read ``function`` with the same error policy and no change notice."""
    return run_op(parent, function, *args, changes=(), on_success=on_success, on_failure=on_failure,
                  title=title, background=background, label=label, **kwargs)


def import_changes(kind: str) -> frozenset[Change]:
    """What an import of ``kind`` (roster, households, links) changes; missing
    grids, party groups and posts are created on the way."""
    return {"roster": frozenset({Change.MEMBERS, Change.ORGANISATION}),
            "households": frozenset({Change.HOUSEHOLDS, Change.ORGANISATION}),
            "links": frozenset({Change.LINKS}),
            "commitments": frozenset({Change.COMMITMENTS}),
            "visits": frozenset({Change.VISITS})}[kind]
