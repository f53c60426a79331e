"""概要: headline figures with their change from the prior year, each leading to its page."""

import streamlit as st

from kenpo import navigation, page, queries
from kenpo.labels import fiscal_year_label
from kenpo.shaping import frames, reconciliation
from kenpo.shaping import home as shaping

ctx = page.start(
    "home",
    "概要",
    "協会けんぽ（全国・支部）と日本健康会議「健康なまち・職場づくり宣言2020」の数値を、"
    "出典の資料と箇所まで遡れる形で表示します。",
    cards=True,
)

st.subheader("協会けんぽ 全国")
headlines = queries.headlines()
columns = st.columns(max(len(headlines), 1))
for column, card in zip(columns, shaping.headline_cards(headlines)):
    column.metric(
        card["label"],
        card["value"],
        delta=card["delta"],
        delta_color=card["delta_color"],
        border=True,
        help=card["help"],
    )
    if not ctx.presenting:
        column.page_link(
            navigation.target(card["link_page"]),
            label=card["link_label"],
            icon=":material/trending_up:",
            query_params=card["link_params"],
        )

if not ctx.presenting:
    st.subheader("よくある問い")
    st.page_link(
        navigation.target("branch_monthly"),
        label="群馬の郵送化率は、最新の年度の各月で前年を上回っているか",
        icon=":material/calendar_month:",
        query_params={"branch": "群馬", "metric": "郵送化率", "basis": "単月"},
    )
    st.page_link(
        navigation.target("branch_vs_national"),
        label="三重の特定保健指導実施率は、全国と自らの目標に対してどこにいるか",
        icon=":material/compare_arrows:",
        query_params={"branch": "三重", "view": "指標別", "metric": "特定保健指導実施率（被保険者）"},
    )
    st.page_link(
        navigation.target("declarations"),
        label="宣言2020のどの宣言が、どの年度に目標を達成したか",
        icon=":material/flag:",
    )
    st.page_link(
        navigation.target("data"), label="すべての数値を出典付きで見る・ダウンロードする", icon=":material/table:"
    )

left, right = st.columns([3, 2])
with left:
    summary = frames.latest_kpi_summary(queries.kpi_status_summary())
    if summary.empty:
        st.subheader("KPIの達成状況（全国）")
        st.info("KPIの集計がありません。")
    else:
        st.subheader(f"KPIの達成状況（全国・{fiscal_year_label(frames.first(summary, 'fiscal_year'))}）")
        cols = st.columns(len(summary))
        for col, s in zip(cols, frames.records(summary)):
            col.metric(
                s["status"],
                f"{int(s['printed_count'])}項目" if s["printed_count"] == s["printed_count"] else "—",
                border=True,
                help="資料に印字された項目数",
            )
        if not ctx.presenting:
            st.page_link(
                navigation.target("national"),
                label="KPIの一覧を見る",
                icon=":material/checklist:",
                query_params={"view": "KPI"},
            )
with right:
    st.subheader("健康なまち・職場づくり宣言2020")
    outcomes = queries.declaration_outcomes()
    met, judged = shaping.declarations_met(outcomes)
    st.metric(
        "令和2年度（2020）に目標を達成した宣言",
        f"{met} / {judged}宣言",
        border=True,
        help="宣言2は市町村・広域連合の両方、目標「全保険者」は達成率100%で判定",
    )
    if not ctx.presenting:
        st.page_link(navigation.target("declarations"), label="どの宣言がいつ達成したか", icon=":material/flag:")

st.subheader("資料の検算")
checked = queries.reconciliation_summary()
if ctx.presenting:
    st.markdown(f"**{reconciliation.headline(checked)}**")
else:
    st.page_link(
        navigation.target("reconciliation"), label=reconciliation.headline(checked), icon=":material/fact_check:"
    )
st.caption(
    "資料に印字された合計・小計・累計・率などを、同じ資料の数値から計算し直した結果です（端数差は印字の丸めの範囲内の差）。"
)
