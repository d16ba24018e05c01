"""``lianhu compliance --month YYYY-MM``: the month's visits (一次) per village, grid and member."""

from __future__ import annotations

from lianhu_desktop.commands import common


def register(subparsers) -> None:
    """Add the ``compliance`` sub-command."""
    p = subparsers.add_parser(
        "compliance", help="一次：某月各村、网格、党员的走访情况和未走访的农户",
        description="统计某月每名党员是否走访了其联系的每一户（当月联户期间由本人走访才算），"
                    "按村、网格、党员列出走访率和未走访的农户，并列出联系点干部当月到网格的次数。")
    p.add_argument("--month", metavar="YYYY-MM", required=True, help="月份，如 2025-03")
    p.add_argument("--village", metavar="NAME", help="只统计这个村")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=run_compliance)


def run_compliance(args) -> int:
    from lianhu_desktop.domain import compliance, contact_points
    from lianhu_desktop.domain.villages import find_village

    month = compliance.parse_month(args.month)
    common.open_db(args)
    village_id = find_village(args.village).id if args.village else None
    report = compliance.monthly_compliance(month, village_id)
    points = contact_points.contact_point_month(month, village_id)
    for village in report["villages"]:
        village["contact_points"] = [p for p in points if p["village_id"] == village["village_id"]]
    if args.json:
        common.print_json(report)
        return 0
    print(compliance.format_compliance(report))
    if points:
        print("\n联系点（每月应到网格 2 次）：")
        for p in points:
            state = "达标" if p["met"] else "未达标"
            print(f"  {p['member_name']} — {p['grid_name']}：本月到网格 {p['visit_days']} 天"
                  f"（走访 {p['visits']} 次），{state}")
    return 0
