"""AppTest fixtures: every page runs against a real store built from data/.

Downloads are deferred (made on click): the tests call the callable the page gave each button,
as the server does when a user clicks, and read the bytes a user would receive.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kenpo.downloads import OFFERED
from kenpo.paths import ROOT

APP = str(ROOT / "app.py")


def new_session(slug: str, params: dict) -> AppTest:
    """A new AppTest session (a new browser tab) that has run the page at this address."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(f"pages/{slug}.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.fixture
def open_page(store_path, monkeypatch):
    """open_page('national', view='KPI') -> an AppTest that has run the page with those URL parameters."""
    monkeypatch.setenv("KENPO_DB", str(store_path))

    def _open(slug: str, **params) -> AppTest:
        return new_session(slug, {key: str(value) for key, value in params.items()})

    return _open


def charts(at: AppTest):
    return at.get("vega_lite_chart")


def table_downloads(at: AppTest) -> list:
    """The page's table download buttons (CSV for Excel, plain CSV, workbook: kenpo.downloads),
    without the buttons that save a chart as an image (kenpo.charts.render)."""
    return [b for b in at.get("download_button") if b.key.startswith("dl_")]


def download_bytes(at: AppTest, index: int = 0) -> bytes:
    """The bytes behind the index-th table download button, as the browser would receive them on
    click: the deferred callable the page gave that button (kenpo.downloads.OFFERED)."""
    button = table_downloads(at)[index]
    return at.session_state[OFFERED][button.key]()


def download_frame(at: AppTest, index: int = 0) -> tuple[bytes, pd.DataFrame]:
    raw = download_bytes(at, index)
    return raw, pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)


def page_title(at: AppTest) -> str | None:
    """The page's h1 (kenpo.page.heading: the first Markdown element that starts with '# ')."""
    for element in at.markdown:
        if element.value.startswith("# "):
            return element.value.split("\n", 1)[0][2:]
    return None


def assert_clean(at: AppTest) -> None:
    """No exception and no error element on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
