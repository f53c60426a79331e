"""全国: the yearly series with printed YoY rates, monthly new and lost members, the KPI table,
health-check counts of the years the document prints side by side (the years come from the data)."""

import streamlit as st

from kenpo import charts, downloads, filters, page, queries
from kenpo.shaping import frames
from kenpo.shaping import national as shaping

ctx = page.start(
    "national",
    "全国",
    "協会けんぽ全体（全国）の加入者・事業所の推移、月別の加入・喪失、KPIの達成状況、健診等の実施件数。",
    cards=True,  # the KPI view's verdict counts
)
VIEWS = ["推移", "月別の加入・喪失", "KPI", "健診等"]
view = filters.select("view", "表示", VIEWS)

if view == "推移":
    metrics = queries.national_series_metrics()
    aliases = frames.metric_aliases(metrics, queries.metric_aliases())
    metric = filters.select(
        "metric", "指標", frames.distinct(metrics, "metric"), default="加入者数", aliases=lambda m: aliases.get(m, [])
    )
    if metric is None:
        page.stop_without_figures("全国の推移")
    series = queries.national_series(metric)
    unit = shaping.shown(series).label
    charts.show(
        charts.yearly_lines,
        shaping.national_series_frame(series, metric),
        title=f"全国 {metric}の推移",
        unit=unit,
        presenting=ctx.presenting,
        subtitle=f"単位 {unit}・{frames.first(series, 'basis')}の値。ツールチップに資料の前年度比",
        source=series,
        file_parts=["全国", metric, frames.years_span(series)],
    )
    table = shaping.national_series_table(series)
    facts = queries.printed_figures(frames.documents_of(series), [metric, metric + shaping.RATE_SUFFIX])
    data = shaping.series_export(series, facts, queries.sources())
    chosen_filters = {"view": view, "metric": metric}
elif view == "月別の加入・喪失":
    options = queries.national_monthly_metrics()
    chosen = filters.multi("metrics", "指標", options, default=[m for m in options if " " not in m][:2] or options[:2])
    if not options:
        page.stop_without_figures("全国の月別の加入・喪失")
    monthly = queries.national_monthly(chosen)
    frame = shaping.national_monthly_frame(monthly, chosen)
    if frame.empty:
        st.info(
            "指標が選ばれていません。サイドバーの「指標」で表示する指標を1つ以上選んでください。",
            icon=":material/info:",
        )
        st.stop()
    unit = shaping.shown(monthly).label
    charts.show(
        charts.monthly_lines,
        frame,
        title=f"全国 月別の{'・'.join(chosen)}" if len(chosen) <= 2 else f"全国 月別の加入・喪失（{len(chosen)}指標）",
        unit=unit,
        subtitle=f"{shaping.fiscal_years_text(monthly)}・単月・単位 {unit}",
        presenting=ctx.presenting,
        source=monthly,
        file_parts=["全国", "月別", "・".join(chosen), frames.years_span(monthly)],
    )
    table = shaping.national_monthly_table(monthly, chosen)
    data = shaping.monthly_export(
        monthly, chosen, queries.printed_figures(frames.documents_of(monthly), chosen), queries.sources()
    )
    chosen_filters = {"view": view, "metrics": "-".join(chosen)}
elif view == "KPI":
    kpi = queries.national_kpi()
    if kpi.empty:
        page.stop_without_figures("全国のKPI")
    summary = frames.latest_kpi_summary(queries.kpi_status_summary())
    cols = st.columns(max(len(summary), 1))
    for col, s in zip(cols, frames.records(summary)):
        col.metric(
            s["status"],
            f"{int(s['printed_count'])}項目" if s["printed_count"] == s["printed_count"] else "—",
            border=True,
        )
    cells = shaping.national_kpi_cells(kpi)
    charts.show(
        charts.achievement_matrix,
        cells,
        title=f"{shaping.fiscal_years_text(kpi)} KPIの達成状況（全国）",
        presenting=ctx.presenting,
        subtitle="資料の評価（達成・概ね達成・未達成）。セルは実績",
        source=kpi,
        file_parts=["全国", "KPI", frames.years_span(kpi)],
    )
    table = shaping.national_kpi_table(kpi)
    facts = queries.printed_figures(frames.documents_of(kpi), frames.metrics_of(kpi))
    data = shaping.kpi_export(kpi, facts, queries.sources())
    chosen_filters = {"view": view}
else:
    counts = queries.health_check_counts()
    if counts.empty:
        page.stop_without_figures("健診・保健指導等の実施状況")
    years = "と".join(frames.distinct(counts, "fiscal_year_label"))
    for i, unit in enumerate(
        shaping.health_check_units(counts)
    ):  # one chart per unit: 人 and 事業所 never share an axis
        frame = shaping.health_check_frame(counts, unit)
        charts.show(
            charts.bars,
            frame,
            category="metric",
            value="value",
            group="fiscal_year_label",
            title=f"健診・保健指導等の実施状況（{years}・単位 {unit}）",
            unit=unit,
            sort=frames.distinct(frame, "metric"),
            presenting=ctx.presenting,
            subtitle="棒は0から",
            source=counts,
            file_parts=["全国", "健診・保健指導等", unit, frames.years_span(counts)],
            key=f"health_checks_{i}",
        )
    table = shaping.health_check_table(counts)
    facts = queries.printed_figures(frames.documents_of(counts), frames.metrics_of(counts))
    data = shaping.health_check_export(counts, facts, queries.sources())
    chosen_filters = {"view": view}

if not ctx.presenting:
    page.table(table)
    downloads.download_buttons(data, "全国", chosen_filters)
