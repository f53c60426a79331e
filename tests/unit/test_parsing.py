"""kenpo.build.parsing: 和暦, units, △/▲ minus, full-width digits, separators, h:mm, fiscal months."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kenpo.build.parsing import (
    ERAS,
    FISCAL_MONTHS,
    fiscal_month_index,
    fiscal_year_of,
    parse_as_of,
    parse_duration_minutes,
    parse_fiscal_year,
    parse_number,
    parse_quantity,
)

FULL_WIDTH = str.maketrans("0123456789,.-%", "０１２３４５６７８９，．－％")


# -- 和暦 fiscal years -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, year",
    [
        ("令和元年度", 2019),
        ("令和5年度", 2023),
        ("R6年度", 2024),
        ("Ｒ６年度", 2024),  # full-width letter and digit
        ("R元年度", 2019),
        ("平成30年度", 2018),
        ("平成31年度", 2019),
        ("H30年度", 2018),
        ("平成元年度", 1989),
        ("昭和64年度", 1989),
        ("S63年度", 1988),
        ("令和 5 年度", 2023),  # blanks inside
        ("  令和5年度  ", 2023),  # blanks around
        ("令和5年", 2023),
        ("2023年度", 2023),
        ("２０２３年度", 2023),
    ],
)
def test_parse_fiscal_year(text, year):
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize(
    "text, reason",
    [
        ("X5年度", "not a fiscal year"),  # unknown era letter
        ("大正5年度", "not a fiscal year"),  # era not supported
        ("令和年度", "not a fiscal year"),  # no year number
        ("R0年度", "era year below 1"),
        ("令和0年度", "era year below 1"),
        ("令和五年度", "not a fiscal year"),  # kanji numerals are not read
        ("2023", "not a fiscal year"),  # bare numbers are the validator's business
        ("23年度", "not a fiscal year"),
        ("", "not a fiscal year"),
        ("令和5年度末", "not a fiscal year"),
    ],
)
def test_parse_fiscal_year_rejects(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_fiscal_year(text)


# -- 和暦 dates (as_of) --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, date",
    [
        ("H31年3月末", dt.date(2019, 3, 31)),
        ("令和3年3月末現在", dt.date(2021, 3, 31)),
        ("R3.6", dt.date(2021, 6, 30)),
        ("R3.6末", dt.date(2021, 6, 30)),
        ("R元年5月末", dt.date(2019, 5, 31)),
        ("令和3年6月", dt.date(2021, 6, 30)),
        ("令和4年2月1日時点", dt.date(2022, 2, 1)),
        ("Ｈ３１年３月末", dt.date(2019, 3, 31)),
        ("2019-03-31", dt.date(2019, 3, 31)),
        ("2020年2月末", dt.date(2020, 2, 29)),  # leap year
        ("2021年2月末", dt.date(2021, 2, 28)),
        ("2024.3", dt.date(2024, 3, 31)),
        ("2024/4", dt.date(2024, 4, 30)),
    ],
)
def test_parse_as_of(text, date):
    assert parse_as_of(text) == date


@pytest.mark.parametrize(
    "text, reason",
    [
        ("R3.13", "month out of range"),
        ("R3.0", "month out of range"),
        ("令和3年13月末", "month out of range"),
        ("R3年2月30日", "day out of range"),
        ("2021年4月31日", "day out of range"),
        ("R3年6月0日", "day out of range"),
        ("Q3.6", "not a date"),  # unknown era
        ("大正3年6月", "not a date"),
        ("R0.6", "era year below 1"),
        ("2019-02-29", "not a date"),  # no such day, and not a month label either
        ("三月末", "not a date"),
        ("", "not a date"),
    ],
)
def test_parse_as_of_rejects(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_as_of(text)


@pytest.mark.parametrize(
    "date, fiscal_year",
    [
        (dt.date(2019, 3, 31), 2018),
        (dt.date(2019, 4, 1), 2019),
        (dt.date(2024, 12, 31), 2024),
        (dt.date(2025, 1, 1), 2024),
    ],
)
def test_fiscal_year_of(date, fiscal_year):
    assert fiscal_year_of(date) == fiscal_year


# -- numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("123", 123.0),
        ("１２３，４５６", 123456.0),
        ("１，２３４．５", 1234.5),
        ("1,000,000", 1_000_000.0),
        ("1,234.5", 1234.5),
        ("0012", 12.0),
        ("△1", -1.0),
        ("▲2.5", -2.5),
        ("△1,234", -1234.0),
        ("△１，２３４", -1234.0),
        ("△ 5", -5.0),
        ("-3", -3.0),
        ("－3", -3.0),  # full-width hyphen-minus
        ("−3", -3.0),  # U+2212 MINUS SIGN
        ("+5", 5.0),
        ("95.0%", 95.0),
        ("95.0％", 95.0),
        ("△0.5%", -0.5),
        (" 42 ", 42.0),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_minus_zero_is_plain_zero():
    assert str(parse_number("△0")) == "0.0"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1,23", "misplaced thousands separator"),
        ("1,2345", "misplaced thousands separator"),
        ("1234,567", "misplaced thousands separator"),
        ("12,34,567", "misplaced thousands separator"),
        (",123", "misplaced thousands separator"),
        ("1,234,", "misplaced thousands separator"),
        ("1,,234", "misplaced thousands separator"),
        ("--1", "two minus signs"),
        ("△-1", "two minus signs"),
        ("▲△1", "two minus signs"),
        ("△−3", "two minus signs"),
        ("+-1", "more than one sign"),
        ("△+1", "more than one sign"),
        ("12a", "not a number"),
        ("1e5", "not a number"),
        ("abc", "not a number"),
        ("1.", "not a number"),
        (".5", "not a number"),
        ("1 234", "not a number"),
        ("5%%", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("9" * 309, "number too large"),  # float('9' * 309) is inf
        ("△" + "9" * 400, "number too large"),
        ("1" + ",000" * 103, "number too large"),
        ("", "empty"),
        ("   ", "empty"),
        ("△", "empty"),
        ("-", "empty"),
        ("%", "empty"),
        (None, "empty"),
    ],
)
def test_parse_number_rejects(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_number(text)


# -- units ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("4,037万人", 40_370_000, "人"),
        ("39,559千人", 39_559_000, "人"),
        ("4,657千円", 4_657_000, "円"),
        ("12千カ所", 12_000, "事業所"),
        ("２５３万事業所", 2_530_000, "事業所"),
        ("1.5千人", 1_500, "人"),
        ("144.2万人", 1_442_000, "人"),
        ("3百万円", 3_000_000, "円"),
        ("2億円", 200_000_000, "円"),
        ("△1,234千円", -1_234_000, "円"),
        ("95.0%", 95.0, "%"),
        ("120名", 120, "人"),
        ("7件", 7, "件"),
    ],
)
def test_parse_quantity(text, value, unit):
    assert parse_quantity(text) == (value, unit)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("3 kg", "unknown unit"),
        ("4,037", "unknown unit"),
        ("万人", "empty"),
        ("4,03万人", "misplaced thousands separator"),
        ("x千人", "not a number"),
    ],
)
def test_parse_quantity_rejects(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_quantity(text)


# -- h:mm -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("3:05", 185),
        ("３：０５", 185),
        ("0:00", 0),
        ("0:59", 59),
        ("12:30", 750),
    ],
)
def test_parse_duration_minutes(text, minutes):
    assert parse_duration_minutes(text) == minutes


@pytest.mark.parametrize(
    "text, reason",
    [
        ("3:75", "minutes over 59"),
        ("3:60", "minutes over 59"),
        ("3:5", "not h:mm"),
        ("-1:00", "not h:mm"),
        ("3時間5分", "not h:mm"),
        ("185", "not h:mm"),
    ],
)
def test_parse_duration_rejects(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_duration_minutes(text)


# -- fiscal months --------------------------------------------------------------------


@pytest.mark.parametrize("month, index", [(4, 1), (5, 2), (12, 9), (1, 10), (2, 11), (3, 12)])
def test_fiscal_month_index(month, index):
    assert fiscal_month_index(month) == index


@pytest.mark.parametrize("month", [0, 13, -1])
def test_fiscal_month_index_rejects(month):
    with pytest.raises(ValueError, match="month out of range"):
        fiscal_month_index(month)


def test_fiscal_month_index_orders_the_fiscal_year():
    assert [fiscal_month_index(m) for m in FISCAL_MONTHS] == list(range(1, 13))
    assert sorted(range(1, 13), key=fiscal_month_index) == list(FISCAL_MONTHS)


# -- properties -----------------------------------------------------------------------


def _write(number, full_width: bool, triangle: bool) -> str:
    """Format a number the way documents print it: separators, maybe full-width, maybe △."""
    text = f"{abs(number):,}" if isinstance(number, int) else format(abs(number), ",f")
    if number < 0:
        text = ("△" if triangle else "-") + text
    return text.translate(FULL_WIDTH) if full_width else text


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15), st.booleans(), st.booleans())
def test_formatted_integers_round_trip(n, full_width, triangle):
    text = _write(n, full_width, triangle)
    assert parse_number(text) == n


@settings(max_examples=100, deadline=None)
@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.booleans(),
)
def test_formatted_decimals_round_trip(d, full_width, triangle):
    text = _write(d, full_width, triangle)
    assert parse_number(text) == float(d)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=10, max_value=10**12), st.data())
def test_one_separator_anywhere_but_before_the_last_three_digits_is_rejected(n, data):
    digits = str(n)
    p = data.draw(st.integers(min_value=0, max_value=len(digits)))
    text = digits[:p] + "," + digits[p:]
    if len(digits) - p == 3 and 1 <= p <= 3:
        assert parse_number(text) == n  # the one well-placed spot
    else:
        with pytest.raises(ValueError):
            parse_number(text)


_ERA_NAMES = sorted(ERAS)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(_ERA_NAMES), st.integers(min_value=1, max_value=99), st.sampled_from(["年度", "年"]), st.booleans()
)
def test_era_year_round_trip(era, era_year, suffix, full_width):
    western = ERAS[era] + era_year - 1
    number = "元" if era_year == 1 else str(era_year)
    text = f"{era}{number}{suffix}"
    if full_width:
        text = text.translate(str.maketrans("0123456789RHS", "０１２３４５６７８９ＲＨＳ"))
    assert parse_fiscal_year(text) == western


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1926, max_value=2100))
def test_every_western_year_reads_the_same_in_every_era_that_covers_it(year):
    for era, first in ERAS.items():
        if year >= first:
            era_year = year - first + 1
            text = f"{era}{'元' if era_year == 1 else era_year}年度"
            assert parse_fiscal_year(text) == year


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["末", "末現在", "末時点", ""]),
)
def test_as_of_month_label_is_last_day_of_month(year, month, tail):
    date = parse_as_of(f"{year}年{month}月{tail}")
    assert (date.year, date.month) == (year, month)
    assert date.day == calendar.monthrange(year, month)[1]
    assert (date + dt.timedelta(days=1)).day == 1


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_ERA_NAMES), st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=12))
def test_era_as_of_is_last_day_of_month(era, era_year, month):
    date = parse_as_of(f"{era}{era_year}年{month}月末")
    assert date == dt.date(ERAS[era] + era_year - 1, month, calendar.monthrange(ERAS[era] + era_year - 1, month)[1])
    assert (date + dt.timedelta(days=1)).day == 1


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=59))
def test_duration_round_trip(hours, minutes):
    assert parse_duration_minutes(f"{hours}:{minutes:02d}") == hours * 60 + minutes


@given(st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False, allow_infinity=False))
def test_thousand_multiplier(d):
    value, unit = parse_quantity(f"{d:,}千人")
    assert unit == "人"
    assert value == pytest.approx(float(d * Decimal(1000)), abs=1e-6)


# Text of every kind, plus the shapes that come closest to a number: digits with separators,
# signs, % and full-width forms, and digit runs long enough to overflow a float.
_NUMBERISH = "0123456789,.%△▲-+－０１２３４５６７８９，．％ "
_ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=_NUMBERISH, max_size=40),
    st.integers(min_value=300, max_value=2000).map(lambda n: "9" * n),
    st.tuples(
        st.sampled_from(["", "△", "-"]), st.integers(min_value=100, max_value=700), st.sampled_from(["", ".5", "%"])
    ).map(lambda t: t[0] + "1" + ",000" * t[1] + t[2]),
)


@settings(max_examples=500, deadline=None)
@given(_ANY_TEXT)
def test_parse_number_returns_a_finite_float_or_raises_value_error(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert isinstance(value, float)
    assert math.isfinite(value)


def test_parse_number_largest_finite_figure_is_kept():
    assert parse_number("9" * 308) == float("9" * 308)


def test_parse_quantity_rejects_a_figure_that_overflows_with_its_multiplier():
    with pytest.raises(ValueError, match="number too large"):
        parse_quantity("9" * 305 + "億円")  # finite alone, infinite times 10^8
