"""axe-core, the engine of the browsers' developer tools, over every page of the menu in normal
and presenter mode at 1280×720: no violation of impact serious or critical.

axe-core comes with the PyPI package axe-playwright-python (it bundles axe.min.js; nothing is
fetched at run time). Each page is checked once drawn: charts' marks, tables' grids, web fonts.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kenpo.navigation import DEFAULT, slugs
from tests.serve import CHROMIUM, wait_until_drawn

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the browser tests (apt-get install chromium)")
    pytest.skip(f"Chromium not found at {CHROMIUM}", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402  (after the skip: a test dependency)

BLOCKING = {"serious", "critical"}
MODES = {"normal": "", "presenter": "?present=true"}
VIEWS = [(slug, mode) for slug in slugs() for mode in MODES]


def address(slug: str, mode: str) -> str:
    return ("/" if slug == DEFAULT else f"/{slug}") + MODES[mode]


def blocking_violations(results: dict) -> list[str]:
    """One line per element: rule (impact), the element's selector, axe's short reason."""
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            reason = " ".join((node.get("failureSummary") or violation["help"]).split())
            reason = reason.removeprefix("Fix any of the following: ").removeprefix("Fix all of the following: ")
            target = " ".join(str(t) for t in node["target"])
            html = " ".join(node.get("html", "").split())[:120]
            lines.append(f"{violation['id']} ({violation['impact']}) {target} {html}: {reason[:240]}")
    return lines


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("slug,mode", VIEWS, ids=[f"{s}-{m}" for s, m in VIEWS])
def test_no_serious_or_critical_violation(server, browser, axe, slug, mode):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(f"{server}{address(slug, mode)}")
        wait_until_drawn(page)
        results = axe.run(page).response
    finally:
        context.close()
    found = blocking_violations(results)
    assert not found, f"{address(slug, mode)}: {len(found)} serious or critical\n" + "\n".join(found)
