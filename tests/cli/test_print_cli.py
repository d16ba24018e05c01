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
