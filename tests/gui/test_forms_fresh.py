"""Each compiled form must be what uic makes of its .ui today.

Comparing content, not modification times: a fresh clone gives every file
the same arbitrary mtime. Run ``python scripts/compile_ui.py`` to fix.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _compile_ui_module():
    spec = importlib.util.spec_from_file_location("compile_ui", ROOT / "scripts" / "compile_ui.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compile_ui = _compile_ui_module()
UI_FILES = compile_ui.ui_files()


def test_there_are_forms():
    names = {path.name for path in UI_FILES}
    assert {"main_window.ui", "list_tab.ui", "welcome_page.ui", "village_dialog.ui"} <= names


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda path: path.name)
def test_compiled_form_is_fresh(ui_file):
    target = compile_ui.target_for(ui_file)
    assert target.exists(), f"{target.name} missing: run python scripts/compile_ui.py"
    current = compile_ui.normalise(target.read_text(encoding="utf-8"))
    assert current == compile_ui.compiled_text(ui_file), (
        f"{target.name} is stale: run python scripts/compile_ui.py")


def test_no_orphan_forms():
    expected = {compile_ui.target_for(path).name for path in UI_FILES}
    present = {path.name for path in compile_ui.FORMS_DIR.glob("ui_*.py")}
    assert present <= expected, f"forms without a .ui: {sorted(present - expected)}"
