"""全国: the yearly series, the monthly flows, the KPI matrix and table, the health-check counts."""

from __future__ import annotations

import pandas as pd

from kenpo import figures
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
            "前年度比（資料の値, %）": series["printed_yoy_rate"],
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
            "前年度差": counts["difference"],
            "前年度比（倍）": counts["ratio"].round(4),
            "出典": short_titles(counts["source"]),
            "出典箇所": counts["section"],
        }
    ).reset_index(drop=True)
