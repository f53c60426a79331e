"""検算 (view reconciliation) and the consistency tests are one definition.

(a) The counts match: for each document, the view's checks per family are what its test module declares
    (RECONCILIATION), and the checks the modules' tests read (CHECKS) claim every row of the view exactly
    once — the 検算 page lists every check the consistency tests make, and no other.
(b) The known discrepancies are named: every check that is not 一致 has a note and is one of a module's
    RECONCILIATION_EXCEPTIONS (and every exception is such a check); every note is used.
(c) A few checks worked by hand, the arithmetic shown.
(d) The verdicts can fail: stores built from changed copies of data/ (data/ itself is never touched)
    turn the changed checks 不一致 (or 一致), and a check whose input figure is missing is dropped.
"""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from kenpo.build.store import build
from kenpo.paths import DATA_DIR
from kenpo.store_access import connect_readonly
from tests.data import checks, test_000, test_001, test_002, test_003, test_004

MODULES = [test_000, test_001, test_002, test_003, test_004]
VERDICTS = {"一致", "端数差", "不一致"}


def _keys(d: pd.DataFrame) -> set[tuple]:
    return {(r["source"], *checks.key(r)) for _, r in d.iterrows()}


# ------------------------------------------------------------------ (a) the counts match
def test_every_document_has_a_declaration(reconciliation):
    assert {m.SRC for m in MODULES} == set(reconciliation["source"])
    assert set(reconciliation["verdict"]) <= VERDICTS


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.SRC[:3])
def test_checks_per_family_equal_the_module_declaration(reconciliation, module):
    d = reconciliation[reconciliation["source"] == module.SRC]
    assert d["family"].value_counts().to_dict() == module.RECONCILIATION
    # the module's tests read exactly its declared checks
    assert sum(n for _, n in module.CHECKS.values()) == sum(module.RECONCILIATION.values()) == len(d)


def test_the_totals_equal_the_view(con, reconciliation):
    assert sum(sum(m.RECONCILIATION.values()) for m in MODULES) == len(reconciliation) == 556
    summary = con.execute(
        "SELECT checks, agreed, rounding, disagreed FROM reconciliation_summary WHERE source IS NULL"
    ).fetchone()
    assert summary == (556, 517, 16, 23)
    counts = reconciliation["verdict"].value_counts().to_dict()
    assert (counts["一致"], counts["端数差"], counts["不一致"]) == summary[1:]


def test_the_tests_read_every_check_exactly_once(reconciliation):
    claimed = {}
    for m in MODULES:
        d = reconciliation[reconciliation["source"] == m.SRC]
        for i, r in d.iterrows():
            k = checks.key(r)
            claimed[i] = [name for name, (selector, _) in m.CHECKS.items() if checks.claims(selector, k)]
    unread = [checks.key(reconciliation.loc[i]) for i, names in claimed.items() if not names]
    twice = [(checks.key(reconciliation.loc[i]), names) for i, names in claimed.items() if len(names) > 1]
    assert not unread, unread[:10]
    assert not twice, twice[:10]
    assert len(claimed) == len(reconciliation)


# ------------------------------------------------------------------ (b) the discrepancies are named
def test_every_discrepancy_has_a_note_and_no_agreement_has_one(reconciliation):
    off = reconciliation[reconciliation["verdict"] != "一致"]
    assert off["note"].notna().all() and (off["note"].str.len() > 0).all(), off.loc[
        off["note"].isna(), "metric"
    ].tolist()
    assert reconciliation.loc[reconciliation["verdict"] == "一致", "note"].isna().all()


def test_every_note_is_used(con):
    unused = con.execute(
        """SELECT n.family, n.dataset, n.metric, n.fiscal_year, n.month FROM reconciliation_notes n
           WHERE NOT EXISTS (SELECT 1 FROM reconciliation r
                             WHERE r.verdict <> '一致' AND r.note = n.note AND r.family = n.family
                               AND r.dataset = n.dataset AND r.metric = n.metric AND r.basis = n.basis
                               AND (n.fiscal_year IS NULL OR r.fiscal_year = n.fiscal_year)
                               AND (n.month IS NULL OR r.month = n.month))"""
    ).fetchall()
    assert unused == []
    assert con.execute("SELECT count(*) FROM reconciliation_notes").fetchone() == (23,)


def test_the_discrepancies_are_the_documented_exceptions(reconciliation):
    off = _keys(reconciliation[reconciliation["verdict"] != "一致"])
    documented = {(m.SRC, *k) for m in MODULES for k in m.RECONCILIATION_EXCEPTIONS}
    assert len(documented) == sum(len(m.RECONCILIATION_EXCEPTIONS) for m in MODULES) == 39
    assert off - documented == set(), "a check is not 一致 and no test names it"
    assert documented - off == set(), "a documented exception is 一致 or gone"
    # and each with the verdict its module gives it
    for m in MODULES:
        got = checks.by_key(reconciliation[reconciliation["source"] == m.SRC])
        for k, (verdict, _, _) in m.RECONCILIATION_EXCEPTIONS.items():
            assert got[k]["verdict"] == verdict, k


# ------------------------------------------------------------------ (c) by hand
def _one(reconciliation, source, key) -> pd.Series:
    d = reconciliation[reconciliation["source"] == source]
    hit = [r for _, r in d.iterrows() if checks.key(r) == key]
    assert len(hit) == 1, (key, len(hit))
    return hit[0]


def test_single_bid_rate_by_hand(reconciliation):
    # 003 一者応札割合 総計: 68件 ÷ 692件 × 100 = 9.8266…%, which rounds to 9.8, printed 9.9%.
    # The counts are printed in full (exact): the tolerance is only half the rate's last digit, 0.05.
    r = _one(
        reconciliation,
        test_003.SRC,
        ("比率", "national_single_bid_table", "全国", "一者応札割合", "実績", 2023, None, "年度"),
    )
    assert r["formula"] == "(一者応札件数 68件) ÷ (一般競争入札契約件数 692件) × 100"
    assert r["recomputed"] == pytest.approx(9.8266, abs=1e-4)
    assert r["difference"] == pytest.approx(9.8266 - 9.9, abs=1e-4)  # -0.0734
    assert r["tolerance"] == pytest.approx(0.05)
    assert abs(r["difference"]) > r["tolerance"] and r["verdict"] == "不一致"
    assert "9.83%" in r["note"]


def test_new_members_year_total_by_hand(reconciliation):
    # 003 新規加入者数 計 (万人): 144.2 + 67.0 + 61.4 + 62.2 + 57.5 + 59.4 + 68.3 + 58.1 + 51.7 + 60.9 + 55.0 + 58.3
    # = 804.0 against the printed 803.9. Each of the 13 figures is rounded to 0.1万人 (±0.05万 = ±500人), so
    # the tolerance is 0.5 × 13 × 1,000 = 6,500人; the difference is 1,000人: 端数差.
    months = [144.2, 67.0, 61.4, 62.2, 57.5, 59.4, 68.3, 58.1, 51.7, 60.9, 55.0, 58.3]
    assert round(sum(months), 1) == 804.0
    r = _one(
        reconciliation,
        test_003.SRC,
        ("年度計", "national_monthly_members", "全国", "新規加入者数", "実績", 2023, None, "年度"),
    )
    assert r["formula"] == " ＋ ".join(
        f"{m}月 {v:.1f}" for m, v in zip([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3], months)
    )
    assert (r["printed_value"], r["recomputed"]) == (8_039_000, 8_040_000)
    assert r["difference"] == pytest.approx(1_000)
    assert r["tolerance"] == pytest.approx(0.5 * 13 * 1_000)
    assert r["verdict"] == "端数差" and "804.0" in r["note"]


def test_voluntary_continuation_growth_by_hand(reconciliation):
    # 003 任意継続被保険者数 2017: 262千人 over 273千人: (262 ÷ 273 − 1) × 100 = −4.029…%, printed ▲4.3%.
    # The levels are rounded to 千人 (±500人 each), which carries through the ratio as
    # 100 × (500 ÷ 273,000 + 262,000 × 500 ÷ 273,000²) = 0.3589, plus half the printed digit 0.05: 0.4089.
    # |−4.029 − (−4.3)| = 0.271 ≤ 0.409: 端数差.
    r = _one(
        reconciliation,
        test_003.SRC,
        ("増減率", "national_enrolment", "全国", "任意継続被保険者数 前年度対比の増減率", "実績", 2017, None, "時点"),
    )
    assert r["recomputed"] == pytest.approx((262 / 273 - 1) * 100) == pytest.approx(-4.0293, abs=1e-4)
    carried = 100 * (500 / 273_000 + 262_000 * 500 / 273_000**2)
    assert r["tolerance"] == pytest.approx(0.05 + carried) == pytest.approx(0.4089, abs=1e-4)
    assert r["difference"] == pytest.approx(-4.0293 + 4.3, abs=1e-4)
    assert r["verdict"] == "端数差"


def test_gunma_card_recovery_target_by_hand(reconciliation):
    # 002 群馬 保険証回収率: the FY2024 target (前年度以上) is the FY2023 March 累計, 85.15% both: 再掲 一致.
    r = _one(
        reconciliation,
        test_002.SRC,
        ("再掲", "gunma_card_recovery", "群馬", "保険証回収率", "目標", 2024, None, "年度"),
    )
    assert r["formula"] == "実績 令和5年度 3月累計 85.15%"
    assert (r["printed_value"], r["recomputed"], r["difference"]) == (85.15, 85.15, 0)
    assert r["tolerance"] == pytest.approx(0.005 + 0.005)  # both printed to 0.01
    assert r["verdict"] == "一致" and pd.isna(r["note"])


# ------------------------------------------------------------------ (d) on changed copies of data/
def _edit(data, file, changes, drop=()):
    """Rewrite data/<file> with the rows keyed (dataset, metric, fiscal_year, month) changed or dropped."""
    path = data / file
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    out, hit = [], set()
    for r in rows:
        k = (r["dataset"], r["metric"], r["fiscal_year"], r["month"])
        if k in drop:
            hit.add(k)
            continue
        if k in changes:
            r.update(changes[k])
            hit.add(k)
        out.append(r)
    assert hit == set(changes) | set(drop), "a row to change is not in the data"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _store(tmp_path_factory, name, change) -> pd.DataFrame:
    root = tmp_path_factory.mktemp(name)
    data = root / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    change(data)
    build(root / "kenpo.duckdb", data)
    con = connect_readonly(root / "kenpo.duckdb")
    try:
        frame = con.execute("SELECT * FROM reconciliation").df()
    finally:
        con.close()
    frame["fiscal_year"] = frame["fiscal_year"].astype("Int64")
    frame["month"] = frame["month"].astype("Int64")
    return frame


def _changed(data):
    # 003 被保険者数 2018: 23,769千人 → 23,771千人 (+2千人)
    _edit(
        data,
        "003_national_enrolment.csv",
        {("national_enrolment", "被保険者数", "2018", ""): {"value": "23771000", "printed": "23,771"}},
    )
    # 002 傷病手当金 FY2024 4月: 2,462件 → 2,463件 (the validator's own year-total rule then wants the 計 row
    # marked 【不一致】, as the data marks a discrepancy the document prints)
    _edit(
        data,
        "002_gunma_operations.csv",
        {
            ("gunma_cash_benefits", "傷病手当金", "2024", "4"): {"value": "2463", "printed": "2,463"},
            ("gunma_cash_benefits", "傷病手当金", "2024", ""): {"note": "【不一致】テスト用の変更"},
        },
    )
    # 003 一者応札: 692件 → 688件 (支部 589 → 585), so that 68 ÷ 688 = 9.88% is the printed 9.9%
    _edit(
        data,
        "003_national_operations.csv",
        {
            ("national_single_bid_table", "一般競争入札契約件数", "2023", ""): {"value": "688", "printed": "688件"},
            ("national_single_bid_table", "一般競争入札契約件数（支部）", "2023", ""): {
                "value": "585",
                "printed": "585件",
            },
        },
    )


def _missing(data):
    # 003 被扶養者数 2018 (15,648千人) gone: the checks that read it cannot be made
    _edit(data, "003_national_enrolment.csv", {}, drop={("national_enrolment", "被扶養者数", "2018", "")})


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    return _store(tmp_path_factory, "recon_changed", _changed)


@pytest.fixture(scope="module")
def missing(tmp_path_factory):
    return _store(tmp_path_factory, "recon_missing", _missing)


def _verdicts(d: pd.DataFrame) -> dict[tuple, list[str]]:
    out: dict[tuple, list[str]] = {}
    for _, r in d.iterrows():
        out.setdefault((r["source"], *checks.key(r)), []).append(r["verdict"])
    return out


S002, S003 = test_002.SRC, test_003.SRC


def test_changed_figures_change_exactly_their_verdicts(reconciliation, changed):
    before, after = _verdicts(reconciliation), _verdicts(changed)
    assert set(before) == set(after)  # the same checks
    moved = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert moved == {
        # 23,771 + 15,648 = 39,419 vs 加入者数 39,417: 2千人 > 1.5千人 of rounding
        (S003, "合計", "national_enrolment", "全国", "加入者数", "実績", 2018, None, "時点"): (["一致"], ["不一致"]),
        # and 2019's 被保険者数 増減率 (24,805 over 23,771 instead of 23,769) no longer rounds to the printed rate
        (S003, "増減率", "national_enrolment", "全国", "被保険者数 前年度対比の増減率", "実績", 2019, None, "時点"): (
            ["一致"],
            ["端数差"],
        ),
        # 12 months now sum to one more than the printed 計 (counts are exact) …
        (S002, "年度計", "gunma_cash_benefits", "群馬", "傷病手当金", "実績", 2024, None, "年度"): (
            ["一致"],
            ["不一致"],
        ),
        # … and 4月's 6 types to one more than 4月's 合計
        (S002, "合計", "gunma_cash_benefits", "群馬", "現金給付件数 合計", "実績", 2024, 4, "単月"): (
            ["一致"],
            ["不一致"],
        ),
        # 68 ÷ 688 × 100 = 9.88 → 9.9: the known discrepancy is gone
        (S003, "比率", "national_single_bid_table", "全国", "一者応札割合", "実績", 2023, None, "年度"): (
            ["不一致"],
            ["一致"],
        ),
    }
    (r,) = checks.select(
        changed, S003, {"family": "合計", "dataset": "national_enrolment", "fiscal_year": 2018}
    ).itertuples()
    assert (r.printed_value, r.recomputed, r.difference, r.tolerance) == (39_417_000, 39_419_000, 2_000, 1_500)
    (r,) = checks.select(
        changed, S003, {"family": "比率", "metric": "一者応札割合", "dataset": "national_single_bid_table"}
    ).itertuples()
    assert r.recomputed == pytest.approx(100 * 68 / 688) and pd.isna(r.note)  # no note beside an agreement


def test_a_check_whose_input_is_missing_is_dropped(reconciliation, missing):
    before, after = _verdicts(reconciliation), _verdicts(missing)
    assert set(after) <= set(before)
    assert set(before) - set(after) == {
        (S003, "合計", "national_enrolment", "全国", "加入者数", "実績", 2018, None, "時点"),  # 被保険者数 + 被扶養者数
        (
            S003,
            "増減率",
            "national_enrolment",
            "全国",
            "被扶養者数 前年度対比の増減率",
            "実績",
            2018,
            None,
            "時点",
        ),  # its level
        (
            S003,
            "増減率",
            "national_enrolment",
            "全国",
            "被扶養者数 前年度対比の増減率",
            "実績",
            2019,
            None,
            "時点",
        ),  # last year's
    }
    assert len(missing) == len(reconciliation) - 3
    # the other checks keep their verdicts: nothing is judged on a partial sum
    assert all(after[k] == before[k] for k in after)
