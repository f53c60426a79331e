"""Opening the built store read-only, as the dashboard does: what a missing, damaged or stale store
looks like, and the stamp that changes whenever the file is replaced. Nothing here builds or
validates (that is kenpo.build)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from kenpo.sql_files import relation_names, sql_version


class StoreUnavailable(Exception):
    """The store file is missing or unreadable; the message says what to run."""


def connect_readonly(db_path: Path) -> duckdb.DuckDBPyConnection:
    """Open the store read-only; StoreUnavailable says what is wrong and how to rebuild."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise StoreUnavailable(f"データストアが見つかりません: {db_path}")
    # Not duckdb.connect(path): the Python client caches one database instance per path, so
    # while any connection to the old store is still open, connecting to the same path after
    # an atomic rebuild silently returns the OLD store (duckdb/duckdb#15912). A private
    # in-memory instance that attaches the file always reads the file now at the path.
    # Detaching the in-memory catalog makes the store the default for cursor() too.
    con = duckdb.connect(":memory:")
    try:
        quoted = str(db_path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS store (READ_ONLY)")
        con.execute("USE store")
        con.execute("DETACH memory")
        con.execute("SELECT version FROM store_meta").fetchall()
        present = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
        meta_columns = {
            r[0]
            for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'store_meta'").fetchall()
        }
        # a store from before sql_version was recorded was built from other SQL too
        built_from = (
            con.execute("SELECT max(sql_version) FROM store_meta").fetchone()[0]
            if ("sql_version" in meta_columns)
            else None
        )
        _read_through(con)
    except duckdb.Error as exc:
        con.close()  # do not keep a handle on a file that failed the check
        raise StoreUnavailable(f"データストアを開けません（壊れている可能性があります）: {db_path}: {exc}") from exc
    missing = [name for name in relation_names() if name not in present]
    if missing:
        con.close()
        raise StoreUnavailable(
            f"データストアが現在の sql/ より古い形式です（{', '.join(missing)} がありません）: {db_path}"
        )
    if built_from != sql_version():
        con.close()
        raise StoreUnavailable(
            f"データストアが現在の sql/ と異なる定義で作られています（表・ビューの定義が変わりました）: {db_path}"
        )
    return con


def _read_through(con: duckdb.DuckDBPyConnection) -> None:
    """Read every row of every table once. DuckDB checks a block's checksum when it reads the
    block, so damage anywhere in the data fails here, at open, on every page, and not only on the
    page that happens to read the damaged table (about 15 ms for the real store, once per store)."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    ]
    every_row = ", ".join(f'(SELECT max(hash(t)) FROM "{name}" AS t)' for name in tables)  # noqa: S608 - names from the store's own catalog
    con.execute("SELECT " + every_row).fetchall()


def is_damage(exc: BaseException) -> bool:
    """Whether a query error means the store file itself is damaged (unreadable or failing its
    checksums), as opposed to a mistake in a query."""
    return isinstance(exc, (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException)) or (
        type(exc) is duckdb.Error and "Corrupt database file" in str(exc)
    )


def store_stamp(db_path: Path) -> str:
    """Changes whenever the store file is replaced; a cache key for connections and results."""
    st = Path(db_path).stat()
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"
