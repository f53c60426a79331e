"""保険者: insurers and members by type, 協会けんぽ establishment sizes, the 2020 survey response."""

import streamlit as st

from kenpo import charts, downloads, filters, page, queries
from kenpo.shaping import frames
from kenpo.shaping import insurers as shaping

ctx = page.start(
    "insurers",
    "保険者",
    "保険者の種別ごとの保険者数・加入者数（時点は種別ごとに異なります）、協会けんぽの事業所規模別構成、"
    "「2020年度保険者データヘルス全数調査」の回答状況。",
)
VIEWS = ["加入者数", "保険者数", "事業所規模", "全数調査の回答"]
view = filters.select("view", "表示", VIEWS)

if view in ("加入者数", "保険者数"):
    landscape = queries.insurer_landscape()
    column = "members" if view == "加入者数" else "insurers"
    bars = shaping.landscape_bars(landscape, column)
    unit = shaping.members_shown(landscape).label if column == "members" else "保険者（市町村・組合・団体）"
    charts.show(
        charts.bars,
        bars,
        category="label",
        value="value",
        title=f"保険者種別の{view}",
        unit=unit,
        subtitle=f"単位 {unit}・（ ）内は時点。種別ごとに時点が異なります",
        presenting=ctx.presenting,
        source=landscape,
        file_parts=["保険者", f"保険者種別の{view}"],
    )
    missing = shaping.not_printed(landscape, "insurer_type", column)
    if missing:
        st.caption(f"※{'、'.join(missing)}の{view}は資料に印字がありません。")
    table = shaping.landscape_table(landscape)
    facts = queries.printed_figures(frames.documents_of(landscape), ["保険者数", "加入者数"])
    data = shaping.landscape_export(landscape, facts, queries.sources())
    page_name = "保険者の構成"
elif view == "事業所規模":
    sizes = queries.establishment_sizes()
    shown = frames.printed_only(sizes)
    charts.show(
        charts.bars,
        shown,
        category="size_class",
        value="value",
        title="協会けんぽの事業所規模別構成（従業員数）",
        unit="%",
        sort=frames.distinct(shown, "size_class"),
        presenting=ctx.presenting,
        subtitle=f"{shaping.as_of_text(sizes)}時点・事業所数に占める割合（%）",
        source=sizes,
        file_parts=["協会けんぽ", "事業所規模別構成", shaping.as_of_text(sizes)],
    )
    missing = shaping.not_printed(sizes, "size_class")
    if missing:
        st.caption(f"※{'、'.join(missing)}の割合は資料に印字がありません（図にのみ区分が示されています）。")
    table = shaping.sizes_table(sizes)
    facts = queries.printed_figures(frames.documents_of(sizes), frames.metrics_of(sizes))
    data = shaping.sizes_export(sizes, facts, queries.sources())
    page_name = "事業所規模"
else:
    survey = queries.survey_response()
    charts.show(
        charts.bars,
        survey,
        category="insurer_type",
        value="response_rate",
        title="「2020年度保険者データヘルス全数調査」の回答率",
        unit="%",
        sort=frames.distinct(survey, "insurer_type"),
        presenting=ctx.presenting,
        subtitle="保険者種別ごと。合計は保険者協議会を除く（資料の注記）",
        source=survey,
        file_parts=["保険者", "データヘルス全数調査の回答率", frames.years_span(survey)],
    )
    table = shaping.survey_table(survey)
    facts = queries.printed_figures(frames.documents_of(survey), shaping.SURVEY_METRIC_NAMES)
    data = shaping.survey_export(survey, facts, queries.sources())
    page_name = "全数調査"

if not ctx.presenting:
    page.table(table)
    downloads.download_buttons(data, page_name, {"view": view})
