"""支部 月次: a branch metric month by month: the metric picker's labels, the years shown, the
partial years, the printed targets, the one-figure-a-year bars and the table of months and year figures."""

from __future__ import annotations

import pandas as pd

from kenpo import exports
from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.figures import MOST_DECIMALS, decimals_of
from kenpo.fiscal import fiscal_month_label
from kenpo.labels import fiscal_year_label


@derived
def printed_difference(metric: str, unit: str) -> bool:
    """A metric named '…前年度比' counted in 件 / 円 is the year-on-year difference the document
    prints (e.g. 002 外傷点検 「前年度比 270件」 = 2,590 − 2,320), not a ratio."""
    return metric.endswith("前年度比") and unit not in ("%", "倍", "")


@derived
def monthly_metric_label(metric: str, unit: str) -> str:
    """The metric as the picker and the chart title name it (a printed difference says so)."""
    return f"{metric}（資料に印字された前年度との差）" if printed_difference(metric, unit) else metric


@derived
def metric_labels(metrics: pd.DataFrame) -> dict[str, str]:
    """metric -> label shown in the picker, for every metric of a branch's monthly catalogue."""
    return {m: monthly_metric_label(m, u) for m, u in zip(metrics["metric"], metrics["unit"].fillna(""))}


@derived
def bases_of(metrics: pd.DataFrame, metric: str) -> list[str]:
    """The bases (単月 / 累計 …) a metric is printed in."""
    return metrics.loc[metrics["metric"] == metric, "basis"].tolist()


@derived
def select_years(series: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    return series[series["fiscal_year"].isin(years)]


def _month_name(fiscal_month) -> str:
    return fiscal_month_label(int(fiscal_month))


def _covered(basis: str, fiscal_months: pd.Series) -> tuple[str, bool]:
    """What a fiscal year's printed figures cover, and whether that is less than the whole year.
    Counted in months covered, not in points: a 累計 at month m covers April..m; a 時点 figure is
    the stock at the end of its month; 単月 figures cover the months printed."""
    months = sorted(int(m) for m in fiscal_months.dropna().unique())
    if not months:
        return "", False
    last = months[-1]
    if basis == "累計":
        return ("年度計（4〜3月累計）" if last == 12 else f"4〜{_month_name(last)}累計"), last < 12
    if basis == "時点":
        return f"{_month_name(last)}末時点", last < 12
    if len(months) == 1:
        return f"{_month_name(last)}のみ", True
    return f"{len(months)}か月分", len(months) < 12


@derived
def partial_year_labels(series: pd.DataFrame) -> list[str]:
    """'令和6年度（4〜11月累計）' / '令和6年度（7か月分）' / '令和6年度（11月末時点）' for each fiscal
    year whose printed figures cover less than the whole year."""
    printed = series[series["value"].notna()]
    out = []
    for year, rows in printed.groupby("fiscal_year"):
        text, partial = _covered(rows["basis"].iloc[0], rows["fiscal_month"])
        if partial:
            out.append(fiscal_year_label(year) + f"（{text}）")
    return out


@derived
def once_a_year(series: pd.DataFrame) -> bool:
    """True when the document prints at most one figure per fiscal year (a 上期 or 第三四半期 累計,
    a stock at one month): a yearly series, not a monthly line."""
    printed = series[series["value"].notna()]
    return bool(len(printed)) and int(printed.groupby("fiscal_year").size().max()) == 1


@derived
def yearly_bars_frame(series: pd.DataFrame) -> pd.DataFrame:
    """One bar per fiscal year for charts.bars, labelled with the period the figure covers
    ('令和4年度（4〜9月累計）'), oldest first."""
    printed = series[series["value"].notna()].sort_values("fiscal_year")
    labels = [
        f"{fiscal_year_label(y)}（{_covered(b, pd.Series([m]))[0]}）"
        for y, b, m in zip(printed["fiscal_year"], printed["basis"], printed["fiscal_month"])
    ]
    return pd.DataFrame(
        {
            "label": labels,
            "value": printed["value"].astype(float).to_numpy(),
        }
    )


@derived
def monthly_chart_frame(shown: pd.DataFrame) -> pd.DataFrame:
    """The chosen years' months for charts.monthly_lines, with the period in words (令和6年度 11月)."""
    return shown.assign(period=[f"{y} {m}" for y, m in zip(shown["fiscal_year_label"], shown["month_label"])])


@derived
def monthly_targets(printed: pd.DataFrame, basis: str, years: list[int]) -> list[tuple[str, float]]:
    """The printed targets to draw across a monthly chart: ('目標', 95.0), or one per fiscal year
    when they differ. A rate's target applies to every month; a count's target (a year-end level
    such as 1,580 事業所) only to a 累計 or 時点 line, never to one month's 単月 count."""
    rows = printed[(printed["kind"] == "目標") & printed["value"].notna() & printed["fiscal_year"].isin(years)]
    if rows.empty or (basis == "単月" and not (rows["unit"] == "%").all()):
        return []
    rows = rows.drop_duplicates("fiscal_year").sort_values("fiscal_year")
    if rows["value"].nunique() == 1 and len(rows) == len(set(years)):  # one target for every year shown
        return [("目標", float(rows["value"].iloc[0]))]
    return [(f"目標（{fiscal_year_label(y)}）", float(v)) for y, v in zip(rows["fiscal_year"], rows["value"])]


@derived
def months_above_prior_year(
    series: pd.DataFrame, fiscal_year: int, direction: str | None
) -> tuple[int, int, list[str]]:
    """(months better than the same month a year earlier, months compared, those months' labels
    in April→March order) in ``fiscal_year``."""
    rows = series[(series["fiscal_year"] == fiscal_year) & series["prior_value"].notna()].sort_values("fiscal_month")
    better = rows["difference"] < 0 if direction == "lower" else rows["difference"] > 0
    return int(better.sum()), int(len(rows)), rows.loc[better, "month_label"].tolist()


# The order of a year's printed figures after its months: the year's actual, its target, its rank.
_PRINTED_KIND_ORDER = {"実績": 0, "目標": 1, "順位": 2}


YEAR_ROW = "年度"  # the 月 cell of a figure printed for the whole year


def _decimals(series: pd.DataFrame) -> int:
    """The decimals a difference of these figures needs: the most any of them has."""
    values = pd.to_numeric(series["value"], errors="coerce").dropna()
    return min(max((decimals_of(float(v)) for v in values), default=0), MOST_DECIMALS)


@derived
def monthly_table(series: pd.DataFrame, printed: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Per fiscal year: the months (April→March) with the prior year's month, difference and ratio,
    then the figures the document prints for that year beside the months (計 / 平均 / 年度末,
    target, rank), as it prints them: 月 reads 年度 and the prior-year columns stay empty.
    Only ``years`` (the years chosen on screen); source and section on every row."""
    months = pd.DataFrame(
        {
            "年度": series["fiscal_year_label"],
            "月": series["month_label"],
            "種別": series["kind"],
            "集計区分": series["basis"],
            "値": series["value"],
            "単位": series["unit"],
            "前年度同月": series["prior_value"],
            "前年差": exports.rounded(series["difference"], _decimals(series)),
            exports.CHANGE_RATE: exports.change_rate(series["ratio"]),
            "出典": short_titles(series["source"]),
            "出典箇所": series["section"],
            "_year": series["fiscal_year"],
            "_order": series["fiscal_month"].astype(float),
        }
    )
    year_rows = printed[printed["fiscal_year"].isin(years)]
    yearly = pd.DataFrame(
        {
            "年度": year_rows["fiscal_year_label"],
            "月": YEAR_ROW,
            "種別": year_rows["kind"],
            "集計区分": year_rows["basis"],
            "値": year_rows["value"],
            "単位": year_rows["unit"],
            "出典": short_titles(year_rows["source"]),
            "出典箇所": year_rows["section"],
            "_year": year_rows["fiscal_year"],
            # built as numbers from the start: mapping an empty text column keeps its text dtype
            "_order": pd.Series(
                [100 + _PRINTED_KIND_ORDER.get(kind, len(_PRINTED_KIND_ORDER)) for kind in year_rows["kind"]],
                index=year_rows.index,
                dtype="float64",
            ),
        }
    )
    parts = [part for part in (months, yearly) if len(part)]
    if not parts:
        return months.drop(columns=["_year", "_order"]).reset_index(drop=True)
    out = pd.concat(parts, ignore_index=True).sort_values(["_year", "_order"], kind="stable")
    return out.drop(columns=["_year", "_order"]).reset_index(drop=True)


@derived
def year_rows_note(table: pd.DataFrame) -> str:
    """How to read a monthly table's year rows, when it has any."""
    if not (table["月"] == YEAR_ROW).any():
        return ""
    return f"各年度の月の後の「{YEAR_ROW}」の行は、資料に印字された年度の値（計・平均・年度末・目標・順位）です。"


@derived
def monthly_export(
    series: pd.DataFrame,
    printed: pd.DataFrame,
    years: list[int],
    facts: pd.DataFrame,
    sources: pd.DataFrame,
    estimate: pd.DataFrame | None = None,
) -> exports.Export:
    """The download of the monthly table (kenpo.exports): the same rows in the same order, the
    months with 行の種類 月 and the printed year figures with 行の種類 年度 (never summed with the
    months); the prior year's month, the difference and the rate of change as derived columns."""
    decimals = _decimals(series)
    months = exports.part(
        series,
        fiscal_year="fiscal_year",
        month="month",
        branch=series["scope"],
        scope="scope",
        metric="metric",
        kind="kind",
        basis="basis",
        as_of="as_of",
        value="value",
        unit="unit",
        source="source",
        section="section",
        **{
            "前年度同月の値": exports.rounded(series["prior_value"], decimals),
            "前年差（計算）": exports.rounded(series["difference"], decimals),
            exports.CHANGE_RATE: exports.change_rate(series["ratio"]),
            "_order": series["fiscal_month"].astype(float),
        },
    )
    year_rows = printed[printed["fiscal_year"].isin(years)]
    yearly = exports.part(
        year_rows,
        fiscal_year="fiscal_year",
        branch=year_rows["scope"],
        scope="scope",
        metric="metric",
        kind="kind",
        basis="basis",
        as_of="as_of",
        value="value",
        unit="unit",
        decimals="printed_decimals",
        source="source",
        section="section",
        _order=[100 + _PRINTED_KIND_ORDER.get(k, len(_PRINTED_KIND_ORDER)) for k in year_rows["kind"]],
    )
    # ``estimate``: a pacing estimate's rows (kenpo.shaping.pacing.export_rows), after the year's figures
    extra = estimate if estimate is not None and len(estimate) else months.iloc[0:0]
    rows = pd.concat([p for p in (months, yearly, extra) if len(p)] or [months], ignore_index=True)
    rows = rows.sort_values(["fiscal_year", "_order"], kind="stable").drop(columns="_order")
    derived_decimals = {"前年度同月の値": decimals, "前年差（計算）": decimals, exports.CHANGE_RATE: 1}
    return exports.export([rows], printed=facts, sources=sources, column_decimals=derived_decimals)
