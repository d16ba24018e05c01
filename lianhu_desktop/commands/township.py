"""``lianhu package OUT.lhpkg`` at the village, ``lianhu merge PKG…`` at the township.

The passphrase agreed with the township comes from ``--passphrase-file``,
the environment variable ``LIANHU_PASSPHRASE`` or, at a terminal, a prompt;
never from the command line, where it would be seen and logged.
"""

from __future__ import annotations

import getpass
import sys

from lianhu_desktop.commands import common
from lianhu_desktop.errors import LianhuError
from lianhu_desktop.store import sealed

_PASSPHRASE_HELP = f"从此文件的第一行读取数据包密码（也可用环境变量 {sealed.ENV_PASSPHRASE}）"


def register(subparsers) -> None:
    """Add the ``package`` and ``merge`` sub-commands."""
    p = subparsers.add_parser("package", help="导出本村数据包（加密，交乡镇合并）")
    p.add_argument("out", metavar="OUT.lhpkg", help="数据包文件，或存放它的文件夹（如 U 盘）")
    p.add_argument("--village", metavar="NAME", help="村名（数据库中只有一个村时可省略）")
    p.add_argument("--passphrase-file", metavar="FILE", help=_PASSPHRASE_HELP)
    p.set_defaults(func=run_package)

    p = subparsers.add_parser("merge", help="把各村的数据包合并进乡镇数据库（--db 所指的文件不存在时新建）")
    p.add_argument("packages", metavar="PKG", nargs="+", help="数据包文件")
    p.add_argument("--report", metavar="OUT.xlsx", help="合并报告（各表新增、修改、删除及冲突）写到此文件")
    p.add_argument("--dry-run", action="store_true", help="只预览将作的改动，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.add_argument("--passphrase-file", metavar="FILE", help=_PASSPHRASE_HELP)
    p.set_defaults(func=run_merge)


def ask_passphrase(args, what: str = "数据包密码") -> str:
    """The passphrase from ``--passphrase-file``, ``LIANHU_PASSPHRASE`` or, at a terminal, a prompt."""
    passphrase = sealed.passphrase_from(getattr(args, "passphrase_file", None))
    if passphrase is None and sys.stdin.isatty():
        passphrase = getpass.getpass(f"{what}：")
    if not passphrase:
        raise LianhuError(f"需要{what}：请用 --passphrase-file FILE 或环境变量 {sealed.ENV_PASSPHRASE} 给出")
    sealed.check_passphrase(passphrase)
    return passphrase


def run_package(args) -> int:
    from lianhu_desktop.domain.villages import find_village
    from lianhu_desktop.store import package

    passphrase = ask_passphrase(args)
    common.open_db(args)
    village_id = find_village(args.village).id if args.village else None
    manifest, path = package.write_package(args.out, passphrase, village_id,
                                     progress=common.StderrProgress("正在导出数据包"))
    rows = sum(v for k, v in manifest.counts.items() if k != "tombstone")
    print(f"已导出{manifest.village_name}的数据包（{rows} 条记录，{manifest.counts.get('tombstone', 0)} 条删除记录，"
          f"已加密）：{path}")
    return 0


def run_merge(args) -> int:
    from lianhu_desktop.store import merge

    passphrase = ask_passphrase(args)
    common.open_db(args, create=True)
    results = merge.merge_packages(args.packages, passphrase, dry_run=args.dry_run,
                                   progress=common.StderrProgress("正在合并数据包"))
    if args.report:
        from lianhu_desktop.excel.merge_report import write_report

        write_report(results, args.report)
    if args.json:
        common.print_json({"results": [r.to_json() for r in results]})
    else:
        for result in results:
            print(result.message)
        if args.report:
            print(f"合并报告：{args.report}")
    return 0
