"""Presenter mode (?present=1): no sidebar, no controls, larger type; title, chart and source only."""

from __future__ import annotations

import streamlit as st

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
html, body, [data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"] { font-size: 1.15rem; }
h1 { font-size: 2.3rem !important; }
h2, h3 { font-size: 1.7rem !important; }
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p { font-size: 2.1rem !important; }
[data-testid="stMetricLabel"] p { white-space: normal; font-size: 1.1rem !important; }
[data-testid="stCaptionContainer"] { color: #4A5563; opacity: 1; }
/* the chart's own menu (data table, download, full screen) is a control too */
[data-testid="stElementToolbar"] { display: none !important; }
</style>
"""

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
