"""Data tests for source 001 (日本健康会議 「健康なまち・職場づくり宣言2020」).

Files: data/001_declarations.csv, data/001_survey.csv.
Every expected value below was read by hand from /work/shared/seeds/001_13eacd28bf54fe8c.txt.
"""

import math

import pytest

from tests.data import checks, lookup

SRC = "001_13eacd28bf54fe8c.txt"
KEY = ["source", "dataset", "scope", "metric", "kind", "fiscal_year", "month", "basis"]
YEARS = [2016, 2017, 2018, 2019, 2020]
INSURERS = ["市町村国保", "広域連合", "健保組合", "国保組合", "共済組合", "協会けんぽ"]

ROW_COUNTS = {
    # data/001_declarations.csv
    "declarations_text": 12,
    "achievement_chart_2019_2020": 26,
    "yearly_achievement": 137,
    # data/001_survey.csv
    "datahealth_survey_2020": 24,
    "council_declaration3_2020": 12,
}

# Places where the DOCUMENT ITSELF disagrees with itself or is incomplete; each is asserted below.
EXCEPTIONS = {
    (
        "datahealth_survey_2020",
        "合計 excludes 保険者協議会",
    ): "合計 対象数 3,436 / 回答数 3,320 = sum of the 6 insurer types; the 7 printed columns sum to 3,483 / 3,367. "
    "Footnote ※保険者協議会を除く — the 47 councils are surveyed but not in 合計",
    (
        "council_declaration3_2020",
        "total printed twice",
    ): "宣言を達成した保険者協議会の数 47 40 is followed by a second '47 険 40' (same figures); stored once",
    (
        "council_declaration3_2020",
        "大項目⑸ has no 2020年度の達成数",
    ): "大項目⑸ prints '－ 46': no 2020年度の達成数 (empty value), 46 in the 【参考】更なる取組 column",
    (
        "declarations",
        "宣言6 target worded twice",
    ): "宣言文: 原則100% (stored as 宣言6 達成率 目標 100); table and chart: 全保険者 (no number, empty value)",
    (
        "yearly_achievement",
        "協会けんぽ 2016",
    ): "survey footnote: 協会けんぽ = 47支部 + 船員保険 = 48; 宣言6 2016 prints 47 and 宣言8 2016 prints 30, "
    "48 from 2017 — whether 2016 counts 船員保険 is not printed",
    (
        "achievement_chart_2019_2020",
        "labels garbled",
    ): "chart labels read '宣言２ 宣言３ 宣言３宣言４' / '宣言３宣言５ 宣言6 宣言８' (no 宣言1, 宣言7; 宣言３ three times); "
    "values assigned by matching the yearly table — every chart value equals the table value",
}


# 検算 (view reconciliation): the checks of this document per family, the checks each test below reads
# (selector, how many), and the checks that are not 一致 (none in this document). See tests/data/checks.py.
RECONCILIATION = {"合計": 12, "比率": 22, "再掲": 17}
CHECKS = {
    "insurer_types_sum_to_total": ({"family": "合計", "dataset": "yearly_achievement"}, 10),
    "achievement_rate": ({"family": "比率", "dataset": "yearly_achievement"}, 14),
    "survey_rates": ({"family": "比率", "dataset": "datahealth_survey_2020"}, 8),
    "survey_total": ({"family": "合計", "dataset": "datahealth_survey_2020"}, 2),
    "chart_equals_yearly_table": ({"family": "再掲", "dataset": "achievement_chart_2019_2020"}, 17),
}
RECONCILIATION_EXCEPTIONS: dict[tuple, tuple[str, float, float]] = {}


@pytest.fixture(scope="module")
def f(facts):
    d = facts[facts["source"] == SRC].copy()
    assert len(d) > 0, "no facts for source 001"
    return d


def one(f, dataset, metric, scope="全国", kind="実績", fy=None):
    return lookup.one(f, dataset, metric, scope, kind, fy)


def val(f, *a, **k):
    return float(one(f, *a, **k)["value"])


# ------------------------------------------------------------------ structure
def test_row_counts_per_dataset(f):
    assert f.groupby("dataset").size().to_dict() == ROW_COUNTS
    assert len(f) == 211


def test_key_unique(f):
    k = f[KEY].astype(str)
    assert not k.duplicated().any(), k[k.duplicated(keep=False)]


def test_vocabularies(f):
    assert set(f["kind"]) == {"実績", "目標"}
    assert set(f["basis"]) == {"年度"}
    assert f["month"].isna().all()
    # as_of only on the point-in-time 健康経営優良法人 counts (see test_certification_counts_carry_their_date)
    dated = f[f["as_of"].notna()]
    assert set(zip(dated["metric"], dated["fiscal_year"].astype(int))) == set(AS_OF) and len(dated) == 6
    assert set(f["unit"]) == {"市町村", "団体", "社", "保険者", "%"}
    assert set(f["scope"]) == {"全国", *INSURERS, "保険者協議会", "合計"}
    assert set(f["fiscal_year"].dropna().astype(int)) == set(YEARS)


# Source line ~285: 「注；2019年の宣言4、5の健康経営優良法人数は2020年3月1日現在、2020年は同9月1日現在の認定数」.
# These counts are stocks at a date, so they carry as_of; basis stays 年度 (the yearly table's column,
# which the declaration views read). Every row of these metrics and years, in the table and the chart.
AS_OF = {
    ("宣言4", 2019): "2020-03-01",
    ("宣言4", 2020): "2020-09-01",
    ("宣言5（健康経営優良認定法人）", 2019): "2020-03-01",
    ("宣言5（健康経営優良認定法人）", 2020): "2020-09-01",
}


def test_certification_counts_carry_their_date(f):
    import pandas as pd

    for (metric, fy), iso in AS_OF.items():
        d = f[(f["metric"] == metric) & (f["fiscal_year"] == fy) & (f["kind"] == "実績")]
        expected = {"宣言4": 2, "宣言5（健康経営優良認定法人）": 1}[metric]  # 宣言4 is in the table and the chart
        assert len(d) == expected, (metric, fy, len(d))
        assert (d["as_of"] == pd.Timestamp(iso)).all(), (metric, fy, list(d["as_of"]))
        assert (d["basis"] == "年度").all()
    values = {(m, fy): val(f, "yearly_achievement", m, fy=fy) for m, fy in AS_OF}
    assert values == {
        ("宣言4", 2019): 813,
        ("宣言4", 2020): 1476,
        ("宣言5（健康経営優良認定法人）", 2019): 2501,
        ("宣言5（健康経営優良認定法人）", 2020): 4815,
    }
    # 2018 and earlier, and the 宣言5 total (健康宣言 companies, not 健康経営優良法人), have no date
    assert (
        f[(f["metric"].isin(["宣言4", "宣言5（健康経営優良認定法人）"])) & (f["fiscal_year"] < 2019)]["as_of"]
        .isna()
        .all()
    )
    assert f[f["metric"] == "宣言5"]["as_of"].isna().all()


def test_empty_values_are_printed_without_number(f):
    e = f[f["value"].isna()]
    got = sorted((r.dataset, r.metric) for r in e.itertuples())
    assert got == sorted(
        [
            ("declarations_text", "宣言8"),
            ("achievement_chart_2019_2020", "宣言3"),
            ("achievement_chart_2019_2020", "宣言6"),
            ("achievement_chart_2019_2020", "宣言8"),
            ("yearly_achievement", "宣言6"),
            ("yearly_achievement", "宣言8"),
            (
                "council_declaration3_2020",
                "大項目⑸ 後発医薬品の使用促進や重複投薬等の適正化のための取組（2020年度の達成数）",
            ),
        ]
    )
    assert e["note"].str.contains("印字なし").all()


# ------------------------------------------------------------------ key figures (read by hand)
@pytest.mark.parametrize(
    "dataset,scope,metric,kind,fy,expected",
    [
        ("yearly_achievement", "全国", "宣言1", "実績", 2020, 1024),
        ("yearly_achievement", "全国", "宣言2（市町村）", "実績", 2018, 1003),
        ("yearly_achievement", "全国", "宣言2（広域連合）", "実績", 2020, 45),
        ("yearly_achievement", "全国", "宣言3", "実績", 2016, 0),
        ("yearly_achievement", "全国", "宣言3（2018年から追加項目）", "実績", 2019, 37),
        ("yearly_achievement", "全国", "宣言4", "実績", 2020, 1476),
        ("yearly_achievement", "全国", "宣言5", "実績", 2017, 12195),
        ("yearly_achievement", "全国", "宣言5（健康経営優良認定法人）", "実績", 2020, 4815),
        ("yearly_achievement", "健保組合", "宣言6", "実績", 2019, 704),
        ("yearly_achievement", "国保組合", "宣言8", "実績", 2017, 6),
        ("yearly_achievement", "全国", "宣言8 達成率", "実績", 2020, 29.0),
        ("yearly_achievement", "全国", "宣言5", "目標", 2018, 30000),
        ("datahealth_survey_2020", "市町村国保", "データヘルス全数調査 回答率", "実績", 2020, 97.5),
        ("datahealth_survey_2020", "国保組合", "データヘルス全数調査 対象数", "実績", 2020, 161),
        (
            "council_declaration3_2020",
            "保険者協議会",
            "大項目⑸ 後発医薬品の使用促進や重複投薬等の適正化のための取組（【参考】更なる取組の達成数）",
            "実績",
            2020,
            46,
        ),
    ],
)
def test_key_figures(f, dataset, scope, metric, kind, fy, expected):
    assert val(f, dataset, metric, scope=scope, kind=kind, fy=fy) == pytest.approx(expected)


def test_full_yearly_rows(f):
    table = {
        "宣言1": [115, 328, 563, 823, 1024],
        "宣言2（市町村）": [118, 654, 1003, 1180, 1292],
        "宣言2（広域連合）": [4, 14, 31, 32, 45],
        "宣言3": [0, 47, 47, 47, 47],
        "宣言4": [138, 235, 539, 813, 1476],
        "宣言5": [2970, 12195, 23074, 35196, 51126],
        "宣言6": [1774, 1989, 2123, 2298, 2325],
        "宣言7": [88, 98, 102, 123, 123],
        "宣言8": [262, 429, 608, 815, 995],
    }
    for metric, values in table.items():
        got = [val(f, "yearly_achievement", metric, fy=y) for y in YEARS]
        assert got == values, metric


# ------------------------------------------------------------------ totals, parts and rates
def test_insurer_types_sum_to_total(reconciliation):
    # 全国 = the sum of the 6 insurer types, 宣言6 and 宣言8, every year (e.g. 宣言6 2020: 2,325)
    d = checks.expect(reconciliation, SRC, CHECKS["insurer_types_sum_to_total"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["metric"], d["fiscal_year"])) == sorted((m, y) for m in ["宣言6", "宣言8"] for y in YEARS)
    assert (d["scope"] == "全国").all() and (d["inputs"] == 6).all()
    assert d.loc[(d["metric"] == "宣言6") & (d["fiscal_year"] == 2020), "recomputed"].tolist() == [2325]


RATES_PRINTED = {
    "宣言6": {
        "全国": "67.7%",
        "市町村国保": "83.8%",
        "広域連合": "68.1%",
        "健保組合": "51.4%",
        "国保組合": "34.2%",
        "共済組合": "50.6%",
        "協会けんぽ": "100%",
    },
    "宣言8": {
        "全国": "29.0%",
        "市町村国保": "33.1%",
        "広域連合": "48.9%",
        "健保組合": "20.2%",
        "国保組合": "17.4%",
        "共済組合": "58.8%",
        "協会けんぽ": "100%",
    },
}


def test_achievement_rate_is_count_over_2020_survey_target(reconciliation):
    # the rate's denominator is not printed; it is the 2020 survey 対象数 of the same insurer type (合計 for 全体)
    d = checks.expect(reconciliation, SRC, CHECKS["achievement_rate"], RECONCILIATION_EXCEPTIONS)
    got = {(m.removesuffix(" 達成率"), s): p for m, s, p in zip(d["metric"], d["scope"], d["printed"])}
    assert got == {(m, s): p for m, rates in RATES_PRINTED.items() for s, p in rates.items()}
    assert (d["fiscal_year"] == 2020).all()
    # 宣言6 全国: 2,325 ÷ 3,436 × 100 = 67.67, printed 67.7%
    r = checks.by_key(d)[("比率", "yearly_achievement", "全国", "宣言6 達成率", "実績", 2020, None, "年度")]
    assert r["recomputed"] == pytest.approx(100 * 2325 / 3436) and "3,436" in r["formula"]


def test_survey_rates(f, reconciliation):
    printed = {
        "市町村国保": "97.５%",
        "広域連合": "100%",
        "健保組合": "94.9%",
        "共済組合": "100%",
        "国保組合": "98.8%",
        "協会けんぽ": "100%",
        "保険者協議会": "100%",
        "合計": "96.6%",
    }
    # 回答率 = 回答数 ÷ 対象数 × 100 for each of the 8 columns
    d = checks.expect(reconciliation, SRC, CHECKS["survey_rates"], RECONCILIATION_EXCEPTIONS)
    assert dict(zip(d["scope"], d["printed"])) == printed
    for scope in printed:
        t = val(f, "datahealth_survey_2020", "データヘルス全数調査 対象数", scope=scope)
        a = val(f, "datahealth_survey_2020", "データヘルス全数調査 回答数", scope=scope)
        assert a <= t, scope


def test_survey_total_excludes_councils(f, reconciliation):
    # EXCEPTION ("datahealth_survey_2020", "合計 excludes 保険者協議会"): still holds
    # 合計 = the 6 insurer types (検算 合計, 一致); with the 保険者協議会 column it would be 47 more
    d = checks.expect(reconciliation, SRC, CHECKS["survey_total"], RECONCILIATION_EXCEPTIONS)
    assert dict(zip(d["metric"], d["recomputed"])) == {
        "データヘルス全数調査 対象数": 3436,
        "データヘルス全数調査 回答数": 3320,
    }
    assert (d["scope"] == "合計").all() and (d["inputs"] == 6).all() and "保険者協議会" not in "".join(d["formula"])
    for metric, total, with_councils in [
        ("データヘルス全数調査 対象数", 3436, 3483),
        ("データヘルス全数調査 回答数", 3320, 3367),
    ]:
        councils = val(f, "datahealth_survey_2020", metric, scope="保険者協議会")
        assert val(f, "datahealth_survey_2020", metric, scope="合計") == total
        assert total + councils == with_councils  # the 7 printed columns do not sum to 合計
    assert "保険者協議会を除く" in one(f, "datahealth_survey_2020", "データヘルス全数調査 対象数", scope="合計")["note"]


def test_breakdown_is_part_of_declaration5(f):
    for fy in [2018, 2019, 2020]:
        assert val(f, "yearly_achievement", "宣言5（健康経営優良認定法人）", fy=fy) < val(
            f, "yearly_achievement", "宣言5", fy=fy
        )
    d = f[f["metric"] == "宣言5（健康経営優良認定法人）"]
    assert sorted(d["fiscal_year"].astype(int)) == [2018, 2019, 2020]  # 2016/2017 have no lower row


def test_national_series_never_fall_and_the_one_insurer_type_drop(f):
    d = f[(f["dataset"] == "yearly_achievement") & (f["kind"] == "実績") & ~f["metric"].str.contains("達成率")]
    drops = []
    for (scope, metric), g in d.groupby(["scope", "metric"]):
        s = g.sort_values("fiscal_year")["value"].tolist()
        drops += [(scope, metric, a, b) for a, b in zip(s, s[1:]) if b < a]
    # only fall in the whole table: 宣言8 国保組合 13 (2016) → 6 (2017), printed so
    assert drops == [("国保組合", "宣言8", 13, 6)]


def test_chart_equals_yearly_table(f, reconciliation):
    c = f[(f["dataset"] == "achievement_chart_2019_2020") & (f["kind"] == "実績")]
    assert len(c) == 17
    # every chart figure repeats the yearly table's figure (再掲), one check each
    d = checks.expect(reconciliation, SRC, CHECKS["chart_equals_yearly_table"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["metric"], d["fiscal_year"])) == sorted(zip(c["metric"], c["fiscal_year"]))
    # EXCEPTION ("achievement_chart_2019_2020", "labels garbled"): the 2019 広域連合 figure is not on the chart
    assert not ((c["metric"] == "宣言2（広域連合）") & (c["fiscal_year"] == 2019)).any()


def test_council_table(f):
    d = f[f["dataset"] == "council_declaration3_2020"]
    X, Y = "（2020年度の達成数）", "（【参考】更なる取組の達成数）"
    total_x = val(f, "council_declaration3_2020", "宣言を達成した保険者協議会の数" + X, scope="保険者協議会")
    total_y = val(f, "council_declaration3_2020", "宣言を達成した保険者協議会の数" + Y, scope="保険者協議会")
    assert (total_x, total_y) == (47, 40)
    # the councils achieving the whole declaration achieve every 大項目: total ≤ each item
    items_x = d[d["metric"].str.startswith("大項目") & d["metric"].str.endswith(X)]["value"].dropna()
    items_y = d[d["metric"].str.startswith("大項目") & d["metric"].str.endswith(Y)]["value"]
    assert len(items_x) == 4 and len(items_y) == 5
    assert total_x <= items_x.min() and total_y <= items_y.min()
    assert items_y.min() == total_y == 40  # 大項目1 is the binding item
    assert (d["value"].dropna() <= 47).all()
    # agrees with the yearly table's 2020 column
    assert total_x == val(f, "yearly_achievement", "宣言3", fy=2020)
    assert total_y == val(f, "yearly_achievement", "宣言3（2018年から追加項目）", fy=2020)
    assert total_x == val(f, "datahealth_survey_2020", "データヘルス全数調査 対象数", scope="保険者協議会")
    # EXCEPTIONS: total printed twice (stored once); 大項目⑸ 2020年度の達成数 printed '－'
    assert (
        "再度印字"
        in one(f, "council_declaration3_2020", "宣言を達成した保険者協議会の数" + X, scope="保険者協議会")["note"]
    )
    r = one(
        f,
        "council_declaration3_2020",
        "大項目⑸ 後発医薬品の使用促進や重複投薬等の適正化のための取組" + X,
        scope="保険者協議会",
    )
    assert math.isnan(r["value"])


# ------------------------------------------------------------------ targets and their revisions
def targets(f, dataset, metric):
    d = f[(f["dataset"] == dataset) & (f["metric"] == metric) & (f["kind"] == "目標")]
    return {int(r.fiscal_year): (None if math.isnan(r.value) else r.value) for r in d.itertuples()}


def test_target_revisions(f):
    for ds in ["declarations_text", "yearly_achievement"]:
        assert targets(f, ds, "宣言2（市町村）") == {2016: 800, 2019: 1500}
        assert targets(f, ds, "宣言2（広域連合）") == {2016: 24, 2019: 47}
        assert targets(f, ds, "宣言5") == {2016: 10000, 2018: 30000}
        for m, t in [("宣言1", 800), ("宣言3", 47), ("宣言4", 500), ("宣言7", 100)]:
            assert targets(f, ds, m) == {2016: t}, (ds, m)
    c = "achievement_chart_2019_2020"
    assert targets(f, c, "宣言2（市町村）") == {2016: 800, 2019: 1500}
    assert targets(f, c, "宣言2（広域連合）") == {2016: 24, 2019: 47}
    assert targets(f, c, "宣言5") == {2018: 30000}
    assert targets(f, c, "宣言7") == {2016: 100}
    assert targets(f, c, "宣言1") == {} and targets(f, c, "宣言4") == {}  # the chart prints none


def test_text_targets(f):
    # EXCEPTION ("declarations", "宣言6 target worded twice"): still holds
    assert targets(f, "declarations_text", "宣言6 達成率") == {2016: 100}
    assert targets(f, "yearly_achievement", "宣言6") == {2016: None}
    assert targets(f, "achievement_chart_2019_2020", "宣言6") == {2016: None}
    for ds in ["declarations_text", "yearly_achievement", "achievement_chart_2019_2020"]:
        assert targets(f, ds, "宣言8") == {2016: None}
    assert targets(f, "achievement_chart_2019_2020", "宣言3") == {2016: None}


# The list in data/README.md (section 001) — which declarations met the target in force, and when.
# Text targets: 'すべて' / '全保険者' / '原則100%' judged as 100 % of insurers, using the printed 2020 達成率.
ACHIEVED = {
    "宣言1": [2019, 2020],
    "宣言2（市町村）": [2018],  # 800 (2016–2018) met in 2018; 1500 from 2019 not met
    "宣言2（広域連合）": [2018],  # 24 met in 2018; 47 from 2019 not met
    "宣言3": [2017, 2018, 2019, 2020],
    "宣言4": [2018, 2019, 2020],
    "宣言5": [2017, 2019, 2020],  # 1万 met in 2017; 3万 from 2018: not met in 2018
    "宣言7": [2018, 2019, 2020],
}


def test_achievement_list(f):
    got = {}
    for metric in ACHIEVED:
        t = targets(f, "yearly_achievement", metric)
        years = []
        for y in YEARS:
            in_force = t[max(k for k in t if k <= y)]
            if val(f, "yearly_achievement", metric, fy=y) >= in_force:
                years.append(y)
        got[metric] = years
    assert got == ACHIEVED
    # 宣言6 and 宣言8 (全保険者): not met — 2020 rates below 100 %
    assert val(f, "yearly_achievement", "宣言6 達成率", fy=2020) == 67.7
    assert val(f, "yearly_achievement", "宣言8 達成率", fy=2020) == 29.0
    for m in ["宣言6", "宣言8"]:
        assert all(
            val(f, "yearly_achievement", m, fy=y)
            < val(f, "datahealth_survey_2020", "データヘルス全数調査 対象数", scope="合計")
            for y in YEARS
        )


def test_exceptions_are_all_asserted():
    assert len(EXCEPTIONS) == 6


def test_kyokai_2016(f):
    # EXCEPTION ("yearly_achievement", "協会けんぽ 2016"): still holds
    assert val(f, "yearly_achievement", "宣言6", scope="協会けんぽ", fy=2016) == 47
    assert val(f, "yearly_achievement", "宣言8", scope="協会けんぽ", fy=2016) == 30
    for m in ["宣言6", "宣言8"]:
        assert [val(f, "yearly_achievement", m, scope="協会けんぽ", fy=y) for y in YEARS[1:]] == [48] * 4
    assert val(f, "datahealth_survey_2020", "データヘルス全数調査 対象数", scope="協会けんぽ") == 48
