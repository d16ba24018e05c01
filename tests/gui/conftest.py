"""GUI fixtures: a filled database, isolated settings, the main window."""

from __future__ import annotations

import pytest

from tests.gui import sample_data


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path, monkeypatch):
    """Logs and backups go to the test's folder, never the user's."""
    from lianhu_desktop import paths

    monkeypatch.setattr(paths, "log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(paths, "backup_dir", lambda: tmp_path / "backups")


@pytest.fixture
def settings(tmp_path, qapp):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def filled_db(db):
    sample_data.fill(villages=2, members=12, households=80, visits_per_household=3)
    return db


@pytest.fixture
def app(qapp):
    from lianhu_desktop.gui.app import make_application

    return make_application()


@pytest.fixture
def make_window(app, qtbot, db_target, settings):
    """The main window on the test's database: its file, or with
    ``LIANHU_TEST_PG`` its URL on the server."""
    from lianhu_desktop.gui.main_window import MainWindow

    def make():
        window = MainWindow(db_target, settings)
        qtbot.addWidget(window)
        window.resize(1200, 720)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(filled_db, make_window):
    return make_window()


@pytest.fixture(autouse=True)
def shown_errors(monkeypatch):
    """The dialogs of ``operations.handle_error``, recorded instead of shown:
    (kind, title, text) — a test never hangs on a modal message box."""
    from PySide6.QtWidgets import QMessageBox

    from lianhu_desktop.gui import operations

    shown: list[tuple[str, str, str]] = []
    real = {name: getattr(QMessageBox, name) for name in ("warning", "critical")}

    def recorder(name):
        def show(parent, title, text, *args, **kwargs):
            shown.append((name, title, text))
            patched = getattr(QMessageBox, name)
            if patched is not real[name]:  # a test's own recorder of message boxes
                return patched(parent, title, text, *args, **kwargs)
            return QMessageBox.StandardButton.Ok
        return staticmethod(show)

    class Boxes:
        StandardButton = QMessageBox.StandardButton
        warning = recorder("warning")
        critical = recorder("critical")

    monkeypatch.setattr(operations, "QMessageBox", Boxes)
    return shown
