"""Command line: ``python -m kenpo build [--db PATH]``, ``python -m kenpo validate`` and
``python -m kenpo macros`` (rewrites sql/tables/005_macros.sql from kenpo/build/sql_macros.py)."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

import duckdb

from kenpo.build.store import BuildError, build
from kenpo.build.validate import validate_dir
from kenpo.paths import DATA_DIR, store_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kenpo", description="Build and check the kenpo data store.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="validate data/ and (re)build the DuckDB store atomically")
    # a str, not a Path: Path("") would be "." and an empty --db a folder
    p_build.add_argument("--db", default=None, help=f"store file (default: $KENPO_DB or {store_path()})")
    p_build.add_argument("--data", type=Path, default=DATA_DIR, help="folder of curated CSV files")
    p_build.add_argument("--debug", action="store_true", help="show the traceback of a failed build")
    p_val = sub.add_parser("validate", help="check every CSV in data/ without building")
    p_val.add_argument("--data", type=Path, default=DATA_DIR, help="folder of curated CSV files")
    sub.add_parser("macros", help="rewrite sql/tables/005_macros.sql from the Python owners of its rules")
    args = parser.parse_args(argv)

    if args.command == "macros":
        from kenpo.build import sql_macros

        print(f"wrote {sql_macros.write()}")
        return 0

    if args.command == "validate":
        result = validate_dir(args.data)
        for problem in result.problems + result.warnings:
            print(problem)
        if result.problems:
            with_problems = len({problem.file for problem in result.problems})
            print(
                f"{len(result.problems)} problem(s) in {with_problems} file(s); {len(result.files)} file(s) checked"
                f"{_warnings(result.warnings)}",
                file=sys.stderr,
            )
            return 1
        rows = len(result.tables["raw_facts"])
        print(f"ok: {len(result.files)} files, {rows} figures{_warnings(result.warnings)}")
        return 0

    if args.db is not None and not args.db.strip():
        print("build failed: --db is empty (give the store file's path); the store was left as it was", file=sys.stderr)
        return 1
    db = Path(args.db) if args.db is not None else store_path()
    started = time.perf_counter()
    try:
        result = build(db, data_dir=args.data, on_removed=_say_removed)
    except BuildError as exc:
        for problem in exc.problems + exc.warnings:
            print(problem)
        print(f"build stopped: {len(exc.problems)} problem(s); the store at {db} was left as it was", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        hint = "" if args.debug else " (--debug shows the traceback)"
        print(f"build failed: {_cause(exc)}; the store at {db} was left as it was{hint}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(warning)
    print(
        f"built {result.path} (version {result.version}, {result.fact_rows} figures) in {time.perf_counter() - started:.2f} s"
    )
    return 0


def _cause(exc: Exception) -> str:
    """One line naming what went wrong: 'Permission denied: /srv/kenpo/.kenpo.duckdb.x1y2.tmp'."""
    if isinstance(exc, OSError) and exc.strerror:
        paths = " -> ".join(str(p) for p in (exc.filename, exc.filename2) if p is not None)
        return f"{exc.strerror}: {paths}" if paths else exc.strerror
    if isinstance(exc, duckdb.Error):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())  # DuckDB's messages run over several lines


def _say_removed(path: Path) -> None:
    print(f"removed {path}: a temporary file of a build that did not finish")


def _warnings(warnings: list) -> str:
    return f"; {len(warnings)} warning(s)" if warnings else ""


if __name__ == "__main__":
    sys.exit(main())
