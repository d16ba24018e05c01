"""Dates as clerks type them, and ID check digits, by example and by property."""

import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lianhu_desktop.domain import idnumber
from lianhu_desktop.errors import ValidationError
from lianhu_desktop.excel.dates import parse_date

DAY = datetime.date(1965, 3, 5)


@pytest.mark.parametrize("value, expected, day_known", [
    (datetime.datetime(1965, 3, 5), DAY, True),
    (DAY, DAY, True),
    (23806, DAY, True),  # Excel serial number
    (23806.0, DAY, True),
    ("1965-03-05", DAY, True),
    ("1965/3/5", DAY, True),
    ("1965.3.5", DAY, True),
    ("1965年3月5日", DAY, True),
    ("19650305", DAY, True),
    (19650305, DAY, True),
    ("1965-03-05 00:00:00", DAY, True),
    ("１９６５年３月５日", DAY, True),
    (" 1965.03 ", datetime.date(1965, 3, 1), False),
    ("1965年3月", datetime.date(1965, 3, 1), False),
    ("1965.3", datetime.date(1965, 3, 1), False),
    ("196503", datetime.date(1965, 3, 1), False),
    (1965.03, datetime.date(1965, 3, 1), False),
    (1965.1, datetime.date(1965, 10, 1), False),  # a number cell keeps 1965.10 as 1965.1
])
def test_every_date_form(value, expected, day_known):
    assert parse_date(value) == (expected, day_known)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_is_none(value):
    assert parse_date(value) is None


@pytest.mark.parametrize("value, words", [("1965", "年份"), (1965, "年份"), ("1965.13", "不存在"),
                                          ("1965年2月30日", "不存在"), ("去年", "无法识别"),
                                          (True, "无法识别")])
def test_bad_dates_are_refused_in_chinese(value, words):
    with pytest.raises(ValidationError) as error:
        parse_date(value)
    assert words in str(error.value)


dates = st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2099, 12, 31))


@given(dates)
def test_text_forms_round_trip(day):
    for text in (f"{day:%Y-%m-%d}", f"{day.year}/{day.month}/{day.day}", f"{day:%Y%m%d}",
                 f"{day.year}年{day.month}月{day.day}日", f"{day.year}.{day.month}.{day.day}"):
        assert parse_date(text) == (day, True)
    assert parse_date(f"{day.year}年{day.month}月") == (day.replace(day=1), False)


@given(dates)
def test_serial_numbers_round_trip(day):
    serial = (day - datetime.date(1899, 12, 30)).days
    # 1900–2100 read as a bare year (asked to add the month), not as a 1905 date.
    assume(not 1900 <= serial <= 2100)
    assert parse_date(serial) == (day, True)


@given(st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2008, 1, 1)),
       st.integers(0, 99), st.sampled_from(["男", "女"]))
def test_made_ids_parse_and_any_single_digit_change_is_caught(birth, sequence, gender):
    number = idnumber.make("110101", birth, sequence, gender)
    assert idnumber.parse(number.lower()) == (number, birth, gender)
    for position in (0, 5, 10, 16):
        digit = str((int(number[position]) + 1) % 10)
        changed = number[:position] + digit + number[position + 1:]
        with pytest.raises(ValidationError):
            idnumber.parse(changed)
