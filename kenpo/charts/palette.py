"""The dashboard's colours, in one place: Okabe–Ito's hues (colour-blind safe) for every series.

One colour for 全国 everywhere and one per branch; fiscal years from grey-blue to deep blue;
KPI verdicts blue (achieved) to orange (missed). Shaping code takes its colours from here too.

A line's direct label is drawn in the line's colour, so every series colour is text too: each is
Okabe–Ito's hue darkened until it reads at 4.5:1 or more on white (WCAG AA; ratios beside each).
The verdict fills keep Okabe–Ito's light values, with dark text on them.
tests/pages/test_chart_contrast.py checks every one.
"""

from __future__ import annotations

from kenpo.contracts import NATIONAL  # the owner of the 全国 scope

# Okabe & Ito's eight colours, by name, darkened where needed to read as text on white
# (Okabe–Ito's own value and its ratio in brackets).
BLUE = "#0072B2"  # 5.19:1 (as Okabe–Ito)
VERMILION = "#B34E00"  # 5.24:1 (#D55E00, 3.87:1)
BLUISH_GREEN = "#00785A"  # 5.48:1 (#009E73, 3.42:1)
REDDISH_PURPLE = "#A8527F"  # 5.03:1 (#CC79A7, 3.06:1)
ORANGE = "#946500"  # 5.10:1 (#E69F00, 2.25:1)
SKY_BLUE = "#2F6F99"  # 5.45:1 (#56B4E9, 2.31:1)
YELLOW = "#6E6A00"  # 5.64:1 (#F0E442, 1.32:1)
BLACK = "#000000"  # 21:1
OKABE_ITO = [BLUE, VERMILION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, YELLOW, BLACK]

NATIONAL_COLOR = "#4D4D4D"  # 8.45:1
BRANCH_COLORS = {"群馬": BLUE, "三重": VERMILION}
YEAR_COLORS = [SKY_BLUE, REDDISH_PURPLE, BLUISH_GREEN, ORANGE, BLUE]  # oldest … newest (newest = deep blue)
# Cell fills under the KPI matrix's text: white on 達成 (5.19:1), TEXT_COLOR on the others (6.65:1
# on #56B4E9, 6.81:1 on #E69F00, 12.0:1 on #F3E3B3, 10.9:1 on #D9D9D9).
ACHIEVED_COLORS = {
    "達成": BLUE,
    "概ね達成": "#56B4E9",
    "未達成": "#E69F00",
    "年度途中": "#F3E3B3",
    "判定なし": "#D9D9D9",
}
# 検算 verdicts: agreement blue, rounding amber, disagreement vermilion, each 3:1 or more on white
# as a bar (no text on the fills: counts stand at the bar's end in TEXT_COLOR).
RECONCILIATION_COLORS = {"一致": SKY_BLUE, "端数差": ORANGE, "不一致": VERMILION}
ACTUAL_COLOR = BLUE  # a series' actual figures beside its target
TARGET_LINE_COLOR = VERMILION  # the target drawn as a line of its own (日本健康会議)

TEXT_COLOR = "#1B2631"  # titles, value labels, target rules and their labels: 15.35:1
MUTED_COLOR = "#4A5563"  # subtitles, axis labels and titles, legend titles: 7.58:1
GRID_COLOR = "#E5E7EB"
FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"


def scope_color(scope: str) -> str:
    """全国 grey, a known branch its own colour, any other scope a fixed Okabe–Ito colour."""
    if scope == NATIONAL:
        return NATIONAL_COLOR
    if scope in BRANCH_COLORS:
        return BRANCH_COLORS[scope]
    others = [c for c in OKABE_ITO if c not in BRANCH_COLORS.values()]
    return others[sum(map(ord, scope)) % len(others)]
