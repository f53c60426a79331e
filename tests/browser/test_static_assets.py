"""Streamlit's frontend files answered from memory by the dashboard's server (kenpo.static_assets):
the same bytes as Streamlit's static folder, its cache headers, and everything else left to
Streamlit. Also the garbage collection the server CPU figures of bench/run.py rely on.
"""

from __future__ import annotations

import hashlib
import tomllib
import urllib.error
import urllib.request

import pytest

from kenpo.paths import ROOT
from kenpo.static_assets import FOLDER
from tests.serve import require_chromium

pytestmark = pytest.mark.browser

require_chromium()


def fetch(url: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def from_memory(headers: dict, body: bytes) -> bool:
    """Our answer carries the MD5 of the body as its ETag (Streamlit's own handler sends another)."""
    return headers.get("etag") == f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'


def test_every_frontend_file_a_page_asks_for_is_answered_from_memory_with_the_files_bytes(server, browser):
    """Open a page with a chart, a table, selectboxes and downloads; every /static/ file the browser
    fetched is the file in Streamlit's folder, byte for byte, from memory, immutable for a year."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = ctx.new_page()
    asked: list[str] = []
    tab.on("request", lambda r: asked.append(r.url) if "/static/" in r.url else None)
    try:
        tab.goto(f"{server}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月", wait_until="commit")
        tab.wait_for_selector('[data-testid="stVegaLiteChart"] .marks', timeout=30000)
        tab.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30000)
    finally:
        ctx.close()
    js = [u for u in asked if "/static/js/" in u]
    assert len(js) > 50, f"only {len(js)} JavaScript files were asked for: did the page load?"
    for url in sorted(set(asked)):
        status, headers, body = fetch(url)
        on_disk = FOLDER / url.split(f"{server}/", 1)[1]
        assert status == 200 and body == on_disk.read_bytes(), url
        assert from_memory(headers, body), f"{url} was not answered by kenpo.static_assets"
        assert headers["cache-control"] == "public, immutable, max-age=31536000", url
        assert int(headers["content-length"]) == len(body), url
    assert fetch(js[0])[1]["content-type"] == "application/javascript; charset=utf-8"


def test_head_and_a_revalidation_are_answered_without_a_body(server):
    name = next((FOLDER / "static" / "js").glob("index.*.js")).name
    url = f"{server}/static/js/{name}"
    status, headers, body = fetch(url, "HEAD")
    assert (status, body) == (200, b"") and int(headers["content-length"]) > 100_000
    status, _, body = fetch(url, headers={"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")


def test_what_is_not_a_static_file_goes_on_to_streamlit(server):
    """A page address, Streamlit's own endpoints and a name that is not in the folder are not ours."""
    status, headers, body = fetch(f"{server}/branch_monthly")
    assert status == 200 and b"<html" in body and not from_memory(headers, body)
    status, _, body = fetch(f"{server}/_stcore/health")
    assert (status, body) == (200, b"ok")
    status, headers, body = fetch(f"{server}/static/js/no-such-file.js")
    assert not from_memory(headers, body)
    # A path that climbs out of the folder is never one of ours (whatever Streamlit makes of it).
    status, headers, body = fetch(f"{server}/static/js/..%2F..%2Findex.html")
    assert not from_memory(headers, body)


def test_streamlits_collection_stays_on_and_the_long_lived_objects_are_frozen_once():
    """Streamlit's full collection after each run keeps memory down; kenpo.page freezes the
    process's long-lived objects at its second page run, so that collection walks only new ones."""
    import gc

    from kenpo import page

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["runner"]["postScriptGC"] is True
    gc.unfreeze()
    before = page._page_runs
    try:
        page._page_runs = 0
        page._settle_long_lived()
        assert gc.get_freeze_count() == 0  # the first run: the caches are not filled yet
        page._settle_long_lived()
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
        page._page_runs = before
