"""Line charts: a metric month by month (one line per fiscal year) and series by fiscal year.

Targets dashed; a partial year drawn with hollow points and labelled; rate lines scaled to their
data; direct labels at the end of each line where lines are few; tooltips carry exact values and notes.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from kenpo.charts.layout import DIRECT_LABEL_LIMIT, configure, label_font, place_labels, plot_height, size_lines
from kenpo.charts.palette import TEXT_COLOR, YEAR_COLORS
from kenpo.charts.scales import (
    decimals_of,
    format_decimals,
    format_number,
    has_values,
    is_count,
    number_format,
    text_column,
    value_axis,
    value_scale,
    y_scale,
)
from kenpo.fiscal import FISCAL_MONTH_LABEL_EXPR

MONTH_LABEL_EXPR = FISCAL_MONTH_LABEL_EXPR  # the fiscal calendar's owner: kenpo.fiscal


def monthly_lines(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    subtitle: str = "",
    presenting: bool = False,
    targets: Sequence[tuple[str, float]] | None = None,
    series_title: str | None = None,
) -> alt.Chart:
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
    colors = YEAR_COLORS[-len(labels) :] if len(labels) <= len(YEAR_COLORS) else None
    color_scale = alt.Scale(domain=labels, range=colors) if colors else alt.Undefined
    fmt = number_format(unit, frame["value"])
    decimals = format_decimals(fmt)
    targets = [
        (str(label), float(value)) for label, value in (targets or []) if value is not None and not pd.isna(value)
    ]
    height = plot_height(presenting)
    scale = value_scale(
        list(frame["value"]) + [v for _, v in targets], height=height, integer=is_count(unit, frame["value"])
    )
    months = list(range(1, 13))
    x = alt.X("fiscal_month:O", title=None, sort=months, axis=alt.Axis(labelExpr=MONTH_LABEL_EXPR, labelAngle=0))
    values_scale = y_scale(scale, False)

    frame["value_text"] = frame["value"].map(lambda v: format_number(v, decimals))
    tooltip = [alt.Tooltip("fiscal_year_label:N", title=series_title)]
    if "month_label" in frame.columns:
        frame["month_label"] = text_column(frame["month_label"])
        tooltip.append(alt.Tooltip("month_label:N", title="月"))
    tooltip.append(alt.Tooltip("value_text:N", title=f"値（{unit}）" if unit else "値"))
    if has_values(frame, "prior_value"):
        frame["prior_text"] = frame["prior_value"].map(lambda v: format_number(v, decimals))
        tooltip.append(alt.Tooltip("prior_text:N", title="前年度同月"))
    if has_values(frame, "difference"):
        frame["difference_text"] = frame["difference"].map(lambda v: format_number(v, decimals, sign=True))
        tooltip.append(alt.Tooltip("difference_text:N", title="前年差"))
    if has_values(frame, "note"):
        frame["note_text"] = frame["note"].map(lambda v: v if isinstance(v, str) else "")
        tooltip.append(alt.Tooltip("note_text:N", title="注記"))
    drop = [c for c in ("prior_value", "difference", "note") if c in frame.columns]
    frame = frame.drop(columns=drop)

    # End-of-line labels and target labels share one column of text: place them together so
    # that none overlaps another; if the series labels cannot all fit, the legend names the lines.
    last = (
        frame.dropna(subset=["value"]).sort_values("fiscal_month").groupby("fiscal_year_label", as_index=False).tail(1)
    )
    end_month = int(frame["fiscal_month"].max()) if len(frame) else 12
    target_labels = [
        f"{label} {format_number(value, max(decimals, decimals_of(value)))}{unit}" for label, value in targets
    ]
    series_positions = None
    if len(labels) <= DIRECT_LABEL_LIMIT and len(last):
        placed = place_labels(list(last["value"]) + [v for _, v in targets], scale, height, presenting)
        if placed is not None:
            series_positions, target_positions = placed[: len(last)], placed[len(last) :]
    if series_positions is None:
        target_positions = place_labels([v for _, v in targets], scale, height, presenting) or [v for _, v in targets]

    color = alt.Color(
        "fiscal_year_label:N",
        title=series_title,
        sort=labels,
        scale=color_scale,
        legend=None if series_positions is not None else alt.Legend(title=series_title),
    )
    lines = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=55, filled=True), strokeWidth=2.5)
        .encode(
            x=x, y=alt.Y("value:Q", scale=values_scale, axis=value_axis(unit, scale, fmt)), color=color, tooltip=tooltip
        )
    )
    layers = [lines]
    font = label_font(presenting)
    if targets:
        rules = pd.DataFrame(
            {
                "target_label": target_labels,
                "value": [v for _, v in targets],
                "label_y": target_positions,
                "fiscal_month": end_month,
            }
        )
        layers.append(
            alt.Chart(rules)
            .mark_rule(strokeDash=[6, 4], strokeWidth=1.8, color=TEXT_COLOR)
            .encode(y=alt.Y("value:Q", scale=values_scale), tooltip=[alt.Tooltip("target_label:N", title="目標")])
        )
        layers.append(
            alt.Chart(rules)
            .mark_text(align="left", baseline="middle", dx=7, fontWeight="bold", fontSize=font, color=TEXT_COLOR)
            .encode(
                x=alt.X("fiscal_month:O", sort=months), y=alt.Y("label_y:Q", scale=values_scale), text="target_label:N"
            )
        )
    if series_positions is not None:
        last = last[["fiscal_year_label", "fiscal_month"]].assign(label_y=series_positions)
        layers.append(
            alt.Chart(last)
            .mark_text(align="left", baseline="middle", dx=7, fontWeight="bold", fontSize=font)
            .encode(
                x=alt.X("fiscal_month:O", sort=months),
                y=alt.Y("label_y:Q", scale=values_scale),
                text="fiscal_year_label:N",
                color=alt.Color("fiscal_year_label:N", sort=labels, legend=None, scale=color_scale),
            )
        )
    chart = size_lines(
        alt.layer(*layers),
        title=title,
        subtitle=subtitle,
        height=height,
        labels=bool(targets) or series_positions is not None,
    )
    return configure(chart, presenting=presenting)


def yearly_lines(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    subtitle: str = "",
    presenting: bool = False,
    zero: bool = False,
    step_targets: bool = False,
) -> alt.Chart:
    """Lines by fiscal year, one per series. ``frame``: year_label (str), fiscal_year, value, series,
    color (hex), dashed (bool: targets), partial (bool), note."""
    frame = frame.copy()
    series = list(dict.fromkeys(frame["series"]))
    colors = [frame.loc[frame["series"] == s, "color"].iloc[0] for s in series]
    dashes = [[6, 4] if frame.loc[frame["series"] == s, "dashed"].iloc[0] else [1, 0] for s in series]
    year_order = list(dict.fromkeys(frame.sort_values("fiscal_year")["year_label"]))
    fmt = number_format(unit, frame["value"])
    height = plot_height(presenting)
    scale = value_scale(frame["value"], height=height, zero=zero, integer=is_count(unit, frame["value"]))
    values_scale = y_scale(scale, zero)
    frame["value_text"] = frame["value"].map(lambda v: format_number(v, format_decimals(fmt)))
    show_note = has_values(frame, "note")
    if "note" in frame.columns:
        frame["note"] = frame["note"].map(lambda v: v if isinstance(v, str) else "")

    last = frame.dropna(subset=["value"]).sort_values("fiscal_year").groupby("series", as_index=False).tail(1)
    positions = None
    if len(series) <= DIRECT_LABEL_LIMIT and len(last):
        positions = place_labels(list(last["value"]), scale, height, presenting)
    series_scale = alt.Scale(domain=series, range=colors)
    enc = dict(
        x=alt.X("year_label:O", title=None, sort=year_order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", scale=values_scale, axis=value_axis(unit, scale, fmt)),
        color=alt.Color(
            "series:N",
            title=None,
            sort=series,
            scale=series_scale,
            legend=None if positions is not None else alt.Legend(title=None, symbolType="stroke"),
        ),
        strokeDash=alt.StrokeDash(
            "series:N",
            title=None,
            sort=series,
            scale=alt.Scale(domain=series, range=dashes),
            legend=None if positions is not None else alt.Legend(title=None, symbolType="stroke"),
        ),
    )
    tooltip = [
        alt.Tooltip("series:N", title="系列"),
        alt.Tooltip("year_label:N", title="年度"),
        alt.Tooltip("value_text:N", title=f"値（{unit}）" if unit else "値"),
    ]
    if show_note:
        tooltip.append(alt.Tooltip("note:N", title="注記"))
    # With step_targets, a target is a level in force from its year on (宣言2020): drawn as steps,
    # so a revision is a jump. Yearly KPIs are one value per year: plain dashed lines.
    lines = alt.layer(
        alt.Chart(frame[~frame["dashed"]]).mark_line(strokeWidth=2.5).encode(**enc),
        alt.Chart(frame[frame["dashed"]])
        .mark_line(strokeWidth=2.5, interpolate="step-after" if step_targets else "linear")
        .encode(**enc),
    )
    points = (
        alt.Chart(frame)
        .mark_point(size=70, strokeWidth=2)
        .encode(
            x=enc["x"],
            y=enc["y"],
            color=enc["color"],
            fill=alt.condition(
                "datum.partial", alt.value("white"), alt.Color("series:N", sort=series, scale=series_scale, legend=None)
            ),
            tooltip=tooltip,
        )
    )
    layers = [lines, points]
    # A target printed for one year only has no line to dash: draw it as a short dashed level.
    sizes = frame.groupby("series")["series"].transform("size")
    lone = frame[frame["dashed"].astype(bool) & (sizes == 1)][["series", "year_label", "value"]]
    half = 40
    if len(lone):
        layers.append(
            alt.Chart(lone)
            .mark_rule(strokeDash=[6, 4], strokeWidth=2.5, xOffset=-half, x2Offset=half)
            .encode(
                x=enc["x"],
                x2=alt.X2("year_label"),
                y=enc["y"],
                color=alt.Color("series:N", sort=series, scale=series_scale, legend=None),
            )
        )
    if positions is not None:
        last = last.assign(label=last["series"] + last["partial"].map({True: "（途中）", False: ""}), label_y=positions)
        last["lone"] = last["series"].isin(set(lone["series"]))
        last = last[["series", "year_label", "label", "label_y", "lone"]]
        for is_lone, rows in last.groupby("lone"):
            layers.append(
                alt.Chart(rows)
                .mark_text(
                    align="left",
                    baseline="middle",
                    dx=half + 6 if is_lone else 8,
                    fontWeight="bold",
                    fontSize=label_font(presenting),
                )
                .encode(
                    x=enc["x"],
                    y=alt.Y("label_y:Q", scale=values_scale),
                    text="label:N",
                    color=alt.Color("series:N", sort=series, scale=series_scale, legend=None),
                )
            )
    chart = size_lines(alt.layer(*layers), title=title, subtitle=subtitle, height=height, labels=positions is not None)
    return configure(chart, presenting=presenting)
