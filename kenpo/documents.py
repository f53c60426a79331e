"""How the dashboard names a source document and a dataset of it: the one owner of both.

- ``short_title``: the name a planner cites (data/sources.csv ``short_title``). Chart captions,
  the 出典 columns of tables and CSV downloads, card help texts and データ's 資料 filter show it.
- The full title, publisher, period and scope, and the document's file name in ../shared/seeds,
  appear only in データ's list of documents (``kenpo.shaping.data.sources_markdown``); nowhere else
  does a page show a file name.
- ``dataset_title``: a dataset's Japanese title (data/datasets.csv) for データ's データセット filter
  and table, instead of its ASCII id.

The names come from the store (the ``sources`` and ``datasets`` marts), read like any query: cached per store version
and read from the version the page run has pinned (kenpo.connection). The lookup is derived once
per version's frame (kenpo.derived). A derived function of query frames may name documents through
this module: its input frames belong to the version the run reads, so a result cached by their
identity never mixes names of two versions.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kenpo import queries
from kenpo.derived import derived


@derived
def _short_titles(sources: pd.DataFrame) -> dict[str, str]:
    """{file name: short title} for every document (a shared dict: do not modify it)."""
    return dict(zip(sources["source"], sources["short_title"]))


def _name(names: dict[str, str], key: object) -> str:
    """The name of ``key`` in ``names``; "" for none; a key without a name shown as it is."""
    return names.get(key, key) if isinstance(key, str) and key else ""


def _names(names: dict[str, str], keys: pd.Series) -> pd.Series:
    """A column of keys as names (missing stays missing)."""
    return keys.map(lambda k: names.get(k, k) if isinstance(k, str) else k)


def short_title(source: object) -> str:
    """The document's short title; "" for no document (a comparison row without a national
    figure). A file name the catalogue does not list (the build refuses such data) is shown as it is."""
    return _name(_short_titles(queries.sources()), source)


def short_titles(sources: pd.Series) -> pd.Series:
    """A column of file names as short titles (missing stays missing)."""
    return _names(_short_titles(queries.sources()), sources)


@derived
def _dataset_titles(datasets: pd.DataFrame) -> dict[str, str]:
    """{dataset id: title}. The mart gives every dataset a title (a dataset datasets.csv leaves out
    takes its first section heading). Keyed by id alone, as データ filters by id alone."""
    return {d: t if isinstance(t, str) and t else d for d, t in zip(datasets["dataset"], datasets["title"])}


def dataset_title(dataset: object) -> str:
    """The dataset's title; "" for none."""
    return _name(_dataset_titles(queries.datasets()), dataset)


def dataset_namer() -> Callable[[object], str]:
    """``dataset_title`` with the store's names read once: for a picker that names 90-odd options
    (one query per option was a tenth of データ's server time per rerun)."""
    names = _dataset_titles(queries.datasets())
    return lambda dataset: _name(names, dataset)


def dataset_titles(datasets: pd.Series) -> pd.Series:
    """A column of dataset ids as titles."""
    return _names(_dataset_titles(queries.datasets()), datasets)


@derived
def _printed_order(datasets: pd.DataFrame) -> dict[str, int]:
    return {d: i for i, d in enumerate(datasets["dataset"])}


def in_printed_order(datasets: list) -> list:
    """Dataset ids by document, then by where their first row stands in data/ (the datasets mart's
    printed_order): how データ's データセット filter lists them."""
    order = _printed_order(queries.datasets())
    return sorted(datasets, key=lambda d: order.get(d, len(order)))
