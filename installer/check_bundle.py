"""Check a built bundle with the bundle alone (what .ci/run does after build.py).

    python installer/check_bundle.py [dist/lianhu]

The executables run with a bare environment (no virtual environment, no
PYTHONPATH, a temporary home) on a temporary database: ``demo``,
``--smoke-test`` (with both executables), ``stats --json``, every printout
(fonts embedded, checked with pypdf from the caller's environment), the import
of a roster template the bundle wrote, filled in here, and of the same as a
legacy .xls (written with xlwt from the caller's environment), an Excel export,
an encrypted village package merged into a new township database, and the
appraisal meeting's slides rendered offscreen; with ``LIANHU_TEST_PG`` set (as
for the test suite), the same program on a new PostgreSQL database. Also: the size budget, Qt's
Chinese translation inside (and loaded), the icon, no Qt module on the
exclusion list. Exit 1 with the failed check named.
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


ROSTER_ROWS = [
    {"*姓名": "檀向东", "性别": "男", "民族": "汉族", "身份证号码": id_number(datetime.date(1971, 4, 12), 37),
     "联系电话": "13912340001", "入党时间": "1998-07-01", "党员身份": "正式党员", "居住情况": "在家"},
    {"*姓名": "檀秀梅", "性别": "女", "民族": "汉族", "身份证号码": id_number(datetime.date(1983, 9, 2), 48),
     "联系电话": "13912340002", "入党时间": "2006.7", "党员身份": "正式党员", "居住情况": "外出",
     "外出地点": "广州"},
]
# For the .xls: other people, so that they are new members too.
XLS_ROSTER_ROWS = [
    {"*姓名": "檀建国", "性别": "男", "民族": "汉族", "身份证号码": id_number(datetime.date(1965, 1, 20), 51),
     "联系电话": "13912340003", "入党时间": "1990-06-01", "党员身份": "正式党员", "居住情况": "在家"},
]


def fill_roster_template(path: Path, rows: list[dict], out: Path | None = None) -> int:
    """``rows`` below the template's example row, saved to ``out`` (.xlsx, or
    .xls written cell by cell with xlwt); returns how many."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    header_row = next(r for r in range(1, 16) if sheet.cell(r, 2).value == "*姓名")
    headers = {sheet.cell(header_row, c).value: c for c in range(1, sheet.max_column + 1)}
    first = header_row + 2  # below the example row
    for offset, row in enumerate(rows):
        for header, value in row.items():
            sheet.cell(first + offset, headers[header], value)
    out = out or path
    if out.suffix == ".xls":
        import xlwt

        legacy = xlwt.Workbook(encoding="utf-8")
        target = legacy.add_sheet(sheet.title)
        for line in sheet.iter_rows():
            for cell in line:
                if cell.value is not None:
                    target.write(cell.row - 1, cell.column - 1, cell.value)
        legacy.save(str(out))
    else:
        workbook.save(out)
    return len(rows)


# Printouts, (kind, extra arguments), one of each way reportlab is used: the
# doorplates (fixed cards), a handbook (flowing text and tables; for one member:
# all 72 of the demo take 30 s), the ballots (the appraisal's forms) and the
# A3 grid map (drawn graphics). Every printout takes 2-5 s in the bundle on
# two shared cores, most of it starting the program.
PRINTOUTS = (("doorplate", ()), ("handbook", ("--member", "{member}")), ("ballots", ()), ("linkmap", ()))


def first_member(roster: Path) -> str:
    import openpyxl

    sheet = openpyxl.load_workbook(roster, read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(row for row in rows if "*姓名" in row)
    return next(rows)[header.index("*姓名")]


def check_package(folder: Path, home: Path, db: Path) -> None:
    """An encrypted village package (cryptography), merged into a new township database."""
    passphrase = home / "passphrase.txt"
    passphrase.write_text("bundle-check-passphrase\n", encoding="utf-8")
    package = home / "village.lhpkg"
    out = run(folder, home, "--db", str(db), "package", "--passphrase-file", str(passphrase), str(package))
    if not package.is_file() or "已加密" not in out:
        fail(f"package: {out}")
    if b"SQLite format" in package.read_bytes():
        fail("package: the database is readable in the package")
    township = home / "township.db"
    merged = json.loads(run(folder, home, "--db", str(township), "merge", str(package),
                            "--passphrase-file", str(passphrase), "--json"))
    if [r["status"] for r in merged["results"]] != ["merged"]:
        fail(f"merge of the package: {merged['results']}")


def check_slides(folder: Path, home: Path, db: Path) -> None:
    """The appraisal meeting's slides (the projector's pictures), drawn offscreen as PNG."""
    slides = home / "slides"
    run(folder, home, "--db", str(db), "present", "--year", str(datetime.date.today().year),
        "--render", str(slides), "--size", "640x480")
    pictures = sorted(slides.glob("slide-*.png"))
    if len(pictures) < 5 or any(not p.read_bytes().startswith(b"\x89PNG") for p in pictures):
        fail(f"present --render: {[p.name for p in pictures]}")


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


def check_server(folder: Path, home: Path) -> str:
    """With ``LIANHU_TEST_PG`` (a PostgreSQL role that may create databases, as
    for the test suite): the bundle's psycopg and libpq on a new database on that
    server: ``demo``, ``stats --json``, the window's smoke test, ``check``."""
    admin = os.environ.get("LIANHU_TEST_PG", "")
    if not admin:
        return "no server check (LIANHU_TEST_PG not set)"
    import urllib.parse

    import psycopg

    name = f"lianhu_bundle_check_{os.getpid()}"
    parts = urllib.parse.urlsplit(admin)
    url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        run(folder, home, "--db", url, "demo")
        stats = json.loads(run(folder, home, "--db", url, "stats", "--json"))
        if not stats["villages"] or stats["villages"][0]["members"] < 40:
            fail(f"stats --json on the server: {stats['villages']}")
        run(folder, home, "--db", url, "--smoke-test")
        run(folder, home, "--db", url, "check")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return "server database: demo, stats --json, --smoke-test, check"


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
    gui = folder / f"{bundle.GUI_EXE}{EXE}"
    if bundle.gui_exe_is_link() and not (gui.is_symlink() and os.readlink(gui) == f"{bundle.CLI_EXE}{EXE}"):
        fail(f"{gui.name} is not a link to {bundle.CLI_EXE}{EXE}")
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
        run(folder, home, "--db", str(db), "--smoke-test", exe=bundle.GUI_EXE)
        logs = list(home.rglob("lianhu.log"))
        log_text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
        problems = ("translations not found", "bundled font missing", "bundled font could not be loaded")
        if not logs or any(problem in log_text for problem in problems):
            fail(f"GUI log ({[str(p) for p in logs]}) reports a missing translation or font:\n{log_text}")
        stats = json.loads(run(folder, home, "--db", str(db), "stats", "--json"))
        if not stats["villages"] or stats["villages"][0]["members"] < 40:
            fail(f"stats --json: {stats['villages']}")
        roster = home / "花名册.xlsx"
        run(folder, home, "--db", str(db), "export", "roster", str(roster))
        member = first_member(roster)
        for kind, extra in PRINTOUTS:
            pdf = home / f"{kind}.pdf"
            out = run(folder, home, "--db", str(db), "print", kind, str(pdf),
                      *(arg.format(member=member) for arg in extra))
            if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
                fail(f"print {kind}: {out}")
            if kind == "doorplate" and "联户牌" not in out:
                fail(f"print doorplate: {out}")
            check_fonts(pdf)
        template = home / "花名册模板.xlsx"
        run(folder, home, "--db", str(db), "template", "roster", str(template))
        legacy = home / "花名册.xls"
        added = fill_roster_template(template, XLS_ROSTER_ROWS, legacy)
        added += fill_roster_template(template, ROSTER_ROWS)
        for filled, rows in ((template, ROSTER_ROWS), (legacy, XLS_ROSTER_ROWS)):
            out = run(folder, home, "--db", str(db), "import", "roster", str(filled), "--json")
            result = json.loads(out)
            if result["imported"] != len(rows) or result["rejected"] or not result["written"]:
                fail(f"import of the filled template {filled.name}: {out}")
        check_package(folder, home, db)
        check_slides(folder, home, db)
        after = json.loads(run(folder, home, "--db", str(db), "stats", "--json"))
        if after["villages"][0]["members"] != stats["villages"][0]["members"] + added:
            fail(f"members after import: {after['villages'][0]['members']}")
        portable = check_portable(folder, home)
        server = check_server(folder, home)
    print(f"portable edition {portable}: data/ used for the database")
    print(server)
    print(f"bundle check passed: {folder.name} {size / 1e6:.1f} MB without the fonts (budget "
          f"{bundle.SIZE_BUDGET_MB} MB), fonts {fonts / 1e6:.1f} MB (budget {bundle.FONT_BUDGET_MB} MB), "
          f"Qt translations {translations}; demo, --smoke-test (both executables), stats --json, "
          f"{len(PRINTOUTS)} printouts (fonts embedded), template and import of {added} members "
          f"(.xlsx and .xls), export, encrypted package and merge, slides")
    return 0


if __name__ == "__main__":
    sys.exit(main())
