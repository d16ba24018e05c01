"""Door plates of the township demo: our print against plain reportlab drawing the fixed part once.

    python bench/bench_doorplates.py [--db PATH] [--village ID] [--runs 3]

Both sides print the real plates of the demo (every linked household of the
township, or of one village with ``--village``: the demo's ~12,000 distinct
names, not a few hundred repeated) in the default layout, each run in a
fresh interpreter:

* ours: ``catalog.print_document("doorplate", …)`` as ``lianhu print
  doorplate`` runs it: the database query, the content fingerprints, the
  builder (fitted text, rare characters in their fallback font, cut marks,
  progress) and the printed mark written afterwards; on a fresh copy of the
  database each run, since the mark writes;
* the fair baseline: plain reportlab reading the same rows through the same
  query (``PlateSet``), drawing each village's fixed part (frame, title,
  labels, service items, pledge, footer) once as a form, then per plate the
  form and the seven fields with ``drawString`` at fixed sizes, the same cut
  marks, no fitting and no bookkeeping.

Budget: ours ≤ 1.1 × the baseline (medians). Prints pages, file sizes and
each side's peak resident memory. Without ``--db`` the township demo of
``python -m bench`` is used (built into its cache first if missing).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import copy_database, demo_database, peak_rss_mb  # noqa: E402

# The fixed strings of a plate at fixed positions and sizes, in plate units
# (x, y, size, text key): what reportlab draws without our fitting.
STATIC_STRINGS = (
    (300, 610, 58, "title"), (50, 540, 26, "联户党员"), (50, 405, 26, "联系电话："),
    (50, 360, 26, "党 小 组："), (610, 535, 26, "联系农户"),
    (610, 470, 26, "户　主："), (610, 405, 26, "门牌号："), (610, 340, 26, "网　格："),
    (70, 240, 28, "服务"), (70, 200, 28, "事项"), (170, 240, 30, "services1"), (170, 200, 30, "services2"),
    (160, 115, 50, "pledge"), (45, 45, 24, "branch"), (440, 45, 24, "phone"), (880, 45, 24, "year"),
)
# The seven fields (户主, 门牌号, 网格, member, phone, party group, post) at their largest size.
FIELD_POSITIONS = ((720, 470, 40), (720, 405, 32), (720, 340, 32), (50, 460, 72), (185, 400, 46),
                   (185, 360, 30), (185, 314, 30))
POST_LABEL = (50, 314, 26, "岗　　位：")


def _static_strings(static):
    services = "　".join(static.service_items)
    values = {"title": static.title, "services1": services[:24], "services2": services[24:],
              "pledge": static.pledge, "branch": static.branch_name,
              "phone": "监督电话：" + static.supervision_phone, "year": f"{static.year}年"}
    return [(x, y, size, values.get(key, key)) for x, y, size, key in STATIC_STRINGS]


def _draw_static(canvas, static, font, W, H, panel, service_label):
    canvas.rect(14, 14, W - 28, H - 28)
    canvas.rect(26, 26, W - 52, H - 52)
    canvas.rect(26, 588, W - 52, 93, stroke=0, fill=1)
    canvas.roundRect(*panel, 10)
    canvas.roundRect(*service_label, 8, stroke=0, fill=1)
    for x, y, size, value in _static_strings(static):
        canvas.setFont(font, size)
        canvas.drawString(x, y, value)


def baseline_form(plates, path: str, layout: str) -> int:
    """Plain reportlab, the fixed part of each village once as a form, seven fields per plate."""
    from reportlab.pdfgen.canvas import Canvas

    from lianhu_desktop.reports import doorplates, fonts
    from lianhu_desktop.reports.geometry import DOORPLATE_LAYOUTS

    font = fonts.register()
    geometry = DOORPLATE_LAYOUTS[layout]
    canvas = Canvas(path, pagesize=geometry.page_size, pageCompression=1, initialFontName=font)
    cells = geometry.cells()
    W, H = doorplates.W, doorplates.H
    slot = pages = 0
    forms: dict[int, str] = {}
    for row in plates:
        form = forms.get(row[1])
        if form is None:
            form = forms[row[1]] = f"f{row[1]}"
            canvas.beginForm(form, 0, 0, W, H)
            _draw_static(canvas, plates.statics[row[1]], font, W, H, doorplates.PANEL, doorplates.SERVICE_LABEL)
            canvas.endForm()
        cell = cells[slot]
        scale = min(cell.width / W, cell.height / H)
        canvas.saveState()
        canvas.translate(cell.x, cell.y)
        canvas.scale(scale, scale)
        canvas.doForm(form)
        for (x, y, size), value in zip(FIELD_POSITIONS, row[2:]):
            if value:
                canvas.setFont(font, size)
                canvas.drawString(x, y, value)
        if row[-1]:
            x, y, size, label = POST_LABEL
            canvas.setFont(font, size)
            canvas.drawString(x, y, label)
        canvas.restoreState()
        slot += 1
        if slot == len(cells):
            geometry.draw_marks(canvas)
            canvas.showPage()
            pages += 1
            slot = 0
    if slot:
        geometry.draw_marks(canvas)
        canvas.showPage()
        pages += 1
    canvas.save()
    return pages


def measure_task(what: str, db: str, folder: str, village: int | None = None) -> dict:
    """Child task: one print, ``ours`` (on a fresh copy of ``db``) or the ``form`` baseline."""
    from reportlab import rl_config

    from lianhu_desktop.domain import printing
    from lianhu_desktop.reports import catalog, doorplates, fonts
    from lianhu_desktop.store import db as store_db

    rl_config.invariant = 1
    fonts.register()  # the font file read before the clock on both sides
    database = Path(db)
    if what == "ours":
        database = copy_database(database, Path(folder) / "plates.db")
    store_db.open_database(database)
    out = Path(folder) / f"plates-{what}.pdf"
    scope = printing.Scope(village_id=village)
    try:
        started = time.perf_counter()
        if what == "ours":
            result = catalog.print_document("doorplate", scope, out)
            pages, plates = result.pages, result.items
        else:
            rows = printing.door_plates(scope)
            pages, plates = baseline_form(rows, str(out), doorplates.DEFAULT_LAYOUT), None
        seconds = time.perf_counter() - started
    finally:
        store_db.close_database()
    names = None
    if plates is None:
        store_db.open_database(database)
        try:
            rows = list(printing.door_plates(scope))
            plates, names = len(rows), len({r.head_name for r in rows})
        finally:
            store_db.close_database()
    return {"wall": seconds, "pages": pages, "plates": plates, "distinct_heads": names,
            "bytes": out.stat().st_size, "layout": doorplates.DEFAULT_LAYOUT, "peak_rss_mb": peak_rss_mb()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a demo database (default: the suite's cached township demo)")
    parser.add_argument("--village", type=int, help="one village's id (default: the whole township)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parents[1] / ".bench-cache"))
    args = parser.parse_args()
    db = args.db or str(demo_database(Path(args.cache), "township"))
    times: dict[str, list[float]] = {"form": [], "ours": []}
    with tempfile.TemporaryDirectory(prefix="lianhu-bench-") as folder:
        for run in range(1, args.runs + 1):
            for what in times:
                done = subprocess.run([sys.executable, "-m", "bench.child", "doorplates",
                                       json.dumps({"what": what, "db": db, "folder": folder,
                                                   "village": args.village})],
                                      cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True,
                                      check=True)
                r = json.loads(done.stdout.strip().splitlines()[-1].split(" ", 1)[1])
                times[what].append(r["wall"])
                print(f"run {run} {what:5} {r['plates']} plates, {r['pages']} pages ({r['layout']}), "
                      f"{r['bytes'] / 1e6:.1f} MB, peak {r['peak_rss_mb']:.0f} MB: {r['wall']:.2f} s", flush=True)
    form, ours = statistics.median(times["form"]), statistics.median(times["ours"])
    print(f"median: plain reportlab with the fixed part as a form {form:.2f} s, ours {ours:.2f} s, "
          f"ratio {ours / form:.2f} (budget ≤ 1.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
