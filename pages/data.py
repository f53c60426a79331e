"""データ: browse every figure with its source and section; download; the five source documents."""

import streamlit as st

from kenpo import documents, downloads, filters, page, queries
from kenpo.labels import fiscal_year_choice, japanese_columns
from kenpo.shaping import data as shaping
from kenpo.shaping import frames

ctx = page.start("data", "データ", "すべての数値を、出典（資料名）と出典箇所（見出し・表題）付きで一覧できます。")

ALL = "（すべて）"
# (address key, label, column, how an option is shown): a document by its short title, a dataset
# by its title; the address keeps the option as shown (an old file name or id still opens it).
FILTERS = [
    ("source", "資料", "source", documents.short_title),
    ("dataset", "データセット", "dataset", documents.dataset_namer()),
    ("scope", "範囲", "scope", str),
    ("metric", "指標", "metric", str),
    ("year", "年度", "fiscal_year", fiscal_year_choice),
]
# データ's search: metric names, their aliases (表頭・KPI番号・略称), sections and notes, in SQL
# (kenpo.queries); the pickers below offer only what it finds.
q = filters.text(
    "q",
    "検索",
    placeholder="例: カバー率、KPI 1-1",
    help="指標名と資料上の別名（表頭・KPI番号・略称）で探します。一致する指標がないときは出典箇所と注記から探します。"
    "全角・半角、大文字・小文字、空白は区別しません。",
)
dimensions = queries.fact_dimensions(q)
aliases = queries.metric_aliases()
chosen: dict[str, object] = {}
named: dict[str, object] = {}  # the choices as shown, for the download's file name
for key, label, column, name in FILTERS:
    options = shaping.dimension_options(dimensions, column, chosen)
    names = frames.metric_aliases(shaping.metric_rows(dimensions, chosen), aliases) if column == "metric" else None
    value = filters.select(
        key,
        label,
        [ALL] + (documents.in_printed_order(options) if column == "dataset" else options),
        format_func=lambda v, name=name: v if v == ALL else name(v),
        aliases=None if names is None else (lambda v, names=names: names.get(v, [])),
    )
    chosen[column] = None if value == ALL else value
    named[column] = None if value == ALL else name(value)

total = queries.facts_count(**chosen, q=q)
facts = queries.facts(**chosen, limit=queries.DATA_PAGE_ROW_LIMIT, q=q)
table = shaping.facts_table(facts)
if q and not total:
    st.info("検索に一致する数値がありません。「検索」の文字を変えるか、消してください。", icon=":material/search_off:")
    st.stop()
if total > len(table):
    st.warning(
        f"該当する{total:,}件のうち先頭{len(table):,}件を表示しています。資料・データセットなどで絞り込んでください。",
        icon=":material/filter_alt:",
    )
else:
    st.markdown(f"**{total:,}件**の数値")
page.table(japanese_columns(table), height=420)

if not ctx.presenting:
    downloads.download_buttons(shaping.facts_export(facts, queries.sources()), "データ", named)
    st.markdown("## 出典\n\n" + shaping.sources_markdown(queries.sources()))
