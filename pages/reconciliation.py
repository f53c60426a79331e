"""検算: every printed total, subtotal, running count, rate and repeated figure the documents' own
figures can recompute, against the printed one, with a verdict and a note on each disagreement."""

import streamlit as st

from kenpo import charts, documents, downloads, filters, page, queries
from kenpo.shaping import reconciliation as shaping

ctx = page.start(
    "reconciliation",
    "検算",
    "資料に印字された合計・小計・累計・率・再掲の数値を、同じ資料に印字された数値から計算し直し、印字と比べます。",
    cards=True,
)

ALL = "（すべて）"
summary = queries.reconciliation_summary()
source = filters.select(
    "source",
    "資料",
    [ALL, *shaping.documents(summary)],
    format_func=lambda s: s if s == ALL else documents.short_title(s),
)
source = None if source == ALL else source
verdicts = filters.multi("verdict", "判定", list(shaping.VERDICTS))
families = filters.multi("type", "種類", list(shaping.FAMILIES))

counts = shaping.counts(summary, source)
for column, (label, value) in zip(st.columns(4), counts.items()):
    column.metric(
        label,
        f"{value:,}件",
        border=True,
        help="計算し直した印字の数値の数" if label == "検算" else shaping.VERDICT_HELP[label],
    )

if not ctx.presenting:  # presenting: the cards and the disagreements below are the slide
    if source is None:  # every document: one bar each
        bars, category, sort = shaping.by_document(summary), "document", shaping.document_order(summary)
        title, parts, named = "資料ごとの検算の結果", ["検算", "資料ごとの結果"], "資料"
    else:  # one document: one bar per kind of check
        kinds = queries.reconciliation_by_kind(source)
        bars, category, sort = shaping.by_kind(kinds), "kind", shaping.kind_order(kinds)
        title, parts, named = (
            f"{documents.short_title(source)}の検算の結果（種類別）",
            ["検算", documents.short_title(source)],
            "種類",
        )
    charts.show(
        charts.verdict_bars,
        bars,
        category=category,
        category_title=named,
        verdict="verdict",
        count="count",
        title=title,
        subtitle="印字の数値を、同じ資料の数値から計算し直した件数（判定別）",
        sort=sort,
        presenting=False,
        source=queries.reconciliation(source),
        file_parts=parts,
    )

checks = queries.reconciliation(source, tuple(verdicts), tuple(families))


def show_discrepancies(items: list[dict]) -> None:
    for item in items:
        with st.container(border=True):
            st.markdown(shaping.heading_markdown(item))
            if item["note"]:
                st.markdown(item["note"])
            st.markdown(shaping.lines_markdown(item, formulas=not ctx.presenting))
            if not ctx.presenting:
                st.caption(f"出典箇所: {item['section']}")


disagreeing, rounding = shaping.discrepancies(checks, "不一致"), shaping.discrepancies(checks, "端数差")
st.subheader(f"不一致（{sum(len(i['lines']) for i in disagreeing)}件）")
if disagreeing:
    show_discrepancies(disagreeing)
else:
    st.info("選んだ条件では、不一致の検算はありません。", icon=":material/check_circle:")
count = sum(len(i["lines"]) for i in rounding)
folded = st.expander(
    f"端数差（{count}件）：印字の丸めの範囲内の差", icon=":material/tune:", key="rounding_open", on_change="rerun"
)
if folded.open:  # drawn only when opened: a first load draws the disagreements, not these
    with folded:
        if rounding:
            show_discrepancies(rounding)
        else:
            st.write("選んだ条件では、端数差の検算はありません。")

if not ctx.presenting:
    st.subheader(f"検算の一覧（{len(checks):,}件）")
    st.caption("　".join(f"**{v}**: {h}" for v, h in shaping.VERDICT_HELP.items()))
    shown, cut = shaping.first_rows(checks, queries.DATA_PAGE_ROW_LIMIT)
    if cut:
        st.warning(cut, icon=":material/filter_alt:")
    page.table(shaping.table(shown), height=420)
    downloads.download_buttons(
        shaping.export(checks, queries.sources()),
        "検算",
        shaping.file_filters(source, verdicts, families),
    )
