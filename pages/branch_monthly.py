"""支部 月次: a branch metric month by month, April→March, one line per fiscal year."""

import streamlit as st

from kenpo import charts, downloads, filters, page, queries
from kenpo.fiscal import fiscal_years_span
from kenpo.labels import fiscal_year_label
from kenpo.shaping import branch_monthly as shaping
from kenpo.shaping import frames
from kenpo.shaping import pacing as pacing_shaping

ctx = page.start(
    "branch_monthly",
    "支部 月次",
    "支部の月次の数値を、4月→3月の順に年度ごとの線で比べます（年度に1つだけ印字された値は年度ごとの棒）。"
    "単月と累計は別の系列です。",
)

branches = queries.monthly_branches()
branch = filters.select("branch", "支部", branches)
metrics = queries.monthly_metrics(branch) if branch else None
if not branch or metrics is None or metrics.empty:
    st.info("月次の数値がある支部がありません。", icon=":material/info:")
    st.stop()

labels = shaping.metric_labels(metrics)
aliases = frames.metric_aliases(metrics, queries.metric_aliases())  # 表頭・KPI番号・略称: typed search finds them
metric = filters.select(
    "metric",
    "指標",
    frames.distinct(metrics, "metric"),
    format_func=labels.__getitem__,
    aliases=lambda m: aliases.get(m, []),
)
bases = shaping.bases_of(metrics, metric)
basis = filters.select(
    "basis",
    "集計区分",
    bases,
    default="単月" if "単月" in bases else bases[0],
    help="単月：その月だけの値／累計：年度初めからその月までの値",
)
series = queries.monthly_series(branch, metric, basis)
years = frames.distinct(frames.printed_only(series), "fiscal_year", sort=True)
chosen = filters.multi("years", "年度", years, default=years, format_func=fiscal_year_label)
shown = shaping.select_years(series, chosen)
if not chosen:
    st.info(
        "年度が選ばれていません。サイドバーの「年度」で表示する年度を1つ以上選んでください。", icon=":material/info:"
    )
    st.stop()

unit = frames.unit_of(shown)
printed = queries.printed_year_figures(branch, metric)  # 計 / 平均 / 年度末, targets, ranks
if frames.printed_only(shown).empty:  # never an empty chart
    st.info(
        "選んだ年度にこの指標の数値がありません。サイドバーの「年度」で別の年度を選んでください。",
        icon=":material/info:",
    )
    st.stop()

# the image's file name: 群馬_保険証回収率_令和5-6年度 (the 集計区分 where the metric has two)
file_parts = [branch, labels[metric], basis if len(bases) > 1 else None, fiscal_years_span(chosen)]
if shaping.once_a_year(shown):
    # One printed figure per year (a 上期 or 第三四半期 累計, a stock at one month): one bar per
    # year labelled with the months it covers, never a one-point monthly line.
    charts.show(
        charts.bars,
        shaping.yearly_bars_frame(shown),
        category="label",
        value="value",
        title=f"{branch} {labels[metric]}",
        unit=unit,
        color=charts.scope_color(branch),
        sort=frames.distinct(shaping.yearly_bars_frame(shown), "label"),
        subtitle=f"{branch}支部・単位 {unit}・資料の印字は年度ごとに1つ（括弧内はその値の期間）",
        presenting=ctx.presenting,
        source=shown,
        file_parts=file_parts,
    )
    pacing = None
else:
    # 年度末見込み: a part year paced like the prior year (sql/marts/320_pacing_estimates.sql)
    pacing = pacing_shaping.of(
        queries.pacing_estimate(branch, metric, basis), queries.pacing_path(branch, metric, basis), chosen
    )
    partial = shaping.partial_year_labels(shown)
    subtitle = f"{branch}支部・{basis}・単位 {unit}" + ("　※年度途中: " + "、".join(partial) if partial else "")
    charts.show(
        charts.monthly_lines,
        shaping.monthly_chart_frame(shown),
        title=f"{branch} {labels[metric]}（{basis}）",
        unit=unit,
        subtitle=subtitle,
        presenting=ctx.presenting,
        targets=shaping.monthly_targets(printed, basis, chosen),
        estimate=pacing.path if pacing is not None and pacing.estimated else None,
        estimate_year=pacing.year_label if pacing is not None else None,
        source=shown,
        file_parts=file_parts,
    )

if not ctx.presenting:
    direction = queries.metric_direction(frames.first(shown, "source"), metric)
    if pacing is not None:
        st.markdown(pacing_shaping.sentence(pacing, pacing_shaping.year_target(printed, pacing), direction))
    latest = max(chosen)
    better, compared, months = shaping.months_above_prior_year(series, latest, direction)
    if compared and not shaping.once_a_year(shown):
        word = "低い（良い）" if direction == "lower" else "高い"
        which = f"（{'・'.join(months)}）" if months else ""
        answer = (
            f"**{fiscal_year_label(latest)}**：前年度の同じ月より{word}月は **{better} / {compared}か月**{which}。\n\n"
        )
    else:
        answer = ""
    table = pacing_shaping.with_rows(shaping.monthly_table(shown, printed, chosen), pacing)
    heading = "年度ごとの値と前年差・前年比" if shaping.once_a_year(shown) else "月ごとの値と前年差・前年比"
    # one element: the answer, the table's heading and how to read its year rows
    st.markdown(f"{answer}### {heading}\n\n{shaping.year_rows_note(table)}")
    page.table(table)
    facts = queries.printed_figures(frames.documents_of(shown, printed), [metric], [branch])
    downloads.download_buttons(
        shaping.monthly_export(
            shown,
            printed,
            chosen,
            facts,
            queries.sources(),
            pacing_shaping.export_rows(pacing, branch) if pacing is not None else None,
        ),
        "支部月次",
        {"branch": branch, "metric": metric, "basis": basis, "years": "-".join(map(str, chosen))},
    )
