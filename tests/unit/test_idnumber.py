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


def test_an_area_code_that_never_existed_is_refused():
    with pytest.raises(ValidationError, match="999999 不是有效的行政区划代码") as caught:
        idnumber.parse("99999919700101013X")  # its check digit is right
    assert caught.value.field == "id_number"
    with pytest.raises(ValidationError, match="行政区划代码"):
        idnumber.parse(idnumber.make("000000", datetime.date(1970, 1, 1), 1, "男"))


@pytest.mark.parametrize("area,born", [
    ("110103", datetime.date(1958, 3, 1)),   # 崇文区, abolished in 2010: its people keep their numbers
    ("620522", datetime.date(1950, 6, 1)),   # 秦安县 code since 1985: numbers issued later to people born before
    ("110101", datetime.date(2001, 1, 1)),
])
def test_historical_and_later_codes_are_accepted(area, born):
    value = idnumber.make(area, born, 3, "女")
    assert idnumber.parse(value) == (value, born, "女")


def test_a_code_abolished_before_the_birth_is_refused():
    value = idnumber.make("110103", datetime.date(2015, 5, 1), 3, "男")
    with pytest.raises(ValidationError, match="崇文区）在 2010 年已撤销"):
        idnumber.parse(value)
    assert idnumber.area_name("110103") == ("北京市崇文区", ((None, 2010),))
