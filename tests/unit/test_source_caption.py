"""The source line under a chart (kenpo.shaping.frames.source_caption): each document by its
short title (data/sources.csv, read from a store built from data/), then its sections."""

from __future__ import annotations

import pandas as pd
import pytest

from kenpo.shaping import frames

S002, S003 = "002_3cca3b27335fda2a.txt", "003_9fe123e5a1b14397.txt"
T002, T003 = "群馬支部 令和6年度 事業計画 実施状況", "令和5年度 事業報告書（案）概要版"


@pytest.fixture(autouse=True)
def _store(store_path, monkeypatch):
    monkeypatch.setenv("KENPO_DB", str(store_path))


def test_each_document_once_with_its_sections_in_order():
    frame = pd.DataFrame({"source": [S002, S002, S003, S002], "section": ["表A", "表A", "表B", "表C"]})
    assert frames.source_caption(frame) == f"出典: {T002} 「表A」「表C」 / {T003} 「表B」"


def test_national_figures_cite_their_own_source():
    frame = pd.DataFrame(
        {"source": [S002], "section": ["KPI"], "national_source": [S003], "national_section": ["全国KPI"]}
    )
    assert frames.source_caption(frame) == f"出典: {T002} 「KPI」 / {T003} 「全国KPI」"


def test_a_quoted_title_in_a_heading_nests_instead_of_doubling_brackets():
    frame = pd.DataFrame({"source": [S002], "section": ["「健康なまち・職場づくり宣言2020」各年度の達成状況"]})
    assert frames.source_caption(frame) == f"出典: {T002} 「『健康なまち・職場づくり宣言2020』各年度の達成状況」"


def test_many_sections_are_summarised_and_left_to_the_table():
    frame = pd.DataFrame({"source": [S002] * 7, "section": [f"表{i}" for i in range(7)]})
    assert frames.source_caption(frame) == f"出典: {T002} 「表0」「表1」「表2」 ほか4箇所（表の出典箇所の列）"


def test_no_rows_no_line():
    assert frames.source_caption(pd.DataFrame({"source": [], "section": []})) == ""
