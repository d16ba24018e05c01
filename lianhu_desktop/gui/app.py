"""Starting the GUI: application, bundled font, Chinese Qt texts, database, window.

``run()`` is what ``lianhu`` (with no subcommand) and ``lianhu --smoke-test``
call.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pathlib
import sys
import traceback


from PySide6.QtCore import (QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator, QtMsgType,
                            qInstallMessageHandler)
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from lianhu_desktop import APP_ID, APP_NAME, paths
from lianhu_desktop.store import db as store_db

log = logging.getLogger("lianhu_desktop")
FONT_FILE = ("fonts", "wqy-microhei.ttc")
# Windows' own Chinese UI font, used when the system has it (PDFs always embed
# the bundled font): "Microsoft YaHei UI" is the variant tuned for menus.
SYSTEM_UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑")
# Rare characters of names (𠮷 …) the main font lacks; the same files the PDFs use.
FALLBACK_FONT_FILES = (("fonts", "HanaMinA-fallback.ttf"), ("fonts", "HanaMinB-fallback.ttf"))
LOG_FILE = "lianhu.log"

# Kept alive for the application's lifetime (Qt does not own them).
_keep: list = []


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, set up once: names, font, translations."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    if app.property("lianhu_ready"):
        return app
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setOrganizationDomain("lianhu.local")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    load_font(app)
    load_translations(app)
    from lianhu_desktop.gui.screens import install_screen_fitter

    install_screen_fitter(app)
    app.setWindowIcon(window_icon())
    app.setProperty("lianhu_ready", True)
    return app


def ui_font_family(bundled: str | None, has_family=None) -> str | None:
    """微软雅黑 when the system has it, else the bundled font (None: neither)."""
    has_family = has_family or QFontDatabase.hasFamily
    return next((name for name in SYSTEM_UI_FONTS if has_family(name)), bundled)


def window_icon() -> QIcon:
    """The program's icon at every size rendered from lianhu.svg (installer/make_icons.py).

    Bitmaps, not the SVG: the bundle ships no SVG plugin.
    """
    icon = QIcon()
    with contextlib.suppress(FileNotFoundError):
        for png in sorted(paths.resource("icons").glob("lianhu-*.png")):
            icon.addFile(str(png))
    return icon


def load_font(app: QApplication) -> str | None:
    """Register the bundled fonts; make 微软雅黑 (when installed) or the main bundled font,
    with the bundled fallbacks, the application font.

    The program must read right on a PC with no Chinese fonts installed, and
    show rare characters of names (𠮷) that the main font lacks.
    """
    families = _add_font(FONT_FILE)
    bundled = families[0] if families else None
    family = ui_font_family(bundled)
    if family is None:
        return None
    fallbacks = [name for parts in FALLBACK_FONT_FILES for name in _add_font(parts)[:1]]
    font = QFont(family)
    font.setFamilies([family, *([bundled] if bundled and bundled != family else []), *fallbacks])
    size = app.font().pointSizeF()
    font.setPointSizeF(size if size > 0 else 10)
    app.setFont(font)
    return family


def _add_font(parts: tuple[str, ...]) -> list[str]:
    try:
        path = paths.resource(*parts)
    except FileNotFoundError:
        log.warning("bundled font missing: %s", "/".join(parts))
        return []
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled font could not be loaded: %s", path)
    return families


def load_translations(app: QApplication) -> bool:
    """Qt's own Chinese texts (standard buttons, file dialogs …)."""
    from lianhu_desktop.gui.qt_texts import MissingQtTexts

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = translator.load("qtbase_zh_CN", folder)
    if loaded:
        app.installTranslator(translator)
        _keep.append(translator)
    else:
        log.warning("Qt Chinese translations not found in %s", folder)
    # Installed last, asked first: the texts the catalog misses (see qt_texts).
    missing = MissingQtTexts(app)
    app.installTranslator(missing)
    _keep.append(missing)
    return loaded


LOG_MAX_BYTES = 1_000_000
LOG_KEPT = 3  # older logs kept beside it: .1 (the newest) to .3


class LogFile(logging.FileHandler):
    """The program's log: appended to, and moved aside as ``.1`` when it has
    passed ``LOG_MAX_BYTES`` (the older ones to ``.2`` and ``.3``; older than
    that is dropped).

    What ``logging.handlers.RotatingFileHandler`` does; that module is not
    loaded because it cost every start 3 ms (it brings pickle, queue and a
    dozen handler classes the program never uses; timed after the modules the
    start loads anyway, three fresh interpreters).
    """

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is not None:
            try:
                if self.stream.tell() >= LOG_MAX_BYTES:
                    self._move_aside()
            except OSError:
                pass  # another program has the old logs open: this one goes on growing
        super().emit(record)  # reopens the file when it was moved aside (or could not be)

    def _move_aside(self) -> None:
        self.stream.close()
        self.stream = None
        base = self.baseFilename
        for number in range(LOG_KEPT - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        os.replace(base, f"{base}.1")


def setup_logging() -> pathlib.Path | None:
    """Log to a file under the data folder (``LogFile``); None when it can't be written."""
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_FILE
        handler = LogFile(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.lianhu_log = True
    for old in [h for h in log.handlers if getattr(h, "lianhu_log", False)]:
        log.removeHandler(old)
        old.close()
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


class ExceptionHook:
    """sys.excepthook: an error no operation caught (a slot, a paint event) is
    logged and shown by the one error policy (``operations``), not a crash.

    In smoke-test mode nothing is shown; the error is printed and counted.
    """

    def __init__(self, log_path: pathlib.Path | None, *, quiet: bool):
        self.log_path = log_path
        self.quiet = quiet
        self.errors = 0
        self._showing = False

    def __call__(self, kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        from lianhu_desktop.gui import operations

        self.errors += 1
        if value is None:
            value = kind()
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        with contextlib.suppress(AttributeError):
            value.lianhu_logged = True  # handle_error does not log it again
        if self.quiet:
            traceback.print_exception(kind, value, tb, file=sys.stderr)
            return
        if self._showing:
            return
        self._showing = True
        try:
            # Locked or damaged file: said in the clerk's words (the transaction
            # was rolled back, nothing is half-written); a bug names the log.
            operations.handle_error(None, value, log_file=self.log_path)
        finally:
            self._showing = False


def _qt_message(mode, context, message: str) -> None:
    """Qt's own warnings go to the log; the offscreen platform's chatter is dropped."""
    if "propagateSizeHints" in message:
        return
    if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log.error("Qt: %s", message)
        print(message, file=sys.stderr)
    elif mode == QtMsgType.QtWarningMsg:
        log.warning("Qt: %s", message)


def open_database(db_path: pathlib.Path, *, named: bool, smoke_test: bool) -> bool:
    """Open the database; True when open. Asks before creating a missing named file.

    Locked, damaged and empty files are handled by ``backup_actions.open_at_start``.
    """
    from lianhu_desktop.gui import backup_actions

    create = not named
    if named and not isinstance(db_path, str) and not db_path.exists():
        if smoke_test:
            print(f"数据库文件不存在：{db_path}", file=sys.stderr)
            return False
        answer = QMessageBox.question(
            None, "数据库不存在",
            f"指定的数据库文件不存在：\n{db_path}\n\n要在这个位置新建一个空数据库吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        create = True
    return backup_actions.open_at_start(db_path, create=create, smoke_test=smoke_test)


def run(db_path: pathlib.Path, *, named: bool, smoke_test: bool = False,
        argv: list[str] | None = None, settings: QSettings | None = None) -> int:
    """Start the GUI on ``db_path``; returns the process exit code.

    ``named``: the user chose the file (``--db``, ``LIANHU_DB``), so a missing
    file is not created without asking. ``smoke_test``: no dialogs; open the
    window, visit every tab, close, return 0 (3 for a database problem).
    """
    if not paths.is_server_url(str(db_path)):
        db_path = pathlib.Path(db_path)
    app = make_application(argv)
    log_path = setup_logging()
    from lianhu_desktop.gui import operations

    operations.log_path = log_path
    hook = ExceptionHook(log_path, quiet=smoke_test)
    previous_hook, sys.excepthook = sys.excepthook, hook
    previous_handler = qInstallMessageHandler(_qt_message)
    try:
        if not open_database(db_path, named=named, smoke_test=smoke_test):
            return 3
        from lianhu_desktop.gui.main_window import MainWindow

        if settings is None:
            # An INI file in the user's config folder; the smoke test keeps its
            # own so that it leaves the user's remembered window alone.
            settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                 APP_ID, "smoke-test" if smoke_test else "settings")
        window = MainWindow(db_path, settings, defer=True)
        window.show()
        if smoke_test:
            return _smoke(app, window, hook)
        from lianhu_desktop.gui import collector

        collector.install(app)
        from lianhu_desktop.gui import backup_actions

        window.when_painted(lambda: backup_actions.at_start(window))
        code = app.exec()
        backup_actions.at_clean_exit(window)
        return code
    finally:
        sys.excepthook = previous_hook
        qInstallMessageHandler(previous_handler)
        store_db.close_database()


def _smoke(app: QApplication, window, hook: ExceptionHook) -> int:
    app.processEvents()
    window.visit_every_tab()
    for tab in window.tabs:
        if tab.model.rowCount():
            tab.model.data(tab.model.index(0, 0))
    app.processEvents()
    window.close()
    app.processEvents()
    QCoreApplication.sendPostedEvents()
    return 1 if hook.errors else 0
