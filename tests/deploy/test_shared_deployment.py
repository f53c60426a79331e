"""The shared deployment end to end: `deploy/serve_shared.py` starts two replicas behind nginx; every
page is served through nginx in Chromium with its websocket; the affinity cookie keeps a browser on
one replica; a store published while users change filters gives no error and every replica serves
the new store afterwards; the script stops nginx and every replica on SIGTERM, and its children go
too when the script itself is killed.

The load during the publish comes from bench/streamlit_client.py (simulated users speaking
Streamlit's websocket protocol: Streamlit internals, confined to bench/ and used here as test load).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kenpo import navigation
from kenpo.build.store import build
from kenpo.paths import ROOT
from tests.browser.filters import choose, chosen
from tests.deploy.needs import require_nginx
from tests.serve import free_port, require_chromium, wait_for_page
from tests.store.test_build import EXTRA_FILE, EXTRA_ROWS, _copy_data

require_nginx()
require_chromium()
pytestmark = pytest.mark.browser

sys.path.insert(0, str(ROOT / "bench"))
import loadtest  # noqa: E402  (bench/loadtest.py: the simulated users)
from streamlit_client import Session  # noqa: E402

from deploy.publish import publish_file  # noqa: E402

SCRIPT = ROOT / "deploy" / "serve_shared.py"
REPLICAS = 2
COUNT = re.compile(r"\*\*([\d,]+)件\*\*の数値")  # データ's figure count: "**1,962件**の数値"
ERROR_ELEMENTS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start(store: Path, run_dir: Path, replicas: int) -> tuple[subprocess.Popen, dict]:
    """Run the script as an operator does; wait until nginx answers; (process, its state.json)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(SCRIPT),
            "--replicas",
            str(replicas),
            "--listen",
            f"127.0.0.1:{port}",
            "--store",
            str(store),
            "--run-dir",
            str(run_dir),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    state_file = run_dir / "state.json"
    deadline = time.monotonic() + 120
    while not state_file.exists():
        if proc.poll() is not None:
            raise RuntimeError(f"serve_shared.py exited: {proc.stdout.read().decode(errors='replace')[-3000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            raise TimeoutError("serve_shared.py did not start within 120 s")
        time.sleep(0.3)
    state = json.loads(state_file.read_text(encoding="utf-8"))
    with urllib.request.urlopen(f"{state['url']}/_stcore/health", timeout=5) as r:
        assert r.status == 200
    return proc, state


def _descendants(pid: int) -> list[int]:
    return loadtest.process_tree(pid)


@pytest.fixture(scope="module")
def stores(store_path, tmp_path_factory):
    """Store A (the real data) and store B (3 more figures), and the live store path serving A."""
    root = tmp_path_factory.mktemp("deploy")
    store_b = root / "b.duckdb"
    build(store_b, data_dir=_copy_data(root / "b", {"999_extra.csv": EXTRA_FILE}))
    live = root / "live" / "kenpo.duckdb"
    live.parent.mkdir()
    shutil.copy(store_path, live)
    return {"a": Path(store_path), "b": store_b, "live": live, "root": root}


@pytest.fixture(scope="module")
def deployment(stores):
    run_dir = stores["root"] / "run"
    proc, state = _start(stores["live"], run_dir, REPLICAS)
    state["process"] = proc
    state["run_dir"] = run_dir
    state["tree"] = _descendants(proc.pid)  # the script, the replicas (and their children), nginx and its worker
    yield state
    if proc.poll() is None:  # a test failed before test_stops_cleanly
        proc.terminate()
        proc.wait(timeout=30)


def _run(coro):
    """Run a coroutine to its end in a thread of its own (Playwright's sync API holds an event loop in
    this one)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _figure_count(texts: list[str]) -> int:
    for text in texts:
        if m := COUNT.search(text):
            return int(m.group(1).replace(",", ""))
    raise AssertionError(f"no figure count on データ: {texts[:5]}")


async def _count_on(url: str) -> int:
    """データ's figure count as a new session on ``url`` sees it."""
    session = Session(url)
    try:
        return _figure_count((await session.open("data")).texts)
    finally:
        await session.close()


def test_the_script_starts_two_replicas_behind_nginx(deployment):
    assert len(deployment["replicas"]) == REPLICAS and len(deployment["nginx"]) == 1
    for pid in deployment["replicas"] + deployment["nginx"]:
        assert _alive(pid)
    for port in deployment["replica_ports"]:  # the replicas listen on loopback only
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
            assert r.status == 200


def test_every_page_renders_through_nginx(deployment, browser):
    """Every page of the menu, opened at its address through nginx: its content is drawn (so the
    websocket works through the proxy), no error, and the affinity cookie is set."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    try:
        page = context.new_page()
        for slug in navigation.slugs():
            page.goto(f"{deployment['url']}/{'' if slug == navigation.DEFAULT else slug}")
            wait_for_page(page, timeout_ms=60000)
            main = page.locator('[data-testid="stMain"]')
            assert main.locator("h1").count() >= 1, slug
            content = main.locator(
                '[data-testid="stVegaLiteChart"], [data-testid="stMetric"], [data-testid="stDataFrame"]'
            )
            assert content.count() >= 1, f"{slug}: no chart, card or table through nginx"
            assert page.locator(ERROR_ELEMENTS).count() == 0, slug
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert cookies.get("kenpo_route"), "nginx set no affinity cookie"
    finally:
        context.close()


def test_a_filter_change_works_through_nginx(deployment, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(f"{deployment['url']}/branch_monthly")
        wait_for_page(page, timeout_ms=60000, charts=1)
        assert chosen(page, "支部") == ["群馬"]
        before = page.locator('[data-testid="stMain"]').inner_text()
        choose(page, "支部", "三重")
        page.wait_for_function("() => new URLSearchParams(location.search).get('branch') === '三重'", timeout=30000)
        wait_for_page(page, timeout_ms=60000, charts=1)
        assert chosen(page, "支部") == ["三重"]
        assert page.locator('[data-testid="stMain"]').inner_text() != before
        assert page.locator(ERROR_ELEMENTS).count() == 0
    finally:
        context.close()


def test_the_affinity_cookie_keeps_a_browser_on_one_replica(deployment):
    """nginx's access log names the replica of each request: one cookie, one replica; many cookies
    reach both replicas. A request without the cookie gets one."""
    url = deployment["url"]
    log = Path(deployment["run_dir"]) / "access.log"
    routes = [f"test{i}" for i in range(24)]
    for route in routes:
        for _ in range(3):
            request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"kenpo_route={route}"})
            with urllib.request.urlopen(request, timeout=5) as r:
                assert r.status == 200
                # the browser has its cookie: nginx does not set it again (Streamlit sets its XSRF cookie)
                assert not any("kenpo_route" in c for c in r.headers.get_all("Set-Cookie") or [])
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
        set_cookies = r.headers.get_all("Set-Cookie") or []
        assert any(re.fullmatch(r"kenpo_route=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", c) for c in set_cookies)
    time.sleep(0.5)  # the access log is written as the request ends
    upstreams: dict[str, set[str]] = {}
    for line in log.read_text().splitlines():
        if m := re.search(r" (127\.0\.0\.1:\d+) route=(test\d+)$", line):
            upstreams.setdefault(m.group(2), set()).add(m.group(1))
    assert set(upstreams) == set(routes)
    assert all(len(replicas) == 1 for replicas in upstreams.values()), upstreams
    expected = {f"127.0.0.1:{p}" for p in deployment["replica_ports"]}
    assert set().union(*upstreams.values()) == expected


def test_a_store_published_under_load_gives_no_error_and_reaches_every_replica(deployment, stores, browser):
    """Eight simulated users change filters on every page through nginx for 24 s while the store is
    published six times (B, A, B, ...; `make publish FROM=...`'s code: a copy beside the store, then
    a rename), the last one B. No run fails; afterwards every replica, asked directly, and a browser
    through nginx show store B's figure count on データ."""
    url, live = deployment["url"], stores["live"]
    count_a = _run(_count_on(f"http://127.0.0.1:{deployment['replica_ports'][0]}"))
    publishes: list[str] = []

    async def scenario() -> loadtest.Tally:
        tally = loadtest.Tally()
        stop_at = time.perf_counter() + 24
        users = [loadtest.user(url, i, stop_at, tally, seed=3, start_delay=0.2 * i) for i in range(8)]

        async def publisher():
            for i in range(6):
                await asyncio.sleep(3.5)
                source = stores["b"] if i % 2 == 0 else stores["a"]
                publishes.append(await asyncio.to_thread(publish_file, source, live))
            await asyncio.sleep(0.1)
            publishes.append(await asyncio.to_thread(publish_file, stores["b"], live))

        await asyncio.gather(publisher(), *users)
        return tally

    tally = _run(scenario())
    assert len(publishes) == 7
    assert tally.errors == [], tally.errors[:5]
    assert len(tally.changes) >= 20, f"too little load: {len(tally.changes)} filter changes"
    assert len(tally.pages) >= 5, tally.pages  # the users went through the pages
    for port in deployment["replica_ports"]:
        assert _run(_count_on(f"http://127.0.0.1:{port}")) == count_a + EXTRA_ROWS, port
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(f"{url}/data")
        wait_for_page(page, timeout_ms=60000)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert f"{count_a + EXTRA_ROWS:,}件" in text
    finally:
        context.close()


def test_stops_cleanly_on_sigterm(deployment):
    """SIGTERM: the script stops nginx (master and worker) and every replica, then exits 0."""
    proc, tree = deployment["process"], deployment["tree"]
    assert len(tree) >= 1 + REPLICAS + 2
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in tree if _alive(pid)] == []
    assert not (Path(deployment["run_dir"]) / "nginx.pid").exists()


def test_the_children_go_when_the_script_is_killed(stores, tmp_path):
    """kill -9 of the script (no chance to clean up): its replicas and nginx still stop (the
    parent-death signal), no orphan left."""
    proc, state = _start(stores["live"], tmp_path / "run", 1)
    tree = _descendants(proc.pid)
    assert len(tree) >= 4  # the script, a replica, nginx's master and worker
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in tree) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in tree if _alive(pid)] == []
