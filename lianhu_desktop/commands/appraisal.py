"""``lianhu appraisal results|score|schemes|seal|verify``: the year-end 100-point appraisal (一评)."""

from __future__ import annotations

import datetime
import unicodedata

from lianhu_desktop.commands import common
from lianhu_desktop.domain.vocab import GRADES


def register(subparsers) -> None:
    """Add ``appraisal`` and its sub-commands."""
    p = subparsers.add_parser(
        "appraisal", help="百分制考核（一评）：结果、手工评分、考核方案、封存与核对封存码",
        description="年终按各考核类别的百分制方案为党员评分：自动项目按本年度的走访、诉求、承诺、会议和测评票计算，"
                    "手工项目由支委会评分并写明理由；定稿后封存，封存码印在签字的结果表和公示上。")
    sub = p.add_subparsers(dest="action", metavar="操作", required=True)

    q = sub.add_parser("results", help="各党员的各项得分、总分、等次、类别内名次和测评票")
    _year(q, required=True)
    _village(q, "只看这个村（默认：库中只有一个村时为该村，否则全部村）")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=run_results)

    q = sub.add_parser("score", help="为手工评分项目打分（须写明理由，满分除外）")
    _year(q, required=False)
    _village(q, "哪个村（库中只有一个村时可省略）")
    q.add_argument("--member", metavar="NAME", required=True, help="党员姓名（同名时用身份证号码）")
    q.add_argument("--item", metavar="NAME", required=True, help="考核项目名称，如 学习教育")
    q.add_argument("--points", metavar="P", required=True, help="得分，最多一位小数，如 8.5；留空字符串则清除评分")
    q.add_argument("--reason", metavar="R", default="", help="评分理由（未得满分时必填）")
    q.set_defaults(func=run_score)

    q = sub.add_parser("schemes", help="列出本年度各考核类别的考核方案（项目、分值、计分方式、版本）")
    _year(q, required=True)
    _village(q, "哪个村（库中只有一个村时可省略）")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=run_schemes)

    q = sub.add_parser("seal", help="定稿封存：自动项目得分入库，计算封存码；封存后不能再修改")
    _year(q, required=True)
    _village(q, "哪个村（库中只有一个村时可省略）")
    q.set_defaults(func=run_seal)

    q = sub.add_parser("verify", help="用纸面结果表上的封存码核对数据库中的结果")
    _year(q, required=True)
    _village(q, "哪个村（库中只有一个村时可省略）")
    q.add_argument("--code", metavar="XXXX-XXXX-XXXX-XXXX", required=True, help="纸面上的封存码")
    q.set_defaults(func=run_verify)


def _year(parser, *, required: bool) -> None:
    default = "" if required else "（默认今年）"
    parser.add_argument("--year", metavar="Y", type=int, required=required, help=f"考核年度，如 2026{default}")


def _village(parser, text: str) -> None:
    parser.add_argument("--village", metavar="NAME", help=text)


def _year_of(args) -> int:
    from lianhu_desktop.errors import ValidationError

    year = args.year if args.year is not None else datetime.date.today().year
    if not 2000 <= year <= 2100:
        raise ValidationError(f"年度应在 2000–2100 之间，不是 {year}")
    return year


def _one_village(args) -> int:
    from lianhu_desktop.commands.excel import village_id_of

    return village_id_of(args.village)


# --------------------------------------------------------------------------- text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(width - _width(text), 0)
    return gap + text if right else text + gap


def _points(tenths: int | None) -> str:
    return "—" if tenths is None else f"{tenths // 10}.{tenths % 10}"


def format_results(results) -> str:
    """One village's results as a Chinese table for the terminal."""
    from lianhu_desktop.domain.schemes import points_text

    t = results.thresholds
    lines = [f"【{results.village_name}】{results.year} 年度民主评议（{results.status}）"
             + (f"　封存码 {results.seal_code}" if results.seal_code else ""),
             "等次分数线：" + "，".join(f"{g} ≥ {points_text(t[g])} 分" for g in GRADES[:-1]) + "，其余为不合格"]
    graded = sum(results.grade_counts.values())
    lines.append("等次分布：" + "，".join(f"{g} {results.grade_counts.get(g, 0)} 名" for g in GRADES)
                 + (f"；尚未评完 {len(results.members) - graded} 名" if graded < len(results.members) else ""))
    s = results.ballots
    issued = "未登记" if s.issued is None else f"{s.issued} 张"
    lines.append(f"测评票：发出 {issued}，收回 {s.returned} 张，有效 {s.valid} 张，无效 {s.invalid} 张，"
                 f"两次录入不一致 {s.mismatched} 张")
    lines += [f"  ！{problem}" for problem in s.problems]
    tier = None
    for member in results.members:
        if member.tier != tier:
            tier = member.tier
            lines += ["", f"{tier}（方案第 {member.scheme_version} 版）",
                      f"  {_pad('名次', 4)} {_pad('姓名', 10)} {_pad('总分', 6, True)}  {_pad('等次', 8)} "
                      f"{_pad('测评票（优/合/基/不）', 20)} 各项得分"]
        votes = "/".join(str(member.ballots.get(g, 0)) for g in GRADES)
        items = " · ".join(f"{item.name} {_points(item.tenths)}" for item in member.items)
        lines.append(f"  {_pad(str(member.rank), 4)} {_pad(member.name, 10)} "
                     f"{_pad(_points(member.total_tenths), 6, True)}  {_pad(member.grade or '未定', 8)} "
                     f"{_pad(votes, 20)} {items}")
    if not results.members:
        lines.append("（本年度考核名单中没有党员）")
    return "\n".join(lines)


# --------------------------------------------------------------------------- commands


def run_results(args) -> int:
    from lianhu_desktop.domain import appraisal
    from lianhu_desktop.domain.villages import find_village, list_villages

    year = _year_of(args)
    common.open_db(args, write=False)
    if args.village:
        found = [appraisal.results(find_village(args.village).id, year)]
    elif len(list_villages()) == 1:
        found = [appraisal.results(list_villages()[0].id, year)]
    else:
        found = appraisal.township_results(year)
    if args.json:
        common.print_json({"year": year, "villages": [results.to_json() for results in found]})
    else:
        print("\n\n".join(format_results(results) for results in found))
    return 0


def run_score(args) -> int:
    from lianhu_desktop.domain import appraisal

    year = _year_of(args)
    common.open_db(args, write=True)
    village_id = _one_village(args)
    member = appraisal.find_member(village_id, year, args.member)
    row = appraisal.set_score(village_id, year, member.id, args.item, args.points or None, args.reason)
    if row is None:
        print(f"已清除 {member.label}“{args.item}”的评分")
    else:
        reason = f"（理由：{row.note}）" if row.note else ""
        print(f"已评分：{member.label}“{args.item}”{_points(row.tenths)} 分{reason}")
    return 0


def run_schemes(args) -> int:
    from lianhu_desktop.domain import schemes

    year = _year_of(args)
    common.open_db(args, write=False)
    in_use = schemes.schemes_in_use(_one_village(args), year)
    if args.json:
        common.print_json({"year": year, "schemes": [
            {"tier": s.tier, "name": s.name, "version": s.version, "frozen": s.frozen,
             "own": s.village_id is not None, "total": s.total_tenths / 10, "usable": s.usable,
             "items": [{"name": i.name, "points": i.max_tenths / 10, "source": i.source, "rule": i.rule,
                        "criteria": i.criteria} for i in s.items]}
            for s in in_use.values()]})
        return 0
    for scheme in in_use.values():
        where = "本村方案" if scheme.village_id is not None else \
            ("乡镇方案" if scheme.id else "默认方案，尚未复制到本村")
        state = "已开始评分（修改将生成新版本）" if scheme.frozen else "可修改"
        print(f"{scheme.name}（{scheme.tier}，第 {scheme.version} 版，{where}，{state}）")
        for number, item in enumerate(scheme.items, 1):
            how = f"自动：{schemes.RULES[item.rule]}" if item.source == "自动" else "手工评分"
            print(f"  {number}. {_pad(item.name, 22)} {_pad(schemes.points_text(item.max_tenths), 4, True)} 分  {how}")
        total = schemes.points_text(scheme.total_tenths)
        print(f"  合计 {total} 分" + ("" if scheme.usable else "　！各项合计须为 100 分，此方案不能使用"))
        print()
    return 0


def run_seal(args) -> int:
    from lianhu_desktop.domain import appraisal_seal

    year = _year_of(args)
    common.open_db(args, write=True)
    sealed = appraisal_seal.seal(_one_village(args), year)
    print(f"{sealed.village} {sealed.year} 年度民主评议结果已封存（{sealed.sealed_at:%Y-%m-%d %H:%M}）。")
    print(f"封存码：{sealed.code}")
    print("请将封存码印在签字的结果表和公示上；此后评分、测评票和考核方案均不能再修改。")
    return 0


def run_verify(args) -> int:
    from lianhu_desktop.domain import appraisal_seal

    year = _year_of(args)
    common.open_db(args, write=False)
    check = appraisal_seal.verify(_one_village(args), year, args.code)
    print(check.message)
    return 0 if check.ok else 1
