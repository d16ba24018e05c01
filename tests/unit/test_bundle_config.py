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

from tests.installer_scripts import ROOT, load


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


def test_the_window_executable_is_a_link_off_windows_and_macos():
    assert bundle.gui_exe_is_link("linux")
    assert not bundle.gui_exe_is_link("win32") and not bundle.gui_exe_is_link("darwin")


def test_data_patterns():
    assert bundle.data_excluded("stdnum/oui.dat")
    assert not bundle.data_excluded("stdnum/cn/loc.dat")


def test_no_module_the_code_imports_is_excluded():
    imported = bundle.modules_imported()
    assert {"peewee", "reportlab.pdfgen.canvas", "pypdfium2", "cryptography.fernet"} & imported, \
        "the imports of the program were not read"
    excluded = sorted(name for name in imported if bundle.python_module_excluded(name))
    assert not excluded, f"imported by the program but left out of the bundle: {excluded}"


def test_import_forms_and_excluded_packages():
    source = "import asyncio.tasks\nfrom setuptools import setup\ndef f():\n    from . import x\n    import doctest\n"
    assert bundle.modules_in(source) == {"asyncio.tasks", "setuptools", "setuptools.setup", "doctest"}
    assert bundle.python_module_excluded("doctest.x") and bundle.python_module_excluded("pkg_resources")
    assert not bundle.python_module_excluded("asyncio_x") and not bundle.python_module_excluded("platformdirs")


# Every module of the program, and every module it imports anywhere (in a
# function too), imported in a fresh interpreter where the modules left out of
# the bundle cannot be imported: a dependency that imports one of them when it
# is itself imported (python-stdnum's util imports ssl and pydoc, reportlab's
# utils PIL.Image) fails here, not in the bundle. Optional imports that the
# refusal answers (``try: import _decimal``) pass, as in the bundle.
_IMPORT_WITHOUT_EXCLUDED = """
import importlib, importlib.abc, importlib.util, json, sys
excluded, modules = json.loads(sys.argv[1]), json.loads(sys.argv[2])
at_start = set(sys.modules)  # the site's own (a virtual environment's distutils hook)

def left_out(name):
    return any(name == e or name.startswith(e + ".") for e in excluded)

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if left_out(name):
            raise ModuleNotFoundError(f"left out of the bundle: {name}", name=name)
        return None

sys.meta_path.insert(0, Refuse())
imported = 0
for name in modules:
    if name in sys.modules:
        imported += 1
        continue
    try:
        found = importlib.util.find_spec(name)
    except ModuleNotFoundError as error:
        if str(error).startswith("left out of the bundle"):
            raise
        found = None  # a name inside a module (from PySide6.QtCore import Qt), not a module
    if found is not None:
        importlib.import_module(name)
        imported += 1
loaded = sorted(n for n in set(sys.modules) - at_start if left_out(n))
assert not loaded, loaded
print(imported)
"""


def test_the_program_imports_without_the_excluded_modules():
    import json
    import os
    import subprocess

    excluded = list(bundle.EXCLUDED_PYTHON_MODULES) + [f"PySide6.{name}" for name in bundle.EXCLUDED_QT_MODULES]
    modules = bundle.package_modules() + sorted(bundle.modules_imported() - set(bundle.package_modules()))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _IMPORT_WITHOUT_EXCLUDED, json.dumps(excluded), json.dumps(modules)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split()[-1]) > len(bundle.package_modules()) + 50


def test_pythons_openssl_is_shared_with_psycopgs_only_when_not_older():
    def libraries(python: str, psycopg: str) -> tuple[dict, dict]:
        files = {"libcrypto.so.3": f"OpenSSL {python} 27 Jan 2026", "libssl.so.3": "",
                 "libcrypto-3a0647ea.so.3": f"OpenSSL {psycopg} 29 Sep 2026", "libssl-6a9b88ec.so.3": "",
                 "libpq-e9b5c9ac.so.5.18": ""}
        return {name: (name, name, "BINARY") for name in files}, files

    entries, files = libraries("3.0.19", "3.5.9")
    shared = bundle.shared_openssl(entries, lambda entry: files[entry[1]].encode())
    assert {name: entry[0] for name, entry in shared.items()} == {
        "libcrypto.so.3": "libcrypto-3a0647ea.so.3", "libssl.so.3": "libssl-6a9b88ec.so.3"}
    for python, psycopg in (("3.5.9", "3.0.19"), ("3.0.19", "4.0.0")):
        entries, files = libraries(python, psycopg)
        assert bundle.shared_openssl(entries, lambda entry, files=files: files[entry[1]].encode()) == {}
    entries, files = libraries("3.0.19", "3.5.9")
    del entries["libssl-6a9b88ec.so.3"]
    assert bundle.shared_openssl(entries, lambda entry: files[entry[1]].encode()) == {}
    assert bundle.openssl_version(b"\0OpenSSL 3.0.19 27 Jan 2026\0") == (3, 0, 19)
