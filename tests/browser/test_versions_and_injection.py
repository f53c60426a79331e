"""In the real browser: pages never mix two store versions while the store is rebuilt under them,
the server's memory stays bounded, and a value from the address never renders as markup."""
from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from kenpo.serve import CHROMIUM, CHROMIUM_ARGS, dashboard, free_port, wait_for_page
from kenpo.store import build
from tests.store.test_build import EXTRA_FILE, EXTRA_ROWS, SRC, _copy_data

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the browser tests (apt-get install chromium)")
    pytest.skip(f"Chromium not found at {CHROMIUM}", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

SESSIONS = 4
SECONDS = 25  # of rebuilds under the sessions
MAX_SERVER_GROWTH_MB = 60


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _reading(text: str) -> tuple[int, int]:
    """(the page's figure count, the figures its 出典 block gives for the document SRC)."""
    total = int(re.search(r"([\d,]+)件の数値", text).group(1).replace(",", ""))
    block = text[text.index(f"（{SRC}）"):]
    per_document = int(re.search(r"収録した数値: ([\d,]+)件", block).group(1).replace(",", ""))
    return total, per_document


def test_sessions_never_see_two_store_versions_while_the_store_is_rebuilt(store_path, browser, tmp_path):
    """Store A (the real data) and store B (3 more figures of SRC) replace each other at the store
    path every 0.3 s while four browser sessions keep reloading データ. Each render must read one
    version: its count and its 出典 block's count for SRC come from the same store."""
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
        rss_start = _rss_mb(proc.pid)
        stop = threading.Event()
        swaps = [0]

        def rebuild():
            while not stop.is_set():
                source = store_b if swaps[0] % 2 == 0 else store_path
                shutil.copy(source, str(live) + ".new")
                os.replace(str(live) + ".new", live)
                swaps[0] += 1
                time.sleep(0.3)

        swapper = threading.Thread(target=rebuild, daemon=True)
        swapper.start()
        seen, totals = 0, set()
        deadline = time.monotonic() + SECONDS
        try:
            while time.monotonic() < deadline:
                for page in pages:
                    page.reload()
                    wait_for_page(page)
                    total, per_document = _reading(page.locator('[data-testid="stMain"]').inner_text())
                    assert total - per_document == baseline, (total, per_document, baseline)
                    totals.add(total)
                    seen += 1
        finally:
            stop.set()
            swapper.join()
        rss_end = _rss_mb(proc.pid)
        context.close()
    print(f"{seen} renders over {swaps[0]} rebuilds; server RSS {rss_start:.0f} → {rss_end:.0f} MB")
    assert swaps[0] >= 30 and seen >= 20
    assert len(totals) == 2 and max(totals) - min(totals) == EXTRA_ROWS, totals  # both versions were shown
    assert rss_end - rss_start < MAX_SERVER_GROWTH_MB


PAYLOADS = {
    "link": "[クリック](https://evil.example/phish)",
    "image": "![x](http://127.0.0.1:{port}/t.png?leak=1)",
    "autolink": "www.evil.example/phish",
    "html": "<a href='https://evil.example'>x</a><img src='http://127.0.0.1:{port}/h.png'>",
    "heading": "# 見出し **太字**",
    "long": "あ" * 100_000,
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
        assert "既定の「推移」を表示しています" in notice
        assert len(notice) < 200  # a long value is shortened with 「…」
        hrefs = main.locator("a").evaluate_all("els => els.map(e => e.href)")
        assert not [h for h in hrefs if "evil" in h or str(trap) in h], hrefs
        assert main.locator("img").count() == 0
        assert main.locator("h1").count() == 1  # the page title only
        assert not [r for r in requests if str(trap) in r or "evil" in r], requests
        assert seconds < 10
        if name != "long":
            assert value.replace("**", "").split("(")[0][:10] in notice.replace("\\", "")
        context.close()
