"""Data tests for source 002 (令和6年度 群馬支部事業計画 実施状況, FY2022–FY2024, scope 群馬).

Files: data/002_gunma_operations.csv, data/002_gunma_health.csv, data/002_gunma_outreach.csv,
data/002_gunma_management.csv, data/002_status.csv.
Every expected value below was read by hand from /work/shared/seeds/002_3cca3b27335fda2a.txt.
"""

import unicodedata

import pandas as pd
import pytest

from tests.data import checks, coverage

SRC = "002_3cca3b27335fda2a.txt"
NG = "【不一致】"
MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]

ROW_COUNTS = {
    # 002_gunma_operations.csv
    "gunma_cash_benefits": 221,  # 2 years x 9 rows x (12 months + 計), FY2024 家族 rows 4 months + 計; KPI, 標準期間, 順位
    "gunma_mail_applications": 80,  # 2 years x 3 rows x 13, KPI, 順位
    "gunma_cash_meetings": 4,  # 2 実施月 tables x 2 years (計 only)
    "gunma_judo_inquiry": 104,  # 2 years x 4 rows x 13
    "gunma_judo_amount": 78,  # 2 years x 3 rows x 13
    "gunma_judo_multi_site": 78,  # 2 years x 3 rows x 13
    "gunma_limit_certificate": 41,  # 3 years x 13, R6/9 0機関 / 0枚
    "gunma_receipt_review": 52,  # 2 累計 tables x 2 years x 12, 2 KPI, 2 順位
    "gunma_eligibility_external_review": 12,
    "gunma_appropriate_visits": 1,
    "gunma_card_recovery": 22,  # FY2023 12 + FY2024 8 (4月～11月), KPI, 順位
    "gunma_claims_recovery": 28,  # 2 x 12, KPI, 令和5年度末, 令和4年度末, 順位
    # 002_gunma_health.csv
    "gunma_data_analysis": 1,
    "gunma_checkup_kpi": 15,
    "gunma_checkup_activities": 21,
    "gunma_health_guidance_kpi": 10,
    "gunma_health_guidance_activities": 23,
    "gunma_severe_prevention": 9,
    "gunma_health_declaration": 63,  # 単月 2 x 13, 累計 2 x 12, 標準化 12, KPI
    "gunma_health_declaration_activities": 4,
    "gunma_generic": 38,  # 12 + 12 + 11, KPI (empty), 126薬局, 4,831人
    # 002_gunma_outreach.csv
    "gunma_mail_magazine": 38,  # 新規登録 2 x 13, 累計 12
    "gunma_health_insurance_committee": 61,  # 委嘱数 2 x 13, 委嘱事業所数 2 x 12, カバー率 2 x 4, 2 KPI, 順位
    "gunma_health_insurance_committee_awards": 2,
    # 002_gunma_management.csv
    "gunma_overtime": 26,
    "gunma_single_bid": 28,
    "gunma_bid_list": 12,
    "gunma_unlabelled_monthly": 12,
    "gunma_status_summary": 13,
    "gunma_internal_audit": 2,
}

KEY = ["source", "dataset", "scope", "metric", "kind", "fiscal_year", "month", "basis"]

# Places where the DOCUMENT ITSELF disagrees with itself (or cannot be read as printed);
# each is asserted below with its figures, so the test fails if the data changes.
EXCEPTIONS = {
    (
        "gunma_cash_benefits",
        "平均所要日数",
        2024,
    ): "printed 計 6.30, but the 12 printed months average 6.245 (count-weighted 6.247); FY2023 計 6.36 agrees",
    (
        "gunma_mail_magazine",
        "メールマガジン登録件数",
        2024,
        3,
    ): "累計 2月 3,777 + 3月 新規登録 28 = 3,805, but 3月 累計 is printed 3,795 (all other months agree)",
    (
        "gunma_health_insurance_committee",
        "健康保険委員 委嘱数",
        2024,
        7,
    ): "委嘱数単月 7月 △19, but 委嘱事業所数 6月 4,649 → 7月 4,652 (+3); all other FY2024 months agree",
    (
        "gunma_health_insurance_committee",
        "健康保険委員 委嘱数",
        2023,
    ): "FY2023 委嘱数単月 (合計 335) does not track 委嘱事業所数 (4,335 → 4,665); only 5月 and 7月 agree",
    (
        "gunma_health_declaration",
        "健康宣言事業所数（単月）",
        2023,
    ): "単月 vs 累計 differences: 6月 16 vs +10, 11月 6 vs −3 (1,391 → 1,388), 12月 38 vs +39",
    (
        "gunma_unlabelled_monthly",
        "表題なし「累計」表の値",
        2024,
    ): "header 累計 but the values fall (5月 1 → 6月 0, 9月 1 → 10月 0, 1月 2 → 2月 0); no title, no unit",
    (
        "gunma_overtime",
        "超過勤務時間",
        2023,
    ): "9月 printed 3.46 and 10月 4.48 (period for colon); read as 3:46 / 4:48, which makes the 平均 3:19 agree",
    (
        "gunma_checkup_kpi",
        "actual rates vs printed 対象者数",
    ): "actual rates are not actual count / printed 対象者数: 150,403/255,606 = 58.8% vs 57.1%; "
    "18,393/255,606 = 7.2% vs 7.0%; 17,147/66,622 = 25.7% vs 29.5% (actual denominators not printed)",
    (
        "gunma_health_guidance_kpi",
        "actual rates vs printed 対象者数",
    ): "5,173/38,249 = 13.5% vs 14.1%; 75/1,952 = 3.8% vs 4.9% (actual denominators not printed)",
    (
        "gunma_status_summary",
        "評価件数 合計（20件）",
    ): "the summary prints 合計（20件） next to the KPI column whose marks sum to 12",
}


# 検算 (view reconciliation): the checks of this document per family and the checks each test below
# reads (selector, how many). See tests/data/checks.py.
RECONCILIATION = {"合計": 29, "年度計": 43, "比率": 116, "再掲": 31, "差": 4, "平均": 6, "累計": 57, "評価件数": 6}
KPI_TABLES = ("gunma_checkup_kpi", "gunma_health_guidance_kpi")
CHECKS = {
    "year_totals": (
        {
            "family": "年度計",
            "dataset": (
                "gunma_cash_benefits",
                "gunma_mail_applications",
                "gunma_judo_inquiry",
                "gunma_judo_amount",
                "gunma_judo_multi_site",
                "gunma_health_declaration",
                "gunma_mail_magazine",
                "gunma_health_insurance_committee",
                "gunma_limit_certificate",
            ),
        },
        41,
    ),
    "cash_total_row": ({"family": "合計", "dataset": "gunma_cash_benefits"}, 26),
    "single_bid_year_totals": ({"family": "年度計", "dataset": "gunma_single_bid"}, 2),
    "single_bid_rate": ({"family": "比率", "dataset": "gunma_single_bid"}, 1),
    "mail_rate": ({"family": "比率", "dataset": "gunma_mail_applications"}, 26),
    "judo_rates": (
        {"family": "比率", "dataset": ("gunma_judo_inquiry", "gunma_judo_multi_site", "gunma_judo_amount")},
        78,
    ),
    "judo_repeat": ({"family": "再掲", "dataset": "gunma_judo_inquiry"}, 26),
    "service_standard_and_days": ({"family": "平均", "dataset": "gunma_cash_benefits"}, 4),
    "kpi_expected_counts": ({"family": "比率", "dataset": KPI_TABLES, "kind": "目標"}, 5),
    "kpi_actual_rates": ({"family": "比率", "dataset": KPI_TABLES, "kind": "実績"}, 5),
    "severe_prevention_rate": ({"family": "比率", "dataset": "gunma_severe_prevention"}, 1),
    "external_review_differences": ({"family": "差", "dataset": "gunma_eligibility_external_review"}, 4),
    "overtime_average": ({"family": "平均", "dataset": "gunma_overtime"}, 2),
    "cumulative_targets": (
        {"family": "再掲", "dataset": ("gunma_receipt_review", "gunma_card_recovery", "gunma_claims_recovery")},
        5,
    ),
    "stock_series": ({"family": "累計"}, 57),
    "status_counts": ({"family": "評価件数", "dataset": "gunma_status_summary"}, 6),
    "status_summary_totals": ({"family": "合計", "dataset": "gunma_status_summary"}, 3),
}

# Every check of this document that is not 一致, by key, with its verdict and its figures read by hand
# (printed, recomputed from the printed figures it is made of). See EXCEPTIONS above for the why.
X = "不一致"
_DECL = ("累計", "gunma_health_declaration", "群馬", "健康宣言事業所数", "実績")
_COMM = ("累計", "gunma_health_insurance_committee", "群馬", "健康保険委員の委嘱事業所数", "実績")
RECONCILIATION_EXCEPTIONS = {
    # the 20 printed beside 合計 of the KPI column, whose marks sum to 12
    ("合計", "gunma_status_summary", "群馬", "評価件数 合計（20件）", "実績", 2024, None, "年度"): (X, 20, 12),
    # 計 6.30日 vs the mean of the 12 printed months, 74.94 ÷ 12 = 6.245
    ("平均", "gunma_cash_benefits", "群馬", "平均所要日数", "実績", 2024, None, "年度"): (X, 6.30, 6.245),
    # 平均 2:27 vs 1,771分 ÷ 12 = 147.58分 (2:27.6): printed truncated to the minute, within the rounding
    ("平均", "gunma_overtime", "群馬", "超過勤務時間（平均）", "実績", 2024, None, "年度"): ("端数差", 147, 147.5833),
    # the KPI tables' actual rates are not actual count ÷ printed 対象者数
    ("比率", "gunma_checkup_kpi", "群馬", "生活習慣病予防健診受診率", "実績", 2024, None, "年度"): (
        X,
        57.1,
        58.8417,
    ),  # 150,403/255,606
    ("比率", "gunma_checkup_kpi", "群馬", "事業者健診データ取得率", "実績", 2024, None, "年度"): (
        X,
        7.0,
        7.1958,
    ),  # 18,393/255,606
    ("比率", "gunma_checkup_kpi", "群馬", "被扶養者の特定健診受診率", "実績", 2024, None, "年度"): (
        X,
        29.5,
        25.7377,
    ),  # 17,147/66,622
    ("比率", "gunma_health_guidance_kpi", "群馬", "被保険者の特定保健指導の実施率", "実績", 2024, None, "年度"): (
        X,
        14.1,
        13.5245,
    ),  # 5,173/38,249
    ("比率", "gunma_health_guidance_kpi", "群馬", "被扶養者の特定保健指導の実施率", "実績", 2024, None, "年度"): (
        X,
        4.9,
        3.8422,
    ),  # 75/1,952
    # month-end counts vs last month's + this month's entries
    (*_DECL, 2023, 6, "時点"): (X, 1356, 1362),  # 1,346 + 16
    (*_DECL, 2023, 11, "時点"): (X, 1388, 1397),  # 1,391 + 6
    (*_DECL, 2023, 12, "時点"): (X, 1427, 1426),  # 1,388 + 38
    (*_COMM, 2023, 6, "時点"): (X, 4357, 4362),
    (*_COMM, 2023, 8, "時点"): (X, 4375, 4384),
    (*_COMM, 2023, 9, "時点"): (X, 4383, 4386),
    (*_COMM, 2023, 10, "時点"): (X, 4395, 4404),
    (*_COMM, 2023, 11, "時点"): (X, 4437, 4405),
    (*_COMM, 2023, 12, "時点"): (X, 4534, 4500),
    (*_COMM, 2023, 1, "時点"): (X, 4584, 4614),
    (*_COMM, 2023, 2, "時点"): (X, 4644, 4645),
    (*_COMM, 2023, 3, "時点"): (X, 4665, 4662),
    (*_COMM, 2024, 7, "時点"): (X, 4652, 4630),  # 4,649 + △19
    ("累計", "gunma_mail_magazine", "群馬", "メールマガジン登録件数", "実績", 2024, 3, "時点"): (
        X,
        3795,
        3805,
    ),  # 3,777 + 28
}


def N(text):
    """Labels are compared NFKC-normalised on both sides (the store keeps the document's spelling)."""
    return unicodedata.normalize("NFKC", text)


@pytest.fixture(scope="module")
def f(facts):
    d = facts[facts["source"] == SRC].copy()
    assert len(d) > 0, "no facts for source 002"
    d["metric"] = d["metric"].map(N)  # compare labels NFKC-normalised on both sides
    return d


@pytest.fixture(scope="module")
def st(statuses):
    d = statuses[statuses["source"] == SRC].copy()
    d["metric"] = d["metric"].map(N)
    return d


def rows(f, dataset, metric, fy=None, basis=None, kind="実績"):
    q = (f["dataset"] == dataset) & (f["metric"] == N(metric)) & (f["kind"] == kind)
    if fy is not None:
        q &= f["fiscal_year"] == fy
    if basis is not None:
        q &= f["basis"] == basis
    return f[q]


def months(f, dataset, metric, fy, basis="単月"):
    r = rows(f, dataset, metric, fy, basis)
    out = {int(m): float(v) for m, v in zip(r["month"], r["value"])}
    assert len(out) == len(r)
    return out


def year(f, dataset, metric, fy, kind="実績"):
    r = rows(f, dataset, metric, fy, "年度", kind)
    assert len(r) == 1, (dataset, metric, fy, kind, len(r))
    return float(r.iloc[0]["value"])


# ------------------------------------------------------------------ structure
def test_row_counts_per_dataset(f):
    assert f.groupby("dataset").size().to_dict() == ROW_COUNTS
    assert len(f) == 1099


def test_key_unique_scope_and_vocab(f):
    k = f[KEY].astype(str)
    assert not k.duplicated().any(), k[k.duplicated(keep=False)]
    assert set(f["scope"]) == {"群馬"}
    assert set(f["kind"]) == {"実績", "目標", "順位"}
    assert set(f["fiscal_year"].dropna().astype(int)) == {2022, 2023, 2024}


def test_point_in_time_rows_are_month_ends(f):
    t = f[f["basis"] == "時点"]
    assert t["as_of"].notna().all()
    for _, r in t.iterrows():
        d = pd.Timestamp(r["as_of"])
        assert d.is_month_end
        assert (d.year if d.month >= 4 else d.year - 1) == int(r["fiscal_year"])
        if pd.notna(r["month"]):
            assert d.month == int(r["month"])
    assert f.loc[f["basis"] != "時点", "as_of"].isna().all()


def test_empty_values_are_unprinted_targets_or_same_as_last_year(f):
    e = f[f["value"].isna()]
    assert sorted(zip(e["metric"], e["kind"])) == sorted(
        [
            (N("未治療者の医療機関受診率"), "目標"),
            (N("ジェネリック医薬品使用割合"), "目標"),
            (N("健康保険委員の委嘱事業所数"), "目標"),
            (N("がん検診同時実施 連携市町村数"), "実績"),
        ]
    )
    assert e["note"].fillna("").str.len().gt(0).all()


def test_ranks(f):
    r = f[f["kind"] == "順位"]
    got = sorted((m, int(v)) for m, v in zip(r["metric"], r["value"]))
    assert got == sorted(
        [
            (N("サービススタンダードの達成状況"), 1),
            (N("郵送化率"), 27),
            (N("協会のレセプト点検の査定率"), 47),
            (N("協会の再審査レセプト1件当たりの査定額"), 47),
            (N("保険証回収率"), 34),
            (N("返納金債権回収率"), 29),
            (N("健康保険委員の委嘱(KPI 1-1・1-2)"), 32),
        ]
    )
    assert set(r["unit"]) == {"位"}


# ------------------------------------------------------------------ key figures (read by hand)
@pytest.mark.parametrize(
    "dataset,metric,fy,month,basis,kind,expected",
    [
        ("gunma_cash_benefits", "傷病手当金", 2024, None, "年度", "実績", 31198),
        ("gunma_cash_benefits", "現金給付件数 合計", 2023, None, "年度", "実績", 32636),
        ("gunma_cash_benefits", "家族出産一時金", 2024, 7, "単月", "実績", 48),
        ("gunma_cash_benefits", "平均所要日数", 2023, 4, "単月", "実績", 7.76),
        ("gunma_mail_applications", "郵送化率", 2024, None, "年度", "実績", 94.3),
        ("gunma_mail_applications", "郵送化率", 2024, None, "年度", "目標", 95.0),
        ("gunma_judo_amount", "柔整 支給金額", 2023, None, "年度", "実績", 896014077),
        ("gunma_limit_certificate", "限度額適用認定証 申請件数", 2022, None, "年度", "実績", 21808),
        ("gunma_receipt_review", "協会のレセプト点検の査定率", 2024, 3, "累計", "実績", 0.069),
        ("gunma_card_recovery", "保険証回収率", 2024, 11, "累計", "実績", 83.62),
        ("gunma_claims_recovery", "返納金債権回収率", 2022, None, "年度", "実績", 70.60),
        ("gunma_eligibility_external_review", "資格点検再審査等結果 金額", 2023, 12, "累計", "実績", 661257100),
        ("gunma_checkup_kpi", "生活習慣病予防健診 受診者数", 2024, None, "年度", "目標", 156431),
        ("gunma_health_declaration", "健康宣言事業所数", 2024, 3, "時点", "実績", 1587),
        ("gunma_generic", "ジェネリック医薬品使用割合", 2024, 2, "単月", "実績", 89.4),
        ("gunma_overtime", "超過勤務時間", 2023, 9, "単月", "実績", 226),
        ("gunma_single_bid", "一者応札割合", 2024, None, "年度", "実績", 8.3),
    ],
)
def test_key_figures(f, dataset, metric, fy, month, basis, kind, expected):
    r = rows(f, dataset, metric, fy, basis, kind)
    if month is not None:
        r = r[r["month"] == month]
    assert len(r) == 1
    assert float(r.iloc[0]["value"]) == pytest.approx(expected)


def test_partial_rows_only_where_certain(f):
    # 家族 rows: 4 values (4月～7月, merged into 出産一時金 / 埋葬料 from 令和6年8月 per the document's note)
    for m in ["家族出産一時金", "家族埋葬料"]:
        assert sorted(months(f, "gunma_cash_benefits", m, 2024)) == [4, 5, 6, 7]
    # 保険証回収率 FY2024: 8 values, the text says 「11月現在では83.62%」
    assert sorted(months(f, "gunma_card_recovery", "保険証回収率", 2024, "累計"), key=MONTHS.index) == [
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
    ]
    # ジェネリック FY2024: 11 values, 4月～2月
    g = months(f, "gunma_generic", "ジェネリック医薬品使用割合", 2024)
    assert sorted(g, key=MONTHS.index) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2]
    # カバー率: quarter ends only
    for fy in (2023, 2024):
        assert sorted(
            months(
                f,
                "gunma_health_insurance_committee",
                "健康保険委員が委嘱されている事業所の被保険者数の割合",
                fy,
                "時点",
            )
        ) == [3, 6, 9, 12]


# ------------------------------------------------------------------ totals = sum of months
def total_groups(f):
    d = f[(f["kind"] == "実績") & f["unit"].isin(["件", "人", "円", "事業所"])]
    for (ds, met, fy), g in d.groupby(["dataset", "metric", "fiscal_year"]):
        m, t = g[g["basis"] == "単月"], g[g["basis"] == "年度"]
        if len(m) and len(t) == 1:
            yield ds, met, int(fy), m, float(t.iloc[0]["value"])


def test_every_printed_total_is_sum_of_months(f, reconciliation):
    d = checks.expect(reconciliation, SRC, CHECKS["year_totals"], RECONCILIATION_EXCEPTIONS)
    assert set(d["inputs"]) == {12, 4}  # 4: the 家族 rows of FY2024 (4月～7月)
    # the view finds every printed year total of a count or amount whose months are printed beside it:
    # per year: cash 7 + mail 2 + judo inquiry 3 + judo amount 2 + judo multi 2 + 健康宣言 1 + メルマガ 1 + 委嘱数 1
    # (x2 years) + 限度額 3 years
    groups = {(ds, N(met), fy) for ds, met, fy, _, _ in total_groups(f) if ds != "gunma_single_bid"}
    assert len(groups) == 2 * (7 + 2 + 3 + 2 + 2 + 1 + 1 + 1) + 3
    assert set(zip(d["dataset"], d["metric"].map(N), d["fiscal_year"])) == groups


def test_cash_total_row_is_sum_of_types(reconciliation):
    # 現金給付件数 合計 = the 6 benefit types, each month and the year (the 家族 rows printed 4月～7月 of FY2024 only)
    d = checks.expect(reconciliation, SRC, CHECKS["cash_total_row"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["fiscal_year"], d["month"].fillna(0))) == sorted(
        (y, m) for y in (2023, 2024) for m in [0, *MONTHS]
    )
    late = (d["fiscal_year"] == 2024) & d["month"].isin([8, 9, 10, 11, 12, 1, 2, 3])
    assert (d.loc[late, "inputs"] == 4).all() and (d.loc[~late, "inputs"] == 6).all()


def test_single_bid_table(f, reconciliation):
    for met in ["一般競争入札件数", "一者応札件数"]:
        upto_april = rows(f, "gunma_single_bid", met, 2024, "累計")
        assert list(upto_april["month"]) == [4]
        assert len(months(f, "gunma_single_bid", met, 2024)) == 11
    # 計 = 「4月まで」 (累計) + the 11 months after: 12 bids, 1 with a single bidder
    d = checks.expect(reconciliation, SRC, CHECKS["single_bid_year_totals"], RECONCILIATION_EXCEPTIONS)
    assert dict(zip(d["metric"], d["recomputed"])) == {"一般競争入札件数": 12, "一者応札件数": 1}
    assert (d["inputs"] == 12).all()
    # 1 ÷ 12 × 100 = 8.33, printed 8.3%
    (r,) = checks.expect(reconciliation, SRC, CHECKS["single_bid_rate"], RECONCILIATION_EXCEPTIONS).itertuples()
    assert r.printed_value == 8.3 and r.recomputed == pytest.approx(100 / 12)
    rate = year(f, "gunma_single_bid", "一者応札割合", 2024)
    assert rate <= year(f, "gunma_single_bid", "一者応札割合", 2024, "目標") == 15
    # the bid list agrees with the monthly table: 12 bids, one with a single bidder (10/4)
    bids = f[f["dataset"] == "gunma_bid_list"]
    assert len(bids) == 12 and (bids["value"] == 1).sum() == 1
    assert bids.loc[bids["value"] == 1, "metric"].str.contains("10/4").all()


# ------------------------------------------------------------------ printed rates vs their parts
def test_mail_rate(reconciliation):
    # 郵送化率 = 郵送件数 ÷ (郵送件数 + 窓口件数) × 100, each month and the year, FY2023 and FY2024
    d = checks.expect(reconciliation, SRC, CHECKS["mail_rate"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["fiscal_year"], d["month"].fillna(0))) == sorted(
        (y, m) for y in (2023, 2024) for m in [0, *MONTHS]
    )


def test_judo_rates(reconciliation):
    # 患者照会率 = 患者照会数 ÷ 申請件数, 多・頻/件 = 多・頻件数 ÷ 申請件数 (× 100), 金額/件 = 支給金額 ÷ 支給件数,
    # each month and the year, FY2023 and FY2024
    d = checks.expect(reconciliation, SRC, CHECKS["judo_rates"], RECONCILIATION_EXCEPTIONS)
    assert d["metric"].map(N).value_counts().to_dict() == {
        "患者照会率": 26,
        "多・頻/件": 26,
        "柔整 金額/件": 24,
        "柔整 金額/件(計)": 2,
    }
    # 多・頻件数 is printed in both tables (再掲)
    d = checks.expect(reconciliation, SRC, CHECKS["judo_repeat"], RECONCILIATION_EXCEPTIONS)
    assert set(d["metric"]) == {"多・頻件数"}


def test_service_standard_and_days(f, reconciliation):
    for fy in (2023, 2024):
        assert set(months(f, "gunma_cash_benefits", "サービススタンダードの達成状況", fy).values()) == {100.0}
    # 計 = the mean of the 12 months: サービススタンダード 100 both years, 平均所要日数 6.36 (FY2023);
    # EXCEPTION ("gunma_cash_benefits", "平均所要日数", 2024): 6.30 printed, the months average 6.245
    d = checks.expect(reconciliation, SRC, CHECKS["service_standard_and_days"], RECONCILIATION_EXCEPTIONS)
    c = checks.by_key(d)
    assert (
        c[("平均", "gunma_cash_benefits", "群馬", "平均所要日数", "実績", 2023, None, "年度")]["printed_value"] == 6.36
    )
    assert sorted(d.loc[d["metric"] == "サービススタンダードの達成状況", "recomputed"]) == [100, 100]
    # not a 検算 check: the count-weighted mean (6.247) does not give 6.30 either
    d24 = months(f, "gunma_cash_benefits", "平均所要日数", 2024)
    cnt = months(f, "gunma_cash_benefits", "現金給付件数 合計", 2024)
    assert round(sum(d24[m] * cnt[m] for m in MONTHS) / sum(cnt.values()), 3) == 6.247
    assert NG in rows(f, "gunma_cash_benefits", "平均所要日数", 2024, "年度").iloc[0]["note"]


def test_kpi_expected_counts_are_target_rate_times_population(f, reconciliation):
    # 目標 count = 対象者数 × 目標率 ÷ 100, e.g. 生活習慣病予防健診: 255,606 × 61.2% = 156,431
    d = checks.expect(reconciliation, SRC, CHECKS["kpi_expected_counts"], RECONCILIATION_EXCEPTIONS)
    c = checks.by_key(d)
    assert (
        c[("比率", "gunma_checkup_kpi", "群馬", "生活習慣病予防健診 受診者数", "目標", 2024, None, "年度")][
            "printed_value"
        ]
        == 156_431
    )
    # not a 検算 check: every KPI was missed
    for ds, rate, cnt in [
        ("gunma_checkup_kpi", "生活習慣病予防健診受診率", "生活習慣病予防健診 受診者数"),
        ("gunma_checkup_kpi", "事業者健診データ取得率", "事業者健診データ 取得者数"),
        ("gunma_checkup_kpi", "被扶養者の特定健診受診率", "被扶養者の特定健診 受診者数"),
        ("gunma_health_guidance_kpi", "被保険者の特定保健指導の実施率", "被保険者の特定保健指導 実施者数"),
        ("gunma_health_guidance_kpi", "被扶養者の特定保健指導の実施率", "被扶養者の特定保健指導 実施者数"),
    ]:
        assert year(f, ds, rate, 2024) < year(f, ds, rate, 2024, "目標")
        assert year(f, ds, cnt, 2024) < year(f, ds, cnt, 2024, "目標")


def test_kpi_actual_rates_do_not_follow_from_printed_population(reconciliation):
    # EXCEPTIONS ("gunma_checkup_kpi" / "gunma_health_guidance_kpi", "actual rates vs printed 対象者数"):
    # all five 不一致, with the figures in RECONCILIATION_EXCEPTIONS (e.g. 150,403 ÷ 255,606 = 58.8% vs 57.1%)
    d = checks.expect(reconciliation, SRC, CHECKS["kpi_actual_rates"], RECONCILIATION_EXCEPTIONS)
    assert (d["verdict"] == "不一致").all()


def test_other_printed_rates_and_differences(reconciliation):
    # 未治療者の医療機関受診率 = 受診者数 ÷ 該当者数 × 100 = 32.3%
    (r,) = checks.expect(reconciliation, SRC, CHECKS["severe_prevention_rate"], RECONCILIATION_EXCEPTIONS).itertuples()
    assert r.printed_value == 32.3
    # 前年度比 = 令和6年12月 累計 − 令和5年12月 累計, 資格/外傷 × 件数/金額
    d = checks.expect(reconciliation, SRC, CHECKS["external_review_differences"], RECONCILIATION_EXCEPTIONS)
    assert set(d["metric"].map(N)) == {
        f"{k} {w} 前年度比" for k in ["資格点検再審査等結果", "外傷点検再審査等結果"] for w in ["件数", "金額"]
    }
    assert set(zip(d["fiscal_year"], d["month"], d["basis"])) == {(2024, 12, "累計")}


def test_overtime_average(f, reconciliation):
    for fy in (2023, 2024):
        assert len(months(f, "gunma_overtime", "超過勤務時間", fy)) == 12
    # 平均 = the mean of the 12 months: 3:19 (FY2023) 一致; 2:27 (FY2024) 端数差, the mean is 2:27.6
    d = checks.expect(reconciliation, SRC, CHECKS["overtime_average"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["fiscal_year"], d["printed_value"])) == [(2023, 199), (2024, 147)]
    # not a 検算 check: 平均 is printed in whole minutes, truncated (the view allows either rounding)
    assert ((d["recomputed"] - d["printed_value"]).between(0, 1, inclusive="left")).all()
    # EXCEPTION ("gunma_overtime", "超過勤務時間", 2023): the two period-typos, read as h:mm
    typo = rows(f, "gunma_overtime", "超過勤務時間", 2023, "単月")
    typo = typo[typo["month"].isin([9, 10])].sort_values("month")
    assert list(typo["value"]) == [226, 288]
    assert typo["note"].str.contains("誤植").all()
    assert "3.46" in typo.iloc[0]["note"] and "4.48" in typo.iloc[1]["note"]


# ------------------------------------------------------------------ 累計 and stock series
def test_cumulative_rates_end_at_the_year_figures_and_targets(f, reconciliation):
    for ds, met, target in [
        ("gunma_receipt_review", "協会のレセプト点検の査定率", 0.080),
        ("gunma_receipt_review", "協会の再審査レセプト1件当たりの査定額", 3788),
        ("gunma_card_recovery", "保険証回収率", 85.15),
        ("gunma_claims_recovery", "返納金債権回収率", 60.69),
    ]:
        assert len(months(f, ds, met, 2023, "累計")) == 12
        assert year(f, ds, met, 2024, "目標") == target
    # the FY2024 KPI is 「前年度以上」: the target repeats the FY2023 March 累計 (4 targets), and the FY2023
    # 返納金債権回収率 year figure repeats its March 累計
    d = checks.expect(reconciliation, SRC, CHECKS["cumulative_targets"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["kind"], d["fiscal_year"])) == [("実績", 2023)] + [("目標", 2024)] * 4
    assert sorted(d["formula"]) == sorted(
        [
            "実績 令和5年度 3月累計 0.080%",
            "実績 令和5年度 3月累計 3,788",
            "実績 令和5年度 3月累計 85.15%",
            "実績 令和5年度 3月累計 60.69%",
            "3月累計 60.69%",
        ]
    )


def test_per_case_cumulative_is_a_running_average_that_may_fall(f):
    # 1件当たり査定額 累計 is a running average: it falls in some months. The validator treats per-case
    # metrics as non-additive, so no discrepancy marker is needed; the notes say it is not a document error.
    falls_by_year = {}
    for fy in (2023, 2024):
        r = rows(f, "gunma_receipt_review", "協会の再審査レセプト1件当たりの査定額", fy, "累計")
        r = r.assign(o=r["month"].map(MONTHS.index)).sort_values("o")
        v = list(r["value"])
        falls_by_year[fy] = [MONTHS[i] for i in range(1, 12) if v[i] < v[i - 1]]
        assert not any(NG in n for n in r["note"])
        assert all("資料の誤りではない" in r.iloc[MONTHS.index(m)]["note"] for m in falls_by_year[fy])
    assert falls_by_year == {2023: [6, 1, 3], 2024: [5, 6, 7]}


def test_no_count_cumulative_falls_except_documented(f):
    d = f[(f["basis"] == "累計") & f["unit"].isin(["件", "人", "円", "事業所", "分"])]
    for (ds, met, fy), g in d.groupby(["dataset", "metric", "fiscal_year"]):
        g = g.assign(o=g["month"].map(MONTHS.index)).sort_values("o")
        v = list(g["value"])
        for i in range(1, len(v)):
            if v[i] < v[i - 1]:
                if "1件当たり" in met:  # a running average, not a count (see the test above)
                    continue
                assert NG in g.iloc[i]["note"], (ds, met, fy)
                assert (ds, met) == ("gunma_unlabelled_monthly", N("表題なし「累計」表の値"))
    # EXCEPTION ("gunma_unlabelled_monthly", ...): still holds
    u = months(f, "gunma_unlabelled_monthly", "表題なし「累計」表の値", 2024, "累計")
    assert [u[m] for m in MONTHS] == [0, 1, 0, 0, 2, 1, 0, 2, 2, 2, 0, 1]


def test_stock_series_follow_monthly_flows(reconciliation):
    # month-end count = last month-end + this month's entries, wherever last month's count is printed
    # (April from the previous March). EXCEPTIONS, with their figures in RECONCILIATION_EXCEPTIONS:
    # メールマガジン FY2024 3月 (3,777 + 28 = 3,805 vs 3,795); 健康宣言 FY2023 6月・11月・12月 (FY2024 agrees);
    # 健康保険委員 FY2023 all but 5月・7月 (April has no previous count), FY2024 7月
    d = checks.expect(reconciliation, SRC, CHECKS["stock_series"], RECONCILIATION_EXCEPTIONS)
    got = {}
    for (ds, fy), g in d.groupby(["dataset", "fiscal_year"]):
        got[ds, fy] = (len(g), sorted(g.loc[g["verdict"] != "一致", "month"], key=MONTHS.index))
    assert got == {
        ("gunma_mail_magazine", 2024): (11, [3]),
        ("gunma_health_declaration", 2023): (11, [6, 11, 12]),
        ("gunma_health_declaration", 2024): (12, []),
        ("gunma_health_insurance_committee", 2023): (11, [6, 8, 9, 10, 11, 12, 1, 2, 3]),
        ("gunma_health_insurance_committee", 2024): (12, [7]),
    }


def test_standardised_declarations_below_all_declarations(f):
    s = months(f, "gunma_health_declaration", "標準化された健康宣言事業所数", 2024, "時点")
    a = months(f, "gunma_health_declaration", "健康宣言事業所数", 2024, "時点")
    assert len(s) == 12 and all(s[m] < a[m] for m in MONTHS)
    assert a[3] >= year(f, "gunma_health_declaration", "健康宣言事業所数", 2024, "目標") == 1580


# ------------------------------------------------------------------ status marks
def test_status_rows(st):
    assert len(st) == 76
    assert set(st["status"]) <= {"◎", "○", "△", "×", "□"}
    assert (st["fiscal_year"] == 2024).all()
    k = st[["source", "dataset", "scope", "metric", "fiscal_year"]].astype(str)
    assert not k.duplicated().any()


def test_status_counts_equal_printed_summary(f, st, reconciliation):
    main = st[st["dataset"] == "gunma_status"]
    # each printed count of a mark is the number of items the table marks so (評価件数), 72 in all
    d = checks.expect(reconciliation, SRC, CHECKS["status_counts"], RECONCILIATION_EXCEPTIONS)
    assert set(d["metric"].map(N)) == {f"評価件数 {m}(全体)" for m in ["◎", "○", "△", "×", "□", "合計"]}
    c = checks.by_key(d)
    assert (
        c[("評価件数", "gunma_status_summary", "群馬", "評価件数 合計（全体）", "実績", 2024, None, "年度")][
            "printed_value"
        ]
        == len(main)
        == 72
    )
    # 合計 = ◎ + ○ + △ + × + □ of each column: 72 (全体), 12 (KPI再掲);
    # EXCEPTION ("gunma_status_summary", "評価件数 合計（20件）"): printed 20 vs KPI column total 12
    d = checks.expect(reconciliation, SRC, CHECKS["status_summary_totals"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["metric"].map(N), d["recomputed"])) == [
        ("評価件数 合計(20件)", 12),
        ("評価件数 合計(KPI再掲)", 12),
        ("評価件数 合計(全体)", 72),
    ]
    # the 4 marks at the end (業績評価 list) are outside the summary
    g = st[st["dataset"] == "gunma_status_gyoseki"]
    assert sorted(g["status"]) == sorted(["△", "△", "△", "□"])


def test_kpi_statuses_agree_with_target_and_actual(f, st):
    def mark(metric):
        r = st[st["metric"] == N(metric)]
        assert len(r) == 1, metric
        return r.iloc[0]["status"]

    cases = [
        (
            "gunma_cash_benefits",
            "サービススタンダードの達成状況",
            year(f, "gunma_cash_benefits", "サービススタンダードの達成状況", 2024),
        ),
        ("gunma_mail_applications", "郵送化率", year(f, "gunma_mail_applications", "郵送化率", 2024)),
        (
            "gunma_receipt_review",
            "協会のレセプト点検の査定率",
            months(f, "gunma_receipt_review", "協会のレセプト点検の査定率", 2024, "累計")[3],
        ),
        (
            "gunma_receipt_review",
            "協会の再審査レセプト1件当たりの査定額",
            months(f, "gunma_receipt_review", "協会の再審査レセプト1件当たりの査定額", 2024, "累計")[3],
        ),
        ("gunma_card_recovery", "保険証回収率", months(f, "gunma_card_recovery", "保険証回収率", 2024, "累計")[11]),
        (
            "gunma_claims_recovery",
            "返納金債権回収率",
            months(f, "gunma_claims_recovery", "返納金債権回収率", 2024, "累計")[3],
        ),
    ]
    for ds, metric, actual in cases:
        target = year(f, ds, metric, 2024, "目標")
        assert mark(metric) == ("△" if actual < target else "○"), metric
    cover = months(
        f, "gunma_health_insurance_committee", "健康保険委員が委嘱されている事業所の被保険者数の割合", 2024, "時点"
    )[3]
    assert cover >= year(
        f, "gunma_health_insurance_committee", "健康保険委員が委嘱されている事業所の被保険者数の割合", 2024, "目標"
    )
    assert mark("健康保険委員の委嘱(KPI 1-1・1-2)") == "○"
    # identified KPI marks never exceed the printed KPI column
    identified = [mark(m) for _, m, _ in cases] + ["○"]
    for m in ["○", "△"]:
        assert identified.count(m) <= year(f, "gunma_status_summary", f"評価件数 {m}(KPI再掲)", 2024)


# ------------------------------------------------------------------ exceptions and coverage
def test_documented_exceptions_still_hold(f):
    assert len(EXCEPTIONS) == 10
    assert len(RECONCILIATION_EXCEPTIONS) == 22
    mm = rows(f, "gunma_mail_magazine", "メールマガジン登録件数", 2024, "時点")
    assert NG in mm[mm["month"] == 3].iloc[0]["note"]
    assert months(f, "gunma_mail_magazine", "メールマガジン登録件数", 2024, "時点")[3] == 3795


def test_every_number_in_the_document_is_covered():
    assert coverage.uncovered("002") == []
    assert coverage.stale_ignores("002") == []
