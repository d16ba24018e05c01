"""The bundle's lists (installer/bundle.py) against the code: a module imported
by name is collected, and no Qt module the code imports is excluded."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

from lianhu_desktop import cli
from lianhu_desktop.reports import catalog
from lianhu_desktop.store import migrations

ROOT = Path(__file__).resolve().parents[2]


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"installer_{name}", ROOT / "installer" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bundle = load("bundle")


def test_no_qt_module_the_code_imports_is_excluded():
    imported = bundle.qt_modules_imported()
    assert imported == set(bundle.QT_MODULES_USED), "update QT_MODULES_USED in installer/bundle.py"
    assert not imported & set(bundle.EXCLUDED_QT_MODULES), \
        f"imported but excluded from the bundle: {sorted(imported & set(bundle.EXCLUDED_QT_MODULES))}"


def test_every_installed_qt_module_is_either_used_or_excluded():
    folder = Path(importlib.util.find_spec("PySide6").origin).parent  # found, not imported
    installed = {p.name.split(".")[0] for p in folder.glob("Qt*.pyi")}
    undecided = installed - set(bundle.QT_MODULES_USED) - set(bundle.EXCLUDED_QT_MODULES)
    assert not undecided, f"list these in installer/bundle.py as used or excluded: {sorted(undecided)}"
    assert set(bundle.EXCLUDED_QT_MODULES) <= installed, "names that are no PySide6 module"


def test_every_import_form_is_seen():
    source = "import PySide6.QtSvg\nfrom PySide6 import QtNetwork\nfrom PySide6.QtSql import QSqlDatabase\n"
    assert bundle.qt_modules_in(source) == {"QtSvg", "QtNetwork", "QtSql"}


def _main_window_features() -> tuple[str, ...]:
    tree = ast.parse((ROOT / "lianhu_desktop" / "gui" / "main_window.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "FEATURES" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("FEATURES not found in gui/main_window.py")


def test_modules_loaded_by_name_are_collected():
    collected = set(bundle.loaded_by_name())
    by_name = set(cli.COMMAND_MODULES) | set(_main_window_features())
    for kind in catalog.kinds():  # builders imported on use
        for cell in kind.render.__closure__ or ():
            if isinstance(cell.cell_contents, str) and cell.cell_contents.startswith("lianhu_desktop."):
                by_name.add(cell.cell_contents)
    by_name |= {module.__name__ for _, _, module in migrations.steps()}
    assert "lianhu_desktop.reports.linkmap" in by_name and len(by_name) >= 9
    assert by_name <= collected, f"not collected: {sorted(by_name - collected)}"


def test_reportlabs_accelerators_are_installed_and_collected():
    from reportlab.lib import rl_accel

    # reportlab falls back to pure Python silently when the extension is missing.
    assert {"fp_str", "instanceStringWidthTTF", "escapePDF"} <= set(rl_accel._c_funcs)
    assert "_rl_accel" in bundle.HIDDEN_IMPORTS
    for name in bundle.HIDDEN_IMPORTS:
        assert importlib.util.find_spec(name) is not None, name


def test_plugin_and_library_patterns():
    assert bundle.plugin_excluded("imageformats/libqsvg.so")
    assert bundle.plugin_excluded("platforms/libqeglfs.so")
    assert not bundle.plugin_excluded("platforms/libqxcb.so")
    assert not bundle.plugin_excluded("platforms/qwindows.dll")
    assert not bundle.plugin_excluded("printsupport/libcupsprintersupport.so")
    assert bundle.library_dropped("opengl32sw.dll") and bundle.library_dropped("libcups.so.2")
    assert not bundle.library_dropped("Qt6Core.dll")


def test_version_comes_from_pyproject():
    import lianhu_desktop

    assert bundle.version() == lianhu_desktop.__version__


def test_data_patterns():
    assert bundle.data_excluded("stdnum/oui.dat")
    assert not bundle.data_excluded("stdnum/cn/loc.dat")
