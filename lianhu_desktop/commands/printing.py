"""``lianhu print KIND OUT.pdf``: door plates, handbooks, contact book, cards, notices, month sheets, ballots.

One call of ``reports.catalog.print_document``, the same the Print Center makes.
"""

from __future__ import annotations

from lianhu_desktop.commands import common


def register(subparsers) -> None:
    """Add the ``print`` sub-command."""
    from lianhu_desktop.reports import catalog

    kinds = catalog.kinds()
    width = max(len(k.key) for k in kinds) + 2
    lines = [f"  {k.key:<{width}}{k.label}（版式：{'、'.join(k.layouts)}；默认 {k.default_layout}）" for k in kinds]
    p = subparsers.add_parser(
        "print",
        help="打印：联户牌、工作手册、联系手册、党员名片、承诺公示、主题党日月报、月走访登记表、结链责任状、"
             "联户网格图、联户公示表、民主测评票、民主评议考核结果和公示（生成 PDF）",
        description="生成可打印的 PDF。文档：\n" + "\n".join(lines) +
                    "\n联系手册的 booklet 版式为 A5 骑马钉小册子：双面打印（短边翻转）后对折装订。"
                    "\n民主测评票：党员多、一面印不下时续印在背面，a4 版式请双面打印（长边翻转），"
                    "a4-2 版式（每张 A4 两票）请双面打印（短边翻转）后沿虚线裁开。")
    p.add_argument("kind", metavar="KIND", choices=[k.key for k in kinds],
                   help="文档：" + "、".join(k.key for k in kinds))
    p.add_argument("out", metavar="OUT.pdf", nargs="?", help="输出的 PDF 文件（用 --split-dir 时可省略）")
    p.add_argument("--village", metavar="NAME", help="村名（数据库中只有一个村时可省略）")
    p.add_argument("--grid", metavar="NAME", help="只印这个网格")
    p.add_argument("--member", metavar="NAME", help="只印这名党员（联户牌：其联系的农户）")
    p.add_argument("--layout", metavar="NAME", help="版式，见上表")
    p.add_argument("--changed-only", action="store_true", help="联户牌：只印自上次打印以来有变化的")
    p.add_argument("--year", type=int, default=0, help="年度（默认今年）")
    p.add_argument("--month", metavar="YYYY-MM", help="月报、月走访登记表：哪个月（默认本月）")
    p.add_argument("--copies", metavar="N", type=int, default=0,
                   help="民主测评票：印多少份（默认为参评党员人数的 2 倍：党员本人和大致同样多的群众代表）")
    p.add_argument("--start", metavar="S", type=int, default=1,
                   help="民主测评票：起始编号（默认 1；补印时接着上次的编号）")
    p.add_argument("--split-dir", metavar="DIR", help="工作手册：每名党员一个文件，写入此文件夹")
    p.set_defaults(func=run_print)


def run_print(args) -> int:
    from lianhu_desktop.domain import printing
    from lianhu_desktop.errors import UsageError, ValidationError
    from lianhu_desktop.reports import catalog

    if not args.out and not args.split_dir:
        raise ValidationError("请给出输出的 PDF 文件名（或用 --split-dir 指定文件夹）")
    from lianhu_desktop.domain.compliance import parse_month

    kind = catalog.KINDS[args.kind]
    for flag, given, option in (("--month", args.month, catalog.MONTH), ("--year", args.year, catalog.YEAR),
                                ("--copies", args.copies, catalog.COPIES),
                                ("--start", args.start != 1, catalog.COPIES)):
        takes = option in kind.options or (option == catalog.YEAR and catalog.MONTH in kind.options)
        if given and not takes:
            users = "、".join(f"{k.key}（{k.label}）" for k in catalog.kinds()
                             if option in k.options) or "无"
            raise UsageError(f"{flag} 只用于{users}，不用于{kind.label}")
    if args.copies < 0 or args.start < 1:
        raise ValidationError("--copies 和 --start 应为正整数")
    month = parse_month(args.month) if args.month else None
    common.open_db(args)
    scope = printing.resolve_scope(args.village, args.grid, args.member, args.changed_only, args.year, month,
                                   copies=args.copies, start=args.start)
    entry, _ = catalog.check(args.kind, scope, args.layout, args.split_dir)
    progress = common.StderrProgress(f"正在生成{entry.label}")
    result = catalog.print_document(args.kind, scope, args.out, args.layout, progress, split_dir=args.split_dir)
    if args.split_dir:
        print(f"已生成{entry.label} {result.items} {entry.unit}，每人一个文件，在：{args.split_dir}")
    else:
        print(f"已生成{entry.label}：{result.paths[0]}（{result.items} {entry.unit}，{result.pages} 页）")
    if result.duplex_note:
        print(f"请{result.duplex_note}：背面须印在正面的背后")
    if result.household_ids:
        print(f"已记录 {len(result.household_ids)} 块联户牌为已打印；下次可用 --changed-only 只印有变化的")
    return 0
