"""Opening the store while it is replaced again and again: the dashboard's connection
(kenpo.connection.open_current) never hands out a version it has already closed."""

from __future__ import annotations

import os
import threading

from kenpo import connection


def test_a_store_replaced_during_every_open_still_gives_an_open_version(store_path, tmp_path, monkeypatch):
    live = tmp_path / "kenpo.duckdb"
    live.write_bytes(store_path.read_bytes())
    monkeypatch.setenv("KENPO_DB", str(live))
    stop = threading.Event()
    stamps = [0]

    def touch():  # a new mtime for every look: to open_current the file is replaced all the time
        base = live.stat().st_mtime_ns
        while not stop.is_set():
            stamps[0] += 1
            os.utime(live, ns=(base + stamps[0], base + stamps[0]))

    toucher = threading.Thread(target=touch, daemon=True)
    toucher.start()
    try:
        for _ in range(5):
            version = connection.open_current()
            assert version.query("SELECT count(*) AS n FROM facts", ())["n"].iloc[0] > 0
    finally:
        stop.set()
        toucher.join()
    assert stamps[0] > 10  # the file really was changing while it was opened
