"""Regenerate constraints.txt: every package the project installs, pinned.

    python3 scripts/update_constraints.py            # after editing pyproject.toml
    python3 scripts/update_constraints.py --upgrade  # also move unchanged pins forward

Resolves pyproject.toml's dependencies and all its extras for Python 3.11+ on
every platform at once (Windows-only packages such as pefile carry a marker),
with uv run from a throw-away virtual environment. Pins already in
constraints.txt are kept unless ``--upgrade`` is given, so adding one
dependency changes only the lines it brings.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

UV = "uv==0.13.8"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "constraints.txt"
HEADER = """\
# Every package the project installs, pinned (direct ones are pinned in
# pyproject.toml too). Used as: pip install -c constraints.txt ...
# Regenerate after changing pyproject.toml's dependencies:
#     python3 scripts/update_constraints.py
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="move every pin to its newest release")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lianhu-lock-") as tmp:
        env = Path(tmp) / "venv"
        venv.create(env, with_pip=True)
        bindir = env / ("Scripts" if sys.platform == "win32" else "bin")
        subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", UV], check=True)
        body = Path(tmp) / "constraints.txt"
        if OUT.exists() and not args.upgrade:
            body.write_text(OUT.read_text(encoding="utf-8"), encoding="utf-8")  # uv keeps these pins
        # The build backend's pin holds for the packages too (PyInstaller needs
        # setuptools): one setuptools version wherever pip applies the file.
        with open(ROOT / "pyproject.toml", "rb") as handle:
            build_requires = tomllib.load(handle)["build-system"]["requires"]
        backend = Path(tmp) / "build-system.txt"
        backend.write_text("\n".join(build_requires) + "\n", encoding="utf-8")
        command = [str(bindir / "uv"), "pip", "compile", str(ROOT / "pyproject.toml"), "--all-extras",
                   "--universal", "--python-version", "3.11", "--no-header", "--quiet",
                   "--constraint", str(backend), "-o", str(body)]
        if args.upgrade:
            command.append("--upgrade")
        subprocess.run(command, check=True, cwd=ROOT)
        text = body.read_text(encoding="utf-8").replace(f"-c {backend}", "pyproject.toml [build-system]")
        OUT.write_text(HEADER + text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
