"""検算 page and 概要's headline: the counts come from the reconciliation view, each check that does
not agree exactly is listed with its printed and recomputed figures and its note, the filters
narrow the list, the download marks the recomputed values 計算 and carries verdict and note, and
概要's line links to the page with the same counts."""

from __future__ import annotations

import io
import json

import duckdb
import pandas as pd
import pytest

from kenpo.downloads import OFFERED
from tests.pages.conftest import assert_clean, charts
from tests.pages.test_readability import _chart_rows


@pytest.fixture(scope="module")
def view(store_path) -> pd.DataFrame:
    with duckdb.connect(str(store_path), read_only=True) as con:
        return con.sql("SELECT * FROM reconciliation").df()


def _texts(at) -> list[str]:
    """The page's Markdown as it reads (the page escapes Markdown punctuation: 9\\.9% reads 9.9%)."""
    return [m.value.replace("\\", "") for m in at.markdown]


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _export(at) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(at.session_state[OFFERED]["dl_utf8_main"]()), dtype=str, keep_default_na=False)


def test_cards_chart_and_list_follow_the_view(open_page, view):
    at = open_page("reconciliation")
    assert_clean(at)
    counts = view["verdict"].value_counts()
    assert _metrics(at) == {
        "検算": f"{len(view):,}件",
        "一致": f"{counts['一致']:,}件",
        "端数差": f"{counts['端数差']:,}件",
        "不一致": f"{counts['不一致']:,}件",
    }
    (chart,) = charts(at)
    spec = json.loads(chart.proto.spec)
    assert spec["title"]["text"] == "資料ごとの検算の結果"
    assert "一者応札" not in json.dumps(spec)  # the chart counts; the figures are in the list
    disagreeing = int((view["verdict"] == "不一致").sum())
    assert f"不一致（{disagreeing}件）" in [s.value for s in at.subheader]
    rounding = int((view["verdict"] == "端数差").sum())
    assert at.expander[0].label == f"端数差（{rounding}件）：印字の丸めの範囲内の差"
    table = at.dataframe[0].value
    assert len(table) == len(view)
    assert set(table["判定"]) == {"一致", "端数差", "不一致"}


def test_a_chosen_document_is_charted_by_kind_of_check(open_page, view):
    at = open_page("reconciliation", source="令和5年度 事業報告書（案）概要版")
    assert_clean(at)
    (chart,) = charts(at)
    spec = json.loads(chart.proto.spec)
    assert spec["title"]["text"] == "令和5年度 事業報告書（案）概要版の検算の結果（種類別）"
    rows = _chart_rows(chart)
    mine = view[view["source"].str.startswith("003")]
    counted = {}
    for r in rows:
        if "kind" in r and "verdict" in r:
            counted[(r["kind"], r["verdict"])] = r["count"]
    expected = mine.groupby(["family", "verdict"]).size().to_dict()
    assert {k: v for k, v in counted.items() if v} == expected
    # the 端数差 list is folded and not drawn until opened
    assert at.expander[0].label.startswith("端数差（15件）")


def test_a_known_discrepancy_is_listed_with_its_figures_and_note(open_page):
    at = open_page("reconciliation", source="令和5年度 事業報告書（案）概要版", verdict="不一致")
    assert_clean(at)
    texts = _texts(at)
    # 68件 ÷ 692件 × 100 = 9.8266…%: shown at the printed decimals plus two, against the printed 9.9%
    assert any("一者応札割合" in t and "令和5年度 事業報告書" in t for t in texts)  # the figure and its document
    assert any("令和5年度：印字「9.9%」 ／ 再計算 9.827%（差 -0.073%）" in t for t in texts), texts
    assert any("68件÷692件＝9.83%" in t for t in texts)
    table = at.dataframe[0].value
    assert list(table["判定"]) == ["不一致"]
    assert table.iloc[0]["計算式"] == "(一者応札件数 68件) ÷ (一般競争入札契約件数 692件) × 100"


def test_rounding_differences_show_in_the_printed_scale(open_page):
    at = open_page("reconciliation", source="令和5年度 事業報告書（案）概要版", verdict="端数差", type="年度計")
    assert_clean(at)
    table = at.dataframe[0].value
    # 12 printed months of 新規加入者数 sum to 804.0万人; the printed 計 is 803.9万人
    row = table[table["項目"] == "新規加入者数"].iloc[0]
    assert (row["印字"], row["単位"], row["再計算"], row["差"]) == ("803.9", "万人", "804.0万人", "+0.1万人")
    assert len(table) == 4


def test_the_download_marks_recomputed_values_and_keeps_verdict_and_note(open_page, view):
    at = open_page("reconciliation", source="三重支部 令和7年度 事業計画 関係資料")
    assert_clean(at)
    export = _export(at)
    assert len(export) == len(view[view["source"].str.startswith("004")])
    assert {
        "検算の種類",
        "再計算した値（計算）",
        "差（計算）",
        "丸めで説明できる差（計算）",
        "判定",
        "計算式",
        "注記",
    } <= set(export.columns)
    budget = export[export["指標"] == "保健事業予算 見込額"].iloc[0]
    # printed 50,697千円; 28,998 + 5,210 + 10,921 + 5,481 = 50,610千円; 87千円 short
    assert (budget["値"], budget["単位"], budget["資料上の表記"]) == ("50697", "千円", "50,697千円")
    assert (budget["再計算した値（計算）"], budget["差（計算）"], budget["判定"]) == ("50610", "-87", "不一致")
    assert "87千円" in budget["注記"]
    assert (export.loc[export["判定"] == "一致", "注記"] == "").all()


def test_a_figure_that_disagrees_in_several_months_is_one_entry(open_page):
    at = open_page("reconciliation", source="群馬支部 令和6年度 事業計画 実施状況", verdict="不一致", type="累計")
    assert_clean(at)
    texts = _texts(at)
    # 健康保険委員の委嘱事業所数: FY2023 disagrees in 9 months (one note, one entry), FY2024 in July
    committee = [t for t in texts if t.startswith("- 令和5年度 6月末：印字「4,357」")]
    assert len(committee) == 1 and committee[0].count("\n- ") == 8
    assert "令和5年度 6月末：印字「4,357」 ／ 再計算 4,362事業所（差 +5事業所）" in committee[0]
    assert "計算式: 前月末 4,338 ＋ 当月 24" in committee[0]


def test_an_empty_choice_says_so(open_page):
    at = open_page("reconciliation", source="健康なまち・職場づくり宣言2020 達成状況", verdict="不一致")
    assert_clean(at)
    assert any("不一致の検算はありません" in i.value for i in at.info)


def test_home_headline_links_to_the_page_with_the_counts(open_page, view):
    at = open_page("home")
    assert_clean(at)
    counts = view["verdict"].value_counts()
    line = f"検算 {len(view):,}件：一致 {counts['一致']:,}・端数差 {counts['端数差']:,}・不一致 {counts['不一致']:,}"
    links = [p for p in at.get("page_link") if p.proto.label == line]
    assert len(links) == 1
    assert links[0].proto.page.endswith("reconciliation") or "reconciliation" in links[0].proto.page


def test_a_long_list_shows_its_first_rows_and_says_so(open_page, view, monkeypatch):
    """A national-scale store has some 25,000 checks: the table shows the first
    DATA_PAGE_ROW_LIMIT and says how many there are; the download keeps every one."""
    from kenpo import queries

    monkeypatch.setattr(queries, "DATA_PAGE_ROW_LIMIT", 100)
    at = open_page("reconciliation")
    assert_clean(at)
    assert len(at.dataframe[0].value) == 100
    assert any(f"{len(view):,}件のうち先頭100件を表示しています" in w.value for w in at.warning)
    assert len(_export(at)) == len(view)
