"""Render resources/icons/lianhu.svg into the icon files the program ships.

    python installer/make_icons.py

writes ``resources/icons/lianhu-<N>.png`` for each size in ``SIZES`` (the
window icon, and Linux desktops) and ``resources/icons/lianhu.ico`` (every
size in one file: the Windows executables and the installer). Each size is
rendered from the vector drawing by Qt, not scaled down from a large bitmap.
The files are committed; run this again after changing the drawing (a test
checks that they still match it).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "lianhu.svg"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICO = ICONS / "lianhu.ico"


def png_path(size: int) -> Path:
    return ICONS / f"lianhu-{size}.png"


def render(size: int):
    """The drawing at ``size`` pixels square as a Pillow RGBA image."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render.app = QGuiApplication(sys.argv[:1])  # kept alive for later calls
    renderer = QSvgRenderer(str(SVG))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    images = {size: render(size) for size in SIZES}
    for size, image in images.items():
        image.save(png_path(size), optimize=True)
    largest = images[max(SIZES)]
    others = [images[size] for size in SIZES if size != max(SIZES)]
    # append_images: each size is stored as rendered, not resized by Pillow.
    largest.save(ICO, format="ICO", sizes=[(s, s) for s in SIZES], append_images=others)
    print(f"wrote {len(SIZES)} PNGs and {ICO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
