"""The front door: ``lianhu [--db PATH] [command]``; with no command, the GUI.

Thin by design: parse, call one core function, print. Exit codes:
0 success; 1 a user's mistake (Chinese message on stderr, nothing written);
2 usage; 3 database problem (missing, locked, corrupt).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

import peewee

from lianhu_desktop import APP_NAME, __version__, paths
from lianhu_desktop.commands import common
from lianhu_desktop.errors import DatabaseProblem, LianhuError
from lianhu_desktop.store import backups, migrations
from lianhu_desktop.store import db as store_db

# Modules that add sub-commands; each has register(subparsers).
COMMAND_MODULES = (
    "lianhu_desktop.commands.excel",
    "lianhu_desktop.commands.printing",
    "lianhu_desktop.commands.compliance",
    "lianhu_desktop.commands.township",
    "lianhu_desktop.commands.present",
    "lianhu_desktop.commands.appraisal",
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions keep their own line breaks; the usage line says 用法."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class _Parser(argparse.ArgumentParser):
    """argparse with its own messages in Chinese where it speaks to users."""

    def __init__(self, *args, **kwargs):
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：参数错误：{message}\n")


# The options before any command; "--db PATH" and "--db=PATH" alike.
_TOP_OPTIONS_WITH_VALUE = ("--db", "--operator")
_TOP_FLAGS = ("--smoke-test",)


def _opens_the_gui(argv: list[str]) -> bool:
    """True when ``argv`` holds only the window's own options (no command, no help):
    the program's start then needs no parser of the commands, whose modules it
    would import for nothing."""
    words = iter(argv)
    for word in words:
        if word in _TOP_FLAGS or any(word.startswith(f"{name}=") for name in _TOP_OPTIONS_WITH_VALUE):
            continue
        if word in _TOP_OPTIONS_WITH_VALUE and next(words, None) is not None:
            continue
        return False
    return True


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole parser; without ``commands``, the options before a command only."""
    parser = _Parser(
        prog="lianhu",
        description=f"{APP_NAME}：党员联户工作管理（离线桌面程序）。不带子命令时打开图形界面。",
    )
    parser.add_argument("--db", metavar="PATH",
                        help="数据库文件（默认：环境变量 LIANHU_DB、程序旁的 data/ 文件夹或用户数据目录）")
    parser.add_argument("--operator", metavar="NAME",
                        help="操作人姓名，记入操作记录（默认：设置中的操作人，或本机登录名）")
    parser.add_argument("--smoke-test", action="store_true",
                        help="打开主窗口、逐个访问各页后退出（用于检验安装）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="显示版本号并退出")
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    p = sub.add_parser("gui", help="打开图形界面（默认）")
    p.set_defaults(func=run_gui)

    p = sub.add_parser("demo", help="向空数据库载入演示数据")
    p.add_argument("--scale", choices=("village", "township"), default="village",
                   help="village：一个村；township：20 个村的乡镇规模")
    p.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    p.add_argument("--force", action="store_true", help="数据库非空时也清空后重新生成")
    p.set_defaults(func=run_demo)

    p = sub.add_parser("stats", help="统计：各村人数及乡镇上报的党员结构")
    p.add_argument("--village", metavar="NAME", help="只统计这个村")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=run_stats)

    p = sub.add_parser("check", help="检查数据库完整性并报告各表行数与联户覆盖情况")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=run_check)

    p = sub.add_parser("backup", help="在线备份数据库（检查无误后才生成备份文件）")
    p.add_argument("out", nargs="?", metavar="OUT", help="备份文件（默认放在数据库所在文件夹的 backups/ 下）")
    p.set_defaults(func=run_backup)

    p = sub.add_parser("restore", help="用备份文件替换当前数据库（先检查备份，再自动备份当前数据库）")
    p.add_argument("file", metavar="FILE", help="备份文件（.db，或第二个备份文件夹里加密的 .lhbak）")
    p.add_argument("--yes", action="store_true", help="确认替换")
    p.add_argument("--passphrase-file", metavar="FILE",
                   help="加密的备份：从此文件的第一行读取备份密码（也可用环境变量 LIANHU_PASSPHRASE）")
    p.set_defaults(func=run_restore)

    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def run_gui(args) -> int:
    from lianhu_desktop.gui.app import run

    choice = paths.choose_database(args.db)
    return run(choice.path, named=choice.named, smoke_test=args.smoke_test)


def run_demo(args) -> int:
    from lianhu_desktop.domain import demo

    common.open_db(args, create=True)
    progress = common.StderrProgress("正在生成演示数据")
    summary = demo.generate(args.scale, args.seed, force=args.force, progress=progress)
    print(f"已生成演示数据（{summary.elapsed:.1f} 秒）：{summary.villages} 个村、{summary.members} 名党员、"
          f"{summary.households} 户、{summary.links} 条联户关系、{summary.visits} 条走访记录、"
          f"{summary.pairings} 条结对帮扶、{summary.contact_points} 个联系点")
    return 0


def run_stats(args) -> int:
    from lianhu_desktop.domain import stats
    from lianhu_desktop.domain.villages import find_village

    common.open_db(args)
    village_id = find_village(args.village).id if args.village else None
    report = stats.township_report(village_id, activity=True)
    if args.json:
        common.print_json(report)
    else:
        print(stats.format_report(report))
    return 0


def run_check(args) -> int:
    """``check``: the database's integrity, then its content. A file's backups are reported
    with it; a server database's are its administrator's (``SERVER_BACKUP`` says so)."""
    choice = paths.choose_database(args.db)
    if choice.is_server:
        from lianhu_desktop.store import backend

        where, backup_status = backend.redact(choice.path), None
    else:
        where, backup_status = str(choice.path), backups.status(choice.path).to_json()
    result = {"database": where, "schema_version": None, "ok": False, "problems": [], "counts": {},
              "backups": backup_status}
    if choice.is_server:
        result["note"] = store_db.SERVER_BACKUP
    try:
        database, _ = common.open_db(args, check=False)
    except DatabaseProblem as error:
        result["problems"] = [str(error)]
        _print_check(result, args.json)
        return error.exit_code
    problems = store_db.integrity_check()
    result.update(schema_version=migrations.current_version(database), ok=not problems, problems=problems)
    if problems and not choice.is_server:
        result["advice"] = backups.describe_newest_good(choice.path)
    elif not problems:
        problems = _check_content(result)
    _print_check(result, args.json)
    return 0 if not problems else 3


def _check_content(result: dict) -> list[str]:
    """The counts, coverage, visits, probation and seals of the open database into ``result``."""
    from lianhu_desktop.domain.appraisal_seal import broken_seal_problem, check_seals
    from lianhu_desktop.domain.compliance import visits_check
    from lianhu_desktop.domain.coverage import coverage_report
    from lianhu_desktop.domain.probation import overdue_members

    result["counts"] = store_db.table_counts()
    result["coverage"] = coverage_report()
    result["visits"] = visits_check()
    result["probationary_overdue"] = overdue_members()
    result["appraisal_seals"] = check_seals()
    # A sealed result that no longer matches its seal was changed behind the program's back.
    problems = [broken_seal_problem(seal) for seal in result["appraisal_seals"] if not seal["valid"]]
    result.update(ok=not problems, problems=problems)
    return problems


def _print_check(result: dict, as_json: bool) -> None:
    if as_json:
        common.print_json(result)
        return
    version = f"（数据结构第 {result['schema_version']} 版）" if result["schema_version"] else ""
    print(f"数据库：{result['database']}{version}")
    print("完整性检查：通过" if result["ok"] else "完整性检查：发现问题")
    for problem in result["problems"]:
        print(f"  - {problem}")
    if result.get("advice"):
        print(f"  {result['advice']}")
    for table, count in result["counts"].items():
        print(f"  {table:<14}{count:>10}")
    visits = result.get("visits")
    if visits:
        print(f"本月（{visits['month']}）走访：应走访 {visits['households']} 户，未走访 {visits['not_visited']} 户；"
              f"诉求超期未办结 {visits['overdue_requests']} 件，已办结未反馈 {visits['not_fed_back']} 件")
    overdue = result.get("probationary_overdue") or []
    if overdue:
        print(f"预备期已满一年仍未转正的党员：{len(overdue)} 名（请支部及时讨论转正或延长预备期）")
        for member in overdue[:20]:
            print(f"  {member['village']} {member['name']}：入党 {member['join_date']}，"
                  f"{member['probation_end']} 预备期满")
        if len(overdue) > 20:
            print(f"  …… 另有 {len(overdue) - 20} 名")
    seals = result.get("appraisal_seals") or []
    if seals:
        print("已封存的民主评议结果：")
        for seal in seals:
            state = "与封存码一致" if seal["valid"] else "与封存码不符，封存后被改动过"
            print(f"  {seal['village']} {seal['year']} 年度（封存码 {seal['code']}）：{state}")
    status = result["backups"]
    if status is None:
        print(result.get("note", ""))
    elif status["newest"]:
        print(f"最近的备份：{status['newest']}（{status['age_days']:.1f} 天前），共 {status['count']} 份")
    else:
        print("还没有备份：可用“lianhu backup”备份，图形界面每天自动备份")


def run_backup(args) -> int:
    if paths.choose_database(args.db).is_server:
        raise store_db.ServerNotSupported("备份")
    _, choice = common.open_db(args)
    out = args.out or backups.backup_dir_for(choice.path) / backups.stamped_name(backups.MANUAL_PREFIX)
    dest = store_db.backup_to(out)
    print(f"已备份到：{dest}（已检查无误）")
    return 0


def run_restore(args) -> int:
    from lianhu_desktop.domain import audit
    from lianhu_desktop.store.restore import restore_database

    choice = paths.choose_database(args.db)
    if not args.yes:
        raise LianhuError(f"恢复会用备份替换当前数据库 {choice.path}，请加 --yes 确认")
    passphrase = None
    if backups.is_sealed(args.file):
        from lianhu_desktop.commands.township import ask_passphrase

        passphrase = ask_passphrase(args, "备份密码")
    result = restore_database(args.file, choice.path, passphrase)
    store_db.open_database(choice.path, check=True)
    audit.use_operator(args.operator)
    upgraded = (f"；备份的数据结构已从第 {result.from_version} 版升级到第 {result.to_version} 版"
                if result.from_version < result.to_version else "")
    kept = f"恢复前的数据库已备份到：{result.safety}" if result.safety else "原来没有数据库文件"
    print(f"已从 {result.source} 恢复{upgraded}。{kept}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (see the module docstring)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(commands=not _opens_the_gui(argv))
    args = parser.parse_args(argv)
    func = getattr(args, "func", run_gui)
    if args.smoke_test and func is not run_gui:
        parser.error("--smoke-test 只能用于图形界面")
    try:
        common.refuse_overwrites(args)
        return func(args)
    except LianhuError as error:
        print(f"错误：{error}", file=sys.stderr)
        return error.exit_code
    except (peewee.OperationalError, peewee.DatabaseError, sqlite3.Error) as error:
        problem = store_db.problem_from(error)
        print(f"错误：{problem}", file=sys.stderr)
        return problem.exit_code
    except OSError as error:
        # A file the user named that cannot be read or written (a folder, /proc, a full disk).
        where = f"：{error.filename}" if error.filename else ""
        print(f"错误：无法读写文件{where}（{error.strerror or error}）", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (silence the flush at exit)
        return 0
    finally:
        store_db.close_database()


def gui_main() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main()
