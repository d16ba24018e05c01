"""The wheel must carry every package and the resources the program needs."""

import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_in_the_tree_is_listed():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "lianhu_desktop").rglob("__init__.py")
    }
    listed = set(_config()["packages"]) - {"lianhu_desktop.resources"}
    assert listed == found


def test_every_resource_folder_is_shipped():
    patterns = _config()["package-data"]["lianhu_desktop.resources"]
    folders = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()}
    assert {pattern.split("/")[0] for pattern in patterns} == folders
    assert (ROOT / "resources" / "fonts" / "wqy-microhei.ttc").exists()
    assert (ROOT / "resources" / "fonts" / "LICENSE-wqy-microhei.txt").exists()
