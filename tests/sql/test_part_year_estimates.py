"""年度末見込み on 支部 vs 全国 (sql/marts/340_part_year_estimates.sql): each part year the page
compares gets the 支部 月次 estimate (pacing_estimates, one arithmetic) beside the year's target,
worked by hand on the real documents; no estimate where the series lacks what it needs."""

from __future__ import annotations

import pandas as pd
import pytest

S002 = "002_3cca3b27335fda2a.txt"
S004 = "004_d6ee1ea992777844.txt"


def _row(con, branch: str, metric: str, year: int) -> dict:
    rows = con.execute(
        "SELECT * FROM part_year_estimates WHERE branch = ? AND metric = ? AND fiscal_year = ?", [branch, metric, year]
    ).df()
    assert len(rows) == 1, (branch, metric, year, len(rows))
    return rows.iloc[0].to_dict()


def test_gunma_card_return_rate_is_paced_to_march_and_set_against_its_target(con):
    """群馬 保険証回収率 (002, 累計表), compared on 支部 vs 全国 for 令和6年度 to 11月 (83.62%):
    令和5年度 11月 87.18%, 3月 85.15% → March = 83.62 + (85.15 − 87.18) = 81.59%.
    The 令和6年度 target 85.15% (printed with 2 decimals): 81.59 − 85.15 = −3.56 ポイント."""
    r = _row(con, "群馬", "保険証回収率", 2024)
    assert (r["source"], r["basis"], r["actual_month"], r["branch_actual"]) == (S002, "累計", 11, 83.62)
    assert (r["status"], r["estimate_of"], r["last_month_label"]) == ("見込み", "3月", "11月")
    assert (r["last_value"], r["prior_value_at_last_month"], r["prior_march_value"]) == (83.62, 87.18, 85.15)
    assert r["estimate"] == pytest.approx(83.62 + (85.15 - 87.18))
    assert round(r["estimate"], 2) == 81.59
    assert (r["target"], r["target_decimals"], r["direction"]) == (85.15, 2, "higher")
    assert r["estimate_gap"] == pytest.approx(81.59 - 85.15) and round(r["estimate_gap"], 2) == -3.56
    assert r["estimate_gap_unit"] == "ポイント"
    # 全国: no figure by month for 令和6年度 in the documents, so no national estimate
    assert r["national_months"] == 0


def test_the_estimate_is_the_monthly_pages_own(con):
    """One arithmetic: every estimate here is pacing_estimates' for the same series and year."""
    joined = con.execute(
        """SELECT y.estimate AS here, e.estimate AS monthly
           FROM part_year_estimates y JOIN pacing_estimates e
             ON e.source = y.source AND e.scope = y.branch AND e.metric = y.metric
            AND e.fiscal_year = y.fiscal_year AND e.basis = y.basis
           WHERE y.status = '見込み'"""
    ).df()
    assert len(joined) >= 1
    assert (joined["here"] == joined["monthly"]).all()


def test_one_row_for_every_part_year_the_page_compares(con):
    part_years = con.execute(
        "SELECT count(*) FROM branch_vs_national WHERE actual_partial AND branch_actual IS NOT NULL"
    ).fetchone()[0]
    assert part_years > 0
    assert con.execute("SELECT count(*) FROM part_year_estimates").fetchone()[0] == part_years


def test_no_estimate_without_the_months_or_the_prior_year(con):
    """三重 保険証回収率 (004) is printed for 令和6年度 at 11月 alone, and 令和5年度 only as a year
    figure: neither three months nor the prior year's months, so no estimate (and both reasons known)."""
    r = _row(con, "三重", "保険証回収率", 2024)
    assert (r["source"], r["status"]) == (S004, "月数不足")
    assert pd.isna(r["estimate"]) and pd.isna(r["estimate_gap"])
    assert r["prior_year_missing_too"]
    assert pd.isna(r["prior_value_at_last_month"]) and pd.isna(r["prior_march_value"])
    assert r["target"] == 91.32 and r["target_decimals"] == 2  # the target is still there, only not judged


def test_an_older_part_year_is_not_paced(con):
    """三重 回収率（全体） is printed to 9月 in 令和4・5・6年度: only the latest year is paced
    (pacing_estimates); the earlier part years say so (対象外), never an estimate."""
    older = [_row(con, "三重", "回収率（全体）", y) for y in (2022, 2023)]
    assert [(r["status"], pd.isna(r["estimate"])) for r in older] == [("対象外", True), ("対象外", True)]
    assert _row(con, "三重", "回収率（全体）", 2024)["status"] == "月数不足"


def test_every_estimate_has_a_prior_year_and_a_figure_only_when_status_says_so(con):
    rows = con.execute("SELECT * FROM part_year_estimates").df()
    estimated = rows[rows["status"] == "見込み"]
    assert len(estimated) >= 1
    assert estimated["estimate"].notna().all() and estimated["prior_year"].notna().all()
    assert rows.loc[rows["status"] != "見込み", "estimate"].isna().all()
