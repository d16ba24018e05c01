"""``lianhu print`` end to end on the demo village."""


import pytest

from lianhu_desktop.cli import main
from tests.unit import printdata


@pytest.mark.parametrize("kind,layout", [
    ("doorplate", "a4-4"), ("handbook", "a5"), ("contactbook", "booklet"), ("card", None),
    ("commitments", None), ("linklist", None),
])
def test_every_document_renders_for_the_demo_village(db_copy, tmp_path, capsys, kind, layout):
    out = tmp_path / f"{kind}.pdf"
    args = ["--db", str(db_copy), "print", kind, str(out)] + (["--layout", layout] if layout else [])
    if kind == "handbook":
        args += ["--grid", "一组"]
    assert main(args) == 0
    assert "已生成" in capsys.readouterr().out
    assert printdata.page_count(out) >= 1
    if kind == "linklist":  # written elsewhere: only check that our font is embedded
        assert b"WenQuanYiMicroHei" in out.read_bytes() and b"/FontFile2" in out.read_bytes()
    else:
        printdata.assert_font_embedded(out)


def test_changed_only_after_a_full_print_has_nothing_to_do(db_copy, tmp_path, capsys):
    assert main(["--db", str(db_copy), "print", "doorplate", str(tmp_path / "a.pdf")]) == 0
    assert main(["--db", str(db_copy), "print", "doorplate", str(tmp_path / "b.pdf"), "--changed-only"]) == 1
    assert "没有变化" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


def test_user_mistakes_exit_1_with_a_chinese_message(db_copy, tmp_path, capsys):
    out = str(tmp_path / "x.pdf")
    assert main(["--db", str(db_copy), "print", "card", out, "--layout", "a4-99"]) == 1
    assert "版式" in capsys.readouterr().err
    assert main(["--db", str(db_copy), "print", "card", out, "--village", "无此村"]) == 1
    assert "没有名为" in capsys.readouterr().err
    assert main(["--db", str(db_copy), "print", "card", str(tmp_path / "no" / "x.pdf")]) == 1
    assert "文件夹不存在" in capsys.readouterr().err


def test_usage_errors_exit_2(db_copy):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_copy), "print", "nosuchkind", "x.pdf"])
    assert exit_info.value.code == 2


def test_missing_database_exits_3(tmp_path):
    assert main(["--db", str(tmp_path / "missing.db"), "print", "card", str(tmp_path / "x.pdf")]) == 3


def test_handbooks_split_into_a_folder(db_copy, tmp_path, capsys):
    folder = tmp_path / "hb"
    folder.mkdir()
    assert main(["--db", str(db_copy), "print", "handbook", "--grid", "一组", "--split-dir", str(folder)]) == 0
    files = list(folder.glob("*-联户工作手册.pdf"))
    assert files and all(printdata.page_count(f) >= 16 for f in files)


def test_ballots_numbered_from_a_start_and_two_up(db_copy, tmp_path, capsys):
    out = tmp_path / "ballots.pdf"
    assert main(["--db", str(db_copy), "print", "ballots", str(out), "--year", "2025", "--copies", "4",
                 "--start", "11"]) == 0
    said = capsys.readouterr().out
    assert "民主测评票" in said and "4 份" in said
    text = printdata.pdf_text(out)
    assert all(f"No. {serial:04d}" in text for serial in range(11, 15)) and "No. 0010" not in text
    printdata.assert_font_embedded(out)
    two_up = tmp_path / "two-up.pdf"
    assert main(["--db", str(db_copy), "print", "ballots", str(two_up), "--year", "2025", "--copies", "4",
                 "--layout", "a4-2"]) == 0
    assert printdata.page_count(two_up) == 2  # two ballots a sheet; the demo's roster fits the front
    assert "双面打印" not in capsys.readouterr().out


def test_ballots_default_to_twice_the_members(db_copy, tmp_path, capsys):
    from lianhu_desktop.domain.ballots import ballot_members
    from lianhu_desktop.domain.villages import list_villages
    from lianhu_desktop.store import db as store_db

    out = tmp_path / "ballots.pdf"
    assert main(["--db", str(db_copy), "print", "ballots", str(out), "--year", "2025"]) == 0
    said = capsys.readouterr().out
    store_db.open_database(db_copy)
    try:
        members = len(ballot_members(list_villages()[0].id, 2025))
    finally:
        store_db.close_database()
    assert members > 0 and f"（{2 * members} 份，" in said


def test_results_sheet_and_notice(db_copy, tmp_path, capsys, monkeypatch):
    from tests.unit import appraisalfixtures

    calls = appraisalfixtures.install(monkeypatch)  # results from the demo's members (see the fixture)
    out = tmp_path / "results.pdf"
    assert main(["--db", str(db_copy), "print", "appraisal", str(out), "--year", "2025"]) == 0
    assert "民主评议考核结果" in capsys.readouterr().out and calls and calls[-1][1] == 2025
    text = printdata.pdf_text(out)
    assert "尚未封存（结果未定稿）" in text and "计票人（签字）" in text
    printdata.assert_font_embedded(out)
    notice = tmp_path / "notice.pdf"
    assert main(["--db", str(db_copy), "print", "appraisal-notice", str(notice), "--year", "2025"]) == 0
    assert "党员民主评议结果公示" in printdata.pdf_text(notice)


def test_options_a_kind_does_not_take_are_refused(db_copy, tmp_path, capsys):
    out = str(tmp_path / "x.pdf")
    assert main(["--db", str(db_copy), "print", "card", out, "--copies", "3"]) == 2
    assert "--copies 只用于ballots（民主测评票）" in capsys.readouterr().err
    assert main(["--db", str(db_copy), "print", "appraisal", out, "--start", "5"]) == 2
    assert main(["--db", str(db_copy), "print", "ballots", out, "--copies", "-1"]) == 1
    assert not any(tmp_path.glob("*.pdf"))
