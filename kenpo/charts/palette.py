"""The dashboard's colours, in one place: Okabe–Ito (colour-blind safe) for every series.

One colour for 全国 everywhere and one per branch; fiscal years from light to deep blue;
KPI verdicts blue (achieved) to orange (missed). Shaping code takes its colours from here too.
"""

from __future__ import annotations

from kenpo.contracts import NATIONAL  # the owner of the 全国 scope

# Okabe & Ito's eight colours, by name.
BLUE = "#0072B2"
VERMILION = "#D55E00"
BLUISH_GREEN = "#009E73"
REDDISH_PURPLE = "#CC79A7"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
YELLOW = "#F0E442"
BLACK = "#000000"
OKABE_ITO = [BLUE, VERMILION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, YELLOW, BLACK]

NATIONAL_COLOR = "#4D4D4D"
BRANCH_COLORS = {"群馬": BLUE, "三重": VERMILION}
YEAR_COLORS = [SKY_BLUE, REDDISH_PURPLE, BLUISH_GREEN, ORANGE, BLUE]  # oldest … newest (newest = deep blue)
ACHIEVED_COLORS = {"達成": BLUE, "概ね達成": SKY_BLUE, "未達成": ORANGE, "年度途中": "#F3E3B3", "判定なし": "#D9D9D9"}
ACTUAL_COLOR = BLUE  # a series' actual figures beside its target
TARGET_LINE_COLOR = VERMILION  # the target drawn as a line of its own (日本健康会議)

TEXT_COLOR = "#1B2631"  # value labels, target rules and their labels
MUTED_COLOR = "#4A5563"  # subtitles and axis unit titles
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
