"""The CLI end to end, on temporary databases."""

import json
import os
import subprocess
import sys

import pytest

from lianhu_desktop.cli import main
from tests import pgserver


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = pgserver.new_database(tmp_path_factory.mktemp("demo"), "demo.db")
    assert main(["--db", str(path), "demo", "--seed", "7"]) == 0
    return path


@pytest.fixture
def demo_copy(demo_db, tmp_path):
    return pgserver.copy_of(demo_db, tmp_path, "copy.db")


def test_stats_json_has_the_township_report(demo_db, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo_db), "stats", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    structure = report["structure"]
    assert 40 <= structure["members"] <= 80
    assert report["branches"] == 1 and report["villages"][0]["households"] >= 300
    for key in ("women", "ethnic_minorities", "under_45", "senior_high_or_above", "at_home", "migrant"):
        assert 0 <= structure[key]["percent"] <= 100
    assert sum(t["count"] for t in structure["by_tier"].values()) == structure["members"]
    assert report["household_structure"]["linked"]["percent"] == 100.0


def test_stats_text_is_chinese(demo_db, capsys):
    assert main(["--db", str(demo_db), "stats"]) == 0
    out = capsys.readouterr().out
    assert "党员总数" in out and "女党员" in out


def test_missing_named_database_is_exit_3_and_not_created(tmp_path, capsys):
    path = tmp_path / "missing.db"
    assert main(["--db", str(path), "stats"]) == 3
    assert "不存在" in capsys.readouterr().err
    assert not path.exists()


def test_env_variable_names_the_database(demo_db, monkeypatch, capsys):
    monkeypatch.setenv("LIANHU_DB", str(demo_db))
    assert main(["check", "--json"]) == 0
    expected = demo_db if pgserver.ON_SERVER else str(demo_db.resolve())  # a URL is shown as given
    assert json.loads(capsys.readouterr().out)["database"] == expected


def test_demo_refuses_a_filled_database_unless_forced(demo_copy, capsys):
    assert main(["--db", str(demo_copy), "demo"]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["--db", str(demo_copy), "demo", "--force", "--seed", "3"]) == 0


def test_check_reports_integrity_and_counts(demo_db, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo_db), "check", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is True and result["problems"] == []
    assert result["counts"]["member"] >= 40 and result["counts"]["visit"] > 1000


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["nonsense"])
    assert caught.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_unknown_village_is_a_users_mistake(demo_db, capsys):
    assert main(["--db", str(demo_db), "stats", "--village", "不存在村"]) == 1
    assert "没有名为" in capsys.readouterr().err


@pgserver.sqlite_only
def test_backup_and_restore(demo_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LIANHU_DB", str(demo_copy))
    backup = tmp_path / "backup.db"
    assert main(["backup", str(backup)]) == 0 and backup.exists()
    assert main(["restore", str(backup)]) == 1  # needs --yes
    assert main(["restore", str(backup), "--yes"]) == 0
    # The replaced database is kept beside the data it belongs to, not in the per-user folder.
    assert list((demo_copy.parent / "backups").glob("恢复前自动备份_*.db"))
    assert main(["restore", str(tmp_path / "none.db"), "--yes"]) == 1
    assert "备份文件不存在" in capsys.readouterr().err


def test_python_dash_m_and_smoke_test(demo_db):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "lianhu_desktop", "--version"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0 and "联户通" in result.stdout
    result = subprocess.run([sys.executable, "-m", "lianhu_desktop", "--db", str(demo_db), "--smoke-test"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr


def test_smoke_test_on_a_missing_file_exits_3(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "lianhu_desktop", "--db", str(tmp_path / "x.db"),
                             "--smoke-test"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 3
    assert "不存在" in result.stderr
