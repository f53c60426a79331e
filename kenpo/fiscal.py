"""The Japanese fiscal year (年度) and eras (和暦): the one owner of these rules in kenpo.

- 年度 runs from April (``FIRST_MONTH``) to March: ``fiscal_month_index`` gives a calendar
  month's place in it (April = 1 … March = 12), ``calendar_month`` the way back, and
  ``fiscal_year_of`` / ``fiscal_year_end`` the year a date falls in and the year's last day.
- Eras: ``ERAS`` with the day each began. A fiscal year is named after the era its number
  belongs to, as the documents do (2019 → 令和元年度); a date after the era it falls in
  (2019-04-30 → H31, 2019-05-31 → R1).

Python code imports these functions (kenpo.build.parsing reads era names with ``ERA_FIRST_YEAR``);
the SQL views use the same rules as macros that ``kenpo.build.sql_macros`` renders from this module
into sql/tables/005_macros.sql, and charts label a fiscal-month axis with
``FISCAL_MONTH_LABEL_EXPR``. Change a rule here, then run ``python -m kenpo macros``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIRST_MONTH = 4  # the fiscal year begins in April
FISCAL_MONTHS = tuple((FIRST_MONTH - 1 + i) % 12 + 1 for i in range(12))  # (4, 5, …, 12, 1, 2, 3)
MONTH_SUFFIX = "月"


def fiscal_month_index(month: int) -> int:
    """Position of a calendar month in the fiscal year: April -> 1 … March -> 12."""
    if not 1 <= month <= 12:
        raise ValueError("month out of range")
    return (month - FIRST_MONTH) % 12 + 1


def calendar_month(fiscal_month: int) -> int:
    """The calendar month at a position of the fiscal year: 1 -> 4 (April) … 12 -> 3 (March)."""
    if not 1 <= fiscal_month <= 12:
        raise ValueError("fiscal month out of range")
    return FISCAL_MONTHS[fiscal_month - 1]


def month_label(month: int) -> str:
    """A calendar month as printed: 4 -> '4月'."""
    return f"{int(month)}{MONTH_SUFFIX}"


def fiscal_month_label(fiscal_month: int) -> str:
    """The label of a position in the fiscal year: 1 -> '4月', 12 -> '3月'."""
    return month_label(calendar_month(int(fiscal_month)))


# Vega expression for an axis of fiscal-month positions (1–12): '4月' … '3月'.
FISCAL_MONTH_LABEL_EXPR = f"((datum.value + {FIRST_MONTH - 2}) % 12 + 1) + '{MONTH_SUFFIX}'"


def fiscal_year_of(date: dt.date) -> int:
    """The fiscal year (April–March) a date falls in: 2019-03-31 -> 2018."""
    return date.year if date.month >= FIRST_MONTH else date.year - 1


def fiscal_year_end(year: int) -> dt.date:
    """The last day of a fiscal year: 2023 -> 2024-03-31."""
    return dt.date(year + 1, FIRST_MONTH, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    abbreviation: str  # R, as in R3.6 or H31年3月末
    first_day: dt.date

    @property
    def first_year(self) -> int:
        """The Western year of the era's year 1 (元年)."""
        return self.first_day.year


# Newest first.
ERAS = (
    Era("令和", "R", dt.date(2019, 5, 1)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
)
ERA_FIRST_YEAR = {name: era.first_year for era in ERAS for name in (era.name, era.abbreviation)}
FIRST_ERA_YEAR = "元"  # year 1 of an era is written 元年


def _era_number(n: int) -> str:
    return FIRST_ERA_YEAR if n == 1 else str(n)


def era_of_year(year: int) -> Era:
    """The era a (fiscal) year number is written in: the newest that began in or before it."""
    return next((era for era in ERAS if era.first_year <= year), ERAS[-1])


def fiscal_year_label(year: int) -> str:
    """2023 -> '令和5年度', 2019 -> '令和元年度', 2018 -> '平成30年度'."""
    year = int(year)
    era = era_of_year(year)
    return f"{era.name}{_era_number(year - era.first_year + 1)}年度"


def fiscal_years_span(years) -> str:
    """Fiscal years in a few characters, for a file name: [2023, 2024] -> '令和5-6年度', [2014 … 2023]
    -> '平成26-令和5年度', [2022, 2024] -> '令和4・6年度', [2023] -> '令和5年度'; each run of consecutive
    years as first-last, the era named where it changes."""
    ordered = sorted({int(y) for y in years})
    if not ordered:
        return ""
    runs: list[list[int]] = []
    for year in ordered:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    pieces: list[str] = []
    era_shown: Era | None = None

    def number(year: int) -> str:
        nonlocal era_shown
        era = era_of_year(year)
        text = ("" if era == era_shown else era.name) + _era_number(year - era.first_year + 1)
        era_shown = era
        return text

    for run in runs:
        pieces.append(number(run[0]) + (f"-{number(run[-1])}" if len(run) > 1 else ""))
    return "・".join(pieces) + "年度"


def era_month(date: dt.date) -> str:
    """A date's era, era year and month, short: 2021-06-30 -> 'R3.6', 2019-03-31 -> 'H31.3'."""
    era = next((era for era in ERAS if era.first_day <= date), ERAS[-1])
    return f"{era.abbreviation}{date.year - era.first_year + 1}.{date.month}"


def era_date(date: dt.date) -> str:
    """A date as the documents write it, in full: 2021-06-30 -> '令和3年6月末' (a month's last
    day), 2019-04-01 -> '平成31年4月1日'."""
    era = next((era for era in ERAS if era.first_day <= date), ERAS[-1])
    year = f"{era.name}{_era_number(date.year - era.first_year + 1)}年{date.month}月"
    last_day = (dt.date(date.year + date.month // 12, date.month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return f"{year}末" if date.day == last_day else f"{year}{date.day}日"
