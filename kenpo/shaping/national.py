"""全国: the yearly series, the monthly flows, the KPI matrix and table, the health-check counts."""

from __future__ import annotations

import pandas as pd

from kenpo.charts.palette import NATIONAL, NATIONAL_COLOR
from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.labels import DIRECTIONS, date_text, fiscal_year_label, format_value


@derived
def national_series_frame(series: pd.DataFrame, metric: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series": f"{NATIONAL} {metric}",
            "fiscal_year": series["fiscal_year"].astype(int),
            "year_label": series["fiscal_year"].astype(int).astype(str),
            "value": series["value"],
            "color": NATIONAL_COLOR,
            "dashed": False,
            "partial": False,
            "note": [
                ("前年度比 " + (f"{r:+.1f}%" if pd.notna(r) else "—")) + (f" / {n}" if isinstance(n, str) and n else "")
                for r, n in zip(series["printed_yoy_rate"], series["note"])
            ],
        }
    )


@derived
def national_series_table(series: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "年度": series["fiscal_year_label"],
            "値": series["value"],
            "単位": series["unit"],
            "時点": date_text(series["as_of"]),
            "前年度対比の増減率（資料の値, %）": series["printed_yoy_rate"],
            "前年差（計算）": series["difference"],
            "注記": series["note"].fillna(""),
            "出典": short_titles(series["source"]),
            "出典箇所": series["section"],
        }
    ).reset_index(drop=True)


@derived
def national_monthly_frame(monthly: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Monthly national flows shaped for charts.monthly_lines: one line per chosen metric."""
    rows = monthly[monthly["metric"].isin(metrics)]
    return pd.DataFrame(
        {
            "fiscal_year_label": rows["metric"],
            "fiscal_year": rows["metric"].map({m: i for i, m in enumerate(metrics)}),
            "fiscal_month": rows["fiscal_month"],
            "month_label": rows["month_label"],
            "value": rows["value"],
            "prior_value": None,
            "difference": None,
            "note": rows["note"].fillna(""),
        }
    )


@derived
def national_monthly_table(monthly: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    rows = monthly[monthly["metric"].isin(metrics)]
    return pd.DataFrame(
        {
            "指標": rows["metric"],
            "年度": rows["fiscal_year"].map(fiscal_year_label),
            "月": rows["month_label"],
            "値": rows["value"],
            "単位": rows["unit"],
            "年度計（資料の値）": rows["printed_year_total"],
            "注記": rows["note"].fillna(""),
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
        rows.append(
            {
                "metric": r.metric,
                "fiscal_year": int(r.fiscal_year),
                "year_label": fiscal_year_label(r.fiscal_year),
                "verdict": r.status,
                "cell_text": f"{format_value(r.result, unit)}（目標 {format_value(r.target, unit)}）",
                "actual_text": format_value(r.result, unit),
                "target_text": format_value(r.target, unit),
                "national_text": format_value(r.result, unit),
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
            "注記": kpi["note"].fillna(""),
            "出典": short_titles(kpi["source"]),
            "出典箇所": kpi["section"],
        }
    ).reset_index(drop=True)


@derived
def health_check_frame(counts: pd.DataFrame) -> pd.DataFrame:
    return counts[["metric", "fiscal_year_label", "value", "unit", "note"]].reset_index(drop=True)


@derived
def health_check_table(counts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "指標": counts["metric"],
            "年度": counts["fiscal_year_label"],
            "値": counts["value"],
            "単位": counts["unit"],
            "前年度差": counts["difference"],
            "前年度比": counts["ratio"].round(4),
            "注記": counts["note"].fillna(""),
            "出典": short_titles(counts["source"]),
            "出典箇所": counts["section"],
        }
    ).reset_index(drop=True)
