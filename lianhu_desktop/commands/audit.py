"""CLI: ``lianhu export audit OUT.xlsx [--since YYYY-MM-DD]``: the audit trail as a workbook.

Like ``commands.linking`` it adds its kind to the ``export`` command of
``commands.excel`` (so it registers after it) and leaves the other kinds to it.
"""

from __future__ import annotations

import datetime

from lianhu_desktop.commands import common
from lianhu_desktop.errors import ValidationError

KIND = "audit"
KIND_HELP = "audit：操作记录（时间、操作人、操作、对象、字段、原值、新值）"


def register(subparsers) -> None:
    parser = subparsers.choices.get("export")
    if parser is None:
        parser = subparsers.add_parser("export", help="导出操作记录")
        parser.add_argument("kind", choices=[KIND], help=KIND_HELP)
        parser.add_argument("out", metavar="OUT.xlsx", help="导出文件")
        original = None
    else:
        kind = next(a for a in parser._actions if a.dest == "kind")
        kind.choices = [*kind.choices, KIND]
        kind.help = f"{kind.help}；{KIND_HELP}" if kind.help else KIND_HELP
        original = parser.get_default("func")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="操作记录：只导出这一天及以后的")

    def dispatch(args):
        if args.kind == KIND:
            return run_export_audit(args)
        if args.since:
            raise ValidationError("--since 只用于导出操作记录（audit）")
        return original(args)

    parser.set_defaults(func=dispatch)


def run_export_audit(args) -> int:
    from lianhu_desktop.domain.audit import AuditFilter
    from lianhu_desktop.excel.audit_export import export_audit

    since = None
    if args.since:
        try:
            since = datetime.date.fromisoformat(args.since)
        except ValueError:
            raise ValidationError(f"--since 的日期应写成 YYYY-MM-DD，例如 2026-01-31，不是“{args.since}”") from None
    common.open_db(args)
    count = export_audit(args.out, AuditFilter(since=since),
                         progress=common.StderrProgress("正在导出操作记录"))
    print(f"已导出 {count} 条操作记录到 {args.out}")
    return 0
