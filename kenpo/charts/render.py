"""Drawing a chart: its Vega-Lite spec and data made once per input frame, then only sent.

Building an Altair chart and validating it costs ~100 ms, and turning its rows into Arrow was
most of a warm rerun's chart time: both are cached by the input frame's identity (kenpo.derived).
The data goes to Streamlit's public ``st.vega_lite_chart`` as named Vega-Lite datasets, each an
Arrow table (a type st.dataframe takes), so a warm rerun only serialises the tables it sends.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

from kenpo import presenter
from kenpo.charts.categories import achievement_matrix, bars
from kenpo.charts.lines import monthly_lines, yearly_lines
from kenpo.derived import derived

BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    f.__name__: f for f in (monthly_lines, yearly_lines, bars, achievement_matrix)
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


def show(builder: Callable[..., alt.TopLevelMixin], frame: pd.DataFrame, **options) -> None:
    """Render ``builder(frame, **options)`` full width, from the spec cache. When presenting, each
    chart fills the window's height, a long chart by category split into parts (kenpo.presenter)."""
    name = builder.__name__
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
