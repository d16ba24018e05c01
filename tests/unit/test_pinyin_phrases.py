"""The names' phrase table stands in for pypinyin's exactly.

The program loads pypinyin without its phrase table (42 MB) and reads its own
``resources/pinyin/phrases.txt`` instead; these tests compare both with
pypinyin as installed, its phrase table loaded, in a separate interpreter.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from lianhu_desktop import pinyin

ROOT = Path(__file__).resolve().parents[2]
FULL_PYPINYIN = """
import json, sys
from pypinyin import Style, lazy_pinyin
texts = json.load(sys.stdin)
json.dump([lazy_pinyin(t, style=Style.NORMAL, errors="default") for t in texts], sys.stdout)
"""


def _full_pypinyin(texts: list[str]) -> list[list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYPINYIN_")}
    done = subprocess.run([sys.executable, "-c", FULL_PYPINYIN], input=json.dumps(texts), capture_output=True,
                          text=True, env=env, check=True)
    return json.loads(done.stdout)


def test_the_table_is_made_from_the_installed_pypinyin():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYPINYIN_")}
    code = ("import sys; sys.path.insert(0, 'scripts'); import make_pinyin_phrases as m; "
            "print('\\n'.join(m.table_lines()))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env,
                          check=True)
    shipped = [line for line in (ROOT / "resources/pinyin/phrases.txt").read_text(encoding="utf-8").splitlines()
               if not line.startswith("#")]
    assert shipped == done.stdout.splitlines(), "pypinyin changed: run python scripts/make_pinyin_phrases.py"


def test_readings_match_pypinyin_with_its_phrase_table():
    readings = pinyin._phrase_readings()
    phrases = sorted(readings)
    # Every phrase whose reading is its own, each inside a name (a surname
    # before it, a character after), and a sample of the others, so that
    # overlapping phrases are cut as pypinyin cuts them.
    special = [p for p in phrases if readings[p] is not None]
    texts = special + [f"王{p}明" for p in special] + [f"张{p}" for p in phrases[::7]]
    texts += ["李长江", "单于飞", "曾行", "王A建国", "李·明", "赵2组", "欧阳修", "中国人民银行", "重庆长安", "乐乐"]
    expected = _full_pypinyin(texts)
    got = [pinyin._lazy_pinyin(t) for t in texts]
    wrong = [(t, g, e) for t, g, e in zip(texts, got, expected) if g != e]
    assert wrong == [], wrong[:10]


def test_pypinyin_is_loaded_without_its_phrase_table():
    code = ("import sys; from lianhu_desktop import pinyin; pinyin.keys('王建国'); "
            "print('pypinyin.phrases_dict' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYPINYIN_")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "False"
