"""Altair chart builders, one look across the dashboard, and how a page draws them.

Pages call ``charts.show(charts.<builder>, frame, source=rows, file_parts=[…], **options)``; the
builders return Altair charts (tests read their specs). Modules: palette (colours, the one owner),
scales (formats, value axis), layout (sizes, direct labels), lines, categories (bars, KPI matrix),
render (cached spec, show: the chart, its 出典 line, its image buttons), images (a chart as PNG and
SVG for slides).
"""

from kenpo.charts.categories import achievement_matrix, bars, verdict_bars
from kenpo.charts.layout import plot_height, spread_labels
from kenpo.charts.lines import monthly_lines, yearly_lines
from kenpo.charts.palette import scope_color
from kenpo.charts.render import show
from kenpo.charts.scales import value_scale

__all__ = [
    "achievement_matrix",
    "bars",
    "monthly_lines",
    "plot_height",
    "scope_color",
    "show",
    "spread_labels",
    "value_scale",
    "verdict_bars",
    "yearly_lines",
]
