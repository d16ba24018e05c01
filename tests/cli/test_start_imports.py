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
