"""Drawing a chart: its Vega-Lite spec made once per input frame, then only sent."""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from kenpo.charts.categories import achievement_matrix, bars
from kenpo.charts.lines import monthly_lines, yearly_lines
from kenpo.derived import derived

BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    f.__name__: f for f in (monthly_lines, yearly_lines, bars, achievement_matrix)
}


@derived
def spec(builder: str, frame: pd.DataFrame, options: tuple) -> dict:
    """The Vega-Lite spec of a chart, built and validated once per data and options (building an
    Altair chart and validating it costs ~100 ms), with its datasets already in the Arrow form
    Streamlit sends (converting them was most of a warm rerun's chart time)."""
    chart = BUILDERS[builder](frame, **dict(options)).to_dict()
    chart["datasets"] = {name: convert_anything_to_arrow_bytes(values) for name, values in chart.get("datasets", {}).items()}
    return chart


def show(builder: Callable[..., alt.TopLevelMixin], frame: pd.DataFrame, **options) -> None:
    """Render ``builder(frame, **options)`` full width, from the spec cache."""
    st.vega_lite_chart(spec=spec(builder.__name__, frame, tuple(sorted(options.items(), key=lambda kv: kv[0]))),
                       width="stretch")
