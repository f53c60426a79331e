"""The dashboard's read-only connection to the store, cached per store version.

The cache key is the store file's stamp (inode, mtime, size), so after an atomic rebuild
the next interaction opens the new file; a running dashboard never needs a restart.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from kenpo import unavailable
from kenpo.derived import derived, first_value
from kenpo.paths import store_path
from kenpo.store import StoreUnavailable, connect_readonly, is_damage, store_stamp


def current_store() -> tuple[str, str]:
    """(path, stamp) of the store the dashboard should read now; StoreUnavailable if missing."""
    path = store_path()
    try:
        return str(path), store_stamp(path)
    except FileNotFoundError as exc:
        raise StoreUnavailable(f"データストアが見つかりません: {path}") from exc


@st.cache_resource(show_spinner=False, max_entries=2)
def _connection(path: str, stamp: str) -> duckdb.DuckDBPyConnection:
    return connect_readonly(Path(path))


# cache_resource, not cache_data: a hit returns the stored frame itself instead of unpickling a
# copy on every rerun (a measurable share of a warm page run). Frames are read-only by contract.
@st.cache_resource(show_spinner=False, max_entries=2048)
def _run(path: str, stamp: str, sql: str, params: tuple) -> pd.DataFrame:
    cursor = _connection(path, stamp).cursor()
    try:
        return cursor.execute(sql, list(params)).df()
    except duckdb.Error as exc:
        if is_damage(exc):
            raise StoreUnavailable(f"データストアを読めません（壊れている可能性があります）: {path}: {exc}") from exc
        raise
    finally:
        cursor.close()


@derived
def _recent(path: str, stamp: str, sql: str, params: tuple) -> pd.DataFrame:
    """The same key in front of st.cache_resource, as a plain dict lookup: computing
    st.cache_resource's key (signature inspection, hashing the SQL text) was a fifth of a warm
    page run with its six or seven queries. Bounded like every derived result."""
    return _run(path, stamp, sql, params)


def run(sql: str, *params) -> pd.DataFrame:
    """Run a parameterised SELECT on the current store; cached by store version and parameters.

    The returned frame is the cached object, shared by every session: callers must not modify it
    in place (kenpo.display always builds new frames).
    """
    path, stamp = current_store()
    try:
        return _recent(path, stamp, sql, tuple(params))
    except StoreUnavailable as exc:  # the file was found damaged while this page read it
        unavailable.stop_page(exc)
        raise


def store_version() -> str:
    return str(first_value(run("SELECT version FROM store_meta"), "version"))
