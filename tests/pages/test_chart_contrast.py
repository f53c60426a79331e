"""Every text a chart draws reads at WCAG AA contrast (4.5:1) on the page's white.

Charts are drawn on a canvas, where axe-core (tests/browser/test_accessibility.py) sees no text:
this test reads the Vega-Lite spec each page sends, in normal and presenter mode. The config must
name the colour of the title, axes and legends (else Streamlit's chart theme applies its grey,
3.7:1), and every colour a text mark or an axis takes must pass. Text drawn on a cell's fill (the
KPI matrix) is checked against its fill.
"""

from __future__ import annotations

import json
import tomllib

import pytest

from kenpo import navigation
from kenpo.charts import palette
from kenpo.paths import ROOT
from tests.pages.conftest import assert_clean, charts

AA = 4.5
WHITE = "#FFFFFF"
# Streamlit's chart theme (light base) when the spec's config names no colour of its own: axis and
# legend labels and titles in its gray70, the chart title in the theme's heading (text) colour.
STREAMLIT_CHART_GREY = "#808495"
THEME_TEXT = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]["textColor"]
NAMED = {"white": WHITE, "black": "#000000"}
CONFIGURED = [
    ("axis", "labelColor"),
    ("axis", "titleColor"),
    ("legend", "labelColor"),
    ("legend", "titleColor"),
    ("title", "color"),
    ("title", "subtitleColor"),
]


def luminance(colour: str) -> float:
    colour = NAMED.get(colour.lower(), colour).lstrip("#")
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str = WHITE) -> float:
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast(STREAMLIT_CHART_GREY) == pytest.approx(3.72, abs=0.01)


def _mark_type(node: dict) -> str | None:
    mark = node.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def _text_mark_colours(node: dict) -> list[str]:
    found = []
    mark = node.get("mark")
    if isinstance(mark, dict) and isinstance(mark.get("color"), str):
        found.append(mark["color"])
    color = node.get("encoding", {}).get("color", {})
    if isinstance(color.get("value"), str):
        found.append(color["value"])
    conditions = color.get("condition", [])
    for condition in conditions if isinstance(conditions, list) else [conditions]:
        if isinstance(condition.get("value"), str):
            found.append(condition["value"])
    found += [c for c in (color.get("scale") or {}).get("range", []) if isinstance(c, str)]
    return found


def text_colours(spec: dict) -> list[tuple[str, str]]:
    """(where, colour) of every text the chart draws on the page's background."""
    config = spec.get("config", {})
    found = [
        (
            f"config.{group}.{key}",
            config.get(group, {}).get(key, THEME_TEXT if key == "color" else STREAMLIT_CHART_GREY),
        )
        for group, key in CONFIGURED
    ]

    def walk(node, path: str, on_cells: bool = False) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]", on_cells)
            return
        if not isinstance(node, dict):
            return
        for key in ("labelColor", "titleColor", "subtitleColor"):
            if isinstance(node.get(key), str) and not path.startswith("spec.config"):
                found.append((f"{path}.{key}", node[key]))
        if _mark_type(node) == "text" and not on_cells:
            found.extend((f"{path} text", c) for c in _text_mark_colours(node))
        layers = node.get("layer", [])
        cells = any(_mark_type(layer) == "rect" for layer in layers if isinstance(layer, dict))
        for key, value in node.items():
            if key not in ("datasets", "data"):
                walk(value, f"{path}.{key}", cells if key == "layer" else False)

    walk(spec, "spec")
    return found


VIEWS = [(slug, mode) for slug in navigation.slugs() for mode in ("normal", "presenter")]


@pytest.mark.parametrize("slug,mode", VIEWS, ids=[f"{s}-{m}" for s, m in VIEWS])
def test_chart_text_passes_aa_on_white(open_page, slug, mode):
    at = open_page(slug, **({"present": "true"} if mode == "presenter" else {}))
    assert_clean(at)
    failing = []
    for index, chart in enumerate(charts(at)):
        for where, colour in text_colours(json.loads(chart.proto.spec)):
            if contrast(colour) < AA:
                failing.append(f"chart {index} {where}: {colour} {contrast(colour):.2f}:1")
    assert not failing, "\n".join(failing)


def test_kpi_matrix_cell_text_passes_aa_on_its_fill():
    """achievement_matrix: white on 達成's fill, the text colour on every other verdict's fill."""
    for verdict, fill in palette.ACHIEVED_COLORS.items():
        text = "#FFFFFF" if verdict == "達成" else palette.TEXT_COLOR
        assert contrast(text, fill) >= AA, (verdict, text, fill, round(contrast(text, fill), 2))


def test_every_series_colour_passes_aa_as_a_label():
    """Direct labels at the end of a line take the line's colour: every series colour must read as text."""
    series = {
        *palette.OKABE_ITO,
        *palette.YEAR_COLORS,
        *palette.BRANCH_COLORS.values(),
        palette.NATIONAL_COLOR,
        palette.ACTUAL_COLOR,
        palette.TARGET_LINE_COLOR,
        palette.TEXT_COLOR,
        palette.MUTED_COLOR,
    }
    failing = {c: round(contrast(c), 2) for c in series if contrast(c) < AA}
    assert not failing, failing
