"""A cold start, in the process it measures: ``python bench/gui_start.py ours DB`` or ``… bare``.

``ours`` starts the program as ``lianhu --db DB`` does (``cli.main``) and
stops the clock when the first table of the main window has painted rows;
``bare`` shows an empty ``QMainWindow`` (nothing but Qt) and stops at its
first paint. Either prints ``BENCH-RESULT {"painted": epoch}``; ``ours``
adds when the window had built the tabs and menus it leaves for after its
first paint (``built``). The parent took the epoch before it started the
process, so the difference is the whole start, interpreter included. Nothing else is imported before the
program's own imports, so the start is not made slower or faster here.

The window closes itself right after; the backup a normal exit makes when
the database changed is skipped (opening the file touches its WAL, and
copying a township's database each time is no part of starting).
"""

import json
import sys
import time

MARK = "BENCH-RESULT "


def _report(painted: float, extra: dict) -> None:
    print(MARK + json.dumps({"painted": painted, **extra}), flush=True)


def _refused(title: str) -> bool:
    print(f"bench: answered no to: {title}", file=sys.stderr)
    return False


def bare() -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 760)

    class Watch(QObject):
        done = False

        def eventFilter(self, obj, event):
            if not self.done and obj is window and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, self.finish)
            return False

        def finish(self):
            _report(time.time(), {})
            app.quit()

    watch = Watch()
    app.installEventFilter(watch)
    window.show()
    app.exec()
    return 0


def ours(db: str) -> int:
    from lianhu_desktop import cli
    from lianhu_desktop.gui import app as gui_app
    from lianhu_desktop.gui import backup_actions

    real_make = gui_app.make_application
    backup_actions.at_clean_exit = lambda window: None
    # A question at start (a lock left by a killed run, an unclean exit) must
    # not wait for a click that never comes: it is answered No and said.
    backup_actions._ask = lambda parent, title, *args, **kwargs: _refused(title)

    def make_application(argv=None):
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QAbstractItemView, QApplication

        app = real_make(argv)

        class Watch(QObject):
            done = False

            def eventFilter(self, obj, event):
                if not self.done and event.type() == QEvent.Type.Paint:
                    view = obj.parent()
                    if isinstance(view, QAbstractItemView) and obj is view.viewport() \
                            and view.model() is not None and view.model().rowCount() > 0:
                        self.done = True
                        QTimer.singleShot(0, lambda: self.finish(view))
                return False

            def finish(self, view):
                self.painted = time.time()
                self.info = {"rows": view.model().rowCount(), "table": view.objectName(),
                             "modules": len(sys.modules), "reportlab": "reportlab" in sys.modules}
                self.window = view.window()
                self.wait_until_built()

            def wait_until_built(self):
                # The program builds its other tabs and menus right after the first paint:
                # how long that takes is reported too (``built``), not hidden.
                if not getattr(self.window, "fully_built", True):
                    QTimer.singleShot(5, self.wait_until_built)
                    return
                _report(self.painted, {**self.info, "built": time.time()})
                for widget in QApplication.topLevelWidgets():
                    widget.close()
                app.quit()

        app._bench_watch = Watch()
        app.installEventFilter(app._bench_watch)
        return app

    gui_app.make_application = make_application
    return cli.main(["--db", db])


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1] == "bare" else ours(sys.argv[2]))
