"""年度末見込み on 支部 vs 全国: a part year's estimate is drawn apart from the actuals (a dotted
segment to a hollow diamond, labelled 見込み), said in a sentence with the target verdict, and
carried in the table and the downloads as 見込み（計算）, never as an actual; where the series
lacks what the estimate needs, the page says so and draws nothing."""

from __future__ import annotations

import io
import json

import pandas as pd
from openpyxl import load_workbook

from kenpo.downloads import OFFERED
from kenpo.shaping.pacing import KIND, LABEL
from tests.pages.conftest import assert_clean, charts, download_frame
from tests.pages.test_readability import _chart_rows, _layers

GUNMA_CARDS = {"branch": "群馬", "metric": "保険証回収率"}  # 令和6年度 to 11月: 83.62% → 81.59% in March


def _sentences(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**年度末見込み**")]


def _workbook_rows(at) -> pd.DataFrame:
    made = at.session_state[OFFERED]
    key = next(k for k in made if k.startswith("dl_xlsx_"))
    sheet = load_workbook(io.BytesIO(made[key]()))["データ"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_the_chart_draws_the_estimate_apart_and_labelled(open_page):
    at = open_page("branch_vs_national", **GUNMA_CARDS)
    assert_clean(at)
    (chart,) = charts(at)
    rows = _chart_rows(chart)
    # the estimate's rows: from the part year's actual 83.62 to 83.62 + (85.15 − 87.18) = 81.59
    marks = [r for r in rows if r.get("label") == f"{LABEL} 81.59%" and "actual" in r]
    assert len(marks) == 1
    assert (marks[0]["year_label"], marks[0]["actual"], marks[0]["value"]) == ("令和6年度", 83.62, 81.59)
    assert "見込み" in marks[0]["period"]
    # the actuals themselves are unchanged: no series point at 81.59
    assert not any(r.get("series") and r.get("value") == 81.59 and "actual" not in r for r in rows)
    spec = json.loads(chart.proto.spec)
    layers = list(_layers(spec))
    types = [(lyr["mark"]["type"] if isinstance(lyr["mark"], dict) else lyr["mark"]) for lyr in layers]
    dotted = [lyr for lyr, t in zip(layers, types) if t == "rule" and lyr["mark"].get("strokeDash") == [2, 4]]
    assert dotted and dotted[0]["encoding"]["y2"]["field"] == "value"  # a segment from the actual to the estimate
    hollow = [lyr for lyr, t in zip(layers, types) if t == "point" and lyr["mark"].get("shape") == "diamond"]
    assert hollow and hollow[0]["mark"]["filled"] is False
    assert "菱形は年度末見込み（計算）" in json.dumps(spec, ensure_ascii=False)


def test_the_sentence_says_how_and_against_the_target(open_page):
    at = open_page("branch_vs_national", **GUNMA_CARDS)
    (sentence,) = _sentences(at)
    assert "令和6年度の3月は **81.59%**" in sentence
    assert "11月の 83.62%" in sentence and "87.18 → 85.15、-2.03ポイント" in sentence
    assert "目標 85.15% に対して **未達見込み**" in sentence  # 81.59 < 85.15, higher is better
    assert "見込みは支部のみ" in sentence  # 全国 has no monthly figures to pace


def test_the_table_and_downloads_mark_the_estimate(open_page):
    at = open_page("branch_vs_national", **GUNMA_CARDS)
    table = at.dataframe[0].value
    estimated = table[table["種別"] == KIND]
    assert len(estimated) == 1
    row = estimated.iloc[0]
    assert row["年度"] == "令和6年度" and row["年度末見込み（計算）"] == 81.59
    assert pd.isna(row["支部実績"])  # never under the actual's column
    assert (row["目標との差"], row["目標の達成"]) == (-3.56, "未達見込み")
    assert row["出典"] == "群馬支部 令和6年度 事業計画 実施状況" and row["出典箇所"].startswith(
        "計算: "
    )  # its document, and how
    # the row follows its year's printed row
    assert list(table["種別"]) == ["資料の数値", "資料の数値", KIND]
    assert table["年度末見込み（計算）"].notna().sum() == 1

    _, csv = download_frame(at)
    rows = csv[csv["種別"] == KIND]
    assert len(rows) == 1
    r = rows.iloc[0]
    assert (r["年度"], str(r["月"]), r["集計区分"], float(r["値"])) == (2024, "3", "累計", 81.59)
    assert r["資料上の表記"] == ""  # computed: nothing printed
    assert r["出典箇所"].startswith("計算")
    assert (float(r["目標との差（計算）"]), r["目標の達成"]) == (-3.56, "未達見込み")
    # its place: right after 令和6年度's printed rows
    assert list(csv["種別"])[-1] == KIND
    book = _workbook_rows(at)
    assert book.loc[book["種別"] == KIND, "値"].tolist() == [81.59]


def test_no_estimate_without_the_months_or_a_prior_year(open_page):
    """三重 保険証回収率: 令和6年度 printed at 11月 alone, 令和5年度 only as a year figure."""
    at = open_page("branch_vs_national", branch="三重", metric="保険証回収率")
    assert_clean(at)
    (sentence,) = _sentences(at)
    assert "令和6年度" in sentence and "見込みは出していません" in sentence
    assert "前年度の同じ月と3月の数値もない" in sentence
    assert not any("見込み" in json.dumps(r, ensure_ascii=False) for r in _chart_rows(charts(at)[0]))
    table = at.dataframe[0].value
    assert "種別" not in table.columns and "年度末見込み（計算）" not in table.columns
    _, csv = download_frame(at)
    assert KIND not in set(csv["種別"])


def test_a_metric_without_a_part_year_says_nothing_of_estimates(open_page):
    at = open_page("branch_vs_national", branch="三重", metric="特定保健指導実施率（被保険者）")
    assert_clean(at)
    # 令和6年度 is to 10月 here (月数不足): said; a full-year-only metric would say nothing
    assert len(_sentences(at)) == 1
    at = open_page("branch_vs_national", branch="群馬", metric="サービススタンダードの達成状況")
    assert_clean(at)
    assert _sentences(at) == []


def test_the_kpi_matrix_carries_the_estimate_in_tooltip_table_and_download(open_page):
    at = open_page("branch_vs_national", branch="群馬", view="KPI一覧")
    assert_clean(at)
    table = at.dataframe[0].value
    row = table[(table["指標"] == "保険証回収率") & (table["年度"] == "令和6年度")].iloc[0]
    assert (row["年度末見込み（計算）"], row["見込みの判定"]) == (81.59, "未達見込み")
    assert row["支部実績"] == 83.62  # the actual as printed, the estimate beside it
    assert table["年度末見込み（計算）"].notna().sum() == 1
    cells = _chart_rows(charts(at)[0])
    tips = [r["estimate_text"] for r in cells if r.get("estimate_text") not in (None, "—")]
    assert tips == [f"81.59%（{LABEL}・未達見込み）"]
    assert any("年度末見込み（計算）" in c.value and "81.59%" in c.value for c in at.caption)
    _, csv = download_frame(at)
    rows = csv[csv["種別"] == KIND]
    assert [(m, y, float(v)) for m, y, v in rows[["指標", "年度", "値"]].values] == [("保険証回収率", 2024, 81.59)]


def test_the_kpi_matrix_says_why_a_part_year_has_no_estimate(open_page):
    at = open_page("branch_vs_national", branch="三重", view="KPI一覧")
    assert_clean(at)
    table = at.dataframe[0].value
    part = table[table["実績は年度途中"] == "はい"]
    assert len(part) >= 1
    assert set(part["見込みの判定"]) == {"見込みなし（月数不足）"}
    assert table["年度末見込み（計算）"].isna().all()
    _, csv = download_frame(at)
    assert KIND not in set(csv["種別"])


def test_the_estimate_chart_saves_as_an_image(open_page):
    at = open_page("branch_vs_national", **GUNMA_CARDS)
    made = at.session_state[OFFERED]
    svg = made["img_svg_chart"]().decode("utf-8")
    assert "見込み（前年同様の推移の場合）" in svg and "81.59" in svg
