import datetime

import pytest

from lianhu_desktop.domain.validation import age_on, check_join_date, check_phone
from lianhu_desktop.errors import ValidationError


@pytest.mark.parametrize("text, expected", [
    ("13912345678", "13912345678"),
    ("１３９１２３４５６７８", "13912345678"),
    ("139 1234 5678", "13912345678"),
    ("+8613912345678", "13912345678"),
    ("0931-8123456", "0931-8123456"),
    ("(0931)8123456", "0931-8123456"),
    ("010-12345678", "010-12345678"),
    ("", ""),
])
def test_good_phones_are_normalized(text, expected):
    assert check_phone(text) == expected


@pytest.mark.parametrize("text, fragment", [
    ("1391234567", "11 位"),
    ("12912345678", "第二位"),
    ("8123456", "区号"),
])
def test_bad_phones_are_refused(text, fragment):
    with pytest.raises(ValidationError) as caught:
        check_phone(text)
    assert fragment in str(caught.value)


def test_required_phone():
    with pytest.raises(ValidationError):
        check_phone("  ", required=True)


def test_age_counts_full_years():
    assert age_on(datetime.date(1960, 5, 10), datetime.date(2020, 5, 9)) == 59
    assert age_on(datetime.date(1960, 5, 10), datetime.date(2020, 5, 10)) == 60


def test_join_date_rules():
    birth = datetime.date(1990, 6, 1)
    check_join_date(datetime.date(2008, 6, 1), birth, today=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="18 周岁"):
        check_join_date(datetime.date(2008, 5, 31), birth, today=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="晚于今天"):
        check_join_date(datetime.date(2026, 1, 2), birth, today=datetime.date(2026, 1, 1))
