"""データ: browse every figure with its source and section; download; the five source documents."""

import streamlit as st

from kenpo import downloads, filters, page, queries
from kenpo.labels import fiscal_year_choice, japanese_columns
from kenpo.shaping import data as shaping

ctx = page.start(
    "data", "データ", "すべての数値を、出典（資料のファイル名）と出典箇所（見出し・表題）付きで一覧できます。"
)

ALL = "（すべて）"
FILTERS = [
    ("source", "資料", "source"),
    ("dataset", "データセット", "dataset"),
    ("scope", "範囲", "scope"),
    ("metric", "指標", "metric"),
    ("year", "年度", "fiscal_year"),
]
dimensions = queries.fact_dimensions()
chosen: dict[str, object] = {}
for key, label, column in FILTERS:
    value = filters.select(
        key,
        label,
        [ALL] + shaping.dimension_options(dimensions, column, chosen),
        format_func=fiscal_year_choice if column == "fiscal_year" else str,
    )
    chosen[column] = None if value == ALL else value

total = queries.facts_count(**chosen)
table = shaping.facts_table(queries.facts(**chosen, limit=queries.DATA_PAGE_ROW_LIMIT))
if total > len(table):
    st.warning(
        f"該当する{total:,}件のうち先頭{len(table):,}件を表示しています。資料・データセットなどで絞り込んでください。",
        icon=":material/filter_alt:",
    )
else:
    st.markdown(f"**{total:,}件**の数値")
page.table(japanese_columns(table), height=420)

if not ctx.presenting:
    downloads.download_buttons(table, "データ", chosen)
    st.markdown("## 出典\n\n" + shaping.sources_markdown(queries.sources()))
