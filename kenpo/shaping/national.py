"""全国: the yearly series, the monthly flows, the KPI matrix and table, the health-check counts."""

from __future__ import annotations

import pandas as pd

from kenpo import exports, figures
from kenpo.charts.palette import NATIONAL, NATIONAL_COLOR
from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.figures import dates_text
from kenpo.labels import DIRECTIONS, fiscal_year_label


@derived
def shown(frame: pd.DataFrame) -> figures.Shown:
    """How a national frame's figures read: 003 prints members in 千人, monthly flows in 万人."""
    return figures.shown(frame)


@derived
def national_series_frame(series: pd.DataFrame, metric: str) -> pd.DataFrame:
    form = shown(series)
    return pd.DataFrame(
        {
            "series": f"{NATIONAL} {metric}",
            "fiscal_year": series["fiscal_year"].astype(int),
            "year_label": series["fiscal_year_label"],
            "period": [
                f"{label}（{figures.date_text(d)}）" if figures.date_text(d) else label
                for label, d in zip(series["fiscal_year_label"], series["as_of"])
            ],
            "value": form.numbers(series["value"]),
            "color": NATIONAL_COLOR,
            "dashed": False,
            "partial": False,
            "tip_前年度比（資料）": [f"{r:+.1f}%" if pd.notna(r) else None for r in series["printed_yoy_rate"]],
        }
    )


@derived
def national_series_table(series: pd.DataFrame) -> pd.DataFrame:
    form = shown(series)
    return pd.DataFrame(
        {
            "年度": series["fiscal_year_label"],
            "値": form.numbers(series["value"]),
            "単位": form.label,
            "時点": dates_text(series["as_of"]),
            "増減率（%・資料の値）": series["printed_yoy_rate"],
            f"前年差（計算, {form.label}）": form.numbers(series["difference"]),
            "出典": short_titles(series["source"]),
            "出典箇所": series["section"],
        }
    ).reset_index(drop=True)


@derived
def national_monthly_frame(monthly: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Monthly national flows shaped for charts.monthly_lines: one line per chosen metric, in the
    document's 万人."""
    rows = monthly[monthly["metric"].isin(metrics)]
    return pd.DataFrame(
        {
            "fiscal_year_label": rows["metric"],
            "fiscal_year": rows["metric"].map({m: i for i, m in enumerate(metrics)}),
            "fiscal_month": rows["fiscal_month"],
            "period": [f"{fiscal_year_label(y)} {m}" for y, m in zip(rows["fiscal_year"], rows["month_label"])],
            "value": shown(monthly).numbers(rows["value"]),
            "prior_value": None,
            "difference": None,
        }
    )


@derived
def national_monthly_table(monthly: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    rows = monthly[monthly["metric"].isin(metrics)]
    form = shown(monthly)
    return pd.DataFrame(
        {
            "指標": rows["metric"],
            "年度": rows["fiscal_year"].map(fiscal_year_label),
            "月": rows["month_label"],
            "値": form.numbers(rows["value"]),
            "単位": form.label,
            "年度計（資料の値）": form.numbers(rows["printed_year_total"]),
            "出典": short_titles(rows["source"]),
            "出典箇所": rows["section"],
        }
    ).reset_index(drop=True)


@derived
def fiscal_years_text(frame: pd.DataFrame) -> str:
    return "・".join(fiscal_year_label(y) for y in sorted(frame["fiscal_year"].unique()))


@derived
def national_kpi_cells(kpi: pd.DataFrame) -> pd.DataFrame:
    """Cells for charts.achievement_matrix from the national KPI table (verdict = the printed status)."""
    rows = []
    for r in kpi.itertuples(index=False):
        unit = r.unit or ""
        result = figures.value_text(r.result, unit, printed_decimals=r.result_decimals)
        target = figures.value_text(r.target, unit, printed_decimals=r.target_decimals)
        rows.append(
            {
                "metric": r.metric,
                "fiscal_year": int(r.fiscal_year),
                "year_label": fiscal_year_label(r.fiscal_year),
                "verdict": r.status,
                "cell_text": f"{result}（目標 {target}）",
                "actual_text": result,
                "target_text": target,
                "national_text": result,
                "rank_text": "—",
                "direction_text": DIRECTIONS.get(r.direction, "未設定") if isinstance(r.direction, str) else "未設定",
                "status": r.status,
            }
        )
    return pd.DataFrame(rows)


@derived
def national_kpi_table(kpi: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "指標": kpi["metric"],
            "年度": kpi["fiscal_year"].map(fiscal_year_label),
            "目標": kpi["target"],
            "実績": kpi["result"],
            "単位": kpi["unit"],
            "評価（資料）": kpi["status"],
            "望ましい方向": kpi["direction"].map(DIRECTIONS).fillna("未設定"),
            "出典": short_titles(kpi["source"]),
            "出典箇所": kpi["section"],
        }
    ).reset_index(drop=True)


@derived
def health_check_units(counts: pd.DataFrame) -> list[str]:
    """The units of the health-check counts (人, 事業所): one chart each, never two on one axis."""
    return list(dict.fromkeys(counts["unit"].dropna()))


@derived
def health_check_frame(counts: pd.DataFrame, unit: str) -> pd.DataFrame:
    return counts.loc[counts["unit"] == unit, ["metric", "fiscal_year_label", "value"]].reset_index(drop=True)


@derived
def health_check_table(counts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "指標": counts["metric"],
            "年度": counts["fiscal_year_label"],
            "値": counts["value"],
            "単位": counts["unit"],
            "前年度差（計算）": exports.round_like(counts["difference"], counts["value"], counts["prior_value"]),
            exports.CHANGE_RATE: exports.change_rate(counts["ratio"]),
            "出典": short_titles(counts["source"]),
            "出典箇所": counts["section"],
        }
    ).reset_index(drop=True)


RATE_SUFFIX = " 前年度対比の増減率"  # how 003 names its printed rate of a series (national_series)


@derived
def series_export(series: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The 推移 download: each year's level in the printed scale, then the document's own printed
    rate of change (増減率, %) as a row of its own; the difference as a derived column."""
    form = shown(series)
    levels = exports.part(
        series,
        fiscal_year="fiscal_year",
        scope=NATIONAL,
        metric="metric",
        kind="実績",
        basis="basis",
        as_of="as_of",
        value="value",
        unit="unit",
        scale=form.scale,
        source="source",
        section="section",
        **{f"前年差（計算, {form.label}）": form.numbers(series["difference"]), "_order": series["fiscal_year"] * 10},
    )
    rated = series[series["printed_yoy_rate"].notna()]
    rates = exports.part(
        rated,
        fiscal_year="fiscal_year",
        scope=NATIONAL,
        metric=[m + RATE_SUFFIX for m in rated["metric"]],
        kind="実績",
        basis="basis",
        value="printed_yoy_rate",
        unit="%",
        source="source",
        section="section",
        _order=rated["fiscal_year"] * 10 + 1,
    )
    rows = pd.concat([p for p in (levels, rates) if len(p)] or [levels], ignore_index=True)
    rows = rows.sort_values("_order", kind="stable").drop(columns="_order")
    return exports.export(
        [rows], printed=facts, sources=sources, column_decimals={f"前年差（計算, {form.label}）": form.decimals}
    )


@derived
def monthly_export(
    monthly: pd.DataFrame, metrics: list[str], facts: pd.DataFrame, sources: pd.DataFrame
) -> exports.Export:
    """The 月別 download: the months (行の種類 月) and each year's printed total (行の種類 年度)."""
    form = shown(monthly)
    rows = monthly[monthly["metric"].isin(metrics)]
    common = {"fiscal_year": "fiscal_year", "scope": NATIONAL, "metric": "metric", "kind": "実績", "unit": "unit"}
    months = exports.part(
        rows,
        **common,
        month="month",
        basis="basis",
        value="value",
        scale=form.scale,
        source="source",
        section="section",
    )
    totals = rows[rows["printed_year_total"].notna()].drop_duplicates(["metric", "fiscal_year"])
    yearly = exports.part(
        totals, **common, basis="年度", value="printed_year_total", scale=form.scale, source="source", section="section"
    )
    # each metric's year: its months, then its printed total
    order = {m: i for i, m in enumerate(metrics)}
    rows = pd.concat([p for p in (months, yearly) if len(p)] or [months], ignore_index=True)
    rows = rows.assign(
        _metric=rows["metric"].map(order), _month=[13 if pd.isna(m) else (m - 4) % 12 for m in rows["month"]]
    ).sort_values(["_metric", "fiscal_year", "_month"], kind="stable")
    return exports.export([rows.drop(columns=["_metric", "_month"])], printed=facts, sources=sources)


@derived
def kpi_export(kpi: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The KPI download: per item its target and its result, each with the printed verdict."""
    parts = []
    for kind, column, decimals in (("目標", "target", "target_decimals"), ("実績", "result", "result_decimals")):
        parts.append(
            exports.part(
                kpi,
                fiscal_year="fiscal_year",
                scope=NATIONAL,
                metric="metric",
                kind=kind,
                value=column,
                unit="unit",
                decimals=decimals,
                source="source",
                section="section",
                **{
                    "評価（資料）": kpi["status"],
                    "望ましい方向": kpi["direction"].map(DIRECTIONS).fillna("未設定"),
                    "_order": pd.Series(range(len(kpi)), index=kpi.index) * 2 + (kind == "実績"),
                },
            )
        )
    rows = pd.concat(parts, ignore_index=True).sort_values("_order", kind="stable").drop(columns="_order")
    return exports.export([rows], printed=facts, sources=sources)


@derived
def health_check_export(counts: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The 健診等 download: each count, with the change from the prior year as derived columns."""
    rows = exports.part(
        counts,
        fiscal_year="fiscal_year",
        scope=NATIONAL,
        metric="metric",
        kind="実績",
        value="value",
        unit="unit",
        source="source",
        section="section",
        **{
            "前年度差（計算）": exports.round_like(counts["difference"], counts["value"], counts["prior_value"]),
            exports.CHANGE_RATE: exports.change_rate(counts["ratio"]),
        },
    )
    return exports.export([rows], printed=facts, sources=sources, column_decimals={exports.CHANGE_RATE: 1})
