"""Presenter mode (?present=true): no sidebar and no tables, larger type; the title, the chart fitted
to the screen and its source, with a few quiet controls at the top right: 「表示を変更」 (the page's
filters in a pop-over), a deck's 前へ / 次へ (← / → keys) with 「3 / 7」, and 「通常表示に戻る」.

Fitting the screen: each chart stands in a container whose height is the window's height less the
title row and the source line (CSS ``calc(100vh - …)``), and the chart stretches to it (Streamlit's
``height="stretch"``). A chart by category with more than ROWS_PER_PART rows (the KPI matrices,
long bar charts) is split into parts of at most ROWS_PER_PART rows, each its own chart titled
「（1/3）」, each fitting the screen; the presenter scrolls (or presses PageDown) from part to part.
Sizes when presenting: page title 37 px, chart title 26 px, axis labels, legend and subtitle 18 px,
labels at the lines' ends 17 px, value labels in bars and cells 18 px, the source line 16 px (README,
"Presenting").
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

# At most this many rows (categories) in one chart when presenting: at 1280×720 the chart area is
# about 470 px high, and 10 rows of 34 px plus the title and axis fit it with the text at 18 px.
ROWS_PER_PART = 10
# What the chart's container leaves of the window's height: the title row with the controls
# (about 90 px), the source line under the chart (about 50 px), paddings and a notice's worth.
FIT_HEIGHT = "calc(100vh - 310px)"  # room for a source line of four lines
FIT_HEIGHT_WITH_CARDS = "calc(100vh - 460px)"  # a row of metric cards (about 150 px) above the charts

# Static CSS only: no data value is ever interpolated here. Streamlit has no public switch to hide
# its sidebar, header and element toolbars for one page view, so these rules name its elements by
# their data-testid. That is not a public API: tests/browser/test_e2e.py
# (test_presenter_css_names_elements_streamlit_draws) fails, naming the attribute, when an upgrade
# renames one. Captions in #4A5563, 7.58:1 on white: Streamlit draws a caption at 60% opacity, which
# would make it 2.88:1, so the rule sets the opacity back to 1.
_PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stToolbar"], [data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding-top: 1.2rem !important; max-width: 100% !important; }
html, body, [data-testid="stMarkdownContainer"] p { font-size: 1.15rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1rem !important; }
h1 { font-size: 2.3rem !important; }
h2, h3 { font-size: 1.7rem !important; }
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p { font-size: 2.1rem !important; }
[data-testid="stMetricLabel"] p { white-space: normal; font-size: 1.1rem !important; }
[data-testid="stCaptionContainer"] { color: #4A5563; opacity: 1; }
/* the chart's own menu (data table, download, full screen) is a control too */
[data-testid="stElementToolbar"] { display: none !important; }
/* each chart as high as the window allows (see the module's docstring) */
[class*="st-key-fit_"] { flex: 0 0 auto !important; height: FIT_HEIGHT !important; min-height: 380px; }
/* a view with metric cards above its charts (全国 KPI): the charts leave room for the cards too */
[data-testid="stMain"]:has([data-testid="stMetric"]) [class*="st-key-fit_"] { height: FIT_HEIGHT_WITH_CARDS !important; min-height: 300px; }
.st-key-presenter_bar { margin-bottom: -0.8rem; }
</style>
""".replace("FIT_HEIGHT_WITH_CARDS", FIT_HEIGHT_WITH_CARDS).replace("FIT_HEIGHT", FIT_HEIGHT)

_BASE_CSS = """
<style>
[data-testid="stCaptionContainer"] { color: #4A5563; opacity: 1; }
[data-testid="stMetricValue"] > div { font-size: 1.7rem; }
[data-testid="stMetricLabel"] p { white-space: normal; }
</style>
"""


def apply(presenting: bool, *, cards: bool = False) -> None:
    """Presenter mode's CSS; in normal mode only a page with metric cards needs any (their size
    and wrapping labels), and a page without draws nothing: one element less on every rerun."""
    if presenting:
        st.html(_PRESENTER_CSS)
    elif cards:
        st.html(_BASE_CSS)


def fit(n: int):
    """The container the ``n``-th chart of a run stands in when presenting (its height: FIT_HEIGHT)."""
    return st.container(key=f"fit_{n}")


def parts(frame: pd.DataFrame, rows: str, order: list | None, title: str) -> list[tuple[pd.DataFrame, list, str]]:
    """A chart by category split into parts of at most ROWS_PER_PART rows, in the order drawn:
    (rows of the part, their order, the title with 「（k/n）」). One part, unchanged, when it fits."""
    names = list(dict.fromkeys(order if order else frame[rows]))
    if len(names) <= ROWS_PER_PART:
        return [(frame, order, title)]
    count = math.ceil(len(names) / ROWS_PER_PART)
    size = math.ceil(len(names) / count)  # parts of even size: 22 rows -> 8, 7, 7 rather than 10, 10, 2
    out = []
    for k in range(count):
        chunk = names[k * size : (k + 1) * size]
        out.append((frame[frame[rows].isin(chunk)], chunk, f"{title}（{k + 1}/{count}）"))
    return out


def next_chart() -> int:
    """The number of this run's next chart (kenpo.page.start resets the count)."""
    n = st.session_state.get("_charts_drawn", 0) + 1
    st.session_state["_charts_drawn"] = n
    return n


def reset_charts() -> None:
    st.session_state["_charts_drawn"] = 0
