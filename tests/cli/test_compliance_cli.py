"""``lianhu compliance`` and the visits part of ``lianhu check``, against the domain's own count."""

import datetime
import json

import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.domain import compliance
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Request
from tests import pgserver


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = pgserver.new_database(tmp_path_factory.mktemp("demo"), "demo.db")
    assert main(["--db", str(path), "demo", "--seed", "4"]) == 0
    return path


def this_month() -> str:
    return datetime.date.today().strftime("%Y-%m")


def test_compliance_json_per_village_and_member(demo_db, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo_db), "compliance", "--month", this_month(), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (village,) = report["villages"]
    assert village["households"] >= 300
    assert village["visited"] + len(village["not_visited"]) == village["households"]
    assert all(isinstance(h, int) for h in village["not_visited"])
    for member in village["members"]:
        assert 0 <= member["visited"] <= member["linked"]
        assert member["rate"] == round(100 * member["visited"] / member["linked"], 1)
    assert sum(m["linked"] for m in village["members"]) >= village["households"]
    assert "contact_points" in village


def test_compliance_text_and_a_bad_month(demo_db, capsys):
    assert main(["--db", str(demo_db), "compliance", "--month", this_month()]) == 0
    assert "走访率" in capsys.readouterr().out
    assert main(["--db", str(demo_db), "compliance", "--month", "2026-13"]) != 0
    assert "月份" in capsys.readouterr().err


def test_check_json_has_the_months_visits_and_requests(demo_db, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo_db), "check", "--json"]) == 0
    visits = json.loads(capsys.readouterr().out)["visits"]
    store_db.open_database(demo_db)
    try:
        today = datetime.date.today()
        month = compliance.monthly_compliance(today)["totals"]
        requests = list(Request.select())
        overdue = sum(1 for r in requests if r.deadline and r.deadline < today and r.done_on is None)
        unfed = sum(1 for r in requests if r.done_on and r.feedback_on is None)
    finally:
        store_db.close_database()
    assert visits["month"] == this_month()
    assert visits["not_visited"] == month["not_visited_count"]
    assert (visits["overdue_requests"], visits["not_fed_back"]) == (overdue, unfed)


def test_stats_json_has_the_years_activity(demo_db, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo_db), "stats", "--json"]) == 0
    activity = json.loads(capsys.readouterr().out)["activity"]
    assert activity["year"] == datetime.date.today().year
    assert activity["visits"]["total"] == sum(activity["visits"]["by_form"].values()) > 0
    assert set(activity["visits"]["by_duty"]) >= {"宣传政策", "应急救援"}
    assert 0 <= activity["requests"]["on_time_percent"] <= 100
    requests = activity["requests"]
    assert set(requests["satisfaction"]) == {"满意", "基本满意", "不满意"}
    assert requests["fed_back"] == sum(requests["satisfaction"].values()) > 0
    assert requests["satisfied"] == requests["satisfaction"]["满意"] + requests["satisfaction"]["基本满意"]
    assert 0 < requests["satisfied_percent"] <= 100
    (village,) = activity["compliance"]["villages"]
    assert 0 < village["visited"] <= village["expected"]
    assert main(["--db", str(demo_db), "stats"]) == 0
    out = capsys.readouterr().out
    assert "每月走访（一次）完成率" in out and f"满意率（满意与基本满意）{requests['satisfied_percent']}%" in out
