import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianhu_desktop.domain import idnumber
from lianhu_desktop.errors import ValidationError


def test_known_valid_number_with_x_check_digit():
    value, birth, gender = idnumber.parse(" 11010519491231002x ")
    assert value == "11010519491231002X"
    assert birth == datetime.date(1949, 12, 31)
    assert gender == "女"


@given(birth=st.dates(datetime.date(1920, 1, 1), datetime.date(2005, 12, 31)),
       sequence=st.integers(0, 99), gender=st.sampled_from(["男", "女"]))
def test_made_numbers_parse_back(birth, sequence, gender):
    value = idnumber.make("620102", birth, sequence, gender)
    assert idnumber.parse(value) == (value, birth, gender)


@given(birth=st.dates(datetime.date(1930, 1, 1), datetime.date(2000, 1, 1)),
       position=st.integers(0, 16), delta=st.integers(1, 9))
def test_any_single_digit_change_is_caught(birth, position, delta):
    value = idnumber.make("620102", birth, 7, "男")
    digits = list(value)
    digits[position] = str((int(digits[position]) + delta) % 10)
    changed = "".join(digits)
    with pytest.raises(ValidationError):
        idnumber.parse(changed)


@pytest.mark.parametrize("text, fragment", [
    ("", "为空"),
    ("1101051949123100", "18 位"),
    ("11010519491231002Y", "格式"),
    ("110105194902300025", "出生日期不存在"),
    ("110105194912310021", "校验位"),
])
def test_refusals_say_what_is_wrong(text, fragment):
    with pytest.raises(ValidationError) as caught:
        idnumber.parse(text)
    assert fragment in str(caught.value)
    assert caught.value.field == "id_number"


def test_mask_keeps_region_and_tail():
    assert idnumber.mask("11010519491231002X") == "110105********002X"
