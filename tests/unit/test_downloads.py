"""CSV exports: Excel-ready bytes, Japanese headers, formula injection neutralised, numbers untouched."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kenpo.downloads import csv_bytes, file_name, neutralise


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://x")'])
def test_formula_text_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["郵送化率", "△1", "95.0%", "", "a=b"])
def test_ordinary_text_is_untouched(value):
    assert neutralise(value) == value


def test_numbers_are_untouched_and_text_cells_neutralised():
    frame = pd.DataFrame({"metric": ["=cmd|' /C calc'!A0", "郵送化率"], "value": [-1.5, 93.5], "note": ["-注記", None]})
    raw = csv_bytes(frame)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == ["指標", "値", "注記"]
    assert back["指標"].tolist() == ["'=cmd|' /C calc'!A0", "郵送化率"]
    assert back["値"].tolist() == [-1.5, 93.5]
    assert back["注記"].tolist() == ["'-注記", ""]
    assert b"\r\n" in raw  # Excel-friendly line ends


def test_plain_utf8_has_no_bom():
    raw = csv_bytes(pd.DataFrame({"source": ["002_x.txt"]}), bom=False)
    assert raw.decode("utf-8") == "出典\r\n002_x.txt\r\n"


def test_file_name_names_page_and_filters_and_is_safe_on_windows():
    assert (
        file_name("支部月次", {"branch": "群馬", "metric": "郵送化率", "basis": "単月"})
        == "支部月次_群馬_郵送化率_単月.csv"
    )
    assert file_name("データ", {"source": None, "metric": 'a/b:c*?"<>|'}) == "データ_a-b-c.csv"
    # a document's file name loses its .txt: no extension in the middle of the name
    assert (
        file_name("データ", {"source": "002_3cca3b27335fda2a.txt", "metric": "郵送化率"})
        == "データ_002_3cca3b27335fda2a_郵送化率.csv"
    )


def test_numbers_are_written_as_printed_not_as_binary_floats():
    frame = pd.DataFrame({"全国との差": [17.7 - 19.8], "加入者数（人）": [40370000.0], "率": [0.325], "件数": [1391.0]})
    lines = csv_bytes(frame, bom=False).decode("utf-8").splitlines()
    assert lines[1] == "-2.1,40370000,0.325,1391"
