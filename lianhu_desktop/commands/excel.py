"""``lianhu template | import | export KIND …``: built from the sheet kinds (``excel.kinds``).

Every kind takes the options of its command that apply to it; an option
that does not apply is refused with exit 2 and a Chinese message, never
silently ignored. Exit codes: 0 done; 1 a user's mistake or rejected rows
(nothing written unless ``--skip-invalid``); 2 usage; 3 database problem.
"""

from __future__ import annotations

import datetime
import sys

from lianhu_desktop.commands import common
from lianhu_desktop.domain.limits import quote
from lianhu_desktop.errors import LianhuError, NotFoundError, UsageError, ValidationError
from lianhu_desktop.excel import kinds as sheet_kinds

SHOWN_REJECTIONS = 50

# Option → (flag, argparse keywords). A kind's import_options / export_options say which apply.
IMPORT_FLAGS = {
    sheet_kinds.SHEET: ("--sheet", dict(metavar="NAME",
                                        help="工作表名称（默认第一个未隐藏的工作表；隐藏的工作表只在此指定时读取）")),
    sheet_kinds.DRY_RUN: ("--dry-run", dict(action="store_true", help="只检查，不写入")),
    sheet_kinds.SKIP_INVALID: ("--skip-invalid", dict(action="store_true",
                                                     help="跳过有问题的行，导入其余各行")),
    sheet_kinds.NO_CREATE: ("--no-create", dict(
        action="store_true", help="表中出现本村没有的党小组、岗位、网格时拒收该行，而不是自动新建")),
    sheet_kinds.ERRORS: ("--errors", dict(metavar="OUT.xlsx",
                                          help="有问题时，把原表各行加上红色“错误原因”列写到此文件")),
    sheet_kinds.JSON: ("--json", dict(action="store_true", help="以 JSON 输出结果")),
    sheet_kinds.YEAR: ("--year", dict(metavar="Y", type=int, help="年度，如 2026（测评票等按年度的表格）")),
    sheet_kinds.SINGLE_ENTRY: ("--single-entry", dict(
        action="store_true", help="只录入了一次的测评票也计入（默认每张票须两次录入一致才计入）")),
}
TEMPLATE_FLAGS = {
    sheet_kinds.YEAR: ("--year", dict(metavar="Y", type=int, help="年度，如 2026（测评票模板按年度列出党员）")),
}
EXPORT_FLAGS = {
    sheet_kinds.FULL_ID: ("--full-id", dict(action="store_true",
                                           help="导出完整身份证号码（默认隐去中间 8 位）")),
    sheet_kinds.ARCHIVED: ("--archived", dict(action="store_true", help="同时导出已归档的记录")),
    sheet_kinds.SINCE: ("--since", dict(metavar="YYYY-MM-DD", help="只导出这一天及以后的操作记录")),
    sheet_kinds.YEAR: ("--year", dict(metavar="Y", type=int, help="只导出这一年度的")),
    sheet_kinds.MONTH: ("--month", dict(metavar="YYYY-MM", help="只导出这个月的，如 2026-03")),
}


def _kind_help(kinds) -> str:
    return "；".join(f"{k.key}：{k.label}" for k in kinds)


def register(subparsers) -> None:
    """Add the template, import and export sub-commands, one kind argument each."""
    templates = sheet_kinds.cli_templates()
    p = subparsers.add_parser("template", help=f"生成 Excel 导入模板（{_kind_help(templates)}）")
    p.add_argument("kind", choices=[k.key for k in templates], help=_kind_help(templates))
    p.add_argument("out", metavar="OUT.xlsx", help="模板文件")
    p.add_argument("--village", metavar="NAME", help="哪个村的模板（按村列出党员的模板；库中只有一个村时可省略）")
    for flag, options in TEMPLATE_FLAGS.values():
        p.add_argument(flag, **options)
    p.set_defaults(func=run_template)

    importable = sheet_kinds.importable()
    p = subparsers.add_parser("import", help=f"从 Excel 导入（{_kind_help(importable)}）")
    p.add_argument("kind", choices=[k.key for k in importable], help=_kind_help(importable))
    p.add_argument("file", metavar="FILE", help="要导入的文件：.xlsx、.xlsm、.xls、.ods 或 .csv")
    p.add_argument("--village", metavar="NAME", help="导入到哪个村（库中只有一个村时可省略）")
    for flag, options in IMPORT_FLAGS.values():
        p.add_argument(flag, **options)
    p.set_defaults(func=run_import)

    exportable = sheet_kinds.exportable()
    p = subparsers.add_parser("export", help=f"导出为 Excel（{_kind_help(exportable)}）")
    p.add_argument("kind", choices=[k.key for k in exportable], help=_kind_help(exportable))
    p.add_argument("out", metavar="OUT.xlsx", help="导出文件")
    p.add_argument("--village", metavar="NAME",
                   help="导出哪个村（库中只有一个村时可省略；联户关系表不指定时导出全部村）")
    for flag, options in EXPORT_FLAGS.values():
        p.add_argument(flag, **options)
    p.set_defaults(func=run_export)


def refuse_options(args, kind: sheet_kinds.SheetKind, flags: dict, accepted: frozenset) -> None:
    """Exit 2 (``UsageError``) when an option given does not apply to ``kind``, or one it needs is missing."""
    for option, (flag, _options) in flags.items():
        given = getattr(args, option, None) not in (None, False)
        if option in kind.required and option in accepted and not given:
            raise UsageError(f"{kind.label}须用 {flag} 指定")
        if option in accepted or not given:
            continue
        why = kind.why_not.get(option)
        raise UsageError(f"{kind.label}不能用 {flag} 选项" + (f"：{why}" if why else ""))


def passed_options(args) -> dict:
    """The options handed on to a kind's own functions (YEAR, MONTH as the first day, SINGLE_ENTRY)."""
    from lianhu_desktop.domain.compliance import parse_month

    passed = {}
    if getattr(args, "year", None) is not None:
        if not 2000 <= args.year <= 2100:
            raise ValidationError(f"年度应在 2000–2100 之间，不是 {args.year}")
        passed[sheet_kinds.YEAR] = args.year
    if getattr(args, "month", None):
        passed[sheet_kinds.MONTH] = parse_month(args.month)
    if getattr(args, "single_entry", False):
        passed[sheet_kinds.SINGLE_ENTRY] = True
    return passed


def village_id_of(name: str | None) -> int:
    """The village named, or the only one; a Chinese error listing villages otherwise."""
    from lianhu_desktop.domain.villages import find_village, list_villages

    if name:
        return find_village(name).id
    villages = list_villages()
    if len(villages) == 1:
        return villages[0].id
    if not villages:
        raise NotFoundError("数据库中还没有村，请先在图形界面中建立村")
    names = "、".join(v.name for v in villages)
    raise LianhuError(f"数据库中有 {len(villages)} 个村，请用 --village 指定：{names}")


def run_template(args) -> int:
    from lianhu_desktop.excel.templates import write_template

    kind = sheet_kinds.kind(args.kind)
    refuse_options(args, kind, TEMPLATE_FLAGS, kind.template_options)
    if kind.templater:
        common.open_db(args)
        path = kind.write_own_template(args.out, village_id_of(args.village), **passed_options(args))
    else:
        if args.village is not None:
            raise UsageError(f"{kind.label}导入模板不分村，不能用 --village 选项")
        path = write_template(kind.key, args.out)
    print(f"已生成{kind.label}导入模板：{path}")
    return 0


def run_import(args) -> int:
    from lianhu_desktop.excel.importers import import_file

    kind = sheet_kinds.kind(args.kind)
    refuse_options(args, kind, IMPORT_FLAGS, kind.import_options)
    common.open_db(args)
    village_id = village_id_of(args.village)
    progress = common.StderrProgress(f"正在导入{kind.label}")
    from lianhu_desktop.excel.kind_check import WrongKind

    try:
        if kind.importer:
            result = kind.import_own(args.file, village_id, sheet=args.sheet, dry_run=args.dry_run,
                                     progress=progress, **passed_options(args))
        else:
            result = import_file(
                args.file, kind.key, village_id, sheet=args.sheet, dry_run=args.dry_run,
                skip_invalid=args.skip_invalid, create_missing=not args.no_create,
                errors_path=args.errors, progress=progress, **passed_options(args))
    except WrongKind as error:
        raise ValidationError(f"{error.message}（命令行：lianhu import {error.kind} …）") from None
    if args.json:
        common.print_json(result.to_json())
    else:
        if result.sheet:
            hidden = "”“".join(result.hidden_sheets)
            print(f"读取工作表“{result.sheet}”" + (f"（隐藏的工作表“{hidden}”未读取，需要时用 --sheet 指定）"
                                              if hidden else ""))
        print(result.summary())
        for rejection in result.rejected[:SHOWN_REJECTIONS]:
            column = f"“{rejection.column}”列" if rejection.column else ""
            value = f"（{quote(rejection.value)}）" if rejection.value else ""
            print(f"  第 {rejection.row} 行{column}{value}：{rejection.reason}")
        if len(result.rejected) > SHOWN_REJECTIONS:
            if sheet_kinds.ERRORS not in kind.import_options:
                more = "，可加 --json 列出全部问题"
            elif args.errors:
                more = "，详见错误报告文件"
            else:
                more = "，可加 --errors 文件名 输出完整的错误报告"
            print(f"  …… 另有 {len(result.rejected) - SHOWN_REJECTIONS} 处问题{more}")
        if result.links:
            print(f"联户关系：{len(result.links)} 户已按“联户党员”列建立或核对")
    if result.cancelled:
        print("错误：导入已取消，数据库未作任何改动", file=sys.stderr)
        return 1
    if result.rejected and args.errors:
        print(f"错误报告已写入：{args.errors}", file=sys.stderr)
    if result.rejected and not args.skip_invalid:
        rows = len({r.row for r in result.rejected})
        what = "已检查，未写入（--dry-run）" if args.dry_run else "未写入任何数据"
        skip = "，或加 --skip-invalid 只导入没有问题的行" if sheet_kinds.SKIP_INVALID in kind.import_options else ""
        print(f"错误：有 {rows} 行有问题，{what}；请改正后重新导入{skip}", file=sys.stderr)
        return 1
    return 0


def run_export(args) -> int:
    kind = sheet_kinds.kind(args.kind)
    refuse_options(args, kind, EXPORT_FLAGS, kind.export_options)
    if args.village is not None and not kind.by_village:
        raise UsageError(f"{kind.label}不分村，不能用 --village 选项")
    since = _day(args.since, "--since") if args.since else None
    common.open_db(args)
    if not kind.by_village or (args.village is None and kind.export_all_villages):
        village_id = None
    else:
        village_id = village_id_of(args.village)
    count = kind.export(args.out, village_id, progress=common.StderrProgress(f"正在导出{kind.label}"),
                        **{sheet_kinds.FULL_ID: args.full_id, sheet_kinds.ARCHIVED: args.archived,
                           sheet_kinds.SINCE: since, **passed_options(args)})
    masked = "" if args.full_id or sheet_kinds.FULL_ID not in kind.export_options \
        else "（身份证号码已隐去中间 8 位，加 --full-id 可导出完整号码）"
    print(f"已导出 {count} {kind.unit}到 {args.out}{masked}")
    return 0


def _day(text: str, flag: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{flag} 的日期应写成 YYYY-MM-DD，例如 2026-01-31，不是“{quote(text)}”") from None
