"""Data tests for source 000 (協会けんぽ群馬支部 slides on 地域・職域連携).

Files: data/000_insurers.csv, data/000_joint_work.csv.
Every expected value below was read by hand from /work/shared/seeds/000_ea8c514f59c29b9d.txt.
"""

import math

import pandas as pd
import pytest

from tests.data import checks, lookup

SRC = "000_ea8c514f59c29b9d.txt"

ROW_COUNTS = {
    # insurers file
    "insurer_landscape": 14,
    "kyokai_overview": 4,
    "kyokai_establishment_size": 8,
    "gunma_enrolment": 6,
    # joint work file
    "agreements": 7,
    "gunma_top_target": 5,
    "checkup_poster": 1,
    "cancer_screening_joint": 2,
    "exercise_seminar": 3,
    "gwalk_app": 3,
    "wellness_mutual_recognition": 1,
    "healthcare_campaign": 2,
    "health_festa_maebashi": 3,
    "health_festa_gunma": 1,
    "generic_visit": 1,
    "employer_visit": 3,
}


def N(text):
    """Labels are stored exactly as the document spells them (full-width brackets kept)."""
    return text


KEY = ["source", "dataset", "scope", "metric", "kind", "fiscal_year", "month", "basis"]

# Places where the DOCUMENT ITSELF is incomplete or looks inconsistent; each is asserted below.
EXCEPTIONS = {
    (
        "kyokai_establishment_size",
        "printed shares do not reach 100",
    ): "5 printed classes sum to 98.6%; classes 100～999人 and 1000人以上 are printed without a share "
    "(stored as empty values), so the gap of 1.4 points is not an error",
    (
        "insurer_landscape",
        "広域連合 as_of",
    ): "47広域連合 / 1,772万人 are printed without a date; stored as H31年3月末 (2019-03-31) like the "
    "other non-協会 insurer types, with a note",
    (
        "insurer_landscape",
        "協会・健保組合間の事業所移動",
    ): "643事業所（R2年度） and 222事業所（R2年度） are arrow labels whose direction cannot be read from the "
    "extracted text; stored in printed order",
}


# 検算 (view reconciliation): the checks of this document per family, the checks each test below reads
# (selector, how many), and the checks that are not 一致 (none in this document). See tests/data/checks.py.
RECONCILIATION = {"合計": 1, "比率": 3, "再掲": 2}
CHECKS = {
    "gunma_members_total": ({"family": "合計", "dataset": "gunma_enrolment", "metric": "加入者数"}, 1),
    "gunma_share_of_residents": ({"family": "比率", "dataset": "gunma_enrolment"}, 1),
    "kyokai_chart_and_text_agree": ({"family": "再掲", "dataset": "kyokai_overview"}, 2),
    "hypertension_target": ({"family": "比率", "dataset": "gunma_top_target"}, 2),
}
RECONCILIATION_EXCEPTIONS: dict[tuple, tuple[str, float, float]] = {}


@pytest.fixture(scope="module")
def f(facts):
    d = facts[facts["source"] == SRC].copy()
    assert len(d) > 0, "no facts for source 000"
    return d


one = lookup.one
val = lookup.val


# ------------------------------------------------------------------ structure
def test_row_counts_per_dataset(f):
    counts = f.groupby("dataset").size().to_dict()
    assert counts == ROW_COUNTS
    assert len(f) == 64


def test_key_unique(f):
    k = f[KEY].astype(str)
    assert not k.duplicated().any(), k[k.duplicated(keep=False)]


def test_point_in_time_rows_have_as_of_and_matching_fiscal_year(f):
    t = f[f["basis"] == "時点"]
    assert t["as_of"].notna().all()
    for _, r in t.iterrows():
        d = pd.Timestamp(r["as_of"])
        fy = d.year if d.month >= 4 else d.year - 1
        assert int(r["fiscal_year"]) == fy, (r["dataset"], r["metric"], d, r["fiscal_year"])
    assert f.loc[f["basis"] != "時点", "as_of"].isna().all()


def test_empty_values_have_notes(f):
    e = f[f["value"].isna()]
    # 2 unprinted size classes + 7 agreements (date only) + 2 cancelled seminars + 2 cancelled festas
    assert len(e) == 13
    assert e["note"].fillna("").str.len().gt(0).all()


def test_units_and_bases_in_contract(f):
    allowed_units = {
        "人",
        "円",
        "件",
        "%",
        "事業所",
        "保険者",
        "組合",
        "団体",
        "法人",
        "社",
        "日",
        "分",
        "位",
        "回",
        "枚",
        "箇所",
        "点",
        "項目",
        "時間",
        "倍",
        "ポイント",
        "市町村",
    }
    assert set(f["unit"]) <= allowed_units
    assert set(f["basis"]) <= {"単月", "累計", "年度", "時点"}
    assert set(f["kind"]) <= {"実績", "目標", "順位"}
    assert f["month"].isna().all()


# ------------------------------------------------------------------ key figures (read by hand)
@pytest.mark.parametrize(
    "dataset,scope,metric,kind,fy,expected",
    [
        ("insurer_landscape", "市町村国保", "保険者数", "実績", 2018, 1716),
        ("insurer_landscape", "市町村国保", "加入者数", "実績", 2018, 27_520_000),
        ("insurer_landscape", "国保組合", "加入者数", "実績", 2018, 2_740_000),
        ("insurer_landscape", "協会けんぽ", "加入者数", "実績", 2021, 40_370_000),
        ("insurer_landscape", "健保組合", "保険者数", "実績", 2018, 1391),
        ("insurer_landscape", "健保組合", "加入者数", "実績", 2018, 29_540_000),
        ("insurer_landscape", "共済組合", "加入者数", "実績", 2018, 8_580_000),
        ("insurer_landscape", "広域連合", "加入者数", "実績", 2018, 17_720_000),
        ("kyokai_establishment_size", "全国", "事業所構成割合（従業員2人以下）", "実績", 2021, 52.1),
        ("gunma_enrolment", "群馬", "事業所数", "実績", 2020, 35_532),
        ("gunma_enrolment", "群馬", "被保険者数", "実績", 2020, 383_396),
        ("gwalk_app", "群馬", "G-WALK+登録者数", "実績", 2021, 25_328),
        ("wellness_mutual_recognition", "群馬", "相互認定件数", "実績", 2020, 210),
        ("cancer_screening_joint", "群馬", "同時実施市町村数", "実績", 2020, 34),
        ("exercise_seminar", "群馬", "運動セミナー参加者数", "実績", 2019, 189),
        ("gunma_top_target", "群馬", "重症高血圧の割合（男性）", "目標", 2021, 1.71),
    ],
)
def test_key_figures(f, dataset, scope, metric, kind, fy, expected):
    assert val(f, dataset, metric, scope=scope, kind=kind, fy=fy) == pytest.approx(expected)


def test_as_of_dates(f):
    assert one(f, "insurer_landscape", "加入者数", scope="市町村国保")["as_of"] == pd.Timestamp("2019-03-31")
    assert one(f, "insurer_landscape", "加入者数", scope="協会けんぽ")["as_of"] == pd.Timestamp("2021-06-30")
    assert one(f, "gunma_enrolment", "加入者数")["as_of"] == pd.Timestamp("2021-03-31")
    assert one(f, "gwalk_app", "G-WALK+登録者数")["as_of"] == pd.Timestamp("2022-02-16")
    assert one(f, "wellness_mutual_recognition", "相互認定件数")["as_of"] == pd.Timestamp("2021-03-31")


def test_no_invented_kyokai_insurer_count(f):
    # the document prints no number of insurers for 協会けんぽ
    q = (f["scope"] == N("協会けんぽ")) & (f["metric"] == N("保険者数"))
    assert not q.any()


# ------------------------------------------------------------------ totals and parts
def test_gunma_members_total(reconciliation):
    (r,) = checks.expect(reconciliation, SRC, CHECKS["gunma_members_total"], RECONCILIATION_EXCEPTIONS).itertuples()
    assert r.formula == "被保険者数 383,396名 ＋ 被扶養者数 249,528名"
    assert r.printed_value == r.recomputed == 632_924


def test_gunma_share_of_residents(reconciliation):
    # 群馬県民約193万人, 約3人に１人が協会けんぽ加入者: 1,930,000 / 632,924 = 3.05, printed 3
    (r,) = checks.expect(
        reconciliation, SRC, CHECKS["gunma_share_of_residents"], RECONCILIATION_EXCEPTIONS
    ).itertuples()
    assert r.metric == "協会けんぽ加入者の割合（県民の何人に1人）"
    assert r.printed_value == 3 and r.recomputed == pytest.approx(3.0493, abs=1e-4)


def test_establishment_size_shares(f):
    d = f[f["dataset"] == "kyokai_establishment_size"]
    classes = d[~d["metric"].str.contains("9人以下")]
    assert len(classes) == 7
    printed = classes["value"].dropna()
    assert len(printed) == 5
    # EXCEPTION ("kyokai_establishment_size", "printed shares do not reach 100"): still holds
    assert printed.sum() == pytest.approx(98.6)
    assert printed.sum() < 100
    missing = classes[classes["value"].isna()]["metric"].tolist()
    assert sorted(missing) == sorted(
        N(m) for m in ["事業所構成割合（従業員100～999人）", "事業所構成割合（従業員1000人以上）"]
    )
    # 約8割が従業員9人以下: 2人以下 + 3・4人 + 5～9人 = 82.6, rounds to 8割
    small = sum(
        val(f, "kyokai_establishment_size", f"事業所構成割合（従業員{c}）") for c in ["2人以下", "3・4人", "5～9人"]
    )
    assert small == pytest.approx(82.6)
    for ds in ["kyokai_establishment_size", "kyokai_overview"]:
        approx8 = val(f, ds, "事業所構成割合（従業員9人以下）")
        assert approx8 == 80
        assert round(small / 10) * 10 == approx8


def test_kyokai_chart_and_text_agree(f, reconciliation):
    # the text's 加入者数 and 事業所数 repeat the chart's 協会けんぽ figures (再掲)
    d = checks.expect(reconciliation, SRC, CHECKS["kyokai_chart_and_text_agree"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["metric"], d["recomputed"])) == [("事業所数", 2_420_000), ("加入者数", 40_370_000)]
    assert val(f, "kyokai_overview", "事業所数") == 2_420_000


def test_gwalk_part_of_total(f):
    total = val(f, "gwalk_app", "G-WALK+登録者数")
    kyokai = val(f, "gwalk_app", "G-WALK+登録者数（うち協会けんぽ加入者）")
    assert 0 < kyokai < total


def test_hypertension_target_is_10_percent_reduction(f, reconciliation):
    cut = val(f, "gunma_top_target", "重症高血圧の割合 低下率", kind="目標")
    assert cut == 10
    for sex, base, target in [("男性", 1.9, 1.71), ("女性", 0.7, 0.63)]:
        b = val(f, "gunma_top_target", f"重症高血圧の割合（{sex}）", kind="実績")
        t = val(f, "gunma_top_target", f"重症高血圧の割合（{sex}）", kind="目標")
        assert (b, t) == (pytest.approx(base), pytest.approx(target))
    # 目標 = 実績 × (1 − 10 ÷ 100): 1.9 × 0.9 = 1.71, 0.7 × 0.9 = 0.63
    d = checks.expect(reconciliation, SRC, CHECKS["hypertension_target"], RECONCILIATION_EXCEPTIONS)
    assert sorted(zip(d["metric"], d["kind"], d["recomputed"])) == [
        ("重症高血圧の割合（女性）", "目標", pytest.approx(0.63)),
        ("重症高血圧の割合（男性）", "目標", pytest.approx(1.71)),
    ]


def test_employer_visits(f):
    assert val(f, "employer_visit", "事業所同行訪問件数") == 3
    assert val(f, "employer_visit", "データ提供同意書取得件数") == 1
    assert val(f, "employer_visit", "健診データ取得件数") == 145
    assert val(f, "generic_visit", "医療機関同行訪問件数") == 1


def test_cancelled_years_are_empty(f):
    for ds, m, years in [
        ("exercise_seminar", "運動セミナー参加者数", [2020, 2021]),
        ("health_festa_maebashi", "健康フェスタ開催回数", [2020, 2021]),
    ]:
        for y in years:
            r = one(f, ds, m, fy=y)
            assert math.isnan(r["value"]) and "中止" in r["note"]


def test_agreements(f):
    d = f[f["dataset"] == "agreements"].set_index("metric")
    expected = {
        "協定締結（群馬県）": "2016-01-27",
        "協定締結（前橋市）": "2014-07-18",
        "協定締結（藤岡市）": "2015-06-01",
        "協定締結（高崎市）": "2015-08-04",
        "協定締結（館林市）": "2015-10-19",
        "協定締結（桐生市）": "2016-04-15",
        "協定締結（沼田市）": "2018-08-07",
    }
    assert set(d.index) == {N(m) for m in expected}
    for m, iso in expected.items():
        m = N(m)
        assert d.loc[m, "as_of"] == pd.Timestamp(iso)
        assert math.isnan(d.loc[m, "value"])


def test_documented_exceptions_still_hold(f):
    r = one(f, "insurer_landscape", "保険者数", scope="広域連合")
    assert r["as_of"] == pd.Timestamp("2019-03-31") and "印字なし" in r["note"]
    flows = f[f["metric"].str.startswith(N("協会・健保組合間の事業所移動"))]
    assert sorted(flows["value"].tolist()) == [222, 643]
    assert flows["note"].str.contains("判別できない").all()
    assert len(EXCEPTIONS) == 3
