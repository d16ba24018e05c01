"""``lianhu present --year Y [--village NAME] --render DIR [--size 1920x1080]``.

Writes every slide of the appraisal meeting as slide-01.png, slide-02.png …
(to check the slides before the meeting, or to send the results to members
who were not there). The show itself runs from the 百分制考核 tab. Drawing
needs Qt: the one GUI module this command reaches is ``gui.slide_files``,
imported when the files are written (offscreen when there is no display).
"""

from __future__ import annotations

import re
from pathlib import Path

from lianhu_desktop.commands import common
from lianhu_desktop.errors import UsageError, ValidationError

DEFAULT_SIZE = "1920x1080"
SIZE_LIMITS = ((640, 7680), (480, 4320))


def register(subparsers) -> None:
    """Add the ``present`` sub-command."""
    p = subparsers.add_parser(
        "present", help="民主评议大会放映：把全部幻灯片输出为 PNG 图片",
        description="把某年度民主评议大会的幻灯片（开幕、每名党员的考核情况、计票、排名、等次分布）"
                    "逐张输出为 PNG 图片：slide-01.png、slide-02.png……\n"
                    "放映请在图形界面“百分制考核”页打开。")
    p.add_argument("--year", metavar="Y", type=int, required=True, help="考核年度，如 2025")
    p.add_argument("--village", metavar="NAME", help="村名（数据库中只有一个村时可省略）")
    p.add_argument("--render", metavar="DIR", help="输出图片的文件夹（不存在时新建）")
    p.add_argument("--size", metavar="宽x高", default=DEFAULT_SIZE, help=f"图片尺寸（像素），默认 {DEFAULT_SIZE}")
    p.set_defaults(func=run_present)


def parse_size(text: str) -> tuple[int, int]:
    """1920x1080 (also 1920×1080, 1920*1080) → (1920, 1080); a Chinese error otherwise."""
    match = re.fullmatch(r"\s*(\d{2,5})\s*[xX×*]\s*(\d{2,5})\s*", text or "")
    example = "应写成 宽x高，例如 1920x1080 或 1024x768"
    if not match:
        raise ValidationError(f"--size {example}，不是“{text}”")
    width, height = int(match.group(1)), int(match.group(2))
    (low_w, high_w), (low_h, high_h) = SIZE_LIMITS
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        raise ValidationError(f"--size 的宽应在 {low_w}–{high_w}、高应在 {low_h}–{high_h} 像素之间，"
                              f"不是 {width}x{height}")
    return width, height


def output_folder(text: str | None) -> Path:
    """The folder the images go to (checked, not yet created); a Chinese error for a file."""
    if not text:
        raise UsageError("请用 --render 文件夹 指定输出图片的位置（放映请在图形界面“百分制考核”页打开）")
    folder = Path(text).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"--render 应是一个文件夹，“{folder}”是一个文件")
    return folder


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValidationError(f"无法建立文件夹“{folder}”：{error.strerror or error}") from None


def run_present(args) -> int:
    from lianhu_desktop.commands.excel import village_id_of
    from lianhu_desktop.domain import slide_layout, slides

    if not 2000 <= args.year <= 2100:
        raise ValidationError(f"年度应在 2000–2100 之间，不是 {args.year}")
    width, height = parse_size(args.size)
    folder = output_folder(args.render)
    common.open_db(args)
    results = slides.appraisal_results(village_id_of(args.village), args.year)
    deck = slides.build_deck(results, slide_layout.canvas(width, height))
    make_folder(folder)
    from lianhu_desktop.gui.slide_files import write_deck  # Qt, only now

    written = write_deck(deck, folder, width, height, progress=common.StderrProgress("正在输出幻灯片"))
    print(f"已输出{results.village_name} {results.year} 年度民主评议大会幻灯片 {len(written)} 张"
          f"（{width}×{height}）到：{folder}")
    return 0
