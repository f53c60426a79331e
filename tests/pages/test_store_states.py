"""Every page against a store without figures, with some figures missing, and with damaged data
blocks: a message in Japanese under the page's title saying what to do, never "None", never a
traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from kenpo.build.store import build
from kenpo.navigation import SECTIONS
from kenpo.paths import DATA_DIR
from tests.pages.conftest import new_session, page_title

TITLES = {slug: title for _, items in SECTIONS for slug, title, _ in items}
NATIONAL_VIEWS = ["推移", "月別の加入・喪失", "KPI", "健診等"]
PAGES = (
    [(slug, {}) for slug in TITLES]
    + [("national", {"view": v}) for v in NATIONAL_VIEWS[1:]]
    + [("branch_vs_national", {"view": "KPI一覧"}), ("insurers", {"view": "事業所規模"})]
)
IDS = [slug + "".join(f"-{v}" for v in params.values()) for slug, params in PAGES]

BLOCK = 262_144  # DuckDB's storage block; the file has a 12 KiB header before the first one
HEADER = 12_288


def _store_from(tmp_path_factory, name: str, emptied: str) -> Path:
    """A store built from a copy of data/ whose files matching ``emptied`` keep their header only."""
    root = tmp_path_factory.mktemp(name)
    data = root / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    for path in data.glob(emptied):
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    db = root / "kenpo.duckdb"
    build(db, data_dir=data)
    return db


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory):
    """Every figure file of data/ with its header only (the validator warns, the build goes on)."""
    return _store_from(tmp_path_factory, "empty", "[0-9][0-9][0-9]_*.csv")


@pytest.fixture(scope="module")
def store_without_003(tmp_path_factory):
    """Every document but 003 (協会けんぽ 事業報告書): the figures of 全国 are missing."""
    return _store_from(tmp_path_factory, "no003", "003_*.csv")


@pytest.fixture(scope="module")
def one_table_damaged(tmp_path_factory, store_path):
    """A real store with bytes overwritten in the middle of the file, in the one data block of
    health_check_counts: a table that only 全国's 健診等 view reads."""
    path = tmp_path_factory.mktemp("damaged") / "kenpo.duckdb"
    shutil.copyfile(store_path, path)
    con = duckdb.connect(str(path), read_only=True)
    blocks = {
        r[0]
        for r in con.execute(
            "SELECT block_id FROM pragma_storage_info('health_check_counts') WHERE block_id >= 0"
        ).fetchall()
    }
    con.close()
    assert len(blocks) == 1, blocks
    with path.open("r+b") as f:
        f.seek(HEADER + blocks.pop() * BLOCK + 64)  # past the block's checksum, into its data
        f.write(b"\xa5" * 256)
    return path


def _run(path: Path, monkeypatch, slug: str, params: dict) -> AppTest:
    monkeypatch.setenv("KENPO_DB", str(path))
    return new_session(slug, params)


def _elements(node) -> list:
    """Every element drawn, in page order (sidebar and main)."""
    if isinstance(node, Block) or getattr(node, "children", None):
        return [e for child in node.children.values() for e in _elements(child)]
    return [node] if getattr(node, "proto", None) is not None else []


def _text(at: AppTest) -> str:
    """Everything the page says: every element's fields (labels, values, options, chart titles)."""
    return "\n".join(text_format.MessageToString(e.proto, as_utf8=True) for e in _elements(at._tree))


def _heading_then_message(at: AppTest, slug: str) -> None:
    kinds = [(e.type, getattr(e, "value", "")) for e in _elements(at._tree)]
    heading = next(i for i, (kind, value) in enumerate(kinds) if kind == "markdown" and str(value).startswith("# "))
    message = next(i for i, (kind, _) in enumerate(kinds) if kind in ("error", "warning", "info"))
    assert page_title(at) == TITLES[slug] and heading < message, kinds


@pytest.mark.parametrize("slug, params", PAGES, ids=IDS)
def test_store_without_figures_says_so_under_the_title(empty_store, monkeypatch, slug, params):
    at = _run(empty_store, monkeypatch, slug, params)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    _heading_then_message(at, slug)
    assert any("数値が1件もありません" in w.value and "data/" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]
    assert any("python -m kenpo build" in c.value for c in at.code)
    assert "None" not in _text(at)


@pytest.mark.parametrize("view", NATIONAL_VIEWS)
def test_national_view_without_its_figures_says_so(store_without_003, monkeypatch, view):
    """全国 推移 used to be titled 「全国 Noneの推移」 (no metric to pick); KPI raised."""
    at = _run(store_without_003, monkeypatch, "national", {"view": view})
    assert not at.exception, [e.value for e in at.exception]
    assert any("データストアにありません" in i.value and "data/" in i.value for i in at.info), [
        i.value for i in at.info
    ]
    assert not at.get("vega_lite_chart")
    assert "None" not in _text(at)


@pytest.mark.parametrize("slug, params", PAGES, ids=IDS)
def test_damaged_data_block_is_found_on_every_page(one_table_damaged, monkeypatch, slug, params):
    """A page that does not read the damaged table must not show figures from a store that fails
    its checksums: the store is read through once when it is opened."""
    at = _run(one_table_damaged, monkeypatch, slug, params)
    assert not at.exception, [e.value for e in at.exception]
    assert any("データストアを開けません" in e.value for e in at.error), [e.value for e in at.error]
    assert any("python -m kenpo build" in c.value for c in at.code)
    assert not at.get("vega_lite_chart") and not at.metric and not at.dataframe
    _heading_then_message(at, slug)


@pytest.mark.parametrize("slug", list(TITLES))
def test_unreadable_store_message_stands_under_the_page_title(tmp_path, monkeypatch, slug):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a duckdb file" * 100)
    at = _run(bad, monkeypatch, slug, {})
    assert not at.exception
    assert at.error and "データストアを開けません" in at.error[0].value
    _heading_then_message(at, slug)
