"""The core must stay free of Qt: it is tested, and used by the CLI, without a display."""

import importlib
import pkgutil
import subprocess
import sys

CORE = ("lianhu_desktop.store", "lianhu_desktop.domain", "lianhu_desktop.excel",
        "lianhu_desktop.reports", "lianhu_desktop.commands")


def test_core_modules_do_not_import_pyside6():
    # A fresh interpreter: other tests in this process may have imported Qt.
    code = f"""
import importlib, pkgutil, sys
names = []
for package_name in {CORE!r}:
    package = importlib.import_module(package_name)
    names.append(package_name)
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        importlib.import_module(info.name)
        names.append(info.name)
import lianhu_desktop.cli, lianhu_desktop.paths
assert "PySide6" not in sys.modules, [m for m in sys.modules if m.startswith("PySide6")]
print(len(names))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 10


def test_every_core_package_is_importable_here():
    for package_name in CORE:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            importlib.import_module(info.name)
