"""The benchmark suite's registry and a cheap run of it (no figure is asserted: CI only shows it runs)."""

from __future__ import annotations

import json

import pytest

from bench import suite
from bench.common import summary


def test_every_measurement_has_a_name_a_budget_a_check_and_a_run():
    names = [m.name for m in suite.MEASUREMENTS]
    assert len(names) == len(set(names))
    for measurement in suite.MEASUREMENTS:
        assert measurement.name.isidentifier(), measurement.name
        assert measurement.operation and measurement.budget.strip(), measurement.name
        assert any(mark in measurement.budget for mark in ("≤", "≥")), measurement.budget
        assert callable(measurement.check) and callable(measurement.run), measurement.name
    assert any(m.cheap for m in suite.MEASUREMENTS)


def test_the_issue_s_operations_are_all_measured():
    wanted = {"cold_start", "tabs", "search", "sort_households", "sort_visits", "coverage", "compliance", "stats",
              "appraisal", "import", "export", "doorplates", "handbooks", "demo", "memory"}
    assert wanted <= set(suite.BY_NAME)


@pytest.mark.parametrize(("samples", "baseline", "check", "met"), [
    ([0.10, 0.12, 0.30], None, suite._budget(0.2), True),     # the median counts, not the worst run
    ([0.25, 0.26, 0.27], None, suite._budget(0.2), False),
    ([1.0, 1.1, 1.2], [0.5, 0.5, 0.5], suite._budget(1.2, ratio=3.0), True),
    ([1.0, 1.1, 1.2], [0.3, 0.3, 0.3], suite._budget(1.2, ratio=3.0), False),  # 3.7 × the baseline
    ([2.0, 2.0, 2.0], [1.8, 1.8, 1.8], suite._ratio(1.1), False),
    ([510.0, 490.0, 520.0], None, suite._at_least(500), True),
])
def test_budget_checks(samples, baseline, check, met):
    assert check(suite.Row("x", "s", samples, baseline)) is met


def test_p95_is_the_nearest_rank():
    values = [i / 100 for i in range(1, 21)]  # 20 samples: the 19th is the 95th percentile
    assert summary(values)["p95"] == 0.19
    assert summary([0.3])["p95"] == 0.3


def test_unknown_measurement_is_refused(capsys):
    with pytest.raises(SystemExit):
        suite.main(["--only", "no_such_thing"])
    assert "known:" in capsys.readouterr().err


def test_quick_run_of_cheap_measurements(tmp_path, capsys):
    cheap = [m.name for m in suite.MEASUREMENTS if m.cheap]
    out = tmp_path / "results.json"
    code = suite.main(["--quick", "--only", *cheap, "appraisal", "--cache", str(tmp_path / "cache"),
                       "--json", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    results = json.loads(out.read_text())
    assert results["scale"] == "village" and results["runs"] == 3 and results["demo"]["villages"] == 1
    by_name = {r["name"]: r for r in results["results"]}
    for name in cheap:
        row = by_name[name]
        assert row["status"] == "ok" and len(row["samples"]) == 3 and row["met"] in (True, False), row
        assert row["operation"] in printed
    # The appraisal totals: on the demo as built, and on a copy with every score and ballot entered.
    totals = [r for r in results["results"] if r["name"] == "appraisal"]
    assert [r["status"] for r in totals] == ["ok", "ok"], totals
    assert "before the meeting" in totals[0]["operation"] and "ballots entered" in totals[1]["operation"]
    assert all(len(r["samples"]) == 3 and r["detail"]["members"] > 0 for r in totals)
