"""How values read on a chart: number formats, tooltip text and the value axis.

Rate lines are scaled to their data so differences show; bars and counts start at zero; tick
labels carry the decimals of the tick step; tooltips carry exact values and never read "null".
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from kenpo.charts.palette import MUTED_COLOR


def number_format(unit: str, values: pd.Series | None = None) -> str:
    """d3 format for axis and tooltip: rates with their printed decimals, counts with separators."""
    if values is not None and len(values.dropna()):
        decimals = max(decimals_of(v) for v in values.dropna())
    else:
        decimals = 1 if unit == "%" else 0
    return f",.{decimals}f"


def decimals_of(value: float, most: int = 3) -> int:
    for d in range(0, most + 1):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return most


def format_decimals(fmt: str) -> int:
    """The decimals of a d3 format ``,.{n}f``."""
    return int(fmt.rsplit(".", 1)[1].rstrip("f"))


def is_count(unit: str, values: pd.Series) -> bool:
    return unit != "%" and format_decimals(number_format(unit, values)) == 0


def format_number(value, decimals: int, sign: bool = False) -> str:
    """Python's rendering of the d3 format ``,.{decimals}f`` (``+`` with ``sign``); "—" for a missing value."""
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):{'+' if sign else ''},.{decimals}f}"


def text_column(values: pd.Series) -> pd.Series:
    """A tooltip column as text: a missing value reads "—", never "null"."""
    return values.map(lambda v: "—" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))


TIP_PREFIX = "tip_"  # a frame's column "tip_前年度比（資料）" is a tooltip field titled 前年度比（資料）


def extra_tooltips(frame: pd.DataFrame) -> list[alt.Tooltip]:
    """The tooltip fields a shaping function added (``tip_<Japanese title>``, as text), those with
    a value; a missing value reads "—"."""
    return [
        alt.Tooltip(f"{c}:N", title=c[len(TIP_PREFIX) :])
        for c in frame.columns
        if c.startswith(TIP_PREFIX) and has_values(frame, c)
    ]


def text_tips(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its tooltip columns as text ("—" where missing)."""
    tips = [c for c in frame.columns if c.startswith(TIP_PREFIX)]
    return frame.assign(**{c: text_column(frame[c]) for c in tips}) if tips else frame


def min_span(unit: str, values) -> float:
    """The smallest span a value axis shows, so that a small difference does not fill the chart:
    5 points for a rate in %, else a tenth of the largest value (a count of 100 spans ≥ 10)."""
    data = [abs(float(v)) for v in values if v is not None and not pd.isna(v)]
    if unit == "%":
        return 5.0
    return 0.1 * max(data) if data else 0.0


def has_values(frame: pd.DataFrame, column: str) -> bool:
    """Whether a tooltip column is worth showing: present, and not all missing or blank."""
    if column not in frame.columns:
        return False
    values = frame[column].dropna()
    return bool(len(values)) and not values.map(lambda v: isinstance(v, str) and not v.strip()).all()


def _tick_step(span: float, count: int) -> float:
    """d3's tick step: 1, 2 or 5 × 10^k, giving about ``count`` intervals over ``span``."""
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    factor = 10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    return float(f"{factor * power:.12g}")


def value_scale(
    values, *, height: int, zero: bool = False, integer: bool = False, span_at_least: float = 0.0, ceiling=None
) -> dict | None:
    """The y (or x) scale of a value axis, decided here rather than by Vega so that

    - the domain is padded (5 % of the data range each side, then out to whole ticks): a point is
      never drawn on or past the axis edge, even for one year or a 0.1-pt range;
    - tick labels have the decimals of the tick step, so ticks never read 100.0, 100.0, 99.9;
    - the label collision check knows how many data units a pixel is.

    Returns {"domain": [lo, hi], "ticks": [...], "format": d3 format, "step": step}, or None when
    there is no value to scale. ``zero`` keeps 0 in the domain (bars, counts); values that are all
    ≥ 0 are never padded below zero; ``integer`` keeps the step ≥ 1 (counts); ``span_at_least``
    widens a narrower range around its middle (see min_span), kept under ``ceiling`` (100 for %)
    and above zero when the data are."""
    data = [float(v) for v in values if v is not None and not pd.isna(v)]
    if not data:
        return None
    low, high = min(data), max(data)
    if zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high - low < span_at_least:
        middle = (high + low) / 2
        low, high = middle - span_at_least / 2, middle + span_at_least / 2
        if ceiling is not None and high > ceiling >= max(data):
            low, high = low - (high - ceiling), float(ceiling)
        if min(data) >= 0 and low < 0:
            low, high = 0.0, high - low
    span = high - low
    if span == 0:
        span = abs(high) * 0.1 or 1.0
        low, high = low - span / 2, high + span / 2
        if min(data) >= 0 and low < 0:
            low = 0.0
    pad = span * 0.05
    lo = low if zero and low == 0 else low - pad
    hi = high if zero and high == 0 else high + pad
    if min(data) >= 0 and lo < 0:
        lo = 0.0
    if ceiling is not None and max(data) <= ceiling < hi:  # a rate's axis stops at 100%
        hi = float(ceiling)
    # The tightest whole-tick domain with at most one tick per ~36 px (up to 7 ticks on a 220-px plot).
    most = max(3, height // 36)
    best = None
    for count in range(3, most + 1):
        step = _tick_step(hi - lo, count)
        if integer:
            step = max(step, 1.0)
        first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
        if last - first > most and best is not None:
            continue
        candidate = ((last - first) * step, last - first, step, first, last)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    _, _, step, first, last = best
    ticks = [float(f"{i * step:.12g}") for i in range(first, last + 1)]
    return {"domain": [ticks[0], ticks[-1]], "ticks": ticks, "format": f",.{decimals_of(step, 6)}f", "step": step}


def value_axis(unit: str, scale: dict | None, fmt: str, **extra) -> alt.Axis:
    """A left value axis whose unit title sits horizontally above the axis (CJK units such as 社 or
    事業所 read upright), right-aligned with the tick labels."""
    title = dict(
        title=unit or None,
        titleAngle=0,
        titleAlign="right",
        titleBaseline="bottom",
        titleAnchor="end",
        titleX=-7,
        titleY=-10,
        titleFontWeight="normal",
        titleColor=MUTED_COLOR,
    )
    if scale is None:
        return alt.Axis(format=fmt, **title, **extra)
    return alt.Axis(format=scale["format"], values=scale["ticks"], **title, **extra)


def y_scale(scale: dict | None, zero: bool) -> alt.Scale:
    if scale is None:
        return alt.Scale(zero=zero)
    return alt.Scale(domain=scale["domain"], zero=False, nice=False)
