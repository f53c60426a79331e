"""Starting the dashboard on a free localhost port, for the browser tests, the screenshots and the benchmark (test tooling, not part of the app)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from kenpo.paths import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def dashboard(
    db_path: Path | None,
    *,
    script: Path = ROOT / "server.py",
    port: int | None = None,
    timeout: float = 60.0,
    secrets: Path | None = None,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``streamlit run <script>`` (the dashboard's server.py, as `make run` does, by default)
    on 127.0.0.1 with the project's settings, against the store at ``db_path``; yield (base URL,
    process). ``secrets``: the one secrets.toml the server reads (its ``[auth]`` turns sign-in on,
    kenpo.signin); by default it reads none, whatever a developer keeps in .streamlit/ or
    ~/.streamlit/, so the tests see the dashboard with sign-in off."""
    port = port or free_port()
    env = {**os.environ, **({"KENPO_DB": str(db_path)} if db_path is not None else {})}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # a path that is never there: no secrets, sign-in off (kenpo.signin)
        "--secrets.files",
        str(secrets or ROOT / ".streamlit" / "no-secrets-for-tests.toml"),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"dashboard did not answer on {url} within {timeout:.0f} s")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def wait_for_page(page, *, timeout_ms: int = 30000, charts: int = 0) -> None:
    """Wait until Streamlit has finished running the script and drawn ``charts`` Vega charts."""
    page.wait_for_selector('[data-testid="stApp"] h1', timeout=timeout_ms)
    # The script has finished when the "Running…/Stop" status widget is gone for a while.
    page.wait_for_function(
        """() => {
            const busy = document.querySelector('[data-testid="stStatusWidget"]');
            const now = Date.now();
            if (busy) { window.__kenpoIdleSince = undefined; return false; }
            window.__kenpoIdleSince = window.__kenpoIdleSince || now;
            return now - window.__kenpoIdleSince > 500;
        }""",
        timeout=timeout_ms,
        polling=100,
    )
    if charts:
        page.wait_for_function(
            f"""() => document.querySelectorAll('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').length >= {charts}""",
            timeout=timeout_ms,
        )
    page.wait_for_timeout(300)


def wait_until_drawn(page, *, timeout_ms: int = 30000) -> None:
    """Wait until the script has finished and everything it put on the page is drawn: every Vega
    chart has its marks (canvas or svg ``.marks``), every table its grid canvas, and the web fonts
    are loaded. For checks that read the drawn page (accessibility, screenshots)."""
    wait_for_page(page, timeout_ms=timeout_ms)
    page.wait_for_function(
        """() => {
            const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
            const tables = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
            return charts.every(c => c.querySelector('.marks'))
                && tables.every(t => t.querySelector('canvas'))
                && document.fonts.status === 'loaded';
        }""",
        timeout=timeout_ms,
        polling=100,
    )
    page.wait_for_timeout(200)


def require_chromium() -> None:
    """At the top of a browser test module: skip it where Debian's Chromium is absent, except in CI
    (CI=true), where a missing browser is a failure."""
    import shutil

    import pytest

    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            raise RuntimeError(f"CI needs Chromium at {CHROMIUM} for the browser tests (apt-get install chromium)")
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests",
            allow_module_level=True,
        )
