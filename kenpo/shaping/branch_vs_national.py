"""支部 vs 全国: a branch's actual, target and the national actual by fiscal year (chart, notes,
table), the notice when a branch switch drops the metric, and the KPI matrix with its table."""

from __future__ import annotations

import pandas as pd

from kenpo import exports
from kenpo.charts.palette import NATIONAL, NATIONAL_COLOR, scope_color
from kenpo.charts.scales import format_number
from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.figures import value_text
from kenpo.labels import DIRECTIONS, fiscal_year_label, verdict_label
from kenpo.shaping import pacing
from kenpo.shaping.frames import unit_of


def _partial_label(row) -> str:
    return f"（{int(row)}月まで）" if pd.notna(row) else ""


@derived
def comparison_series(frame: pd.DataFrame, branch: str) -> pd.DataFrame:
    """Long frame for charts.yearly_lines: branch actual, branch target (dashed), national actual.
    The national figure is drawn only where it is on the branch's scale (a rate, a per-case figure):
    a 協会 total beside a branch count would flatten the branch to the axis (see comparison_notes)."""
    parts = []
    color = scope_color(branch)
    unit = unit_of(frame)
    specs = [
        (f"{branch} 実績", "branch_actual", color, False, "actual_partial", "actual_month"),
        (f"{branch} 目標（KPI）", "branch_target", color, True, None, None),
        (f"{NATIONAL} 実績", "national_actual", NATIONAL_COLOR, False, "national_partial", "national_month"),
    ]
    for name, column, col, dashed, partial_col, month_col in specs:
        rows = frame[frame[column].notna()]
        if column == "national_actual":
            rows = rows[rows["national_comparable"].astype(bool)]
        if rows.empty:
            continue
        partial = rows[partial_col].astype(bool) if partial_col else pd.Series(False, index=rows.index)
        months = rows[month_col] if month_col else pd.Series(None, index=rows.index)
        part = pd.DataFrame(
            {
                "series": name,
                "fiscal_year": rows["fiscal_year"].astype(int),
                "year_label": rows["fiscal_year_label"],
                "period": [
                    label + (f"（{int(m)}月まで・年度途中）" if p and pd.notna(m) else "（年度途中）" if p else "")
                    for label, p, m in zip(rows["fiscal_year_label"], partial, months)
                ],
                "value": rows[column].astype(float),
                "color": col,
                "dashed": dashed,
                "partial": partial.to_numpy(),
            }
        )
        if column == "branch_actual":  # beside the actual, the branch's target of that year
            part["tip_目標（KPI）"] = [value_text(t, unit) if pd.notna(t) else None for t in rows["branch_target"]]
        parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


@derived
def comparison_notes(frame: pd.DataFrame) -> list[str]:
    """What the comparison chart leaves out or marks, for its subtitle."""
    notes = []
    national = frame[frame["national_actual"].notna()]
    if national.empty:
        notes.append("全国の数値は資料に印字がありません")
    elif not national["national_comparable"].astype(bool).any():
        notes.append("全国は協会全体の総数で支部と比べられないため図に含めず（表に掲載）")
    elif len(national) < len(frame):
        notes.append("全国の数値がない年度があります")
    if frame["actual_partial"].any():
        notes.append("白抜きの点は年度途中の値")
    return notes


@derived
def metric_dropped_notice(last: tuple | None, branch: str, options: list[str], requested: str | None) -> str:
    """The notice when a branch switch cannot keep the metric shown before: ``last`` = (branch,
    metric) shown on the previous run, ``requested`` = the address's metric (still the old one).
    Branches name the same KPI differently (三重「特定保健指導実施率（被保険者）」, 群馬
    「被保険者の特定保健指導の実施率」); the names are the documents' own and are not merged."""
    if not last or not options or last[0] == branch or last[1] in options or requested != last[1]:
        return ""
    return (
        f"{last[0]}支部の指標「{last[1]}」は{branch}支部の資料にないため、既定の「{options[0]}」を表示しています。"
        "同じ内容の指標でも、支部の資料により名前が異なることがあります。"
    )


def _period(partial, month, basis, actual) -> str:
    if pd.isna(actual):
        return ""
    if partial and pd.notna(month):
        return f"{int(month)}月末時点（年度途中）" if basis == "時点" else f"{int(month)}月まで（年度途中）"
    return "年度末時点" if basis == "時点" else "年度"


def _judgement(partial, achieved, plan) -> str:
    if partial:
        return "年度途中"
    if plan:
        return "判定なし（計画期間の目標）"
    return verdict_label(achieved)


def _printed_table(frame: pd.DataFrame) -> pd.DataFrame:
    unit = unit_of(frame)
    return pd.DataFrame(
        {
            "年度": frame["fiscal_year_label"],
            "支部実績": frame["branch_actual"],
            "実績の期間": [
                _period(p, m, b, a)
                for p, m, b, a in zip(
                    frame["actual_partial"], frame["actual_month"], frame["actual_basis"], frame["branch_actual"]
                )
            ],
            "支部目標（KPI）": frame["branch_target"],
            "目標との差": frame["target_gap"],
            "全国実績": frame["national_actual"],
            "全国との差": frame["gap"],
            "差の単位": frame["gap_unit"].where(frame["gap"].notna(), ""),
            "全国順位": frame["national_rank"],
            "単位": unit,
            "望ましい方向": frame["direction"].map(DIRECTIONS).fillna("未設定"),
            "目標の達成": [
                _judgement(p, v, g)
                for p, v, g in zip(frame["actual_partial"], frame["target_achieved"], frame["plan_goal"])
            ],
            "全国と比べて": frame["beats_national"].map(
                lambda v: "—" if v is None or pd.isna(v) else ("良い" if v else "下回る")
            ),
            "資料上の評価": frame["status"].fillna(""),
            "注記": [
                " / ".join(dict.fromkeys(x for x in (a, t, n) if isinstance(x, str) and x))
                for a, t, n in zip(frame["actual_note"], frame["target_note"], frame["national_note"])
            ],
            "出典": short_titles(frame["source"]),
            "出典箇所": frame["section"],
            "全国実績の出典": short_titles(frame["national_source"]).fillna(""),
            "全国実績の出典箇所": frame["national_section"].fillna(""),
        }
    ).reset_index(drop=True)


@derived
def comparison_table(frame: pd.DataFrame, estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per fiscal year: branch actual, target, national, gap, rank, printed status, verdicts.
    With ``estimates`` (queries.part_year_estimates) a part year's 年度末見込み follows its year in a
    row of its own, 種別 見込み（計算）, its figure in the column 年度末見込み（計算）, never under 支部実績."""
    table = _printed_table(frame)
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
                "実績の期間": _estimate_period(r),
                ESTIMATE_COLUMN: exports.rounded(pd.Series([r["estimate"]]), int(r["decimals"])).iloc[0],
                "支部目標（KPI）": r["target"],
                "目標との差": r["estimate_gap"],
                "差の単位": r["estimate_gap_unit"] if pd.notna(r["estimate_gap"]) else "",
                "単位": r["unit"],
                "望ましい方向": DIRECTIONS.get(r["direction"], "未設定")
                if isinstance(r["direction"], str)
                else "未設定",
                "目標の達成": _estimate_verdict(r),
                "出典": "計算（" + pacing.LABEL + "）",
                "出典箇所": ESTIMATE_SECTION,
            }
        )
        order.append(2 * year + 1)
    out = pd.concat([table, pd.DataFrame(rows)], ignore_index=True)
    text = [c for c in out.columns if not pd.api.types.is_numeric_dtype(out[c])]
    out[text] = out[text].fillna("")
    out["全国と比べて"] = out["全国と比べて"].replace("", "—")
    return out.iloc[pd.Series(order).sort_values(kind="stable").index].reset_index(drop=True)


# -- 年度末見込み (sql/marts/340_part_year_estimates.sql; the words and the sentence: kenpo.shaping.pacing)
PRINTED_KIND = "資料の数値"  # 種別 of a printed year's row beside an estimate's
ESTIMATE_COLUMN = "年度末見込み（計算）"
ESTIMATE_SECTION = "前年度の同じ月からの動きを当てはめた計算値"
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


def _estimate_verdict(r: dict) -> str:
    target = _target(r)
    said = pacing.verdict(pacing_of(r), target.value if target else None, r["direction"])
    return said or "判定なし"


def _estimate_period(r: dict) -> str:
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


def _estimates_by_year(estimates: pd.DataFrame | None) -> dict[tuple, dict]:
    """(source, metric, fiscal_year) -> the part year's estimate row."""
    if estimates is None or estimates.empty:
        return {}
    return {(r["source"], r["metric"], int(r["fiscal_year"])): r for r in estimates.to_dict("records")}


def _estimate_text(r: dict | None) -> str | None:
    """The estimate as a matrix cell's tooltip and table read it: 81.59%（見込み…・未達見込み）."""
    if r is None or r["status"] != "見込み":
        return None
    figure = format_number(r["estimate"], int(r["decimals"])) + str(r["unit"] or "")
    return f"{figure}（{pacing.LABEL}・{_estimate_verdict(r)}）"


@derived
def matrix_frame(frame: pd.DataFrame, estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cells for charts.achievement_matrix: one per (metric, year) with a target or a printed status;
    a part year's 年度末見込み (``estimates``) in its cell's tooltip."""
    by_year = _estimates_by_year(estimates)
    rows = []
    for r in frame.itertuples(index=False):
        unit = r.unit or ""
        if r.actual_partial and pd.notna(r.branch_actual):
            verdict = "年度途中"
        elif r.target_achieved is None or pd.isna(r.target_achieved):
            verdict = "判定なし"
        else:
            verdict = "達成" if r.target_achieved else "未達成"
        actual = value_text(r.branch_actual, unit)
        plan = bool(r.plan_goal)
        status = r.status if isinstance(r.status, str) else ""
        if pd.isna(r.branch_actual):
            cell = status or "—"  # never the literal 'null' of a missing figure
        elif plan:
            cell = f"{actual}（基準値）"
        else:
            cell = actual + ("*" if r.actual_partial else "")
        rows.append(
            {
                "metric": r.metric,
                "fiscal_year": int(r.fiscal_year),
                # the year is marked per cell (a partial figure has '*'), not in the column header
                "year_label": fiscal_year_label(r.fiscal_year),
                "verdict": verdict,
                "cell_text": cell,
                "actual_text": (f"{actual}（基準値）" if plan and pd.notna(r.branch_actual) else actual)
                + (
                    f"（{int(r.actual_month)}月まで・年度途中）"
                    if r.actual_partial and pd.notna(r.actual_month)
                    else ""
                ),
                "target_text": value_text(r.branch_target, unit) + ("（計画期間の目標・判定しない）" if plan else ""),
                "national_text": value_text(r.national_actual, unit),
                "rank_text": "—" if pd.isna(r.national_rank) else f"{int(r.national_rank)}位",
                "direction_text": DIRECTIONS.get(r.direction, "未設定") if isinstance(r.direction, str) else "未設定",
                "status": status,
                "estimate_text": _estimate_text(by_year.get((r.source, r.metric, int(r.fiscal_year)))),
            }
        )
    out = pd.DataFrame(rows)
    return out if out["estimate_text"].notna().any() else out.drop(columns="estimate_text")


@derived
def matrix_estimates_note(frame: pd.DataFrame, estimates: pd.DataFrame | None) -> str:
    """A sentence under the KPI matrix naming the part years' 年度末見込み and how each compares
    with its target, or ''."""
    by_year = _estimates_by_year(estimates)
    said = []
    for s, m, y, p in zip(frame["source"], frame["metric"], frame["fiscal_year"], frame["actual_partial"]):
        r = by_year.get((s, m, int(y)))
        if p and r is not None and r["status"] == "見込み":
            said.append(f"{m} {r['fiscal_year_label']} {_estimate_text(r)}")
    if not said:
        return ""
    return (
        "※ 年度途中（*）の年度末見込み（計算）："
        + "、".join(dict.fromkeys(said))
        + "。前年度の同じ月から3月までの動きを当てはめた計算値で、資料の数値ではありません（表の「年度末見込み（計算）」列）。"
    )


@derived
def plan_goal_note(frame: pd.DataFrame) -> str:
    """A sentence naming the metrics whose target is a plan-period goal (not judged), or ''."""
    rows = frame[frame["plan_goal"].astype(bool)]
    if rows.empty:
        return ""
    metrics = "・".join(dict.fromkeys(rows["metric"]))
    years = "・".join(fiscal_year_label(y) for y in sorted(rows["fiscal_year"].unique()))
    return (
        f"※ {metrics}：目標は計画期間の目標（目標年度の印字なし）で、{years}の値は目標を立てたときの基準値"
        "（年度は資料作成年度を便宜上設定）のため、達成・未達成を判定しません。"
    )


@derived
def matrix_table(frame: pd.DataFrame, estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The KPI matrix as a table (what the download contains). Where a part year is shown, two
    columns say its 年度末見込み (``estimates``): the figure, 年度末見込み（計算）, and 見込みの判定
    (達成見込み / 未達見込み, or why there is none)."""
    table = _matrix_printed(frame)
    by_year = _estimates_by_year(estimates)
    found = [by_year.get((s, m, int(y))) for s, m, y in zip(frame["source"], frame["metric"], frame["fiscal_year"])]
    found = [r if r is not None and p else None for r, p in zip(found, frame["actual_partial"].astype(bool))]
    if not any(found):
        return table
    at = table.columns.get_loc("実績は年度途中") + 1
    table.insert(
        at,
        ESTIMATE_COLUMN,
        pd.array(
            [
                round(float(r["estimate"]), int(r["decimals"])) if r is not None and r["status"] == "見込み" else None
                for r in found
            ],
            dtype="Float64",
        ),
    )
    table.insert(
        at + 1,
        "見込みの判定",
        [
            "" if r is None else _estimate_verdict(r) if r["status"] == "見込み" else f"見込みなし（{r['status']}）"
            for r in found
        ],
    )
    return table


def _matrix_printed(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "指標": frame["metric"],
            "年度": frame["fiscal_year_label"],
            "支部実績": frame["branch_actual"],
            "実績は年度途中": frame["actual_partial"].map({True: "はい", False: ""}),
            "支部目標（KPI）": frame["branch_target"],
            "全国実績": frame["national_actual"],
            "全国順位": frame["national_rank"],
            "単位": frame["unit"],
            "望ましい方向": frame["direction"].map(DIRECTIONS).fillna("未設定"),
            "目標の達成": [
                _judgement(p, v, g)
                for p, v, g in zip(frame["actual_partial"], frame["target_achieved"], frame["plan_goal"])
            ],
            "資料上の評価": frame["status"].fillna(""),
            "出典": short_titles(frame["source"]),
            "出典箇所": frame["section"],
        }
    ).reset_index(drop=True)


def _attributes(frame: pd.DataFrame) -> pd.DataFrame:
    """What the comparison tables say of a year beside its figures, on every export row of that year."""
    return pd.DataFrame(
        {
            "実績の期間": [
                _period(p, m, b, a)
                for p, m, b, a in zip(
                    frame["actual_partial"], frame["actual_month"], frame["actual_basis"], frame["branch_actual"]
                )
            ],
            "望ましい方向": frame["direction"].map(DIRECTIONS).fillna("未設定"),
            "目標の達成": [
                _judgement(p, v, g)
                for p, v, g in zip(frame["actual_partial"], frame["target_achieved"], frame["plan_goal"])
            ],
            "全国と比べて": frame["beats_national"].map(
                lambda v: "—" if v is None or pd.isna(v) else ("良い" if v else "下回る")
            ),
            "資料上の評価": frame["status"].fillna(""),
        },
        index=frame.index,
    )


@derived
def export_keys(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(documents, metrics) of a comparison's figures, the branch's and the national ones."""
    documents = [s for s in dict.fromkeys([*frame["source"], *frame["national_source"]]) if isinstance(s, str)]
    metrics = [m for m in dict.fromkeys([*frame["metric"], *frame["national_metric"]]) if isinstance(m, str)]
    return documents, metrics


def _estimate_exports(frame: pd.DataFrame, estimates: pd.DataFrame | None) -> list[pd.DataFrame]:
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
                    "実績の期間": _estimate_period(r),
                    "望ましい方向": DIRECTIONS.get(r["direction"], "未設定")
                    if isinstance(r["direction"], str)
                    else "未設定",
                    "目標の達成": _estimate_verdict(r),
                    "全国と比べて": "—",
                    "資料上の評価": "",
                    "_order": position * 10 + 4,
                }
            )
        )
    return out


@derived
def comparison_export(
    frame: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame, estimates: pd.DataFrame | None = None
) -> exports.Export:
    """The download of the comparison table or the KPI matrix (kenpo.exports), one figure a row:
    per metric and year the branch's actual (always, carrying the year's verdicts), its target,
    the national actual (範囲 全国, its own document) and the rank; the gaps as derived columns
    on the actual's row. A part year's 年度末見込み (``estimates``) follows its year's rows, 種別
    見込み（計算）."""
    attrs = _attributes(frame)
    common = {"fiscal_year": "fiscal_year", "branch": "branch"}
    actual = exports.part(
        frame,
        **common,
        metric="metric",
        unit="unit",
        month="actual_month",
        scope="branch",
        kind="実績",
        basis="actual_basis",
        value="branch_actual",
        source="source",
        section="section",
        **{
            "目標との差（計算）": exports.round_like(
                frame["target_gap"], frame["branch_actual"], frame["branch_target"]
            ),
            "全国との差（計算）": exports.round_like(frame["gap"], frame["branch_actual"], frame["national_actual"]),
            "差の単位": frame["gap_unit"].where(frame["gap"].notna() | frame["target_gap"].notna(), ""),
            "注記": frame["actual_note"].fillna(""),
        },
    )
    parts = [(actual, frame.index, 0)]
    for column, kind, scope, k in (
        ("branch_target", "目標", "branch", 1),
        ("national_actual", "実績", None, 2),
        ("national_rank", "順位", "branch", 3),
    ):
        rows = frame[frame[column].notna()]
        national = scope is None
        parts.append(
            (
                exports.part(
                    rows,
                    **common,
                    month="national_month" if national else None,
                    scope=NATIONAL if national else "branch",
                    metric="national_metric" if national else "metric",
                    kind=kind,
                    basis="年度" if kind == "目標" else None,
                    value=column,
                    unit="位" if kind == "順位" else "unit",
                    source="national_source" if national else "source",
                    section="national_section" if national else "section",
                    注記=rows["national_note" if national else "target_note"].fillna("") if kind != "順位" else "",
                ),
                rows.index,
                k,
            )
        )
    ordered = []
    for rows, index, k in parts:
        extra = attrs.loc[index].reset_index(drop=True)
        positions = frame.index.get_indexer(index)  # the screen row each export row belongs to
        ordered.append(pd.concat([rows, extra], axis=1).assign(_order=positions * 10 + k))
    ordered += _estimate_exports(frame, estimates)
    out = pd.concat(ordered, ignore_index=True).sort_values("_order", kind="stable").drop(columns="_order")
    return exports.export([out], printed=facts, sources=sources)
