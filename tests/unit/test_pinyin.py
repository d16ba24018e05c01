import pytest

from lianhu_desktop.domain.pinyin import keys


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
