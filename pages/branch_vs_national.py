"""支部 vs 全国: a branch's actual, its target and the national actual by fiscal year; the KPI matrix."""

import streamlit as st

from kenpo import charts, downloads, filters, notices, page, queries
from kenpo.shaping import branch_vs_national as shaping
from kenpo.shaping import frames, part_year

ctx = page.start(
    "branch_vs_national",
    "支部 vs 全国",
    "支部の実績・支部の目標（KPI）・全国の実績を年度ごとに比べます。全国順位と資料上の評価も併せて表示します。",
)

branches = queries.comparison_branches()
branch = filters.select("branch", "支部", branches)
VIEWS = ["指標別", "KPI一覧"]
view = filters.select("view", "表示", VIEWS)
if not branch:
    st.info("比較できる支部の数値がありません。", icon=":material/info:")
    st.stop()

if view == "指標別":
    metrics = queries.comparison_metrics(branch)
    options = frames.distinct(metrics, "metric")
    # (branch, metric) drawn on the previous run: a branch switch that cannot keep it says so
    dropped = shaping.metric_dropped_notice(
        st.session_state.get("branch_vs_national_shown"), branch, options, filters.state_label("metric")
    )
    aliases = frames.metric_aliases(metrics, queries.metric_aliases())
    metric = filters.select("metric", "指標", options, aliases=lambda m: aliases.get(m, []))
    st.session_state["branch_vs_national_shown"] = (branch, metric)
    if dropped:
        notices.notice("metric", dropped)
    frame = queries.branch_vs_national(branch, metric)
    unit = frames.unit_of(frame)
    series = shaping.comparison_series(frame, branch)
    if series.empty:
        st.info(
            "この指標には表示できる数値がありません。サイドバーの「指標」で別の指標を選んでください。",
            icon=":material/info:",
        )
        st.stop()
    notes = shaping.comparison_notes(frame)
    subtitle = f"単位 {unit}・破線は目標" + ("　※" + "／".join(notes) if notes else "")
    # 年度末見込み of a part year (sql/marts/340_part_year_estimates.sql)
    estimates = queries.part_year_estimates(branch, metric)
    marks = part_year.estimate_marks(estimates, frame, branch)
    if len(marks):
        subtitle += "・菱形は年度末見込み（計算）"
    charts.show(
        charts.yearly_lines,
        series,
        title=f"{branch} {metric}",
        unit=unit,
        subtitle=subtitle,
        presenting=ctx.presenting,
        estimates=marks,
        source=frame,
        file_parts=[branch, metric, "目標と全国", frames.years_span(frame)],
    )
    if not ctx.presenting:
        for sentence in part_year.estimate_sentences(estimates, frame):
            st.markdown(sentence)
        table = shaping.comparison_table(frame, estimates)
        st.subheader("年度ごとの比較")
        page.table(table)
        facts = queries.printed_figures(*shaping.export_keys(frame))
        downloads.download_buttons(
            shaping.comparison_export(frame, facts, queries.sources(), estimates),
            "支部vs全国",
            {"branch": branch, "metric": metric},
        )
else:
    frame = queries.kpi_matrix(branch)
    if frame.empty:
        st.info(
            "この支部には目標（KPI）や評価の印字がある指標がありません。サイドバーの「支部」で別の支部を選ぶか、「表示」を「指標別」にしてください。",
            icon=":material/info:",
        )
        st.stop()
    estimates = queries.part_year_estimates(branch)  # a part year's 年度末見込み, in the tooltip and the table
    cells = shaping.matrix_frame(frame, estimates)
    charts.show(
        charts.achievement_matrix,
        cells,
        title=f"{branch}支部 KPIの達成状況",
        presenting=ctx.presenting,
        subtitle="青＝達成・橙＝未達成（望ましい方向で判定）・淡黄＝年度途中の値（*、判定しない）・灰＝判定なし",
        source=frame,
        file_parts=[branch, "KPI一覧", frames.years_span(frame)],
    )
    estimates_note = part_year.matrix_estimates_note(frame, estimates)
    if estimates_note:
        st.caption(estimates_note)
    plan_note = shaping.plan_goal_note(frame)
    if plan_note:
        st.caption(plan_note)
    if not ctx.presenting:
        table = shaping.matrix_table(frame, estimates)
        page.table(table)
        facts = queries.printed_figures(*shaping.export_keys(frame))
        downloads.download_buttons(
            shaping.comparison_export(frame, facts, queries.sources(), estimates), "支部KPI一覧", {"branch": branch}
        )
