"""The shared rules (active link, active member/household, visited this month) have one home."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab import rl_config

import lianhu_desktop
from lianhu_desktop.domain import demo, rules
from lianhu_desktop.domain.linkboard import link_notice, load_board
from lianhu_desktop.reports import linklist
from lianhu_desktop.store.models import Link, Member, Visit, database

PACKAGE = Path(lianhu_desktop.__file__).parent
TODAY = datetime.date(2026, 3, 15)

# The rules written out by hand: SQL text and peewee alike.
RAW_RULES = {
    "active link": re.compile(r"end_date\s+IS\s+NULL|end_date\s*\.\s*is_null\s*\(", re.IGNORECASE),
    "archived flag": re.compile(r"\barchived\s*(=|==|<>|!=|IS)\s*(0|1|TRUE|FALSE)\b", re.IGNORECASE),
}


def _sources():
    for layer in ("domain", "excel", "reports", "store"):
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            relative = path.relative_to(PACKAGE).as_posix()
            # Applied migrations are history: their SQL must stay as it ran.
            if relative == "domain/rules.py" or relative.startswith("store/migrations/"):
                continue
            yield relative, path.read_text(encoding="utf-8")


def test_rules_are_written_only_in_the_rules_module():
    found = [f"{name}: {rule}: {line.strip()}"
             for name, source in _sources()
             for line in source.splitlines()
             for rule, pattern in RAW_RULES.items() if pattern.search(line)]
    assert found == [], "use lianhu_desktop.domain.rules instead:\n" + "\n".join(found)


def test_the_guard_sees_the_patterns_it_forbids():
    samples = ["LEFT JOIN link l ON l.household_id = h.id AND l.end_date IS NULL",
               "Link.end_date.is_null()", "WHERE h.archived = 0", "Member.archived == False",
               "m.archived = TRUE"]
    for sample in samples:
        assert any(p.search(sample) for p in RAW_RULES.values()), sample
    assert not any(p.search("archive_reason = ''") for p in RAW_RULES.values())


def test_report_modules_run_no_queries():
    for path in sorted((PACKAGE / "reports").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [m for m in imported if m.startswith("lianhu_desktop.store")], path.name
        assert "execute_sql" not in path.read_text(encoding="utf-8"), path.name


def test_fragments_and_expressions_say_the_same(village):
    from tests.unit.linkfixtures import household, member

    from lianhu_desktop.domain.linking import end_link, link_households

    wang = member(village, "王建国")
    first, second = household(village, 1), household(village, 2)
    link_households(wang.id, [first.id, second.id], start=datetime.date(2026, 1, 5))
    end_link(second.id, "搬迁", datetime.date(2026, 2, 1))
    sql = f"SELECT l.household_id FROM link l WHERE {rules.active_link()}"
    assert [r[0] for r in database.execute_sql(sql)] == [first.id]
    assert [link.household_id for link in Link.select().where(rules.link_is_active())] == [first.id]
    count = database.execute_sql(f"SELECT {rules.active_link_count()} FROM member m").fetchone()[0]
    assert count == 1
    Member.update(archived=True).where(Member.id == wang.id).execute()
    assert database.execute_sql(f"SELECT COUNT(*) FROM member m WHERE {rules.active_member()}").fetchone()[0] == 0
    assert database.execute_sql(f"SELECT COUNT(*) FROM member m WHERE {rules.archived('m')}").fetchone()[0] == 1
    assert Member.select().where(rules.member_is_active()).count() == 0


@pytest.mark.parametrize("day, start, end", [
    (datetime.date(2026, 3, 15), datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)),
    (datetime.date(2026, 12, 31), datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)),
    (datetime.date(2024, 1, 31), datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)),
])
def test_month_bounds(day, start, end):
    assert rules.month_bounds(day) == (start, end)


def test_visited_this_month_counts_visits_of_the_month_only(village):
    from tests.unit.linkfixtures import household, member

    from lianhu_desktop.domain.linking import link_households

    wang = member(village, "王建国")
    homes = [household(village, n) for n in (1, 2, 3, 4)]
    link_households(wang.id, [h.id for h in homes], start=datetime.date(2026, 1, 5))
    for home, day in zip(homes, (datetime.date(2026, 3, 1), datetime.date(2026, 2, 28), datetime.date(2026, 4, 1))):
        Visit.create(village=village, member=wang, household=home, date=day)
    board = load_board(village.id, TODAY)
    visited = {row.door_number: row.visited_this_month for grid in board.grids for row in grid.tiles}
    # The 1st of the month counts; the last day before it and the 1st of the next do not.
    assert visited == {"1号": True, "2号": False, "3号": False, "4号": False}
    assert board.overdue == 3


@pytest.fixture
def demo_village(db):
    demo.generate("village", seed=7, today=TODAY)
    return database.execute_sql("SELECT id FROM village").fetchone()[0]


def test_link_notice_of_the_demo_village_matches_the_database(demo_village, tmp_path):
    notice = link_notice(demo_village)
    # The counts as the list computed them before it took its rows from the domain.
    households, linked = database.execute_sql(
        "SELECT COUNT(*), COUNT(l.id) FROM household h LEFT JOIN link l ON l.household_id = h.id "
        "AND l.end_date IS NULL WHERE h.village_id = ? AND h.archived = FALSE", [demo_village]).fetchone()
    assert (notice.households, notice.linked) == (households, linked)
    assert 0 < linked <= households
    members = database.execute_sql(
        "SELECT m.name FROM member m LEFT JOIN party_group pg ON pg.id = m.party_group_id "
        "WHERE m.village_id = ? AND m.archived = FALSE ORDER BY pg.name IS NULL, pg.id, m.name_sort, m.id",
        [demo_village]).fetchall()
    assert [row["name"] for row in notice.members] == [name for (name,) in members]

    previous, rl_config.invariant = rl_config.invariant, 1
    try:
        path = tmp_path / "list.pdf"
        pages = linklist.build(path, demo_village, today=TODAY)
    finally:
        rl_config.invariant = previous
    text = "".join(page.extract_text() for page in PdfReader(str(path)).pages).replace("\n", "")
    assert pages >= 2
    assert f"党员{len(members)}名" in text and f"全村农户{households}户" in text
    assert f"覆盖率{100 * linked / households:.1f}%" in text
    assert notice.village.name in text and notice.village.supervision_phone in text
