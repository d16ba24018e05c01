"""Check a built bundle with the bundle alone (what .ci/run does after build.py).

    python installer/check_bundle.py [dist/lianhu]

The executables run with a bare environment (no virtual environment, no
PYTHONPATH, a temporary home) on a temporary database: ``demo``,
``--smoke-test``, ``stats --json``, ``print doorplate`` (fonts embedded,
checked with pypdf from the caller's environment) and the import of a roster
template the bundle wrote, filled in here. Also: the size budget, Qt's Chinese
translation inside (and loaded), the icon, no Qt module on the exclusion list.
Exit 1 with the failed check named.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle  # noqa: E402

EXE = ".exe" if sys.platform == "win32" else ""


def fail(message: str) -> None:
    sys.exit(f"bundle check failed: {message}")


def run(folder: Path, home: Path, *args: str, exe: str = bundle.CLI_EXE, code: int = 0) -> str:
    env = {"HOME": str(home), "USERPROFILE": str(home), "LOCALAPPDATA": str(home / "AppData" / "Local"),
           "APPDATA": str(home / "AppData" / "Roaming"), "XDG_DATA_HOME": str(home / "share"),
           "XDG_CONFIG_HOME": str(home / "config"), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8",
           "PATH": os.defpath}
    if sys.platform == "win32":  # Windows needs its own folder to start a program
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
        env["PATH"] = env["SYSTEMROOT"] + r"\System32"
    command = [str(folder / f"{exe}{EXE}"), *args]
    done = subprocess.run(command, env=env, cwd=home, capture_output=True, timeout=300)
    out, err = done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    if done.returncode != code:
        fail(f"{' '.join(args)}: exit {done.returncode}, expected {code}\n{out}\n{err}")
    return out


def id_number(birth: datetime.date, sequence: int) -> str:
    first17 = f"110101{birth:%Y%m%d}{sequence:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def fill_roster_template(path: Path) -> int:
    """Two members below the template's example row; returns how many."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    header_row = next(r for r in range(1, 16) if sheet.cell(r, 2).value == "*姓名")
    headers = {sheet.cell(header_row, c).value: c for c in range(1, sheet.max_column + 1)}
    rows = [
        {"*姓名": "檀向东", "性别": "男", "民族": "汉族", "身份证号码": id_number(datetime.date(1971, 4, 12), 37),
         "联系电话": "13912340001", "入党时间": "1998-07-01", "党员身份": "正式党员", "居住情况": "在家"},
        {"*姓名": "檀秀梅", "性别": "女", "民族": "汉族", "身份证号码": id_number(datetime.date(1983, 9, 2), 48),
         "联系电话": "13912340002", "入党时间": "2006.7", "党员身份": "正式党员", "居住情况": "外出",
         "外出地点": "广州"},
    ]
    first = header_row + 2  # below the example row
    for offset, row in enumerate(rows):
        for header, value in row.items():
            sheet.cell(first + offset, headers[header], value)
    workbook.save(path)
    return len(rows)


def check_fonts(pdf: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    fonts = {}
    for page in reader.pages[:3]:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    if not fonts or not all(fonts.values()):
        fail(f"{pdf.name}: fonts not embedded: {fonts}")


def extract(archive: Path, into: Path) -> None:
    """Unzip as unzip would: links written as links (zipfile alone makes them files)."""
    import stat
    import zipfile

    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            target = into / info.filename
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(zipped.read(info).decode("utf-8"))
            else:
                zipped.extract(info, into)
                if mode & 0o111:
                    target.chmod(mode & 0o777)


def check_portable(folder: Path, home: Path) -> str:
    """The portable zip: the bundle with an empty data/, where the database then goes."""
    zips = sorted(folder.parent.glob(f"lianhu-{bundle.version()}-portable-*.zip"))
    if len(zips) != 1:
        fail(f"expected one portable zip beside {folder}, found {[z.name for z in zips]}")
    unpacked = home / "usb"
    extract(zips[0], unpacked)
    portable = unpacked / folder.name
    if not (portable / "data").is_dir() or any((portable / "data").iterdir()):
        fail("the portable zip has no empty data/ folder")
    run(portable, home, "demo")  # no --db: portable mode puts the database in data/
    if not (portable / "data" / "lianhu.db").is_file():
        fail(f"portable mode did not use data/: {sorted(p.name for p in (portable / 'data').iterdir())}")
    return zips[0].name


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else bundle.ROOT / "dist" / bundle.BUNDLE_DIR).resolve()
    for exe in (bundle.GUI_EXE, bundle.CLI_EXE):
        if not (folder / f"{exe}{EXE}").is_file():
            fail(f"{exe}{EXE} missing in {folder}")
    internal = folder / "_internal"
    def measure(where: Path) -> int:
        return sum(p.lstat().st_size for p in where.rglob("*") if p.is_file() or p.is_symlink())

    fonts = measure(internal / bundle.FONTS)
    size = measure(folder) - fonts
    if size > bundle.SIZE_BUDGET_MB * 1_000_000:
        fail(f"{size / 1e6:.1f} MB without the fonts, over the budget of {bundle.SIZE_BUDGET_MB} MB")
    if fonts > bundle.FONT_BUDGET_MB * 1_000_000:
        fail(f"fonts {fonts / 1e6:.1f} MB, over their budget of {bundle.FONT_BUDGET_MB} MB")
    translations = sorted(p.name for p in internal.rglob("*.qm"))
    if translations != sorted(bundle.QT_TRANSLATIONS):
        fail(f"Qt translations in the bundle: {translations}, expected {list(bundle.QT_TRANSLATIONS)}")
    if not (internal / "resources" / "icons" / "lianhu.ico").is_file():
        fail("resources/icons not in the bundle")
    present = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.*") if p.suffix in (".so", ".pyd")}
    if present & set(bundle.EXCLUDED_QT_MODULES):
        fail(f"excluded Qt modules in the bundle: {sorted(present & set(bundle.EXCLUDED_QT_MODULES))}")

    with tempfile.TemporaryDirectory(prefix="lianhu-bundle-") as tmp:
        home = Path(tmp)
        db = home / "check.db"
        version = run(folder, home, "--version")
        if bundle.version() not in version:
            fail(f"--version says {version!r}")
        run(folder, home, "--db", str(db), "demo")
        run(folder, home, "--db", str(db), "--smoke-test")
        logs = list(home.rglob("lianhu.log"))
        log_text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
        problems = ("translations not found", "bundled font missing", "bundled font could not be loaded")
        if not logs or any(problem in log_text for problem in problems):
            fail(f"GUI log ({[str(p) for p in logs]}) reports a missing translation or font:\n{log_text}")
        stats = json.loads(run(folder, home, "--db", str(db), "stats", "--json"))
        if not stats["villages"] or stats["villages"][0]["members"] < 40:
            fail(f"stats --json: {stats['villages']}")
        plates = home / "plates.pdf"
        out = run(folder, home, "--db", str(db), "print", "doorplate", str(plates))
        if not plates.is_file() or "联户牌" not in out:
            fail(f"print doorplate: {out}")
        check_fonts(plates)
        template = home / "花名册模板.xlsx"
        run(folder, home, "--db", str(db), "template", "roster", str(template))
        added = fill_roster_template(template)
        out = run(folder, home, "--db", str(db), "import", "roster", str(template), "--json")
        result = json.loads(out)
        if result["imported"] != added or result["rejected"] or not result["written"]:
            fail(f"import of the filled template: {out}")
        after = json.loads(run(folder, home, "--db", str(db), "stats", "--json"))
        if after["villages"][0]["members"] != stats["villages"][0]["members"] + added:
            fail(f"members after import: {after['villages'][0]['members']}")
        portable = check_portable(folder, home)
    print(f"portable edition {portable}: data/ used for the database")
    print(f"bundle check passed: {folder.name} {size / 1e6:.1f} MB without the fonts (budget "
          f"{bundle.SIZE_BUDGET_MB} MB), fonts {fonts / 1e6:.1f} MB (budget {bundle.FONT_BUDGET_MB} MB), "
          f"Qt translations {translations}; demo, --smoke-test, stats --json, print doorplate "
          f"(fonts embedded), template and import of {added} members")
    return 0


if __name__ == "__main__":
    sys.exit(main())
