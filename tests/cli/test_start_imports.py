"""Starting loads no PDF machinery: the CLI's parser and the window read the print catalog,
not its builders (reportlab, the fonts, Excel, PDF rendering load when first used)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("reportlab", "openpyxl", "pypdfium2", "lianhu_desktop.reports.text", "lianhu_desktop.reports.fonts")


def loaded_after(code: str) -> dict:
    probe = code + f"\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_cli_parser_loads_no_builder():
    loaded = loaded_after("from lianhu_desktop.cli import build_parser\nbuild_parser()")
    assert not any(loaded.values()), loaded


def test_the_window_and_its_menus_load_no_builder(tmp_path):
    db = tmp_path / "start.db"
    loaded = loaded_after(
        "from PySide6.QtCore import QSettings\n"
        "from lianhu_desktop.gui.app import make_application\n"
        "from lianhu_desktop.store import db\n"
        f"db.open_database({str(db)!r}, create=True)\n"
        "app = make_application(['test'])\n"
        "from lianhu_desktop.gui.main_window import MainWindow\n"
        f"window = MainWindow(db.database_path(), QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))\n"
        "window.show()\napp.processEvents()\nassert window.menu('menuPrint').actions()\n"
        "window.close()\ndb.close_database()")
    assert not any(loaded.values()), loaded


def test_the_catalog_still_lists_every_layout():
    from lianhu_desktop.reports import cards, catalog, contactbook, doorplates, handbook

    kinds = catalog.KINDS
    assert kinds["doorplate"].layouts == {name: g.label for name, g in doorplates.layouts().items()}
    assert kinds["doorplate"].default_layout == doorplates.DEFAULT_LAYOUT
    assert kinds["card"].layouts == {name: g.label for name, g in cards.layouts().items()}
    assert kinds["handbook"].layouts == handbook.LAYOUT_LABELS
    assert kinds["contactbook"].layouts == contactbook.LAYOUTS
    assert kinds["contactbook"].default_layout == contactbook.DEFAULT_LAYOUT


# What the first paint of the window needs is imported before it; the other
# tabs, the feature menus and the commands' parser after it (or never).
NOT_BEFORE_THE_FIRST_PAINT = (
    "lianhu_desktop.gui.households_tab", "lianhu_desktop.gui.visits_tab", "lianhu_desktop.gui.appraisal_tab",
    "lianhu_desktop.gui.print_center", "lianhu_desktop.gui.excel_actions", "lianhu_desktop.gui.statistics_view",
    "lianhu_desktop.commands.printing", "lianhu_desktop.commands.excel", "lianhu_desktop.gui.dialogs.member_dialog",
    "lianhu_desktop.store.migrations.m0001_initial", "cryptography",
)


def test_the_program_paints_its_first_tab_before_importing_the_rest(tmp_path):
    """``lianhu --db FILE`` as the program starts (the window built with ``defer``): at the
    first paint of the roster's rows none of the other tabs' modules, the menus' features,
    the commands, the migrations or the cipher library are loaded; right after it they are
    built, and every menu and tab is there."""
    from tests.gui import sample_data  # noqa: F401 - the sample data's module is importable here

    db = tmp_path / "start.db"
    fill = ("from lianhu_desktop.store import db\nfrom tests.gui import sample_data\n"
            f"db.open_database({str(db)!r}, create=True)\nsample_data.fill(villages=1, members=6, households=20,"
            " visits_per_household=1)\ndb.close_database()")
    subprocess.run([sys.executable, "-c", fill], check=True, cwd=os.getcwd())
    probe = f"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication
from lianhu_desktop import cli
from lianhu_desktop.gui import app as gui_app, backup_actions
backup_actions.at_start = lambda window: None
backup_actions.at_clean_exit = lambda window: None
real_make = gui_app.make_application
seen = {{}}

def make_application(argv=None):
    app = real_make(argv)

    class Watch(QObject):
        def eventFilter(self, obj, event):
            view = obj.parent()
            if not seen and event.type() == QEvent.Type.Paint and isinstance(view, QAbstractItemView) \\
                    and obj is view.viewport() and view.model() is not None and view.model().rowCount():
                seen["at_paint"] = [m for m in {NOT_BEFORE_THE_FIRST_PAINT!r} if m in sys.modules]
                QTimer.singleShot(2000, finish)
            return False

    def finish():
        window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "tabs"))
        seen["tabs"] = [t.key for t in window.tabs]
        seen["titles"] = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
        seen["print_menu"] = bool(window.menu("menuPrint").actions())
        window.close()
        app.quit()

    app._watch = Watch()
    app.installEventFilter(app._watch)
    return app

gui_app.make_application = make_application
code = cli.main(["--db", {str(db)!r}])
print(json.dumps(seen))
sys.exit(code)
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["at_paint"] == [], seen
    assert seen["tabs"] == ["roster", "households", "visits", "appraisal"]
    assert seen["titles"] == ["花名册", "联户网格", "民情日记", "百分制考核"]
    assert seen["print_menu"]


def test_the_window_options_alone_build_no_command_parser():
    from lianhu_desktop import cli

    assert cli._opens_the_gui([]) and cli._opens_the_gui(["--db", "x.db", "--smoke-test"])
    assert cli._opens_the_gui(["--db=x.db", "--operator", "王"])
    for argv in (["stats"], ["--db"], ["-h"], ["--help"], ["--version"], ["--db", "x.db", "demo"], ["--bogus"]):
        assert not cli._opens_the_gui(argv), argv
