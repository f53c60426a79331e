"""How a figure is shown, everywhere on screen (charts, tables, cards, tooltips, captions): in
the scale its document printed it in (36,411千人, 144.2万人), with the decimals it was printed
with (95.0%, 0.337), with thousands separators, and its years and dates in the documents' era
style (令和5年度, 令和3年6月末). Figures are stored in base units with the scale and decimals they
were printed in (printed_scale, printed_decimals; kenpo.build.parsing.printed_form)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kenpo.fiscal import era_date, fiscal_year_label

SCALE_PREFIXES = {1: "", 1000: "千", 10_000: "万", 100_000_000: "億"}
# A unit whose scaled form the documents write with another word: 003 prints establishments in
# 千カ所 (its table header), never 千事業所.
SCALED_UNIT_WORDS = {"事業所": "カ所"}
MOST_DECIMALS = 3


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def decimals_of(value: float, most: int = MOST_DECIMALS) -> int:
    """The decimals a stored number needs (printed rounding is kept): 95.5 -> 1, 0.337 -> 3."""
    for d in range(most + 1):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return most


@dataclass(frozen=True)
class Shown:
    """How one series of figures (one unit) is shown: ``scale`` of the base unit, the unit as
    printed (``label``: 千人) and the decimals."""

    unit: str
    scale: int = 1
    decimals: int = 0

    @property
    def label(self) -> str:
        if self.scale == 1:
            return self.unit
        return f"{SCALE_PREFIXES.get(self.scale, '')}{SCALED_UNIT_WORDS.get(self.unit, self.unit)}"

    def number(self, value) -> float | None:
        """The figure in the printed scale, rounded to the printed decimals (None when missing)."""
        return None if _missing(value) else round(float(value) / self.scale, self.decimals)

    def numbers(self, values: pd.Series) -> pd.Series:
        return (pd.to_numeric(values, errors="coerce") / self.scale).round(self.decimals)

    def text(self, value, *, sign: bool = False, unit: bool = True, decimals: int | None = None) -> str:
        """'36,411千人', '95.0%', '+0.3ポイント' with ``sign``; '—' when missing."""
        if _missing(value):
            return "—"
        d = self.decimals if decimals is None else decimals
        number = f"{float(value) / self.scale:{'+' if sign else ''},.{d}f}"
        return number + (self.label if unit else "")

    def d3_format(self) -> str:
        """The d3 format of an axis or tooltip in this form: ',.1f'."""
        return f",.{self.decimals}f"


def shown(frame: pd.DataFrame, *, value: str = "value", unit: str = "unit") -> Shown:
    """How the figures of ``frame`` (one unit) are shown: the scale most of them were printed in
    (the smaller on a tie; 1 where the printed scale is unknown), and the most decimals printed at
    that scale (or, for figures without printed decimals, the decimals their values need)."""
    units = frame[unit].dropna().unique() if unit in frame.columns else []
    name = str(units[0]) if len(units) else ""
    rows = frame[frame[value].notna()] if value in frame.columns else frame.iloc[0:0]
    if not len(rows):
        return Shown(name)
    scales = rows["printed_scale"].dropna().astype(int) if "printed_scale" in rows.columns else pd.Series([], dtype=int)
    counts = scales.value_counts()
    scale = int(min(counts[counts == counts.max()].index)) if len(counts) else 1
    at_scale = rows[scales.reindex(rows.index).fillna(1).astype(int) == scale]
    printed = at_scale["printed_decimals"].dropna() if "printed_decimals" in at_scale.columns else pd.Series([])
    needed = max((decimals_of(float(v) / scale) for v in at_scale[value]), default=0)
    decimals = int(printed.max()) if len(printed) else needed
    return Shown(name, scale, min(max(decimals, 0), MOST_DECIMALS))


def value_text(value, unit: str, *, printed_scale=None, printed_decimals=None) -> str:
    """One figure as printed: in its printed scale and decimals when known ('39,559千人'), else
    with the decimals its value needs ('0.337%', '4,369円')."""
    if _missing(value):
        return "—"
    scale = int(printed_scale) if not _missing(printed_scale) else 1
    decimals = int(printed_decimals) if not _missing(printed_decimals) else decimals_of(float(value) / scale)
    return Shown(unit or "", scale, decimals).text(value)


def year_text(year) -> str:
    """A fiscal year as the dashboard writes it: '令和5年度'."""
    return "—" if _missing(year) else fiscal_year_label(int(year))


def year_choice(year) -> str:
    """A fiscal year where there is room for both: '令和5年度（2023）'."""
    return f"{fiscal_year_label(int(year))}（{int(year)}）"


def date_text(value) -> str:
    """A date as the documents write it: '令和3年6月末'; '' when missing."""
    if _missing(value):
        return ""
    date = pd.Timestamp(value).date() if type(value) is not dt.date else value
    return era_date(date)


def dates_text(values: pd.Series) -> pd.Series:
    return values.map(date_text)


def column_formats(frame: pd.DataFrame, unit_column: str = "単位") -> dict[str, str]:
    """The number format of each numeric column of a table (st.column_config): thousands
    separators and the decimals its figures need ('%,d', '%,.1f'); 'localized' where a column
    mixes units (the data browser), so that each figure keeps its own decimals."""
    mixed = unit_column in frame.columns and frame[unit_column].dropna().nunique() > 1
    formats = {}
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        data = values.dropna()
        if column.endswith("年度") or column in ("行", "月"):  # a year or a line number: no separator
            formats[column] = "%d"
            continue
        if mixed and column == "値":
            formats[column] = "localized"
            continue
        decimals = max((decimals_of(float(v)) for v in data), default=0)
        formats[column] = "%,d" if decimals == 0 else f"%,.{decimals}f"
    return formats
