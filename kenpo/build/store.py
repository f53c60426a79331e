"""Building the DuckDB store from data/ and sql/ (opening it read-only is kenpo.store_access).

The build validates first, writes a temporary file beside the store and replaces the
store with ``os.replace`` only when the new file is complete, so a reader sees either
the old store or the new one, never a half-built one, and a failed build leaves the old
store byte-identical. A build holds an advisory lock on the store's folder while it runs;
the first build in a folder where no other build runs removes the temporary files that
killed builds left there.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from kenpo import contracts as C
from kenpo.build.validate import Problem, validate_dir
from kenpo.paths import DATA_DIR, SQL_DIR
from kenpo.sql_files import DDL_LAYER, sql_files, sql_version, view_sql

try:
    import fcntl
except ImportError:  # not POSIX: builds take no lock and remove no temporary files
    fcntl = None  # type: ignore[assignment]


class BuildError(Exception):
    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = problems
        self.warnings = warnings or []
        super().__init__(f"{len(problems)} problem(s) in data/")


@dataclass(frozen=True)
class BuildResult:
    path: Path
    version: str
    fact_rows: int
    warnings: tuple[Problem, ...] = ()  # shown by the command line; they did not stop the build
    removed: tuple[Path, ...] = ()  # temporary files of killed builds, removed by this one


_SORT = {
    "raw_facts": ["source", "dataset", "scope", "metric", "kind", "fiscal_year", "month", "basis"],
    "raw_statuses": list(C.STATUS_KEY),
    "raw_metrics": list(C.METRIC_KEY),
    "raw_sources": ["source"],
    "raw_datasets": list(C.DATASETS.key),
    "raw_metric_aliases": list(C.ALIASES.key),
}


def _content_version(tables: dict[str, pd.DataFrame], sqls: list[Path]) -> str:
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(name.encode())
        digest.update(tables[name].to_csv(index=False).encode())
    for path in sqls:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _temp_files(db_path: Path) -> re.Pattern:
    """The names of a build's temporary files beside the store: mkstemp's '.NAME.XXXXXXXX.tmp' and its WAL."""
    return re.compile(rf"\.{re.escape(db_path.name)}\.[a-z0-9_]+\.tmp(?:\.wal)?")


def _remove_stale(db_path: Path, on_removed: Callable[[Path], None] | None) -> list[Path]:
    """Remove the temporary files of the store's pattern in its folder (call only when no build runs there)."""
    pattern, removed = _temp_files(db_path), []
    try:
        entries = sorted(os.scandir(db_path.parent), key=lambda e: e.name)
    except OSError:
        return removed
    for entry in entries:
        if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed.append(Path(entry.path))
            if on_removed is not None:
                on_removed(Path(entry.path))
    return removed


@contextmanager
def _build_lock(db_path: Path, on_removed: Callable[[Path], None] | None) -> Iterator[list[Path]]:
    """Hold a shared flock on the store's folder for the whole build; yield the stale files removed.

    A killed build (kill -9, a power cut) releases its lock with its process. A build that is
    granted the lock exclusively at its start is the only one running in the folder: every
    temporary file of the store's pattern there is then a dead build's, and is removed before
    the lock is turned into a shared one. A live build's files are never touched: it holds its
    shared lock from before it makes its temporary file until after it has removed it.
    """
    fd = None
    removed: list[Path] = []
    if fcntl is not None:
        try:
            fd = os.open(db_path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass  # another build runs in this folder: its temporary file is not stale
            else:
                removed = _remove_stale(db_path, on_removed)
            fcntl.flock(fd, fcntl.LOCK_SH)
        except OSError:  # a file system without flock: build without the lock, remove nothing
            if fd is not None:
                os.close(fd)
            fd = None
    try:
        yield removed
    finally:
        if fd is not None:
            os.close(fd)


def build(
    db_path: Path, data_dir: Path = DATA_DIR, sql_dir: Path = SQL_DIR, on_removed: Callable[[Path], None] | None = None
) -> BuildResult:
    """Validate data/, build a new store and atomically put it at ``db_path``.

    Raises BuildError (store untouched) when validation finds problems. Temporary files that
    killed builds left beside the store are removed first, each passed to ``on_removed``.
    """
    checked = validate_dir(data_dir)
    if checked.problems:
        raise BuildError(checked.problems, checked.warnings)
    tables = {
        name: frame.sort_values(_SORT[name], na_position="first", kind="stable").reset_index(drop=True)
        for name, frame in checked.tables.items()
    }
    sqls = sql_files(sql_dir)
    version = _content_version(tables, sqls)
    db_path = Path(db_path)
    # A store path that is a symbolic link keeps its link: the file it points to is replaced,
    # from a temporary file in that file's own folder (os.replace stays within one file system).
    target = Path(os.path.realpath(db_path)) if db_path.is_symlink() else db_path
    try:
        mode = stat.S_IMODE(target.stat().st_mode)  # a read-only (444) store stays read-only
    except FileNotFoundError:
        mode = None
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "the store path is a folder, not a file", str(db_path))
    target.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(target, on_removed) as removed:
        fact_rows = _write(target, tables, sqls, version, checked.files, mode)
    return BuildResult(db_path, version, fact_rows, tuple(checked.warnings), tuple(removed))


def _write(
    db_path: Path, tables: dict[str, pd.DataFrame], sqls: list[Path], version: str, files: list[str], mode: int | None
) -> int:
    """Write the store to a temporary file beside ``db_path`` and put it in place (with the
    permission bits ``mode`` of the store it replaces); return the fact rows."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB must create the file itself
    try:
        # No progress bar: a national-scale build would draw it into the command's output.
        con = duckdb.connect(str(tmp))
        con.execute("SET enable_progress_bar = false")
        try:
            for path in sqls:
                if path.parent.name == DDL_LAYER:
                    con.execute(path.read_text(encoding="utf-8"))
            for name, frame in tables.items():
                cols = list(frame.columns)
                con.register("incoming", frame)
                casts = ", ".join(f"CAST(incoming.{c} AS {_type(name, c)}) AS {c}" for c in cols)
                con.execute(f"INSERT INTO {name} ({', '.join(cols)}) SELECT {casts} FROM incoming")  # noqa: S608 - identifiers from contracts
                con.unregister("incoming")
            for path in sqls:
                if path.parent.name != DDL_LAYER:
                    con.execute(view_sql(path))
            fact_rows = len(tables["raw_facts"])
            con.execute(
                "INSERT INTO store_meta VALUES (?, ?, ?, ?)", [version, ",".join(files), fact_rows, sql_version(sqls)]
            )
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, db_path)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            # never raises: a leftover that cannot be removed is the next build's to remove
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
    return fact_rows


_TYPES = {
    "fiscal_year": "INTEGER",
    "month": "INTEGER",
    "as_of": "DATE",
    "value": "DOUBLE",
    "data_line": "INTEGER",
    "printed_scale": "INTEGER",
    "printed_decimals": "INTEGER",
    "headline_order": "INTEGER",
    "line": "INTEGER",
    **dict.fromkeys(C.METRIC_FLAGS, "BOOLEAN"),
}


def _type(table: str, column: str) -> str:
    return _TYPES.get(column, "VARCHAR")
