"""Charts by category: horizontal bars from zero, and the KPI matrix (metric × fiscal year)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kenpo.charts.layout import configure
from kenpo.charts.palette import ACHIEVED_COLORS, OKABE_ITO, RECONCILIATION_COLORS, TEXT_COLOR, YEAR_COLORS
from kenpo.charts.scales import extra_tooltips, number_format, text_column, text_tips


def bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    unit: str,
    color: str | None = None,
    group: str | None = None,
    subtitle: str = "",
    presenting: bool = False,
    sort: list | None = None,
) -> alt.Chart:
    """Horizontal bars from zero with value labels, all in one unit (the axis'). ``group`` draws
    grouped bars (e.g. 2022 vs 2023); tip_<title> columns add tooltip fields."""
    frame = text_tips(frame)
    keep = [category, value] + ([group] if group else []) + [c for c in frame.columns if c.startswith("tip_")]
    frame = frame[list(dict.fromkeys(keep))]
    fmt = number_format(unit, frame[value])
    enc = dict(
        y=alt.Y(f"{category}:N", title=None, sort=sort or "-x", axis=alt.Axis(labelLimit=260)),
        x=alt.X(f"{value}:Q", title=unit, scale=alt.Scale(zero=True), axis=alt.Axis(format=fmt)),
        tooltip=[
            alt.Tooltip(f"{category}:N", title="項目"),
            alt.Tooltip(f"{value}:Q", title=f"値（{unit}）", format=fmt),
        ]
        + extra_tooltips(frame),
    )
    if group:
        groups = list(dict.fromkeys(frame[group]))
        enc["yOffset"] = alt.YOffset(f"{group}:N", sort=groups)
        enc["color"] = alt.Color(
            f"{group}:N",
            title=None,
            sort=groups,
            scale=alt.Scale(
                domain=groups, range=YEAR_COLORS[-len(groups) :] if len(groups) <= len(YEAR_COLORS) else alt.Undefined
            ),
        )
        enc["tooltip"] = enc["tooltip"] + [
            alt.Tooltip(f"{group}:N", title="年度" if str(groups[0]).endswith("年度") else "区分")
        ]
    base = alt.Chart(frame).encode(**enc)
    bar = base.mark_bar(color=color or OKABE_ITO[0]) if not group else base.mark_bar()
    # Value labels in dark text (not the bar's colour: orange on white is unreadable).
    text = (
        alt.Chart(frame)
        .encode(**{k: v for k, v in enc.items() if k != "color"})
        .mark_text(align="left", baseline="middle", dx=4, fontSize=12 * (1.5 if presenting else 1), color=TEXT_COLOR)
        .encode(text=alt.Text(f"{value}:Q", format=fmt), tooltip=alt.value(None))
    )
    step = 34 if presenting else 26
    chart = alt.layer(bar, text).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined),
        height=alt.Step(step if not group else step * 0.8),
        width="container",
        # room at the right for the longest bar's label (measured text can come out short)
        padding={"left": 0, "top": 0, "bottom": 0, "right": 16},
    )
    return configure(chart, presenting=presenting)


def achievement_matrix(frame: pd.DataFrame, *, title: str, subtitle: str = "", presenting: bool = False) -> alt.Chart:
    """Metric × fiscal year grid coloured 達成 / 未達成 / 判定なし, with the actual printed in each cell.
    ``frame``: metric, year_label, fiscal_year, verdict, cell_text, tooltip columns."""
    year_order = list(dict.fromkeys(frame.sort_values("fiscal_year")["year_label"]))
    metrics = list(dict.fromkeys(frame["metric"]))
    verdicts = [v for v in ACHIEVED_COLORS if v in set(frame["verdict"])]
    frame = frame.copy()
    # The hover card is the same over the whole cell, printed value included; no field reads "null".
    fields = [
        ("metric", "指標"),
        ("year_label", "年度"),
        ("actual_text", "支部実績"),
        ("target_text", "目標"),
        ("national_text", "全国実績"),
        ("rank_text", "全国順位"),
        ("direction_text", "方向"),
        ("verdict", "判定"),
        ("estimate_text", "年度末見込み（計算）"),  # a part year's pacing estimate, where the shaping gives one
    ]
    fields = [(c, t) for c, t in fields if c in frame.columns]
    for column, _ in fields + [("cell_text", "")]:
        if column in frame.columns and column not in ("metric", "year_label"):
            frame[column] = text_column(frame[column])
    tooltip = [alt.Tooltip(f"{c}:N", title=t) for c, t in fields]
    base = alt.Chart(frame).encode(
        x=alt.X("year_label:O", title=None, sort=year_order, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("metric:N", title=None, sort=metrics, axis=alt.Axis(labelLimit=340)),
        tooltip=tooltip,
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "verdict:N", title="KPI目標", scale=alt.Scale(domain=verdicts, range=[ACHIEVED_COLORS[v] for v in verdicts])
        ),
    )
    text = base.mark_text(fontSize=12 * (1.5 if presenting else 1)).encode(
        text="cell_text:N",
        color=alt.condition("datum.verdict == '達成'", alt.value("white"), alt.value(TEXT_COLOR)),
    )
    chart = alt.layer(cells, text).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined),
        height=alt.Step(32 if presenting else 24),
        width="container",
    )
    return configure(chart, presenting=presenting)


def verdict_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    verdict: str,
    count: str,
    title: str,
    category_title: str = "資料",
    subtitle: str = "",
    presenting: bool = False,
    sort: list | None = None,
) -> alt.Chart:
    """One horizontal bar per ``category`` (a document, or a kind of check: ``category_title``), its checks stacked by verdict in a fixed
    order and colour (一致, 端数差, 不一致: kenpo.charts.palette.RECONCILIATION_COLORS), each part
    labelled with its count where it is wide enough, the bar's total at its end."""
    order = list(RECONCILIATION_COLORS)
    frame = frame[[category, verdict, count]].copy()
    frame["order"] = frame[verdict].map(order.index)
    totals = frame.groupby(category, sort=False, as_index=False)[count].sum()
    y = alt.Y(f"{category}:N", title=None, sort=sort or "-x", axis=alt.Axis(labelLimit=300))
    x = alt.X(f"sum({count}):Q", title="件", stack="zero", axis=alt.Axis(format=",d", tickMinStep=1))
    tooltip = [
        alt.Tooltip(f"{category}:N", title=category_title),
        alt.Tooltip(f"{verdict}:N", title="判定"),
        alt.Tooltip(f"{count}:Q", title="件数", format=",d"),
    ]
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=y,
            x=x,
            color=alt.Color(
                f"{verdict}:N",
                title="判定",
                sort=order,
                scale=alt.Scale(domain=order, range=list(RECONCILIATION_COLORS.values())),
                legend=alt.Legend(orient="top"),
            ),
            order=alt.Order("order:Q"),
            tooltip=tooltip,
        )
    )
    font = 12 * (1.5 if presenting else 1)
    totals_text = (
        alt.Chart(totals)
        .mark_text(align="left", baseline="middle", dx=4, fontSize=font, color=TEXT_COLOR)
        .encode(y=y, x=alt.X(f"{count}:Q"), text=alt.Text(f"{count}:Q", format=",d"), tooltip=alt.value(None))
    )
    step = 40 if presenting else 30
    chart = alt.layer(bars, totals_text).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined),
        height=alt.Step(step),
        width="container",
        padding={"left": 0, "top": 0, "bottom": 0, "right": 24},
    )
    return configure(chart, presenting=presenting)
