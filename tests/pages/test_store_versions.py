"""One store version per page run, and old versions released after a rebuild.

A rebuild replaces the store file atomically. Every query of a page run reads the version pinned
at the run's start (kenpo.connection.pin), so a rebuild that lands mid-run cannot split one page
between two versions; the next run reads the new file. Old versions (connection, cached results and
what was derived from them) are released once no run reads them, so memory does not grow with
rebuilds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from kenpo.build.store import build
from kenpo.paths import ROOT
from tests.store.test_build import EXTRA_FILE, EXTRA_ROWS, _copy_data

# Memory a dashboard process may gain from the 10th to the 50th rebuild with sessions open. Before
# versions were released it gained 1.2–2.5 MB per rebuild (50–100 MB over these 40).
MAX_GROWTH_MB = 20


@pytest.fixture(scope="module")
def store_b(tmp_path_factory):
    """A second store with other content: the real data plus EXTRA_ROWS figures."""
    root = tmp_path_factory.mktemp("b")
    path = root / "b.duckdb"
    build(path, data_dir=_copy_data(root, {"999_extra.csv": EXTRA_FILE}))
    return path


def _versions(at: AppTest) -> list[str]:
    return [m.value.removeprefix("versions: ") for m in at.markdown if m.value.startswith("versions: ")]


def test_a_rebuild_between_two_queries_of_one_run_is_not_seen_until_the_next_run(
    store_path, store_b, tmp_path, monkeypatch
):
    live = tmp_path / "kenpo.duckdb"
    shutil.copy(store_path, live)
    incoming = tmp_path / "incoming.duckdb"
    shutil.copy(store_b, incoming)
    monkeypatch.setenv("KENPO_DB", str(live))
    monkeypatch.setenv("KENPO_INCOMING", str(incoming))

    def script():
        import os

        import streamlit as st

        from kenpo import connection, queries

        connection.pin()  # the first thing kenpo.page.start does for every page
        first = connection.store_version()
        if os.path.exists(os.environ["KENPO_INCOMING"]):  # the rebuild lands between two queries
            os.replace(os.environ["KENPO_INCOMING"], os.environ["KENPO_DB"])
        second = connection.store_version()
        st.markdown(f"versions: {first} {second} {queries.facts_count()}")

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception, at.exception
    first, second, count = _versions(at)[0].split()
    assert first == second, "one run read two store versions"
    real = int(count)
    assert not incoming.exists()  # the swap happened mid-run
    at.run()  # the user's next interaction reads the rebuilt store
    first2, second2, count2 = _versions(at)[0].split()
    assert first2 == second2 != first and int(count2) == real + EXTRA_ROWS


MEMORY_SCRIPT = textwrap.dedent("""
    import json, os, shutil, sys, resource
    from streamlit.testing.v1 import AppTest
    from kenpo import connection, derived
    a, b, live, app = sys.argv[1:5]

    def rss_mb():
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024

    sessions = []
    for slug, params in [("data", {}), ("branch_monthly", {"branch": "群馬"}), ("national", {}), ("home", {})]:
        at = AppTest.from_file(app, default_timeout=60)
        at.switch_page(f"pages/{slug}.py")
        for k, v in params.items():
            at.query_params[k] = v
        sessions.append(at.run())
    out = []
    for i in range(50):
        shutil.copy(b if i % 2 == 0 else a, live + ".new")
        os.replace(live + ".new", live)  # a rebuild: a new file at the store path
        for at in sessions:
            at.run()
            assert not at.exception, [e.value for e in at.exception]
        out.append({"rss": rss_mb(), "alive": getattr(connection, "versions_alive", lambda: 0)(), "derived": getattr(derived, "cached", lambda: (0, 0))()[1]})
    print(json.dumps(out))
""")


def test_memory_stays_bounded_over_50_rebuilds_with_sessions_open(store_path, store_b, tmp_path):
    """Four sessions rerun after each of 50 rebuilds, in a process of their own: the store versions
    held stay at most two (the newest, and one a run may still read), and memory levels off."""
    live = tmp_path / "kenpo.duckdb"
    shutil.copy(store_path, live)
    env = {**os.environ, "KENPO_DB": str(live)}
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(store_path), str(store_b), str(live), str(ROOT / "app.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    assert max(s["alive"] for s in steps) <= 2, [s["alive"] for s in steps]
    growth = steps[-1]["rss"] - steps[9]["rss"]
    print(f"RSS after rebuild 10: {steps[9]['rss']:.0f} MB, after 50: {steps[-1]['rss']:.0f} MB")
    assert growth < MAX_GROWTH_MB, [round(s["rss"]) for s in steps]


def test_a_query_result_changed_by_its_caller_is_not_changed_for_the_next(store_path, monkeypatch):
    from kenpo import connection

    monkeypatch.setenv("KENPO_DB", str(store_path))
    got = connection.run("SELECT source, figures FROM sources ORDER BY source")
    first = got["figures"].tolist()
    got.loc[0, "figures"] = -1
    got["extra"] = 1
    again = connection.run("SELECT source, figures FROM sources ORDER BY source")
    assert again["figures"].tolist() == first and "extra" not in again.columns
