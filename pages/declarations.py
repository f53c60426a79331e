"""日本健康会議: each declaration's path 2016–2020 against the target in force; outcomes; insurer types."""

import streamlit as st

from kenpo import charts, downloads, filters, page, queries
from kenpo.labels import fiscal_year_label
from kenpo.shaping import declarations as shaping
from kenpo.shaping import frames

ctx = page.start(
    "declarations",
    "日本健康会議",
    "「健康なまち・職場づくり宣言2020」の8つの宣言について、平成28〜令和2年度（2016〜2020）の達成数と"
    "その年度に有効だった目標（途中の上方修正を含む）を比べます。",
)
progress = queries.declaration_progress()
declarations = frames.distinct(progress, "declaration")
declaration = filters.select("declaration", "宣言", declarations)
VIEWS = ["全体", "保険者種別"]
breakdown_available = shaping.has_insurer_breakdown(progress, declaration)
view = filters.select("view", "表示", VIEWS if breakdown_available else VIEWS[:1])

outcomes = queries.declaration_outcomes()
if not ctx.presenting:
    st.subheader("どの宣言が、いつ目標を達成したか")
    outcome_table = shaping.outcome_table(outcomes)
    page.table(outcome_table)
    facts = queries.printed_figures(frames.documents_of(progress), frames.metrics_of(progress))
    downloads.download_buttons(
        shaping.outcome_export(outcomes, progress, facts, queries.sources()),
        "日本健康会議_達成状況",
        {},
        key="outcomes",
    )

rows = shaping.declaration_rows(progress, declaration, view)
if view == "全体":
    for i, (metric, unit, series, subtitle) in enumerate(shaping.declaration_charts(rows)):
        charts.show(
            charts.yearly_lines,
            series,
            title=f"{metric} の達成数と目標",
            unit=unit,
            zero=True,
            presenting=ctx.presenting,
            step_targets=True,
            subtitle=subtitle,
            source=rows,
            file_parts=["日本健康会議", declaration, metric, frames.years_span(series)],
            key=f"metric_{i}",
        )
else:
    rates = shaping.insurer_type_rates(progress, declaration)
    order = frames.distinct(rates, "scope")
    if not rates.empty:
        year = int(frames.first(rates, "fiscal_year"))
        charts.show(
            charts.bars,
            rates,
            category="label",
            value="value",
            title=f"{declaration} 保険者種別の達成率（{fiscal_year_label(year)}）",
            unit="%",
            sort=frames.distinct(rates, "label"),
            subtitle=f"括弧内は{fiscal_year_label(year)}の達成数・達成率は資料の値",
            presenting=ctx.presenting,
            source=rows,
            file_parts=["日本健康会議", declaration, "保険者種別の達成率", fiscal_year_label(year)],
            key="rates",
        )
    counts = shaping.insurer_type_counts(rows, order)
    charts.show(
        charts.bars,
        counts,
        category="scope",
        value="value",
        group="year_label",
        title=f"{declaration} 保険者種別の達成数（年度別）",
        unit=frames.unit_of(rows),
        sort=frames.distinct(counts, "scope"),
        presenting=ctx.presenting,
        source=rows,
        file_parts=["日本健康会議", declaration, "保険者種別の達成数", frames.years_span(rows)],
        key="counts",
    )

if not ctx.presenting:
    detail = shaping.declaration_rows(progress, declaration, view, with_rates=True)
    table = shaping.declaration_table(detail)
    st.subheader("年度ごとの値・目標・前年からの増加")
    page.table(table)
    facts = queries.printed_figures(frames.documents_of(detail), frames.metrics_of(detail))
    export = shaping.declaration_export(detail, facts, queries.sources())
    downloads.download_buttons(export, "日本健康会議", {"declaration": declaration, "view": view})
