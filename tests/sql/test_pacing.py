"""年度末見込み (sql/marts/320_pacing_estimates.sql, 330_pacing_paths.sql): the arithmetic worked
by hand, first on small series made here (累計, 時点, 単月 count, and the cases with no estimate),
then on the real store's series the 支部 月次 page shows."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from pytest import approx

from kenpo.paths import ROOT

S002 = "002_3cca3b27335fda2a.txt"


def months(fy: int, values: list[float | None]) -> list[tuple[int, int, int, float]]:
    """(fiscal_year, fiscal_month, calendar month, value) for April, May, … as far as given."""
    return [(fy, i + 1, (i + 3) % 12 + 1, v) for i, v in enumerate(values) if v is not None]


@pytest.fixture
def made():
    """An in-memory database with the two inputs the views read (branch_monthly_series, facts)
    and the macros they use, then the views themselves from sql/marts."""
    db = duckdb.connect()
    db.execute((ROOT / "sql" / "tables" / "005_macros.sql").read_text(encoding="utf-8"))
    db.execute(
        """CREATE TABLE branch_monthly_series (source VARCHAR, dataset VARCHAR, scope VARCHAR, metric VARCHAR,
           basis VARCHAR, unit VARCHAR, fiscal_year INTEGER, fiscal_month INTEGER, month INTEGER, value DOUBLE)"""
    )
    db.execute(
        """CREATE TABLE facts (source VARCHAR, scope VARCHAR, metric VARCHAR, basis VARCHAR, unit VARCHAR,
           kind VARCHAR, month INTEGER, printed_decimals INTEGER)"""
    )

    def add(metric: str, basis: str, unit: str, rows: list[tuple[int, int, int, float]], decimals: int = 1):
        for fy, fm, m, v in rows:
            db.execute(
                "INSERT INTO branch_monthly_series VALUES ('doc', 'ds', '群馬', ?, ?, ?, ?, ?, ?, ?)",
                [metric, basis, unit, fy, fm, m, v],
            )
        db.execute("INSERT INTO facts VALUES ('doc', '群馬', ?, ?, ?, '実績', 4, ?)", [metric, basis, unit, decimals])

    # 累計 %: 2023 all year, 2024 to November (fiscal month 8)
    add("累計の率", "累計", "%", months(2023, [10, 20, 30, 40, 50, 60, 70, 80, 85, 90, 95, 99]))
    add("累計の率", "累計", "%", months(2024, [12, 22, 33, 41, 52, 61, 72, 83]))
    # 時点 事業所: a stock, to September (fiscal month 6)
    add("時点の数", "時点", "事業所", months(2023, [100, 102, 104, 106, 108, 110, 111, 112, 113, 115, 118, 120]), 0)
    add("時点の数", "時点", "事業所", months(2024, [120, 121, 125, 126, 127, 130]), 0)
    # 単月 件: to July (fiscal month 4)
    add("単月の件数", "単月", "件", months(2023, [30, 35, 40, 30, 20, 25, 30, 35, 40, 45, 50, 60]), 0)
    add("単月の件数", "単月", "件", months(2024, [40, 45, 44, 31]), 0)
    # no estimate: a 単月 rate; no prior year; two months only
    add("単月の率", "単月", "%", months(2023, [50] * 12))
    add("単月の率", "単月", "%", months(2024, [51, 52, 53, 54]))
    add("前年度なし", "累計", "%", months(2024, [1, 2, 3, 4]))
    add("月数不足", "累計", "%", months(2023, [1] * 12))
    add("月数不足", "累計", "%", months(2024, [1, 2]))
    # a full latest year: no row at all
    add("通年", "累計", "%", months(2024, [5] * 12))
    for name in ("320_pacing_estimates.sql", "330_pacing_paths.sql"):
        db.execute((ROOT / "sql" / "marts" / name).read_text(encoding="utf-8"))
    yield db
    db.close()


def estimate(db, metric: str) -> dict:
    rows = db.execute("SELECT * FROM pacing_estimates WHERE metric = ?", [metric]).df()
    assert len(rows) == 1, metric
    return rows.iloc[0].to_dict()


def path(db, metric: str) -> list[tuple[str, float]]:
    rows = db.execute("SELECT month_label, value FROM pacing_paths WHERE metric = ? ORDER BY fiscal_month", [metric])
    return [(m, round(v, 6)) for m, v in rows.fetchall()]


def test_cumulative_series_takes_the_prior_years_movement_to_march(made):
    # 2024 November (fiscal month 8) = 83; 2023 November = 80, 2023 March = 99
    # March estimate = 83 + (99 − 80) = 102 … and each month on the way: December 83 + (85 − 80) = 88
    e = estimate(made, "累計の率")
    assert (e["status"], e["estimate_of"], e["last_month_label"]) == ("見込み", "3月", "11月")
    assert e["estimate"] == approx(83 + (99 - 80))
    assert path(made, "累計の率") == [("11月", 83), ("12月", 88), ("1月", 93), ("2月", 98), ("3月", 102)]


def test_point_in_time_series_moves_like_the_prior_year(made):
    # September (fiscal month 6) = 130; 2023 September = 110, 2023 March = 120
    # March estimate = 130 + (120 − 110) = 140; October = 130 + (111 − 110) = 131
    e = estimate(made, "時点の数")
    assert e["status"] == "見込み" and e["estimate"] == approx(130 + (120 - 110))
    assert path(made, "時点の数")[:3] == [("9月", 130), ("10月", 131), ("11月", 132)]
    assert path(made, "時点の数")[-1] == ("3月", 140)


def test_monthly_counts_scale_the_year_to_date_total_by_the_prior_years_ratio(made):
    # April–July 2024: 40 + 45 + 44 + 31 = 160; 2023 April–July: 30 + 35 + 40 + 30 = 135;
    # 2023 year: 30+35+40+30+20+25+30+35+40+45+50+60 = 440. Estimate = 160 × 440 / 135 = 521.48…
    e = estimate(made, "単月の件数")
    assert (e["months_total"], e["prior_same_months_total"], e["prior_year_total"]) == (160, 135, 440)
    assert (e["status"], e["estimate_of"]) == ("見込み", "年度計")
    assert e["estimate"] == approx(160 * 440 / 135)
    assert path(made, "単月の件数") == []  # a year total, no monthly path


@pytest.mark.parametrize(
    "metric, status", [("単月の率", "単月の率"), ("前年度なし", "前年度なし"), ("月数不足", "月数不足")]
)
def test_no_estimate_without_what_it_needs(made, metric, status):
    e = estimate(made, metric)
    assert e["status"] == status
    assert pd.isna(e["estimate"])
    assert path(made, metric) == []


def test_a_full_year_gets_no_row(made):
    assert made.execute("SELECT count(*) FROM pacing_estimates WHERE metric = '通年'").fetchone() == (0,)


def test_the_stores_estimates(con):
    """The real documents: 群馬 保険証回収率 (002, 累計表): 令和6年度 11月 83.62%; 令和5年度 11月
    87.18%, 3月 85.15% → 83.62 + (85.15 − 87.18) = 81.59%. 群馬 家族出産一時金 (単月 件) 令和6年度
    4〜7月 158件; 令和5年度 4〜7月 135件, 年度計 423件 → 158 × 423 / 135 = 495.07件."""
    rows = con.execute("SELECT * FROM pacing_estimates WHERE scope = '群馬' AND source = ?", [S002]).df()
    by = {(r.metric, r.basis): r for r in rows.itertuples()}
    card = by[("保険証回収率", "累計")]
    assert (card.last_value, card.prior_value_at_last_month, card.prior_march_value) == (83.62, 87.18, 85.15)
    assert round(card.estimate, 2) == 81.59
    birth = by[("家族出産一時金", "単月")]
    assert (birth.months_total, birth.prior_same_months_total, birth.prior_year_total) == (158, 135, 423)
    assert birth.estimate == approx(158 * 423 / 135)
    # every estimate the store makes is one of the three methods, and never without a prior year
    assert set(rows.loc[rows.status == "見込み", "basis"]) <= {"累計", "時点", "単月"}
    assert rows.loc[rows.status == "見込み", "prior_year"].notna().all()
