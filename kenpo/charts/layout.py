"""One look across the dashboard's charts: fonts and sizes, plot heights, direct labels.

Direct labels at the end of each line where lines are few (a legend otherwise), never overlapping.
"""

from __future__ import annotations

import altair as alt

from kenpo.charts.palette import FONT, GRID_COLOR, MUTED_COLOR, TEXT_COLOR

DIRECT_LABEL_LIMIT = 4


def configure(chart: alt.TopLevelMixin, *, presenting: bool = False) -> alt.TopLevelMixin:
    scale = 1.5 if presenting else 1.0  # presenting: title 26 px, axes and legend 18 px
    return (
        chart.configure(font=FONT)
        .configure_title(
            fontSize=round(17 * scale),
            subtitleFontSize=round(12 * scale),
            anchor="start",
            color=TEXT_COLOR,
            subtitleColor=MUTED_COLOR,
        )
        # Colours named here, not left to Streamlit's chart theme (its grey is 3.7:1 on white).
        .configure_axis(
            labelFontSize=round(12 * scale),
            titleFontSize=round(12 * scale),
            gridColor=GRID_COLOR,
            labelColor=MUTED_COLOR,
            titleColor=MUTED_COLOR,
        )
        .configure_legend(
            labelFontSize=round(12 * scale),
            titleFontSize=round(12 * scale),
            orient="bottom",
            labelLimit=320,
            labelColor=TEXT_COLOR,
            titleColor=MUTED_COLOR,
        )
        .configure_view(stroke=None)
    )


def plot_height(presenting: bool) -> int:
    """Height of a line chart's plot area in px (title, axes and legend come on top: about 340 px in all)."""
    return 240 if presenting else 220


def size_lines(
    chart: alt.LayerChart, *, title: str, subtitle: str, height: int, labels: bool, presenting: bool = False
) -> alt.LayerChart:
    """Size a line chart: the width fits the container but the height is the plot area's own
    (autosize fit-x), so the label collision check's pixels are the drawn pixels. When presenting,
    the whole chart fits its container, as high as the window allows (kenpo.presenter): the plot
    area is then at least ``height`` px (the container is at least 380 px high), so labels kept apart
    for ``height`` px stay apart. Direct labels get extra room on the right: the text is measured
    before the web font is drawn and ran past the edge."""
    return chart.properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined),
        height=height,
        width="container",
        autosize=alt.AutoSizeParams(type="fit" if presenting else "fit-x", contains="padding"),
        padding={"left": 0, "top": 0, "bottom": 0, "right": 20 if labels else 0},
    )


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
                clusters[k : k + 2] = [clusters[k] + clusters[k + 1]]
                merged = True
                break
    out = [0.0] * n
    for cluster in clusters:
        first = start(cluster)
        for j, i in enumerate(cluster):
            out[i] = first + j * gap
    return out


def label_font(presenting: bool) -> float:
    return 13 * (1.3 if presenting else 1)


def place_labels(values: list[float], scale: dict | None, height: int, presenting: bool) -> list[float] | None:
    """Positions for end-of-line labels that never overlap (a line of text plus a little air apart)."""
    if scale is None:
        return None
    low, high = scale["domain"]
    units_per_px = (high - low) / height
    return spread_labels(values, (label_font(presenting) * 1.25 + 2) * units_per_px, low, high)
