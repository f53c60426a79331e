"""`make publish FROM=...` (deploy/publish.py): a store built elsewhere is checked, then put in place
in one rename; a damaged one is refused and the store is left byte-identical, with no temporary
file left beside it. (Publishing under load, with replicas: tests/deploy/test_shared_deployment.py.)"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys

import pytest

from deploy.publish import publish_file, store_version
from kenpo.paths import ROOT
from kenpo.store_access import StoreUnavailable


@pytest.fixture
def live(store_path, tmp_path):
    path = tmp_path / "srv" / "kenpo.duckdb"
    path.parent.mkdir()
    shutil.copy(store_path, path)
    os.chmod(path, 0o444)  # a read-only store stays read-only
    return path


def test_a_good_store_is_renamed_into_place(store_path, live):
    before = os.stat(live)
    version = publish_file(store_path, live)
    after = os.stat(live)
    assert version == store_version(live)
    assert after.st_ino != before.st_ino  # a new file under the name, not the old one written over
    assert stat.S_IMODE(after.st_mode) == 0o444
    assert sorted(p.name for p in live.parent.iterdir()) == ["kenpo.duckdb"]


@pytest.mark.parametrize("damage", ["truncated", "not a store"])
def test_a_damaged_store_is_refused_and_nothing_changes(store_path, live, tmp_path, damage):
    bad = tmp_path / "bad.duckdb"
    data = store_path.read_bytes()
    bad.write_bytes(data[: len(data) // 3] if damage == "truncated" else b"kenpo" * 1000)
    original = live.read_bytes()
    inode = os.stat(live).st_ino
    with pytest.raises(StoreUnavailable):
        publish_file(bad, live)
    assert live.read_bytes() == original and os.stat(live).st_ino == inode
    assert sorted(p.name for p in live.parent.iterdir()) == ["kenpo.duckdb"]


def test_the_command_says_what_it_did(store_path, live, tmp_path):
    script = ROOT / "deploy" / "publish.py"
    ok = subprocess.run(
        [sys.executable, str(script), "--store", str(live), "--from", str(store_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"published {live} (version ")
    missing = subprocess.run(
        [sys.executable, str(script), "--store", str(live), "--from", str(tmp_path / "none.duckdb")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 1
    assert "publish failed" in missing.stderr and "was left as it was" in missing.stderr
