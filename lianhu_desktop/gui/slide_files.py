"""The slides as PNG files (``lianhu present --render``): the one GUI module the CLI reaches.

Drawing needs a Qt application: without one a QGuiApplication is made, on
the offscreen platform when there is no display (a server, a CI job).
"""

from __future__ import annotations

import os
import pathlib
import re
import sys

from PySide6.QtGui import QGuiApplication

from lianhu_desktop.gui.slide_painter import SlidePainter

_app_kept: list = []


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, else a QGuiApplication (offscreen when there is no display)."""
    app = QGuiApplication.instance()
    if app is None:
        headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                             or os.environ.get("WAYLAND_DISPLAY"))
        if headless and not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QGuiApplication(sys.argv[:1] or ["lianhu"])
        _app_kept.append(app)
    return app


def write_deck(deck, folder, width: int, height: int, progress=None) -> list:
    """Every slide of ``deck`` as slide-01.png, slide-02.png … in ``folder``; returns the paths.

    Each file is written beside its name and renamed into place; files of an
    earlier, longer deck (slide-NN.png past the last) are removed, so the
    folder holds exactly this deck.
    """
    ensure_gui_application()
    folder = pathlib.Path(folder)
    digits = max(2, len(str(len(deck))))
    painter = SlidePainter()
    written = []
    for number, slide in enumerate(deck.slides, 1):
        path = folder / f"slide-{number:0{digits}d}.png"
        partial = path.with_name(f".{path.name}.partial")
        image = painter.image(slide, number, len(deck), width, height)
        if not image.save(str(partial), "PNG"):
            partial.unlink(missing_ok=True)
            raise OSError(f"无法写入 {path}")
        os.replace(partial, path)
        written.append(path)
        if progress is not None:
            progress(number, len(deck))
    keep = {path.name for path in written}
    for old in folder.iterdir():
        if re.fullmatch(r"slide-\d+\.png", old.name) and old.name not in keep:
            old.unlink()
    return written
