"""kenpo.shaping.pacing.sentence states the year's target as its document prints it (the target
fact's printed_decimals), never with a guessed number of decimals."""

from __future__ import annotations

import pandas as pd

from kenpo.shaping import pacing

ROW = {  # 群馬 保険証回収率 令和6年度 (pacing_estimates), its arithmetic: 83.62 + (85.15 − 87.18) = 81.59
    "source": "doc",
    "status": "見込み",
    "fiscal_year": 2024,
    "prior_year": 2023,
    "basis": "累計",
    "unit": "%",
    "decimals": 2,
    "last_month_label": "11月",
    "last_value": 83.62,
    "prior_value_at_last_month": 87.18,
    "prior_march_value": 85.15,
    "estimate": 81.59,
}


def _sentence(target, direction="higher") -> str:
    return pacing.sentence(pacing.Pacing(ROW, ()), target, direction)


def test_the_target_reads_in_its_printed_decimals():
    # 50.0% printed with one decimal reads 50.0% (the old guess gave 50%); 56% printed bare reads 56%
    assert "目標 50.0% に対して **達成見込み**" in _sentence(pacing.Target(50.0, 1))
    assert "目標 56% に対して **達成見込み**" in _sentence(pacing.Target(56.0, 0))
    # 85.15 with two, 0.156 with three (the old guess: max(2, 2) and 3 — right here by chance)
    assert "目標 85.15% に対して **未達見込み**" in _sentence(pacing.Target(85.15, 2))
    assert "目標 85.150% に対して" in _sentence(pacing.Target(85.15, 3))


def test_the_verdict_follows_the_better_direction():
    assert "**達成見込み**" in _sentence(pacing.Target(85.15, 2), "lower")
    assert "目標" not in _sentence(pacing.Target(85.15, 2), "none")
    assert "目標" not in _sentence(None)


def test_year_target_takes_the_printed_decimals_of_the_estimates_document_first():
    printed = pd.DataFrame(
        {
            "source": ["other", "doc", "doc"],
            "kind": ["目標", "目標", "目標"],
            "fiscal_year": [2024, 2024, 2023],
            "value": [80.0, 50.0, 40.0],
            "printed_decimals": [0, 1, 1],
        }
    )
    assert pacing.year_target(printed, pacing.Pacing(ROW, ())) == pacing.Target(50.0, 1)
    assert pacing.year_target(printed.iloc[:1], pacing.Pacing(ROW, ())) == pacing.Target(80.0, 0)
    assert pacing.year_target(printed.iloc[2:], pacing.Pacing(ROW, ())) is None


def test_a_target_without_recorded_decimals_keeps_what_its_value_needs():
    assert pacing.target_of(0.156, None) == pacing.Target(0.156, 3)
    assert pacing.target_of(float("nan"), 1) is None
