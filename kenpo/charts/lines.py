"""Line charts: a metric month by month (one line per fiscal year) and series by fiscal year.

Targets dashed; a part year drawn apart (a hollow point off the line, labelled 年度途中);
value axes scaled to the data but never narrower than a sensible span (scales.min_span); direct
labels at the end of each line where lines are few; tooltips show the series, the period in
words, the value with its unit and what the shaping adds (printed YoY, target), never an
internal field (label marks have none).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from kenpo.charts.estimates import estimate_layers
from kenpo.charts.layout import DIRECT_LABEL_LIMIT, configure, label_font, place_labels, plot_height, size_lines
from kenpo.charts.palette import TEXT_COLOR, YEAR_COLORS
from kenpo.charts.scales import (
    decimals_of,
    extra_tooltips,
    format_decimals,
    format_number,
    has_values,
    is_count,
    min_span,
    number_format,
    text_column,
    text_tips,
    value_axis,
    value_scale,
    y_scale,
)
from kenpo.fiscal import FISCAL_MONTH_LABEL_EXPR, fiscal_month_label

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
    estimate: Sequence[tuple[int, float]] | None = None,
    estimate_year: str | None = None,
) -> alt.Chart:
    """One line per fiscal year over April→March. ``frame``: fiscal_year_label, fiscal_year, fiscal_month,
    value in the unit shown, and optional tooltip columns period (期間, in words: 令和6年度 11月),
    prior_value (前年度同月), difference (前年差) and tip_<title> columns; a tooltip column that is
    all empty is left out.

    ``targets``: optional (label, value) pairs, e.g. [("目標", 95.0)], each drawn as a dashed
    horizontal rule with a direct label 「目標 95.0%」. ``series_title`` names the series field in
    the legend and tooltip: by default 年度 when the lines are fiscal years, else 系列 (e.g. the
    national chart, whose lines are metrics).

    ``estimate``: optional (fiscal_month, value) pairs of a pacing estimate (年度末見込み) for the
    year ``estimate_year``, from its latest printed month to March: drawn dotted in that year's
    colour, hollow points, labelled 「見込み（前年同様の推移の場合）」 at its end, never as an actual."""
    frame = text_tips(frame.copy())
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
    estimate = [(int(m), float(v)) for m, v in (estimate or []) if v is not None and not pd.isna(v)]
    height = plot_height(presenting)
    values = list(frame["value"]) + [v for _, v in targets] + [v for _, v in estimate]
    scale = value_scale(
        values,
        height=height,
        integer=is_count(unit, frame["value"]),
        span_at_least=min_span(unit, values),
        ceiling=100 if unit == "%" else None,
    )
    months = list(range(1, 13))
    x = alt.X("fiscal_month:O", title=None, sort=months, axis=alt.Axis(labelExpr=MONTH_LABEL_EXPR, labelAngle=0))
    values_scale = y_scale(scale, False)

    frame["value_text"] = frame["value"].map(lambda v: format_number(v, decimals))
    tooltip = [alt.Tooltip("fiscal_year_label:N", title=series_title)]
    if "period" in frame.columns:
        frame["period"] = text_column(frame["period"])
        tooltip.append(alt.Tooltip("period:N", title="期間"))
    tooltip.append(alt.Tooltip("value_text:N", title=f"値（{unit}）" if unit else "値"))
    if has_values(frame, "prior_value"):
        frame["prior_text"] = frame["prior_value"].map(lambda v: format_number(v, decimals))
        tooltip.append(alt.Tooltip("prior_text:N", title="前年度同月"))
    if has_values(frame, "difference"):
        frame["difference_text"] = frame["difference"].map(lambda v: format_number(v, decimals, sign=True))
        tooltip.append(alt.Tooltip("difference_text:N", title="前年差"))
    tooltip += extra_tooltips(frame)
    # only what the chart draws or shows: the chart's own data view lists no internal column
    keep = ["fiscal_year_label", "fiscal_year", "fiscal_month", "value", "period", "value_text", "prior_text"]
    keep += ["difference_text"] + [c for c in frame.columns if c.startswith("tip_")]
    frame = frame[[c for c in keep if c in frame.columns]]

    # End-of-line labels and target labels share one column of text: place them together so
    # that none overlaps another; if the series labels cannot all fit, the legend names the lines.
    last = (
        frame.dropna(subset=["value"]).sort_values("fiscal_month").groupby("fiscal_year_label", as_index=False).tail(1)
    )
    end_month = int(frame["fiscal_month"].max()) if len(frame) else 12
    target_labels = [
        f"{label} {format_number(value, max(decimals, decimals_of(value)))}{unit}" for label, value in targets
    ]
    # the estimate's label stands with the target labels at March
    ends = [v for _, v in targets] + ([estimate[-1][1]] if estimate else [])
    series_positions = None
    if len(labels) <= DIRECT_LABEL_LIMIT and len(last):
        placed = place_labels(list(last["value"]) + ends, scale, height, presenting)
        if placed is not None:
            series_positions, end_positions = placed[: len(last)], placed[len(last) :]
    if series_positions is None:
        end_positions = place_labels(ends, scale, height, presenting) or ends
    target_positions = end_positions[: len(targets)]
    estimate_position = end_positions[len(targets)] if estimate else None

    color = alt.Color(
        "fiscal_year_label:N",
        title=series_title,
        sort=labels,
        scale=color_scale,
        legend=None if series_positions is not None else alt.Legend(title=series_title, columns=min(len(labels), 3)),
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
                x=alt.X("fiscal_month:O", sort=months),
                y=alt.Y("label_y:Q", scale=values_scale),
                text="target_label:N",
                tooltip=alt.value(None),
            )
        )
    if estimate:
        year = estimate_year or (labels[-1] if labels else "")
        est_color = dict(zip(labels, colors or [])).get(year, TEXT_COLOR)
        est_text = [format_number(v, decimals) for _, v in estimate]
        path = pd.DataFrame(
            {
                "fiscal_month": [m for m, _ in estimate],
                "value": [v for _, v in estimate],
                "period": [f"{year} {fiscal_month_label(m)}（見込み）" for m, _ in estimate],
                "value_text": est_text,
                "estimate_note": "前年度と同じ動きをした場合の計算値（資料の数値ではありません）",
            }
        )
        est_tooltip = [
            alt.Tooltip("period:N", title="期間"),
            alt.Tooltip("value_text:N", title=f"見込み（{unit}）" if unit else "見込み"),
            alt.Tooltip("estimate_note:N", title="見込みとは"),
        ]
        dotted = alt.Chart(path).encode(
            x=alt.X("fiscal_month:O", sort=months), y=alt.Y("value:Q", scale=values_scale), tooltip=est_tooltip
        )
        layers.append(dotted.mark_line(strokeDash=[2, 4], strokeWidth=2.5, color=est_color))
        # hollow points at the estimated months only (the first is the latest actual, drawn filled)
        layers.append(
            dotted.transform_filter(alt.datum.fiscal_month > estimate[0][0]).mark_point(
                size=45, filled=False, fill="white", fillOpacity=1, color=est_color, strokeWidth=2, opacity=1
            )
        )
        end_label = pd.DataFrame(
            {
                "fiscal_month": [estimate[-1][0]],
                "label_y": [estimate_position],
                "text": [f"見込み（前年同様の推移の場合） {est_text[-1]}{unit}"],
            }
        )
        layers.append(
            alt.Chart(end_label)
            .mark_text(align="left", baseline="middle", dx=7, fontSize=font, color=est_color, fontStyle="italic")
            .encode(
                x=alt.X("fiscal_month:O", sort=months),
                y=alt.Y("label_y:Q", scale=values_scale),
                text="text:N",
                tooltip=alt.value(None),
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
                tooltip=alt.value(None),
            )
        )
    chart = size_lines(
        alt.layer(*layers),
        title=title,
        subtitle=subtitle,
        height=height,
        labels=bool(targets) or bool(estimate) or series_positions is not None,
        presenting=presenting,
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
    estimates: pd.DataFrame | None = None,
) -> alt.Chart:
    """Lines by fiscal year, one per series. ``frame``: year_label (令和5年度), fiscal_year, value in
    the unit shown, series, color (hex), dashed (bool: targets), partial (bool: a part year), and
    optional period (期間 in words, e.g. 令和6年度（10月まで）) and tip_<title> tooltip columns.

    A part year is drawn apart: a hollow point, not joined to the full years' line (a year to
    October beside whole years would read as a collapse), labelled 年度途中.

    ``estimates``: optional 年度末見込み of part years (kenpo.shaping.pacing), one row each with
    series, year_label, actual (the part year's value), value (the estimate), value_text, period
    (期間 in words), color, label (the direct label: 「見込み（前年同様の推移の場合） 81.59%」) and estimate_note
    (what an estimate is, for the tooltip): drawn as a dotted segment from the actual to a hollow
    diamond at the estimate, never as an actual."""
    frame = text_tips(frame.copy())
    estimates = estimates if estimates is not None and len(estimates) else None
    if "period" not in frame.columns:
        frame["period"] = frame["year_label"]
    frame["period"] = text_column(frame["period"])
    series = list(dict.fromkeys(frame["series"]))
    colors = [frame.loc[frame["series"] == s, "color"].iloc[0] for s in series]
    dashes = [[6, 4] if frame.loc[frame["series"] == s, "dashed"].iloc[0] else [1, 0] for s in series]
    year_order = list(dict.fromkeys(frame.sort_values("fiscal_year")["year_label"]))
    fmt = number_format(unit, frame["value"])
    height = plot_height(presenting)
    values = list(frame["value"]) + (list(estimates["value"]) if estimates is not None else [])
    scale = value_scale(
        values,
        height=height,
        zero=zero,
        integer=is_count(unit, frame["value"]),
        span_at_least=0.0 if zero else min_span(unit, values),
        ceiling=100 if unit == "%" else None,
    )
    values_scale = y_scale(scale, zero)
    frame["value_text"] = frame["value"].map(lambda v: format_number(v, format_decimals(fmt)))
    keep = ["series", "fiscal_year", "year_label", "period", "value", "value_text", "color", "dashed", "partial"]
    frame = frame[[c for c in keep + [c for c in frame.columns if c.startswith("tip_")] if c in frame.columns]]

    last = frame.dropna(subset=["value"]).sort_values("fiscal_year").groupby("series", as_index=False).tail(1)
    # an estimate's label stands in the same column of text as the series' end labels
    ends = list(estimates["value"]) if estimates is not None else []
    positions = None
    if len(series) <= DIRECT_LABEL_LIMIT and len(last):
        placed = place_labels(list(last["value"]) + ends, scale, height, presenting)
        if placed is not None:
            positions, end_positions = placed[: len(last)], placed[len(last) :]
    if positions is None:
        end_positions = place_labels(ends, scale, height, presenting) or ends
    series_scale = alt.Scale(domain=series, range=colors)
    legend = None if positions is not None else alt.Legend(title=None, symbolType="stroke", columns=2)
    enc = dict(
        x=alt.X("year_label:O", title=None, sort=year_order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", scale=values_scale, axis=value_axis(unit, scale, fmt)),
        color=alt.Color("series:N", title=None, sort=series, scale=series_scale, legend=legend),
        strokeDash=alt.StrokeDash(
            "series:N", title=None, sort=series, scale=alt.Scale(domain=series, range=dashes), legend=legend
        ),
    )
    tooltip = [
        alt.Tooltip("series:N", title="系列"),
        alt.Tooltip("period:N", title="年度"),
        alt.Tooltip("value_text:N", title=f"値（{unit}）" if unit else "値"),
        *extra_tooltips(frame),
    ]
    # Full years as lines (a target, with step_targets, as a level in force from its year on:
    # 宣言2020's revisions are jumps); a part year as its point alone.
    full = frame[~frame["partial"].astype(bool)]
    line_enc = {**enc, "tooltip": alt.value(None)}
    lines = alt.layer(
        alt.Chart(full[~full["dashed"]]).mark_line(strokeWidth=2.5).encode(**line_enc),
        alt.Chart(full[full["dashed"]])
        .mark_line(strokeWidth=2.5, interpolate="step-after" if step_targets else "linear")
        .encode(**line_enc),
    )
    layers = [lines]
    points = (
        alt.Chart(frame)
        .mark_point(size=70, strokeWidth=2)
        .encode(
            x=enc["x"],
            y=enc["y"],
            color=alt.Color("series:N", sort=series, scale=series_scale, legend=None),
            fill=alt.condition(
                "datum.partial", alt.value("white"), alt.Color("series:N", sort=series, scale=series_scale, legend=None)
            ),
            tooltip=tooltip,
        )
    )
    layers.append(points)
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
                tooltip=alt.value(None),
            )
        )
    if estimates is not None:
        layers += estimate_layers(estimates, end_positions, enc["x"], values_scale, unit, lone, half, presenting)
    if positions is not None:
        last = last.assign(
            label=last["series"] + last["partial"].map({True: "（年度途中）", False: ""}), label_y=positions
        )
        # a label at a year with a lone target's short rule starts past the rule
        last["lone"] = last["year_label"].isin(set(lone["year_label"]))
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
                    tooltip=alt.value(None),
                )
            )
    chart = size_lines(
        alt.layer(*layers),
        title=title,
        subtitle=subtitle,
        height=height,
        labels=positions is not None or estimates is not None,
        presenting=presenting,
    )
    return configure(chart, presenting=presenting)
