"""Refreshing the data safely: deterministic builds, the CLI, failed builds that leave the
old store untouched, atomic replacement under concurrent readers, unusable stores."""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from kenpo.build.cli import main
from kenpo.build.store import BuildError, build
from kenpo.build.validate import validate_dir
from kenpo.paths import DATA_DIR, ROOT, SQL_DIR
from kenpo.store_access import StoreUnavailable, connect_readonly, store_stamp
from tests.permissions import obey_permission_bits, require_permission_bits

SRC = "000_ea8c514f59c29b9d.txt"
HEADER = "source,section,dataset,scope,metric,kind,fiscal_year,month,basis,as_of,value,unit,printed,note"
EXTRA_ROWS = 3
EXTRA_FILE = (
    HEADER
    + "\n"
    + "".join(
        f"{SRC},テスト表,extra,全国,追加の件数,実績,{2020 + i},,年度,,{i + 1},件,{i + 1},\n" for i in range(EXTRA_ROWS)
    )
)
BAD_FILE = HEADER + f"\n{SRC},テスト表,bad,全国,件数,見込,2023,,年度,,1,件,1,\n"
BAD_LINE = "data/999_bad.csv:2: kind: not one of 実績 目標 順位 ('見込')"


def _copy_data(root: Path, extra: dict[str, str]) -> Path:
    data = root / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    for name, text in extra.items():
        (data / name).write_text(text, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def data_b(tmp_path_factory) -> Path:
    """The real data plus one extra fact file: a second, valid, different content."""
    return _copy_data(tmp_path_factory.mktemp("b"), {"999_extra.csv": EXTRA_FILE})


@pytest.fixture(scope="module")
def data_bad(tmp_path_factory) -> Path:
    return _copy_data(tmp_path_factory.mktemp("bad"), {"999_bad.csv": BAD_FILE})


@pytest.fixture(scope="module")
def real_rows() -> int:
    return len(validate_dir(DATA_DIR).tables["raw_facts"])


def _cli(*args, preexec_fn=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KENPO_DB"}
    return subprocess.run(
        [sys.executable, "-m", "kenpo", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=preexec_fn,
    )


def _snapshot(path: Path) -> tuple:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_ino, st.st_size


def _relations(con) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def _contents(path: Path) -> dict[str, list]:
    con = connect_readonly(path)
    try:
        return {
            name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()  # noqa: S608 - names from the catalog
            for name in _relations(con)
        }
    finally:
        con.close()


# -- deterministic builds ---------------------------------------------------------------


def test_building_twice_gives_identical_content(tmp_path, store_path):
    again = build(tmp_path / "again.duckdb")
    first, second = _contents(store_path), _contents(again.path)
    assert {"raw_facts", "facts", "store_meta", "raw_statuses", "raw_metrics", "raw_sources"} <= set(first)
    assert len(first) >= 20  # tables and views
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name
    con = connect_readonly(store_path)
    try:
        assert con.execute("SELECT version FROM store_meta").fetchone()[0] == again.version
    finally:
        con.close()


def test_building_over_the_same_path_keeps_the_version(tmp_path):
    path = tmp_path / "kenpo.duckdb"
    v1 = build(path).version
    v2 = build(path).version
    assert v1 == v2
    assert sorted(os.listdir(tmp_path)) == ["kenpo.duckdb"]


def test_different_data_gives_a_different_version(tmp_path, store_path, data_b, real_rows):
    other = build(tmp_path / "b.duckdb", data_b)
    base = _contents(store_path)["store_meta"][0]
    assert other.version != base[0]
    assert other.fact_rows == base[2] + EXTRA_ROWS == real_rows + EXTRA_ROWS


def test_store_meta_matches_facts(store_path, real_rows):
    con = connect_readonly(store_path)
    try:
        version, files, fact_rows = con.execute("SELECT version, files, fact_rows FROM store_meta").fetchone()
        assert con.execute("SELECT count(*) FROM store_meta").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == fact_rows == real_rows
        assert con.execute("SELECT count(*) FROM raw_facts").fetchone()[0] == fact_rows
        assert re.fullmatch(r"[0-9a-f]{16}", version)
        assert sorted(files.split(",")) == sorted(p.name for p in DATA_DIR.glob("*.csv"))
    finally:
        con.close()


# -- the command line ---------------------------------------------------------------------


def test_cli_build_prints_the_figure_count(tmp_path, real_rows):
    db = tmp_path / "store" / "kenpo.duckdb"  # parent folder is created
    proc = _cli("build", "--db", str(db))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f", {real_rows} figures) in " in proc.stdout
    assert proc.stdout.startswith(f"built {db} (version ")
    con = connect_readonly(db)
    try:
        version, fact_rows = con.execute("SELECT version, fact_rows FROM store_meta").fetchone()
    finally:
        con.close()
    assert f"(version {version}, {fact_rows} figures)" in proc.stdout
    assert os.listdir(db.parent) == ["kenpo.duckdb"]


def test_cli_build_honours_kenpo_db(tmp_path, monkeypatch, capsys, real_rows):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("KENPO_DB", str(db))
    assert main(["build"]) == 0
    assert db.exists()
    assert f"built {db} (version " in capsys.readouterr().out


# -- failed builds ------------------------------------------------------------------------


def test_failed_cli_build_leaves_the_store_byte_identical(tmp_path, data_bad):
    db = tmp_path / "kenpo.duckdb"
    build(db)
    before = _snapshot(db)
    time.sleep(0.01)  # a rewrite would show in mtime_ns
    proc = _cli("build", "--db", str(db), "--data", str(data_bad))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [BAD_LINE]
    assert f"the store at {db} was left as it was" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(db) == before
    assert os.listdir(tmp_path) == ["kenpo.duckdb"]


def test_unclosed_quote_stops_the_build_and_the_rows_after_it_are_not_lost(tmp_path):
    """A stray quote once made csv swallow the rest of the file into one note: validate said ok and
    build replaced the store with a 7-row file contributing 2 rows. Now the build stops, naming the line."""
    stray = '"abc'
    rows = "".join(
        f"{SRC},テスト表,quote,全国,件数,実績,{2017 + i},,年度,,{i},件,{i},{stray if i == 2 else ''}\n"
        for i in range(7)
    )
    data = _copy_data(tmp_path / "src", {"999_quote.csv": HEADER + "\n" + rows})
    with (data / "datasets.csv").open("a", encoding="utf-8") as f:  # titled: no warning beside the problem
        f.write(f"{SRC},quote,テスト表\n")
    db = tmp_path / "kenpo.duckdb"
    build(db)
    before = _snapshot(db)
    proc = _cli("build", "--db", str(db), "--data", str(data))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        "data/999_quote.csv:4: note: unclosed quote: the quoted cell is never closed; a cell must end on its line ('\"abc')"
    ]
    assert _snapshot(db) == before
    checked = validate_dir(data)  # the rows after the quote are read as the rows they are
    assert sorted(checked.tables["raw_facts"].query("dataset == 'quote'")["fiscal_year"]) == [
        2017,
        2018,
        2020,
        2021,
        2022,
        2023,
    ]


def test_cli_build_prints_the_warnings_and_builds(tmp_path, real_rows):
    """A header-only file and a FIFO named *.csv: warned about in the build output, never fatal
    (and the FIFO never opened: the build would hang on it, and fail here on the timeout)."""
    data = _copy_data(tmp_path / "src", {"998_empty.csv": HEADER + "\n"})
    os.mkfifo(data / "999_pipe.csv")
    db = tmp_path / "kenpo.duckdb"
    proc = _cli("build", "--db", str(db), "--data", str(data))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == [
        "data/998_empty.csv:1: -: warning: no rows below the header; the file adds nothing to the store",
        "data/999_pipe.csv:0: -: warning: a FIFO (named pipe), not a regular file; skipped without reading it",
    ]
    assert lines[2].startswith(f"built {db} (version ") and f", {real_rows} figures)" in lines[2]


def test_failed_build_raises_build_error_with_the_problems(tmp_path, data_bad):
    db = tmp_path / "kenpo.duckdb"
    build(db)
    before = _snapshot(db)
    with pytest.raises(BuildError) as info:
        build(db, data_bad)
    assert [str(p) for p in info.value.problems] == [BAD_LINE]
    assert _snapshot(db) == before
    assert os.listdir(tmp_path) == ["kenpo.duckdb"]


def test_failed_build_without_a_store_creates_nothing(tmp_path, data_bad):
    with pytest.raises(BuildError):
        build(tmp_path / "kenpo.duckdb", data_bad)
    assert os.listdir(tmp_path) == []


def test_build_failing_inside_duckdb_leaves_store_and_no_temp_files(tmp_path):
    """Validation passes but the SQL breaks half-way: the temp file is removed, the store kept."""
    db = tmp_path / "store" / "kenpo.duckdb"
    build(db)
    before = _snapshot(db)
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    (sql / "marts" / "999_broken.sql").write_text(
        "CREATE VIEW broken AS SELECT no_such_column FROM facts;", encoding="utf-8"
    )
    with pytest.raises(Exception, match="no_such_column"):
        build(db, DATA_DIR, sql)
    assert _snapshot(db) == before
    assert os.listdir(db.parent) == ["kenpo.duckdb"]


def test_build_replaces_a_corrupt_store(tmp_path, real_rows):
    db = tmp_path / "kenpo.duckdb"
    db.write_bytes(os.urandom(64 * 1024))
    with pytest.raises(StoreUnavailable):
        connect_readonly(db)
    assert build(db).fact_rows == real_rows
    con = connect_readonly(db)
    try:
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == real_rows
    finally:
        con.close()
    assert os.listdir(tmp_path) == ["kenpo.duckdb"]


# -- what the store path is ----------------------------------------------------------------


@pytest.mark.parametrize("relative", [False, True], ids=["absolute link", "relative link"])
def test_build_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path, relative, real_rows):
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    target = tmp_path / "real" / "kenpo.duckdb"
    build(target)
    before = _snapshot(target)
    link = tmp_path / "links" / "kenpo.duckdb"
    link.symlink_to(Path("..") / "real" / "kenpo.duckdb" if relative else target)
    proc = _cli("build", "--db", str(link))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"built {link} (version ")
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "real" / "kenpo.duckdb" if relative else target)
    assert _snapshot(target)[2] != before[2]  # a new file (inode) put in place of the old one
    assert os.listdir(tmp_path / "links") == ["kenpo.duckdb"]
    assert os.listdir(tmp_path / "real") == ["kenpo.duckdb"]
    assert _contents(link)["store_meta"][0][2] == real_rows


@pytest.mark.parametrize("mode", [0o444, 0o640, 0o600], ids=["444", "640", "600"])
def test_build_keeps_the_permission_bits_of_the_store(tmp_path, mode):
    db = tmp_path / "kenpo.duckdb"
    build(db)
    db.chmod(mode)
    inode = db.stat().st_ino
    build(db)
    assert db.stat().st_ino != inode
    assert oct(db.stat().st_mode & 0o777) == oct(mode)


# -- faults outside validation: one line, the store untouched, no traceback -------------------

LEFT = "; the store at {db} was left as it was (--debug shows the traceback)"


def _assert_one_line(proc: subprocess.CompletedProcess, db, cause: str) -> None:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"build failed: {cause}" + LEFT.format(db=db)]


@pytest.fixture
def built(tmp_path) -> Path:
    db = tmp_path / "store" / "kenpo.duckdb"
    build(db)
    return db


def test_fault_db_is_a_folder(built):
    before = _snapshot(built)
    proc = _cli("build", "--db", str(built.parent))
    _assert_one_line(proc, built.parent, f"the store path is a folder, not a file: {built.parent}")
    assert _snapshot(built) == before and os.listdir(built.parent) == ["kenpo.duckdb"]


@pytest.mark.parametrize("under", ["kenpo.duckdb/other.duckdb", "kenpo.duckdb/sub/other.duckdb"])
def test_fault_db_under_a_regular_file(built, under):
    before = _snapshot(built)
    db = built.parent / under
    proc = _cli("build", "--db", str(db))
    _assert_one_line(proc, db, f"Not a directory: {db}")
    assert _snapshot(built) == before and os.listdir(built.parent) == ["kenpo.duckdb"]


@pytest.mark.parametrize("empty", ["", " "])
def test_fault_db_is_empty(empty):
    proc = _cli("build", "--db", empty)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "build failed: --db is empty (give the store file's path); the store was left as it was"
    ]
    assert proc.stdout == ""


def test_fault_read_only_folder(built):
    """chmod 555, and the build in a process that permission bits stop (as root: without CAP_DAC_OVERRIDE)."""
    require_permission_bits()
    before = _snapshot(built)
    built.parent.chmod(0o555)
    try:
        proc = _cli("build", "--db", str(built), preexec_fn=obey_permission_bits)
    finally:
        built.parent.chmod(0o755)
    assert re.fullmatch(
        rf"build failed: Permission denied: {re.escape(str(built.parent))}/\.kenpo\.duckdb\.[a-z0-9_]+\.tmp"
        + re.escape(LEFT.format(db=built)),
        proc.stderr.strip(),
    ), proc.stderr
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert _snapshot(built) == before and os.listdir(built.parent) == ["kenpo.duckdb"]


def _limit_file_size() -> None:
    # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG (File too large)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))


def test_fault_file_size_limit(built):
    before = _snapshot(built)
    proc = _cli("build", "--db", str(built), preexec_fn=_limit_file_size)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    [line] = proc.stderr.splitlines()
    assert line.startswith("build failed: ") and "File too large" in line and line.endswith(LEFT.format(db=built))
    assert _snapshot(built) == before and os.listdir(built.parent) == ["kenpo.duckdb"]


def test_fault_disk_full(built, tmp_path):
    """A folder on a small tmpfs (mounted in a private mount namespace) that holds the store but
    not a second copy of it (one and a half times the store's size): the build runs out of space."""
    disk = tmp_path / "disk"
    disk.mkdir()
    store = disk / "kenpo.duckdb"
    size_kb = built.stat().st_size * 3 // 2 // 1024 + 1
    script = (
        f"mount -t tmpfs -o size={size_kb}k tmpfs {disk} || exit 99; cp {built} {store}; "
        f"{sys.executable} -m kenpo build --db {store}; echo rc=$?; sha256sum {store}; ls -A {disk}"
    )
    try:
        proc = subprocess.run(
            ["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
    except FileNotFoundError:
        pytest.skip("unshare is not installed")
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root in a private mount namespace): {proc.stderr.strip()}")
    rc, digest, listing = proc.stdout.splitlines()[-3:]
    assert rc == "rc=1"
    assert digest.split()[0] == hashlib.sha256(built.read_bytes()).hexdigest()
    assert listing == "kenpo.duckdb"
    [line] = proc.stderr.splitlines()
    assert (
        line.startswith("build failed: ") and "No space left on device" in line and line.endswith(LEFT.format(db=store))
    )


def test_fault_immutable_store(built):
    before = _snapshot(built)
    if subprocess.run(["chattr", "+i", str(built)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i needs root (CAP_LINUX_IMMUTABLE) and a file system that supports it")
    try:
        proc = _cli("build", "--db", str(built))
    finally:
        subprocess.run(["chattr", "-i", str(built)], check=True)
    assert re.fullmatch(
        rf"build failed: Operation not permitted: {re.escape(str(built.parent))}/\.kenpo\.duckdb\.[a-z0-9_]+\.tmp"
        rf" -> {re.escape(str(built))}" + re.escape(LEFT.format(db=built)),
        proc.stderr.strip(),
    ), proc.stderr
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert _snapshot(built) == before and os.listdir(built.parent) == ["kenpo.duckdb"]


def test_fault_with_debug_shows_the_traceback_too(built):
    proc = _cli("build", "--db", str(built.parent), "--debug")
    assert proc.returncode == 1
    assert proc.stderr.startswith("Traceback (most recent call last):")
    assert proc.stderr.splitlines()[-1] == (
        f"build failed: the store path is a folder, not a file: {built.parent}; "
        f"the store at {built.parent} was left as it was"
    )


# -- temporary files of killed builds ------------------------------------------------------


def _start_build(db: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "KENPO_DB"}
    return subprocess.Popen(
        [sys.executable, "-m", "kenpo", "build", "--db", str(db)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _temp_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".kenpo.duckdb.") and ".tmp" in name)


def _catch_mid_build(db: Path, sig: int) -> subprocess.Popen:
    """Start a real build and send it ``sig`` while its temporary file exists (retried if it finished first)."""
    before = set(_temp_files(db.parent))
    for _ in range(10):
        proc = _start_build(db)
        while proc.poll() is None and set(_temp_files(db.parent)) <= before:
            time.sleep(0.001)
        if proc.poll() is None:
            proc.send_signal(sig)
            if sig == signal.SIGKILL:
                proc.wait(timeout=60)
            if set(_temp_files(db.parent)) - before:
                return proc
            if sig == signal.SIGSTOP:  # stopped just after its temporary file went: let it finish
                proc.send_signal(signal.SIGCONT)
        proc.communicate(timeout=60)
    raise AssertionError("no build was caught with its temporary file")


def test_build_removes_the_temp_files_of_a_killed_build_and_names_them(tmp_path):
    db = tmp_path / "kenpo.duckdb"
    build(db)
    before = _snapshot(db)
    _catch_mid_build(db, signal.SIGKILL).communicate(timeout=60)
    left = _temp_files(tmp_path)
    assert left and _snapshot(db) == before  # kill -9 mid-build: the store intact, its temp file left
    proc = _cli("build", "--db", str(db))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[:-1] == [
        f"removed {tmp_path / name}: a temporary file of a build that did not finish" for name in left
    ]
    assert proc.stdout.splitlines()[-1].startswith(f"built {db} (version ")
    assert os.listdir(tmp_path) == ["kenpo.duckdb"]


def test_build_leaves_the_temp_file_of_a_live_build(tmp_path, real_rows):
    """A build paused mid-way (SIGSTOP) is alive: another build beside it removes nothing, not even a
    dead build's file (it cannot tell them apart while a build runs); the paused one then completes."""
    db = tmp_path / "kenpo.duckdb"
    build(db)
    live = _catch_mid_build(db, signal.SIGSTOP)
    dead = tmp_path / ".kenpo.duckdb.dead0000.tmp"
    try:
        dead.write_bytes(b"left by a killed build")
        live_files = [name for name in _temp_files(tmp_path) if name != dead.name]
        assert live_files
        other = build(tmp_path / "kenpo.duckdb")
        assert other.removed == ()
        assert set(live_files) | {dead.name} <= set(_temp_files(tmp_path))
    finally:
        live.send_signal(signal.SIGCONT)
    out, err = live.communicate(timeout=60)
    assert live.returncode == 0, out + err
    assert f", {real_rows} figures) in " in out
    assert _temp_files(tmp_path) == [dead.name]
    assert [p.name for p in build(db).removed] == [dead.name]
    assert os.listdir(tmp_path) == ["kenpo.duckdb"]


def test_build_removes_only_the_temp_files_of_its_own_store(tmp_path):
    db = tmp_path / "kenpo.duckdb"
    stale = [".kenpo.duckdb.a1b2c3d4.tmp", ".kenpo.duckdb.a1b2c3d4.tmp.wal"]
    others = [
        ".other.duckdb.a1b2c3d4.tmp",
        ".kenpo.duckdb.notes",
        "kenpo.duckdb.a1b2c3d4.tmp",
        ".kenpo.duckdb.x.tmp.bak",
    ]
    for name in stale + others:
        (tmp_path / name).write_bytes(b"x")
    seen: list[Path] = []
    result = build(db, on_removed=seen.append)
    assert [p.name for p in result.removed] == [p.name for p in seen] == stale
    assert sorted(os.listdir(tmp_path)) == sorted(others + ["kenpo.duckdb"])


# -- unusable stores ----------------------------------------------------------------------


def test_missing_store(tmp_path):
    db = tmp_path / "nowhere" / "kenpo.duckdb"
    with pytest.raises(StoreUnavailable) as info:
        connect_readonly(db)
    assert str(db) in str(info.value)
    assert not db.parent.exists()  # opening read-only creates nothing


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda real: os.urandom(200_000), id="random bytes"),
        pytest.param(lambda real: b"", id="empty file"),
        pytest.param(lambda real: real[: len(real) // 2], id="truncated store"),
        pytest.param(lambda real: real[:4096] + os.urandom(len(real) - 4096), id="valid header, random body"),
        pytest.param(lambda real: b"source,title\nx,y\n", id="a CSV file"),
    ],
)
def test_corrupt_store(tmp_path, store_path, content):
    db = tmp_path / "kenpo.duckdb"
    db.write_bytes(content(store_path.read_bytes()))
    with pytest.raises(StoreUnavailable) as info:
        connect_readonly(db)
    assert str(db) in str(info.value)
    assert os.listdir(tmp_path) == ["kenpo.duckdb"]  # no .wal or other file made beside it


def test_duckdb_file_that_is_not_a_kenpo_store(tmp_path):
    import duckdb

    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    with pytest.raises(StoreUnavailable, match="store_meta") as info:
        connect_readonly(db)
    assert str(db) in str(info.value)


def test_read_only_connection_cannot_write(store_path):
    con = connect_readonly(store_path)
    try:
        with pytest.raises(Exception, match="read-only"):
            con.execute("DELETE FROM raw_facts")
        assert con.cursor().execute("SELECT count(*) FROM facts").fetchone()[0] > 0  # cursors read the store too
    finally:
        con.close()


# -- atomic replacement ---------------------------------------------------------------------


def test_stamp_changes_on_rebuild(tmp_path, data_b):
    db = tmp_path / "kenpo.duckdb"
    build(db)
    s1 = store_stamp(db)
    assert store_stamp(db) == s1
    build(db, data_b)
    assert store_stamp(db) != s1


def test_new_connection_sees_rebuilt_store_while_an_old_one_is_open(tmp_path, data_b, real_rows):
    """The dashboard keeps the old connection cached while it opens one for the new stamp;
    the new one must read the new file, not a database instance cached for the same path."""
    db = tmp_path / "kenpo.duckdb"
    a = build(db)
    old = connect_readonly(db)
    try:
        b = build(db, data_b)
        new = connect_readonly(db)
        try:
            assert new.execute("SELECT version, fact_rows FROM store_meta").fetchone() == (
                b.version,
                real_rows + EXTRA_ROWS,
            )
            assert new.execute("SELECT count(*) FROM facts").fetchone()[0] == real_rows + EXTRA_ROWS
            assert new.cursor().execute("SELECT count(*) FROM facts").fetchone()[0] == real_rows + EXTRA_ROWS
        finally:
            new.close()
        # the old connection goes on reading the old, complete store
        assert old.execute("SELECT version, fact_rows FROM store_meta").fetchone() == (a.version, real_rows)
        assert old.execute("SELECT count(*) FROM facts").fetchone()[0] == real_rows
    finally:
        old.close()


READER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from kenpo.store_access import connect_readonly
    db, stop, ready = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    seen, errors, n = {}, [], 0
    while not stop.exists():
        try:
            con = connect_readonly(db)
            try:
                version, fact_rows = con.execute("SELECT version, fact_rows FROM store_meta").fetchone()
                count = con.execute("SELECT count(*) FROM facts").fetchone()[0]
            finally:
                con.close()
            seen.setdefault(version, set()).add((fact_rows, count))
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        n += 1
        if n == 1:
            ready.touch()
        time.sleep(0.02)
    print(json.dumps({"n": n, "errors": errors[:5], "n_errors": len(errors),
                      "seen": {v: sorted(s) for v, s in seen.items()}}))
""")


def test_readers_never_see_an_error_or_a_half_built_store(tmp_path, data_b, real_rows):
    db = tmp_path / "kenpo.duckdb"
    expected = {build(db, data_b).version: real_rows + EXTRA_ROWS, build(db).version: real_rows}
    assert len(expected) == 2

    stop = threading.Event()
    thread_seen: list[tuple[str, int, int]] = []
    thread_errors: list[str] = []
    lock = threading.Lock()

    def read_in_thread(keep_open: bool):
        held = None
        while not stop.is_set():
            try:
                con = connect_readonly(db)
                try:
                    version, fact_rows = con.execute("SELECT version, fact_rows FROM store_meta").fetchone()
                    count = con.execute("SELECT count(*) FROM facts").fetchone()[0]
                    joined = con.execute("SELECT count(*) FROM facts_browser").fetchone()[0]
                finally:
                    if keep_open:  # hold the previous connection like a cached one in the dashboard
                        if held is not None:
                            held.close()
                        held = con
                    else:
                        con.close()
                with lock:
                    thread_seen.append((version, fact_rows, count))
                    if joined < 1:
                        thread_errors.append(f"empty facts_browser in {version}")
            except Exception as exc:
                with lock:
                    thread_errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.02)  # hammer the store, but leave the builder some CPU
        if held is not None:
            held.close()

    run = tmp_path / "run"
    run.mkdir()
    stop_file = run / "stop"
    procs = []
    for i in range(2):
        ready = run / f"ready{i}"
        procs.append(
            (
                ready,
                subprocess.Popen(
                    [sys.executable, "-c", READER, str(db), str(stop_file), str(ready)],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    threads = [threading.Thread(target=read_in_thread, args=(i == 0,), daemon=True) for i in range(2)]
    for t in threads:
        t.start()
    try:
        deadline = time.monotonic() + 30
        while not all(r.exists() for r, _ in procs) or len(thread_seen) < 2:
            assert time.monotonic() < deadline, "readers did not start"
            time.sleep(0.02)

        versions = []
        for i in range(10):
            versions.append(build(db, data_b if i % 2 == 0 else DATA_DIR).version)
    finally:
        stop.set()
        stop_file.touch()
        for t in threads:
            t.join(timeout=30)
        outputs = []
        for _, p in procs:
            out, err = p.communicate(timeout=60)
            outputs.append((p.returncode, out, err))

    assert set(versions) == set(expected)
    assert thread_errors == []
    assert len(thread_seen) > 20
    for version, fact_rows, count in thread_seen:
        assert version in expected
        assert count == fact_rows == expected[version]
    assert {v for v, _, _ in thread_seen} == set(expected), "threads should have seen both versions"

    for returncode, out, err in outputs:
        assert returncode == 0, err
        report = json.loads(out)
        assert report["n_errors"] == 0, report["errors"]
        assert report["n"] > 5
        for version, pairs in report["seen"].items():
            assert version in expected
            assert pairs == [[expected[version], expected[version]]]
    assert set().union(*(json.loads(o)["seen"] for _, o, _ in outputs)) == set(expected)

    # after all that: only the store is left beside the store
    assert sorted(os.listdir(tmp_path)) == ["kenpo.duckdb", "run"]
