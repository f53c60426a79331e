"""AppTest fixtures: every page runs against a real store built from data/.

Downloads are read back from the media storage AppTest creates for each run (Streamlit's
test harness, not our code): a subclass records the storages so the bytes a user would
download can be checked.
"""
from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from kenpo.paths import ROOT

APP = str(ROOT / "app.py")


class _RecordingStorage(MemoryMediaFileStorage):
    instances: list[MemoryMediaFileStorage] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _RecordingStorage.instances.append(self)


@pytest.fixture
def open_page(store_path, monkeypatch):
    """open_page('national', view='KPI') -> an AppTest that has run the page with those URL parameters."""
    monkeypatch.setenv("KENPO_DB", str(store_path))
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", _RecordingStorage)

    def _open(slug: str, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page(f"pages/{slug}.py")
        for key, value in params.items():
            at.query_params[key] = str(value)
        at.run()
        return at

    return _open


def charts(at: AppTest):
    return at.get("vega_lite_chart")


def download_bytes(at: AppTest, index: int = 0) -> bytes:
    """The bytes behind the index-th download button, as the browser would receive them."""
    url = at.get("download_button")[index].proto.url
    filename = url.rsplit("/", 1)[-1]
    for storage in reversed(_RecordingStorage.instances):
        try:
            return storage.get_file(filename).content
        except Exception:  # noqa: BLE001 - not in this storage
            continue
    raise AssertionError(f"download {url} not found")


def download_frame(at: AppTest, index: int = 0) -> tuple[bytes, pd.DataFrame]:
    raw = download_bytes(at, index)
    return raw, pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)


def assert_clean(at: AppTest) -> None:
    """No exception and no error element on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
