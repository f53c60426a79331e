"""Documents are named as a planner cites them (data/sources.csv short_title), datasets by their
Japanese title (data/datasets.csv): no file name of a seed document on any page, in any caption,
text, widget, table, CSV download or chart image, except データ's list of documents; no dataset id in データ's
filters; and the addresses written before (a file name, a dataset id) still open their view."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pyarrow as pa
import pytest

from kenpo import navigation
from kenpo.downloads import OFFERED
from kenpo.paths import DATA_DIR
from tests.pages import widgets
from tests.pages.conftest import assert_clean
from tests.pages.walk import params_of

# A seed document's file name (000_ea8c514f59c29b9d.txt), also as a CSV name a download could get.
FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.(?:txt|csv)")
ASCII_ID = re.compile(r"^[A-Za-z0-9_]+$")


def _rows(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


SHORT = {r["source"]: r["short_title"] for r in _rows("sources.csv")}
DATASET_TITLES = {r["dataset"]: r["title"] for r in _rows("datasets.csv")}


def _elements(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _elements(child)


def _is_document_list(slug: str, element) -> bool:
    """データ's list of the five documents: the one place a file name is shown."""
    value = getattr(element, "value", None)
    return slug == "data" and element.type == "markdown" and isinstance(value, str) and value.startswith("## 出典")


def _chart_text(proto) -> str:
    """What a chart can show: its spec (titles, labels) and the columns of its data the spec
    draws or puts in a tooltip (a chart's data carries its frame's other columns along unseen)."""
    fields = set(re.findall(r'"field":\s*"([^"]+)"', proto.spec))
    shown = [proto.spec]
    for dataset in proto.datasets:
        table = pa.ipc.open_stream(dataset.data.data).read_all()
        shown += [
            json.dumps(table.column(c).to_pylist(), ensure_ascii=False, default=str)
            for c in table.column_names
            if c in fields
        ]
    return "\n".join(shown)


def _download_text(raw: bytes) -> str:
    """A download's text: a CSV's, a chart image's SVG, or every XML part of a workbook (its cells
    and sheet names)."""
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            return "\n".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    return raw.decode("utf-8-sig")


def file_names_shown(slug: str, at) -> list[str]:
    """Every file name in what the view shows (each element's whole message: text, labels,
    options, help, table data; a chart's spec and the data it draws) and in each download."""
    found = []
    for block in (at.sidebar, at.main):
        for element in _elements(block):
            proto = getattr(element, "proto", None)
            if proto is None or _is_document_list(slug, element):
                continue
            text = _chart_text(proto) if element.type == "vega_lite_chart" else str(proto)
            found += [f"{element.type}: {m}" for m in FILE_NAME.findall(text)]
    for key, make in at.session_state[OFFERED].items() if OFFERED in at.session_state else ():
        if key.startswith("img_png_"):
            continue  # the same image as the chart's SVG, whose text is read
        if any(b.key == key for b in at.get("download_button")):
            found += [f"download {key}: {m}" for m in FILE_NAME.findall(_download_text(make()))]
    return found


def _sample(open_page, slug: str):
    """The page's default view, then from it the second and the last option of each single-choice
    filter (a lighter sample than the walk in tests/pages/walk.py)."""
    at = open_page(slug)
    yield "default", at
    for box in widgets.singles(at):
        for option in dict.fromkeys(box.options[1:2] + box.options[-1:]):
            if option == box.value:
                continue
            view = open_page(slug, **params_of(at))
            widgets.single(view, box.key).set_value(option).run()
            yield f"{box.key}={option}", view


@pytest.mark.parametrize("slug", navigation.slugs())
def test_no_file_name_on_screen_or_in_a_download(open_page, slug):
    shown = {}
    for how, at in _sample(open_page, slug):
        assert_clean(at)
        if found := file_names_shown(slug, at):
            shown[how] = found[:3]
    assert not shown, shown


def test_the_documents_list_names_each_document_by_title_short_title_publisher_and_file_name(open_page):
    at = open_page("data")
    (block,) = [m.value for m in at.markdown if _is_document_list("data", m)]
    for source, short in SHORT.items():
        assert source.replace("_", "\\_") in block and short in block


def test_tables_and_captions_cite_the_short_title(open_page):
    """A comparison cites the branch document and, for its national figures, the national one."""
    at = open_page("branch_vs_national", branch="群馬", metric="保険証回収率")
    assert_clean(at)
    table = at.dataframe[0].value
    assert set(table["出典"]) == {SHORT["002_3cca3b27335fda2a.txt"]}
    assert set(table["全国実績の出典"]) - {""} == {SHORT["003_9fe123e5a1b14397.txt"]}
    caption = next(c.value for c in at.caption if c.value.startswith("出典:"))
    assert caption.startswith(f"出典: {SHORT['002_3cca3b27335fda2a.txt']} 「")
    assert f" / {SHORT['003_9fe123e5a1b14397.txt']} 「" in caption


def test_home_cards_cite_the_short_title(open_page):
    at = open_page("home")
    helps = [m.proto.help for m in at.metric if m.proto.help.startswith("出典:")]
    assert helps and all(h.startswith(f"出典: {SHORT['003_9fe123e5a1b14397.txt']}「") for h in helps)


def test_data_page_filters_show_titles_never_ids(open_page):
    at = open_page("data")
    assert_clean(at)
    sources, datasets = widgets.single(at, "source"), widgets.single(at, "dataset")
    assert sources.options[1:] == list(SHORT.values())
    assert sorted(datasets.options[1:]) == sorted(DATASET_TITLES.values())
    for source, short in SHORT.items():  # the datasets of each document, as the filter narrows them
        view = open_page("data", source=short)
        assert_clean(view)
        options = widgets.single(view, "dataset").options[1:]
        assert options and not [o for o in options if ASCII_ID.match(o)], (source, options)
        assert not [o for b in widgets.singles(view) for o in b.options if FILE_NAME.search(o)]
    table = at.dataframe[0].value
    assert set(table["データセット"]) <= set(DATASET_TITLES.values())
    assert set(table["出典"]) == set(SHORT.values())


@pytest.mark.parametrize(
    "params,source,dataset",
    [
        ({"source": "003_9fe123e5a1b14397.txt"}, "003_9fe123e5a1b14397.txt", None),
        ({"dataset": "national_card_recovery"}, None, "national_card_recovery"),
        (
            {"source": "002_3cca3b27335fda2a.txt", "dataset": "gunma_claims_recovery"},
            "002_3cca3b27335fda2a.txt",
            "gunma_claims_recovery",
        ),
    ],
)
def test_an_address_written_with_a_file_name_or_a_dataset_id_opens_the_same_view(open_page, params, source, dataset):
    old = open_page("data", **params)
    assert_clean(old)
    assert not old.warning, [w.value for w in old.warning]  # no notice: the old value is read as its label
    new = {}
    if source:
        assert widgets.single(old, "source").value == SHORT[source]
        new["source"] = SHORT[source]
    if dataset:
        assert widgets.single(old, "dataset").value == DATASET_TITLES[dataset]
        new["dataset"] = DATASET_TITLES[dataset]
    assert {k: params_of(old)[k] for k in new} == new  # the address is written with the titles from now on
    now = open_page("data", **new)
    assert_clean(now)
    assert now.dataframe[0].value.equals(old.dataframe[0].value)
    if source:
        assert set(old.dataframe[0].value["出典"]) == {SHORT[source]}
    if dataset:
        assert set(old.dataframe[0].value["データセット"]) == {DATASET_TITLES[dataset]}


@pytest.mark.parametrize("slug", navigation.slugs())
def test_list_filters_hint_in_japanese(open_page, slug):
    """A selectbox or multiselect shows its placeholder when nothing is chosen (Streamlit's default
    is "Choose an option"): it reads in Japanese."""
    at = open_page(slug)
    boxes = [*at.selectbox, *at.multiselect]
    for box in boxes:
        assert box.proto.placeholder and not box.proto.placeholder.isascii(), (box.key, box.proto.placeholder)
