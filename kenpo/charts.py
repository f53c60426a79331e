"""Altair chart builders: one look across the dashboard.

- one colour for 全国 everywhere and one per branch (Okabe–Ito, colour-blind safe);
- targets dashed; a partial year drawn with hollow points and labelled;
- rate lines scaled to their data so differences show; bars always start at zero;
- direct labels at the end of each line where lines are few; tooltips carry exact values and notes.
"""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from kenpo.derived import derived

FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"
NATIONAL = "全国"
NATIONAL_COLOR = "#4D4D4D"
BRANCH_COLORS = {"群馬": "#0072B2", "三重": "#D55E00"}
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
YEAR_COLORS = ["#56B4E9", "#CC79A7", "#009E73", "#E69F00", "#0072B2"]  # oldest … newest (newest = deep blue)
ACHIEVED_COLORS = {"達成": "#0072B2", "概ね達成": "#56B4E9", "未達成": "#E69F00", "年度途中": "#F3E3B3", "判定なし": "#D9D9D9"}
MONTH_LABEL_EXPR = "datum.value <= 9 ? (datum.value + 3) + '月' : (datum.value - 9) + '月'"
DIRECT_LABEL_LIMIT = 4


def scope_color(scope: str) -> str:
    if scope == NATIONAL:
        return NATIONAL_COLOR
    if scope in BRANCH_COLORS:
        return BRANCH_COLORS[scope]
    others = [c for c in OKABE_ITO if c not in BRANCH_COLORS.values()]
    return others[sum(map(ord, scope)) % len(others)]


def number_format(unit: str, values: pd.Series | None = None) -> str:
    """d3 format for axis and tooltip: rates with their printed decimals, counts with separators."""
    if values is not None and len(values.dropna()):
        decimals = max(_decimals(v) for v in values.dropna())
    else:
        decimals = 1 if unit == "%" else 0
    return f",.{decimals}f"


def _decimals(value: float) -> int:
    for d in range(0, 4):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return 3


def configure(chart: alt.TopLevelMixin, *, presenting: bool = False) -> alt.TopLevelMixin:
    scale = 1.35 if presenting else 1.0
    return (
        chart.configure(font=FONT)
        .configure_title(fontSize=round(17 * scale), subtitleFontSize=round(12 * scale), anchor="start", subtitleColor="#4A5563")
        .configure_axis(labelFontSize=round(12 * scale), titleFontSize=round(12 * scale), gridColor="#E5E7EB")
        .configure_legend(labelFontSize=round(12 * scale), titleFontSize=round(12 * scale), orient="bottom", labelLimit=320)
        .configure_view(stroke=None)
    )


def _height(presenting: bool) -> int:
    return 430 if presenting else 340


def monthly_lines(frame: pd.DataFrame, *, title: str, unit: str, subtitle: str = "", presenting: bool = False) -> alt.Chart:
    """One line per fiscal year over April→March. ``frame``: fiscal_year_label, fiscal_month, value,
    tooltip columns (月, 値, 前年差, 注記) prepared by the caller's query."""
    labels = list(dict.fromkeys(frame.sort_values("fiscal_year")["fiscal_year_label"]))
    colors = YEAR_COLORS[-len(labels):] if len(labels) <= len(YEAR_COLORS) else None
    color = alt.Color("fiscal_year_label:N", title="年度", sort=labels,
                      scale=alt.Scale(domain=labels, range=colors) if colors else alt.Undefined)
    fmt = number_format(unit, frame["value"])
    base = alt.Chart(frame).encode(
        x=alt.X("fiscal_month:O", title=None, sort=list(range(1, 13)),
                axis=alt.Axis(labelExpr=MONTH_LABEL_EXPR, labelAngle=0)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False), axis=alt.Axis(format=fmt)),
        color=color,
        tooltip=[alt.Tooltip("fiscal_year_label:N", title="年度"), alt.Tooltip("month_label:N", title="月"),
                 alt.Tooltip("value:Q", title=f"値（{unit}）", format=fmt),
                 alt.Tooltip("prior_value:Q", title="前年度同月", format=fmt),
                 alt.Tooltip("difference:Q", title="前年差", format="+" + fmt),
                 alt.Tooltip("note:N", title="注記")],
    )
    lines = base.mark_line(point=alt.OverlayMarkDef(size=55, filled=True), strokeWidth=2.5)
    layers = [lines]
    if len(labels) <= DIRECT_LABEL_LIMIT:
        last = frame.sort_values("fiscal_month").groupby("fiscal_year_label", as_index=False).tail(1)
        layers.append(alt.Chart(last).mark_text(align="left", dx=7, fontWeight="bold", fontSize=13 * (1.3 if presenting else 1)).encode(
            x=alt.X("fiscal_month:O", sort=list(range(1, 13))), y="value:Q",
            text="fiscal_year_label:N", color=alt.Color("fiscal_year_label:N", sort=labels, legend=None,
                                                        scale=alt.Scale(domain=labels, range=colors) if colors else alt.Undefined)))
    chart = alt.layer(*layers).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined), height=_height(presenting), width="container")
    return configure(chart, presenting=presenting)


def yearly_lines(frame: pd.DataFrame, *, title: str, unit: str, subtitle: str = "", presenting: bool = False,
                 zero: bool = False, step_targets: bool = False) -> alt.Chart:
    """Lines by fiscal year, one per series. ``frame``: year_label (str), fiscal_year, value, series,
    color (hex), dashed (bool: targets), partial (bool), note."""
    frame = frame.copy()
    series = list(dict.fromkeys(frame["series"]))
    colors = [frame.loc[frame["series"] == s, "color"].iloc[0] for s in series]
    dashes = [[6, 4] if frame.loc[frame["series"] == s, "dashed"].iloc[0] else [1, 0] for s in series]
    year_order = list(dict.fromkeys(frame.sort_values("fiscal_year")["year_label"]))
    fmt = number_format(unit, frame["value"])
    enc = dict(
        x=alt.X("year_label:O", title=None, sort=year_order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=zero), axis=alt.Axis(format=fmt)),
        color=alt.Color("series:N", title=None, sort=series, scale=alt.Scale(domain=series, range=colors)),
        strokeDash=alt.StrokeDash("series:N", sort=series, scale=alt.Scale(domain=series, range=dashes), legend=None),
    )
    tooltip = [alt.Tooltip("series:N", title="系列"), alt.Tooltip("year_label:N", title="年度"),
               alt.Tooltip("value:Q", title=f"値（{unit}）", format=fmt), alt.Tooltip("note:N", title="注記")]
    # With step_targets, a target is a level in force from its year on (宣言2020): drawn as steps,
    # so a revision is a jump. Yearly KPIs are one value per year: plain dashed lines.
    lines = alt.layer(
        alt.Chart(frame[~frame["dashed"]]).mark_line(strokeWidth=2.5).encode(**enc),
        alt.Chart(frame[frame["dashed"]]).mark_line(
            strokeWidth=2.5, interpolate="step-after" if step_targets else "linear").encode(**enc),
    )
    points = alt.Chart(frame).mark_point(size=70, strokeWidth=2).encode(
        x=enc["x"], y=enc["y"], color=enc["color"],
        fill=alt.condition("datum.partial", alt.value("white"), alt.Color("series:N", sort=series, scale=alt.Scale(domain=series, range=colors), legend=None)),
        tooltip=tooltip)
    layers = [lines, points]
    if len(series) <= DIRECT_LABEL_LIMIT:
        last = frame.sort_values("fiscal_year").groupby("series", as_index=False).tail(1)
        last = last.assign(label=last["series"] + last["partial"].map({True: "（途中）", False: ""}))
        layers.append(alt.Chart(last).mark_text(align="left", dx=8, fontWeight="bold", fontSize=13 * (1.3 if presenting else 1)).encode(
            x=enc["x"], y=enc["y"], text="label:N",
            color=alt.Color("series:N", sort=series, scale=alt.Scale(domain=series, range=colors), legend=None)))
    chart = alt.layer(*layers).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined), height=_height(presenting), width="container")
    return configure(chart, presenting=presenting)


def bars(frame: pd.DataFrame, *, category: str, value: str, title: str, unit: str, color: str | None = None,
         group: str | None = None, subtitle: str = "", presenting: bool = False, sort: list | None = None,
         note_tooltip: bool = False) -> alt.Chart:
    """Horizontal bars from zero with value labels. ``group`` draws grouped bars (e.g. 2022 vs 2023)."""
    fmt = number_format(unit, frame[value])
    enc = dict(
        y=alt.Y(f"{category}:N", title=None, sort=sort or "-x", axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{value}:Q", title=unit, scale=alt.Scale(zero=True), axis=alt.Axis(format=fmt)),
        tooltip=[alt.Tooltip(f"{category}:N", title="項目"), alt.Tooltip(f"{value}:Q", title=f"値（{unit}）", format=fmt)]
        + ([alt.Tooltip("note:N", title="注記")] if note_tooltip else []),
    )
    if group:
        groups = list(dict.fromkeys(frame[group]))
        enc["yOffset"] = alt.YOffset(f"{group}:N", sort=groups)
        enc["color"] = alt.Color(f"{group}:N", title=None, sort=groups,
                                 scale=alt.Scale(domain=groups, range=YEAR_COLORS[-len(groups):] if len(groups) <= len(YEAR_COLORS) else alt.Undefined))
        enc["tooltip"] = enc["tooltip"] + [alt.Tooltip(f"{group}:N", title="区分")]
    base = alt.Chart(frame).encode(**enc)
    bar = base.mark_bar(color=color or OKABE_ITO[0]) if not group else base.mark_bar()
    text = base.mark_text(align="left", dx=4, fontSize=12 * (1.3 if presenting else 1), color="#1B2631").encode(
        text=alt.Text(f"{value}:Q", format=fmt))
    step = 34 if presenting else 26
    chart = alt.layer(bar, text).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined),
        height=alt.Step(step if not group else step * 0.8), width="container")
    return configure(chart, presenting=presenting)


def achievement_matrix(frame: pd.DataFrame, *, title: str, subtitle: str = "", presenting: bool = False) -> alt.Chart:
    """Metric × fiscal year grid coloured 達成 / 未達成 / 判定なし, with the actual printed in each cell.
    ``frame``: metric, year_label, fiscal_year, verdict, cell_text, tooltip columns."""
    year_order = list(dict.fromkeys(frame.sort_values("fiscal_year")["year_label"]))
    metrics = list(dict.fromkeys(frame["metric"]))
    verdicts = [v for v in ACHIEVED_COLORS if v in set(frame["verdict"])]
    base = alt.Chart(frame).encode(
        x=alt.X("year_label:O", title=None, sort=year_order, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("metric:N", title=None, sort=metrics, axis=alt.Axis(labelLimit=340)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("verdict:N", title="KPI目標", scale=alt.Scale(domain=verdicts, range=[ACHIEVED_COLORS[v] for v in verdicts])),
        tooltip=[alt.Tooltip("metric:N", title="指標"), alt.Tooltip("year_label:N", title="年度"),
                 alt.Tooltip("actual_text:N", title="支部実績"), alt.Tooltip("target_text:N", title="目標"),
                 alt.Tooltip("national_text:N", title="全国実績"), alt.Tooltip("rank_text:N", title="全国順位"),
                 alt.Tooltip("direction_text:N", title="方向"), alt.Tooltip("verdict:N", title="判定")],
    )
    text = base.mark_text(fontSize=12 * (1.25 if presenting else 1)).encode(
        text="cell_text:N",
        color=alt.condition("datum.verdict == '達成'", alt.value("white"), alt.value("#1B2631")))
    chart = alt.layer(cells, text).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined),
        height=alt.Step(32 if presenting else 24), width="container")
    return configure(chart, presenting=presenting)


BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    f.__name__: f for f in (monthly_lines, yearly_lines, bars, achievement_matrix)
}


@derived
def _spec(builder: str, frame: pd.DataFrame, options: tuple) -> dict:
    """The Vega-Lite spec of a chart, built and validated once per data and options (building an
    Altair chart and validating it costs ~100 ms), with its datasets already in the Arrow form
    Streamlit sends (converting them was most of a warm rerun's chart time)."""
    spec = BUILDERS[builder](frame, **dict(options)).to_dict()
    spec["datasets"] = {name: convert_anything_to_arrow_bytes(values) for name, values in spec.get("datasets", {}).items()}
    return spec


def show(builder: Callable[..., alt.TopLevelMixin], frame: pd.DataFrame, **options) -> None:
    """Render ``builder(frame, **options)`` full width, from the spec cache."""
    st.vega_lite_chart(spec=_spec(builder.__name__, frame, tuple(sorted(options.items(), key=lambda kv: kv[0]))),
                       width="stretch")
