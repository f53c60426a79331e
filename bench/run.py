"""kenpo benchmark: store build, view queries, page runs under AppTest, and in headless Chromium
what a user waits for (cold first load, filter change -> new chart drawn, server CPU per change),
warm reloads, server memory.

    .venv/bin/python bench/run.py            # full run (about 12 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # fewer repetitions and a 1/5-size synthetic store (about 6)
    make bench

Measures two stores, each built by the real ``kenpo.build.store.build`` into a temporary folder:

* ``real``      – built from data/;
* ``synthetic`` – SYNTHETIC national-scale CSVs written by bench/synthetic.py into a temporary
  folder (the real CSVs plus 47 branches x 10 FY x 12 months x 100 metrics of made-up rows);
  never written into data/.

and, for reference, an empty Streamlit page (``st.title`` only) in the browser.
Prints tables, writes bench/results/latest.json and bench/results/latest.md (the previous
latest.json is read first: some figures are shown against the previous run). Loopback only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# AppTest outside a server warns on every cache clear; keep the benchmark's output readable.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.chdir(ROOT)

import duckdb  # noqa: E402
import streamlit.logger  # noqa: E402
import synthetic  # noqa: E402

from kenpo import derived, navigation  # noqa: E402
from kenpo.build.store import build  # noqa: E402
from kenpo.paths import DATA_DIR  # noqa: E402
from kenpo.sql_files import intermediate_names, relation_names, sql_files  # noqa: E402
from tests.serve import CHROMIUM, CHROMIUM_ARGS, dashboard  # noqa: E402

streamlit.logger.set_log_level("error")
for _name in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils.script_run_context"):
    import logging

    logging.getLogger(_name).addFilter(lambda record: record.levelno >= logging.ERROR)

RESULTS = ROOT / "bench" / "results"
APP = ROOT / "app.py"

# Targets (medians on the 2-core reference machine).
TARGET_VIEW_MS = {"real": 20.0, "synthetic": 100.0}
TARGET_CHART_S = 1.5  # warm reload of a deep link -> first chart or card
TARGET_COLD_S = 1.5  # cold first load of a page (new browser context) -> first chart or card
TARGET_CHANGE_MEDIAN_MS = 250.0  # filter change -> new chart drawn, per page
TARGET_CHANGE_P95_MS = 500.0
TARGET_SESSION_MB = 30.0

GUNMA_SOURCE = "002_3cca3b27335fda2a.txt"
SYN_BRANCH, SYN_METRIC = "東京", synthetic.metric_name(1)  # a % metric with 10 fiscal years of months

# Page variants: a deep link to a main view of each page, plus the data page as the
# sidebar opens it (no filter). params per store. Under AppTest and for warm reloads; the cold loads
# and filter changes take every page of kenpo.navigation, as its menu link opens it.
PAGES: list[dict] = [
    {"name": "home", "slug": "home", "path": "", "params": {}},
    {"name": "insurers", "slug": "insurers", "params": {}},
    {"name": "declarations", "slug": "declarations", "params": {"declaration": "宣言2"}},
    {"name": "national", "slug": "national", "params": {"view": "推移", "metric": "加入者数"}},
    {"name": "national_kpi", "slug": "national", "params": {"view": "KPI"}},
    {
        "name": "branch_monthly",
        "slug": "branch_monthly",
        "params": {"branch": "群馬", "metric": "郵送化率", "basis": "単月"},
        "synthetic": {"branch": SYN_BRANCH, "metric": SYN_METRIC, "basis": "単月"},
    },
    {
        "name": "branch_vs_national",
        "slug": "branch_vs_national",
        "params": {"branch": "三重", "view": "指標別", "metric": "特定保健指導実施率（被保険者）"},
        "synthetic": {"branch": SYN_BRANCH, "view": "指標別", "metric": SYN_METRIC},
    },
    {
        "name": "branch_kpi_matrix",
        "slug": "branch_vs_national",
        "params": {"branch": "三重", "view": "KPI一覧"},
        "synthetic": {"branch": SYN_BRANCH, "view": "KPI一覧"},
    },
    {"name": "data", "slug": "data", "params": {"source": GUNMA_SOURCE}},
    {"name": "data_unfiltered", "slug": "data", "params": {}, "heavy": True},
]

# "First chart or card visible": a Vega chart's SVG or canvas, a metric card, or a table's canvas
# (the data page shows a table, no chart), in the main area.
FIRST_VISIBLE_JS = """() => !!(document.querySelector('[data-testid="stMain"]') || document).querySelector(
  '[data-testid="stVegaLiteChart"] .marks, [data-testid="stMetric"], [data-testid="stDataFrame"] canvas')"""
FLOOR_JS = """() => { const h = document.querySelector('[data-testid="stApp"] h1'); return !!h && h.textContent.includes('floor'); }"""
ERROR_JS = (
    """() => document.querySelectorAll('[data-testid="stException"], [data-testid="stAlertContentError"]').length"""
)

FLOOR_APP = 'import streamlit as st\n\nst.title("floor")\n'


class Config:
    def __init__(self, quick: bool):
        self.quick = quick
        self.query_runs = 10 if quick else 50
        self.query_budget_s = 0.6 if quick else 2.0  # per query; at least query_min_runs
        self.query_min_runs = 5
        self.page_warm_runs = 5 if quick else 40
        self.page_budget_s = 6.0 if quick else 20.0  # warm runs of one page stop after this
        self.browser_cold = 2 if quick else 5  # cold first loads per page (new browser context each)
        self.browser_warm = 2 if quick else 3  # warm reloads per deep link
        self.filter_changes = 6 if quick else 20  # timed filter changes per page
        self.browser_timeout_ms = 60_000 if quick else 90_000
        self.change_timeout_ms = 20_000
        self.sessions = 10
        self.shape = synthetic.Shape(metrics=20) if quick else synthetic.Shape()


# -- small helpers ---------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "median_ms": statistics.median(ms),
        "p95_ms": pct(ms, 95),
        "min_ms": min(ms),
        "max_ms": max(ms),
    }


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def timed_loop(fn: Callable[[], object], runs: int, budget_s: float, min_runs: int) -> list[float]:
    """Run fn up to ``runs`` times, stopping once ``budget_s`` is spent and ``min_runs`` are done."""
    times: list[float] = []
    start = time.perf_counter()
    for i in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
        if i + 1 >= min_runs and time.perf_counter() - start > budget_s:
            break
    return times


def params_for(page: dict, store: str) -> dict:
    return page.get(store, page["params"]) if store == "synthetic" else page["params"]


def page_url(base: str, page: dict, store: str) -> str:
    from urllib.parse import urlencode

    path = page.get("path", page["slug"])
    query = urlencode(params_for(page, store))
    return f"{base}/{path}" + (f"?{query}" if query else "")


# -- 1. build ---------------------------------------------------------------------------------
def build_store(store: str, tmp: Path, cfg: Config) -> tuple[Path, dict]:
    db = tmp / f"{store}.duckdb"
    info: dict = {}
    data_dir = DATA_DIR
    if store == "synthetic":
        data_dir = tmp / "synthetic_data"
        t = time.perf_counter()
        info.update(synthetic.write(data_dir, cfg.shape))
        info["generate_s"] = time.perf_counter() - t
        info["shape"] = cfg.shape.label()
    t = time.perf_counter()
    result = build(db, data_dir)
    info["build_s"] = time.perf_counter() - t
    info["fact_rows"] = result.fact_rows
    info["store_mb"] = db.stat().st_size / 1e6
    return db, info


# -- 2. queries -------------------------------------------------------------------------------
def app_query_calls(store: str) -> list[tuple[str, Callable]]:
    """The queries kenpo/queries.py runs, with the parameters of the benchmarked deep links."""
    from kenpo import queries as Q

    if store == "synthetic":
        branch_m, metric_m, basis = SYN_BRANCH, SYN_METRIC, "単月"
        branch_c, metric_c = SYN_BRANCH, SYN_METRIC
        direction_source = synthetic.SOURCE
    else:
        branch_m, metric_m, basis = "群馬", "郵送化率", "単月"
        branch_c, metric_c = "三重", "特定保健指導実施率（被保険者）"
        direction_source = GUNMA_SOURCE
    return [
        ("store_version", None),  # kenpo.connection.store_version, run by every page
        ("sources", Q.sources),
        ("datasets", Q.datasets),
        ("facts(source)", lambda: Q.facts(source=GUNMA_SOURCE)),
        ("facts(no filter, page limit)", lambda: Q.facts(limit=Q.DATA_PAGE_ROW_LIMIT)),
        ("facts_count(no filter)", lambda: Q.facts_count()),
        ("fact_dimensions", Q.fact_dimensions),
        ("facts(search, page limit)", lambda: Q.facts(q="カバー率", limit=Q.DATA_PAGE_ROW_LIMIT)),
        ("fact_dimensions(search)", lambda: Q.fact_dimensions("カバー率")),
        ("metric_aliases", Q.metric_aliases),
        ("monthly_branches", Q.monthly_branches),
        ("monthly_metrics", lambda: Q.monthly_metrics(branch_m)),
        ("monthly_series", lambda: Q.monthly_series(branch_m, metric_m, basis)),
        ("printed_year_figures", lambda: Q.printed_year_figures(branch_m, metric_m)),
        ("printed_figures", lambda: Q.printed_figures([direction_source], [metric_m])),  # a download's printed text
        ("metric_direction", lambda: Q.metric_direction(direction_source, metric_m)),
        ("comparison_branches", Q.comparison_branches),
        ("comparison_metrics", lambda: Q.comparison_metrics(branch_c)),
        ("branch_vs_national", lambda: Q.branch_vs_national(branch_c, metric_c)),
        ("kpi_matrix", lambda: Q.kpi_matrix(branch_c)),
        ("national_series_metrics", Q.national_series_metrics),
        ("national_series", lambda: Q.national_series("加入者数")),
        ("national_monthly_metrics", Q.national_monthly_metrics),
        ("national_monthly", lambda: Q.national_monthly(["新規加入者数", "資格喪失者数"])),
        ("national_kpi", Q.national_kpi),
        ("kpi_status_summary", Q.kpi_status_summary),
        ("health_check_counts", Q.health_check_counts),
        ("headlines", Q.headlines),
        ("insurer_landscape", Q.insurer_landscape),
        ("establishment_sizes", Q.establishment_sizes),
        ("survey_response", Q.survey_response),
        ("declaration_progress", Q.declaration_progress),
        ("declaration_outcomes", Q.declaration_outcomes),
    ]


def capture_sql(store: str) -> list[tuple[str, str, tuple]]:
    """(label, sql, params) of each query function, captured by swapping queries.run."""
    import pandas as pd

    from kenpo import queries as Q

    captured: list[tuple[str, tuple]] = []

    def recorder(sql: str, *params):
        captured.append((sql, params))
        # The functions only index a column of the result ("branch", "n", …) or test .empty.
        return pd.DataFrame({"branch": ["x"], "n": [0], "direction": ["higher"], "version": ["x"], "metric": ["x"]})

    calls = []
    original = Q.run
    Q.run = recorder
    try:
        for label, fn in app_query_calls(store):
            if fn is None:
                calls.append((label, "SELECT version FROM store_meta", ()))
                continue
            captured.clear()
            fn()
            sql, params = captured[-1]
            calls.append((label, sql, params))
    finally:
        Q.run = original
    return calls


def sql_view_names() -> list[str]:
    """Every mart (sql/marts), in build order: what the pages read (views, or tables when the file is
    marked materialised; the name is the same either way). Staging views are read by the marts
    only, so their cost is in the marts' figures."""
    return relation_names(sql_files(layers=("marts",)))


# How the dashboard reads each view: the filter a page puts on it (branch, metric, document),
# with the benchmarked deep links' parameters per store. Views a page reads whole (national
# tables, catalogues) have none. The view-query targets apply to these queries. A whole scan
# of a view (every row into pandas) is measured too and reported apart, without a target: on
# the synthetic store it moves up to 1.3 million rows, which no page ever asks for.
VIEW_FILTERS: dict[str, tuple[str, dict[str, tuple]]] = {
    "facts": ("scope = ? AND metric = ?", {"real": ("群馬", "郵送化率"), "synthetic": (SYN_BRANCH, SYN_METRIC)}),
    "yearly_figures": (
        "scope = ? AND metric = ?",
        {"real": ("三重", "特定保健指導実施率（被保険者）"), "synthetic": (SYN_BRANCH, SYN_METRIC)},
    ),
    "year_over_year": (
        "scope = ? AND metric = ? AND basis = ?",
        {"real": ("群馬", "郵送化率", "単月"), "synthetic": (SYN_BRANCH, SYN_METRIC, "単月")},
    ),
    "branch_vs_national": (
        "branch = ? AND metric = ?",
        {"real": ("三重", "特定保健指導実施率（被保険者）"), "synthetic": (SYN_BRANCH, SYN_METRIC)},
    ),
    "branch_monthly_series": (
        "scope = ? AND metric = ? AND basis = ?",
        {"real": ("群馬", "郵送化率", "単月"), "synthetic": (SYN_BRANCH, SYN_METRIC, "単月")},
    ),
    "printed_year_figures": (
        "scope = ? AND metric = ?",
        {"real": ("群馬", "保険証回収率"), "synthetic": (SYN_BRANCH, SYN_METRIC)},
    ),
    "branch_monthly_metrics": ("branch = ?", {"real": ("群馬",), "synthetic": (SYN_BRANCH,)}),
    "comparison_metrics": ("branch = ?", {"real": ("三重",), "synthetic": (SYN_BRANCH,)}),
    "national_series": ("metric = ?", {"real": ("加入者数",), "synthetic": ("加入者数",)}),
    "metric_directions": (
        "source = ? AND metric = ?",
        {"real": (GUNMA_SOURCE, "郵送化率"), "synthetic": (synthetic.SOURCE, SYN_METRIC)},
    ),
    "statuses": ("scope = ?", {"real": ("群馬",), "synthetic": (SYN_BRANCH,)}),
    "metric_catalogue": ("source = ?", {"real": (GUNMA_SOURCE,), "synthetic": (synthetic.SOURCE,)}),
    "facts_browser": ("source = ? LIMIT 5000", {"real": (GUNMA_SOURCE,), "synthetic": (synthetic.SOURCE,)}),
}


def view_query(view: str, store: str) -> tuple[str, tuple]:
    """The SQL and parameters of a view as the dashboard reads it (see VIEW_FILTERS)."""
    if view not in VIEW_FILTERS:
        return f"SELECT * FROM {view}", ()  # noqa: S608 - names from sql/staging and sql/marts
    where, params = VIEW_FILTERS[view]
    return f"SELECT * FROM {view} WHERE {where}", params[store]  # noqa: S608


def bench_queries(db: Path, store: str, cfg: Config) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET enable_progress_bar = false")
    out: dict = {"views": {}, "app_queries": {}, "full_scans": {}}

    def measure(sql: str, params: tuple) -> dict:
        def once():
            cur = con.cursor()
            try:
                return cur.execute(sql, list(params)).df()
            finally:
                cur.close()

        t = time.perf_counter()
        frame = once()
        first = time.perf_counter() - t
        times = timed_loop(once, cfg.query_runs, cfg.query_budget_s, cfg.query_min_runs)
        return {**summary(times), "first_ms": first * 1000, "rows": len(frame)}

    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    intermediates = set(intermediate_names())
    for view in sql_view_names():
        stored = "table" if view in tables else "view"
        sql, params = view_query(view, store)
        out["views"][view] = {
            **measure(sql, params),
            "stored_as": stored,
            "intermediate": view in intermediates,
            "sql": sql,
            "params": [str(p) for p in params],
        }
        out["full_scans"][view] = {**measure(f"SELECT * FROM {view}", ()), "stored_as": stored}  # noqa: S608
    for label, sql, params in capture_sql(store):
        out["app_queries"][label] = {**measure(sql, params), "params": [str(p) for p in params]}
    con.close()
    return out


# -- 3. AppTest page runs -------------------------------------------------------------------
def apptest_run(app: Path, slug: str | None, params: dict, cfg: Config, runs: int | None = None) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    derived.clear()
    at = AppTest.from_file(str(app), default_timeout=600)
    if slug:
        at.switch_page(f"pages/{slug}.py")
    for key, value in params.items():
        at.query_params[key] = str(value)
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    problems = [str(e.value)[:200] for e in at.exception] + [str(e.value)[:200] for e in at.error]
    warm = timed_loop(at.run, runs or cfg.page_warm_runs, cfg.page_budget_s, 3)
    problems += [str(e.value)[:200] for e in at.exception]
    res = {
        "first_ms": first * 1000,
        **{f"warm_{k}": v for k, v in summary(warm).items()},
        "charts": len(at.get("vega_lite_chart")),
        "problems": problems,
    }
    return res


def bench_pages(db: Path, store: str, cfg: Config, frame_script: Path) -> tuple[dict, dict]:
    """Each page's AppTest runs in PROCESSES fresh interpreters; per page the median of their figures.

    No target: a warm AppTest run measures Streamlit's cost per element in a test harness, not what a
    user waits for (the browser figures do). It is reported against the previous run, so that a
    regression shows. A run's time moves between interpreters (AppTest polls for the end of a run
    every millisecond; hash seed and memory layout differ), hence the median over processes."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--pages-worker",
        json.dumps({"db": str(db), "store": store, "quick": cfg.quick, "frame": str(frame_script)}),
    ]
    runs = [
        json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout) for _ in range(PROCESSES)
    ]
    out = {}
    for name in [page["name"] for page in PAGES] + [FRAME]:
        each = [r[name] for r in runs]
        out[name] = {
            "first_ms": statistics.median(e["first_ms"] for e in each),
            "warm_median_ms": statistics.median(e["warm_median_ms"] for e in each),
            "warm_ms_per_process": [round(e["warm_median_ms"], 2) for e in each],
            "charts": each[0]["charts"],
            "problems": sorted({p for e in each for p in e["problems"]}),
        }
    return {name: out[name] for name in out if name != FRAME}, out[FRAME]


PROCESSES = 3


FRAME = "(frame)"


def pages_worker(spec: str) -> int:
    """``--pages-worker``: one process's page runs (bench_pages starts PROCESSES of these), as JSON."""
    job = json.loads(spec)
    out = _pages_here(Path(job["db"]), job["store"], Config(job["quick"]), Path(job["frame"]))
    print(json.dumps(out))
    return 0


def _pages_here(db: Path, store: str, cfg: Config, frame_script: Path) -> dict:
    os.environ["KENPO_DB"] = str(db)
    out = {}
    # One untimed run first so module imports (altair, pandas, kenpo) are not charged to a page.
    apptest_run(APP, "home", {}, cfg, runs=1)
    for page in PAGES:
        log(f"  AppTest {store} {page['name']}")
        runs = (1 if store == "synthetic" else 3) if page.get("heavy") and cfg.quick else None
        out[page["name"]] = apptest_run(APP, page["slug"], params_for(page, store), cfg, runs=runs)
    out[FRAME] = apptest_run(frame_script, "home", {}, cfg)
    return out


FRAME_PAGE = (
    '"""The frame every kenpo page draws, and nothing else (a benchmark reference, never served)."""\n'
    "from kenpo import page\n\n"
    'page.start("home", "概要", "ページの説明の一行。")\n'
)


def frame_app(tmp: Path) -> Path:
    """For reference (no target): a copy of the app whose home page draws only the kenpo page frame
    (page config, the menu, the presenter toggle, the title, the address update), measured like the
    pages. It shows what every page costs before any filter, chart or table."""
    app_dir = tmp / "frame_app"
    (app_dir / "pages").mkdir(parents=True, exist_ok=True)
    (app_dir / "app.py").write_text(APP.read_text(encoding="utf-8"), encoding="utf-8")
    for source in (ROOT / "pages").glob("*.py"):
        (app_dir / "pages" / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (app_dir / "pages" / "home.py").write_text(FRAME_PAGE, encoding="utf-8")
    return app_dir / "app.py"


# -- 4. browser ------------------------------------------------------------------------------
def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc; psutil is not installed)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def rss_kb(pid: int) -> int:
    """VmRSS of ``pid`` and all its descendants, in kB."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) the server has used so far, in ms: utime + stime of ``pid`` and of
    its live descendants, plus cutime + cstime (children that have ended and been waited for)."""
    ticks = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is field 3 (state) of proc(5): utime, stime, cutime, cstime are fields 14–17
        ticks += sum(int(f) for f in fields[11:15])
    return ticks * 1000 / CLOCK_TICKS


def serve_script(script: Path):
    """``streamlit run script`` on 127.0.0.1 with the project's settings (for the floor app)."""
    return dashboard(None, script=script)


def slug_url(base: str, slug: str) -> str:
    """A page's address as its menu link opens it (no parameters; the default page is /)."""
    return f"{base}/{'' if slug == navigation.DEFAULT else slug}"


def load(page, url: str, ready_js: str, timeout_ms: int) -> float | None:
    """Seconds from navigation start (the new document's performance.timeOrigin) until ``ready_js``
    holds, read in the page at the animation frame where it first does.

    None when it never does (timeout) or Streamlit shows an exception / error box instead.
    """
    from playwright.sync_api import TimeoutError as PwTimeout

    js = f"() => ({ERROR_JS})() > 0 ? -1 : (({ready_js})() ? performance.now() : 0)"
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        at = page.wait_for_function(js, timeout=timeout_ms, polling="raf").json_value()
    except PwTimeout:
        return None
    return None if at < 0 else round(at / 1000, 3)


def new_tab(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    return ctx, ctx.new_page()


def median_or_none(xs: list) -> float | None:
    """The median, or None when a run failed (a timeout or an error box counts as a miss)."""
    return statistics.median(xs) if xs and all(x is not None for x in xs) else None


def cold_loads(browser, url: str, ready_js: str, runs: int, timeout_ms: int) -> dict:
    """Each load in a new browser context: empty browser cache, new Streamlit session."""
    times = []
    for _ in range(runs):
        ctx, tab = new_tab(browser)
        try:
            times.append(load(tab, url, ready_js, timeout_ms))
        finally:
            ctx.close()
        if times[-1] is None:
            break
    median = median_or_none(times)
    return {"runs_s": times, "median_s": None if median is None else round(median, 3)}


def warm_loads(browser, url: str, ready_js: str, runs: int, timeout_ms: int) -> dict:
    """One tab loads the page once (not counted), then again ``runs`` times: browser cache and
    server caches warm, a new session each time (a reload)."""
    ctx, tab = new_tab(browser)
    times: list = []
    errors = 0
    try:
        if load(tab, url, ready_js, timeout_ms) is not None:
            for _ in range(runs):
                times.append(load(tab, url, ready_js, timeout_ms))
                if times[-1] is None:
                    break
            tab.wait_for_timeout(300)
            errors = tab.evaluate(ERROR_JS)
        else:
            times = [None]
    finally:
        ctx.close()
    median = median_or_none(times)
    return {"runs_s": times, "median_s": None if median is None else round(median, 3), "error_elements": errors}


# A filter change, as a user makes it: click the sidebar select open, click an option. ARM_JS runs
# before each change: it notes each Vega chart's graphic (its SVG, with the SVG's text: title, axes,
# labels) or, on a page without a chart, the table's text, and from then on the time of the pointer
# release on an option. DRAWN_JS holds once that change has been drawn: nothing left stale from the
# previous run, the Streamlit status widget idle (absent or fading out), and
# * on a page with charts: every chart shows a graphic that was not there before (vega-embed
#   replaces the SVG when the spec changes) or whose text has changed, with its marks in it;
# * on a page whose content is a table (データ): the grid has drawn, on its canvas, a cell text that
#   the table did not show before (GRID_HOOK_JS sees what the canvas draws; the grid's accessible
#   copy of its cells in the DOM is written some 200 ms after the canvas, so it would overstate);
# * or an info / warning box stands where the charts were ("no chart": the option is not used).
# It returns [what, ms from the option's release to the first animation frame where all holds].
ARM_JS = """() => {
  const OPTION_TARGETS = '[role="option"], [data-testid="stRadioOption"], [data-testid="stButtonGroup"] button';
  const k = window.__kenpoBench = window.__kenpoBench || {};
  if (!k.listening) {
    k.listening = true;
    document.addEventListener('pointerup', (e) => {
      if (e.target.closest && e.target.closest(OPTION_TARGETS)) k.clickAt = performance.now();
    }, true);
  }
  const main = document.querySelector('[data-testid="stMain"]') || document;
  k.clickAt = undefined;
  k.old = new Map();
  for (const g of main.querySelectorAll('[data-testid="stVegaLiteChart"] .marks')) k.old.set(g, g.textContent);
  const table = main.querySelector('[data-testid="stDataFrame"]');
  k.tableText = table ? table.textContent : undefined;
  k.newCellAt = undefined;
}"""
# Installed in the tab before the app's scripts: notes when, after an option's release, a canvas
# first draws a text that the table's DOM text (kept at ARM_JS) does not contain.
GRID_HOOK_JS = """(() => {
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    const k = window.__kenpoBench;
    if (k && k.clickAt !== undefined && k.newCellAt === undefined && k.tableText !== undefined) {
      const s = String(text).trim();
      if (s && !k.tableText.includes(s)) k.newCellAt = performance.now();
    }
    return fillText.call(this, text, ...rest);
  };
})()"""
IDLE_JS = """() => {
  if (document.querySelector('[data-stale="true"]')) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  return !status || /StatusWidget-exit/.test(status.className);
}"""
DRAWN_JS = f"""() => {{
  const k = window.__kenpoBench;
  if (k.clickAt === undefined || !({IDLE_JS})()) return false;
  const main = document.querySelector('[data-testid="stMain"]') || document;
  let what = null;
  const charts = [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  const table = main.querySelector('[data-testid="stDataFrame"]');
  if (main.querySelector('[data-testid="stException"], [data-testid="stAlertContentError"]')) {{
    what = 'error';
  }} else if (charts.length) {{
    const graphics = charts.map((c) => c.querySelector('.marks'));
    const drawn = (g) => g && (g.tagName !== 'svg' || g.querySelector('.mark-group'));
    if (graphics.every((g) => drawn(g) && (!k.old.has(g) || k.old.get(g) !== g.textContent))) what = 'chart';
  }} else if (k.old.size === 0 && k.tableText !== undefined) {{
    if (table && k.newCellAt !== undefined) what = 'table';
  }} else if (k.old.size > 0 && main.querySelector('[data-testid="stAlert"]')) {{
    what = 'no chart';
  }}
  return what ? [what, performance.now() - k.clickAt] : false;
}}"""
# Settled: idle, and the main area (its text and its charts' graphics) unchanged for ``quiet`` ms.
SETTLED_JS = f"""(quiet) => {{
  const k = window.__kenpoBench = window.__kenpoBench || {{}};
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const now = performance.now();
  const graphics = [...main.querySelectorAll('[data-testid="stVegaLiteChart"] .marks')];
  if (graphics.some((g) => !g.__kenpoSeen)) {{ graphics.forEach((g) => {{ g.__kenpoSeen = true; }}); k.quietSince = now; }}
  const text = main.textContent + document.querySelectorAll('[data-stale="true"]').length;
  if (text !== k.settleText) {{ k.settleText = text; k.quietSince = now; }}
  return ({IDLE_JS})() && now - k.quietSince >= quiet;
}}"""
# What an option shows, to keep only options that look different from each other (a change
# between two options that draw the same table would never be seen as drawn).
SHOWN_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const charts = [...main.querySelectorAll('[data-testid="stVegaLiteChart"] .marks')];
  if (charts.length) return 'chart:' + charts.map((g) => g.textContent).join('|');
  const table = main.querySelector('[data-testid="stDataFrame"]');
  return table ? 'table:' + table.textContent : 'none';
}"""
# The sidebar's single-choice filters, whatever widget kenpo.filters chose for the list: a selectbox
# (a list that opens), radio buttons, or a segmented control (buttons).
SELECTS = ", ".join(
    f'[data-testid="stSidebar"] [data-testid="{k}"]' for k in ("stSelectbox", "stRadio", "stButtonGroup")
)
OPTIONS = '[role="listbox"] [role="option"]'


def open_select(tab, box) -> list[str]:
    """Click the select open; the texts of the options it lists."""
    box.locator("input").click()
    tab.locator(OPTIONS).first.wait_for(timeout=10_000)
    return [t.strip() for t in tab.locator(OPTIONS).all_inner_texts()]


def filter_options(tab, box) -> tuple[list[str], str | None]:
    """A single-choice filter's options and the one chosen (options [] for a multiple choice)."""
    kind = box.get_attribute("data-testid")
    if kind == "stSelectbox":
        options = open_select(tab, box)
        current = tab.locator(f'{OPTIONS}[aria-selected="true"]').all_inner_texts()
        tab.keyboard.press("Escape")
        tab.locator(OPTIONS).first.wait_for(state="detached", timeout=10_000)
        return options, (current[0].strip() if current else None)
    if kind == "stRadio":
        items = box.locator('[data-testid="stRadioOption"]')
        options = [t.strip() for t in items.all_inner_texts()]
        checked = [options[i] for i in range(len(options)) if items.nth(i).locator("input").is_checked()]
        return options, (checked[0] if checked else None)
    buttons = box.locator('[role="radiogroup"] button')  # a segmented control (pills are a toolbar)
    options = [t.strip() for t in buttons.all_inner_texts()]
    current = box.locator('[role="radiogroup"] button[aria-checked="true"]').all_inner_texts()
    return options, (current[0].strip() if current else None)


def pick(tab, box, option: str) -> None:
    """Choose ``option`` in a single-choice filter, as a user does (click)."""
    kind = box.get_attribute("data-testid")
    if kind == "stSelectbox":
        open_select(tab, box)
        tab.get_by_role("option", name=option, exact=True).click()
    elif kind == "stRadio":
        box.locator('[data-testid="stRadioOption"]').get_by_text(option, exact=True).click()
    else:
        box.get_by_role("radio", name=option, exact=True).click()


def settle(tab, quiet_ms: int, timeout_ms: int) -> None:
    tab.evaluate("() => { const k = window.__kenpoBench = window.__kenpoBench || {}; k.settleText = undefined; }")
    tab.wait_for_function(SETTLED_JS, arg=quiet_ms, timeout=timeout_ms, polling=50)


def first_filter(tab) -> tuple[int, str, list[str], str] | None:
    """The page's first sidebar single-choice filter with two options or more: (index, label,
    options, current)."""
    boxes = tab.locator(SELECTS)
    for i in range(boxes.count()):
        box = boxes.nth(i)
        options, current = filter_options(tab, box)
        if len(options) >= 2:
            label = box.locator('[data-testid="stWidgetLabel"]').first.inner_text().strip()
            return i, label, options, (current or options[0])
    return None


def change_filter(tab, box, option: str, timeout_ms: int) -> tuple[str, float | None]:
    """Choose ``option`` in ``box`` as a user does; (what was drawn, ms until drawn): see DRAWN_JS."""
    from playwright.sync_api import TimeoutError as PwTimeout

    tab.evaluate(ARM_JS)
    pick(tab, box, option)
    try:
        what, ms = tab.wait_for_function(DRAWN_JS, timeout=timeout_ms, polling="raf").json_value()
    except PwTimeout:
        return "timeout", None
    return what, ms


def filter_changes(browser, url: str, cfg: Config, pid: int) -> dict:
    """Warm filter changes on one page, in one tab (the page as its menu link opens it).

    The filter: the page's first sidebar single-choice filter with two options or more. Warm-up, untimed: its
    options are chosen in list order (after the one shown on arrival), keeping up to FILTER_OPTIONS
    that draw a chart (or, on the data page, a table) different from the others', so the server's
    caches hold every choice. Then ``cfg.filter_changes`` timed changes cycle through the kept
    options, each followed by a pause until the page has been quiet for 200 ms (not counted). The
    server's CPU time over the timed changes (pauses included: the server is idle then), per change."""
    ctx, tab = new_tab(browser)
    ctx.add_init_script(GRID_HOOK_JS)
    try:
        if load(tab, url, FIRST_VISIBLE_JS, cfg.browser_timeout_ms) is None:
            return {"filter": None, "error": "page did not load"}
        settle(tab, 500, cfg.browser_timeout_ms)
        found = first_filter(tab)
        if found is None:
            return {"filter": None}
        index, label, options, current = found
        box = tab.locator(SELECTS).nth(index)
        cycle, skipped, shown = [current], [], {tab.evaluate(SHOWN_JS)}
        for option in [o for o in options if o != current][:FILTER_CANDIDATES]:
            pick(tab, box, option)
            settle(tab, 500, cfg.change_timeout_ms)
            looks = tab.evaluate(SHOWN_JS)
            if looks == "none" or looks in shown or tab.evaluate(ERROR_JS):
                skipped.append(option)
                continue
            shown.add(looks)
            cycle.append(option)
            current = option
            if len(cycle) == FILTER_OPTIONS:
                break
        res: dict = {"filter": label, "options": cycle, "skipped": skipped}
        if len(cycle) < 2:
            res["error"] = "fewer than two options draw a chart"
            return res
        times: list[float] = []
        failures: list[dict] = []
        cpu_before = cpu_ms(pid)
        for _ in range(cfg.filter_changes):
            option = cycle[(cycle.index(current) + 1) % len(cycle)]
            what, ms = change_filter(tab, box, option, cfg.change_timeout_ms)
            if ms is None or what not in ("chart", "table"):
                failures.append({"option": option, "outcome": what})
                break
            times.append(ms)
            current = option
            settle(tab, 200, cfg.change_timeout_ms)
        cpu = cpu_ms(pid) - cpu_before
        res.update(
            {
                "changes_ms": [round(t, 1) for t in times],
                "failures": failures,
                "drawn": what,
                "cpu_ms_per_change": round(cpu / len(times), 1) if times else None,
            }
        )
        if times:
            res.update({"median_ms": round(statistics.median(times), 1), "p95_ms": round(pct(times, 95), 1)})
        return res
    finally:
        ctx.close()


FILTER_OPTIONS = 3  # options a filter cycles through (fewer when it has fewer)
FILTER_CANDIDATES = 6  # options tried, in list order, to find them


def bench_browser(db: Path, store: str, cfg: Config) -> dict:
    """On one server: per page of the app (kenpo.navigation.slugs()), cold first loads and warm filter
    changes; per benchmarked deep link (PAGES), warm reloads. Then the memory, on a fresh server."""
    from playwright.sync_api import sync_playwright

    out: dict = {"user": {}, "pages": {}}
    with dashboard(db) as (url, proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for slug in navigation.slugs():
                log(f"  browser {store} {slug}: cold loads, filter changes")
                out["user"][slug] = {
                    "cold": cold_loads(
                        browser, slug_url(url, slug), FIRST_VISIBLE_JS, cfg.browser_cold, cfg.browser_timeout_ms
                    ),
                    "filter": filter_changes(browser, slug_url(url, slug), cfg, proc.pid),
                }
            for page in PAGES:
                log(f"  browser {store} {page['name']}: warm reloads")
                heavy = page.get("heavy") and store == "synthetic"
                out["pages"][page["name"]] = warm_loads(
                    browser,
                    page_url(url, page, store),
                    FIRST_VISIBLE_JS,
                    1 if heavy else cfg.browser_warm,
                    cfg.browser_timeout_ms,
                )
        finally:
            browser.close()
    log(f"  memory {store}")
    out["memory"] = bench_memory(db, store, cfg)
    return out


def bench_memory(db: Path, store: str, cfg: Config) -> dict:
    """Server RSS with 1, 10 and 20 tabs open (a fresh server; tabs cycle through the pages)."""
    from playwright.sync_api import sync_playwright

    pages = [p for p in PAGES if not p.get("heavy")]
    order = [pages[i % len(pages)] for i in range(2 * cfg.sessions)]
    res: dict = {}
    with dashboard(db) as (url, proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            time.sleep(1.0)
            res["idle_mb"] = rss_kb(proc.pid) / 1024
            ctx = browser.new_context(viewport={"width": 1280, "height": 720})
            tabs = []
            for n, page in enumerate(order, start=1):
                tab = ctx.new_page()
                tabs.append(tab)
                if load(tab, page_url(url, page, store), FIRST_VISIBLE_JS, cfg.browser_timeout_ms) is None:
                    res.setdefault("timeouts", []).append(page["name"])
                if n in (1, cfg.sessions, 2 * cfg.sessions):
                    time.sleep(1.5)
                    res[f"rss_{n}_mb"] = rss_kb(proc.pid) / 1024
            ctx.close()
        finally:
            browser.close()
    n = cfg.sessions
    res["per_extra_session_mb"] = (res[f"rss_{n}_mb"] - res["rss_1_mb"]) / (n - 1)
    res["per_session_warm_cache_mb"] = (res[f"rss_{2 * n}_mb"] - res[f"rss_{n}_mb"]) / n
    res["tabs"] = [p["name"] for p in order]
    return res


# -- 5. floor ---------------------------------------------------------------------------------
def bench_floor(tmp: Path, cfg: Config) -> dict:
    """For reference, no target: an empty Streamlit page (st.title only) in the browser, and its
    server's idle memory: what Streamlit itself costs before any kenpo code."""
    from playwright.sync_api import sync_playwright

    app = tmp / "floor_app.py"
    app.write_text(FLOOR_APP, encoding="utf-8")
    out: dict = {}
    with serve_script(app) as (url, proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            out["browser"] = {
                "cold": cold_loads(browser, url + "/", FLOOR_JS, cfg.browser_cold, cfg.browser_timeout_ms),
                "warm": warm_loads(browser, url + "/", FLOOR_JS, cfg.browser_warm, cfg.browser_timeout_ms),
            }
            time.sleep(1.0)
            out["server_idle_mb"] = rss_kb(proc.pid) / 1024
        finally:
            browser.close()
    return out


# -- report -----------------------------------------------------------------------------------
def fmt(v, digits=1) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return str(v)


class Table:
    def __init__(self, title: str, columns: list[str]):
        self.title, self.columns, self.rows = title, columns, []

    def add(self, *cells) -> None:
        self.rows.append([c if isinstance(c, str) else fmt(c) for c in cells])

    def text(self) -> str:
        widths = [
            max(len(c), *(len(r[i]) for r in self.rows)) if self.rows else len(c) for i, c in enumerate(self.columns)
        ]
        line = "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(self.columns, widths)))
        out = [f"\n== {self.title} ==", line, "-" * len(line)]
        for r in self.rows:
            out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        return "\n".join(out)

    def markdown(self) -> str:
        out = [
            f"\n### {self.title}\n",
            "| " + " | ".join(self.columns) + " |",
            "|" + "|".join("---" if i == 0 else "---:" for i in range(len(self.columns))) + "|",
        ]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(out)


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def dig(tree, *keys):
    """tree[k1][k2]… or None when a level is missing (an older results file has other keys)."""
    for key in keys:
        if not isinstance(tree, dict) or key not in tree:
            return None
        tree = tree[key]
    return tree


def change(now, before, digits=1) -> str:
    """``+0.4 (+6%)``: now against the previous run's figure; — when there is none."""
    if now is None or before is None:
        return "—"
    diff = now - before
    pct_text = f" ({diff / before * 100:+.0f}%)" if before else ""
    return f"{diff:+,.{digits}f}{pct_text}"


def previous_label(previous: dict | None) -> str:
    if not previous:
        return "the previous run (none found)"
    meta = previous.get("meta", {})
    return f"the previous run ({meta.get('date', '?')}, {'QUICK' if meta.get('quick') else 'full'})"


def mark(ok) -> str:
    return "—" if ok is None else ("met" if ok else "MISSED")


def report(results: dict, previous: dict | None = None) -> tuple[list[Table], dict]:
    stores = [s for s in ("real", "synthetic") if s in results["stores"]]
    R = results["stores"]
    floor = results["floor"]
    tables: list[Table] = []
    targets: dict = {"misses": [], "summary": {}}

    t = Table("Store build", ["store", "fact rows", "store MB", "generate s", "build s"])
    for s in stores:
        b = R[s]["build"]
        t.add(s, f"{b['fact_rows']:,}", b["store_mb"], b.get("generate_s"), b["build_s"])
    if len(stores) == 2:
        t.add(
            "growth x",
            ratio(R["synthetic"]["build"]["fact_rows"], R["real"]["build"]["fact_rows"]),
            ratio(R["synthetic"]["build"]["store_mb"], R["real"]["build"]["store_mb"]),
            None,
            ratio(R["synthetic"]["build"]["build_s"], R["real"]["build"]["build_s"]),
        )
    tables.append(t)

    for group, title in (
        (
            "views",
            "View queries: each sql/staging and sql/marts relation as a page reads it (filtered by branch / metric / document where a page filters; [table] = materialised at build; [intermediate] = read only by a materialised mart at build, no page reads it, no target; .df(), plain read-only connection)",
        ),
        ("app_queries", "App queries: the SQL kenpo/queries.py runs, typical params"),
    ):
        cols = ["query"]
        for s in stores:
            cols += [f"{s} rows", f"{s} med ms", f"{s} p95 ms", f"{s} n"]
        cols += ["growth x"] if len(stores) == 2 else []
        cols += [f"target {s}" for s in stores]
        t = Table(title, cols)
        names = list(R[stores[0]]["queries"][group])
        for name in names:
            stored = R[stores[0]]["queries"][group][name].get("stored_as")
            intermediate = R[stores[0]]["queries"][group][name].get("intermediate", False)
            cells = [name + (" [table]" if stored == "table" else "") + (" [intermediate]" if intermediate else "")]
            for s in stores:
                q = R[s]["queries"][group].get(name, {})
                cells += [f"{q.get('rows', 0):,}", q.get("median_ms"), q.get("p95_ms"), str(q.get("n", ""))]
            if len(stores) == 2:
                cells.append(
                    ratio(
                        R["synthetic"]["queries"][group][name]["median_ms"],
                        R["real"]["queries"][group][name]["median_ms"],
                    )
                )
            for s in stores:
                if intermediate:  # read once at build time by a materialised mart: no page waits for it
                    cells.append(mark(None))
                    continue
                ok = R[s]["queries"][group][name]["median_ms"] <= TARGET_VIEW_MS[s]
                cells.append(mark(ok))
                key = f"{group} {s} ≤ {TARGET_VIEW_MS[s]:.0f} ms"
                targets["summary"].setdefault(key, [0, 0])
                targets["summary"][key][0 if ok else 1] += 1
                if not ok:
                    targets["misses"].append(
                        {"target": key, "what": name, "median_ms": round(R[s]["queries"][group][name]["median_ms"], 1)}
                    )
            t.add(*cells)
        tables.append(t)

    if all("full_scans" in R[s]["queries"] for s in stores):
        cols = ["view"] + sum([[f"{s} rows", f"{s} med ms"] for s in stores], [])
        cols += ["growth x"] if len(stores) == 2 else []
        t = Table(
            "Whole-view scans, for information (every row into pandas; no page reads a view whole, no target)", cols
        )
        for name in R[stores[0]]["queries"]["full_scans"]:
            cells = [name]
            for s in stores:
                q = R[s]["queries"]["full_scans"][name]
                cells += [f"{q['rows']:,}", q["median_ms"]]
            if len(stores) == 2:
                cells.append(
                    ratio(
                        R["synthetic"]["queries"]["full_scans"][name]["median_ms"],
                        R["real"]["queries"]["full_scans"][name]["median_ms"],
                    )
                )
            t.add(*cells)
        tables.append(t)

    cols = ["page"]
    for s in stores:
        cols += [f"{s} first ms", f"{s} warm ms", f"{s} vs previous"]
    cols += ["growth x"] if len(stores) == 2 else []
    t = Table(
        f"AppTest page run, no target: warm median of {results['config']['page_warm_runs']} reruns, then the "
        f"median over {PROCESSES} fresh processes; vs previous = change of the warm figure against "
        f"{previous_label(previous)}",
        cols,
    )
    rows = [
        (
            page["name"],
            lambda s, name=page["name"]: R[s]["pages"][name],
            lambda s, name=page["name"]: dig(previous, "stores", s, "pages", name, "warm_median_ms"),
        )
        for page in PAGES
    ]
    if all("frame" in R[s] for s in stores):  # reference row: the frame every page draws
        rows.append(
            (
                "(reference: the frame alone)",
                lambda s: R[s]["frame"],
                lambda s: dig(previous, "stores", s, "frame", "warm_median_ms"),
            )
        )
    for name, get, before in rows:
        cells = [name]
        for s in stores:
            p = get(s)
            cells += [p["first_ms"], p["warm_median_ms"], change(p["warm_median_ms"], before(s))]
            if p.get("problems"):
                targets["misses"].append(
                    {"target": f"AppTest page run {s} without exceptions", "what": name, "problems": p["problems"]}
                )
        if len(stores) == 2:
            cells.append(ratio(get("synthetic")["warm_median_ms"], get("real")["warm_median_ms"]))
        t.add(*cells)
    tables.append(t)

    if "browser" in floor and all("browser" in R[s] for s in stores):

        def tally(key: str, ok: bool, miss: dict) -> str:
            targets["summary"].setdefault(key, [0, 0])
            targets["summary"][key][0 if ok else 1] += 1
            if not ok:
                targets["misses"].append({"target": key, **miss})
            return mark(ok)

        cfg = results["config"]
        for s in stores:
            t = Table(
                f"Browser, {s} store, every page of the menu: cold load (median of {cfg['browser_cold']}, new "
                f"browser context each) -> first chart or card; filter change ({cfg['filter_changes']} per page) -> "
                f"new chart drawn; server CPU per change, vs {previous_label(previous)}",
                [
                    "page",
                    "cold load s",
                    f"target ≤ {TARGET_COLD_S:g} s",
                    "filter (options cycled)",
                    "n",
                    "median ms",
                    "p95 ms",
                    f"target median ≤ {TARGET_CHANGE_MEDIAN_MS:g} ms",
                    f"target p95 ≤ {TARGET_CHANGE_P95_MS:g} ms",
                    "server CPU ms / change",
                    "CPU vs previous",
                ],
            )
            fb = floor["browser"]["cold"]
            t.add("(reference: empty Streamlit page)", fmt(fb["median_s"], 2), "", "", "", "", "", "", "", "", "")
            for slug, u in R[s]["browser"]["user"].items():
                c, f = u["cold"], u["filter"]
                cells = [
                    slug,
                    fmt(c["median_s"], 2),
                    tally(
                        f"cold first load {s} ≤ {TARGET_COLD_S:g} s",
                        c["median_s"] is not None and c["median_s"] <= TARGET_COLD_S,
                        {"what": slug, "runs_s": c["runs_s"]},
                    ),
                ]
                if f.get("filter") is None and not f.get("error"):
                    t.add(*cells, "none: this page has no filter", "", "", "", "—", "—", "", "")
                    continue
                med, p95 = f.get("median_ms"), f.get("p95_ms")
                failed = bool(f.get("error") or f.get("failures"))
                miss = {
                    "what": slug,
                    "filter": f.get("filter"),
                    "median_ms": med,
                    "p95_ms": p95,
                    **({"error": f["error"]} if f.get("error") else {}),
                    **({"failures": f["failures"]} if f.get("failures") else {}),
                }
                cells += [
                    f"{f.get('filter')} ({' / '.join(f.get('options', []))})",
                    str(len(f.get("changes_ms", []))),
                    med,
                    p95,
                    tally(
                        f"filter change {s} median ≤ {TARGET_CHANGE_MEDIAN_MS:g} ms",
                        not failed and med is not None and med <= TARGET_CHANGE_MEDIAN_MS,
                        miss,
                    ),
                    tally(
                        f"filter change {s} p95 ≤ {TARGET_CHANGE_P95_MS:g} ms",
                        not failed and p95 is not None and p95 <= TARGET_CHANGE_P95_MS,
                        miss,
                    ),
                    f.get("cpu_ms_per_change"),
                    change(
                        f.get("cpu_ms_per_change"),
                        dig(previous, "stores", s, "browser", "user", slug, "filter", "cpu_ms_per_change"),
                    ),
                ]
                t.add(*cells)
            tables.append(t)

        cols = ["page"] + [f"{s} warm s" for s in stores] + (["growth x"] if len(stores) == 2 else [])
        cols += [f"target {s}" for s in stores]
        t = Table(
            f"Browser: warm reload of each benchmarked deep link -> first chart or card visible (median of "
            f"{cfg['browser_warm']} reloads in a tab that has loaded the page once)",
            cols,
        )
        fw = floor["browser"]["warm"]["median_s"]
        t.add(
            "(reference: empty Streamlit page)",
            *[fmt(fw, 2) for _ in stores],
            *([None] if len(stores) == 2 else []),
            *["" for _ in stores],
        )
        for page in PAGES:
            name = page["name"]
            b = {s: R[s]["browser"]["pages"][name] for s in stores}
            cells = [name] + [fmt(b[s]["median_s"], 2) for s in stores]
            if len(stores) == 2:
                cells.append(ratio(b["synthetic"]["median_s"], b["real"]["median_s"]))
            for s in stores:
                ok = b[s]["median_s"] is not None and b[s]["median_s"] <= TARGET_CHART_S and not b[s]["error_elements"]
                cells.append(
                    tally(
                        f"warm reload {s} ≤ {TARGET_CHART_S:g} s",
                        ok,
                        {"what": name, "runs_s": b[s]["runs_s"], "error_elements": b[s]["error_elements"]},
                    )
                )
            t.add(*cells)
        tables.append(t)

        t = Table(
            "Server memory (VmRSS of streamlit + children, MB)",
            [
                "store",
                "idle",
                "1 session",
                f"{results['config']['sessions']} sessions",
                f"{2 * results['config']['sessions']} sessions",
                "MB / extra session",
                "MB / session (warm cache)",
                "target",
            ],
        )
        t.add("(floor app idle)", floor.get("server_idle_mb"), None, None, None, None, None, "")
        for s in stores:
            m = R[s]["browser"]["memory"]
            n = results["config"]["sessions"]
            ok = m["per_extra_session_mb"] <= TARGET_SESSION_MB
            t.add(
                s,
                m["idle_mb"],
                m["rss_1_mb"],
                m[f"rss_{n}_mb"],
                m[f"rss_{2 * n}_mb"],
                m["per_extra_session_mb"],
                m["per_session_warm_cache_mb"],
                mark(ok),
            )
            key = f"server memory {s} ≤ {TARGET_SESSION_MB:g} MB per extra session"
            targets["summary"][key] = [1, 0] if ok else [0, 1]
            if not ok:
                targets["misses"].append(
                    {"target": key, "what": "1→10 sessions", "mb": round(m["per_extra_session_mb"], 1)}
                )
        if len(stores) == 2:
            t.add(
                "growth x",
                ratio(R["synthetic"]["browser"]["memory"]["idle_mb"], R["real"]["browser"]["memory"]["idle_mb"]),
                ratio(R["synthetic"]["browser"]["memory"]["rss_1_mb"], R["real"]["browser"]["memory"]["rss_1_mb"]),
                None,
                None,
                ratio(
                    R["synthetic"]["browser"]["memory"]["per_extra_session_mb"],
                    R["real"]["browser"]["memory"]["per_extra_session_mb"],
                ),
                None,
                "",
            )
        tables.append(t)

    t = Table("Targets", ["target", "met", "missed"])
    for key, (met, missed) in targets["summary"].items():
        t.add(key, str(met), str(missed))
    tables.append(t)
    return tables, targets


# -- main -------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description="kenpo benchmark (real and SYNTHETIC stores)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a 1/5-size synthetic store")
    parser.add_argument("--only", choices=("real", "synthetic"), help="benchmark one store only")
    parser.add_argument("--no-browser", action="store_true", help="skip Chromium timings and server memory")
    parser.add_argument(
        "--readme", action="store_true", help="also replace the Performance table in README.md with this run's tables"
    )
    parser.add_argument("--pages-worker", metavar="JSON", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages_worker:
        return pages_worker(args.pages_worker)
    cfg = Config(args.quick)
    stores = [args.only] if args.only else ["real", "synthetic"]
    previous = load_previous()
    started = time.perf_counter()
    results: dict = {
        "meta": {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "quick": args.quick,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "machine": platform.machine(),
        },
        "config": {
            "query_runs": cfg.query_runs,
            "query_budget_s": cfg.query_budget_s,
            "page_warm_runs": cfg.page_warm_runs,
            "browser_cold": cfg.browser_cold,
            "browser_warm": cfg.browser_warm,
            "sessions": cfg.sessions,
            "filter_changes": cfg.filter_changes,
            "synthetic_shape": cfg.shape.label(),
        },
        "targets": {
            "view_ms": TARGET_VIEW_MS,
            "chart_s": TARGET_CHART_S,
            "cold_s": TARGET_COLD_S,
            "change_median_ms": TARGET_CHANGE_MEDIAN_MS,
            "change_p95_ms": TARGET_CHANGE_P95_MS,
            "session_mb": TARGET_SESSION_MB,
        },
        "stores": {},
    }
    import streamlit

    results["meta"]["streamlit"] = streamlit.__version__
    with tempfile.TemporaryDirectory(prefix="kenpo-bench-") as tmpname:
        tmp = Path(tmpname)
        results["floor"] = {}
        if not args.no_browser:
            log("floor (empty page, browser)")
            results["floor"] = bench_floor(tmp, cfg)
        for store in stores:
            label = store if store == "real" else f"synthetic ({cfg.shape.label()})"
            log(f"{label}: build")
            db, info = build_store(store, tmp, cfg)
            R = results["stores"][store] = {"label": label, "build": info}
            log(f"{store}: queries")
            R["queries"] = bench_queries(db, store, cfg)
            log(f"{store}: AppTest pages")
            R["pages"], R["frame"] = bench_pages(db, store, cfg, frame_app(tmp))
            if not args.no_browser:
                log(f"{store}: browser")
                R["browser"] = bench_browser(db, store, cfg)
            if store == "synthetic":
                db.unlink(missing_ok=True)
    results["meta"]["elapsed_s"] = time.perf_counter() - started
    tables, targets = report(results, previous)
    results["target_results"] = targets
    header = (
        f"kenpo benchmark {results['meta']['date']}  {'QUICK  ' if args.quick else ''}"
        f"cpus={results['meta']['cpus']} streamlit={results['meta']['streamlit']} duckdb={results['meta']['duckdb']}  "
        f"synthetic = SYNTHETIC rows ({cfg.shape.label()}) + the real CSVs  elapsed {results['meta']['elapsed_s']:.0f} s"
    )
    text = header + "\n" + "\n".join(t.text() for t in tables)
    if targets["misses"]:
        text += "\n\nMissed:\n" + "\n".join("  - " + json.dumps(m, ensure_ascii=False) for m in targets["misses"])
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    md = f"# kenpo benchmark\n\n{header}\n" + "\n".join(t.markdown() for t in tables)
    if targets["misses"]:
        md += "\n\n### Missed\n\n" + "\n".join(f"- `{json.dumps(m, ensure_ascii=False)}`" for m in targets["misses"])
    (RESULTS / "latest.md").write_text(md + "\n", encoding="utf-8")
    log(f"wrote {RESULTS / 'latest.json'} and latest.md")
    if args.readme:
        update_readme(md)
    return 0


def load_previous() -> dict | None:
    """The previous run's results (bench/results/latest.json), read before this run overwrites it."""
    try:
        return json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def update_readme(md: str) -> None:
    """Put this run's tables between the bench markers of README.md."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    body = md.replace("# kenpo benchmark\n\n", "", 1).replace("\n### ", "\n#### ")
    readme.write_text(f"{head}{start}\n{body}\n{end}{tail}", encoding="utf-8")
    log("updated README.md")


if __name__ == "__main__":
    sys.exit(main())
