"""In the real browser: pages never mix two store versions while the store is rebuilt under them,
the server's memory stays bounded, and a value from the address never renders as markup."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kenpo.build.store import build
from kenpo.notices import SHOWN_LIMIT
from kenpo.paths import DATA_DIR
from tests.browser.filters import choose
from tests.serve import CHROMIUM, dashboard, free_port, wait_for_page
from tests.store.test_build import EXTRA_FILE, EXTRA_ROWS, SRC, _copy_data

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the browser tests (apt-get install chromium)")
    pytest.skip(f"Chromium not found at {CHROMIUM}", allow_module_level=True)


with (DATA_DIR / "sources.csv").open(encoding="utf-8-sig", newline="") as _f:
    SRC_TITLE = next(r["short_title"] for r in csv.DictReader(_f) if r["source"] == SRC)  # as 資料 shows SRC

SESSIONS = 4
SECONDS = 40  # of rebuilds under the sessions
MAX_SERVER_GROWTH_MB = 40  # from the first round of reloads under rebuilds to the last


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def _reading(text: str) -> tuple[int, int]:
    """(the page's figure count, the figures its 出典 block gives for the document SRC)."""
    total = int(re.search(r"([\d,]+)件の数値", text).group(1).replace(",", ""))
    block = text[text.index(f"（出典欄の表記: {SRC_TITLE}）") :]
    per_document = int(re.search(r"収録した数値: ([\d,]+)件", block).group(1).replace(",", ""))
    return total, per_document


def _choose_document(page, option: str) -> None:
    """Pick 資料 in the sidebar, as a user does (the session stays; the page reruns). Tried again
    once if the choice did not reach the address (the list closed under a slow rerun)."""
    chosen = "true" if option == SRC_TITLE else "false"
    for attempt in range(2):
        choose(page, "資料", option)
        try:  # the choice is in the address (an unfiltered 資料 is the default: no parameter)
            page.wait_for_function(
                f"() => (new URLSearchParams(location.search).get('source') === {json.dumps(SRC_TITLE)}) === {chosen}",
                timeout=30000,
            )
            break
        except PlaywrightTimeout:
            if attempt:
                raise
            page.keyboard.press("Escape")
    wait_for_page(page, timeout_ms=60000)
    # and the run has finished: no element is left over from the previous run (Streamlit marks those stale)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=60000)


def test_sessions_never_see_two_store_versions_while_the_store_is_rebuilt(store_path, browser, tmp_path):
    """Store A (the real data) and store B (3 more figures of SRC) replace each other at the store
    path every 0.1 s while four browser sessions keep switching データ's 資料 between all documents
    and SRC. Each render must read one version: with all documents, its count less the 出典 block's
    count for SRC is the same in both stores; with SRC, the two counts are equal. The sessions stay
    open throughout, so the server's memory measures the rebuilds, not new sessions."""
    b_root = tmp_path / "b"
    b_root.mkdir()
    store_b = b_root / "b.duckdb"
    build(store_b, data_dir=_copy_data(b_root, {"999_extra.csv": EXTRA_FILE}))
    live = tmp_path / "kenpo.duckdb"
    shutil.copy(store_path, live)
    with dashboard(live) as (url, proc):
        context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP")
        pages = [context.new_page() for _ in range(SESSIONS)]
        for page in pages:
            page.goto(f"{url}/data")
            wait_for_page(page)
        first = _reading(pages[0].locator('[data-testid="stMain"]').inner_text())
        baseline = first[0] - first[1]  # the same in both stores: B adds its 3 rows to SRC only
        stop = threading.Event()
        swaps = [0]

        def rebuild():
            while not stop.is_set():
                source = store_b if swaps[0] % 2 == 0 else store_path
                shutil.copy(source, str(live) + ".new")
                os.replace(str(live) + ".new", live)
                swaps[0] += 1
                time.sleep(0.1)

        swapper = threading.Thread(target=rebuild, daemon=True)
        swapper.start()
        seen, totals, rss_start, rounds = 0, set(), None, 0
        deadline = time.monotonic() + SECONDS
        try:
            while time.monotonic() < deadline:
                rounds += 1
                for page in pages:
                    only_src = rounds % 2 == 1
                    _choose_document(page, SRC_TITLE if only_src else "（すべて）")
                    total, per_document = _reading(page.locator('[data-testid="stMain"]').inner_text())
                    if only_src:
                        assert total == per_document, (total, per_document)
                    else:
                        assert total - per_document == baseline, (total, per_document, baseline)
                        totals.add(total)
                    seen += 1
                if rounds == 2:  # every session has read both views under rebuilds: warm
                    rss_start = _rss_mb(proc.pid)
        finally:
            stop.set()
            swapper.join()
        rss_end = _rss_mb(proc.pid)
        context.close()
    print(f"{seen} renders over {swaps[0]} rebuilds; server RSS {rss_start:.0f} → {rss_end:.0f} MB")
    assert swaps[0] >= 100 and seen >= 16
    assert len(totals) == 2 and max(totals) - min(totals) == EXTRA_ROWS, totals  # both versions were shown
    assert rss_end - rss_start < MAX_SERVER_GROWTH_MB


PAYLOADS = {
    "link": "[クリック](https://evil.example/phish)",
    "image": "![x](http://127.0.0.1:{port}/t.png?leak=1)",
    "autolink": "www.evil.example/phish",
    "html": "<a href='https://evil.example'>x</a><img src='http://127.0.0.1:{port}/h.png'>",
    "heading": "# 見出し **太字**",
    "long": "あ" * 11_000,  # 99 KB in the address
}


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_a_value_from_the_address_renders_as_plain_text(store_path, browser, name):
    trap = free_port()  # nothing listens here: a request to it would show as failed
    value = PAYLOADS[name].format(port=trap)
    with dashboard(store_path) as (url, _):
        context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP")
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        started = time.monotonic()
        page.goto(f"{url}/national?view={quote(value)}")
        wait_for_page(page, charts=1)
        seconds = time.monotonic() - started
        main = page.locator('[data-testid="stMain"]')
        notice = main.locator('[data-testid="stAlert"]').filter(has_text="URLの「view=").inner_text()
        assert "既定の表示にしています" in notice
        assert len(notice) < 200  # a long value is shortened with 「…」
        hrefs = main.locator("a").evaluate_all("els => els.map(e => e.href)")
        assert not [h for h in hrefs if "evil" in h or str(trap) in h], [h[:120] for h in hrefs]
        assert main.locator("img").count() == 0
        assert main.locator("h1").count() == 1  # the page title only
        own = urlparse(url).netloc
        assert not [r for r in requests if urlparse(r).netloc != own], [r[:120] for r in requests]
        assert seconds < 10
        assert value[:SHOWN_LIMIT] in notice  # shown as it was typed, in a code span
        assert main.locator('[data-testid="stAlert"] code').filter(has_text=value[:10]).count() == 1
        context.close()
