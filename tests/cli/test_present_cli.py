"""``lianhu present --render``: every slide as a PNG file, and its refusals in Chinese.

The year's results come from ``domain.appraisal.results``; here the one
function that calls it (``slides.appraisal_results``) hands over a realistic
year built as values, so the command is tested end to end from the database
file to the images.
"""

from __future__ import annotations

import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.domain import slide_layout as geo
from lianhu_desktop.domain import slides
from tests.unit.slidefixtures import village_results


@pytest.fixture
def year(village, monkeypatch, qapp):
    """A database with 李家庄村 and its 2025 results (qapp: Qt is already up, as in the test run)."""
    asked = []
    results = village_results()

    def appraisal_results(village_id, year):
        asked.append((village_id, year))
        return results

    monkeypatch.setattr(slides, "appraisal_results", appraisal_results)
    return results, asked, village


def test_every_slide_is_written_at_the_size_asked(year, db_target, tmp_path, capsys):
    from PySide6.QtGui import QImage

    results, asked, village = year
    out = tmp_path / "幻灯片"
    assert main(["--db", str(db_target), "present", "--year", "2025", "--render", str(out), "--size", "1024x768"]) == 0
    assert asked == [(village.id, 2025)]
    count = len(slides.build_deck(results, geo.canvas(1024, 768)))
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"slide-{n:02d}.png" for n in range(1, count + 1)]
    image = QImage(str(files[0]))
    assert (image.width(), image.height()) == (1024, 768)
    assert image.pixelColor(512, 40).name() == "#a3161a"  # the opening's red
    printed = capsys.readouterr().out
    assert f"幻灯片 {count} 张（1024×768）" in printed and "李家庄村" in printed


def test_a_later_shorter_deck_leaves_no_old_slides(year, db_target, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "slide-99.png").write_bytes(b"old")
    (out / "说明.txt").write_text("keep", encoding="utf-8")
    assert main(["--db", str(db_target), "present", "--year", "2025", "--render", str(out)]) == 0
    names = {f.name for f in out.iterdir()}
    assert "slide-99.png" not in names and "说明.txt" in names
    results = year[0]
    assert len(names) - 1 == len(slides.build_deck(results, geo.DESIGN))
    assert not any(name.startswith(".") for name in names)  # no half-written files left


@pytest.mark.parametrize("size", ["1920", "abcxdef", "10x10", "99999x1080", "1920x1080x3"])
def test_a_bad_size_is_refused_in_chinese(year, db_target, tmp_path, capsys, size):
    out = tmp_path / "out"
    assert main(["--db", str(db_target), "present", "--year", "2025", "--render", str(out), "--size", size]) == 1
    err = capsys.readouterr().err
    assert "--size" in err and ("宽x高" in err or "像素之间" in err)
    assert not out.exists()
    assert year[1] == []  # nothing read


def test_other_sizes_are_accepted(year, db_target, tmp_path):
    out = tmp_path / "out"
    assert main(["--db", str(db_target), "present", "--year", "2025", "--render", str(out), "--size", "1280×800"]) == 0
    assert (out / "slide-01.png").exists()


def test_a_bad_folder_or_a_missing_one_is_refused(year, db_target, tmp_path, capsys):
    a_file = tmp_path / "file.png"
    a_file.write_bytes(b"x")
    assert main(["--db", str(db_target), "present", "--year", "2025", "--render", str(a_file)]) == 1
    assert "应是一个文件夹" in capsys.readouterr().err
    assert a_file.read_bytes() == b"x"
    assert main(["--db", str(db_target), "present", "--year", "2025"]) == 2
    assert "--render" in capsys.readouterr().err
    assert main(["--db", str(db_target), "present", "--year", "1999", "--render", str(tmp_path / "o")]) == 1
    assert "年度应在" in capsys.readouterr().err


def test_an_unknown_village_is_refused(year, db_target, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--db", str(db_target), "present", "--year", "2025", "--village", "王家沟村",
                 "--render", str(out)]) == 1
    assert "王家沟村" in capsys.readouterr().err
    assert not out.exists()
