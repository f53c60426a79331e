"""kenpo capacity: N simulated users, each on a page changing a filter every few seconds.

    .venv/bin/python bench/loadtest.py            # the full run, about 13 minutes on 2 cores
    .venv/bin/python bench/loadtest.py --docs     # and put the tables into docs/deploy.md
    .venv/bin/python bench/loadtest.py --quick    # N = 1 and 5, 15 s each, one server only
    make loadtest                                 # = --docs

For each N in 1, 5, 10, 20, 40 and each server set-up: one Streamlit server (`streamlit run
server.py`, as `make run`), then nginx in front of K = 1 and K = 2 replicas (deploy/serve_shared.py).
Loopback only; each N runs for a fixed time (--seconds, 40 by default). Per N it reports the time
from a filter change to the end of the new run (p50, p95), page opens, errors, the server's
memory (RSS summed over the replicas' process trees, the largest sample) and CPU (% of the
machine's cores), nginx's CPU, and the load generator's own CPU, so that one can see the client is
not what limits.

The users are asyncio websocket clients that speak Streamlit's protocol (bench/streamlit_client.py;
Streamlit internals, confined to bench/). Why not Locust: it speaks HTTP, and a Streamlit page is one
websocket carrying protobuf messages. Why not one Chromium page per user: each is a renderer
process drawing Vega charts on the same 2 cores the server needs (the validation step measures what
one costs). Before the runs, Chromium and the client make the same filter change in turn, one user,
on one server through a TCP relay that times the wire: the server's CPU per change must agree within
20% (a simulated user loads the server as a browser does); the times on the wire and the browser's
time until the chart is drawn are reported (the drawing happens on each user's own machine).

Each user: opens one of the pages with filters (users spread over them), then every 2-4 s (uniform)
picks one of the page's single-choice filters at random and an option other than its current one
(支部 月次: 支部 and 指標; 保険者 and 全国: 表示; ...), waits for the new run to finish; after four
changes it goes to the next page, as the menu does. Writes bench/results/loadtest.json and .md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from streamlit_client import RunFailed, Session  # noqa: E402

from deploy.serve_shared import nginx_binary, shared  # noqa: E402
from tests.serve import dashboard  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DOCS = ROOT / "docs" / "deploy.md"
README = ROOT / "README.md"
PAGES = ["branch_monthly", "insurers", "national", "branch_vs_national", "declarations", "data", "reconciliation"]
NS = [1, 5, 10, 20, 40]
THINK_S = (2.0, 4.0)
CHANGES_PER_PAGE = 4
SLOW_MS = 1000.0
# A run not finished after this long counts as an error (the user has given up); it also bounds how
# long a phase can run past its time (the whole run stays under about 15 minutes when N = 40
# overloads the server).
RUN_TIMEOUT_S = 15.0
CPUS = os.cpu_count() or 1
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# ---- processes (from /proc) ----


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def cpu_s(pids: list[int]) -> float:
    """user + system CPU seconds of these processes and their trees."""
    total = 0
    for root in pids:
        for p in process_tree(root):
            try:
                with open(f"/proc/{p}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                continue
    return total / CLOCK_TICKS


def pss_mb(pids: list[int]) -> float:
    """Proportional set size: memory shared between the processes counted once in all."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def rss_mb(pids: list[int]) -> float:
    total = 0
    for root in pids:
        for p in process_tree(root):
            try:
                with open(f"/proc/{p}/status") as f:
                    total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
            except (OSError, StopIteration, ValueError):
                continue
    return total / 1024


# ---- the users ----


@dataclass
class Tally:
    changes: list[float] = field(default_factory=list)  # ms, filter change -> run finished
    opens: list[float] = field(default_factory=list)  # ms, page open (first run of a tab, or a menu move)
    errors: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)


async def user(base: str, index: int, stop_at: float, tally: Tally, seed: int, start_delay: float) -> None:
    """One user until ``stop_at``: a page, filter changes every few seconds, the next page."""
    rng = random.Random(seed * 1000 + index)
    await asyncio.sleep(start_delay)
    page_no = index % len(PAGES)
    session: Session | None = None
    while time.perf_counter() < stop_at:
        slug = PAGES[page_no % len(PAGES)]
        try:
            if session is None:
                session = Session(base, timeout=RUN_TIMEOUT_S)
                t0 = time.perf_counter()
                run = await session.open(slug)
                tally.opens.append((time.perf_counter() - t0) * 1000)
            else:
                run = await session.rerun(page_hash=session.pages.get(slug, ""), page_name=slug)
                tally.opens.append(run.seconds * 1000)
            tally.pages[slug] = tally.pages.get(slug, 0) + 1
            chosen: dict[str, str] = {}
            for _ in range(CHANGES_PER_PAGE):
                await asyncio.sleep(rng.uniform(*THINK_S))
                if time.perf_counter() >= stop_at:
                    break
                filters = [w for w in run.widgets.values() if len(w.options) >= 2]
                if not filters:
                    break
                widget = rng.choice(filters)
                current = chosen.get(widget.label, widget.default)
                option = rng.choice([o for o in widget.options if o != current])
                chosen[widget.label] = option
                # the values chosen so far, for the widgets this run still draws with those options
                states = [
                    (run.widgets[label], value)
                    for label, value in chosen.items()
                    if label in run.widgets and value in run.widgets[label].options
                ]
                run = await session.rerun(page_hash=session.page_hash, widgets=states)
                tally.changes.append(run.seconds * 1000)
        except (RunFailed, OSError, TimeoutError) as exc:
            tally.errors.append(f"{slug}: {type(exc).__name__}: {exc}"[:300])
            if session is not None:
                await _quietly_close(session)
            session = None
            await asyncio.sleep(1.0)
        page_no += 1
    if session is not None:
        await _quietly_close(session)


async def _quietly_close(session: Session) -> None:
    with suppress(Exception):
        await asyncio.wait_for(session.close(), 5)


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def _phase(base: str, n: int, seconds: float, seed: int, server_pids: list[int], nginx_pids: list[int]) -> dict:
    tally = Tally()
    ramp = min(3.0, 0.1 * n)  # a meeting: everyone opens the link within a few seconds
    started = time.perf_counter()
    stop_at = started + seconds
    rss_peak = 0.0

    async def sample():
        nonlocal rss_peak
        while time.perf_counter() < stop_at:
            rss_peak = max(rss_peak, rss_mb(server_pids))
            await asyncio.sleep(1.0)

    server_cpu0, nginx_cpu0, client_cpu0 = cpu_s(server_pids), cpu_s(nginx_pids), time.process_time()
    wall0 = time.perf_counter()
    sampler = asyncio.create_task(sample())
    await asyncio.gather(
        *(user(base, i, stop_at, tally, seed, ramp * i / max(n, 1)) for i in range(n)),
    )
    wall = time.perf_counter() - wall0
    await sampler
    server_cpu, nginx_cpu = cpu_s(server_pids) - server_cpu0, cpu_s(nginx_pids) - nginx_cpu0
    client_cpu = time.process_time() - client_cpu0
    rss_peak = max(rss_peak, rss_mb(server_pids))
    return {
        "n": n,
        "seconds": round(wall, 1),
        "changes": len(tally.changes),
        "change_p50_ms": pct(tally.changes, 50),
        "change_p95_ms": pct(tally.changes, 95),
        "change_max_ms": max(tally.changes) if tally.changes else None,
        "opens": len(tally.opens),
        "open_p50_ms": pct(tally.opens, 50),
        "open_p95_ms": pct(tally.opens, 95),
        "errors": len(tally.errors),
        "error_samples": tally.errors[:5],
        "server_rss_mb": round(rss_peak, 1),
        "server_cpu_pct": round(100 * server_cpu / wall / CPUS, 1),
        "server_cpu_ms_per_change": round(1000 * server_cpu / max(1, len(tally.changes) + len(tally.opens)), 1),
        "nginx_cpu_pct": round(100 * nginx_cpu / wall / CPUS, 1) if nginx_pids else None,
        "client_cpu_pct": round(100 * client_cpu / wall / CPUS, 1),
        "pages": tally.pages,
    }


async def _warm(base: str) -> None:
    """Every page once, with one change, untimed: the caches of a server that has served the pages."""
    session = Session(base, timeout=60)
    try:
        for slug in PAGES + ["home"]:
            run = await session.open(slug) if session.ws is None else await session.rerun(page_name=slug)
            widgets = [w for w in run.widgets.values() if len(w.options) >= 2]
            if widgets:
                w = widgets[0]
                await session.rerun(page_hash=session.page_hash, widgets=[(w, w.options[1])])
    finally:
        await _quietly_close(session)


def measure(name: str, server: AbstractContextManager, ns: list[int], seconds: float, seed: int) -> dict:
    """Start the set-up, warm it, run every N; the set-up is stopped afterwards."""
    print(f"== {name}", flush=True)
    with server as (base, server_pids, nginx_pids, replica_urls):
        for replica in replica_urls:  # each replica directly: through nginx, one cookie warms one replica
            asyncio.run(_warm(replica))
        phases = []
        for n in ns:
            phase = asyncio.run(_phase(base, n, seconds, seed, server_pids, nginx_pids))
            phases.append(phase)
            print(
                f"   N={n:2d}  changes {phase['changes']:4d}  p50 {fmt(phase['change_p50_ms'])} ms  "
                f"p95 {fmt(phase['change_p95_ms'])} ms  errors {phase['errors']}  "
                f"server CPU {phase['server_cpu_pct']}%  RSS {phase['server_rss_mb']} MB  "
                f"client CPU {phase['client_cpu_pct']}%",
                flush=True,
            )
            time.sleep(3)  # the closed sessions' runs are over before the next N
    return {"name": name, "phases": phases}


class _Direct(AbstractContextManager):
    """One server, no proxy: `streamlit run server.py` as `make run` starts it."""

    def __init__(self, store: Path):
        self.cm = dashboard(store)

    def __enter__(self):
        url, proc = self.cm.__enter__()
        return url, [proc.pid], [], [url]

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)


class _Shared(AbstractContextManager):
    def __init__(self, store: Path, replicas: int):
        self.cm = shared(store, replicas)

    def __enter__(self):
        d = self.cm.__enter__()
        return d.url, [p.pid for p in d.replicas], [d.nginx.pid], d.replica_urls()

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)


# ---- the client against a real browser, one user ----


class Relay:
    """A TCP relay in front of the server that notes when bytes pass on the dashboard's websocket,
    each way: the browser's request and the server's answer timed on the wire, as the client times
    them, and not on the page's main thread (which handles each element of a run as it arrives,
    and so sees the run's last message late)."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.events: list[tuple[float, str]] = []  # (perf_counter, "up" | "down") on the websocket
        self.port = 0
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Relay:
        self._thread.start()
        self._ready.wait(10)
        return self

    def call(self, coro, timeout: float = 60.0):
        """Run a coroutine on the relay's event loop (the client's session lives there) and wait."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def __exit__(self, *exc) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _handle(self, reader, writer) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        first = await reader.read(65536)
        websocket = first.startswith(b"GET ") and b"/_stcore/stream" in first.split(b"\r\n", 1)[0]
        up_writer.write(first)

        async def pump(src, dst, direction):
            try:
                while data := await src.read(65536):
                    if websocket:
                        self.events.append((time.perf_counter(), direction))
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pump(reader, up_writer, "up"), pump(up_reader, writer, "down"))


def validate(store: Path, changes: int = 16) -> dict:
    """The same filter change (支部 月次's 支部, 群馬 <-> 三重) in Chromium and with the client, in
    turn, on one server through the same relay: the time from the request leaving to the run's last
    byte arriving (on the wire, for both), the server's CPU per change under each, and the browser's
    time from the click until the new chart is drawn."""
    import run as bench_run  # bench/run.py: the same "new chart drawn" test as make bench
    from playwright.sync_api import sync_playwright

    from tests.browser.filters import choose
    from tests.serve import CHROMIUM, CHROMIUM_ARGS, wait_for_page

    print("== validation: one user, Chromium vs the protocol client", flush=True)
    with dashboard(store) as (direct_url, proc), Relay(int(direct_url.rsplit(":", 1)[1])) as relay:
        url = f"http://127.0.0.1:{relay.port}"
        asyncio.run(_warm(url))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
                page = context.new_page()
                page.goto(f"{url}/branch_monthly")
                wait_for_page(page, charts=1)
                chromium = _chromium_pids()
                # Pass 1, on the wire, the browser and the client in turn (so that both meet the same
                # background load): a click, then a wait without polling the page (Playwright's
                # polling costs CPU on the cores the server runs on); then the client's change.
                client = Session(url)
                run = relay.call(client.open("branch_monthly"))
                wire, client_times, server_cpu, client_cpu, chromium_run_cpu = [], [], 0.0, 0.0, 0.0
                for i in range(changes + 2):
                    option = "三重" if i % 2 == 0 else "群馬"
                    mark = len(relay.events)
                    cpu0, chromium0 = cpu_s([proc.pid]), cpu_s(chromium)
                    choose(page, "支部", option)
                    time.sleep(1.2)
                    cpu1, split = cpu_s([proc.pid]), time.perf_counter()
                    if i >= 2:
                        chromium_run_cpu += cpu_s(chromium) - chromium0
                    run = relay.call(client.rerun(page_hash=client.page_hash, widgets=[(run.widgets["支部"], option)]))
                    time.sleep(0.3)
                    if i < 2:
                        continue  # the first two changes untimed (as make bench does)
                    server_cpu += cpu1 - cpu0
                    client_cpu += cpu_s([proc.pid]) - cpu1
                    client_times.append(run.seconds * 1000)
                    events = [e for e in relay.events[mark:] if e[0] < split]  # the browser's, not the client's
                    sent = next((t for t, d in events if d == "up"), None)
                    last = [t for t, d in events if d == "down" and sent is not None and t > sent]
                    if sent is not None and last:
                        wire.append((last[-1] - sent) * 1000)
                relay.call(client.close())
                # Pass 2, what the user sees: from the click until the new chart is drawn.
                drawn_times, chromium_cpu = [], 0.0
                for i in range(changes + 2):
                    page.evaluate(bench_run.ARM_JS)
                    chromium0 = cpu_s(chromium)
                    choose(page, "支部", "三重" if i % 2 == 0 else "群馬")
                    _, drawn_ms = page.wait_for_function(bench_run.DRAWN_JS, timeout=30000).json_value()
                    page.wait_for_function(bench_run.SETTLED_JS, arg=300, timeout=30000)
                    if i >= 2:
                        drawn_times.append(drawn_ms)
                        chromium_cpu += cpu_s(chromium) - chromium0
                chromium_pss = pss_mb(chromium)
                chromium_count = len(chromium)
            finally:
                browser.close()
    b50, c50 = statistics.median(wire), statistics.median(client_times)
    tolerance = max(25.0, 0.25 * b50)
    cpu_browser, cpu_client = 1000 * server_cpu / changes, 1000 * client_cpu / changes
    cpu_tolerance = max(10.0, 0.2 * cpu_browser)
    result = {
        "page": "branch_monthly",
        "filter": "支部 (群馬 / 三重)",
        "changes": len(wire),
        "browser_send_to_finished_p50_ms": round(b50, 1),
        "browser_send_to_finished_p95_ms": round(pct(wire, 95), 1),
        "drawn_changes": len(drawn_times),
        "browser_click_to_drawn_p50_ms": round(statistics.median(drawn_times), 1),
        "browser_click_to_drawn_p95_ms": round(pct(drawn_times, 95), 1),
        "client_send_to_finished_p50_ms": round(c50, 1),
        "client_send_to_finished_p95_ms": round(pct(client_times, 95), 1),
        "difference_p50_ms": round(c50 - b50, 1),
        "tolerance_ms": round(tolerance, 1),
        "within_tolerance": abs(c50 - b50) <= tolerance,
        "server_cpu_ms_per_change_browser": round(cpu_browser, 1),
        "server_cpu_ms_per_change_client": round(cpu_client, 1),
        "server_cpu_tolerance_ms": round(cpu_tolerance, 1),
        "server_cpu_within_tolerance": abs(cpu_client - cpu_browser) <= cpu_tolerance,
        "chromium_cpu_ms_per_change_unpolled": round(1000 * chromium_run_cpu / changes, 1),
        # what the browser adds on the user's machine around the server's run (its time less the run's,
        # as the client measured the run)
        "browser_overhead_p50_ms": round(statistics.median(drawn_times) - c50, 1),
        "chromium_cpu_ms_per_change": round(1000 * chromium_cpu / max(1, len(drawn_times)), 1),
        "chromium_pss_mb_one_tab": round(chromium_pss, 1),
        "chromium_processes": chromium_count,
    }
    print(
        f"   server CPU per change: browser {cpu_browser:.1f} ms, client {cpu_client:.1f} ms "
        f"({'within' if result['server_cpu_within_tolerance'] else 'OUTSIDE'} ±{cpu_tolerance:.0f} ms); "
        f"Chromium {result['chromium_cpu_ms_per_change_unpolled']} ms CPU per change\n"
        f"   wire: browser p50 {b50:.1f} ms, client {c50:.1f} ms "
        f"({'within' if result['within_tolerance'] else 'OUTSIDE'} ±{tolerance:.0f} ms); "
        f"click->drawn p50 {result['browser_click_to_drawn_p50_ms']} ms; server CPU per change "
        f"{result['server_cpu_ms_per_change_browser']} (browser) / {result['server_cpu_ms_per_change_client']} (client) ms; "
        f"Chromium {result['chromium_cpu_ms_per_change']} ms CPU per change, {result['chromium_pss_mb_one_tab']} MB",
        flush=True,
    )
    return result


def _chromium_pids() -> list[int]:
    """The Chromium processes started by this process's Playwright (descendants of this process)."""
    mine = set(process_tree(os.getpid())) - {os.getpid()}
    pids = []
    for p in mine:
        try:
            with open(f"/proc/{p}/comm") as f:
                if "chrom" in f.read():
                    pids.append(p)
        except OSError:
            continue
    return pids


# ---- report ----


def fmt(v, digits: int = 0) -> str:
    if v is None:
        return "—"
    return f"{v:,.{digits}f}"


def crossing(phases: list[dict], offset_ms: float = 0.0) -> str:
    """The first N whose p95 (plus ``offset_ms``) passes 1 s."""
    for phase in phases:
        p95 = phase["change_p95_ms"]
        if p95 is not None and p95 + offset_ms > SLOW_MS:
            return f"N = {phase['n']}"
    return f"not reached up to N = {phases[-1]['n']}" if phases else "—"


def side_by_side(results: dict) -> list[str]:
    """The set-ups side by side (how capacity changes from one process to two): the Markdown lines
    of the table docs/deploy.md and the README show."""
    lines: list[str] = []
    setups = results["setups"]
    if len(setups) > 1:  # the set-ups side by side: how capacity changes from one process to two
        ns = [p["n"] for p in setups[0]["phases"]]
        lines += [
            "#### Filter change p95 (p50) in ms, the set-ups side by side",
            "",
            "| N users | " + " | ".join(s["name"] for s in setups) + " |",
            "|---:|" + "---:|" * len(setups),
        ]
        for i, n in enumerate(ns):
            cells = []
            for setup in setups:
                p = setup["phases"][i] if i < len(setup["phases"]) else None
                cells.append(
                    f"{fmt(p['change_p95_ms'])} ({fmt(p['change_p50_ms'])}){' ⚠' if p['errors'] else ''}" if p else "—"
                )
            lines.append(f"| {n} | " + " | ".join(cells) + " |")
        lines += [
            "| server CPU % at the largest N | "
            + " | ".join(f"{fmt(s['phases'][-1]['server_cpu_pct'], 1)}" for s in setups)
            + " |",
            "| p95 passes 1 s at | " + " | ".join(crossing(s["phases"]) for s in setups) + " |",
            "",
            "⚠ = errors in that run (see its table). The machine has "
            f"{results['cpus']} cores: whatever the number of replicas, the cores are the ceiling.",
            "",
        ]
    return lines


def report(results: dict) -> str:
    lines = [
        f"kenpo load test {results['started']}  cpus={results['cpus']}  {results['seconds_per_n']:.0f} s per N, "
        f"think time {THINK_S[0]:.0f}-{THINK_S[1]:.0f} s, {CHANGES_PER_PAGE} changes per page, "
        f"store {results['store_mb']:.1f} MB  elapsed {results['elapsed_s']:.0f} s",
        "",
    ]
    v = results.get("validation")
    if v:
        len_drawn = v.get("drawn_changes", v["changes"])
        lines += [
            "#### The client against Chromium, one user (支部 月次, 支部 群馬 ↔ 三重, the same server through the same relay)",
            "",
            "| measured | n | p50 ms | p95 ms | server CPU ms / change |",
            "|---|---:|---:|---:|---:|",
            f"| Chromium: request leaves → the run's last byte arrives (on the wire; the page not polled) | {v['changes']} | {fmt(v['browser_send_to_finished_p50_ms'], 1)} | {fmt(v['browser_send_to_finished_p95_ms'], 1)} | {fmt(v['server_cpu_ms_per_change_browser'], 1)} |",
            f"| protocol client: request sent → script_finished received | {v['changes']} | {fmt(v['client_send_to_finished_p50_ms'], 1)} | {fmt(v['client_send_to_finished_p95_ms'], 1)} | {fmt(v['server_cpu_ms_per_change_client'], 1)} |",
            f"| Chromium: click → new chart drawn (what the user sees; the page polled every frame) | {len_drawn} | {fmt(v['browser_click_to_drawn_p50_ms'], 1)} | {fmt(v['browser_click_to_drawn_p95_ms'], 1)} | |",
            "",
            f"The server's work per change: {v['server_cpu_ms_per_change_client']:.1f} ms of CPU for the client's request, "
            f"{v['server_cpu_ms_per_change_browser']:.1f} ms for the browser's: "
            f"{'within' if v['server_cpu_within_tolerance'] else 'OUTSIDE'} the tolerance of ±{v['server_cpu_tolerance_ms']:.0f} ms "
            "(the larger of 10 ms and 20%): a simulated user loads the server as a browser does. On the wire, "
            f"the client's run took {v['difference_p50_ms']:+.1f} ms against the browser's at the median "
            f"({'within' if v['within_tolerance'] else 'outside'} ±{v['tolerance_ms']:.0f} ms): the browser, on the same "
            f"2 cores, spent {v['chromium_cpu_ms_per_change_unpolled']:.0f} ms of CPU per change handling the run's "
            "messages while the server was still sending them, and the server's run waited for a core. "
            f"From the click until the chart is drawn the browser takes {v['browser_overhead_p50_ms']:.0f} ms (p50) more "
            "than the client's run (the click to the request, then drawing), work done on the user's own machine. With the page polled every frame to time the "
            f"drawing, one Chromium tab cost {v['chromium_cpu_ms_per_change']:.0f} ms of CPU per change and "
            f"{v['chromium_pss_mb_one_tab']:.0f} MB (PSS of its {v['chromium_processes']} processes): forty of them "
            "would take the cores and memory the server is measured on, so the load is the protocol client.",
            "",
        ]
    overhead = v["browser_overhead_p50_ms"] if v else 0.0
    lines += side_by_side(results)
    for setup in results["setups"]:
        lines += [
            f"#### {setup['name']}",
            "",
            "| N users | filter changes | change p50 ms | change p95 ms | page opens | open p50 ms | open p95 ms | errors | server RSS MB | server CPU % | server CPU ms / run | nginx CPU % | client CPU % |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for p in setup["phases"]:
            lines.append(
                f"| {p['n']} | {p['changes']} | {fmt(p['change_p50_ms'])} | {fmt(p['change_p95_ms'])} | {p['opens']} | "
                f"{fmt(p['open_p50_ms'])} | {fmt(p['open_p95_ms'])} | {p['errors']} | {fmt(p['server_rss_mb'])} | "
                f"{fmt(p['server_cpu_pct'], 1)} | {fmt(p['server_cpu_ms_per_change'], 1)} | "
                f"{fmt(p['nginx_cpu_pct'], 1) if p['nginx_cpu_pct'] is not None else '—'} | {fmt(p['client_cpu_pct'], 1)} |"
            )
        lines += [
            "",
            f"p95 of a filter change passes 1 s at: **{crossing(setup['phases'])}** (the server's run, as the client "
            "waits for it)"
            + (
                f"; with the browser's own {overhead:.0f} ms (click to request, drawing) added: "
                f"**{crossing(setup['phases'], overhead)}**."
                if v
                else "."
            ),
            "",
        ]
        for p in setup["phases"]:
            for sample in p["error_samples"]:
                lines.append(f"- N={p['n']} error: `{sample}`")
        if any(p["error_samples"] for p in setup["phases"]):
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _replace_block(path: Path, name: str, md: str) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"{path} has no {start} ... {end} block")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{md}{end}{tail}", encoding="utf-8")


def update_docs(md: str, results: dict, path: Path = DOCS, readme: Path = README) -> None:
    """The full tables into docs/deploy.md, the set-ups side by side into the README."""
    _replace_block(path, "loadtest", md)
    summary = [
        f"Measured {results['started'][:16].replace('T', ' ')} on {results['cpus']} cores (`make loadtest`):",
        "",
    ]
    _replace_block(readme, "loadtest", "\n".join(summary + side_by_side(results)).rstrip() + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--store", type=Path, default=None, help="the store to serve (default: built from data/)")
    parser.add_argument("--seconds", type=float, default=40.0, help="per N (default 40)")
    parser.add_argument("--n", type=str, default=",".join(map(str, NS)), help="user counts, comma-separated")
    parser.add_argument("--setups", default="direct,nginx1,nginx2", help="direct, nginx1, nginx2 (comma-separated)")
    parser.add_argument("--quick", action="store_true", help="N = 1,5 for 15 s, one server only, no validation")
    parser.add_argument("--no-validate", action="store_true", help="skip the Chromium comparison")
    parser.add_argument("--docs", action="store_true", help="replace the tables in docs/deploy.md")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    ns = [int(x) for x in args.n.split(",")]
    setups = args.setups.split(",")
    seconds = args.seconds
    if args.quick:
        ns, setups, seconds, args.no_validate = [1, 5], ["direct"], 15.0, True
    if any(s.startswith("nginx") for s in setups) and nginx_binary() is None:
        print("nginx not found (apt-get install nginx): the nginx set-ups need it", file=sys.stderr)
        return 1

    started = dt.datetime.now().replace(microsecond=0)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kenpo-loadtest-") as tmp:
        store = args.store
        if store is None:
            from kenpo.build.store import build

            store = Path(tmp) / "kenpo.duckdb"
            build(store)
        store = Path(store).resolve()
        results: dict = {
            "started": started.isoformat(),
            "cpus": CPUS,
            "python": platform.python_version(),
            "seconds_per_n": seconds,
            "store_mb": store.stat().st_size / 1e6,
            "setups": [],
        }
        if not args.no_validate:
            results["validation"] = validate(store)
        names = {
            "direct": "One server (streamlit run server.py, no proxy)",
            "nginx1": "nginx, K = 1 replica",
            "nginx2": "nginx, K = 2 replicas",
        }
        for setup in setups:
            server = _Direct(store) if setup == "direct" else _Shared(store, int(setup.removeprefix("nginx")))
            results["setups"].append(measure(names[setup], server, ns, seconds, args.seed))
    results["elapsed_s"] = time.perf_counter() - t0
    md = report(results)
    print()
    print(md)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "loadtest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    (RESULTS / "loadtest.md").write_text(md, encoding="utf-8")
    if args.docs:
        update_docs(md, results)
        print(f"updated {DOCS.relative_to(ROOT)} and {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
