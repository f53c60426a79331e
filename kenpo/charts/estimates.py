"""年度末見込み drawn on a chart by fiscal year (charts.yearly_lines, ``estimates=``): never as an
actual, a dotted segment from the part year's actual to a hollow diamond, and a label."""

from __future__ import annotations

import altair as alt
import pandas as pd

from kenpo.charts.layout import label_font


def estimate_layers(
    estimates: pd.DataFrame,
    label_y: list[float],
    x: alt.X,
    values_scale: alt.Scale,
    unit: str,
    lone: pd.DataFrame,
    half: int,
    presenting: bool,
) -> list[alt.Chart]:
    """A part year's 年度末見込み on a chart by fiscal year: a dotted segment from the year's actual
    (its hollow point) to a hollow diamond at the estimate, and a label beside it."""
    marks = estimates[
        ["series", "year_label", "actual", "value", "value_text", "period", "color", "label", "estimate_note"]
    ]
    marks = marks.copy()
    marks["label_y"] = list(label_y)
    colors = alt.Color("color:N", scale=None, legend=None)
    tooltip = [
        alt.Tooltip("series:N", title="系列"),
        alt.Tooltip("period:N", title="期間"),
        alt.Tooltip("value_text:N", title=f"見込み（{unit}）" if unit else "見込み"),
        alt.Tooltip("estimate_note:N", title="見込みとは"),
    ]
    base = alt.Chart(marks).encode(x=x, color=colors)
    segment = base.mark_rule(strokeDash=[2, 4], strokeWidth=2.5).encode(
        y=alt.Y("actual:Q", scale=values_scale), y2=alt.Y2("value:Q"), tooltip=tooltip
    )
    point = base.mark_point(shape="diamond", size=90, strokeWidth=2, filled=False, fill="white", opacity=1).encode(
        y=alt.Y("value:Q", scale=values_scale), tooltip=tooltip
    )
    layers = [segment, point]
    # a label at a year with a lone target's short rule starts past the rule
    marks["lone"] = marks["year_label"].isin(set(lone["year_label"]))
    for is_lone, rows in marks.groupby("lone"):
        layers.append(
            alt.Chart(rows[["year_label", "label", "label_y", "color"]])
            .mark_text(
                align="left",
                baseline="middle",
                dx=half + 6 if is_lone else 8,
                fontSize=label_font(presenting),
                fontStyle="italic",
            )
            .encode(
                x=x,
                y=alt.Y("label_y:Q", scale=values_scale),
                text="label:N",
                color=colors,
                tooltip=alt.value(None),
            )
        )
    return layers
