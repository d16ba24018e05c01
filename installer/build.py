"""Build the program for the current platform: the one-folder bundle, the
portable zip and, on Windows with Inno Setup 6 installed, the setup program.

    python installer/build.py                 # everything this platform can build
    python installer/build.py --no-installer  # bundle and portable zip only

Needs the ``bundle`` extra (``pip install -c constraints.txt -e ".[bundle]"``).
Writes into ``dist/``:

- ``dist/lianhu/``: 联户通(.exe) (windowed), lianhu(.exe) (console) and _internal/;
- ``dist/lianhu-<version>-portable-<platform>.zip``: the same folder with an empty
  ``data/`` beside the executables (portable mode: database, backups and logs
  stay in that folder, for a USB stick);
- ``dist/lianhu-<version>-setup.exe`` (Windows, Inno Setup 6 found).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle  # noqa: E402

ROOT = bundle.ROOT
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = ROOT / "installer" / "lianhu.spec"
ISS = ROOT / "installer" / "lianhu.iss"


def folder_size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (links counted as links, as on disk)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def build_bundle() -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit('PyInstaller is missing: pip install -c constraints.txt -e ".[bundle]"')
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)], check=True, cwd=ROOT)
    folder = DIST / bundle.BUNDLE_DIR
    if (folder / "data").exists():
        sys.exit("the bundle must not hold data/ (it would make every install portable)")
    return folder


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


def portable_zip(folder: Path) -> Path:
    """The bundle plus an empty data/ folder, zipped; links stay links (Linux)."""
    out = DIST / f"lianhu-{bundle.version()}-portable-{platform_tag()}.zip"
    out.unlink(missing_ok=True)
    top = folder.name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            name = f"{top}/{path.relative_to(folder).as_posix()}"
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3  # Unix, so that unzip restores the link
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            elif path.is_dir():
                continue
            else:
                archive.write(path, name)
        data = zipfile.ZipInfo(f"{top}/data/")
        data.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10  # 0x10: directory (MS-DOS)
        archive.writestr(data, b"")
    return out


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):  # any case on Windows
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").exists():
            return Path(base) / "Inno Setup 6" / "ISCC.exe"
    return None


def setup_exe(folder: Path) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup 6 (ISCC.exe) not found: no setup program built")
        return None
    version = bundle.version()
    subprocess.run([str(iscc), "/Q", f"/DAppVersion={version}", f"/DSourceDir={folder}",
                    f"/DOutputDir={DIST}", str(ISS)], check=True, cwd=ROOT / "installer")
    return DIST / f"lianhu-{version}-setup.exe"


def main() -> int:
    parser = argparse.ArgumentParser(description="构建联户通的发行包（一个文件夹、便携版压缩包、Windows 安装程序）")
    parser.add_argument("--no-installer", action="store_true", help="不生成 Windows 安装程序")
    args = parser.parse_args()
    started = time.monotonic()
    folder = build_bundle()
    built = time.monotonic()
    size = folder_size(folder)
    print(f"bundle: {folder.relative_to(ROOT)} ({size / 1e6:.1f} MB, built in {built - started:.0f} s)")
    archive = portable_zip(folder)
    print(f"portable: {archive.relative_to(ROOT)} ({archive.stat().st_size / 1e6:.1f} MB)")
    if sys.platform == "win32" and not args.no_installer:
        setup = setup_exe(folder)
        if setup is not None:
            print(f"installer: {setup.relative_to(ROOT)} ({setup.stat().st_size / 1e6:.1f} MB)")
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
