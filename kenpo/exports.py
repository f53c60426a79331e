"""The export contract: what every page's download (CSV and Excel workbook) contains.

Tidy long rows, one figure a row, the same columns in the same order on every page
(``CONTRACT``), then the page's own columns: derived figures, named with （計算）, and text
attributes (a verdict, a note). A page's shaping module builds its export with ``export`` from
the rows it already has; ``kenpo.downloads`` writes it.

- 行の種類: 月 (a month's figure), 年度 (a figure for a whole year: a printed 計 / 平均 / 年度末,
  a target, a rank) or 時点 (a stock at a date). Year figures printed beside months stand in their
  own rows: summing 値 by 年度 over 行の種類 = 月 never counts a printed total twice.
- 年度 is the fiscal year as a number (2023), 年度表示 as printed (令和5年度); 月 the calendar
  month (1–12) and 月順 its place in the fiscal year (April = 1), both empty for a year figure.
- 値 is in the unit shown on screen (単位: 千人 where the document prints 千人), rounded to the
  decimals the document printed it with.
- One scale for a rate of change on every page: 増減率（%）, a percentage change (+2.1 = 2.1% more
  than the prior year); a document's own printed rate is a row of its own (its 指標 says so).
- 出典 is the document's short title (kenpo.documents), 出典箇所 the heading it stands under, and
  資料上の表記 the figure exactly as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kenpo.figures import Shown, dates_text, decimals_of
from kenpo.fiscal import fiscal_month_index, fiscal_year_label

CONTRACT = (
    "行の種類",
    "年度",
    "年度表示",
    "月",
    "月順",
    "支部",
    "範囲",
    "指標",
    "種別",
    "集計区分",
    "時点",
    "値",
    "単位",
    "資料上の表記",
    "出典",
    "出典箇所",
)
ROW_MONTH, ROW_YEAR, ROW_POINT = "月", "年度", "時点"
CHANGE_RATE = "増減率（%・計算）"  # (this year / prior year − 1) × 100, one decimal, on every page
CHANGE_RATE_DECIMALS = 1
# the columns a part (one kind of row) gives; any other column is the page's own, kept as it is
PART_COLUMNS = (
    "fiscal_year",
    "month",
    "branch",
    "scope",
    "metric",
    "kind",
    "basis",
    "as_of",
    "value",
    "unit",
    "scale",
    "decimals",
    "source",
    "section",
    "printed",
    "printed_scale",
)
_KEY = ["source", "scope", "metric", "kind", "fiscal_year", "month"]


@dataclass(frozen=True)
class Export:
    """A page's download: the rows (``frame``, contract columns first), the decimals each row's
    値 is printed with, the decimals of each derived number column, and the documents and
    sections of the rows (the workbook's 出典 sheet)."""

    frame: pd.DataFrame
    value_decimals: tuple[int, ...] = ()
    column_decimals: dict[str, int] = field(default_factory=dict)
    documents: pd.DataFrame = field(default_factory=pd.DataFrame)
    sections: pd.DataFrame = field(default_factory=pd.DataFrame)


def unit_label(unit: str, scale: int) -> str:
    """'人' at scale 1000 -> '千人': kenpo.figures.Shown.label, the one owner of unit names."""
    return Shown(unit, int(scale) if scale else 1).label


def change_rate(ratio: pd.Series) -> pd.Series:
    """A ratio to the prior year (1.021) as 増減率（%）(2.1)."""
    return ((pd.to_numeric(ratio, errors="coerce") - 1) * 100).round(CHANGE_RATE_DECIMALS)


def rounded(values: pd.Series, decimals: int) -> pd.Series:
    """A derived column without binary noise (-6.34, not -6.33999999999999)."""
    return pd.to_numeric(values, errors="coerce").round(decimals)


def round_like(values: pd.Series, *like: pd.Series) -> pd.Series:
    """Each value rounded to the most decimals of the figures it was derived from, row by row (a
    gap of 17.7 and 19.8 is -2.1)."""
    numbers = pd.to_numeric(values, errors="coerce")
    places = [
        max((decimals_of(float(x)) for x in xs if pd.notna(x)), default=0)
        for xs in zip(*(pd.to_numeric(s, errors="coerce") for s in like))
    ]
    return pd.Series(
        [None if pd.isna(v) else round(float(v), d) for v, d in zip(numbers, places)],
        index=values.index,
        dtype="Float64",
    )


def part(rows: pd.DataFrame, **columns) -> pd.DataFrame:
    """One kind of export row from ``rows``: each keyword is a column name of ``rows`` (str) or
    the values themselves (a scalar or a list/Series of len(rows)). Missing contract parts are empty."""
    out = pd.DataFrame(index=rows.index)
    for name, spec in columns.items():
        if isinstance(spec, str) and name in PART_COLUMNS and spec in rows.columns:
            out[name] = rows[spec]
        elif isinstance(spec, (list, tuple)):
            out[name] = list(spec)
        else:
            out[name] = spec
    return out.reset_index(drop=True)


def _decimals(value, decimals) -> int:
    if pd.isna(value):
        return 0
    return int(decimals) if pd.notna(decimals) else decimals_of(float(value))


def export(
    parts: list[pd.DataFrame],
    *,
    printed: pd.DataFrame | None,
    sources: pd.DataFrame,
    column_decimals: dict[str, int] | None = None,
) -> Export:
    """The export of a page from its parts (see ``part``), in the order given: each row gets its
    printed text and printed decimals from ``printed`` (queries.printed_figures: the facts of the
    rows' documents and metrics), its figure in the shown scale rounded to those decimals, its
    labels, and its document by short title."""
    short_titles = dict(zip(sources["source"], sources["short_title"]))
    rows = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else parts[0]
    for column in PART_COLUMNS:
        if column not in rows.columns:
            rows[column] = None
    rows["fiscal_year"] = pd.to_numeric(rows["fiscal_year"], errors="coerce").astype("Int64")
    rows["month"] = pd.to_numeric(rows["month"], errors="coerce").astype("Int64")
    rows["scale"] = pd.to_numeric(rows["scale"], errors="coerce").fillna(1).astype(int)
    text = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    printed_decimals = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    printed_scale = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    if printed is not None and len(printed) and len(rows):
        lookup = printed[[*_KEY, "printed", "printed_decimals", "printed_scale", "basis"]].copy()
        lookup["fiscal_year"] = lookup["fiscal_year"].astype("Int64")
        lookup["month"] = pd.to_numeric(lookup["month"], errors="coerce").astype("Int64")
        lookup = lookup.drop_duplicates(_KEY)
        keys = rows[[*_KEY, "basis"]].copy()
        keys["kind"] = keys["kind"].fillna("実績")
        found = keys.merge(lookup, on=_KEY, how="left")
        text, printed_decimals, printed_scale, basis = (
            found[c].set_axis(rows.index) for c in ("printed", "printed_decimals", "printed_scale", "basis_y")
        )
        rows["basis"] = rows["basis"].where(rows["basis"].notna(), basis)  # a mart that leaves the basis out
    own = rows["printed"].notna()  # a row that brings its own printed text (the data page's facts)
    text = rows["printed"].where(own, text)
    printed_scale = rows["printed_scale"].where(own, printed_scale)
    decimals = rows["decimals"].where(rows["decimals"].notna(), printed_decimals)
    # printed decimals hold in the printed scale; in another scale the figure keeps what it needs
    same_scale = pd.to_numeric(printed_scale, errors="coerce").fillna(1).astype(int) == rows["scale"]
    decimals = decimals.where(same_scale | rows["decimals"].notna(), None)
    numbers = pd.to_numeric(rows["value"], errors="coerce") / rows["scale"]
    value_decimals = [_decimals(v, d) for v, d in zip(numbers, decimals)]
    values = [None if pd.isna(v) else round(float(v), d) for v, d in zip(numbers, value_decimals)]
    months = rows["month"]
    kinds = [
        ROW_MONTH if pd.notna(m) else ROW_POINT if b == "時点" else ROW_YEAR for m, b in zip(months, rows["basis"])
    ]
    frame = pd.DataFrame(
        {
            "行の種類": kinds,
            "年度": rows["fiscal_year"],
            "年度表示": [None if pd.isna(y) else fiscal_year_label(int(y)) for y in rows["fiscal_year"]],
            "月": months,
            "月順": pd.array([None if pd.isna(m) else fiscal_month_index(int(m)) for m in months], dtype="Int64"),
            "支部": rows["branch"].fillna(""),
            "範囲": rows["scope"].fillna(""),
            "指標": rows["metric"].fillna(""),
            "種別": rows["kind"].fillna(""),
            "集計区分": rows["basis"].fillna(""),
            "時点": dates_text(rows["as_of"]),
            "値": pd.array(values, dtype="Float64"),
            "単位": [unit_label(u, s) if isinstance(u, str) else "" for u, s in zip(rows["unit"], rows["scale"])],
            "資料上の表記": text.fillna("").astype(str),
            "出典": rows["source"].map(lambda s: short_titles.get(s, s) if isinstance(s, str) else ""),
            "出典箇所": rows["section"].fillna(""),
        }
    )
    extra = [c for c in rows.columns if c not in PART_COLUMNS]
    for column in extra:
        frame[column] = rows[column].to_numpy()
    used = rows["source"].dropna().unique().tolist()
    documents = sources[sources["source"].isin(used)]
    documents = pd.DataFrame(
        {
            "出典": documents["short_title"],
            "資料名": documents["title"],
            "発行": documents["publisher"],
            "対象期間": documents["period"],
        }
    ).reset_index(drop=True)
    sections = frame.loc[frame["出典"] != "", ["出典", "出典箇所"]].drop_duplicates().reset_index(drop=True)
    return Export(frame, tuple(value_decimals), dict(column_decimals or {}), documents, sections)
