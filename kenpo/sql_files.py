"""The SQL of the store, in layers: which files there are, in build order, the relations they
define and a digest of them. Read by the build (what to run) and by the app (a store built from
other SQL is refused as stale)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kenpo.paths import SQL_DIR

MATERIALIZE = "-- materialized: table"
# A mart that only a materialised mart reads, once, at build time (the 検算 checks' inputs, read by
# the reconciliation table): no page or query reads it (tests/sql/test_intermediate.py holds that),
# so no page waits for it; the benchmark reports its latency without a target.
INTERMEDIATE = "-- intermediate:"

# The SQL layers, in build order, named as a dbt project names them: sql/tables (the raw tables the
# CSVs are loaded into, the branches and the macros), sql/staging (one cleaned, typed view per raw
# table: stg_facts, stg_statuses, ...), sql/marts (what pages read, through kenpo.queries). A
# staging view reads only raw tables; a mart reads staging views and other marts, never raw tables.
LAYERS = ("tables", "staging", "marts")
DDL_LAYER = "tables"  # run before the data is loaded; the other layers after


def view_sql(path: Path) -> str:
    """A staging or mart view's SQL as the build runs it. A file marked ``-- materialized: table``
    (as dbt's materialized='table') is stored as a table computed once at build time: the store is
    read-only between builds, so the dashboard reads the result instead of re-running the joins."""
    text = path.read_text(encoding="utf-8")
    if MATERIALIZE in text:
        text = re.sub(r"\bCREATE VIEW\b", "CREATE TABLE", text, count=1)
    return text


def relation_names(paths: list[Path] | None = None) -> list[str]:
    """Every table and view the SQL files define (all of sql/ by default), in file order; a
    materialised view keeps its name."""
    names = []
    for path in sql_files() if paths is None else paths:
        m = re.search(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:VIEW|TABLE)\s+(\w+)", path.read_text(encoding="utf-8"), re.I)
        if m:
            names.append(m.group(1))
    return names


def intermediate_names(paths: list[Path] | None = None) -> list[str]:
    """The marts marked ``-- intermediate:`` (read only by a materialised mart, at build time)."""
    paths = sql_files(layers=("marts",)) if paths is None else paths
    return [n for path in paths if INTERMEDIATE in path.read_text(encoding="utf-8") for n in relation_names([path])]


def sql_files(sql_dir: Path = SQL_DIR, layers: tuple[str, ...] = LAYERS) -> list[Path]:
    """The SQL files of the given layers (all by default) in build order: tables, then staging,
    then marts, each folder in file-name order."""
    return [path for layer in layers for path in sorted((sql_dir / layer).glob("*.sql"))]


def sql_version(sqls: list[Path] | None = None) -> str:
    """A digest of the SQL files alone (every layer of sql/ by default, each file named with its
    layer): a store records the one it was built from, and a store built from other SQL (a view
    that has since changed its columns, a file moved to another layer) is refused as stale instead
    of failing mid-page."""
    digest = hashlib.sha256()
    for path in sql_files() if sqls is None else sqls:
        digest.update(path.relative_to(path.parent.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
