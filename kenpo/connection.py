"""The dashboard's read-only connection to the store: one version per page run, caches per version.

A store version is the file at the store path as it was when it was opened (its stamp: inode,
mtime, size). ``pin()``, called by every page at its start, fixes the version the whole run reads:
a rebuild that replaces the file while a page runs changes nothing for that run, and the next run
(the user's next interaction) reads the new file. A running dashboard never needs a restart.

Each version owns its connection and its query results (a cache bounded in bytes). The dashboard
keeps only the newest version; an older one lives while a run that pinned it is still going, then
it is released with its connection and every result (kenpo.derived drops what was derived from
those results as they go).
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import weakref
from collections import OrderedDict
from pathlib import Path

import duckdb
import pandas as pd

from kenpo import unavailable
from kenpo.derived import first_value, handed_out, size_of
from kenpo.paths import store_path
from kenpo.store_access import StoreUnavailable, connect_readonly, is_damage, store_stamp

# Query results kept per store version, in bytes of the frames (pandas' deep memory usage). The
# real store's pages read a few MB in all; a national-scale store's data page reads about 2 MB a query.
RESULT_BYTES = 128 * 1024 * 1024


def current_store() -> tuple[str, str]:
    """(path, stamp) of the store the dashboard should read now; StoreUnavailable if missing."""
    path = store_path()
    try:
        return str(path), store_stamp(path)
    except FileNotFoundError as exc:
        raise StoreUnavailable(f"データストアが見つかりません: {path}") from exc


def _typed(value):
    """A cache key part that tells 1, 1.0 and True, or a list and a tuple of the same items, apart."""
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_typed(v) for v in value))
    return (type(value).__name__, value)


class StoreVersion:
    """One store file as opened: its read-only connection and its query results."""

    def __init__(self, path: str, stamp: str):
        self.path, self.stamp = path, stamp
        self._con = connect_readonly(Path(path))
        self._results: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        _alive.add(self)

    def query(self, sql: str, params: tuple) -> pd.DataFrame:
        """A parameterised SELECT, cached per version; callers get a copy-on-write view of the shared
        frame (kenpo.derived.handed_out): changing it never changes what other runs see."""
        key = (sql, _typed(params))
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return handed_out(self._results[key])
        cursor = self._con.cursor()
        try:
            frame = cursor.execute(sql, list(params)).df()
        except duckdb.Error as exc:
            if is_damage(exc):
                raise StoreUnavailable(
                    f"データストアを読めません（壊れている可能性があります）: {self.path}: {exc}"
                ) from exc
            raise
        finally:
            cursor.close()
        size = size_of(frame)
        with self._lock:
            if key not in self._results:
                self._results[key] = frame
                self._bytes += size
                while self._bytes > RESULT_BYTES and len(self._results) > 1:
                    _, old = self._results.popitem(last=False)
                    self._bytes -= size_of(old)
            return handed_out(self._results[key])

    def cached_bytes(self) -> int:
        return self._bytes

    def close(self) -> None:
        self._con.close()

    def __del__(self):  # released: the last run that read this version has ended
        with contextlib.suppress(Exception):  # interpreter shutdown: the connection is going anyway
            self._con.close()


_alive: weakref.WeakSet[StoreVersion] = weakref.WeakSet()  # every version not yet released
_newest: dict[str, StoreVersion] = {}  # store path -> the newest version opened
_newest_lock = threading.Lock()
# The version this page run reads, set by pin() at the page's start. Streamlit runs each session's
# script in its own thread, so the value belongs to that session's run; code outside a page run
# (tests, the benchmark) reads the current file on every call.
_pinned: contextvars.ContextVar[StoreVersion | None] = contextvars.ContextVar("kenpo_store", default=None)


OPEN_ATTEMPTS = 3


def open_current() -> StoreVersion:
    """The version at the store path now (opened once per version; the previous one is let go).
    A file replaced while it was being opened is let go for the new one, up to OPEN_ATTEMPTS
    times; the last one opened is kept even so: it is a whole store, only not the newest."""
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        path, stamp = current_store()
        with _newest_lock:
            version = _newest.get(path)
            if version is not None and version.stamp == stamp:
                return version
            try:
                version = StoreVersion(path, stamp)
            except FileNotFoundError as exc:
                raise StoreUnavailable(f"データストアが見つかりません: {path}") from exc
            if attempt < OPEN_ATTEMPTS and current_store()[1] != stamp:  # replaced meanwhile: open the new one
                version.close()
                continue
            _newest[path] = version
            return version
    raise AssertionError("unreachable: the last attempt returns")


def pin() -> StoreVersion:
    """At a page run's start: every query of this run reads the version current now."""
    version = open_current()
    _pinned.set(version)
    return version


def reading() -> StoreVersion:
    """The version the current code reads: the run's pinned one, else the current file."""
    version = _pinned.get()
    return version if version is not None and version.path == str(store_path()) else open_current()


def versions_alive() -> int:
    """How many store versions are still held (the newest, and any a running page still reads)."""
    return len(_alive)


def run(sql: str, *params) -> pd.DataFrame:
    """Run a parameterised SELECT on the store version this run reads; cached per version and parameters.

    The returned frame is the cached object, shared by every session: callers must not modify it
    in place (kenpo.shaping always builds new frames; a caller gets a copy-on-write view anyway).
    """
    try:
        return reading().query(sql, tuple(params))
    except StoreUnavailable as exc:  # the file was found damaged while this page read it
        unavailable.stop_page(exc)
        raise


def store_version() -> str:
    return str(first_value(run("SELECT version FROM store_meta"), "version"))
