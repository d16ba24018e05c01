"""The program's log file: appended to, moved aside when it grows (``gui.app.LogFile``)."""

from __future__ import annotations

import logging

from lianhu_desktop.gui import app as gui_app


def test_the_log_is_moved_aside_and_three_old_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(gui_app, "LOG_MAX_BYTES", 300)
    path = tmp_path / "lianhu.log"
    path.write_text("上次的记录\n", encoding="utf-8")
    handler = gui_app.LogFile(path, encoding="utf-8")
    logger = logging.getLogger("test_log_file")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for number in range(60):
            logger.warning("第 %d 条：数据库已打开", number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["lianhu.log", "lianhu.log.1", "lianhu.log.2", "lianhu.log.3"]
    text = path.read_text(encoding="utf-8")
    assert text.endswith("第 59 条：数据库已打开\n") and len(text.encode()) < 300 + 100
    newest_old = (tmp_path / "lianhu.log.1").read_text(encoding="utf-8")
    last_in_old = int(newest_old.strip().splitlines()[-1].split()[1])
    first_now = int(text.splitlines()[0].split()[1])
    assert first_now == last_in_old + 1  # nothing lost between the files
    assert "上次的记录" not in "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())  # the oldest dropped


def test_a_log_that_cannot_be_moved_goes_on_growing(tmp_path, monkeypatch):
    monkeypatch.setattr(gui_app, "LOG_MAX_BYTES", 50)
    path = tmp_path / "lianhu.log"
    handler = gui_app.LogFile(path, encoding="utf-8")

    def refuse(*_args):
        raise PermissionError(13, "在别的程序中打开")

    monkeypatch.setattr(gui_app.os, "replace", refuse)
    logger = logging.getLogger("test_log_file_locked")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for number in range(10):
            logger.warning("记录 %d", number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == [f"记录 {n}" for n in range(10)]
