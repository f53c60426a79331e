"""年度末見込み on 支部 月次: the estimate is drawn dotted and labelled 見込み in the chart, has its
own 見込み（計算） rows in the table and the download, and a sentence says how it was computed and
how it compares with the target; no estimate where the series lacks what it needs."""

from __future__ import annotations

import io
import json

import pandas as pd

from kenpo.downloads import OFFERED
from kenpo.shaping.pacing import KIND, LABEL
from tests.pages.conftest import assert_clean, charts
from tests.pages.test_readability import _chart_rows


def _texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def _export(at) -> pd.DataFrame:
    made = at.session_state[OFFERED]
    return pd.read_csv(io.BytesIO(made["dl_utf8_main"]()), dtype=str)


def test_the_estimate_is_labelled_in_chart_table_sentence_and_download(open_page):
    at = open_page("branch_monthly", branch="群馬", metric="保険証回収率", basis="累計")
    assert_clean(at)
    (chart,) = charts(at)
    rows = _chart_rows(chart)
    # the dotted path: November's actual 83.62, then 82.80, 82.25, 81.71, 81.59 (prior year's moves)
    assert [r["value_text"] for r in rows if "見込み" in str(r.get("period", ""))] == [
        "83.62",
        "82.80",
        "82.25",
        "81.71",
        "81.59",
    ]
    assert any(r.get("text") == f"{LABEL} 81.59%" for r in rows)
    spec = json.loads(chart.proto.spec)
    assert "strokeDash" in json.dumps(spec)  # drawn dotted, never as an actual line
    sentence = next(t for t in _texts(at) if t.startswith("**年度末見込み**"))
    assert "**81.59%**" in sentence and "83.62%" in sentence and "-2.03ポイント" in sentence
    assert "目標 85.15% に対して **未達見込み**" in sentence
    table = at.dataframe[0].value
    estimated = table[table["種別"] == KIND]
    assert list(estimated["月"]) == ["12月", "1月", "2月", "3月"]
    assert list(estimated["値"].round(2)) == [82.80, 82.25, 81.71, 81.59]
    # cited as the document the estimate is computed from, its section saying it is a calculation
    assert set(estimated["出典"]) == {"群馬支部 令和6年度 事業計画 実施状況"}
    assert estimated["出典箇所"].str.startswith("計算: ").all()
    export = _export(at)
    rows = export[export["種別"] == KIND]
    assert list(rows["月"]) == ["12", "1", "2", "3"] and list(rows["値"]) == ["82.8", "82.25", "81.71", "81.59"]
    assert (rows["資料上の表記"].fillna("") == "").all()  # computed: nothing printed
    assert rows["出典箇所"].str.startswith("計算").all()


def test_a_monthly_count_is_estimated_as_the_years_total(open_page):
    at = open_page("branch_monthly", branch="群馬", metric="家族出産一時金", basis="単月")
    assert_clean(at)
    sentence = next(t for t in _texts(at) if t.startswith("**年度末見込み**"))
    assert "年度計は **495件**" in sentence and "158件" in sentence and "423件" in sentence and "135件" in sentence
    table = at.dataframe[0].value
    assert table.loc[table["種別"] == KIND, "月"].tolist() == ["年度"]
    export = _export(at)
    assert export.loc[export["種別"] == KIND, "行の種類"].tolist() == ["年度"]


def test_no_estimate_is_drawn_for_a_monthly_rate(open_page):
    at = open_page("branch_monthly", branch="群馬", metric="ジェネリック医薬品使用割合", basis="単月")
    assert_clean(at)
    sentence = next(t for t in _texts(at) if t.startswith("**年度末見込み**"))
    assert "見込みは出していません" in sentence
    assert not any("見込み" in str(r) for r in _chart_rows(charts(at)[0]))
    assert KIND not in set(at.dataframe[0].value["種別"])
