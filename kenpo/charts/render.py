"""Drawing a chart: its Vega-Lite spec and data made once per input frame, then only sent; the
出典 line under it and the buttons that save it as an image for slides.

Building an Altair chart and validating it costs ~100 ms, and turning its rows into Arrow was
most of a warm rerun's chart time: both are cached by the input frame's identity (kenpo.derived).
The data goes to Streamlit's public ``st.vega_lite_chart`` as named Vega-Lite datasets, each an
Arrow table (a type st.dataframe takes), so a warm rerun only serialises the tables it sends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from kenpo import presenter
from kenpo.charts import images
from kenpo.charts.categories import achievement_matrix, bars, verdict_bars
from kenpo.charts.lines import monthly_lines, yearly_lines
from kenpo.derived import derived
from kenpo.downloads import OFFERED
from kenpo.shaping.frames import source_caption

BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    f.__name__: f for f in (monthly_lines, yearly_lines, bars, achievement_matrix, verdict_bars)
}


def _arrow(rows: list[dict]) -> pa.Table:
    """A dataset's rows (Altair's JSON records) as the Arrow table Streamlit would make of them."""
    return pa.Table.from_pandas(pd.DataFrame(rows))


@derived
def spec(builder: str, frame: pd.DataFrame, options: tuple) -> dict:
    """The Vega-Lite spec of ``BUILDERS[builder](frame, **options)``, its named datasets as Arrow
    tables. Shared by every session: never modified (Streamlit copies the spec before it moves
    the datasets out)."""
    chart = BUILDERS[builder](frame, **dict(options)).to_dict()
    chart["datasets"] = {name: _arrow(rows) for name, rows in chart.get("datasets", {}).items()}
    return chart


# The column whose values are a chart's rows, for the charts by category (split when presenting).
ROWS = {"bars": lambda options: options["category"], "achievement_matrix": lambda options: "metric"}


def _key(options: dict) -> tuple:
    return tuple(sorted(options.items(), key=lambda kv: kv[0]))


def _draw(name: str, frame: pd.DataFrame, options: dict) -> None:
    """The chart full width, from the spec cache. When presenting, each chart fills the window's
    height, a long chart by category split into parts (kenpo.presenter)."""
    if not options.get("presenting"):
        st.vega_lite_chart(spec=spec(name, frame, _key(options)), width="stretch")
        return
    pieces = [(frame, options)]
    if name in ROWS:
        rows = ROWS[name](options)
        order = options.get("sort") or (
            frame.groupby(rows, sort=False)[options["value"]].max().sort_values(ascending=False).index.tolist()
            if name == "bars"
            else None
        )
        pieces = [
            (part, {**options, "title": title, **({"sort": chunk} if name == "bars" else {})})
            for part, chunk, title in presenter.parts(frame, rows, order, options["title"])
        ]
    for part, opts in pieces:
        with presenter.fit(presenter.next_chart()):
            st.vega_lite_chart(spec=spec(name, part, _key(opts)), width="stretch", height="stretch")


@dataclass(frozen=True)
class ImageOffer:
    """What a chart's image button gives when clicked: ``make`` renders the image then, not before;
    the file name and type it is offered under (published for the tests, as kenpo.downloads does)."""

    make: Callable[[], bytes]
    file_name: str
    mime: str

    def __call__(self) -> bytes:
        return self.make()


def image_offers(builder: str, frame: pd.DataFrame, options: dict, source: str, file_parts) -> dict[str, ImageOffer]:
    """The PNG and the SVG of a chart for a slide, each made when it is downloaded. The image is
    the chart as presenter mode draws it (its larger text reads on a projected slide)."""
    slide = _key({**options, "presenting": True})
    unit = str(options.get("unit") or "")
    return {
        "png": ImageOffer(
            lambda: images.png(spec(builder, frame, slide), source=source, unit=unit),
            images.file_name(file_parts, ".png"),
            "image/png",
        ),
        "svg": ImageOffer(
            lambda: images.svg(spec(builder, frame, slide), source=source, unit=unit).encode("utf-8"),
            images.file_name(file_parts, ".svg"),
            "image/svg+xml",
        ),
    }


def show(
    builder: Callable[..., alt.TopLevelMixin],
    frame: pd.DataFrame,
    *,
    source: pd.DataFrame,
    file_parts: Sequence[object],
    key: str = "chart",
    **options,
) -> None:
    """Render ``builder(frame, **options)`` full width from the spec cache (when presenting, fitted
    to the window, see _draw), the 出典 line of the ``source`` rows under it, and (not when
    presenting) two buttons that save the chart as a PNG or an SVG with its title, unit and 出典
    line inside (kenpo.charts.images), named by ``file_parts`` (支部, 指標, 年度: what the chart
    shows). ``key`` tells a page's charts apart."""
    _draw(builder.__name__, frame, options)
    caption = source_caption(source)
    if caption:
        st.caption(caption)
    if options.get("presenting"):
        return
    offers = image_offers(builder.__name__, frame, options, caption, file_parts)
    made = st.session_state.setdefault(OFFERED, {})  # by button key, as kenpo.downloads: the tests call them
    row = st.container(horizontal=True)
    for kind, label, icon, tip in (
        ("png", "図をPNGで保存", ":material/image:", f"スライド用の画像（幅{images.WIDTH * images.SCALE}ピクセル）"),
        ("svg", "図をSVGで保存", ":material/polyline:", "拡大しても粗くならない画像（文字は文字のまま）"),
    ):
        offer = made[f"img_{kind}_{key}"] = offers[kind]
        row.download_button(
            label,
            offer,
            file_name=offer.file_name,
            mime=offer.mime,
            key=f"img_{kind}_{key}",
            help=f"{tip}。タイトル・単位・出典入り",
            on_click="ignore",
            type="tertiary",
            icon=icon,
        )
