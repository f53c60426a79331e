"""kenpo.figures: a figure reads in the scale, decimals and era style its document prints."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kenpo import figures
from kenpo.build.parsing import printed_form
from kenpo.fiscal import era_date


def test_printed_form_reads_scale_and_decimals_from_the_printed_text():
    assert printed_form("36,411", 36_411_000) == (1000, 0)
    assert printed_form("144.2", 1_442_000) == (10_000, 1)
    assert printed_form("2,752万人", 27_520_000) == (10_000, 0)
    assert printed_form("95.0%", 95.0) == (1, 1)
    assert printed_form("約８割", 80) == (1, 0)  # 割 is no scale of %
    assert printed_form("2:13", 133) == (1, 0)  # a duration in minutes
    assert printed_form("△ 1", -1) == (1, 0)
    assert printed_form(None, 1) == (None, None)


def test_a_frame_reads_in_the_scale_most_of_its_figures_were_printed_in():
    frame = pd.DataFrame(
        {
            "value": [36_411_000.0, 37_184_000.0, 39_600_000.0],
            "unit": "人",
            "printed_scale": [1000, 1000, 1],  # one figure edited without its printed text
            "printed_decimals": [0, 0, 0],
        }
    )
    shown = figures.shown(frame)
    assert (shown.scale, shown.label, shown.decimals) == (1000, "千人", 0)
    assert shown.numbers(frame["value"]).tolist() == [36_411, 37_184, 39_600]
    assert shown.text(36_411_000) == "36,411千人" and shown.text(773_000, sign=True) == "+773千人"
    assert figures.Shown("事業所", 1000).label == "千カ所"  # as 003 prints establishments
    assert figures.Shown("%", 1, 1).text(None) == "—"


def test_one_figure_keeps_its_printed_decimals():
    assert figures.value_text(0.337, "%") == "0.337%"  # not 0.34%
    assert figures.value_text(95.0, "%", printed_decimals=1) == "95.0%"
    assert figures.value_text(39_559_000, "人", printed_scale=1000, printed_decimals=0) == "39,559千人"
    assert figures.value_text(4369, "円") == "4,369円"


def test_years_and_dates_read_in_the_era_style():
    assert figures.year_text(2019) == "令和元年度" and figures.year_choice(2023) == "令和5年度（2023）"
    assert era_date(dt.date(2021, 6, 30)) == "令和3年6月末"
    assert era_date(dt.date(2019, 4, 1)) == "平成31年4月1日"
    assert figures.date_text(pd.Timestamp("2019-03-31")) == "平成31年3月末"
    assert figures.date_text(None) == ""


def test_table_columns_get_separators_and_the_decimals_they_need():
    table = pd.DataFrame(
        {
            "年度": [2022, 2023],
            "値": [36_411.0, 37_184.0],
            "前年度比（資料の値, %）": [2.1, -0.4],
            "前年比": [0.9923, 1.0],
            "単位": ["千人", "千人"],
        }
    )
    assert figures.column_formats(table) == {
        "年度": "%d",
        "値": "%,d",
        "前年度比（資料の値, %）": "%,.1f",
        "前年比": "%,.3f",
    }
    mixed = pd.DataFrame({"値": [15_000_000.0, 95.5], "単位": ["円", "%"]})
    assert figures.column_formats(mixed) == {"値": "localized"}  # each figure keeps its own decimals
