"""年度末見込み (a pacing estimate) as a page shows it: the sentence beside the chart, the dotted
points, the table's rows and the download's rows, all from one row of the pacing_estimates view
(sql/marts/320_pacing_estimates.sql, which owns the arithmetic) and its months (pacing_paths).
An estimate is a computed figure: it reads 見込み（計算） wherever it appears, never as an actual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from kenpo import exports
from kenpo.charts.scales import format_number
from kenpo.documents import short_title
from kenpo.figures import decimals_of
from kenpo.fiscal import calendar_month, fiscal_month_label
from kenpo.labels import fiscal_year_label

KIND = "見込み（計算）"  # 種別 of an estimate's rows in tables and downloads
LABEL = "見込み（前年同様の推移の場合）"
# 出典箇所 of an estimate's rows (tables and downloads), after 「計算: 」: how it was computed; their
# 出典 is the document whose figures it is computed from.
SECTION = LABEL + "（前年度の同じ月からの動きを当てはめた値）"
WHY_NONE = {
    "前年度なし": "前年度の同じ月までの数値と3月の数値がそろっていないため、見込みは出していません。",
    "月数不足": "今年度の数値がまだ3か月分に満たないため、見込みは出していません。",
    "単月の率": "単月の率は足し合わせられないため、年度の見込みは出していません（累計があれば累計で見られます）。",
    "対象外": "月次の数値の最新の年度ではない（または月次の数値がない）ため、見込みは出していません。",
}


class Target(NamedTuple):
    """The year's target and the decimals its document prints it with (the fact's printed_decimals)."""

    value: float
    decimals: int


def target_of(value, decimals) -> Target | None:
    """A Target from a figure and its printed decimals (None without a figure); a figure whose
    decimals the store does not record keeps the decimals its value needs."""
    if value is None or pd.isna(value):
        return None
    places = int(decimals) if decimals is not None and not pd.isna(decimals) else decimals_of(float(value))
    return Target(float(value), places)


@dataclass(frozen=True)
class Pacing:
    row: dict  # the pacing_estimates row
    path: tuple[tuple[int, float], ...]  # (fiscal_month, value) from the latest month to March

    @property
    def status(self) -> str:
        return str(self.row["status"])

    @property
    def estimated(self) -> bool:
        return self.status == "見込み"

    @property
    def year_label(self) -> str:
        return fiscal_year_label(int(self.row["fiscal_year"]))


def of(estimate: pd.DataFrame, path: pd.DataFrame, years: list[int]) -> Pacing | None:
    """The estimate of the series shown, when its part year is among the years chosen."""
    if estimate.empty:
        return None
    row = estimate.iloc[0].to_dict()
    if int(row["fiscal_year"]) not in years:
        return None
    mine = path[path["source"] == row["source"]] if len(path) else path
    points = tuple((int(m), float(v)) for m, v in zip(mine["fiscal_month"], mine["value"]))
    return Pacing(row, points)


def _n(value, decimals: int, sign: bool = False) -> str:
    return format_number(float(value), int(decimals), sign=sign)


def verdict(pacing: Pacing, target: float | None, direction: str | None) -> str | None:
    """達成見込み / 未達見込み against the year's target, in the metric's better direction."""
    if not pacing.estimated or target is None or pd.isna(target) or direction not in ("higher", "lower"):
        return None
    estimate = round(float(pacing.row["estimate"]), int(pacing.row["decimals"]))
    met = estimate >= target if direction == "higher" else estimate <= target
    return "達成見込み" if met else "未達見込み"


def sentence(pacing: Pacing, target: Target | None, direction: str | None) -> str:
    """One sentence (Markdown) beside the chart: the estimate, how it is computed, and the target
    (in the decimals its document prints it with)."""
    r, unit, d = pacing.row, str(pacing.row["unit"]), int(pacing.row["decimals"])
    if not pacing.estimated:
        return f"**年度末見込み**：{WHY_NONE.get(pacing.status, '見込みは出していません。')}"
    prior = fiscal_year_label(int(r["prior_year"]))
    last = str(r["last_month_label"])
    if r["basis"] == "単月":
        text = (
            f"**年度末見込み**（{LABEL}・計算）：{pacing.year_label}の年度計は **{_n(r['estimate'], 0)}{unit}**。"
            f"4月〜{last}の計 {_n(r['months_total'], d)}{unit} に、{prior}の年度計 {_n(r['prior_year_total'], d)}{unit}"
            f" ÷ 同じ月までの計 {_n(r['prior_same_months_total'], d)}{unit} を掛けた値です。"
        )
    else:
        move = float(r["prior_march_value"]) - float(r["prior_value_at_last_month"])
        step = "ポイント" if unit == "%" else unit
        text = (
            f"**年度末見込み**（{LABEL}・計算）：{pacing.year_label}の3月は **{_n(r['estimate'], d)}{unit}**。"
            f"{last}の {_n(r['last_value'], d)}{unit} に、{prior}の{last}→3月の動き"
            f"（{_n(r['prior_value_at_last_month'], d)} → {_n(r['prior_march_value'], d)}、{_n(move, d, sign=True)}{step}）"
            f"を加えた値です。"
        )
    said = verdict(pacing, target.value if target is not None else None, direction)
    if said:
        text += f" 目標 {_n(target.value, target.decimals)}{unit} に対して **{said}**。"
    return text


def table_rows(pacing: Pacing) -> pd.DataFrame:
    """The estimate's rows for the page's table (after the year's printed figures): the months from
    the latest printed one to March, or the year's total, with 種別 見込み（計算）."""
    r = pacing.row
    if not pacing.estimated:
        return pd.DataFrame()
    months = pacing.path[1:] if r["basis"] != "単月" else ()  # the first point is the printed month itself
    labels = [fiscal_month_label(m) for m, _ in months] if months else ["年度"]
    values = [v for _, v in months] if months else [float(r["estimate"])]
    return pd.DataFrame(
        {
            "年度": pacing.year_label,
            "月": labels,
            "種別": KIND,
            "集計区分": r["basis"] if months else "年度計",
            "値": exports.rounded(pd.Series(values, dtype="float64"), int(r["decimals"])),
            "単位": r["unit"],
            "出典": short_title(r["source"]),  # the document whose figures it is computed from
            "出典箇所": "計算: " + SECTION,
        }
    )


def export_rows(pacing: Pacing, branch: str) -> pd.DataFrame:
    """The estimate's rows in a download (kenpo.exports.part): 種別 見込み（計算）, a month's row per
    estimated month (or a year row for a 単月 total), the document the figures come from."""
    r = pacing.row
    if not pacing.estimated:
        return pd.DataFrame()
    single = r["basis"] == "単月"
    months = () if single else pacing.path[1:]
    frame = pd.DataFrame(
        {
            "fiscal_year": int(r["fiscal_year"]),
            "month": [None] if single else [calendar_month(m) for m, _ in months],
            "value": [float(r["estimate"])] if single else [v for _, v in months],
        }
    )
    return exports.part(
        frame,
        fiscal_year="fiscal_year",
        month="month",
        branch=branch,
        scope=branch,
        metric=r["metric"],
        kind=KIND,
        basis="年度計" if single else r["basis"],
        value="value",
        unit=r["unit"],
        decimals=int(r["decimals"]),
        source=r["source"],
        section="計算: " + SECTION,
        _order=[99.0] * len(frame),
    )


def with_rows(table: pd.DataFrame, pacing: Pacing | None) -> pd.DataFrame:
    """The page's table with the estimate's rows after its figures (unchanged without an estimate)."""
    rows = table_rows(pacing) if pacing is not None else pd.DataFrame()
    return table if rows.empty else pd.concat([table, rows], ignore_index=True)


def year_target(printed: pd.DataFrame, pacing: Pacing | None) -> Target | None:
    """The target printed for the estimate's year, if one, with its printed decimals (the
    estimate's own document first)."""
    if pacing is None:
        return None
    rows = printed[(printed["kind"] == "目標") & (printed["fiscal_year"] == int(pacing.row["fiscal_year"]))]
    rows = rows[rows["value"].notna()]
    if not len(rows):
        return None
    rows = rows.assign(other=rows["source"] != pacing.row["source"]).sort_values("other", kind="stable")
    return target_of(rows["value"].iloc[0], rows["printed_decimals"].iloc[0])
