"""The headless Chromium of the shared deployment's tests (Debian's /usr/bin/chromium, as tests/browser)."""

from __future__ import annotations

import pytest

from tests.serve import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
