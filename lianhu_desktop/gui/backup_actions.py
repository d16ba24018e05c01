"""Opening safely, backups and restore in the GUI.

* Opening at start (``open_at_start``): a database another window is
  changing may be opened read-only; a damaged one is offered its newest good
  backup; an empty file is initialised only when the clerk says so.
* Automatic backups: at start when the last one is older than a day (made in
  a worker thread: the window stays usable), and on a clean exit when
  something changed; in the database's ``backups/`` and,
  if set, a second folder (a USB stick) chosen under 文件 → 备份设置, sealed
  there when a backup passphrase is set (``backup_settings``).
* "上次没有正常退出": offered a check of the database.
* 文件 → 从备份恢复: through the operations layer (``Change.DATABASE``); a
  sealed backup asks for its passphrase.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from lianhu_desktop.domain import audit
from lianhu_desktop.errors import DatabaseProblem, LianhuError
from lianhu_desktop.gui.operations import Change, handle_error, run_op
from lianhu_desktop.store import backups, fileinfo
from lianhu_desktop.store import db as store_db

# This module opens the database at every start, before the window paints: what
# only restoring, the backup settings and the passphrase dialog need (2.5 ms of
# imports, timed after the modules the start loads anyway) is imported where used.
log = logging.getLogger(__name__)
BACKUP_FILTER = "联户通备份 (*.db *.lhbak);;所有文件 (*)"


# ---------------------------------------------------------------- opening


def restore_and_open(source: Path, live: Path, passphrase: str | None = None):
    """Restore ``source`` over ``live`` and open the result for writing."""
    from lianhu_desktop.store.restore import restore_database

    result = restore_database(source, live, passphrase)
    store_db.open_database(live, check=True)
    audit.use_operator()
    return result


def _ask(parent, title: str, text: str, yes: str, no: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.exec()
    return box.clickedButton() is accept


def open_at_start(db_path: Path, *, create: bool, smoke_test: bool = False, parent: QWidget | None = None) -> bool:
    """Open the database for the window; True when open (possibly read-only)."""
    try:
        store_db.open_database(db_path, create=create)
        audit.use_operator()
        return True
    except store_db.DatabaseLocked as locked:
        if smoke_test:
            print(str(locked), file=sys.stderr)
            return False
        if not _ask(parent, "数据库正在使用", f"{locked}\n\n以只读方式打开时可以查看和打印，不能修改。",
                    "以只读方式打开", "退出"):
            return False
        try:
            store_db.open_database(db_path, write=False)
        except DatabaseProblem as error:
            QMessageBox.critical(parent, "无法打开数据库", str(error))
            return False
        return True
    except store_db.DatabaseUninitialised as empty:
        if smoke_test:
            print(str(empty), file=sys.stderr)
            return False
        if not _ask(parent, "数据库是空文件", f"{empty}\n\n要把这个文件建成一个新的空数据库吗？", "新建", "退出"):
            return False
        return open_at_start(db_path, create=True, parent=parent)
    except DatabaseProblem as error:
        if smoke_test:
            print(str(error), file=sys.stderr)
            return False
        if isinstance(db_path, str):  # a server database: nothing here to restore it from
            QMessageBox.critical(parent, "无法打开数据库", str(error))
            return False
        good = getattr(error, "newest_good", None) or backups.newest_good(backups.backup_dir_for(db_path))
        if good is None or fileinfo.inspect(db_path).kind is fileinfo.Kind.FOREIGN:
            QMessageBox.critical(parent, "无法打开数据库", str(error))
            return False
        if not _ask(parent, "数据库已损坏", f"{error}\n\n要用最近的完好备份恢复吗？\n{good}\n\n"
                    "损坏的文件会先保存到备份文件夹，不会丢失。", "用这个备份恢复", "退出"):
            return False
        try:
            restore_and_open(good, db_path)
        except LianhuError as again:
            QMessageBox.critical(parent, "恢复没有完成", str(again))
            return False
        return True


# ---------------------------------------------------------------- automatic backups


def _where_to(window) -> tuple[list[str], bytes | None]:
    """The second folder and the key its backups are sealed to, as 备份设置 set them."""
    from lianhu_desktop.gui import backup_settings

    return backup_settings.extra_dirs(window.settings), backup_settings.seal_key(window.settings)


def _say_written(window, written: list[Path]) -> None:
    if written:
        window.ui.statusBar.showMessage(f"已自动备份到：{written[0]}", 8000)


def _say_failed(window, error: LianhuError) -> None:
    log.warning("automatic backup failed: %s", error)
    window.ui.statusBar.showMessage(f"自动备份没有完成：{error}", 15000)


def automatic_backup(window, *, force: bool = False) -> list[Path]:
    """The automatic backup; problems go to the status bar and the log, never a crash."""
    extra, key = _where_to(window)
    try:
        written = store_db.auto_backup(extra, force=force, seal_key=key)
    except LianhuError as error:
        _say_failed(window, error)
        return []
    _say_written(window, written)
    return written


# The daily backups started in a worker (``start_automatic_backup``) and not yet
# ended, each by the event its thread sets when it ends.
_running: list[threading.Event] = []


def start_automatic_backup(window):
    """The daily automatic backup, when one is due, made in a worker thread; its ``Job``, or None.

    Copying and checking a township's database takes seconds, which the clerk
    spent before a frozen window: on the township demo's 314 MB file the event
    loop's longest pause during the backup was 1.2-2.0 s made here and 18-24
    ms made in the worker (a 10 ms timer, two runs each, the machine's other
    core busy). Meanwhile the status bar says a backup is under way, then
    where it went. The worker reads the file through a connection of its own
    (``auto_backup``'s ``file``); what the clerk saves meanwhile is in the
    next backup. A problem is said in the status bar and logged, as for
    ``automatic_backup``.
    """
    path = store_db.database_path()
    if path is None or not backups.due(path):
        return None
    from lianhu_desktop.gui import workers

    extra, key = _where_to(window)
    ended = threading.Event()

    def run(progress) -> list[Path]:
        try:
            return store_db.auto_backup(extra, seal_key=key, file=path)
        finally:
            ended.set()

    def done(written: list[Path]) -> None:
        _forget(ended)
        window.ui.statusBar.clearMessage()  # 正在自动备份……
        _say_written(window, written)

    def failed(error: BaseException) -> None:
        _forget(ended)
        if isinstance(error, LianhuError):
            _say_failed(window, error)
        else:  # logged with its traceback by the worker
            window.ui.statusBar.showMessage("自动备份没有完成：程序出错，详情已记入日志", 15000)

    job = workers.Job(run, parent=window, on_done=done, on_error=failed)
    _running.append(ended)
    window.ui.statusBar.showMessage("正在自动备份数据库……")
    job.start()
    return job


def _forget(ended: threading.Event) -> None:
    if ended in _running:
        _running.remove(ended)


def wait_for_backups() -> None:
    """Wait until the daily backups started in a worker have ended (before the
    exit's backup, or a restore that replaces the file they read)."""
    for ended in list(_running):
        ended.wait()
        _forget(ended)


def at_start(window) -> None:
    """After the window is shown: the unclean-exit notice, then the daily backup (in a worker)."""
    previous = store_db.state.unclean
    if previous is not None:
        if _ask(window, "上次没有正常退出",
                f"上次使用联户通时程序没有正常退出（{previous.describe()}）。\n\n"
                "数据库中已保存的内容不会丢失。要现在检查一下数据库是否完好吗？", "检查数据库", "以后再说"):
            check_database(window)
        store_db.state.unclean = None
    start_automatic_backup(window)


def at_clean_exit(window) -> None:
    """On a normal exit: a backup when something changed since the last one
    (after the start's backup, should it still be running)."""
    wait_for_backups()
    path = store_db.database_path()
    if path is None or store_db.is_read_only():
        return
    if backups.changed_since_last(path):
        automatic_backup(window, force=True)


def check_database(window) -> bool:
    """Run the full check and say the result; offer the newest good backup if damaged."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        problems = store_db.integrity_check()
    finally:
        QApplication.restoreOverrideCursor()
    if not problems:
        QMessageBox.information(window, "检查数据库", "数据库完好，没有发现问题。")
        return True
    path = store_db.database_path()
    if path is None:  # a server database
        QMessageBox.critical(window, "数据库有问题", f"检查发现问题：\n{shown_problems(problems)}\n\n"
                             f"{store_db.SERVER_BACKUP}。")
        return False
    good = backups.newest_good(backups.backup_dir_for(path))
    shown = "\n".join(problems[:5])
    if good is None:
        QMessageBox.critical(window, "数据库有问题", f"检查发现问题：\n{shown}\n\n没有找到完好的备份。")
        return False
    if _ask(window, "数据库有问题", f"检查发现问题：\n{shown}\n\n要用最近的完好备份恢复吗？\n{good}",
            "用这个备份恢复", "暂不恢复"):
        _restore(window, good)
    return False


# ---------------------------------------------------------------- menu actions


def _restore(window, source: Path, passphrase: str | None = None) -> bool:
    live = Path(window.db_path)
    if _running:  # the start's backup is still reading the file the restore replaces
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            wait_for_backups()
        finally:
            QApplication.restoreOverrideCursor()

    def done(result) -> None:
        kept = f"\n\n恢复前的数据库已备份到：\n{result.safety}" if result.safety else ""
        window.refresh()
        QMessageBox.information(window, "恢复完成", f"已从备份恢复：\n{result.source}{kept}")

    def failed(_error) -> None:
        # The live database was not replaced; make sure it is open again.
        if store_db.database_path() is None or store_db.database.obj.is_closed():
            try:
                store_db.open_database(live)
            except LianhuError as again:
                handle_error(window, again, "数据库出错")

    return run_op(window, restore_and_open, source, live, passphrase, changes={Change.DATABASE},
                  on_success=done, on_failure=failed, title="恢复没有完成")


def shown_problems(problems: list[str]) -> str:
    return "\n".join(problems[:5])


def choose_and_restore(window) -> None:
    if store_db.is_server():
        QMessageBox.information(window, "从备份恢复", store_db.SERVER_BACKUP + "。")
        return
    if store_db.is_read_only():
        QMessageBox.information(window, "从备份恢复", "数据库是以只读方式打开的（另一个程序正在修改它），不能恢复。")
        return
    folder = backups.backup_dir_for(window.db_path)
    path, _ = QFileDialog.getOpenFileName(window, "从备份恢复", str(folder), BACKUP_FILTER)
    if not path:
        return
    passphrase = None
    if backups.is_sealed(path):
        from lianhu_desktop.gui.dialogs.passphrase_dialog import ask_passphrase

        passphrase = ask_passphrase(window, create=False, title="备份密码",
                                    intro=f"这个备份已加密：\n{path}\n\n请输入设置备份加密时用的密码：")
        if passphrase is None:
            return
    if not _ask(window, "从备份恢复",
                f"要用备份\n{path}\n替换当前数据库吗？\n\n先检查备份；当前数据库会先保存到\n{folder}",
                "恢复", "取消"):
        return
    _restore(window, Path(path), passphrase)


def install(window) -> None:
    """Add 从备份恢复, 检查数据库 and 备份设置 to the 文件 menu."""
    from lianhu_desktop.gui import backup_settings

    menu = window.ui.menuFile
    anchor = window.ui.actionRefresh
    for text, slot in (("从备份恢复(&H)…", choose_and_restore), ("检查数据库(&C)", check_database),
                       ("备份设置(&S)…", backup_settings.edit_backup_settings)):
        action = QAction(text, window)
        action.triggered.connect(lambda _checked=False, s=slot: s(window))
        menu.insertAction(anchor, action)
        setattr(window, f"action_{slot.__name__}", action)
    menu.insertSeparator(anchor)
