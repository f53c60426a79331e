"""The headless Chromium the browser tests share (Debian's /usr/bin/chromium, no browser download)."""

from __future__ import annotations

import pytest

from tests.serve import CHROMIUM, CHROMIUM_ARGS, dashboard


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(store_path):
    """The dashboard (server.py, as `make run` starts it) on a free port, against the test store."""
    with dashboard(store_path) as (url, _):
        yield url
