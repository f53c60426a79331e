"""Charts into slides: a chart as an image file, with its title, unit and 出典 line inside.

Rendered on the server with vl-convert (Vega and Vega-Lite in an embedded engine, no browser):
Streamlit's chart toolbar offers only a PNG of the canvas as drawn, which clips the title at the
top edge, has no 出典 line and is named by a timestamp.

- The image is the chart's own Vega-Lite spec (kenpo.charts.render's cache) at a fixed width of
  ``WIDTH`` px on white, with ``PADDING`` px around it, the unit named in the subtitle where the
  title and subtitle do not name it, and the 出典 line (kenpo.shaping.frames.source_caption, as
  printed under the chart on the page) in lines of text below the chart.
- SVG: that image with its text as text (searchable, editable in PowerPoint). PNG: the same at
  ``SCALE``× pixel density, ``WIDTH * SCALE`` px wide (2400 px), as tall as the chart needs.
- Japanese text is drawn in Noto Sans CJK (Debian's fonts-noto-cjk), registered with vl-convert
  the first time an image is made. Without it the text would come out as empty boxes: that is an
  error (FontMissing), never a silent image.
- Nothing is rendered until a download button is clicked (the page gives Streamlit a callable);
  vl_convert is imported then, not when a page runs. ``renders`` counts what was rendered.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from kenpo.charts.palette import FONT, MUTED_COLOR

WIDTH = 1200  # logical px of every image
SCALE = 2  # the PNG's pixel density: WIDTH * SCALE = 2400 px wide
PADDING = 32  # white margin on every side, logical px
SOURCE_FONT_SIZE = 16  # the 出典 line: presenter mode's caption size
SOURCE_LINE_HEIGHT = 24
SOURCE_GAP = 18  # between the chart's lowest element and the 出典 line
BACKGROUND = "#FFFFFF"

# Debian's fonts-noto-cjk; what the charts' FONT names first.
FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")
FONT_FOLDERS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)

renders = 0  # images rendered in this process (a page run must not add to it)
_lock = threading.Lock()
_registered: Path | None = None


class FontMissing(RuntimeError):
    """Noto Sans CJK is not installed: Japanese text would be drawn as empty boxes."""


def cjk_font_folder(folders: Iterable[Path] = FONT_FOLDERS) -> Path:
    """The folder that holds Noto Sans CJK (both weights), searched under ``folders``."""
    for root in folders:
        if not root.is_dir():
            continue
        for found in sorted(root.rglob(FONT_FILES[0])):
            if all((found.parent / name).is_file() for name in FONT_FILES):
                return found.parent
    raise FontMissing(
        f"{' and '.join(FONT_FILES)} not found under {', '.join(map(str, folders))}: chart images need "
        "the Noto Sans CJK fonts for their Japanese text (Debian: apt-get install fonts-noto-cjk)"
    )


def _converter():
    """vl_convert with the CJK fonts registered (once per process)."""
    global _registered
    import vl_convert  # here, not at the top: a page run never loads the renderer

    with _lock:
        if _registered is None:
            folder = cjk_font_folder()
            vl_convert.register_font_directory(str(folder))
            _registered = folder
    return vl_convert


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the drawn width (px): a wide character is one em, any other 0.62 em
    (Noto Sans CJK's Latin letters and digits are narrower), so a line wrapped by it never overflows."""
    return sum(size if unicodedata.east_asian_width(ch) in "WFA" else 0.62 * size for ch in text)


_NO_LINE_START = "」』）】〕、。，．・：！？ー…"  # never first on a line (禁則)
_NO_LINE_END = "「『（【〔"  # never last on a line


def _break_at(line: str, fits: int) -> int:
    """Where to end a line of which the first ``fits`` characters fit: in its last third, between two
    sections or documents (after 」 or " / ", before 「), else at a space, else where it is full,
    but never before a closing bracket or mark or after an opening one (禁則)."""

    def after(sep: str) -> int:
        at = line.rfind(sep, 0, fits)
        return at + len(sep) if at >= 0 else 0

    between = max(after("」"), after(" / "), line.rfind("「", 1, fits))
    cut = next((c for c in (between, after(" ")) if c > 0 and c >= fits * 2 // 3), fits)
    if cut == fits:
        while cut > 1 and (line[cut] in _NO_LINE_START or line[cut - 1] in _NO_LINE_END):
            cut -= 1
    return cut


def wrap(text: str, width: float, size: float = SOURCE_FONT_SIZE) -> list[str]:
    """The text in lines no wider than ``width`` px (Japanese has no spaces to break at: any two
    characters may be broken, see _break_at)."""
    lines: list[str] = []
    rest = text
    while rest:
        if _text_width(rest, size) <= width:
            lines.append(rest)
            break
        fits = 1
        while fits < len(rest) and _text_width(rest[: fits + 1], size) <= width:
            fits += 1
        cut = _break_at(rest, fits)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines


def _rows(rows) -> list[dict]:
    return rows.to_pylist() if isinstance(rows, pa.Table) else rows


def _names_unit(title: object, unit: str) -> bool:
    text = "".join(title) if isinstance(title, list) else str(title or "")
    return f"単位 {unit}" in text or f"単位{unit}" in text


def image_spec(spec: dict, *, unit: str = "") -> dict:
    """The chart's Vega-Lite spec for an image: ``WIDTH - 2 * PADDING`` px wide in all (the width
    fits the axes, labels and legend, not only the plot), on white, the unit in the subtitle.
    A new dict: the cached spec is shared and never modified."""
    out = dict(spec)
    # the cache holds each dataset as an Arrow table (what st.vega_lite_chart takes): rows for vl-convert
    out["datasets"] = {name: _rows(rows) for name, rows in spec.get("datasets", {}).items()}
    out["width"] = WIDTH - 2 * PADDING
    out["autosize"] = {"type": "fit-x", "contains": "padding"}
    out["background"] = BACKGROUND
    title = dict(out.get("title") or {})
    if unit and not (_names_unit(title.get("text"), unit) or _names_unit(title.get("subtitle"), unit)):
        subtitle = title.get("subtitle")
        title["subtitle"] = f"{subtitle}・単位 {unit}" if subtitle else f"単位 {unit}"
    if title:
        out["title"] = title
    return out


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def _compose(chart_svg: str, source: str) -> str:
    """The chart's SVG placed on a white page ``WIDTH`` px wide with ``PADDING`` around it and the
    出典 line below it, as text."""
    size = _SVG_SIZE.search(chart_svg)
    if size is None:
        raise ValueError("vl-convert gave an SVG without a width and height")
    chart_width, chart_height = float(size.group(1)), float(size.group(2))
    inner = chart_svg[chart_svg.index("<svg") :]  # no XML declaration inside the page
    inner = inner.replace("<svg", f'<svg x="{PADDING}" y="{PADDING}"', 1)
    lines = wrap(source, WIDTH - 2 * PADDING) if source else []
    top = PADDING + chart_height + SOURCE_GAP
    texts = "".join(
        f'<text x="{PADDING}" y="{top + (i + 1) * SOURCE_LINE_HEIGHT - 5}" font-family="{html.escape(FONT)}" '
        f'font-size="{SOURCE_FONT_SIZE}" fill="{MUTED_COLOR}">{html.escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    height = round(top + len(lines) * SOURCE_LINE_HEIGHT + PADDING if lines else PADDING + chart_height + PADDING)
    width = max(WIDTH, round(chart_width + 2 * PADDING))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="{BACKGROUND}"/>{inner}{texts}</svg>'
    )


def svg(spec: dict, *, source: str, unit: str = "") -> str:
    """The chart as an SVG image with its title, unit and 出典 line inside."""
    global renders
    converter = _converter()
    chart = converter.vegalite_to_svg(image_spec(spec, unit=unit))
    renders += 1
    return _compose(chart, source)


def png(spec: dict, *, source: str, unit: str = "") -> bytes:
    """The same image as PNG at ``SCALE``× pixel density (``WIDTH * SCALE`` px wide)."""
    return _converter().svg_to_png(svg(spec, source=source, unit=unit), scale=SCALE)


# Characters Windows does not allow in a file name, control characters, and white space.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\s]+')


def file_name(parts: Iterable[object], suffix: str) -> str:
    """'群馬_保険証回収率_令和5-6年度.png': what the chart shows, in the order given, safe on Windows
    (forbidden characters and spaces become '-', no dot or space at an end). A part that the next
    one starts with is left out (宣言2, 宣言2（市町村） -> 宣言2（市町村）)."""
    cleaned = [_UNSAFE.sub("-", str(p)).strip("-. ") for p in parts if p not in (None, "")]
    cleaned = [p for p, after in zip(cleaned, cleaned[1:] + [""]) if not (p and after.startswith(p))]
    stem = "_".join(p for p in cleaned if p)[:120].rstrip("-._ ") or "図"
    return stem + suffix
