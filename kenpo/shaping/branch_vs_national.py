"""支部 vs 全国: a branch's actual, target and the national actual by fiscal year (chart, notes,
table), the notice when a branch switch drops the metric, and the KPI matrix with its table."""

from __future__ import annotations

import pandas as pd

from kenpo import exports
from kenpo.charts.palette import NATIONAL, NATIONAL_COLOR, scope_color
from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.figures import value_text
from kenpo.labels import DIRECTIONS, fiscal_year_label, verdict_label
from kenpo.shaping import part_year
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
    return part_year.with_estimates(_printed_table(frame), frame, estimates)


@derived
def matrix_frame(frame: pd.DataFrame, estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cells for charts.achievement_matrix: one per (metric, year) with a target or a printed status;
    a part year's 年度末見込み (``estimates``) in its cell's tooltip."""
    by_year = part_year.estimates_by_year(estimates)
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
                "estimate_text": part_year.estimate_text(by_year.get((r.source, r.metric, int(r.fiscal_year)))),
            }
        )
    out = pd.DataFrame(rows)
    return out if out["estimate_text"].notna().any() else out.drop(columns="estimate_text")


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
    by_year = part_year.estimates_by_year(estimates)
    found = [by_year.get((s, m, int(y))) for s, m, y in zip(frame["source"], frame["metric"], frame["fiscal_year"])]
    found = [r if r is not None and p else None for r, p in zip(found, frame["actual_partial"].astype(bool))]
    if not any(found):
        return table
    at = table.columns.get_loc("実績は年度途中") + 1
    table.insert(
        at,
        part_year.ESTIMATE_COLUMN,
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
            ""
            if r is None
            else part_year.estimate_verdict(r)
            if r["status"] == "見込み"
            else f"見込みなし（{r['status']}）"
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
def export_keys(frame: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """(documents, metrics, scopes) of a comparison's figures, the branch's and the national ones:
    what queries.printed_figures reads for the download (the branch and 全国 only; a national-scale
    document's other 46 branches are 1.3 million rows the download never quotes)."""
    documents = [s for s in dict.fromkeys([*frame["source"], *frame["national_source"]]) if isinstance(s, str)]
    metrics = [m for m in dict.fromkeys([*frame["metric"], *frame["national_metric"]]) if isinstance(m, str)]
    scopes = [b for b in dict.fromkeys(frame["branch"]) if isinstance(b, str)] + [NATIONAL]
    return documents, metrics, scopes


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
    ordered += part_year.estimate_exports(frame, estimates)
    out = pd.concat(ordered, ignore_index=True).sort_values("_order", kind="stable").drop(columns="_order")
    return exports.export([out], printed=facts, sources=sources)
