"""Parsing of the figures as the source documents and hand-edited CSVs print them.

和暦 (Japanese era) years and dates, full-width digits, thousands separators, the minus
marks △ and ▲, unit multipliers (千人, 万人, 千円 …) and h:mm durations.
Every function raises ``ValueError`` with a short Japanese-free message on bad input,
so callers can report ``file:line: column: message (value)``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata

from kenpo.fiscal import ERA_FIRST_YEAR, FIRST_ERA_YEAR, FISCAL_MONTHS, fiscal_month_index, fiscal_year_of

__all__ = [
    "ERAS",
    "FISCAL_MONTHS",
    "fiscal_month_index",
    "fiscal_year_of",
    "normalise_text",
    "parse_as_of",
    "parse_duration_minutes",
    "parse_fiscal_year",
    "parse_number",
    "parse_quantity",
]

# Era name or abbreviation -> Western year of era year 1 (kenpo.fiscal owns the eras).
ERAS = ERA_FIRST_YEAR

# Unit prefixes a header or cell may carry, with their multiplier and base unit.
UNIT_MULTIPLIERS = {
    "千人": (1_000, "人"),
    "万人": (10_000, "人"),
    "人": (1, "人"),
    "名": (1, "人"),
    "千円": (1_000, "円"),
    "万円": (10_000, "円"),
    "百万円": (1_000_000, "円"),
    "億円": (100_000_000, "円"),
    "円": (1, "円"),
    "千カ所": (1_000, "事業所"),
    "千箇所": (1_000, "事業所"),
    "千事業所": (1_000, "事業所"),
    "万事業所": (10_000, "事業所"),
    "事業所": (1, "事業所"),
    "千件": (1_000, "件"),
    "件": (1, "件"),
    "%": (1, "%"),
}

_MINUS_MARKS = "△▲−―‐－"  # △ ▲ and dash look-alikes used as minus signs in numeric cells
# Unsigned: parse_number strips the one sign it accepts before matching.
_NUMBER_RE = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SEPARATED_RE = re.compile(r"^[\d,]+(\.\d+)?$")
_SIGNS = "+-" + _MINUS_MARKS


def normalise_text(text: str) -> str:
    """NFKC-normalise (full-width digits, ％, ，) and strip surrounding blanks."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_number(text: str) -> float:
    """Parse a numeric cell: '１２３，４５６' -> 123456.0, '△1' -> -1.0, '95.0%' -> 95.0.

    Accepts full-width digits, thousands separators (well-placed only), a leading
    △ / ▲ / minus, and a trailing % sign. Rejects anything else, including a figure too
    large for a float (more than 308 digits would otherwise read as infinity).
    """
    if text is None:
        raise ValueError("empty")
    # △/▲ are untouched by NFKC; full-width － becomes '-'. Take every leading sign mark so
    # that '--1' or '△-1' is rejected instead of one sign silently cancelling the other.
    s = normalise_text(str(text))
    if s.endswith("%"):
        s = s[:-1].rstrip()
    signs = ""
    while s and s[0] in _SIGNS:
        signs += s[0]
        s = s[1:].lstrip()
    if len(signs) > 1:
        raise ValueError("two minus signs" if "+" not in signs else "more than one sign")
    negative = signs not in ("", "+")
    if not s:
        raise ValueError("empty")
    if not _NUMBER_RE.match(s):
        if "," in s and _SEPARATED_RE.match(s):
            raise ValueError("misplaced thousands separator")
        raise ValueError("not a number")
    value = float(s.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError("number too large")
    return -value if negative and value else value  # '△0' is 0.0, not -0.0


def parse_quantity(text: str) -> tuple[float, str]:
    """Parse a figure with its unit into base units: '4,037万人' -> (40370000.0, '人')."""
    s = normalise_text(text)
    for suffix in sorted(UNIT_MULTIPLIERS, key=len, reverse=True):
        if s.endswith(suffix):
            number = s[: -len(suffix)].strip()
            factor, base = UNIT_MULTIPLIERS[suffix]
            value = parse_number(number) * factor
            if not math.isfinite(value):
                raise ValueError("number too large")
            # Keep integers exact when the multiplier turns a rounded figure into a whole number.
            return (round(value, 6), base)
    raise ValueError("unknown unit")


def parse_duration_minutes(text: str) -> int:
    """Parse h:mm (hours:minutes) into minutes: '3:05' -> 185. Minutes must be 00–59."""
    s = normalise_text(text)
    m = re.fullmatch(r"(\d+):(\d{2})", s)
    if not m:
        raise ValueError("not h:mm")
    hours, minutes = int(m.group(1)), int(m.group(2))
    if minutes > 59:
        raise ValueError("minutes over 59")
    return hours * 60 + minutes


def _era_year(era: str, year_text: str) -> int:
    if era not in ERAS:
        raise ValueError(f"unknown era {era}")
    year = 1 if year_text == FIRST_ERA_YEAR else int(year_text)
    if year < 1:
        raise ValueError("era year below 1")
    return ERAS[era] + year - 1


_ERA_RE = rf"({'|'.join(sorted(ERAS, key=len, reverse=True))})\s*({FIRST_ERA_YEAR}|\d+)"


def parse_fiscal_year(text: str) -> int:
    """'令和5年度' -> 2023, 'R6年度' -> 2024, '平成30年度' -> 2018, '2023年度' -> 2023."""
    s = normalise_text(text)
    m = re.fullmatch(_ERA_RE + r"\s*年度?", s)
    if m:
        return _era_year(m.group(1), m.group(2))
    m = re.fullmatch(r"(\d{4})\s*年度?", s)
    if m:
        return int(m.group(1))
    raise ValueError("not a fiscal year")


def parse_as_of(text: str) -> dt.date:
    """A point-in-time label: 'H31年3月末' -> 2019-03-31, 'R3.6' -> 2021-06-30,
    '令和3年3月末現在' -> 2021-03-31, '2019-03-31' -> itself. A month alone means its last day."""
    s = normalise_text(text)
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        pass
    s = re.sub(r"(末|現在|時点)+$", "", s).strip()
    m = re.fullmatch(_ERA_RE + r"\s*[年.]\s*(\d{1,2})\s*月?(?:\s*(\d{1,2})\s*日)?", s)
    if m:
        year = _era_year(m.group(1), m.group(2))
        month, day = int(m.group(3)), m.group(4)
    else:
        m = re.fullmatch(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*月?(?:\s*(\d{1,2})\s*日)?", s)
        if not m:
            raise ValueError("not a date")
        year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    if not 1 <= month <= 12:
        raise ValueError("month out of range")
    last = calendar.monthrange(year, month)[1]
    d = last if day is None else int(day)
    if not 1 <= d <= last:
        raise ValueError("day out of range")
    return dt.date(year, month, d)


# The scales a document prints large figures in (千人, 万人, 千円, 億円): the dashboard shows a
# figure in the scale its document printed it in. Other ratios (約８割 = 80%, 2:13 = 133 分) are
# not a scale of the unit, and read 1.
PRINTED_SCALES = (1000, 10_000, 100_000_000)
_FIRST_NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def printed_form(printed: str | None, value: float | None) -> tuple[int | None, int | None]:
    """(scale, decimals) of a figure as printed: '36,411' for 36411000 -> (1000, 0); '144.2' for
    1442000 -> (10000, 1); '95.0%' -> (1, 1). (None, None) when there is no figure to compare."""
    if printed is None or value is None:
        return None, None
    match = _FIRST_NUMBER_RE.search(normalise_text(printed))
    if match is None:
        return None, None
    text = match.group(0).replace(",", "")
    number = float(text)
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    scale = 1
    if number:
        ratio = abs(value) / number
        scale = next((s for s in PRINTED_SCALES if abs(ratio - s) <= s * 1e-9), 1)
    return scale, decimals
