"""The bundle's trimmed ICU data (installer/icu_data.py): what stays, the package
written back as ICU writes it, and Qt giving the same answers with the trimmed
library as with PySide6's own for everything the program's language needs."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.installer_scripts import load


icu_data = load("icu_data")
bundle = load("bundle")


def _qt_icu_data() -> Path | None:
    lib = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt" / "lib"
    found = sorted(lib.glob("libicudata.so.*"))
    return found[0] if found else None


needs_qt_icu = pytest.mark.skipif(
    _qt_icu_data() is None, reason="PySide6 ships no libicudata here (Windows' and macOS' Qt use the system's ICU)")


def test_which_items_stay():
    kept = icu_data.item_kept
    for name in ("icudt73l/zh.res", "icudt73l/zh_Hans_CN.res", "icudt73l/en_GB.res", "icudt73l/root.res",
                 "icudt73l/pool.res", "icudt73l/res_index.res", "icudt73l/coll/zh.res", "icudt73l/coll/ucadata.icu",
                 "icudt73l/zone/zh_Hant.res", "icudt73l/zoneinfo64.res", "icudt73l/supplementalData.res",
                 "icudt73l/cnvalias.icu", "icudt73l/brkitr/line.brk", "icudt73l/curr/pool.res"):
        assert kept(name, 300_000), name
    for name in ("icudt73l/de.res", "icudt73l/coll/de_.res", "icudt73l/zone/ja.res", "icudt73l/curr/fr_CA.res",
                 "icudt73l/brkitr/cjdict.dict", "icudt73l/translit/root.res", "icudt73l/rbnf/ar.res"):
        assert not kept(name, 1000), name
    assert kept("icudt73l/gb18030.cnv", 232_816) and kept("icudt73l/ibm-1386_P100-2001.cnv", 116_704)
    assert kept("icudt73l/ibm-1252_P100-2000.cnv", 3248)
    assert not kept("icudt73l/euc-jp-2007.cnv", 97_280)
    assert not kept("icudt73l/windows-949-2000.cnv", 5568)  # extends a Korean table left out
    assert bundle.icu_data_library("libicudata.so.73", "linux")
    assert not bundle.icu_data_library("libicuuc.so.73", "linux")
    assert not bundle.icu_data_library("libicudata.so.73", "win32")


@needs_qt_icu
def test_the_package_is_written_back_byte_for_byte():
    elf = _qt_icu_data().read_bytes()
    package = icu_data.package_of(elf)
    header, items = icu_data.read_package(package)
    assert len(items) > 1000
    assert icu_data.write_package(header, items) == package
    again = icu_data.with_package(elf, package)
    assert icu_data.package_of(again) == package


_QT_ANSWERS = """
import functools, json
from PySide6.QtCore import QCollator, QDateTime, QLocale, QStringDecoder, QTimeZone
names = ["张三", "李四", "王五", "赵六", "檀向东", "阿明", "周杰", "Zoe", "apple", "Émile"]
zh = QCollator(QLocale("zh_CN"))
numeric = QCollator(QLocale("zh_CN"))
numeric.setNumericMode(True)
zone, when = QTimeZone(b"Asia/Shanghai"), QDateTime.currentDateTime()
print(json.dumps({
    "pinyin": sorted(names, key=functools.cmp_to_key(zh.compare)),
    "numeric": sorted(["第10组", "第2组", "第1组"], key=functools.cmp_to_key(numeric.compare)),
    "english": sorted(names, key=functools.cmp_to_key(QCollator(QLocale("en_US")).compare)),
    "case": [QLocale("zh_CN").toUpper("abc ß"), QLocale("tr_TR").toUpper("i")],
    "zone": [zone.displayName(when, QTimeZone.LongName, QLocale(name)) for name in ("zh_CN", "zh_TW", "en_US")],
    "offset": zone.offsetFromUtc(when),
    "german": zone.displayName(when, QTimeZone.LongName, QLocale("de_DE")),
    "codecs": [QStringDecoder(name).isValid() for name in ("GBK", "GB18030", "GB2312", "Big5", "windows-1252")],
}, ensure_ascii=False))
"""


def _answers(library_dir: Path | None) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if library_dir is not None:  # found before the RUNPATH of PySide6's libicuuc
        env["LD_LIBRARY_PATH"] = os.pathsep.join(filter(None, [str(library_dir), env.get("LD_LIBRARY_PATH")]))
    done = subprocess.run([sys.executable, "-c", _QT_ANSWERS], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@needs_qt_icu
def test_qt_answers_the_same_with_the_trimmed_data(tmp_path):
    original = _qt_icu_data()
    library, kept, dropped = icu_data.trimmed(original.read_bytes())
    assert kept > 900 and dropped > 2000
    assert len(library) < original.stat().st_size / 3
    (tmp_path / original.name).write_bytes(library)
    trimmed_answers, answers = _answers(tmp_path), _answers(None)
    # German's zone names are left out (English instead): the trimmed library was the one used.
    assert answers.pop("german") != trimmed_answers.pop("german") == trimmed_answers["zone"][2]
    assert trimmed_answers == answers
    assert trimmed_answers["pinyin"][:3] == ["阿明", "李四", "檀向东"]
    assert trimmed_answers["zone"][0] == "中国标准时间"
    assert all(trimmed_answers["codecs"])
