"""Downloads: Excel-ready CSV (Japanese headers, formula injection neutralised, numbers untouched,
safe for a Shift_JIS re-save) and the workbook (typed cells, never a formula)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kenpo.downloads import cp932_safe, csv_bytes, file_name, neutralise, xlsx_bytes
from kenpo.exports import Export


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


@pytest.mark.parametrize(
    "text,safe",
    [("—", "―"), ("2016–2020", "2016－2020"), ("大項目⑸", "大項目(5)"), ("4〜11月", "4〜11月"), ("群馬", "群馬")],
)
def test_excel_csv_survives_a_shift_jis_resave(text, safe):
    assert cp932_safe(text) == safe
    safe.encode("cp932")
    raw = csv_bytes(pd.DataFrame({"注記": [text]}), bom=True)
    assert raw.decode("utf-8-sig").splitlines()[1] == safe
    assert csv_bytes(pd.DataFrame({"注記": [text]}), bom=False).decode("utf-8").splitlines()[1] == text


def _workbook(frame: pd.DataFrame, decimals: tuple[int, ...]):
    from openpyxl import load_workbook

    sources = pd.DataFrame({"出典": ["資料A"], "資料名": ["資料Aの題"], "発行": ["協会"], "対象期間": ["令和5年度"]})
    sections = pd.DataFrame({"出典": ["資料A"], "出典箇所": ["=見出し"]})
    data = Export(frame, decimals, {"前年差（計算）": 1}, sources, sections)
    return load_workbook(io.BytesIO(xlsx_bytes(data)))


def test_workbook_cells_are_typed_and_never_formulas():
    frame = pd.DataFrame(
        {
            "年度": pd.array([2023, 2024], dtype="Int64"),
            "月": pd.array([4, None], dtype="Int64"),
            "指標": ["=1+1", "@SUM(A1)"],
            "値": [1234.5, 95.0],
            "注記": ["-注記", "+x"],
            "前年差（計算）": [-6.3, None],
        }
    )
    book = _workbook(frame, (1, 1))
    sheet = book["データ"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == list(frame.columns)
    assert rows[1] == [2023, 4, "=1+1", 1234.5, "-注記", -6.3]
    assert rows[2][:2] == [2024, None] and rows[2][3] == 95
    assert all(c.data_type != "f" for ws in book.worksheets for r in ws.iter_rows() for c in r)
    assert sheet["C2"].data_type == "s" and sheet["E3"].data_type == "s"
    assert sheet["D2"].number_format == "#,##0.0" and sheet["A2"].number_format == "0"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F3"
    listed = [[c.value for c in r] for r in book["出典"].iter_rows()]
    assert listed[1] == ["資料A", "資料Aの題", "協会", "令和5年度"] and listed[-1][:2] == ["資料A", "=見出し"]
