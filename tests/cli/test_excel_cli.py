"""``lianhu template | import | export`` end to end: exit codes, messages, files."""

import json

import openpyxl
import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.store import db as store_db
from tests.unit.test_excel_import import ID1, good_rows, messy_roster
from tests import pgserver


@pytest.fixture
def db_file(tmp_path):
    from lianhu_desktop.domain.villages import create_village

    path = pgserver.new_database(tmp_path, "cli.db")
    store_db.open_database(path, create=True)
    create_village("李家庄村", township="城关镇", grids=3)
    store_db.close_database()
    return path


def run(db_file, *args):
    return main(["--db", str(db_file), *map(str, args)])


def count(db_file, table):
    store_db.open_database(db_file)
    try:
        return store_db.table_counts()[table]
    finally:
        store_db.close_database()


def test_template_then_import_of_the_empty_template(db_file, tmp_path, capsys):
    out = tmp_path / "模板.xlsx"
    assert run(db_file, "template", "roster", out) == 0
    assert out.exists() and "导入模板" in capsys.readouterr().out
    assert run(db_file, "import", "roster", out, "--json") == 0
    assert json.loads(capsys.readouterr().out)["rows"] == 0


def test_import_json_and_reimport(db_file, tmp_path, capsys):
    path = messy_roster(tmp_path / "r.xlsx", good_rows())
    assert run(db_file, "import", "roster", path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"kind": "roster", "rows": 4, "imported": 4, "updated": 0, "unchanged": 0,
                    "rejected": [], "written": True}
    assert run(db_file, "import", "roster", path) == 0
    out = capsys.readouterr().out
    assert "无变化 4" in out and count(db_file, "member") == 4


def test_rejected_rows_exit_1_write_nothing_and_the_errors_file(db_file, tmp_path, capsys):
    rows = good_rows()
    rows[0][2] = float(ID1)
    path = messy_roster(tmp_path / "r.xlsx", rows)
    errors = tmp_path / "错误.xlsx"
    assert run(db_file, "import", "roster", path, "--errors", errors, "--json") == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["written"] is False and data["rejected"][0]["row"] == 5
    assert "未写入任何数据" in captured.err and "--skip-invalid" in captured.err
    assert count(db_file, "member") == 0
    sheet = openpyxl.load_workbook(errors).active
    assert sheet.cell(1, sheet.max_column).value == "错误原因"
    assert "文本" in sheet.cell(2, sheet.max_column).value


def test_dry_run_and_skip_invalid(db_file, tmp_path, capsys):
    rows = good_rows()
    rows[0][2] = "1.10101E+17"
    path = messy_roster(tmp_path / "r.xlsx", rows)
    assert run(db_file, "import", "roster", path, "--dry-run") == 1
    assert "已检查，未写入" in capsys.readouterr().err and count(db_file, "member") == 0
    assert run(db_file, "import", "roster", path, "--skip-invalid") == 0
    out = capsys.readouterr().out
    assert "新增 3" in out and "第 5 行" in out and count(db_file, "member") == 3


def test_export_masked_and_full(db_file, tmp_path, capsys):
    run(db_file, "import", "roster", messy_roster(tmp_path / "r.xlsx", good_rows()))
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    assert run(db_file, "export", "roster", masked) == 0
    assert "隐去" in capsys.readouterr().out
    assert run(db_file, "export", "roster", full, "--full-id", "--village", "李家庄村") == 0
    values = {c.value for row in openpyxl.load_workbook(full).active for c in row}
    assert ID1 in values
    values = {c.value for row in openpyxl.load_workbook(masked).active for c in row}
    assert ID1 not in values
    capsys.readouterr()
    assert run(db_file, "import", "roster", full, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["unchanged"], data["written"]) == (4, False)
    assert run(db_file, "export", "households", tmp_path / "h.xlsx") == 0


def test_village_choice(db_file, tmp_path, capsys):
    from lianhu_desktop.domain.villages import create_village

    store_db.open_database(db_file)
    create_village("王家沟村", township="城关镇")
    store_db.close_database()
    path = messy_roster(tmp_path / "r.xlsx", good_rows())
    assert run(db_file, "import", "roster", path) == 1
    err = capsys.readouterr().err
    assert "--village" in err and "李家庄村" in err and "王家沟村" in err
    assert run(db_file, "import", "roster", path, "--village", "张村") == 1
    assert "没有名为“张村”的村" in capsys.readouterr().err
    assert run(db_file, "import", "roster", path, "--village", "王家沟村") == 0


def test_usage_and_database_problems(db_file, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(db_file, "import", "members", tmp_path / "x.xlsx")
    assert exit_info.value.code == 2
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "missing.db"), "import", "roster", str(tmp_path / "x.xlsx")]) == 3
    assert run(db_file, "import", "roster", tmp_path / "x.xlsx") == 1
    assert "找不到文件" in capsys.readouterr().err
