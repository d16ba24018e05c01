"""Door plates at township scale: our builder against plain reportlab.

    python bench/bench_doorplates.py [--plates 50000] [--layout a4-4] [--runs 3]

The baseline draws the very same strings (title, labels, service items,
pledge, footer and each plate's seven fields) and the same frame with plain
``drawString`` calls at fixed sizes on the same sheet geometry, with no
fitting, no forms and no progress. A stricter reference, printed too, is
plain reportlab drawing the static part once as a form and only the seven
fields per plate: what is left is the cost of our fitting and bookkeeping. Our builder must take at most 1.3 times
as long (median of ``--runs``). Peak memory (tracemalloc) is measured for
two plate counts, in separate runs, to show that it does not grow with the
number of pages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab import rl_config  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from lianhu_desktop.domain.printing import PlateRow, PlateStatic  # noqa: E402
from lianhu_desktop.domain.vocab import DUTIES  # noqa: E402
from lianhu_desktop.reports import doorplates, fonts  # noqa: E402
from lianhu_desktop.reports.geometry import DOORPLATE_LAYOUTS  # noqa: E402

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国秀英桂兰德胜小红国强丽华明亮志刚玉梅海涛春生冬梅永福金凤"
GROUPS = ("老龄党小组", "种养业党小组", "务工经商党小组", "外出党小组")
POSTS = ("宣传教育", "民主监督", "项目建设", "矛盾调解")
VILLAGES = 20


class SyntheticPlates:
    """``count`` plates over twenty villages, generated on the fly like a DB cursor."""

    def __init__(self, count: int):
        self.count = count
        self.statics = {
            v: PlateStatic("党员联户工作牌", DUTIES, f"中共第{v + 1}村支部委员会", f"0371-6666{v:04d}", 2026)
            for v in range(VILLAGES)
        }

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        per_village = -(-self.count // VILLAGES)
        for i in range(self.count):
            member = i // 8  # a member links about eight households
            yield PlateRow(
                i, i // per_village,
                SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 3) % len(GIVEN)],
                f"{i % 900 + 1}号", f"{i % 12 + 1}组",
                SURNAMES[member % len(SURNAMES)] + GIVEN[member % len(GIVEN)],
                f"139{member:08d}", GROUPS[member % 4], POSTS[member % 4],
            )


STATIC_STRINGS = (
    (300, 610, 58, "title"), (50, 540, 26, "联户党员"), (50, 405, 26, "联系电话："),
    (50, 360, 26, "党 小 组："), (50, 314, 26, "岗　　位："), (610, 535, 26, "联系农户"),
    (610, 470, 26, "户　主："), (610, 405, 26, "门牌号："), (610, 340, 26, "网　格："),
    (70, 240, 28, "服务"), (70, 200, 28, "事项"), (170, 240, 30, "services1"), (170, 200, 30, "services2"),
    (160, 115, 50, "pledge"), (45, 45, 24, "branch"), (440, 45, 24, "phone"), (880, 45, 24, "year"),
)
FIELD_POSITIONS = ((720, 470, 40), (720, 405, 32), (720, 340, 32), (50, 460, 72), (185, 400, 46),
                   (185, 360, 30), (185, 314, 30))


def _static_strings(static):
    services = "　".join(DUTIES)
    values = {"title": static.title, "services1": services[:24], "services2": services[24:],
              "pledge": static.pledge, "branch": static.branch_name,
              "phone": "监督电话：" + static.supervision_phone, "year": f"{static.year}年"}
    return [(x, y, size, values.get(key, key)) for x, y, size, key in STATIC_STRINGS]


def _draw_static(canvas, static, font):
    W, H = doorplates.W, doorplates.H
    canvas.rect(14, 14, W - 28, H - 28)
    canvas.rect(26, 26, W - 52, H - 52)
    canvas.rect(26, 588, W - 52, 93, stroke=0, fill=1)
    canvas.roundRect(*doorplates.PANEL, 10)
    canvas.roundRect(*doorplates.SERVICE_LABEL, 8, stroke=0, fill=1)
    for x, y, size, value in _static_strings(static):
        canvas.setFont(font, size)
        canvas.drawString(x, y, value)


def _plain(plates, path: str, layout: str, use_form: bool) -> int:
    font = fonts.register()
    geometry = DOORPLATE_LAYOUTS[layout]
    canvas = Canvas(path, pagesize=geometry.page_size, pageCompression=1, initialFontName=font)
    cells = geometry.cells()
    slot = pages = 0
    W, H = doorplates.W, doorplates.H
    forms = {}
    for row in plates:
        static = plates.statics[row[1]]
        if use_form and row[1] not in forms:
            forms[row[1]] = name = f"f{row[1]}"
            canvas.beginForm(name, 0, 0, W, H)
            _draw_static(canvas, static, font)
            canvas.endForm()
        cell = cells[slot]
        scale = min(cell.width / W, cell.height / H)
        canvas.saveState()
        canvas.translate(cell.x, cell.y)
        canvas.scale(scale, scale)
        if use_form:
            canvas.doForm(forms[row[1]])
        else:
            _draw_static(canvas, static, font)
        for (x, y, size), value in zip(FIELD_POSITIONS, row[2:]):
            canvas.setFont(font, size)
            canvas.drawString(x, y, value)
        canvas.restoreState()
        slot += 1
        if slot == len(cells):
            geometry.draw_marks(canvas)
            canvas.showPage()
            pages += 1
            slot = 0
    if slot:
        canvas.showPage()
        pages += 1
    canvas.save()
    return pages


def baseline(plates, path: str, layout: str) -> int:
    """Plain reportlab: every string of every plate with drawString, fixed sizes."""
    return _plain(plates, path, layout, use_form=False)


def baseline_form(plates, path: str, layout: str) -> int:
    """Plain reportlab with the static part as a form: only the seven fields per plate."""
    return _plain(plates, path, layout, use_form=True)


def ours(plates, path: str, layout: str) -> int:
    return doorplates.build(plates, path, layout)


def timed(func, count: int, layout: str, folder: str) -> tuple[float, int, int]:
    path = os.path.join(folder, f"{func.__name__}.pdf")
    start = time.perf_counter()
    pages = func(SyntheticPlates(count), path, layout)
    return time.perf_counter() - start, pages, os.path.getsize(path)


def peak_memory(func, count: int, layout: str, folder: str) -> float:
    """Peak traced memory in MB while building ``count`` plates."""
    path = os.path.join(folder, f"mem-{func.__name__}.pdf")
    func(SyntheticPlates(min(count, 200)), path, layout)  # warm caches and imports
    tracemalloc.start()
    func(SyntheticPlates(count), path, layout)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plates", type=int, default=50_000)
    parser.add_argument("--layout", default="a4-4", choices=sorted(DOORPLATE_LAYOUTS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory", type=int, nargs=2, default=(5_000, 20_000), metavar=("SMALL", "LARGE"))
    args = parser.parse_args()
    rl_config.invariant = 1
    with tempfile.TemporaryDirectory() as folder:
        ours(SyntheticPlates(100), os.path.join(folder, "warm.pdf"), args.layout)
        times = {"baseline": [], "baseline_form": [], "ours": []}
        for run in range(args.runs):
            for func in (baseline, baseline_form, ours):
                seconds, pages, size = timed(func, args.plates, args.layout, folder)
                times[func.__name__].append(seconds)
                print(f"run {run + 1} {func.__name__:8s} {args.plates} plates, {pages} pages, "
                      f"{size / 1e6:.1f} MB: {seconds:.2f} s", flush=True)
        base, mine = statistics.median(times["baseline"]), statistics.median(times["ours"])
        form = statistics.median(times["baseline_form"])
        print(f"median: baseline {base:.2f} s, ours {mine:.2f} s, ratio {mine / base:.2f} (limit 1.30)")
        print(f"stricter: plain reportlab with the static part as a form {form:.2f} s, "
              f"ratio {mine / form:.2f}")
        small, large = args.memory
        for func in (baseline, ours):
            a, b = peak_memory(func, small, args.layout, folder), peak_memory(func, large, args.layout, folder)
            per_page = (b - a) * 1e6 / ((large - small) / DOORPLATE_LAYOUTS[args.layout].per_page)
            print(f"peak memory {func.__name__:8s}: {small} plates {a:.1f} MB, {large} plates {b:.1f} MB "
                  f"({per_page:.0f} bytes per extra page)")
    return 0 if mine <= 1.3 * base else 1


if __name__ == "__main__":
    sys.exit(main())
