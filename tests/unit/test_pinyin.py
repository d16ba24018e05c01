import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianhu_desktop import pinyin
from lianhu_desktop.domain.demo_names import GIVEN_NAMES, SURNAMES
from lianhu_desktop.pinyin import keys


@pytest.mark.parametrize("name, full, initials", [
    ("王建国", "wangjianguo", "wjg"),
    ("曾小贤", "zengxiaoxian", "zxx"),
    ("单田芳", "shantianfang", "stf"),
    ("欧阳修", "ouyangxiu", "oyx"),
    ("尉迟恭", "yuchigong", "ycg"),
    (" 李 娜 ", "lina", "ln"),
    ("", "", ""),
])
def test_keys(name, full, initials):
    assert keys(name) == (full, initials)


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=4))
def test_cached_path_gives_the_exact_keys(name):
    assert pinyin.keys(name) == pinyin._join(pinyin._syllables(name))


def test_cached_path_on_realistic_names():
    given_names = [name for pool in GIVEN_NAMES.values() for name in pool]
    for surname in SURNAMES:
        for given_name in given_names:
            name = surname + given_name
            assert pinyin.keys(name) == pinyin._join(pinyin._syllables(name)), name
