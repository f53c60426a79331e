"""Command line: ``python -m kenpo build [--db PATH]`` and ``python -m kenpo validate``."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kenpo.paths import DATA_DIR, store_path
from kenpo.store import BuildError, build
from kenpo.validate import validate_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kenpo", description="Build and check the kenpo data store.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="validate data/ and (re)build the DuckDB store atomically")
    p_build.add_argument("--db", type=Path, default=None, help=f"store file (default: $KENPO_DB or {store_path()})")
    p_build.add_argument("--data", type=Path, default=DATA_DIR, help="folder of curated CSV files")
    p_val = sub.add_parser("validate", help="check every CSV in data/ without building")
    p_val.add_argument("--data", type=Path, default=DATA_DIR, help="folder of curated CSV files")
    args = parser.parse_args(argv)

    if args.command == "validate":
        result = validate_dir(args.data)
        for problem in result.problems + result.warnings:
            print(problem)
        if result.problems:
            with_problems = len({problem.file for problem in result.problems})
            print(f"{len(result.problems)} problem(s) in {with_problems} file(s); {len(result.files)} file(s) checked"
                  f"{_warnings(result.warnings)}", file=sys.stderr)
            return 1
        rows = len(result.tables["raw_facts"])
        print(f"ok: {len(result.files)} files, {rows} figures{_warnings(result.warnings)}")
        return 0

    db = args.db or store_path()
    started = time.perf_counter()
    try:
        result = build(db, data_dir=args.data, on_removed=_say_removed)
    except BuildError as exc:
        for problem in exc.problems + exc.warnings:
            print(problem)
        print(f"build stopped: {len(exc.problems)} problem(s); the store at {db} was left as it was", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(warning)
    print(f"built {result.path} (version {result.version}, {result.fact_rows} figures) in {time.perf_counter() - started:.2f} s")
    return 0


def _say_removed(path: Path) -> None:
    print(f"removed {path}: a temporary file of a build that did not finish")


def _warnings(warnings: list) -> str:
    return f"; {len(warnings)} warning(s)" if warnings else ""


if __name__ == "__main__":
    sys.exit(main())
