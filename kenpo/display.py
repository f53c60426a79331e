"""Shaping query results for display: chart series frames and the tables shown on screen.

Pages stay thin: they pass a query's frame here and render what comes back. What a table
returns here is exactly what the page shows and what its CSV download contains. Every function
is pure and cached by the identity of its input frames (kenpo.derived): a warm rerun derives nothing.
"""
from __future__ import annotations

import re

import pandas as pd

from kenpo.charts.palette import NATIONAL, NATIONAL_COLOR, scope_color
from kenpo.derived import derived
from kenpo.derived import first_value as first  # noqa: F401 - for pages: a frame's first value, cached
from kenpo.labels import DIRECTIONS, fiscal_year_label, format_headline, format_value


@derived
def unit_of(frame: pd.DataFrame) -> str:
    """The unit of a one-metric frame (its first stated unit), or "" when none is stated."""
    units = frame["unit"].dropna()
    return str(units.iloc[0]) if len(units) else ""


def _partial_label(row) -> str:
    return f"（{int(row)}月まで）" if pd.notna(row) else ""


# -- branch, month by month --------------------------------------------------------------------
# The order of a year's printed figures after its months: the year's actual, its target, its rank.
_PRINTED_KIND_ORDER = {"実績": 0, "目標": 1, "順位": 2}
YEAR_ROW = "年度"  # the 月 cell of a figure printed for the whole year


@derived
def monthly_table(series: pd.DataFrame, printed: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Per fiscal year: the months (April→March) with the prior year's month, difference and ratio,
    then the figures the document prints for that year beside the months (計 / 平均 / 年度末,
    target, rank), as it prints them: 月 reads 年度 and the prior-year columns stay empty.
    Only ``years`` (the years chosen on screen); source and section on every row."""
    months = pd.DataFrame({
        "年度": series["fiscal_year_label"],
        "月": series["month_label"],
        "種別": series["kind"],
        "集計区分": series["basis"],
        "値": series["value"],
        "単位": series["unit"],
        "前年度同月": series["prior_value"],
        "前年差": series["difference"],
        "前年比": series["ratio"].round(4),
        "注記": series["note"].fillna(""),
        "出典": series["source"],
        "出典箇所": series["section"],
        "_year": series["fiscal_year"],
        "_order": series["fiscal_month"].astype(float),
    })
    year_rows = printed[printed["fiscal_year"].isin(years)]
    yearly = pd.DataFrame({
        "年度": year_rows["fiscal_year_label"],
        "月": YEAR_ROW,
        "種別": year_rows["kind"],
        "集計区分": year_rows["basis"],
        "値": year_rows["value"],
        "単位": year_rows["unit"],
        "注記": year_rows["note"].fillna(""),
        "出典": year_rows["source"],
        "出典箇所": year_rows["section"],
        "_year": year_rows["fiscal_year"],
        # built as numbers from the start: mapping an empty text column keeps its text dtype
        "_order": pd.Series([100 + _PRINTED_KIND_ORDER.get(kind, len(_PRINTED_KIND_ORDER)) for kind in year_rows["kind"]],
                            index=year_rows.index, dtype="float64"),
    })
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
def months_above_prior_year(series: pd.DataFrame, fiscal_year: int,
                            direction: str | None) -> tuple[int, int, list[str]]:
    """(months better than the same month a year earlier, months compared, those months' labels
    in April→March order) in ``fiscal_year``."""
    rows = series[(series["fiscal_year"] == fiscal_year) & series["prior_value"].notna()].sort_values("fiscal_month")
    better = rows["difference"] < 0 if direction == "lower" else rows["difference"] > 0
    return int(better.sum()), int(len(rows)), rows.loc[better, "month_label"].tolist()


# -- branch versus national ----------------------------------------------------------------------
@derived
def comparison_series(frame: pd.DataFrame, branch: str) -> pd.DataFrame:
    """Long frame for charts.yearly_lines: branch actual, branch target (dashed), national actual.
    The national figure is drawn only where it is on the branch's scale (a rate, a per-case figure):
    a 協会 total beside a branch count would flatten the branch to the axis (see comparison_notes)."""
    parts = []
    color = scope_color(branch)
    specs = [
        (f"{branch} 実績", "branch_actual", color, False, "actual_partial", "actual_month", "actual_note"),
        (f"{branch} 目標（KPI）", "branch_target", color, True, None, None, "target_note"),
        (f"{NATIONAL} 実績", "national_actual", NATIONAL_COLOR, False, "national_partial", "national_month", "national_note"),
    ]
    for name, column, col, dashed, partial_col, month_col, note_col in specs:
        rows = frame[frame[column].notna()]
        if column == "national_actual":
            rows = rows[rows["national_comparable"].astype(bool)]
        if rows.empty:
            continue
        partial = rows[partial_col].astype(bool) if partial_col else pd.Series(False, index=rows.index)
        suffix = [(_partial_label(m) if p else "") for p, m in zip(partial, rows[month_col] if month_col else [None] * len(rows))]
        parts.append(pd.DataFrame({
            "series": name, "fiscal_year": rows["fiscal_year"].astype(int),
            "year_label": rows["fiscal_year_label"],
            "value": rows[column].astype(float), "color": col, "dashed": dashed,
            "partial": partial.to_numpy(), "note": [((n or "") if isinstance(n, str) else "") + s for n, s in zip(rows[note_col], suffix)],
        }))
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
    return (f"{last[0]}支部の指標「{last[1]}」は{branch}支部の資料にないため、既定の「{options[0]}」を表示しています。"
            "同じ内容の指標でも、支部の資料により名前が異なることがあります。")


def _period(partial, month, basis, actual) -> str:
    if pd.isna(actual):
        return ""
    if partial and pd.notna(month):
        return f"{int(month)}月末時点（年度途中）" if basis == "時点" else f"{int(month)}月まで（年度途中）"
    return "年度末時点" if basis == "時点" else "年度"


def _verdict(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    return "達成" if bool(value) else "未達成"


@derived
def comparison_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per fiscal year: branch actual, target, national, gap, rank, printed status, verdicts."""
    unit = unit_of(frame)
    return pd.DataFrame({
        "年度": frame["fiscal_year_label"],
        "支部実績": frame["branch_actual"],
        "実績の期間": [_period(p, m, b, a) for p, m, b, a in
                   zip(frame["actual_partial"], frame["actual_month"], frame["actual_basis"], frame["branch_actual"])],
        "支部目標（KPI）": frame["branch_target"],
        "目標との差": frame["target_gap"],
        "全国実績": frame["national_actual"],
        "全国との差": frame["gap"],
        "差の単位": frame["gap_unit"].where(frame["gap"].notna(), ""),
        "全国順位": frame["national_rank"],
        "単位": unit,
        "望ましい方向": frame["direction"].map(DIRECTIONS).fillna("未設定"),
        "目標の達成": [_judgement(p, v, g) for p, v, g in
                   zip(frame["actual_partial"], frame["target_achieved"], frame["plan_goal"])],
        "全国と比べて": frame["beats_national"].map(lambda v: "—" if v is None or pd.isna(v) else ("良い" if v else "下回る")),
        "資料上の評価": frame["status"].fillna(""),
        "注記": [" / ".join(dict.fromkeys(x for x in (a, t, n) if isinstance(x, str) and x))
               for a, t, n in zip(frame["actual_note"], frame["target_note"], frame["national_note"])],
        "出典": frame["source"], "出典箇所": frame["section"],
        "全国実績の出典": frame["national_source"].fillna(""), "全国実績の出典箇所": frame["national_section"].fillna(""),
    }).reset_index(drop=True)


@derived
def matrix_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells for charts.achievement_matrix: one per (metric, year) with a target or a printed status."""
    rows = []
    for r in frame.itertuples(index=False):
        unit = r.unit or ""
        if r.actual_partial and pd.notna(r.branch_actual):
            verdict = "年度途中"
        elif r.target_achieved is None or pd.isna(r.target_achieved):
            verdict = "判定なし"
        else:
            verdict = "達成" if r.target_achieved else "未達成"
        actual = format_value(r.branch_actual, unit)
        plan = bool(r.plan_goal)
        status = r.status if isinstance(r.status, str) else ""
        if pd.isna(r.branch_actual):
            cell = status or "—"  # never the literal 'null' of a missing figure
        elif plan:
            cell = f"{actual}（基準値）"
        else:
            cell = actual + ("*" if r.actual_partial else "")
        rows.append({
            "metric": r.metric, "fiscal_year": int(r.fiscal_year),
            # the year is marked per cell (a partial figure has '*'), not in the column header
            "year_label": fiscal_year_label(r.fiscal_year),
            "verdict": verdict,
            "cell_text": cell,
            "actual_text": (f"{actual}（基準値）" if plan and pd.notna(r.branch_actual) else actual)
            + (f"（{int(r.actual_month)}月まで・年度途中）" if r.actual_partial and pd.notna(r.actual_month) else ""),
            "target_text": format_value(r.branch_target, unit) + ("（計画期間の目標・判定しない）" if plan else ""),
            "national_text": format_value(r.national_actual, unit),
            "rank_text": "—" if pd.isna(r.national_rank) else f"{int(r.national_rank)}位",
            "direction_text": DIRECTIONS.get(r.direction, "未設定") if isinstance(r.direction, str) else "未設定",
            "status": status,
        })
    return pd.DataFrame(rows)


def _judgement(partial, achieved, plan) -> str:
    if partial:
        return "年度途中"
    if plan:
        return "判定なし（計画期間の目標）"
    return _verdict(achieved)


@derived
def plan_goal_note(frame: pd.DataFrame) -> str:
    """A sentence naming the metrics whose target is a plan-period goal (not judged), or ''."""
    rows = frame[frame["plan_goal"].astype(bool)]
    if rows.empty:
        return ""
    metrics = "・".join(dict.fromkeys(rows["metric"]))
    years = "・".join(fiscal_year_label(y) for y in sorted(rows["fiscal_year"].unique()))
    return (f"※ {metrics}：目標は計画期間の目標（目標年度の印字なし）で、{years}の値は目標を立てたときの基準値"
            "（年度は資料作成年度を便宜上設定）のため、達成・未達成を判定しません。")


@derived
def matrix_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The KPI matrix as a table (what the download contains)."""
    return pd.DataFrame({
        "指標": frame["metric"], "年度": frame["fiscal_year_label"],
        "支部実績": frame["branch_actual"], "実績は年度途中": frame["actual_partial"].map({True: "はい", False: ""}),
        "支部目標（KPI）": frame["branch_target"], "全国実績": frame["national_actual"], "全国順位": frame["national_rank"],
        "単位": frame["unit"], "望ましい方向": frame["direction"].map(DIRECTIONS).fillna("未設定"),
        "目標の達成": [_judgement(p, v, g) for p, v, g in
                   zip(frame["actual_partial"], frame["target_achieved"], frame["plan_goal"])],
        "資料上の評価": frame["status"].fillna(""),
        "出典": frame["source"], "出典箇所": frame["section"],
    }).reset_index(drop=True)


# -- declarations ------------------------------------------------------------------------------
@derived
def declaration_series(rows: pd.DataFrame) -> pd.DataFrame:
    """One declaration row's results and the target in force each year (dashed), for charts.yearly_lines."""
    years = rows["fiscal_year"].astype(int)
    color = "#0072B2"
    parts = [pd.DataFrame({
        "series": "実績", "fiscal_year": years, "year_label": years.astype(str) + "年度",
        "value": rows["value"], "color": color, "dashed": False, "partial": False, "note": rows["note"].fillna(""),
    })]
    targets = rows[rows["target"].notna()]
    if not targets.empty:
        parts.append(pd.DataFrame({
            "series": "目標", "fiscal_year": targets["fiscal_year"].astype(int),
            "year_label": targets["fiscal_year"].astype(int).astype(str) + "年度",
            "value": targets["target"], "color": "#D55E00", "dashed": True, "partial": False,
            "note": [f"{int(s)}年度からの目標" + (f"：{n}" if isinstance(n, str) and n else "")
                     for s, n in zip(targets["target_since"], targets["target_note"])],
        }))
    return pd.concat(parts, ignore_index=True)


@derived
def declaration_charts(rows: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame, str]]:
    """(metric, unit, series for charts.yearly_lines, subtitle) for each metric of a declaration."""
    return [(metric, metric_rows["unit"].iloc[0], declaration_series(metric_rows),
             target_revision_note(metric_rows) or "破線はその年度に有効だった目標")
            for metric, metric_rows in rows.groupby("metric", sort=False)]


@derived
def declaration_table(progress: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "指標": progress["metric"], "範囲": progress["scope"], "年度": progress["fiscal_year"],
        "実績": progress["value"], "単位": progress["unit"], "その年の目標": progress["target"],
        "目標の適用開始年度": progress["target_since"], "目標に対する割合（%）": progress["target_share"].round(1),
        "前年からの増加": progress["increase"], "目標達成": progress["met"].map(_verdict),
        "注記": progress["note"].fillna(""), "目標の注記": progress["target_note"].fillna(""),
        "出典": progress["source"], "出典箇所": progress["section"],
    }).reset_index(drop=True)


@derived
def outcome_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "宣言": outcomes["declaration"], "判定した指標": outcomes["metric"],
        "2020年度の結果": [format_value(v, u) for v, u in zip(outcomes["final_value"], outcomes["unit"])],
        "2020年度の目標": [format_value(v, u) for v, u in zip(outcomes["final_target"], outcomes["unit"])],
        "最終年度に達成": outcomes["met_final_year"].map({True: "達成", False: "未達成"}),
        "初めて達成した年度": outcomes["first_year_met"].map(lambda y: "—" if pd.isna(y) else f"{int(y)}年度"),
        "達成した年度": outcomes["years_met"].fillna("—"),
        "判定の根拠": outcomes["basis"],
    }).reset_index(drop=True)


@derived
def declarations_met(outcomes: pd.DataFrame) -> tuple[int, int]:
    """(declarations whose every judged row met its target in the final year, declarations judged)."""
    per = outcomes.groupby("declaration")["met_final_year"].all()
    return int(per.sum()), int(len(per))


# -- insurers ----------------------------------------------------------------------------------
def _as_of_label(d) -> str:
    if d is None or pd.isna(d):
        return "時点不明"
    d = pd.Timestamp(d)
    if d.year >= 2019 and not (d.year == 2019 and d.month < 5):
        era = f"R{d.year - 2018}"
    else:
        era = f"H{d.year - 1988}"
    return f"{era}.{d.month}末"


def _dates(column: pd.Series) -> pd.Series:
    """Dates as YYYY-MM-DD text (blank where none): what a table shows and a CSV carries."""
    return pd.to_datetime(column).dt.strftime("%Y-%m-%d").fillna("")


@derived
def landscape_table(landscape: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "保険者種別": landscape["insurer_type"],
        "保険者数": landscape["insurers"], "保険者数の単位": landscape["insurers_unit"].fillna(""),
        "保険者数の時点": _dates(landscape["insurers_as_of"]),
        "加入者数（人）": landscape["members"], "加入者数の時点": _dates(landscape["members_as_of"]),
        "注記": landscape["note"].fillna(""), "出典": landscape["source"], "出典箇所": landscape["section"],
    }).reset_index(drop=True)


@derived
def landscape_bars(landscape: pd.DataFrame, column: str) -> pd.DataFrame:
    as_of_col = "members_as_of" if column == "members" else "insurers_as_of"
    rows = landscape[landscape[column].notna()]
    return pd.DataFrame({
        "label": [f"{t}（{_as_of_label(d)}）" for t, d in zip(rows["insurer_type"], rows[as_of_col])],
        "value": rows[column].astype(float),
        "note": rows["note"].fillna(""),
    })


@derived
def sizes_table(sizes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "事業所規模（従業員数）": sizes["size_class"], "構成割合（%）": sizes["value"],
        "時点": _dates(sizes["as_of"]), "注記": sizes["note"].fillna(""), "出典": sizes["source"], "出典箇所": sizes["section"],
    }).reset_index(drop=True)


@derived
def survey_table(survey: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "保険者種別": survey["insurer_type"], "対象数": survey["targeted"], "回答数": survey["responded"],
        "回答率（%）": survey["response_rate"], "注記": survey["note"].fillna(""),
        "出典": survey["source"], "出典箇所": survey["section"],
    }).reset_index(drop=True)


# -- national ----------------------------------------------------------------------------------
@derived
def national_series_table(series: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "年度": series["fiscal_year_label"], "値": series["value"], "単位": series["unit"],
        "時点": _dates(series["as_of"]), "前年度対比の増減率（資料の値, %）": series["printed_yoy_rate"],
        "前年差（計算）": series["difference"], "注記": series["note"].fillna(""),
        "出典": series["source"], "出典箇所": series["section"],
    }).reset_index(drop=True)


@derived
def national_series_frame(series: pd.DataFrame, metric: str) -> pd.DataFrame:
    return pd.DataFrame({
        "series": f"{NATIONAL} {metric}", "fiscal_year": series["fiscal_year"].astype(int),
        "year_label": series["fiscal_year"].astype(int).astype(str), "value": series["value"],
        "color": NATIONAL_COLOR, "dashed": False, "partial": False,
        "note": [("前年度比 " + (f"{r:+.1f}%" if pd.notna(r) else "—")) + (f" / {n}" if isinstance(n, str) and n else "")
                 for r, n in zip(series["printed_yoy_rate"], series["note"])],
    })


@derived
def national_monthly_frame(monthly: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Monthly national flows shaped for charts.monthly_lines: one line per chosen metric."""
    rows = monthly[monthly["metric"].isin(metrics)]
    return pd.DataFrame({
        "fiscal_year_label": rows["metric"], "fiscal_year": rows["metric"].map({m: i for i, m in enumerate(metrics)}),
        "fiscal_month": rows["fiscal_month"], "month_label": rows["month_label"], "value": rows["value"],
        "prior_value": None, "difference": None, "note": rows["note"].fillna(""),
    })


@derived
def national_monthly_table(monthly: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    rows = monthly[monthly["metric"].isin(metrics)]
    return pd.DataFrame({
        "指標": rows["metric"], "年度": rows["fiscal_year"].map(fiscal_year_label), "月": rows["month_label"],
        "値": rows["value"], "単位": rows["unit"], "年度計（資料の値）": rows["printed_year_total"],
        "注記": rows["note"].fillna(""), "出典": rows["source"], "出典箇所": rows["section"],
    }).reset_index(drop=True)


@derived
def national_kpi_table(kpi: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "指標": kpi["metric"], "年度": kpi["fiscal_year"].map(fiscal_year_label), "目標": kpi["target"],
        "実績": kpi["result"], "単位": kpi["unit"], "評価（資料）": kpi["status"],
        "望ましい方向": kpi["direction"].map(DIRECTIONS).fillna("未設定"),
        "注記": kpi["note"].fillna(""), "出典": kpi["source"], "出典箇所": kpi["section"],
    }).reset_index(drop=True)


@derived
def health_check_table(counts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "指標": counts["metric"], "年度": counts["fiscal_year_label"], "値": counts["value"], "単位": counts["unit"],
        "前年度差": counts["difference"], "前年度比": counts["ratio"].round(4), "注記": counts["note"].fillna(""),
        "出典": counts["source"], "出典箇所": counts["section"],
    }).reset_index(drop=True)


@derived
def facts_table(facts: pd.DataFrame) -> pd.DataFrame:
    out = facts.copy()
    months = out["month"].astype("Int64").astype("string")
    out["month"] = (months + "月").fillna("")
    out["as_of"] = _dates(out["as_of"])
    # what a reader looks for first (metric, year, value) on the left; where it comes from after
    return out[["metric", "scope", "fiscal_year", "month", "kind", "basis", "value", "unit", "printed", "as_of", "note",
                "source", "section", "dataset", "data_file", "data_line"]].reset_index(drop=True)


@derived
def dimension_options(dimensions: pd.DataFrame, column: str, filters: dict[str, object]) -> list:
    """Values of ``column`` among the rows that match the filters chosen so far (None = any)."""
    rows = dimensions
    for col, value in filters.items():
        if value is not None:
            rows = rows[rows[col] == value]
    return sorted(rows[column].dropna().unique().tolist())


@derived
def select_years(series: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    return series[series["fiscal_year"].isin(years)]


def _month_name(fiscal_month) -> str:
    return f"{(int(fiscal_month) + 2) % 12 + 1}月"


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
    labels = [f"{fiscal_year_label(y)}（{_covered(b, pd.Series([m]))[0]}）"
              for y, b, m in zip(printed["fiscal_year"], printed["basis"], printed["fiscal_month"])]
    return pd.DataFrame({"label": labels, "value": printed["value"].astype(float).to_numpy(),
                         "note": printed["note"].fillna("").to_numpy()})


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
def insurer_type_rates(progress: pd.DataFrame, declaration: str) -> pd.DataFrame:
    """The declaration's printed 達成率 by insurer type in its last year (2020), for charts.bars:
    label = '市町村国保（1,438保険者）' (the type and that year's count), value = the rate, highest first."""
    rows = progress[(progress["declaration"] == declaration) & (progress["scope"] != NATIONAL)]
    rates = rows[rows["metric"].str.endswith("達成率") & rows["value"].notna()]
    if rates.empty:
        return pd.DataFrame(columns=["label", "scope", "value", "note", "fiscal_year"])
    year = int(rates["fiscal_year"].max())
    rates = rates[rates["fiscal_year"] == year].sort_values("value", ascending=False, kind="stable")
    counts = rows[~rows["metric"].str.endswith("達成率") & (rows["fiscal_year"] == year)]
    count_of = dict(zip(counts["scope"], zip(counts["value"], counts["unit"])))

    def label(scope: str) -> str:
        value, unit = count_of.get(scope, (None, ""))
        return scope if value is None or pd.isna(value) else f"{scope}（{format_value(value, unit)}）"

    return pd.DataFrame({
        "label": [label(s) for s in rates["scope"]], "scope": rates["scope"].to_numpy(),
        "value": rates["value"].astype(float).to_numpy(),
        "note": [f"{year}年度の達成数 {format_value(*count_of[s]) if s in count_of else '—'}" for s in rates["scope"]],
        "fiscal_year": year,
    })


@derived
def insurer_type_counts(rows: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Counts per insurer type and year for grouped charts.bars: one bar per year within each type,
    the types in ``order`` (then any other), years oldest first."""
    counts = rows[rows["value"].notna()].copy()
    rank = {s: i for i, s in enumerate(order)}
    counts = counts.assign(_rank=counts["scope"].map(lambda s: rank.get(s, len(rank))))
    counts = counts.sort_values(["_rank", "fiscal_year"], kind="stable")
    return pd.DataFrame({
        "scope": counts["scope"].to_numpy(), "value": counts["value"].astype(float).to_numpy(),
        "year_label": (counts["fiscal_year"].astype(int).astype(str) + "年度").to_numpy(),
    })


@derived
def fiscal_years_text(frame: pd.DataFrame) -> str:
    return "・".join(fiscal_year_label(y) for y in sorted(frame["fiscal_year"].unique()))


STATUS_VERDICT = {"達成": "達成", "概ね達成": "概ね達成", "未達成": "未達成"}


@derived
def national_kpi_cells(kpi: pd.DataFrame) -> pd.DataFrame:
    """Cells for charts.achievement_matrix from the national KPI table (verdict = the printed status)."""
    rows = []
    for r in kpi.itertuples(index=False):
        unit = r.unit or ""
        rows.append({
            "metric": r.metric, "fiscal_year": int(r.fiscal_year), "year_label": fiscal_year_label(r.fiscal_year),
            "verdict": r.status, "cell_text": f"{format_value(r.result, unit)}（目標 {format_value(r.target, unit)}）",
            "actual_text": format_value(r.result, unit), "target_text": format_value(r.target, unit),
            "national_text": format_value(r.result, unit), "rank_text": "—",
            "direction_text": DIRECTIONS.get(r.direction, "未設定") if isinstance(r.direction, str) else "未設定",
            "status": r.status,
        })
    return pd.DataFrame(rows)


@derived
def health_check_frame(counts: pd.DataFrame) -> pd.DataFrame:
    return counts[["metric", "fiscal_year_label", "value", "unit", "note"]].reset_index(drop=True)


@derived
def latest_kpi_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """The KPI verdict counts of the latest fiscal year only."""
    if summary.empty:
        return summary
    return summary[summary["fiscal_year"] == summary["fiscal_year"].max()].reset_index(drop=True)


@derived
def printed_only(frame: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    """Rows whose figure the document prints (a bar chart cannot show a missing figure)."""
    return frame[frame[column].notna()].reset_index(drop=True)


@derived
def not_printed(frame: pd.DataFrame, label: str, column: str = "value") -> list[str]:
    """Labels of rows the document prints without a figure, for a visible note under the chart."""
    return frame.loc[frame[column].isna(), label].tolist()


@derived
def bases_of(metrics: pd.DataFrame, metric: str) -> list[str]:
    """The bases (単月 / 累計 …) a metric is printed in."""
    return metrics.loc[metrics["metric"] == metric, "basis"].tolist()


# A chart drawn from many tables (a KPI matrix) names the first few sections under it; every
# row's own section stays in the table and its download.
SOURCE_SECTIONS_SHOWN = 3


@derived
def source_caption(frame: pd.DataFrame) -> str:
    """'出典: <document>「section」「section」 / …' for every figure of ``frame``: its source and
    section, and for a comparison also the national figures' own source and section."""
    pairs = list(zip(frame["source"], frame["section"].fillna("")))
    if "national_source" in frame.columns:
        pairs += [(s, sec) for s, sec in zip(frame["national_source"], frame["national_section"].fillna(""))
                  if isinstance(s, str)]
    by_source: dict[str, list[str]] = {}
    for source, section in pairs:
        sections = by_source.setdefault(source, [])
        if section not in sections:
            sections.append(section)
    if not by_source:
        return ""

    def quoted(section: str) -> str:  # a heading that quotes a title nests 『』 inside 「」
        return "「" + section.replace("「", "『").replace("」", "』") + "」"

    def listed(sections: list[str]) -> str:
        shown = "".join(quoted(s) for s in sections[:SOURCE_SECTIONS_SHOWN])
        rest = len(sections) - SOURCE_SECTIONS_SHOWN
        return shown + (f" ほか{rest}箇所（表の出典箇所の列）" if rest > 0 else "")

    return "出典: " + " / ".join(f"{source} {listed(sections)}" for source, sections in by_source.items())



@derived
def headline_cards(headlines: pd.DataFrame) -> list[dict]:
    """The home page's cards: the latest figure in the document's units, the printed change from
    the prior year, where it comes from, and the national page's view of the same series."""
    cards = []
    for h in headlines.to_dict("records"):
        rate = h["printed_yoy_rate"]
        as_of = h["as_of"]
        period = h["fiscal_year_label"] + ("末" if as_of is not None and not pd.isna(as_of) else "")
        cards.append({
            # the period in the label: no caption element under every card on every rerun
            "label": f"{h['metric']}（{period}）",
            "value": format_headline(h["value"], h["unit"]),
            "delta": None if rate is None or pd.isna(rate) else f"{rate:+.1f}%（前年度比）",
            "delta_color": "off" if h["metric"].endswith("医療費総額") else "normal",
            "help": f"出典: {h['source']}「{h['section']}」。前年度比は資料の値",
            # 003 prints the medical cost for one year only: its card leads to the figure itself.
            **({"link_page": "data", "link_label": "資料の数値を見る", "link_params": {"metric": h["metric"]}}
               if h["metric"] == "加入者1人当たりの医療費総額" else
               {"link_page": "national", "link_label": "推移を見る", "link_params": {"view": "推移", "metric": h["metric"]}}),
        })
    return cards


@derived
def sources_markdown(sources: pd.DataFrame) -> str:
    """The documents in one Markdown block: per document its title and file name, publisher,
    period, scope and the figures kept, then what it contains. Cell text is escaped (* _ ` [ ] < >
    would be read as Markdown)."""
    def text(value) -> str:
        plain = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        return re.sub(r"([\\*_`\[\]<>|])", r"\\\1", plain).replace("\n", " ")

    blocks = []
    for d in sources.to_dict("records"):
        blocks.append(f"**{text(d['title'])}**（{text(d['source'])}）  \n"
                      f"発行: {text(d['publisher'])}・対象期間: {text(d['period'])}・範囲: {text(d['scope'])}・"
                      f"収録した数値: {d['figures']:,}件（{d['datasets']}データセット）  \n"
                      f"{text(d['description'])}")
    return "\n\n".join(blocks)


@derived
def records(frame: pd.DataFrame) -> list[dict]:
    """The rows as plain dicts (iterating a DataFrame on every rerun costs milliseconds)."""
    return frame.to_dict("records")


@derived
def distinct(frame: pd.DataFrame, column: str, *, sort: bool = False) -> list:
    """The values of ``column`` in first-seen order (or sorted): the options of a picker."""
    values = list(dict.fromkeys(frame[column].tolist()))
    return sorted(values) if sort else values
