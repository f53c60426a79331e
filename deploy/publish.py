"""Publish a store to the running replicas: a whole new file at the store path, in one rename.

    .venv/bin/python deploy/publish.py                      # build from data/ (as `make build`)
    .venv/bin/python deploy/publish.py --from built.duckdb  # a store built elsewhere (another machine)
    make publish [FROM=built.duckdb]

Without --from this is `python -m kenpo build`: the build writes a temporary file beside the store
and renames it into place (kenpo.build.store). With --from, the given store is first opened
read-only as the dashboard opens it (every table read through, so a damaged or truncated copy or one
built from other SQL is refused here and never published), then copied to a temporary file beside
the store, flushed to disk, and renamed over the store. A rename within one folder is atomic: a
replica that looks at the path sees the old file or the new one, never a part.

Every replica reads the path at the start of each page run (kenpo.connection.pin): its next run,
the user's next interaction, reads the new store; a run already going keeps the version it
pinned. Nothing is restarted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kenpo.build.store import BuildError, build  # noqa: E402
from kenpo.paths import DATA_DIR, store_path  # noqa: E402
from kenpo.store_access import StoreUnavailable, connect_readonly, store_stamp  # noqa: E402


def store_version(path: Path) -> str:
    con = connect_readonly(path)
    try:
        return str(con.execute("SELECT version FROM store_meta").fetchone()[0])
    finally:
        con.close()


def publish_file(source: Path, store: Path) -> str:
    """Check ``source``, then put a copy of it at ``store`` in one rename; return its version."""
    version = store_version(source)  # StoreUnavailable: not published
    target = Path(os.path.realpath(store)) if store.is_symlink() else store
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    # The same name pattern as kenpo.build's temporary files: a copy cut short by a kill is removed
    # by the next build in that folder.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        if store_version(tmp) != version:  # the copy reads as the source did
            raise StoreUnavailable(f"the copy of {source} does not read as the source")
        os.replace(tmp, target)
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself on disk
        finally:
            os.close(dir_fd)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Publish a new store to the running dashboards (one rename).")
    parser.add_argument(
        "--store", type=Path, default=None, help=f"the store path (default: $KENPO_DB or {store_path()})"
    )
    parser.add_argument("--from", dest="source", type=Path, default=None, help="a store built elsewhere to publish")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder of curated CSV files (without --from)")
    args = parser.parse_args(argv)
    store = args.store or store_path()
    try:
        if args.source is not None:
            version = publish_file(args.source, store)
        else:
            version = build(store, data_dir=args.data).version
    except BuildError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"publish stopped: {len(exc.problems)} problem(s) in data/; {store} was left as it was", file=sys.stderr)
        return 1
    except (StoreUnavailable, OSError) as exc:
        print(f"publish failed: {exc}; {store} was left as it was", file=sys.stderr)
        return 1
    print(
        f"published {store} (version {version}, file {store_stamp(store)}): every replica reads it from its next page run"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
