"""Altair chart builders: one look across the dashboard.

- one colour for 全国 everywhere and one per branch (Okabe–Ito, colour-blind safe);
- targets dashed; a partial year drawn with hollow points and labelled;
- rate lines scaled to their data so differences show; bars always start at zero;
- direct labels at the end of each line where lines are few; tooltips carry exact values and notes.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

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


def _decimals(value: float, most: int = 3) -> int:
    for d in range(0, most + 1):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return most


def _format(value, decimals: int, sign: bool = False) -> str:
    """Python's rendering of the d3 format ``,.{decimals}f`` (``+`` with ``sign``); "—" for a missing value."""
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):{'+' if sign else ''},.{decimals}f}"


def _text_column(values: pd.Series) -> pd.Series:
    """A tooltip column as text: a missing value reads "—", never "null"."""
    return values.map(lambda v: "—" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))


def _has_values(frame: pd.DataFrame, column: str) -> bool:
    """Whether a tooltip column is worth showing: present, and not all missing or blank."""
    if column not in frame.columns:
        return False
    values = frame[column].dropna()
    return bool(len(values)) and not values.map(lambda v: isinstance(v, str) and not v.strip()).all()


# -- value axis ----------------------------------------------------------------------------------
def _tick_step(span: float, count: int) -> float:
    """d3's tick step: 1, 2 or 5 × 10^k, giving about ``count`` intervals over ``span``."""
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    factor = 10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    return float(f"{factor * power:.12g}")


def value_scale(values, *, height: int, zero: bool = False, integer: bool = False) -> dict | None:
    """The y (or x) scale of a value axis, decided here rather than by Vega so that

    - the domain is padded (5 % of the data range each side, then out to whole ticks): a point is
      never drawn on or past the axis edge, even for one year or a 0.1-pt range;
    - tick labels have the decimals of the tick step, so ticks never read 100.0, 100.0, 99.9;
    - the label collision check knows how many data units a pixel is.

    Returns {"domain": [lo, hi], "ticks": [...], "format": d3 format, "step": step}, or None when
    there is no value to scale. ``zero`` keeps 0 in the domain (bars, counts); values that are all
    ≥ 0 are never padded below zero; ``integer`` keeps the step ≥ 1 (counts)."""
    data = [float(v) for v in values if v is not None and not pd.isna(v)]
    if not data:
        return None
    low, high = min(data), max(data)
    if zero:
        low, high = min(low, 0.0), max(high, 0.0)
    span = high - low
    if span == 0:
        span = abs(high) * 0.1 or 1.0
        low, high = low - span / 2, high + span / 2
        if min(data) >= 0 and low < 0:
            low = 0.0
    pad = span * 0.05
    lo = low if zero and low == 0 else low - pad
    hi = high if zero and high == 0 else high + pad
    if min(data) >= 0 and lo < 0:
        lo = 0.0
    # The tightest whole-tick domain with at most one tick per ~36 px (up to 7 ticks on a 220-px plot).
    most = max(3, height // 36)
    best = None
    for count in range(3, most + 1):
        step = _tick_step(hi - lo, count)
        if integer:
            step = max(step, 1.0)
        first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
        if last - first > most and best is not None:
            continue
        candidate = ((last - first) * step, last - first, step, first, last)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    _, _, step, first, last = best
    ticks = [float(f"{i * step:.12g}") for i in range(first, last + 1)]
    return {"domain": [ticks[0], ticks[-1]], "ticks": ticks, "format": f",.{_decimals(step, 6)}f", "step": step}


def _value_axis(unit: str, scale: dict | None, fmt: str, **extra) -> alt.Axis:
    """A left value axis whose unit title sits horizontally above the axis (CJK units such as 社 or
    事業所 read upright), right-aligned with the tick labels."""
    title = dict(title=unit or None, titleAngle=0, titleAlign="right", titleBaseline="bottom",
                 titleAnchor="end", titleX=-7, titleY=-10, titleFontWeight="normal", titleColor="#4A5563")
    if scale is None:
        return alt.Axis(format=fmt, **title, **extra)
    return alt.Axis(format=scale["format"], values=scale["ticks"], **title, **extra)


def _y_scale(scale: dict | None, zero: bool) -> alt.Scale:
    if scale is None:
        return alt.Scale(zero=zero)
    return alt.Scale(domain=scale["domain"], zero=False, nice=False)


# -- direct labels -------------------------------------------------------------------------------
def spread_labels(values: list[float], gap: float, low: float, high: float) -> list[float] | None:
    """Label positions (data units) for labels whose anchors are ``values``: at least ``gap`` apart,
    within [low, high], each group of would-be-colliding labels centred on its anchors' mean (so a
    lone label stays at its point). Order follows the values (ties: input order). None if the
    labels cannot fit, in which case the caller falls back to a legend."""
    n = len(values)
    if n == 0:
        return []
    if gap * (n - 1) > (high - low) + 1e-12:
        return None
    order = sorted(range(n), key=lambda i: (values[i], i))
    clusters = [[i] for i in order]

    def start(cluster: list[int]) -> float:
        size = gap * (len(cluster) - 1)
        centre = sum(values[i] for i in cluster) / len(cluster)
        return min(max(centre - size / 2, low), high - size)

    merged = True
    while merged:
        merged = False
        for k in range(len(clusters) - 1):
            end = start(clusters[k]) + gap * (len(clusters[k]) - 1)
            if start(clusters[k + 1]) - end < gap - 1e-9:
                clusters[k:k + 2] = [clusters[k] + clusters[k + 1]]
                merged = True
                break
    out = [0.0] * n
    for cluster in clusters:
        first = start(cluster)
        for j, i in enumerate(cluster):
            out[i] = first + j * gap
    return out


def _label_font(presenting: bool) -> float:
    return 13 * (1.3 if presenting else 1)


def _place_labels(values: list[float], scale: dict | None, height: int, presenting: bool) -> list[float] | None:
    """Positions for end-of-line labels that never overlap (a line of text plus a little air apart)."""
    if scale is None:
        return None
    low, high = scale["domain"]
    units_per_px = (high - low) / height
    return spread_labels(values, (_label_font(presenting) * 1.25 + 2) * units_per_px, low, high)


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
    """Height of a line chart's plot area in px (title, axes and legend come on top: about 340 px in all)."""
    return 300 if presenting else 220


def _lines_properties(chart: alt.LayerChart, *, title: str, subtitle: str, height: int, labels: bool) -> alt.LayerChart:
    """Size a line chart: the width fits the container but the height is the plot area's own
    (autosize fit-x), so the label collision check's pixels are the drawn pixels. Direct labels get
    extra room on the right: the text is measured before the web font is drawn and ran past the edge."""
    return chart.properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined), height=height, width="container",
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        padding={"left": 0, "top": 0, "bottom": 0, "right": 20 if labels else 0})


TARGET_COLOR = "#1B2631"


def _fmt_decimals(fmt: str) -> int:
    return int(fmt.rsplit(".", 1)[1].rstrip("f"))


def _is_count(unit: str, values: pd.Series) -> bool:
    return unit != "%" and _fmt_decimals(number_format(unit, values)) == 0


def monthly_lines(frame: pd.DataFrame, *, title: str, unit: str, subtitle: str = "", presenting: bool = False,
                  targets: Sequence[tuple[str, float]] | None = None, series_title: str | None = None) -> alt.Chart:
    """One line per fiscal year over April→March. ``frame``: fiscal_year_label, fiscal_year, fiscal_month,
    value, and optional tooltip columns month_label, prior_value (前年度同月), difference (前年差), note
    (注記) prepared by the caller's query; a tooltip column that is all empty is left out.

    ``targets``: optional (label, value) pairs, e.g. [("目標", 95.0)], each drawn as a dashed
    horizontal rule with a direct label 「目標 95.0%」. ``series_title`` names the series field in
    the legend and tooltip: by default 年度 when the lines are fiscal years, else 系列 (e.g. the
    national chart, whose lines are metrics)."""
    frame = frame.copy()
    labels = list(dict.fromkeys(frame.sort_values("fiscal_year")["fiscal_year_label"]))
    if series_title is None:
        series_title = "年度" if all(str(label).endswith("年度") for label in labels) else "系列"
    colors = YEAR_COLORS[-len(labels):] if len(labels) <= len(YEAR_COLORS) else None
    color_scale = alt.Scale(domain=labels, range=colors) if colors else alt.Undefined
    fmt = number_format(unit, frame["value"])
    decimals = _fmt_decimals(fmt)
    targets = [(str(label), float(value)) for label, value in (targets or []) if value is not None and not pd.isna(value)]
    height = _height(presenting)
    scale = value_scale(list(frame["value"]) + [v for _, v in targets], height=height,
                        integer=_is_count(unit, frame["value"]))
    months = list(range(1, 13))
    x = alt.X("fiscal_month:O", title=None, sort=months, axis=alt.Axis(labelExpr=MONTH_LABEL_EXPR, labelAngle=0))
    y_scale = _y_scale(scale, False)

    frame["value_text"] = frame["value"].map(lambda v: _format(v, decimals))
    tooltip = [alt.Tooltip("fiscal_year_label:N", title=series_title)]
    if "month_label" in frame.columns:
        frame["month_label"] = _text_column(frame["month_label"])
        tooltip.append(alt.Tooltip("month_label:N", title="月"))
    tooltip.append(alt.Tooltip("value_text:N", title=f"値（{unit}）" if unit else "値"))
    if _has_values(frame, "prior_value"):
        frame["prior_text"] = frame["prior_value"].map(lambda v: _format(v, decimals))
        tooltip.append(alt.Tooltip("prior_text:N", title="前年度同月"))
    if _has_values(frame, "difference"):
        frame["difference_text"] = frame["difference"].map(lambda v: _format(v, decimals, sign=True))
        tooltip.append(alt.Tooltip("difference_text:N", title="前年差"))
    if _has_values(frame, "note"):
        frame["note_text"] = frame["note"].map(lambda v: v if isinstance(v, str) else "")
        tooltip.append(alt.Tooltip("note_text:N", title="注記"))
    drop = [c for c in ("prior_value", "difference", "note") if c in frame.columns]
    frame = frame.drop(columns=drop)

    # End-of-line labels and target labels share one column of text: place them together so
    # that none overlaps another; if the series labels cannot all fit, the legend names the lines.
    last = (frame.dropna(subset=["value"]).sort_values("fiscal_month")
            .groupby("fiscal_year_label", as_index=False).tail(1))
    end_month = int(frame["fiscal_month"].max()) if len(frame) else 12
    target_labels = [f"{label} {_format(value, max(decimals, _decimals(value)))}{unit}" for label, value in targets]
    series_positions = None
    if len(labels) <= DIRECT_LABEL_LIMIT and len(last):
        placed = _place_labels(list(last["value"]) + [v for _, v in targets], scale, height, presenting)
        if placed is not None:
            series_positions, target_positions = placed[:len(last)], placed[len(last):]
    if series_positions is None:
        target_positions = _place_labels([v for _, v in targets], scale, height, presenting) or [v for _, v in targets]

    color = alt.Color("fiscal_year_label:N", title=series_title, sort=labels, scale=color_scale,
                      legend=None if series_positions is not None else alt.Legend(title=series_title))
    lines = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=55, filled=True), strokeWidth=2.5).encode(
        x=x, y=alt.Y("value:Q", scale=y_scale, axis=_value_axis(unit, scale, fmt)), color=color, tooltip=tooltip)
    layers = [lines]
    font = _label_font(presenting)
    if targets:
        rules = pd.DataFrame({"target_label": target_labels, "value": [v for _, v in targets],
                              "label_y": target_positions, "fiscal_month": end_month})
        layers.append(alt.Chart(rules).mark_rule(strokeDash=[6, 4], strokeWidth=1.8, color=TARGET_COLOR).encode(
            y=alt.Y("value:Q", scale=y_scale), tooltip=[alt.Tooltip("target_label:N", title="目標")]))
        layers.append(alt.Chart(rules).mark_text(align="left", baseline="middle", dx=7, fontWeight="bold",
                                                 fontSize=font, color=TARGET_COLOR).encode(
            x=alt.X("fiscal_month:O", sort=months), y=alt.Y("label_y:Q", scale=y_scale), text="target_label:N"))
    if series_positions is not None:
        last = last[["fiscal_year_label", "fiscal_month"]].assign(label_y=series_positions)
        layers.append(alt.Chart(last).mark_text(align="left", baseline="middle", dx=7, fontWeight="bold", fontSize=font).encode(
            x=alt.X("fiscal_month:O", sort=months), y=alt.Y("label_y:Q", scale=y_scale),
            text="fiscal_year_label:N", color=alt.Color("fiscal_year_label:N", sort=labels, legend=None, scale=color_scale)))
    chart = _lines_properties(alt.layer(*layers), title=title, subtitle=subtitle, height=height,
                              labels=bool(targets) or series_positions is not None)
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
    height = _height(presenting)
    scale = value_scale(frame["value"], height=height, zero=zero, integer=_is_count(unit, frame["value"]))
    y_scale = _y_scale(scale, zero)
    frame["value_text"] = frame["value"].map(lambda v: _format(v, _fmt_decimals(fmt)))
    show_note = _has_values(frame, "note")
    if "note" in frame.columns:
        frame["note"] = frame["note"].map(lambda v: v if isinstance(v, str) else "")

    last = frame.dropna(subset=["value"]).sort_values("fiscal_year").groupby("series", as_index=False).tail(1)
    positions = None
    if len(series) <= DIRECT_LABEL_LIMIT and len(last):
        positions = _place_labels(list(last["value"]), scale, height, presenting)
    series_scale = alt.Scale(domain=series, range=colors)
    enc = dict(
        x=alt.X("year_label:O", title=None, sort=year_order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", scale=y_scale, axis=_value_axis(unit, scale, fmt)),
        color=alt.Color("series:N", title=None, sort=series, scale=series_scale,
                        legend=None if positions is not None else alt.Legend(title=None, symbolType="stroke")),
        strokeDash=alt.StrokeDash("series:N", title=None, sort=series, scale=alt.Scale(domain=series, range=dashes),
                                  legend=None if positions is not None else alt.Legend(title=None, symbolType="stroke")),
    )
    tooltip = [alt.Tooltip("series:N", title="系列"), alt.Tooltip("year_label:N", title="年度"),
               alt.Tooltip("value_text:N", title=f"値（{unit}）" if unit else "値")]
    if show_note:
        tooltip.append(alt.Tooltip("note:N", title="注記"))
    # With step_targets, a target is a level in force from its year on (宣言2020): drawn as steps,
    # so a revision is a jump. Yearly KPIs are one value per year: plain dashed lines.
    lines = alt.layer(
        alt.Chart(frame[~frame["dashed"]]).mark_line(strokeWidth=2.5).encode(**enc),
        alt.Chart(frame[frame["dashed"]]).mark_line(
            strokeWidth=2.5, interpolate="step-after" if step_targets else "linear").encode(**enc),
    )
    points = alt.Chart(frame).mark_point(size=70, strokeWidth=2).encode(
        x=enc["x"], y=enc["y"], color=enc["color"],
        fill=alt.condition("datum.partial", alt.value("white"), alt.Color("series:N", sort=series, scale=series_scale, legend=None)),
        tooltip=tooltip)
    layers = [lines, points]
    # A target printed for one year only has no line to dash: draw it as a short dashed level.
    sizes = frame.groupby("series")["series"].transform("size")
    lone = frame[frame["dashed"].astype(bool) & (sizes == 1)][["series", "year_label", "value"]]
    half = 40
    if len(lone):
        layers.append(alt.Chart(lone).mark_rule(strokeDash=[6, 4], strokeWidth=2.5, xOffset=-half, x2Offset=half).encode(
            x=enc["x"], x2=alt.X2("year_label"), y=enc["y"],
            color=alt.Color("series:N", sort=series, scale=series_scale, legend=None)))
    if positions is not None:
        last = last.assign(label=last["series"] + last["partial"].map({True: "（途中）", False: ""}), label_y=positions)
        last["lone"] = last["series"].isin(set(lone["series"]))
        last = last[["series", "year_label", "label", "label_y", "lone"]]
        for is_lone, rows in last.groupby("lone"):
            layers.append(alt.Chart(rows).mark_text(align="left", baseline="middle", dx=half + 6 if is_lone else 8,
                                                    fontWeight="bold", fontSize=_label_font(presenting)).encode(
                x=enc["x"], y=alt.Y("label_y:Q", scale=y_scale), text="label:N",
                color=alt.Color("series:N", sort=series, scale=series_scale, legend=None)))
    chart = _lines_properties(alt.layer(*layers), title=title, subtitle=subtitle, height=height,
                              labels=positions is not None)
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
    # Value labels in dark text (not the bar's colour: orange on white is unreadable).
    text = alt.Chart(frame).encode(**{k: v for k, v in enc.items() if k != "color"}).mark_text(
        align="left", baseline="middle", dx=4, fontSize=12 * (1.3 if presenting else 1), color="#1B2631").encode(
        text=alt.Text(f"{value}:Q", format=fmt))
    step = 34 if presenting else 26
    chart = alt.layer(bar, text).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined),
        height=alt.Step(step if not group else step * 0.8), width="container",
        # room at the right for the longest bar's label (measured text can come out short)
        padding={"left": 0, "top": 0, "bottom": 0, "right": 16})
    return configure(chart, presenting=presenting)


def achievement_matrix(frame: pd.DataFrame, *, title: str, subtitle: str = "", presenting: bool = False) -> alt.Chart:
    """Metric × fiscal year grid coloured 達成 / 未達成 / 判定なし, with the actual printed in each cell.
    ``frame``: metric, year_label, fiscal_year, verdict, cell_text, tooltip columns."""
    year_order = list(dict.fromkeys(frame.sort_values("fiscal_year")["year_label"]))
    metrics = list(dict.fromkeys(frame["metric"]))
    verdicts = [v for v in ACHIEVED_COLORS if v in set(frame["verdict"])]
    frame = frame.copy()
    # The hover card is the same over the whole cell, printed value included; no field reads "null".
    fields = [("metric", "指標"), ("year_label", "年度"), ("actual_text", "支部実績"), ("target_text", "目標"),
              ("national_text", "全国実績"), ("rank_text", "全国順位"), ("direction_text", "方向"), ("verdict", "判定")]
    fields = [(c, t) for c, t in fields if c in frame.columns]
    for column, _ in fields + [("cell_text", "")]:
        if column in frame.columns and column not in ("metric", "year_label"):
            frame[column] = _text_column(frame[column])
    tooltip = [alt.Tooltip(f"{c}:N", title=t) for c, t in fields]
    base = alt.Chart(frame).encode(
        x=alt.X("year_label:O", title=None, sort=year_order, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("metric:N", title=None, sort=metrics, axis=alt.Axis(labelLimit=340)),
        tooltip=tooltip,
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("verdict:N", title="KPI目標", scale=alt.Scale(domain=verdicts, range=[ACHIEVED_COLORS[v] for v in verdicts])),
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
