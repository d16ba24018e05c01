"""The committed icon files match lianhu.svg (installer/make_icons.py makes them)."""

from __future__ import annotations

from PIL import Image, ImageChops

from lianhu_desktop.gui.app import window_icon
from tests.installer_scripts import load

make_icons = load("make_icons")


def test_pngs_are_the_current_drawing(app):
    for size in make_icons.SIZES:
        committed = Image.open(make_icons.png_path(size)).convert("RGBA")
        assert committed.size == (size, size)
        difference = ImageChops.difference(committed, make_icons.render(size)).getextrema()
        assert max(high for _, high in difference) <= 8, f"run installer/make_icons.py ({size} px differs)"


def test_ico_holds_every_size():
    ico = Image.open(make_icons.ICO)
    assert sorted(ico.info["sizes"]) == [(s, s) for s in make_icons.SIZES]


def test_window_icon_offers_every_size(app):
    sizes = {(s.width(), s.height()) for s in window_icon().availableSizes()}
    assert sizes == {(s, s) for s in make_icons.SIZES}
