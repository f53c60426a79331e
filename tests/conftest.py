"""Shared fixtures: one real store built from data/ for the whole session."""
from __future__ import annotations

import pytest

from kenpo.store import build, connect_readonly


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
def statuses(con):
    frame = con.execute("SELECT * FROM statuses").df()
    frame["fiscal_year"] = frame["fiscal_year"].astype("Int64")
    return frame
