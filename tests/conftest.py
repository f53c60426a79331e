"""Shared fixtures: one real store built from data/ for the whole session."""

from __future__ import annotations

import pytest

from kenpo.build.store import build
from kenpo.store_access import connect_readonly


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "kenpo.duckdb"
    build(path)
    return path


@pytest.fixture(scope="session")
def con(store_path):
    connection = connect_readonly(store_path)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def facts(con):
    frame = con.execute("SELECT * FROM facts").df()
    frame["fiscal_year"] = frame["fiscal_year"].astype("Int64")
    frame["month"] = frame["month"].astype("Int64")
    frame["as_of"] = frame["as_of"].astype("datetime64[ns]")
    return frame


@pytest.fixture(scope="session")
def reconciliation(con):
    """The 検算 checks (view reconciliation): the consistency tests in tests/data read them."""
    frame = con.execute("SELECT * FROM reconciliation").df()
    frame["fiscal_year"] = frame["fiscal_year"].astype("Int64")
    frame["month"] = frame["month"].astype("Int64")
    return frame


@pytest.fixture(scope="session")
def statuses(con):
    frame = con.execute("SELECT * FROM statuses").df()
    frame["fiscal_year"] = frame["fiscal_year"].astype("Int64")
    return frame


def pytest_terminal_summary(terminalreporter):
    """How many views the walk over every page's choices reached (tests/pages/test_walk.py)."""
    from tests.pages import walk

    if not walk.RESULTS:
        return
    pages = {slug: r for slug, r in walk.RESULTS.items() if slug != "(wall)"}
    terminalreporter.write_sep("-", "walk over every reachable view")
    for slug, r in pages.items():
        terminalreporter.write_line(
            f"{slug:20s} {r['views']:5d} views  {r['seconds']:6.1f} s  {len(r['failures'])} failing"
        )
    wall = walk.RESULTS.get("(wall)", {}).get("seconds", 0.0)
    terminalreporter.write_line(
        f"{'all pages':20s} {sum(r['views'] for r in pages.values()):5d} views  {wall:6.1f} s wall (two processes)"
    )
