"""日本健康会議: a declaration's rows per view, its results against the target in force, the
insurer-type rates and counts, the tables of progress and outcomes."""

from __future__ import annotations

import pandas as pd

from kenpo import exports
from kenpo.charts.palette import ACTUAL_COLOR, NATIONAL, TARGET_LINE_COLOR
from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.figures import value_text
from kenpo.labels import fiscal_year_label, verdict_label


@derived
def has_insurer_breakdown(progress: pd.DataFrame, declaration: str) -> bool:
    rows = progress[(progress["declaration"] == declaration) & (progress["scope"] != NATIONAL)]
    return not rows.empty


@derived
def declaration_rows(progress: pd.DataFrame, declaration: str, view: str, *, with_rates: bool = False) -> pd.DataFrame:
    """The rows a declaration view shows: 全体 = the 全国 rows; 保険者種別 = counts per insurer type.
    Rates (…達成率, printed for 2020 only) go to the table, not the line chart, unless ``with_rates``."""
    rows = progress[progress["declaration"] == declaration]
    rows = rows[rows["scope"] == NATIONAL] if view == "全体" else rows[rows["scope"] != NATIONAL]
    if not with_rates:
        counts = rows[~rows["metric"].str.endswith("達成率")]
        rows = counts if not counts.empty else rows
    return rows.reset_index(drop=True)


@derived
def target_revision_note(rows: pd.DataFrame) -> str:
    """'目標の上方修正: 宣言2（市町村） 800→1500（2019年度から）' where the target changed in the period."""
    notes = []
    for metric, r in rows[rows["target"].notna()].groupby("metric", sort=False):
        changes = r.drop_duplicates("target_since").sort_values("target_since")
        if len(changes) > 1:
            values = "→".join(f"{v:,.0f}" for v in changes["target"])
            notes.append(f"{metric} {values}（{int(changes['target_since'].iloc[-1])}年度から）")
    return ("破線は各年度に有効だった目標。上方修正: " + "、".join(notes)) if notes else ""


@derived
def declaration_series(rows: pd.DataFrame) -> pd.DataFrame:
    """One declaration row's results and the target in force each year (dashed), for charts.yearly_lines."""
    years = rows["fiscal_year"].astype(int)
    parts = [
        pd.DataFrame(
            {
                "series": "実績",
                "fiscal_year": years,
                "year_label": years.map(fiscal_year_label),
                "value": rows["value"],
                "color": ACTUAL_COLOR,
                "dashed": False,
                "partial": False,
            }
        )
    ]
    targets = rows[rows["target"].notna()]
    if not targets.empty:
        parts.append(
            pd.DataFrame(
                {
                    "series": "目標",
                    "fiscal_year": targets["fiscal_year"].astype(int),
                    "year_label": targets["fiscal_year"].astype(int).map(fiscal_year_label),
                    "value": targets["target"],
                    "color": TARGET_LINE_COLOR,
                    "dashed": True,
                    "partial": False,
                    "tip_目標の適用": [f"{fiscal_year_label(int(s))}から" for s in targets["target_since"]],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


@derived
def declaration_charts(rows: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame, str]]:
    """(metric, unit, series for charts.yearly_lines, subtitle) for each metric of a declaration."""
    return [
        (
            metric,
            metric_rows["unit"].iloc[0],
            declaration_series(metric_rows),
            target_revision_note(metric_rows) or "破線はその年度に有効だった目標",
        )
        for metric, metric_rows in rows.groupby("metric", sort=False)
    ]


@derived
def insurer_type_rates(progress: pd.DataFrame, declaration: str) -> pd.DataFrame:
    """The declaration's printed 達成率 by insurer type in its last year (2020), for charts.bars:
    label = '市町村国保（1,438保険者）' (the type and that year's count), value = the rate, highest first."""
    rows = progress[(progress["declaration"] == declaration) & (progress["scope"] != NATIONAL)]
    rates = rows[rows["metric"].str.endswith("達成率") & rows["value"].notna()]
    if rates.empty:
        return pd.DataFrame(columns=["label", "scope", "value", "tip_達成数", "fiscal_year"])
    year = int(rates["fiscal_year"].max())
    rates = rates[rates["fiscal_year"] == year].sort_values("value", ascending=False, kind="stable")
    counts = rows[~rows["metric"].str.endswith("達成率") & (rows["fiscal_year"] == year)]
    count_of = dict(zip(counts["scope"], zip(counts["value"], counts["unit"])))

    def label(scope: str) -> str:
        value, unit = count_of.get(scope, (None, ""))
        return scope if value is None or pd.isna(value) else f"{scope}（{value_text(value, unit)}）"

    return pd.DataFrame(
        {
            "label": [label(s) for s in rates["scope"]],
            "scope": rates["scope"].to_numpy(),
            "value": rates["value"].astype(float).to_numpy(),
            "tip_達成数": [
                f"{fiscal_year_label(year)} {value_text(*count_of[s]) if s in count_of else '—'}"
                for s in rates["scope"]
            ],
            "fiscal_year": year,
        }
    )


@derived
def insurer_type_counts(rows: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Counts per insurer type and year for grouped charts.bars: one bar per year within each type,
    the types in ``order`` (then any other), years oldest first."""
    counts = rows[rows["value"].notna()].copy()
    rank = {s: i for i, s in enumerate(order)}
    counts = counts.assign(_rank=counts["scope"].map(lambda s: rank.get(s, len(rank))))
    counts = counts.sort_values(["_rank", "fiscal_year"], kind="stable")
    return pd.DataFrame(
        {
            "scope": counts["scope"].to_numpy(),
            "value": counts["value"].astype(float).to_numpy(),
            "year_label": counts["fiscal_year"].astype(int).map(fiscal_year_label).to_numpy(),
        }
    )


@derived
def declaration_table(progress: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "指標": progress["metric"],
            "範囲": progress["scope"],
            "年度": progress["fiscal_year"].map(fiscal_year_label),
            "実績": progress["value"],
            "単位": progress["unit"],
            "その年の目標": progress["target"],
            "目標の適用開始年度": progress["target_since"].map(
                lambda y: "—" if pd.isna(y) else fiscal_year_label(int(y))
            ),
            "目標に対する割合（%・計算）": progress["target_share"].round(1),
            "前年からの増加（計算）": exports.round_like(progress["increase"], progress["value"]),
            "目標達成": progress["met"].map(verdict_label),
            "出典": short_titles(progress["source"]),
            "出典箇所": progress["section"],
        }
    ).reset_index(drop=True)


@derived
def outcome_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "宣言": outcomes["declaration"],
            "判定した指標": outcomes["metric"],
            "令和2年度（2020）の結果": [value_text(v, u) for v, u in zip(outcomes["final_value"], outcomes["unit"])],
            "令和2年度（2020）の目標": [value_text(v, u) for v, u in zip(outcomes["final_target"], outcomes["unit"])],
            "最終年度に達成": outcomes["met_final_year"].map({True: "達成", False: "未達成"}),
            "初めて達成した年度": outcomes["first_year_met"].map(
                lambda y: "—" if pd.isna(y) else fiscal_year_label(int(y))
            ),
            "達成した年度": outcomes["years_met"].map(
                lambda t: "—" if not isinstance(t, str) else "・".join(fiscal_year_label(int(y)) for y in t.split("・"))
            ),
            "判定の根拠": outcomes["basis"],
        }
    ).reset_index(drop=True)


@derived
def declaration_export(progress: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The download of the table of a declaration's rows: the same rows, each result with the
    target in force that year (printed for the year it was set), the share and the increase."""
    rows = exports.part(
        progress,
        fiscal_year="fiscal_year",
        scope="scope",
        metric="metric",
        kind="実績",
        basis="年度",
        value="value",
        unit="unit",
        source="source",
        section="section",
        **{
            "その年の目標": progress["target"],
            "目標の適用開始年度": progress["target_since"].astype("Int64"),
            "目標に対する割合（%・計算）": progress["target_share"].round(1),
            "前年からの増加（計算）": exports.round_like(progress["increase"], progress["value"]),
            "目標達成": progress["met"].map(verdict_label),
            "注記": progress["note"].fillna(""),
        },
    )
    return exports.export(
        [rows],
        printed=facts,
        sources=sources,
        column_decimals={"目標に対する割合（%・計算）": 1, "目標の適用開始年度": 0},
    )


@derived
def outcome_export(
    outcomes: pd.DataFrame, progress: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame
) -> exports.Export:
    """The download of the outcomes table: per judged row its result in the final year (with its
    document and section, from the declaration's rows), the target then in force and the verdicts."""
    national = progress[progress["scope"] == NATIONAL].drop_duplicates(["metric", "fiscal_year"])
    where = outcomes.merge(
        national[["metric", "fiscal_year", "source", "section"]],
        left_on=["metric", "final_year"],
        right_on=["metric", "fiscal_year"],
        how="left",
    ).set_axis(outcomes.index)
    rows = exports.part(
        where,
        fiscal_year="final_year",
        scope=NATIONAL,
        metric="metric",
        kind="実績",
        basis="年度",
        value="final_value",
        unit="unit",
        source="source",
        section="section",
        **{
            "宣言": outcomes["declaration"],
            "その年の目標": outcomes["final_target"],
            "最終年度に達成": outcomes["met_final_year"].map({True: "達成", False: "未達成"}),
            "初めて達成した年度": outcomes["first_year_met"].astype("Int64"),
            "達成した年度": outcomes["years_met"].fillna(""),
            "判定の根拠": outcomes["basis"],
        },
    )
    return exports.export([rows], printed=facts, sources=sources, column_decimals={"初めて達成した年度": 0})
