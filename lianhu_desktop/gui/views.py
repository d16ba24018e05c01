"""The view protocol's bookkeeping, data several views share, and plain callbacks.

Every tab and view answers change notices the same way (``ViewState``):
a notice that concerns it refreshes it at once when it is on screen, and
otherwise only marks it stale; it refreshes when it is shown next. So a
hidden tab costs nothing, and no write site knows which views exist.

``SharedLoad`` is a value several views show (the link board shown by the
分组列表 and the 网格图; the coverage report shown by the panel and the
door-plate hint): loaded once per notice that concerns it, whichever view
asks first, in a worker for the whole township.

``Callbacks`` is our event mechanism (``connect``/``emit`` like a signal):
Python-defined Qt signals leak references in PySide6 6.12.0.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, Iterable, TypeVar

from PySide6.QtWidgets import QWidget

from lianhu_desktop.gui import operations
from lianhu_desktop.gui.operations import Change

T = TypeVar("T")


class Callbacks:
    """Functions to call on an event: ``connect(fn)``, ``disconnect(fn)``, ``emit(*args)``."""

    def __init__(self) -> None:
        self._functions: list[Callable[..., Any]] = []

    def connect(self, function: Callable[..., Any]) -> None:
        self._functions.append(function)

    def disconnect(self, function: Callable[..., Any]) -> None:
        self._functions.remove(function)

    def emit(self, *args) -> None:
        for function in list(self._functions):
            function(*args)

    def __len__(self) -> int:
        return len(self._functions)


class ViewState:
    """Refresh-now-or-when-shown for one view.

    ``widget`` is what must be on screen for a refresh to be worth doing;
    ``depends`` the kinds of change the view shows; ``refresh(changes)``
    re-reads the view (``changes`` says what changed since it was shown,
    ``EVERYTHING`` after a village switch). The view calls ``shown()`` from
    its ``showEvent`` (or when its page becomes current).
    """

    def __init__(self, widget: QWidget, depends: Iterable[Change],
                 refresh: Callable[[frozenset[Change]], None]):
        self.widget = widget
        self.depends = operations.changes_of(depends)
        self._refresh = refresh
        self.pending: frozenset[Change] = frozenset()

    @property
    def stale(self) -> bool:
        return bool(self.pending)

    def concerns(self, changes: Iterable[Change]) -> bool:
        return bool(self.depends & frozenset(changes))

    def on_changes(self, changes: frozenset[Change], _source: object | None = None) -> None:
        relevant = self.depends & changes
        if not relevant:
            return
        self.pending |= relevant
        if self.widget.isVisible():
            self.shown()

    def mark_all(self) -> None:
        """Everything shown is out of date (another village was chosen)."""
        self.pending = self.depends

    def shown(self) -> None:
        """The view is on screen: refresh if anything changed since it last was."""
        if self.pending:
            changes, self.pending = self.pending, frozenset()
            self._refresh(changes)



class StatefulView:
    """The view protocol for a widget that keeps its refresh in ``self.state`` (a ``ViewState``).

    Mix in before ``QWidget``: ``class MeetingsView(StatefulView, QWidget)``.
    ``set_village`` remembers the village and refreshes now if shown, else
    when shown; ``on_changes`` and ``showEvent`` hand over to the state.
    """

    village_id: int | None = None
    state: ViewState

    def set_village(self, village_id: int | None) -> None:
        self.village_id = village_id
        self.state.mark_all()
        if self.isVisible():
            self.state.shown()

    def on_changes(self, changes: frozenset[Change], source: object | None = None) -> None:
        self.state.on_changes(changes, source)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.state.shown()

class SharedLoad(Generic[T]):
    """A value several views show, loaded for one village (or all) once per notice.

    ``load(village_id)`` reads it; for every village (None) it runs in a
    worker when ``township_in_worker`` (with a progress dialog if
    ``progress_label``). Errors go through the one error policy.
    """

    def __init__(self, parent: QWidget, load: Callable[[int | None], T], depends: Iterable[Change], *,
                 title: str = "请稍候", progress_label: str | None = None, township_in_worker: bool = True,
                 first: Callable[[], T | None] | None = None):
        self.parent, self.load = parent, load
        # A township's quick first part (its first village's value), read in the worker before
        # the whole and handed to the views that show one while they wait (``get``'s ``early``).
        self.first = first
        self._early: T | None = None
        self.depends = operations.changes_of(depends)
        self.title, self.progress_label = title, progress_label
        self.township_in_worker = township_in_worker
        self._key: tuple | None = None
        self._value: T | None = None
        self._job = None
        self._job_key: tuple | None = None
        self._waiters: list[tuple[int | None, Callable[[T], None], Callable | None, Callable | None]] = []
        self.loads = 0  # how many times it was read (tests, benchmarks)

    def _current_key(self, village_id: int | None) -> tuple:
        return village_id, operations.serial(self.depends)

    def cached(self, village_id: int | None) -> T | None:
        """The value if it is current for ``village_id``, else None."""
        return self._value if self._key == self._current_key(village_id) else None

    def invalidate(self) -> None:
        self._key, self._value = None, None

    def get(self, village_id: int | None, then: Callable[[T], None],
            failed: Callable[[BaseException], None] | None = None,
            early: Callable[[T], None] | None = None) -> None:
        """Call ``then(value)`` with the current value, loading it first if needed; ``early(part)``
        with the township's first part (``first``) while the whole is read, when there is one."""
        key = self._current_key(village_id)
        if self._key == key:
            then(self._value)
            return
        if village_id is not None or not self.township_in_worker:
            try:
                value = self.load(village_id)
            except Exception as error:  # noqa: BLE001 - the one error policy
                operations.handle_error(self.parent, error)
                if failed is not None:
                    failed(error)
                return
            self.loads += 1
            self._key, self._value = key, value
            then(value)
            return
        self._waiters.append((village_id, then, failed, early))
        if self._job is not None and self._job.running:
            if early is not None and self._early is not None and self._job_key == key:
                early(self._early)  # the first part is in already (a prefetch under way)
            return  # its end asks again when its key is out of date
        self._start(key)

    def prefetch(self, village_id: int | None) -> None:
        """Read a township's value in a worker now, without a progress dialog, so that the
        view shown later finds it; nothing when it is current or already being read."""
        if village_id is not None or not self.township_in_worker:
            return
        key = self._current_key(village_id)
        if self._key == key or (self._job is not None and self._job.running):
            return
        self._start(key, quiet=True)

    def _start(self, key: tuple, *, quiet: bool = False) -> None:
        """Read the value of ``key`` in a worker; ``quiet``: without the progress dialog."""
        from lianhu_desktop.gui.workers import Job, run_with_progress

        village_id = key[0]
        first = self.first if village_id is None else None

        def task(*, progress, part=None):
            if part is not None:
                part(first())
            return self.load(village_id)

        self._job_key, self._early = key, None
        parts = {"on_part": self._part} if first is not None else {}
        if self.progress_label and not quiet:
            self._job = run_with_progress(self.parent, self.title, self.progress_label, task,
                                          on_done=self._done, on_error=self._failed, **parts)
        else:
            self._job = Job(task, parent=self.parent, on_done=self._done, on_error=self._failed, **parts)
            self._job.start()

    def _part(self, value: T | None) -> None:
        if value is None:
            return
        self._early = value
        for village_id, _then, _failed, early in self._waiters:
            if early is not None and self._current_key(village_id) == self._job_key:
                early(value)

    def _done(self, value: T) -> None:
        self._job, self._early = None, None
        self.loads += 1
        self._key, self._value = self._job_key, value
        waiters, self._waiters = self._waiters, []
        again = []
        for village_id, then, failed, early in waiters:
            if self._current_key(village_id) == self._key:
                then(value)
            else:
                again.append((village_id, then, failed, early))
        for village_id, then, failed, early in again:
            self.get(village_id, then, failed, early)

    def _failed(self, error: BaseException) -> None:
        """Said to the views waiting for the value; a read nobody waited for (a prefetch)
        fails silently: a view shown later reads again and meets the error itself."""
        self._job, self._early = None, None
        waiters, self._waiters = self._waiters, []
        if not waiters:
            return
        operations.handle_error(self.parent, error)
        for _village_id, _then, failed, _early in waiters:
            if failed is not None:
                failed(error)


class SharedView:
    """The view protocol for a widget that shows a ``SharedLoad``'s value.

    ``show(value, village_id)`` puts the value on screen; ``loading()`` (if
    given) says that a township's value is being read in a worker;
    ``failed(error)`` follows a failed read (the error was already shown);
    ``early(part, village_id)`` (if given) shows the township's first part
    while the whole is read (the source's ``first``).
    """

    def __init__(self, widget: QWidget, source: SharedLoad, show: Callable[[Any, int | None], None], *,
                 loading: Callable[[], None] | None = None,
                 failed: Callable[[BaseException], None] | None = None,
                 early: Callable[[Any, int | None], None] | None = None):
        self.widget, self.source, self.show = widget, source, show
        self.loading, self.failed, self.early = loading, failed, early
        self.village_id: int | None = None
        self.state = ViewState(widget, source.depends, lambda _changes: self.reload())

    def set_village(self, village_id: int | None) -> None:
        self.village_id = village_id
        self.state.mark_all()
        if self.widget.isVisible():
            self.state.shown()

    def on_changes(self, changes: frozenset[Change], source: object | None = None) -> None:
        self.state.on_changes(changes, source)

    def shown(self) -> None:
        self.state.shown()

    def reload(self) -> None:
        village_id = self.village_id
        if self.loading is not None and self.source.cached(village_id) is None and village_id is None:
            self.loading()

        def show(value) -> None:
            if self.village_id == village_id:
                self.show(value, village_id)

        def early(value) -> None:
            if self.village_id == village_id:
                self.early(value, village_id)

        self.source.get(village_id, show, self.failed, early if self.early is not None else None)


class SharedDataView:
    """The view protocol for a widget that shows shared data through ``self.shared`` (a ``SharedView``).

    Mix in before ``QWidget``, like ``StatefulView``.
    """

    shared: SharedView

    def set_village(self, village_id: int | None) -> None:
        self.shared.set_village(village_id)

    def on_changes(self, changes: frozenset[Change], source: object | None = None) -> None:
        self.shared.on_changes(changes, source)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.shared.shown()


class SharedBoardView(SharedDataView):
    """A view of the link board that the households tab loads once for all its views.

    The view implements ``set_board(board, show_village=...)``; ``on_board(board)``,
    when set, is told after each board shown.
    """

    on_board = None
    # ``show_first(board, village_id)``, when a view has it: the township's first village
    # shown while the whole township's board is read.
    show_first = None

    def attach(self, source, *, failed=None) -> None:
        """Show the board of ``source`` (a ``SharedLoad`` the tab owns)."""
        self.shared = SharedView(self, source, self.show_board, failed=failed, early=self.show_first)

    def show_board(self, board, village_id: int | None) -> None:
        self.set_board(board, show_village=village_id is None)
        if self.on_board is not None:
            self.on_board(board)
