"""Downloads of a page's figures, ready for Excel: its export (kenpo.exports: one figure a row,
the same columns on every page) as CSV and as an Excel workbook.

- CSV UTF-8 with BOM (Excel detects it and shows Japanese correctly), safe for a Shift_JIS re-save:
  a character cp932 cannot encode becomes its cp932 equivalent (``CP932_EQUIVALENTS``: — → ―,
  ⑸ → (5)). Plain UTF-8 keeps every character as stored.
- The workbook (.xlsx, XlsxWriter): a データ sheet with numbers as numbers (separators and the
  printed decimals), 年度 and 月 as numbers, the header frozen, an autofilter and column widths
  that fit; an 出典 sheet with every document of the rows (title, publisher, period) and every
  section.
- A text cell that Excel would run as a formula (= + - @, a tab or a carriage return first) gets a
  leading ' in the CSV and is written as text in the workbook, never as a formula.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pandas as pd
import streamlit as st
import xlsxwriter

from kenpo.exports import Export
from kenpo.figures import decimals_of
from kenpo.labels import japanese_columns

# Session state key: the callables behind this run's download buttons, by button key (the bytes a
# click would receive, for the tests: AppTest has no public way to click a deferred download).
OFFERED = "_downloads_offered"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
# Characters of the documents and the pages that cp932 (Windows' Shift_JIS) cannot encode, and
# what the Excel CSV writes instead. Any other such character becomes its NFKC form where that
# encodes (⑸ → (5), the enclosed numerals of 001), else 〓 (cp932's own mark for a missing glyph).
CP932_EQUIVALENTS = {
    "\u2014": "\u2015",  # — em dash (a missing figure) → ― horizontal bar
    "\u2013": "\uff0d",  # – en dash (ranges such as 2016–2020) → － full-width hyphen-minus
}
MISSING_GLYPH = "\u3013"  # 〓


def neutralise(value):
    """Prefix a text cell that Excel would read as a formula with an apostrophe; numbers untouched."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cp932_char(ch: str) -> str:
    try:
        ch.encode("cp932")
        return ch
    except UnicodeEncodeError:
        pass
    if ch in CP932_EQUIVALENTS:
        return CP932_EQUIVALENTS[ch]
    folded = unicodedata.normalize("NFKC", ch)
    try:
        folded.encode("cp932")
        return folded
    except UnicodeEncodeError:
        return MISSING_GLYPH


def cp932_safe(value):
    """Text that survives a Shift_JIS (cp932) re-save; anything else untouched."""
    if not isinstance(value, str):
        return value
    try:
        value.encode("cp932")
        return value
    except UnicodeEncodeError:
        return "".join(_cp932_char(ch) for ch in value)


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column)


def csv_bytes(frame: pd.DataFrame, *, bom: bool = True) -> bytes:
    """The frame as CSV bytes with Japanese headers; text cells neutralised against formula
    injection; with ``bom`` (the Excel file) every text made safe for a Shift_JIS re-save."""
    out = japanese_columns(frame)
    safe = cp932_safe if bom else (lambda v: v)
    out.columns = [neutralise(safe(str(c))) for c in out.columns]
    for column in out.columns:
        if _is_text(out[column]):
            out[column] = out[column].map(lambda v: neutralise(safe(v)))
    # %.15g: whole numbers without ".0", and no binary noise from a subtraction (-2.1, not
    # -2.1000000000000014); every figure the documents print has far fewer than 15 digits.
    text = out.to_csv(index=False, lineterminator="\r\n", float_format="%.15g")
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def _width(text: str) -> int:
    """Display width of a text: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _number_format(decimals: int, *, separators: bool = True) -> str:
    base = "#,##0" if separators else "0"
    return base + ("." + "0" * decimals if decimals > 0 else "")


def _is_year_or_line(column: str) -> bool:
    """A year, a month or a line number: a number without a thousands separator."""
    return column.endswith("年度") or column in ("月", "月順") or column.endswith("の行")


MAX_WIDTH = 60


def xlsx_bytes(data: Export) -> bytes:
    """The export as an Excel workbook: the データ sheet and the 出典 sheet."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    header = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True, "valign": "top"})
    as_text = book.add_format({"quote_prefix": True})
    formats: dict[str, object] = {}

    def number_format(code: str):
        if code not in formats:
            formats[code] = book.add_format({"num_format": code})
        return formats[code]

    def put_text(sheet, row: int, col: int, value: str) -> None:
        if value.startswith(_FORMULA_START):
            sheet.write_string(row, col, value, as_text)  # text, never a formula
        else:
            sheet.write_string(row, col, value)

    def write_sheet(sheet, frame: pd.DataFrame, decimals_of_cell) -> None:
        widths = [_width(str(c)) for c in frame.columns]
        for col, name in enumerate(frame.columns):
            sheet.write_string(0, col, str(name), header)
        for row, record in enumerate(frame.itertuples(index=False), start=1):
            for col, value in enumerate(record):
                name = frame.columns[col]
                if value is None or (not isinstance(value, str) and pd.isna(value)):
                    continue
                if isinstance(value, str):
                    put_text(sheet, row, col, value)
                    widths[col] = max(widths[col], _width(value))
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(row, col, value)
                    continue
                number = float(value)
                decimals = decimals_of_cell(row - 1, name)
                code = _number_format(decimals, separators=not _is_year_or_line(name))
                sheet.write_number(row, col, int(number) if decimals == 0 else number, number_format(code))
                widths[col] = max(widths[col], len(f"{number:,.{decimals}f}"))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(width + 2, MAX_WIDTH))
        sheet.freeze_panes(1, 0)
        if len(frame.columns):
            sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)

    frame = data.frame

    def decimals(row: int, column: str) -> int:
        if column == "値":
            return data.value_decimals[row] if row < len(data.value_decimals) else 0
        if column in data.column_decimals:
            return data.column_decimals[column]
        value = frame[column].iloc[row]  # a derived column of mixed metrics: the decimals each figure needs
        return decimals_of(float(value))

    write_sheet(book.add_worksheet("データ"), frame, decimals)
    sources = book.add_worksheet("出典")
    documents = data.documents if len(data.documents.columns) else pd.DataFrame(columns=["出典"])
    write_sheet(sources, documents, lambda row, column: 0)
    sections_at = len(documents) + 2
    sources.write_string(sections_at, 0, "出典", header)
    sources.write_string(sections_at, 1, "出典箇所", header)
    for i, (source, section) in enumerate(zip(data.sections.get("出典", []), data.sections.get("出典箇所", []))):
        put_text(sources, sections_at + 1 + i, 0, str(source))
        put_text(sources, sections_at + 1 + i, 1, str(section))
    book.close()
    return buffer.getvalue()


def file_name(page: str, filters: dict[str, object], suffix: str = ".csv") -> str:
    """'支部月次_群馬_郵送化率.csv': the page and the filter values, safe on Windows."""
    # a document is named by its file name: its ".txt" would read as an extension mid-name
    parts = [page] + [str(v).removesuffix(".txt") for v in filters.values() if v not in (None, "", [])]
    name = "_".join(_UNSAFE_NAME.sub("-", p).strip("-") for p in parts if p)
    return f"{name[:120]}{suffix}"


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(data: Export, page: str, filters: dict[str, object], *, key: str = "main") -> None:
    """Three buttons: the export as CSV for Excel (UTF-8 with BOM), as plain UTF-8 CSV, and as an
    Excel workbook.

    The bytes are made when a button is clicked (Streamlit's deferred download), not on every
    rerun: hashing or encoding a table per rerun was a third of a page's warm run."""
    name = file_name(page, filters)
    frame = data.frame
    made = st.session_state.setdefault(OFFERED, {})  # button key -> the callable that makes its bytes
    made[f"dl_bom_{key}"] = lambda: csv_bytes(frame, bom=True)
    made[f"dl_utf8_{key}"] = lambda: csv_bytes(frame, bom=False)
    made[f"dl_xlsx_{key}"] = lambda: xlsx_bytes(data)
    row = st.container(horizontal=True)  # one block for the three (st.columns costs more)
    row.download_button(
        f"CSVをダウンロード（Excel用・{len(frame)}行）",
        made[f"dl_bom_{key}"],
        file_name=name,
        mime="text/csv",
        key=f"dl_bom_{key}",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
    row.download_button(
        "CSV（UTF-8・BOMなし）",
        made[f"dl_utf8_{key}"],
        file_name=name.replace(".csv", "_utf8.csv"),
        mime="text/csv",
        key=f"dl_utf8_{key}",
        on_click="ignore",
        width="stretch",
    )
    row.download_button(
        "Excelブック（.xlsx）",
        made[f"dl_xlsx_{key}"],
        file_name=file_name(page, filters, ".xlsx"),
        mime=XLSX_MIME,
        key=f"dl_xlsx_{key}",
        on_click="ignore",
        icon=":material/table_view:",
        width="stretch",
    )
