"""Monthly compliance (一次) and the year's matrix, checked against a naive count in Python."""

import datetime
from collections import defaultdict

import pytest

from lianhu_desktop.domain import compliance, demo, stats
from lianhu_desktop.domain.contact_points import add_contact_point, contact_point_month, list_contact_points, \
    remove_contact_point
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.store.models import ChangeLog, Household, Link, Visit
from tests.unit.linkfixtures import grids, household, member

D = datetime.date
TODAY = D(2026, 11, 21)


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def naive_month(month: datetime.date):
    """Every link, visit and household read into Python and counted the plain way."""
    start, end = month_start(month), next_month(month)
    houses = {h.id: h for h in Household.select()}
    visits = [(v.member_id, v.household_id, v.date) for v in Visit.select()]
    pairs = defaultdict(int)  # (member, household) → visited
    for link in Link.select():
        h = houses[link.household_id]
        if not (link.start_date < end and (link.end_date is None or link.end_date > start)):
            continue
        if h.archived and not (h.archived_on and h.archived_on >= start):
            continue
        done = any(m == link.member_id and hh == link.household_id and start <= d < end
                   and d >= link.start_date and (link.end_date is None or d < link.end_date)
                   for m, hh, d in visits)
        pairs[(link.member_id, link.household_id)] |= done
    by_household = defaultdict(int)
    for (_mid, hid), done in pairs.items():
        by_household[hid] |= done
    members = defaultdict(lambda: [0, 0])
    for (mid, _hid), done in pairs.items():
        members[mid][0] += 1
        members[mid][1] += done
    villages = defaultdict(lambda: [0, 0, set()])
    grids_ = defaultdict(lambda: [0, 0])
    for hid, done in by_household.items():
        h = houses[hid]
        villages[h.village_id][0] += 1
        villages[h.village_id][1] += done
        if not done:
            villages[h.village_id][2].add(hid)
        grids_[(h.village_id, h.grid_id)][0] += 1
        grids_[(h.village_id, h.grid_id)][1] += done
    return villages, grids_, members


def assert_matches_naive(month):
    report = compliance.monthly_compliance(month)
    villages, grids_, members = naive_month(month)
    for village in report["villages"]:
        expected = villages.get(village["village_id"], [0, 0, set()])
        assert (village["households"], village["visited"]) == (expected[0], expected[1])
        assert set(village["not_visited"]) == expected[2]
        assert len(village["not_visited"]) == village["not_visited_count"]
        for grid in village["grids"]:
            assert [grid["households"], grid["visited"]] == grids_[(village["village_id"], grid["grid_id"])]
        for m in village["members"]:
            assert [m["linked"], m["visited"]] == members[m["member_id"]], m["name"]
    assert sum(len(v["members"]) for v in report["villages"]) == len(members)
    return report


@pytest.fixture
def small(village):
    """Two members, five households, links that start, end and move within October 2026."""
    g1, g2 = grids(village)[:2]
    a = member(village, "张三", grid=g1, is_committee=True)
    b = member(village, "李四", grid=g2)
    h = [household(village, door, grid=g1 if door <= 3 else g2) for door in range(1, 6)]
    Link.create(member=a, household=h[0], start_date=D(2026, 1, 1))
    Link.create(member=a, household=h[1], start_date=D(2026, 1, 1))
    # h3 moves from a to b on 15 October: each is expected for it in October.
    Link.create(member=a, household=h[2], start_date=D(2026, 1, 1), end_date=D(2026, 10, 15))
    Link.create(member=b, household=h[2], start_date=D(2026, 10, 15))
    Link.create(member=b, household=h[3], start_date=D(2026, 10, 20))  # linked late in October
    Link.create(member=b, household=h[4], start_date=D(2026, 11, 2))  # not yet in October
    visits = [
        (a, h[0], D(2026, 10, 3)),  # counts
        (a, h[1], D(2026, 9, 30)),  # September: h2 not visited in October
        (a, h[2], D(2026, 10, 16)),  # after a's link ended: not a's 一次
        (b, h[3], D(2026, 10, 5)),  # before b's link began: not counted
        (b, h[4], D(2026, 10, 25)),  # no link in October
        (b, h[0], D(2026, 10, 8)),  # b is not h1's member
    ]
    for m, hh, day in visits:
        Visit.create(village=village, member=m, household=hh, date=day)
    return {"a": a, "b": b, "h": h, "grids": (g1, g2)}


def test_month_figures_of_a_small_village(small):
    report = assert_matches_naive(D(2026, 10, 1))
    village = report["villages"][0]
    h = small["h"]
    assert (village["households"], village["visited"]) == (4, 1)
    assert village["not_visited"] == [h[1].id, h[2].id, h[3].id]
    by_name = {m["name"]: m for m in village["members"]}
    assert (by_name["张三"]["linked"], by_name["张三"]["visited"], by_name["张三"]["rate"]) == (3, 1, 33.3)
    assert (by_name["李四"]["linked"], by_name["李四"]["visited"], by_name["李四"]["rate"]) == (2, 0, 0.0)
    missed = {x["household_id"]: [m["name"] for m in x["members"]] for x in village["not_visited_households"]}
    assert missed[h[2].id] == ["张三", "李四"]  # both were its members in October, in roster order
    assert [g["visited"] for g in village["grids"]] == [1, 0]
    assert report["totals"]["members_with_unvisited"] == 2


def test_archived_household_counts_until_it_was_archived(small):
    h = small["h"][1]
    Household.update(archived=True, archived_on=D(2026, 10, 10)).where(Household.id == h.id).execute()
    assert h.id in assert_matches_naive(D(2026, 10, 1))["villages"][0]["not_visited"]
    assert h.id not in assert_matches_naive(D(2026, 11, 1))["villages"][0]["not_visited"]


def test_year_matrix_marks_missing_months(small):
    matrix = compliance.year_matrix(small["a"].village_id, 2026, today=TODAY)
    rows = {(r.member_name, r.household_id): r for r in matrix.rows}
    h = small["h"]
    a_h1 = rows[("张三", h[0].id)]
    assert a_h1.states[9] == compliance.VISITED and a_h1.counts[9] == 1
    assert a_h1.states[0] == compliance.MISSING
    assert a_h1.states[10] == compliance.OPEN and a_h1.states[11] == compliance.FUTURE
    assert rows[("张三", h[1].id)].states[8] == compliance.VISITED
    a_h3 = rows[("张三", h[2].id)]
    assert a_h3.states[9] == compliance.MISSING and a_h3.states[10] == compliance.NOT_LINKED
    b_h4 = rows[("李四", h[3].id)]
    assert b_h4.states[:9] == [compliance.NOT_LINKED] * 9 and b_h4.states[9] == compliance.MISSING
    assert rows[("李四", h[4].id)].states[9] == compliance.NOT_LINKED
    # Rows of one member stay together, in the roster order.
    names = [r.member_name for r in matrix.rows]
    assert names == sorted(names, key=lambda n: names.index(n))


def matrix_matches_month(village_id, year, today):
    """Each month gone by: the matrix's visited cells are the month's visited pairs."""
    matrix = compliance.year_matrix(village_id, year, today=today)
    for month in range(12):
        day = D(year, month + 1, 1)
        if day > today:
            break
        report = compliance.monthly_compliance(day, village_id)["villages"][0]
        expected = sum(m["linked"] for m in report["members"])
        visited = sum(m["visited"] for m in report["members"])
        cells = [r for r in matrix.rows if r.expected[month]]
        assert len(cells) == expected == matrix.expected[month]
        assert sum(1 for r in cells if r.counts[month]) == visited == matrix.visited[month]


def test_matrix_agrees_with_the_months(small):
    matrix_matches_month(small["a"].village_id, 2026, TODAY)


def test_demo_village_matches_the_naive_count(db):
    demo.generate("village", seed=5, today=TODAY)
    for month in (D(2026, 1, 1), D(2026, 6, 1), D(2026, 10, 1), D(2026, 11, 1)):
        report = assert_matches_naive(month)
        assert report["villages"][0]["households"] > 100
        assert 0 < report["totals"]["not_visited_count"] < report["totals"]["households"]
    village_id = report["villages"][0]["village_id"]
    matrix_matches_month(village_id, 2026, TODAY)


def test_parse_month_refuses_bad_text():
    for good in ("2026-03", "2026-3", "2026/3", "2026.03", "2026年3月"):
        assert compliance.parse_month(good) == D(2026, 3, 1)
    for bad in ("2026-13", "2026", "三月", "", "1999-01"):
        with pytest.raises(ValidationError, match="月份"):
            compliance.parse_month(bad)


def test_contact_points_count_visit_days_in_the_grid(small):
    a, b, h = small["a"], small["b"], small["h"]
    g1, _g2 = small["grids"]
    with pytest.raises(ValidationError, match="支委"):
        add_contact_point(b.id, g1.id, D(2026, 1, 1))
    point = add_contact_point(a.id, g1.id, D(2026, 1, 1))
    with pytest.raises(ValidationError, match="已把"):
        add_contact_point(a.id, g1.id, D(2026, 2, 1))
    assert [p.grid_name for p in list_contact_points(a.village_id)][0] == g1.name
    Visit.create(village=a.village_id, member=a, household=h[1], date=D(2026, 10, 3))  # same day as h1's
    Visit.create(village=a.village_id, member=a, household=h[3], date=D(2026, 10, 9))  # another grid
    (row,) = contact_point_month(D(2026, 10, 1), a.village_id)
    # Visits in grid 1 by 张三 in October: 3rd (two households) and 16th → two days, three visits.
    assert (row["visit_days"], row["visits"], row["expected"], row["met"]) == (2, 3, 2, True)
    (row,) = contact_point_month(D(2026, 9, 1), a.village_id)
    assert (row["visit_days"], row["met"]) == (1, False)
    assert ChangeLog.select().where(ChangeLog.table == "contact_point").count() == 1
    remove_contact_point(point.id)
    assert list_contact_points(a.village_id) == []
    assert ChangeLog.select().where((ChangeLog.table == "contact_point") & (ChangeLog.action == "删除")).count() == 1


def test_year_activity_matches_a_naive_count(db):
    from lianhu_desktop.domain.activity import year_activity
    from lianhu_desktop.domain.vocab import DUTIES
    from lianhu_desktop.store.models import Request

    demo.generate("village", seed=6, today=TODAY)
    activity = year_activity(2026, None, TODAY)
    visits = [v for v in Visit.select() if v.date.year == 2026]
    assert activity["visits"]["total"] == len(visits)
    for form, count in activity["visits"]["by_form"].items():
        assert count == sum(1 for v in visits if v.form == form)
    for bit, duty in enumerate(DUTIES):
        assert activity["visits"]["by_duty"][duty] == sum(1 for v in visits if v.duties & (1 << bit))
    dates = {v.id: v.date for v in Visit.select()}
    requests = [r for r in Request.select()
                if (r.raised_on or dates.get(r.visit_id) or r.created_at.date()).year == 2026]
    figures = activity["requests"]
    assert figures["total"] == len(requests) > 0
    due = [r for r in requests if r.deadline and (r.done_on or r.deadline < TODAY)]
    assert figures["with_deadline_due"] == len(due)
    assert figures["on_time"] == sum(1 for r in due if r.done_on and r.done_on <= r.deadline)
    assert figures["overdue"] == sum(1 for r in requests if r.deadline and r.deadline < TODAY and not r.done_on)
    assert sum(figures["by_state"].values()) == len(requests)
    fed_back = [r for r in requests if r.feedback_on and r.satisfaction]
    assert figures["satisfaction"] == {answer: sum(1 for r in fed_back if r.satisfaction == answer)
                                       for answer in ("满意", "基本满意", "不满意")}
    assert figures["fed_back"] == len(fed_back) > figures["satisfaction"]["不满意"] > 0
    satisfied = sum(1 for r in fed_back if r.satisfaction != "不满意")
    assert (figures["satisfied"], figures["satisfied_percent"]) == (satisfied, stats.percent(satisfied, len(fed_back)))
    # The year's compliance is the matrix's cells summed.
    (village,) = activity["compliance"]["villages"]
    matrix = compliance.year_matrix(village["village_id"], 2026, today=TODAY)
    assert (village["expected"], village["visited"]) == (sum(matrix.expected), sum(matrix.visited))
    assert [m[0] for m in village["months"]] == matrix.expected


def test_pairings_are_a_figure_of_their_own_beside_the_links(small):
    from lianhu_desktop.domain import monthly
    from lianhu_desktop.store.models import Member, Pairing

    a, b, h = small["a"], small["b"], small["h"]
    stranger = household(small["a"].village, 9, grid=small["grids"][0], head="困难户主")
    Pairing.create(member=a, household=stranger, year=2026, goals="增收")
    Pairing.create(member=b, household=h[0], year=2026, goals="危房改造")  # linked to a, helped by b
    Pairing.create(member=a, household=h[1], year=2025, goals="去年的")  # another year: not expected
    Visit.create(village=a.village, member=a, household=stranger, date=D(2026, 10, 12))
    before = compliance.monthly_compliance(D(2026, 10, 1))
    report = assert_matches_naive(D(2026, 10, 1))  # the links' figure is as it was
    assert report["totals"]["households"] == before["totals"]["households"] == 4
    village = report["villages"][0]
    assert village["pairings"] == {"expected": 2, "visited": 2, "not_visited_count": 0, "rate": 100.0}
    # b's visit to h1 on 8 October is no link's 一次, but it is the pairing's.
    lines = {line["household_id"]: line for line in village["pairing_lines"]}
    assert (lines[stranger.id]["visits"], lines[h[0].id]["member_name"]) == (1, "李四")
    members = {m["name"]: m for m in village["members"]}
    assert (members["张三"]["paired"], members["张三"]["paired_visited"]) == (1, 1)
    november = compliance.monthly_compliance(D(2026, 11, 1))["villages"][0]
    assert november["pairings"]["not_visited_count"] == 2
    assert [line["visited"] for line in november["pairing_lines"]] == [False, False]
    # An archived helper is expected until the month of archiving.
    Member.update(archived=True, archived_on=D(2026, 11, 5)).where(Member.id == b.id).execute()
    assert compliance.monthly_compliance(D(2026, 12, 1))["totals"]["pairings"]["expected"] == 1
    assert "结对帮扶：2 户" in compliance.format_compliance(compliance.monthly_compliance(D(2026, 11, 1)))
    # The monthly report reads the same figures.
    paper = monthly.monthly_report(a.village_id, D(2026, 11, 1), today=TODAY)
    assert (paper.pairings, paper.pairings_visited) == (2, 0)
    assert {line.household for line in paper.pairings_not_visited} == {"困难户主（9号）", "户主1（1号）"}
    assert {line.last_visit for line in paper.pairings_not_visited} == {D(2026, 10, 12), D(2026, 10, 8)}


def test_the_monthly_reports_households_not_visited_are_the_compliance_ones(small):
    from lianhu_desktop.domain import monthly

    october = D(2026, 10, 1)
    figures = compliance.monthly_compliance(october)["villages"][0]
    paper = monthly.monthly_report(small["a"].village_id, october, today=TODAY)
    expected = {(h["name"], m["name"]) for h in figures["not_visited_households"] for m in h["members"]}
    assert {(line.household, line.member) for line in paper.not_visited} == expected
    # h3 moved from 张三 to 李四 in October: both are behind on it; the links that stood in the month count.
    assert ("户主3（3号）", "张三") in expected and ("户主3（3号）", "李四") in expected
    rows = {m.name: m for m in paper.members}
    assert (rows["张三"].linked, rows["张三"].visited) == (3, 1)
    assert (rows["李四"].linked, rows["李四"].visited) == (2, 0)
    assert paper.households == figures["households"] + 1  # 户主3 counts for each of its two members


def test_a_link_with_more_visits_than_a_packed_month_holds_is_counted_exactly(small):
    """A pair visited 40 times in March (more than the 31 a packed month field holds) is
    counted month by month: the matrix shows 40 and its neighbours are untouched."""
    a, h = small["a"], small["h"]
    Visit.insert_many([{"village": a.village_id, "member": a, "household": h[0], "date": D(2026, 3, 1 + i % 28)}
                       for i in range(40)]).execute()
    Visit.create(village=a.village_id, member=a, household=h[0], date=D(2026, 4, 2))
    matrix = compliance.year_matrix(a.village_id, 2026, today=TODAY)
    row = next(r for r in matrix.rows if (r.member_id, r.household_id) == (a.id, h[0].id))
    assert row.counts[1:4] == [0, 40, 1] and row.counts[9] == 1
    assert [row.states[m] for m in (1, 2, 3)] == [compliance.MISSING, compliance.VISITED, compliance.VISITED]
    village = compliance.year_compliance(2026, a.village_id, today=TODAY)[0]
    assert village["months"][2][1] == matrix.visited[2] and village["months"][3][1] == matrix.visited[3]
    matrix_matches_month(a.village_id, 2026, TODAY)


def test_year_compliance_sums_the_matrix(small):
    matrix = compliance.year_matrix(small["a"].village_id, 2026, today=TODAY)
    village = compliance.year_compliance(2026, small["a"].village_id, today=TODAY)[0]
    assert [e for e, _ in village["months"]] == matrix.expected
    assert [v for _, v in village["months"]] == matrix.visited
