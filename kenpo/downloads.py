"""CSV downloads of exactly what a page shows, ready for Excel on Windows.

UTF-8 with BOM (Excel detects it and shows Japanese correctly) and plain UTF-8, Japanese
headers, the source column kept, text cells that Excel would run as formulas neutralised.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from kenpo.labels import japanese_columns

# Session state key: the callables behind this run's download buttons, by button key (the bytes a
# click would receive, for the tests: AppTest has no public way to click a deferred download).
OFFERED = "_downloads_offered"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def neutralise(value):
    """Prefix a text cell that Excel would read as a formula with an apostrophe; numbers untouched."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame, *, bom: bool = True) -> bytes:
    """The frame as CSV bytes with Japanese headers; text cells neutralised against formula injection."""
    out = japanese_columns(frame)
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    # %.15g: whole numbers without ".0", and no binary noise from a subtraction (-2.1, not
    # -2.1000000000000014); every figure the documents print has far fewer than 15 digits.
    text = out.to_csv(index=False, lineterminator="\r\n", float_format="%.15g")
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def file_name(page: str, filters: dict[str, object]) -> str:
    """'支部月次_群馬_郵送化率.csv': the page and the filter values, safe on Windows."""
    # a document is named by its file name: its ".txt" would read as an extension mid-name
    parts = [page] + [str(v).removesuffix(".txt") for v in filters.values() if v not in (None, "", [])]
    name = "_".join(_UNSAFE_NAME.sub("-", p).strip("-") for p in parts if p)
    return f"{name[:120]}.csv"


def download_buttons(frame: pd.DataFrame, page: str, filters: dict[str, object], *, key: str = "main") -> None:
    """Two buttons: Excel-ready (UTF-8 with BOM) and plain UTF-8, of exactly ``frame``.

    The bytes are made when a button is clicked (Streamlit's deferred download), not on every
    rerun: hashing or encoding a table per rerun was a third of a page's warm run."""
    name = file_name(page, filters)
    made = st.session_state.setdefault(OFFERED, {})  # button key -> the callable that makes its bytes
    made[f"dl_bom_{key}"] = lambda: csv_bytes(frame, bom=True)
    made[f"dl_utf8_{key}"] = lambda: csv_bytes(frame, bom=False)
    row = st.container(horizontal=True)  # one block for the pair (st.columns costs three)
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
