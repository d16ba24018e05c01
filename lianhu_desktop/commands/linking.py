"""CLI: ``lianhu export links OUT.xlsx`` and ``lianhu import links FILE``.

``import`` and ``export`` belong to the Excel commands (``commands.excel``),
which take the kind of sheet as their first argument (roster, households).
``register`` must therefore run after that module's: it adds ``links`` to
the kinds and hands that kind to the functions here, leaving the others to
the Excel commands. On its own (no Excel commands registered) it creates
the two commands with ``links`` as their only kind.
"""

from __future__ import annotations

KIND = "links"
KIND_HELP = "links：联户关系表（每户的联户党员）"


def _extend(subparsers, name: str, help_text: str, func):
    """The ``name`` parser with ``links`` added to its kinds; None when it had to be created."""
    parser = subparsers.choices.get(name)
    if parser is None:
        parser = subparsers.add_parser(name, help=help_text)
        parser.add_argument("kind", choices=[KIND], help=KIND_HELP)
        parser.set_defaults(func=func)
        return parser, True
    kind = next(a for a in parser._actions if a.dest == "kind")
    kind.choices = [*kind.choices, KIND]
    kind.help = f"{kind.help}；{KIND_HELP}" if kind.help else KIND_HELP
    original = parser.get_default("func")

    def dispatch(args):
        return func(args) if args.kind == KIND else original(args)

    parser.set_defaults(func=dispatch)
    return parser, False


def register(subparsers) -> None:
    parser, created = _extend(subparsers, "export", "导出联户关系表", run_export_links)
    if created:
        parser.add_argument("out", metavar="OUT.xlsx", help="输出的 Excel 文件")
        parser.add_argument("--village", metavar="NAME", help="只导出这个村（默认全部村）")
    parser, created = _extend(subparsers, "import", "导入联户关系表", run_import_links)
    if created:
        parser.add_argument("file", metavar="FILE", help="联户关系表（.xlsx）")
        parser.add_argument("--village", metavar="NAME", help="导入到这个村（数据库只有一个村时可不填）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--skip-invalid", action="store_true", help="跳过有误的行，导入其余的行")


def _village_id(name: str | None, *, required: bool) -> int | None:
    from lianhu_desktop.domain.villages import find_village, list_villages
    from lianhu_desktop.errors import ValidationError

    if name:
        return find_village(name).id
    if not required:
        return None
    villages = list_villages()
    if len(villages) == 1:
        return villages[0].id
    raise ValidationError("数据库中有多个村，请用 --village 指定导入到哪个村")


def run_export_links(args) -> int:
    from lianhu_desktop.commands import common
    from lianhu_desktop.excel.link_sheet import export_links

    common.open_db(args)
    count = export_links(args.out, _village_id(getattr(args, "village", None), required=False))
    print(f"已导出 {count} 户的联户关系：{args.out}")
    return 0


def run_import_links(args) -> int:
    from lianhu_desktop.commands import common
    from lianhu_desktop.excel.link_sheet import import_links

    common.open_db(args)
    result = import_links(args.file, _village_id(args.village, required=True),
                          skip_invalid=getattr(args, "skip_invalid", False),
                          dry_run=getattr(args, "dry_run", False))
    print(result.summary())
    return 0 if result.committed or (getattr(args, "dry_run", False) and not result.rejected) else 1
