"""年度末見込み on 支部 vs 全国 (sql/marts/340_part_year_estimates.sql; the words and the sentence:
kenpo.shaping.pacing): the part years' estimates as the comparison's table rows, chart marks,
sentences, KPI matrix cells and note, and download rows."""

from __future__ import annotations

import pandas as pd

from kenpo import exports
from kenpo.charts.palette import scope_color
from kenpo.charts.scales import format_number
from kenpo.derived import derived
from kenpo.documents import short_title
from kenpo.labels import DIRECTIONS
from kenpo.shaping import pacing
from kenpo.shaping.frames import unit_of

PRINTED_KIND = "資料の数値"  # 種別 of a printed year's row beside an estimate's
ESTIMATE_COLUMN = "年度末見込み（計算）"
ESTIMATE_SECTION = "計算: " + pacing.SECTION
ESTIMATE_NOTE = "前年度と同じ動きをした場合の計算値（資料の数値ではありません）"


def _estimated(estimates: pd.DataFrame | None, frame: pd.DataFrame) -> pd.DataFrame:
    """The estimates of the years shown (the frame's documents and years) that have a figure."""
    if estimates is None or estimates.empty:
        return pd.DataFrame()
    keys = set(zip(frame["source"], frame["fiscal_year"].astype(int)))
    mine = estimates[[(s, int(y)) in keys for s, y in zip(estimates["source"], estimates["fiscal_year"])]]
    return mine[mine["status"] == "見込み"]


def _row_of(frame: pd.DataFrame, r: dict) -> int:
    """The frame's (and its table's) row of the estimate's year."""
    hits = (frame["source"] == r["source"]) & (frame["fiscal_year"].astype(int) == int(r["fiscal_year"]))
    return int(hits.to_numpy().nonzero()[0][0])


def pacing_of(r: dict) -> pacing.Pacing:
    """An estimate row (part_year_estimates) as kenpo.shaping.pacing reads it: the path is the
    latest printed month and March (this page shows the year, not the months between)."""
    path = ()
    if r["status"] == "見込み" and r["basis"] != "単月":
        path = ((int(r["last_fiscal_month"]), float(r["last_value"])), (12, float(r["estimate"])))
    return pacing.Pacing(r, path)


def _target(r: dict) -> pacing.Target | None:
    """The year's target to judge the estimate against (a plan-period goal is never judged)."""
    return None if r["plan_goal"] else pacing.target_of(r["target"], r["target_decimals"])


def estimate_verdict(r: dict) -> str:
    target = _target(r)
    said = pacing.verdict(pacing_of(r), target.value if target else None, r["direction"])
    return said or "判定なし"


def estimate_period(r: dict) -> str:
    end = "3月末時点" if r["basis"] == "時点" else "3月まで"
    return f"{end}の見込み（{r['last_month_label']}までの実績から）"


def _national_words(r: dict) -> str:
    if int(r["national_months"]) == 0:
        return "全国はこの年度の月次の数値が資料にないため、同じ方法で見込めず、見込みは支部のみです。"
    return "全国の見込みは計算していません（支部のみ）。"


@derived
def estimate_sentences(estimates: pd.DataFrame, frame: pd.DataFrame) -> list[str]:
    """The sentences beside the chart (Markdown), one per part year shown: the estimate, how it is
    computed and how it compares with the year's target (kenpo.shaping.pacing.sentence), and that
    全国 is not estimated; or why there is no estimate. Part years that are no series' latest
    month-by-month year are named together in one sentence."""
    if estimates is None or estimates.empty:
        return []
    keys = set(zip(frame["source"], frame["fiscal_year"].astype(int)))
    out, older = [], []
    for r in estimates.to_dict("records"):
        if (r["source"], int(r["fiscal_year"])) not in keys:
            continue
        if r["status"] == "対象外":
            older.append(str(r["fiscal_year_label"]))
            continue
        if r["status"] == "見込み":
            out.append(pacing.sentence(pacing_of(r), _target(r), r["direction"]) + " " + _national_words(r))
            continue
        why = pacing.WHY_NONE.get(r["status"], "見込みは出していません。").replace("今年度", "この年度")
        if r["prior_year_missing_too"]:
            why = why.replace("満たないため", "満たず、前年度の同じ月と3月の数値もないため", 1)
        out.append(f"**年度末見込み**（{r['fiscal_year_label']}）：{why}")
    if older:
        out.append(
            f"**年度末見込み**：{'・'.join(dict.fromkeys(older))}は年度途中の値ですが、" + pacing.WHY_NONE["対象外"]
        )
    return out


@derived
def estimate_marks(estimates: pd.DataFrame, frame: pd.DataFrame, branch: str) -> pd.DataFrame:
    """The estimates for charts.yearly_lines (``estimates=``): on the branch's actual series, from
    the part year's actual to its estimate, labelled 見込み（前年同様の推移の場合）."""
    rows = _estimated(estimates, frame)
    if rows.empty:
        return pd.DataFrame()
    unit = unit_of(frame)
    texts = [format_number(v, int(d)) for v, d in zip(rows["estimate"], rows["decimals"])]
    return pd.DataFrame(
        {
            "series": f"{branch} 実績",
            "year_label": list(rows["fiscal_year_label"]),
            "actual": list(rows["branch_actual"].astype(float)),
            "value": list(rows["estimate"].astype(float)),
            "value_text": texts,
            "period": [
                f"{r['fiscal_year_label']} 3月（見込み・{r['last_month_label']}までの実績から）"
                for r in rows.to_dict("records")
            ],
            "color": scope_color(branch),
            "label": [f"{pacing.LABEL} {t}{unit}" for t in texts],
            "estimate_note": ESTIMATE_NOTE,
        }
    )


def estimates_by_year(estimates: pd.DataFrame | None) -> dict[tuple, dict]:
    """(source, metric, fiscal_year) -> the part year's estimate row."""
    if estimates is None or estimates.empty:
        return {}
    return {(r["source"], r["metric"], int(r["fiscal_year"])): r for r in estimates.to_dict("records")}


def estimate_text(r: dict | None) -> str | None:
    """The estimate as a matrix cell's tooltip and table read it: 81.59%（見込み…・未達見込み）."""
    if r is None or r["status"] != "見込み":
        return None
    figure = format_number(r["estimate"], int(r["decimals"])) + str(r["unit"] or "")
    return f"{figure}（{pacing.LABEL}・{estimate_verdict(r)}）"


def with_estimates(table: pd.DataFrame, frame: pd.DataFrame, estimates: pd.DataFrame | None) -> pd.DataFrame:
    """The comparison table with each part year's 年度末見込み after its year, in a row of its own
    (種別 見込み（計算）, its figure in the column 年度末見込み（計算）, never under 支部実績)."""
    shown = _estimated(estimates, frame)
    if shown.empty:
        return table
    table.insert(1, "種別", PRINTED_KIND)
    table.insert(table.columns.get_loc("実績の期間") + 1, ESTIMATE_COLUMN, float("nan"))
    order = list(range(0, 2 * len(table), 2))  # the printed rows at even places, each estimate just after its year
    rows = []
    for r in shown.to_dict("records"):
        year = _row_of(frame, r)
        rows.append(
            {
                "年度": r["fiscal_year_label"],
                "種別": pacing.KIND,
                "実績の期間": estimate_period(r),
                ESTIMATE_COLUMN: exports.rounded(pd.Series([r["estimate"]]), int(r["decimals"])).iloc[0],
                "支部目標（KPI）": r["target"],
                "目標との差": r["estimate_gap"],
                "差の単位": r["estimate_gap_unit"] if pd.notna(r["estimate_gap"]) else "",
                "単位": r["unit"],
                "望ましい方向": DIRECTIONS.get(r["direction"], "未設定")
                if isinstance(r["direction"], str)
                else "未設定",
                "目標の達成": estimate_verdict(r),
                "出典": short_title(r["source"]),  # the document whose figures it is computed from
                "出典箇所": ESTIMATE_SECTION,
            }
        )
        order.append(2 * year + 1)
    out = pd.concat([table, pd.DataFrame(rows)], ignore_index=True)
    text = [c for c in out.columns if not pd.api.types.is_numeric_dtype(out[c])]
    out[text] = out[text].fillna("")
    out["全国と比べて"] = out["全国と比べて"].replace("", "—")
    return out.iloc[pd.Series(order).sort_values(kind="stable").index].reset_index(drop=True)


@derived
def matrix_estimates_note(frame: pd.DataFrame, estimates: pd.DataFrame | None) -> str:
    """A sentence under the KPI matrix naming the part years' 年度末見込み and how each compares
    with its target, or ''."""
    by_year = estimates_by_year(estimates)
    said = []
    for s, m, y, p in zip(frame["source"], frame["metric"], frame["fiscal_year"], frame["actual_partial"]):
        r = by_year.get((s, m, int(y)))
        if p and r is not None and r["status"] == "見込み":
            said.append(f"{m} {r['fiscal_year_label']} {estimate_text(r)}")
    if not said:
        return ""
    return (
        "※ 年度途中（*）の年度末見込み（計算）："
        + "、".join(dict.fromkeys(said))
        + "。前年度の同じ月から3月までの動きを当てはめた計算値で、資料の数値ではありません（表の「年度末見込み（計算）」列）。"
    )


def estimate_exports(frame: pd.DataFrame, estimates: pd.DataFrame | None) -> list[pd.DataFrame]:
    """The export rows of the part years' 年度末見込み (kenpo.shaping.pacing.export_rows: 種別
    見込み（計算）, no printed text, 出典箇所 計算: …), each with the year's columns as an estimate
    reads them and its place after its year's rows."""
    if estimates is None or estimates.empty:
        return []
    keyed = {
        (s, m, int(y)): i for i, (s, m, y) in enumerate(zip(frame["source"], frame["metric"], frame["fiscal_year"]))
    }
    out = []
    for r in estimates[estimates["status"] == "見込み"].to_dict("records"):
        position = keyed.get((r["source"], r["metric"], int(r["fiscal_year"])))
        if position is None:
            continue
        rows = pacing.export_rows(pacing_of(r), r["branch"]).drop(columns="_order")
        gap = r["estimate_gap"]
        out.append(
            rows.assign(
                **{
                    "目標との差（計算）": pd.array(
                        [None if pd.isna(gap) else round(float(gap), 6)] * len(rows), dtype="Float64"
                    ),
                    "全国との差（計算）": pd.array([None] * len(rows), dtype="Float64"),
                    "差の単位": r["estimate_gap_unit"] if pd.notna(gap) else "",
                    "注記": "",
                    "実績の期間": estimate_period(r),
                    "望ましい方向": DIRECTIONS.get(r["direction"], "未設定")
                    if isinstance(r["direction"], str)
                    else "未設定",
                    "目標の達成": estimate_verdict(r),
                    "全国と比べて": "—",
                    "資料上の評価": "",
                    "_order": position * 10 + 4,
                }
            )
        )
    return out
