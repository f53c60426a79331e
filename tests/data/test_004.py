"""Data tests for source 004 (三重支部 令和7年度 事業計画 関係資料; 三重 vs 全国).

Files: data/004_mie_kpi.csv, data/004_mie_plan_text.csv, data/004_mie_issues.csv, data/004_mie_budget.csv.
Every expected value below was read by hand from /work/shared/seeds/004_d6ee1ea992777844.txt;
the national cross-check figures were read by hand from /work/shared/seeds/003_9fe123e5a1b14397.txt.
"""

import math
import unicodedata

import pandas as pd
import pytest

from tests.data import checks, lookup

SRC = "004_d6ee1ea992777844.txt"
SRC003 = "003_9fe123e5a1b14397.txt"


def N(text):
    """NFKC-normalise a label (（）→(), －→-) so comparisons do not depend on the store's spelling."""
    return unicodedata.normalize("NFKC", text)


KEY = ["source", "dataset", "scope", "metric", "kind", "fiscal_year", "month", "basis"]

ROW_COUNTS = {
    # 004_mie_kpi.csv
    "mie_kpi_charts": 113,  # 13 charts × 8 figures + 2 (被扶養者 footnote) + 7 (健康宣言事業所数 stack)
    "mie_kpi_r7": 19,
    # 004_mie_plan_text.csv
    "mie_plan_text": 16,
    # 004_mie_issues.csv
    "mie_focus_kpi": 7,
    "mie_focus_service": 2,
    "mie_foreign_debtors": 54,
    "mie_focus_debt": 2,
    "mie_metabolic_risk": 7,
    "mie_diabetes_program": 4,
    "mie_road_freight": 2,
    "mie_out_of_hours": 2,
    # 004_mie_budget.csv
    "mie_budget_r7": 10,
}

# The 13 charts with the series 三重実績 / 三重KPI / 全国実績 (令和4年度, 令和5年度, 令和6年X月).
# R6 month as labelled under each chart, and the R6 basis chosen.
CHART_METRICS = {
    "現金給付の申請に係る郵送化率": (10, "累計"),
    "協会けんぽの再審査レセプト1件当たりの査定額": (9, "累計"),
    "レセプト点検の査定率": (9, "累計"),
    "保険証回収率": (11, "累計"),
    "返納金債権回収率": (10, "累計"),
    "生活習慣病予防健診実施率": (10, "累計"),
    "被扶養者の特定健診実施率": (10, "累計"),
    "事業者健診データ取得率": (10, "累計"),
    "特定保健指導実施率（被保険者）": (10, "累計"),
    "未治療者において健診受診月から10か月以内に医療機関を受診した者の割合": (10, "累計"),
    "ジェネリック医薬品使用割合": (8, "単月"),
    "健康保険委員が委嘱されている事業所の被保険者数の割合": (9, "時点"),
    "一般競争入札に占める一者応札案件の割合": (11, "累計"),
}

# Charts whose definition changes at 令和6年度: the 令和4・5年度 figures are stored under the earlier
# definition's label (003's label for the same definition), the 令和6年度 figures under the chart title,
# so that one label carries one definition. chart title -> (label up to 令和5年度, words in the notes: old, new).
DEFINITION_BREAKS = {
    # 「※令和6年度より協会単独の点検査定率へ変更」; 003 (5) 「支払基金と合算した査定率は0.423%（前年度は0.337％）」
    "レセプト点検の査定率": ("レセプト点検の査定率（支払基金と合算）", "合算", "協会単独"),
    # 「令和5年度までは受診勧奨後3か月以内の受診割合」; 003 KPI 「受診勧奨後3か月以内に医療機関を受診した者の割合」
    "未治療者において健診受診月から10か月以内に医療機関を受診した者の割合": (
        "受診勧奨後3か月以内に医療機関を受診した者の割合",
        "3か月以内",
        "10か月以内",
    ),
}


def chart_label(chart, fy):
    """The metric label a chart's figure of fiscal year ``fy`` is stored under."""
    return DEFINITION_BREAKS[chart][0] if chart in DEFINITION_BREAKS and fy < 2024 else chart


# Each chart as printed, after assigning the numbers to series in legend order:
# (三重実績 R4, R5, R6-to-date), (三重KPI R4, R5, R6), (全国実績 R4, R5)
CHARTS = {
    "現金給付の申請に係る郵送化率": ((96, 95.7, 95.9), (95.5, 96.0, 95.7), (95.7, 95.6)),
    "協会けんぽの再審査レセプト1件当たりの査定額": ((6742, 8683, 10647), (4422, 6742, 8683), (7125, 8472)),
    "レセプト点検の査定率": ((0.325, 0.371, 0.129), (0.242, 0.325, 0.156), (0.337, 0.423)),
    "保険証回収率": ((90.84, 91.32, 91.60), (89.70, 90.84, 91.32), (86.27, 82.10)),
    "返納金債権回収率": ((69.20, 74.43, 53.89), (67.99, 69.20, 74.43), (54.35, 53.29)),
    "生活習慣病予防健診実施率": ((69.7, 71.2, 29.3), (66.0, 67.6, 68.5), (56.4, 57.7)),
    "被扶養者の特定健診実施率": ((31.1, 31.9, 12.9), (30.3, 31.7, 34.1), (27.7, 28.3)),
    "事業者健診データ取得率": ((10.9, 7.5, 3.6), (14.0, 14.6, 11.0), (8.8, 7.1)),
    "特定保健指導実施率（被保険者）": ((16.2, 17.7, 9.4), (30.3, 37.3, 20.2), (18.2, 19.8)),
    "未治療者において健診受診月から10か月以内に医療機関を受診した者の割合": (
        (10.3, 11.3, 36.5),
        (12.4, 13.1, 34.4),
        (9.9, 9.2),
    ),
    "ジェネリック医薬品使用割合": ((81.1, 82.8, 83.9), (80.0, 80.0, 82.8), (81.7, 83.6)),
    "健康保険委員が委嘱されている事業所の被保険者数の割合": ((48.2, 51.6, 51.98), (46.6, 49.2, 50), (50.8, 52.6)),
    "一般競争入札に占める一者応札案件の割合": ((10, 0.0, 15.4), (20.0, 20.0, 15.0), (14.3, 9.9)),
}

# National figures printed in 003 (令和5年度事業報告書 概要版) for the same metric and year.
NATIONAL_003 = {
    ("現金給付の申請に係る郵送化率", 2023): 95.6,  # 003 (2) 郵送化率 95.6％; KPI table 95.6%
    ("協会けんぽの再審査レセプト1件当たりの査定額", 2022): 7125,  # 003 (5) 前年度は7,125円
    ("協会けんぽの再審査レセプト1件当たりの査定額", 2023): 8472,  # 003 (5) 8,472円
    ("レセプト点検の査定率（支払基金と合算）", 2022): 0.337,  # 003 (5) 支払基金と合算 前年度0.337%
    ("レセプト点検の査定率（支払基金と合算）", 2023): 0.423,  # 003 (5) 支払基金と合算 0.423%
    ("保険証回収率", 2022): 86.27,  # 003 (6) 前年度86.27％
    ("保険証回収率", 2023): 82.10,  # 003 (6) 82.10％
    ("返納金債権回収率", 2022): 54.35,  # 003 (6) 前年度は54.35％
    ("返納金債権回収率", 2023): 53.29,  # 003 (6) 53.29％
    ("生活習慣病予防健診実施率", 2023): 57.7,  # 003 KPI table 57.7%
    ("被扶養者の特定健診実施率", 2023): 28.3,  # 003 KPI table 28.3%
    ("事業者健診データ取得率", 2023): 7.1,  # 003 KPI table 7.1%
    ("特定保健指導実施率（被保険者）", 2023): 19.8,  # 003 KPI table 19.8%
    ("受診勧奨後3か月以内に医療機関を受診した者の割合", 2023): 9.2,  # 003 KPI table 9.2%
    ("ジェネリック医薬品使用割合", 2022): 81.7,  # 003 2023年3月診療分 81.7％
    ("ジェネリック医薬品使用割合", 2023): 83.6,  # 003 2024年3月診療分 83.6％
    ("健康保険委員が委嘱されている事業所の被保険者数の割合", 2023): 52.6,  # 003 カバー率52.6％
    ("一般競争入札に占める一者応札案件の割合", 2023): 9.9,  # 003 一者応札割合 9.9%
}
# National figures of 004 that 003 does not print (nothing to compare; not a disagreement).
NATIONAL_NOT_IN_003 = {
    ("現金給付の申請に係る郵送化率", 2022),
    ("生活習慣病予防健診実施率", 2022),
    ("被扶養者の特定健診実施率", 2022),
    ("事業者健診データ取得率", 2022),
    ("特定保健指導実施率（被保険者）", 2022),
    ("受診勧奨後3か月以内に医療機関を受診した者の割合", 2022),
    ("健康保険委員が委嘱されている事業所の被保険者数の割合", 2022),
    ("一般競争入札に占める一者応札案件の割合", 2022),
}

# Places where the DOCUMENT ITSELF disagrees or is incomplete; each is asserted below.
EXCEPTIONS = {
    (
        "mie_budget_r7",
        "保健事業予算 見込額",
        2025,
    ): "printed 見込額 50,697千円 vs printed 分野 amounts: 健診28,998+保健指導5,210+重症化予防10,921+コラボヘルス5,481 "
    "= 50,610千円 (87千円 short); with 特別枠4,616 = 55,226千円; 他（健康ポスターコンクール） has no printed amount",
    (
        "mie_focus_kpi",
        "返納金債権（診療報酬返還金を除く）の回収率",
        2023,
    ): "重点課題 prints 令和5年度実績 78.19% while the KPI chart 返納金債権回収率 prints 三重 令和5年度 74.43% "
    "(different definitions, not explained in the document)",
    (
        "mie_kpi_charts",
        "レセプト点検の査定率",
        2024,
    ): "三重KPI 令和6年度 0.156% is not the 令和5年度 actual 0.371% (other charts' 前年度以上 KPIs equal the previous "
    "year's actual): the rate became the 協会's own rate from 令和6年度; 令和4・5年度 are stored as "
    "レセプト点検の査定率（支払基金と合算） (the break is in the label)",
    (
        "mie_kpi_charts",
        "特定保健指導実施率（被扶養者）",
        2023,
    ): "footnote 15.0％（KPI 24.9％） prints no year; stored as 令和5年度 (assumption stated in note)",
}


# 検算 (view reconciliation): the checks of this document per family, the checks each test below reads
# (selector, how many), and the one check that is not 一致. See tests/data/checks.py.
RECONCILIATION = {"合計": 22, "比率": 27, "再掲": 11}
CHECKS = {
    "foreign_debtor_sums": ({"family": "合計", "dataset": "mie_foreign_debtors"}, 18),
    "foreign_debtor_rates": ({"family": "比率", "dataset": "mie_foreign_debtors"}, 27),
    "health_declaration_stack": ({"family": "合計", "dataset": "mie_kpi_charts"}, 2),
    "health_declaration_repeated": ({"family": "再掲", "dataset": "mie_focus_kpi"}, 2),
    "budget_totals": ({"family": "合計", "dataset": "mie_budget_r7"}, 2),
    "previous_year_kpis": ({"family": "再掲", "dataset": "mie_kpi_charts"}, 9),
}
RECONCILIATION_EXCEPTIONS = {
    # 健診 28,998 + 保健指導 5,210 + 重症化予防 10,921 + コラボヘルス 5,481 = 50,610千円 vs printed 50,697千円
    ("合計", "mie_budget_r7", "三重", "保健事業予算 見込額", "実績", 2025, None, "年度"): (
        "不一致",
        50_697_000,
        50_610_000,
    ),
}


@pytest.fixture(scope="module")
def f(facts):
    d = facts[facts["source"] == SRC].copy()
    assert len(d) > 0, "no facts for source 004"
    # compare labels NFKC-normalised on both sides, whether or not the store normalises them
    d["metric"] = d["metric"].map(N)
    return d


def one(f, dataset, metric, scope="三重", kind="実績", fy=None):
    return lookup.one(f, dataset, metric, scope, kind, fy)


def val(f, *a, **k):
    return float(one(f, *a, **k)["value"])


# ------------------------------------------------------------------ structure
def test_row_counts_per_dataset(f):
    assert f.groupby("dataset").size().to_dict() == ROW_COUNTS
    assert len(f) == sum(ROW_COUNTS.values()) == 238


def test_key_unique(f):
    k = f[KEY].astype(str)
    assert not k.duplicated().any(), k[k.duplicated(keep=False)]


def test_vocabularies(f):
    assert set(f["kind"]) <= {"実績", "目標", "順位"}
    assert set(f["basis"]) <= {"単月", "累計", "年度", "時点"}
    assert set(f["scope"]) == {"三重", "全国"}
    pct = f[(f["unit"] == "%") & f["value"].notna()]
    assert pct["value"].between(0, 100).all()
    ranks = f[f["kind"] == "順位"]
    assert (ranks["unit"] == "位").all() and (ranks["value"] >= 1).all()


def test_point_in_time_rows(f):
    t = f[f["basis"] == "時点"]
    assert len(t) == 2
    for _, r in t.iterrows():
        d = pd.Timestamp(r["as_of"])
        assert int(r["fiscal_year"]) == (d.year if d.month >= 4 else d.year - 1)
    assert f.loc[f["basis"] != "時点", "as_of"].isna().all()


def test_empty_values_have_notes(f):
    e = f[f["value"].isna()]
    # R7 KPIs without a number: 窓口受付率, 査定率, 査定額, 返納金回収率, 未治療者, ジェネリック, バイオシミラー, SNS, 委嘱事業所数 (9)
    # + 重点課題: 窓口受付率, 返納金回収率 (2) + 約1/3, 表②, risk trend chart (3) + budget 他 (1)
    assert len(e) == 15
    assert e["note"].fillna("").str.len().gt(0).all()
    assert (e["note"].str.contains("記載なし|印字なし|含まれない")).all()


# ------------------------------------------------------------------ KPI charts
def test_chart_series_complete(f):
    d = f[f["dataset"] == "mie_kpi_charts"]
    for metric, (month, basis) in CHART_METRICS.items():
        m = d[d["metric"].isin({N(chart_label(metric, y)) for y in (2022, 2023, 2024)})]
        assert len(m) == 8, metric
        assert all(N(chart_label(metric, int(y))) == x for x, y in zip(m["metric"], m["fiscal_year"])), metric
        mie = m[(m["scope"] == "三重") & (m["kind"] == "実績")].sort_values("fiscal_year")
        kpi = m[(m["scope"] == "三重") & (m["kind"] == "目標")].sort_values("fiscal_year")
        nat = m[(m["scope"] == "全国") & (m["kind"] == "実績")].sort_values("fiscal_year")
        assert mie["fiscal_year"].tolist() == kpi["fiscal_year"].tolist() == [2022, 2023, 2024]
        assert nat["fiscal_year"].tolist() == [2022, 2023]  # no 全国 figure for 令和6年度 in any chart
        assert (kpi["basis"] == "年度").all() and (nat["basis"] == "年度").all()
        r6 = mie[mie["fiscal_year"] == 2024].iloc[0]
        assert (r6["basis"], int(r6["month"])) == (basis, month), metric
        assert f"令和6年{month}月" in r6["note"]
        assert mie[mie["fiscal_year"] < 2024]["basis"].eq("年度").all()
        got = (tuple(mie["value"]), tuple(kpi["value"]), tuple(nat["value"]))
        exp = CHARTS[metric]
        for g, e in zip(got, exp):
            assert g == pytest.approx(e), metric


def test_national_series_agrees_with_003(f):
    nat = f[(f["dataset"] == "mie_kpi_charts") & (f["scope"] == "全国")]
    pairs = {(m, int(y)): v for m, y, v in zip(nat["metric"], nat["fiscal_year"], nat["value"])}
    assert set(pairs) == {(N(m), y) for m, y in NATIONAL_003} | {(N(m), y) for m, y in NATIONAL_NOT_IN_003}
    for (m, y), v in NATIONAL_003.items():
        assert pairs[(N(m), y)] == pytest.approx(v), (m, y)
        assert "一致" in one(f, "mie_kpi_charts", m, scope="全国", fy=y)["note"]
    for m, y in NATIONAL_NOT_IN_003:
        assert "照合不可" in one(f, "mie_kpi_charts", m, scope="全国", fy=y)["note"]


def test_national_series_found_in_003_facts_when_loaded(facts):
    """Label-independent: each 003 figure above is among 003's stored values (when 003 is in the store)."""
    d = facts[facts["source"] == SRC003]
    if d.empty:
        pytest.skip("003 not in the store yet")
    values = d["value"].dropna().tolist()
    for key, v in NATIONAL_003.items():
        assert any(abs(x - v) < 1e-9 for x in values), key


def test_previous_year_kpis_equal_previous_actuals(f, reconciliation):
    """KPIs of the form 前年度以上 equal last year's 三重 actual (再掲): supports the series assignment."""
    expected = [
        ("協会けんぽの再審査レセプト1件当たりの査定額", [2023, 2024]),
        ("保険証回収率", [2023, 2024]),
        ("返納金債権回収率", [2023, 2024]),
        ("レセプト点検の査定率（支払基金と合算）", [2023]),
        ("ジェネリック医薬品使用割合", [2024]),
        ("現金給付の申請に係る郵送化率", [2024]),
    ]
    d = checks.expect(reconciliation, SRC, CHECKS["previous_year_kpis"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["metric"].map(N), d["fiscal_year"])) == sorted((N(m), y) for m, ys in expected for y in ys)
    assert (d["kind"] == "目標").all() and (d["scope"] == "三重").all()
    # EXCEPTION ("mie_kpi_charts", "レセプト点検の査定率", 2024): definition change
    k = one(f, "mie_kpi_charts", "レセプト点検の査定率", kind="目標", fy=2024)
    assert k["value"] == pytest.approx(0.156)
    assert val(f, "mie_kpi_charts", "レセプト点検の査定率（支払基金と合算）", fy=2023) == pytest.approx(0.371)
    assert "協会単独" in k["note"]
    # no 令和5年度 row under the 令和6年度 definition's label: the break is not spliced
    assert f[(f["metric"] == N("レセプト点検の査定率")) & (f["fiscal_year"] < 2024)].empty


def test_definition_changes_noted_on_every_row(f):
    # the 令和6年度 definition: R6 actual and KPI in the chart, and the 令和7年度 KPI
    d = f[f["metric"] == N("未治療者において健診受診月から10か月以内に医療機関を受診した者の割合")]
    assert sorted(zip(d["dataset"], d["fiscal_year"].astype(int), d["kind"])) == [
        ("mie_kpi_charts", 2024, "実績"),
        ("mie_kpi_charts", 2024, "目標"),
        ("mie_kpi_r7", 2025, "目標"),
    ]
    d = f[f["metric"] == N("レセプト点検の査定率")]
    assert sorted(zip(d["dataset"], d["fiscal_year"].astype(int), d["kind"])) == [
        ("mie_kpi_charts", 2024, "実績"),
        ("mie_kpi_charts", 2024, "目標"),
        ("mie_kpi_r7", 2025, "目標"),
    ]
    assert d["note"].str.contains("協会単独").all()
    # the earlier definition: 三重実績, 三重KPI and 全国実績 of 令和4・5年度 (6 rows each)
    for chart, (old_label, old_word, new_word) in DEFINITION_BREAKS.items():
        old = f[f["metric"] == N(old_label)]
        assert len(old) == 6 and set(old["dataset"]) == {"mie_kpi_charts"}, chart
        assert set(old["fiscal_year"].astype(int)) == {2022, 2023}
        assert sorted(zip(old["scope"], old["kind"])) == sorted(
            [("三重", "実績"), ("三重", "目標"), ("全国", "実績")] * 2
        )
        new = f[(f["metric"] == N(chart)) & (f["dataset"] == "mie_kpi_charts")]
        assert (new["fiscal_year"] == 2024).all()
        for _, r in pd.concat([old, new]).iterrows():  # each side names the other definition and the break
            assert old_word in r["note"] and new_word in r["note"] and "【定義の切れ目】" in r["note"], (
                chart,
                r["fiscal_year"],
            )


def test_split_labels_link_to_003(facts):
    """The 令和4・5年度 labels are 003's labels, and 004's 全国 figures equal 003's under the same label and year."""
    n003 = facts[(facts["source"] == SRC003) & (facts["scope"] == "全国") & (facts["kind"] == "実績")]
    n004 = facts[(facts["source"] == SRC) & (facts["scope"] == "全国")]
    for old_label, *_ in DEFINITION_BREAKS.values():
        a = n003[n003["metric"].map(N) == N(old_label)]
        b = n004[n004["metric"].map(N) == N(old_label)]
        assert len(a) > 0 and len(b) == 2, old_label
        common = set(a["fiscal_year"]) & set(b["fiscal_year"])
        assert common, old_label
        for fy in common:
            assert set(a[a["fiscal_year"] == fy]["value"]) == set(b[b["fiscal_year"] == fy]["value"]), (old_label, fy)


def test_dependant_guidance_footnote(f):
    # EXCEPTION ("mie_kpi_charts", "特定保健指導実施率（被扶養者）", 2023): no year printed
    a = one(f, "mie_kpi_charts", "特定保健指導実施率（被扶養者）", fy=2023)
    k = one(f, "mie_kpi_charts", "特定保健指導実施率（被扶養者）", kind="目標", fy=2023)
    assert (a["value"], k["value"]) == (pytest.approx(15.0), pytest.approx(24.9))
    assert "年度の記載なし" in a["note"] and "年度の記載なし" in k["note"]


def test_health_declaration_stack(f, reconciliation):
    D = "mie_kpi_charts"
    # 標準化未対応 + 標準化対応済 = 健康宣言事業所数: 1,492 (令和4年度), 1,573 (令和5年度)
    d = checks.expect(reconciliation, SRC, CHECKS["health_declaration_stack"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["fiscal_year"], d["recomputed"])) == [(2022, 1492), (2023, 1573)]
    r6 = one(f, D, "健康宣言事業所数（標準化対応済）", fy=2024)
    assert r6["value"] == 1096 and r6["as_of"] == pd.Timestamp("2024-11-30")
    # 重点課題 (5) repeats the 令和5年度 figures (再掲)
    d = checks.expect(reconciliation, SRC, CHECKS["health_declaration_repeated"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["metric"].map(N), d["printed_value"])) == [
        (N("健康宣言事業所数"), 1573),
        (N("健康宣言事業所数（標準化対応済）"), 1021),
    ]


# ------------------------------------------------------------------ R7 targets
R7_TARGETS = {
    "サービススタンダードの達成状況": 100,
    "サービススタンダードの平均所要日数": 7,
    "生活習慣病予防健診実施率": 69.5,
    "事業者健診データ取得率": 11.0,
    "被扶養者の特定健診実施率": 34.5,
    "特定保健指導実施率（被保険者）": 22.0,
    "特定保健指導実施率（被扶養者）": 18.5,
    "健康宣言事業所数": 1750,
    "健康保険委員が委嘱されている事業所の被保険者数の割合": 52.4,
    "一般競争入札に占める一者応札案件の割合": 15,
}


def test_r7_targets(f):
    d = f[f["dataset"] == "mie_kpi_r7"]
    assert (d["fiscal_year"] == 2025).all() and (d["kind"] == "目標").all() and (d["scope"] == "三重").all()
    printed = d[d["value"].notna()]
    assert dict(zip(printed["metric"], printed["value"])) == {N(k): pytest.approx(v) for k, v in R7_TARGETS.items()}
    assert val(f, "mie_focus_kpi", "サービススタンダードの平均所要日数", kind="目標", fy=2025) == 7
    assert val(f, "mie_focus_kpi", "健康宣言事業所数", kind="目標", fy=2025) == 1750


# ------------------------------------------------------------------ key figures read by hand
@pytest.mark.parametrize(
    "dataset,scope,metric,kind,fy,expected",
    [
        ("mie_kpi_charts", "三重", "協会けんぽの再審査レセプト1件当たりの査定額", "実績", 2024, 10647),
        ("mie_kpi_charts", "三重", "保険証回収率", "実績", 2024, 91.60),
        ("mie_kpi_charts", "三重", "一般競争入札に占める一者応札案件の割合", "実績", 2023, 0.0),
        (
            "mie_kpi_charts",
            "三重",
            "未治療者において健診受診月から10か月以内に医療機関を受診した者の割合",
            "実績",
            2024,
            36.5,
        ),
        ("mie_kpi_charts", "全国", "受診勧奨後3か月以内に医療機関を受診した者の割合", "実績", 2023, 9.2),
        ("mie_kpi_charts", "三重", "レセプト点検の査定率（支払基金と合算）", "実績", 2022, 0.325),
        ("mie_kpi_charts", "三重", "レセプト点検の査定率", "目標", 2024, 0.156),
        ("mie_foreign_debtors", "三重", "未納件数（外国人）", "実績", 2023, 246),
        ("mie_foreign_debtors", "三重", "回収率（全体）", "実績", 2024, 64.4),
        ("mie_metabolic_risk", "三重", "代謝（血糖）リスク保有者の割合（男性）", "実績", 2023, 22.3),
        ("mie_metabolic_risk", "全国", "代謝（血糖）リスク保有者の割合（女性）", "実績", 2023, 9.5),
        ("mie_metabolic_risk", "三重", "代謝（血糖）リスク保有者の割合（男性）", "順位", 2023, 31),
        (
            "mie_out_of_hours",
            "三重",
            "診療時間外受診の加入者1人当たり算定回数の地域差指数－１（再診）",
            "順位",
            2023,
            39,
        ),
        ("mie_road_freight", "三重", "道路貨物運送業の被保険者数", "実績", 2024, 18000),
        ("mie_budget_r7", "三重", "健診 予算額（見込み）", "実績", 2025, 28_998_000),
        ("mie_budget_r7", "三重", "特別枠 糖尿病予備群に対する予防啓発 予算額（見込み）", "実績", 2025, 4_616_000),
        ("mie_plan_text", "全国", "加入者数", "実績", 2024, 40_000_000),
        ("mie_plan_text", "全国", "特定健診実施率（国の指針の目標値）", "目標", 2029, 70),
    ],
)
def test_key_figures(f, dataset, scope, metric, kind, fy, expected):
    assert val(f, dataset, metric, scope=scope, kind=kind, fy=fy) == pytest.approx(expected)


# ------------------------------------------------------------------ foreign debtor table (表①)
def test_foreign_debtor_table(f, reconciliation):
    D = "mie_foreign_debtors"
    d = f[f["dataset"] == D]
    assert ((d["basis"] == "累計") & (d["month"] == 9)).all()
    # 日本人 + 外国人 = 全体 and 回収 + 未納 = 調定, per column and group, 3 years (調定件数（全体） both ways)
    sums = checks.expect(reconciliation, SRC, CHECKS["foreign_debtor_sums"], RECONCILIATION_EXCEPTIONS)
    assert sums["metric"].map(N).value_counts().to_dict() == {
        N("調定件数（全体）"): 6,
        N("回収件数（全体）"): 3,
        N("未納件数（全体）"): 3,
        N("調定件数（日本人）"): 3,
        N("調定件数（外国人）"): 3,
    }
    # 外国人の割合 (3 columns), 回収率 and 未回収率 (3 groups) over their counts, 3 years
    rates = checks.expect(reconciliation, SRC, CHECKS["foreign_debtor_rates"], RECONCILIATION_EXCEPTIONS)
    assert sorted(set(rates["fiscal_year"])) == [2022, 2023, 2024] and rates["metric"].nunique() == 9
    # not a 検算 check: each group's two printed rates add up to 100
    for fy in (2022, 2023, 2024):
        for grp in ("日本人", "外国人", "全体"):
            rate = val(f, D, f"回収率（{grp}）", fy=fy)
            unrate = val(f, D, f"未回収率（{grp}）", fy=fy)
            assert rate + unrate == pytest.approx(100.0)


def test_foreign_share_of_unpaid_falls(f):
    shares = [val(f, "mie_foreign_debtors", "外国人の割合（未納件数）", fy=y) for y in (2022, 2023, 2024)]
    assert shares == [pytest.approx(39.5), pytest.approx(31.7), pytest.approx(30.9)]


# ------------------------------------------------------------------ risk rates
def test_metabolic_risk_above_national(f):
    for sex, mie, nat, rank in [("男性", 22.3, 21.1, 31), ("女性", 10.2, 9.5, 30)]:
        m = f"代謝（血糖）リスク保有者の割合（{sex}）"
        assert val(f, "mie_metabolic_risk", m, fy=2023) == pytest.approx(mie)
        assert val(f, "mie_metabolic_risk", m, scope="全国", fy=2023) == pytest.approx(nat)
        assert val(f, "mie_metabolic_risk", m, kind="順位", fy=2023) == rank
        assert mie > nat  # the document: 全国平均を上回る状態が続いている


# ------------------------------------------------------------------ budget
def test_budget_totals(f, reconciliation):
    D = "mie_budget_r7"
    d = f[f["dataset"] == D]
    assert (d["unit"] == "円").all() and (d["fiscal_year"] == 2025).all()
    # 医療費適正化対策 + 広報・意見発信 = 10,732千円 (一致); EXCEPTION ("mie_budget_r7", "保健事業予算 見込額", 2025):
    # the 4 分野 amounts sum to 50,610千円, 87千円 short of the printed 50,697千円
    c = checks.by_key(checks.expect(reconciliation, SRC, CHECKS["budget_totals"], RECONCILIATION_EXCEPTIONS))
    assert c[("合計", D, "三重", "医療費適正化等予算 見込額", "実績", 2025, None, "年度")]["recomputed"] == 10_732_000
    total = c[("合計", D, "三重", "保健事業予算 見込額", "実績", 2025, None, "年度")]
    assert total["difference"] == -87_000 and total["inputs"] == 4
    # not a 検算 check: with the 特別枠 the sum is 55,226千円, no nearer; 他 has no amount
    special = val(f, D, "特別枠 糖尿病予備群に対する予防啓発 予算額（見込み）")
    assert total["recomputed"] + special == 55_226_000
    assert "【不一致】" in one(f, D, "保健事業予算 見込額")["note"]
    assert math.isnan(val(f, D, "他 健康ポスターコンクール 予算額（見込み）"))


# ------------------------------------------------------------------ documented disagreements
def test_documented_exceptions_still_hold(f):
    a = one(f, "mie_focus_kpi", "返納金債権（診療報酬返還金を除く）の回収率", fy=2023)
    b = one(f, "mie_kpi_charts", "返納金債権回収率", fy=2023)
    assert a["value"] == pytest.approx(78.19) and b["value"] == pytest.approx(74.43)
    assert "【不一致】" in a["note"] and "【不一致】" in b["note"]
    assert len(EXCEPTIONS) == 4
