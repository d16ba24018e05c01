"""Compile every Qt Designer form ui/*.ui into lianhu_desktop/gui/forms/ui_<name>.py.

Run it after editing a form and commit the generated files with the .ui:
the program and its installers then need no uic at run or build time.
``tests/gui/test_forms_fresh.py`` fails when a generated file is stale.

    python scripts/compile_ui.py           # write the forms
    python scripts/compile_ui.py --check   # exit 1 if any form is stale
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "lianhu_desktop" / "gui" / "forms"


def uic_command() -> list[str]:
    """The command that runs uic for Python output.

    ``pyside6-uic`` beside the running interpreter (a virtualenv's bin/ or
    Scripts/), else the uic binary inside the installed PySide6 package.
    """
    bindir = Path(sys.executable).parent
    for name in ("pyside6-uic", "pyside6-uic.exe"):
        candidate = bindir / name
        if candidate.exists():
            return [str(candidate)]
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    for candidate in (package / "Qt" / "libexec" / "uic", package / "uic.exe", package / "uic"):
        if candidate.exists():
            return [str(candidate), "-g", "python"]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    raise SystemExit("找不到 pyside6-uic：请先安装 PySide6")


def compiled_text(ui_file: Path) -> str:
    """What uic generates for ``ui_file``."""
    result = subprocess.run(
        [*uic_command(), str(ui_file)],
        check=True, capture_output=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return normalise(result.stdout.decode("utf-8"))


def normalise(text: str) -> str:
    """Generated text without uic's version header, with Unix line ends."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(line for line in lines if not _is_version_line(line))


def _is_version_line(line: str) -> bool:
    return line.startswith("## Created by: Qt User Interface Compiler version")


def target_for(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def ui_files() -> list[Path]:
    return sorted(UI_DIR.glob("*.ui"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    check = "--check" in argv
    FORMS_DIR.mkdir(parents=True, exist_ok=True)
    init = FORMS_DIR / "__init__.py"
    if not init.exists() and not check:
        init.write_text('"""Generated from ui/*.ui by scripts/compile_ui.py; do not edit."""\n',
                        encoding="utf-8")
    stale = []
    for ui_file in ui_files():
        target = target_for(ui_file)
        text = compiled_text(ui_file)
        current = normalise(target.read_text(encoding="utf-8")) if target.exists() else None
        if current == text:
            continue
        stale.append(target)
        if not check:
            target.write_text(text, encoding="utf-8", newline="\n")
            print(f"compiled {ui_file.name} -> {target.relative_to(ROOT)}")
    if check and stale:
        print("stale forms: " + ", ".join(str(p.relative_to(ROOT)) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
