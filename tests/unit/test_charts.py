"""Chart builders: build from a small frame, read the Vega-Lite spec."""

from __future__ import annotations

import pandas as pd
import pytest

from kenpo import charts


def _layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", []):
        out.extend(_layers(layer) if "layer" in layer else [layer])
    return out


def _data(spec: dict, layer: dict) -> list[dict]:
    """The rows a layer draws: its own dataset, else the chart's shared one."""
    return spec["datasets"][(layer.get("data") or spec["data"])["name"]]


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def _text_layers(spec: dict) -> list[dict]:
    return [layer for layer in _layers(spec) if _mark(layer) == "text"]


def _tooltip_fields(layer: dict) -> list[str]:
    tips = layer["encoding"].get("tooltip", [])
    return [t["field"] for t in (tips if isinstance(tips, list) else [tips])]


def _tooltip_titles(layer: dict) -> list[str]:
    tips = layer["encoding"].get("tooltip", [])
    return [t.get("title") for t in (tips if isinstance(tips, list) else [tips])]


def _y_axis(spec: dict) -> dict:
    return next(layer["encoding"]["y"]["axis"] for layer in _layers(spec) if "axis" in layer["encoding"].get("y", {}))


def _monthly(values: dict[str, list[float]], *, prior: bool = True) -> pd.DataFrame:
    rows = []
    for year, (label, series) in enumerate(values.items(), start=2023):
        for month, value in enumerate(series, start=1):
            rows.append(
                {
                    "fiscal_year_label": label,
                    "fiscal_year": year,
                    "fiscal_month": month,
                    "month_label": f"{(month + 2) % 12 + 1}月",
                    "value": value,
                    "prior_value": None,
                    "difference": None,
                    "note": "",
                }
            )
    frame = pd.DataFrame(rows)
    if prior:
        frame["prior_value"] = frame.groupby("fiscal_month")["value"].shift(1)
        frame["difference"] = frame["value"] - frame["prior_value"]
    return frame


def _yearly(series: dict[str, list[float]], dashed: tuple[str, ...] = ()) -> pd.DataFrame:
    rows = []
    for name, values in series.items():
        for i, value in enumerate(values):
            rows.append(
                {
                    "series": name,
                    "fiscal_year": 2022 + i,
                    "year_label": f"{2022 + i}年度",
                    "value": value,
                    "color": "#0072B2",
                    "dashed": name in dashed,
                    "partial": False,
                    "note": None,
                }
            )
    return pd.DataFrame(rows)


def _label_gap_px(spec: dict, layer: dict, plot_height: int) -> float:
    """Smallest vertical distance, in px, between the labels of a text layer."""
    domain = layer["encoding"]["y"]["scale"]["domain"]
    ys = sorted(row["label_y"] for row in _data(spec, layer))
    px = plot_height / (domain[1] - domain[0])
    return min((b - a) * px for a, b in zip(ys, ys[1:]))


# -- value scale ---------------------------------------------------------------------------------
def test_tiny_range_ticks_are_distinct_and_formatted_to_the_step():
    scale = charts.value_scale([100.0, 100.0, 99.9], height=220)
    labels = [f"{t:{scale['format'][1:]}}" for t in scale["ticks"]]
    assert len(set(labels)) == len(labels)
    assert scale["format"] == ",.2f"


def test_domain_is_padded_beyond_the_data():
    """A single year's actual and target never sit on or past the axis edge (16.3 above a 16.0 top tick)."""
    scale = charts.value_scale([16.3, 15.2], height=220)
    low, high = scale["domain"]
    assert low < 15.2 and high > 16.3
    assert scale["ticks"][0] == low and scale["ticks"][-1] == high


def test_single_value_gets_a_range():
    low, high = charts.value_scale([47.0], height=220, integer=True)["domain"]
    assert low < 47 < high


def test_non_negative_data_is_not_padded_below_zero():
    assert charts.value_scale([0.0, 120.0], height=220)["domain"][0] == 0
    assert charts.value_scale([1500, 81526], height=220, zero=True)["domain"][0] == 0


def test_counts_keep_whole_ticks():
    scale = charts.value_scale([3, 4], height=220, integer=True)
    assert all(t == int(t) for t in scale["ticks"])


def test_no_values_no_scale():
    assert charts.value_scale([None, float("nan")], height=220) is None


# -- label spreading -----------------------------------------------------------------------------
def test_spread_labels_separates_equal_values():
    out = charts.spread_labels([100.0, 100.0], gap=1.0, low=90.0, high=110.0)
    assert abs(out[0] - out[1]) >= 1.0 - 1e-9
    assert sum(out) / 2 == pytest.approx(100.0)


def test_spread_labels_leaves_distant_labels_alone():
    assert charts.spread_labels([10.0, 50.0, 90.0], gap=5.0, low=0.0, high=100.0) == [10.0, 50.0, 90.0]


def test_spread_labels_keeps_inside_the_domain():
    out = charts.spread_labels([100.0, 100.0, 100.0], gap=2.0, low=90.0, high=100.0)
    assert max(out) <= 100.0 and min(out) >= 90.0
    assert sorted(out) == pytest.approx([96.0, 98.0, 100.0])


def test_spread_labels_gives_up_when_they_cannot_fit():
    assert charts.spread_labels([1.0, 1.0, 1.0], gap=6.0, low=0.0, high=10.0) is None


# -- monthly_lines -------------------------------------------------------------------------------
def test_monthly_end_labels_never_overlap():
    frame = _monthly({"新規加入者数": [700, 610], "資格喪失者数": [690, 611]}, prior=False)
    spec = charts.monthly_lines(frame, title="t", unit="人").to_dict()
    (labels,) = _text_layers(spec)
    assert _label_gap_px(spec, labels, charts.plot_height(False)) >= 13
    assert spec["autosize"]["type"] == "fit-x"  # the height is the plot's: the pixel check above is real
    assert spec["padding"]["right"] > 0  # room for the labels at the right edge


def test_monthly_without_prior_values_has_no_prior_tooltips():
    frame = _monthly({"新規加入者数": [700, 610], "資格喪失者数": [690, 611]}, prior=False)
    spec = charts.monthly_lines(frame, title="t", unit="人", series_title="指標").to_dict()
    line = next(layer for layer in _layers(spec) if _mark(layer) == "line")
    assert _tooltip_titles(line)[0] == "指標"
    assert "前年度同月" not in _tooltip_titles(line) and "前年差" not in _tooltip_titles(line)
    assert "注記" not in _tooltip_titles(line)  # all blank


def test_monthly_prior_tooltips_read_dash_not_null():
    frame = _monthly({"令和5年度": [94.5, 95.0], "令和6年度": [94.0, 95.1]})
    spec = charts.monthly_lines(frame, title="t", unit="%").to_dict()
    line = next(layer for layer in _layers(spec) if _mark(layer) == "line")
    assert "前年度同月" in _tooltip_titles(line)
    rows = _data(spec, line)
    for field in _tooltip_fields(line):
        assert all(row[field] is not None for row in rows), field
    first = next(r for r in rows if r["fiscal_year_label"] == "令和5年度")
    assert first["prior_text"] == "—"
    assert (
        next(r for r in rows if r["fiscal_year_label"] == "令和6年度" and r["fiscal_month"] == 2)["difference_text"]
        == "+0.1"
    )


def test_monthly_default_has_no_target_rule():
    frame = _monthly({"令和6年度": [94.0, 95.1]})
    spec = charts.monthly_lines(frame, title="t", unit="%").to_dict()
    assert not [layer for layer in _layers(spec) if _mark(layer) == "rule"]


def test_monthly_target_rule_and_label():
    frame = _monthly({"令和5年度": [94.5, 95.0], "令和6年度": [94.0, 95.1]})
    spec = charts.monthly_lines(frame, title="t", unit="%", targets=[("目標", 95.0)]).to_dict()
    (rule,) = [layer for layer in _layers(spec) if _mark(layer) == "rule"]
    assert rule["mark"]["strokeDash"]
    assert [r["value"] for r in _data(spec, rule)] == [95.0]
    texts = [row.get("target_label") for layer in _text_layers(spec) for row in _data(spec, layer)]
    assert "目標 95.0%" in texts
    # the target and the year labels (all near 95) are spread apart together
    domain = rule["encoding"]["y"]["scale"]["domain"]
    ys = sorted(row["label_y"] for layer in _text_layers(spec) for row in _data(spec, layer))
    px = charts.plot_height(False) / (domain[1] - domain[0])
    assert min(b - a for a, b in zip(ys, ys[1:])) * px >= 13


def test_monthly_target_outside_the_data_is_inside_the_domain():
    frame = _monthly({"令和6年度": [80.0, 81.0, 82.0]})
    spec = charts.monthly_lines(frame, title="t", unit="%", targets=[("目標", 85.15)]).to_dict()
    (rule,) = [layer for layer in _layers(spec) if _mark(layer) == "rule"]
    low, high = rule["encoding"]["y"]["scale"]["domain"]
    assert low < 80.0 and high > 85.15
    texts = [row.get("target_label") for layer in _text_layers(spec) for row in _data(spec, layer)]
    assert "目標 85.15%" in texts


def test_monthly_many_series_show_a_legend_instead_of_labels():
    frame = _monthly({f"系列{i}": [100.0, 100.0] for i in range(6)}, prior=False)
    spec = charts.monthly_lines(frame, title="t", unit="人", series_title="指標").to_dict()
    line = next(layer for layer in _layers(spec) if _mark(layer) == "line")
    assert line["encoding"]["color"]["legend"] == {"title": "指標", "columns": 3}  # six names in two rows
    assert not _text_layers(spec)


def test_monthly_labelled_series_have_no_legend():
    spec = charts.monthly_lines(_monthly({"令和6年度": [94.0, 95.1]}), title="t", unit="%").to_dict()
    line = next(layer for layer in _layers(spec) if _mark(layer) == "line")
    assert line["encoding"]["color"]["legend"] is None


# -- yearly_lines --------------------------------------------------------------------------------
def test_yearly_equal_end_values_get_separate_labels():
    frame = _yearly(
        {"群馬 実績": [100.0, 100.0], "群馬 目標（KPI）": [100.0, 100.0], "全国 実績": [99.9]},
        dashed=("群馬 目標（KPI）",),
    )
    spec = charts.yearly_lines(frame, title="t", unit="%").to_dict()
    (labels,) = _text_layers(spec)
    assert _label_gap_px(spec, labels, charts.plot_height(False)) >= 13
    axis = _y_axis(spec)
    assert len({f"{t:{axis['format'][1:]}}" for t in axis["values"]}) == len(axis["values"])


def test_yearly_unit_title_is_horizontal_above_the_axis():
    spec = charts.yearly_lines(_yearly({"実績": [1200, 1300]}), title="t", unit="事業所").to_dict()
    axis = _y_axis(spec)
    assert axis["title"] == "事業所"
    assert axis["titleAngle"] == 0 and axis["titleY"] < 0


def test_yearly_single_year_points_are_inside_the_domain():
    frame = _yearly({"実績": [15.2], "目標": [16.3]}, dashed=("目標",))
    spec = charts.yearly_lines(frame, title="t", unit="%").to_dict()
    low, high = next(layer for layer in _layers(spec) if _mark(layer) == "point")["encoding"]["y"]["scale"]["domain"]
    assert low < 15.2 and high > 16.3


def test_yearly_many_series_show_a_legend():
    frame = _yearly({f"種別{i}": [10.0 * i, 11.0 * i] for i in range(6)})
    spec = charts.yearly_lines(frame, title="t", unit="保険者").to_dict()
    assert not _text_layers(spec)
    line = next(layer for layer in _layers(spec) if _mark(layer) == "line")
    assert line["encoding"]["color"]["legend"] is not None


def test_yearly_tooltips_show_what_shaping_adds_and_never_a_note():
    """A tip_<title> column is a tooltip field with that title, a missing value reads "—"; a note
    column (curation notes) never reaches a tooltip nor the chart's data."""
    frame = _yearly({"実績": [1.0, 2.0]})
    frame["note"] = "…の表と判断 (dataset kyokai_overview)"
    frame["tip_前年度比（資料）"] = ["+2.1%", None]
    spec = charts.yearly_lines(frame, title="t", unit="%").to_dict()
    point = next(layer for layer in _layers(spec) if _mark(layer) == "point")
    assert _tooltip_titles(point) == ["系列", "年度", "値（%）", "前年度比（資料）"]
    rows = _data(spec, point)
    assert [r["tip_前年度比（資料）"] for r in rows] == ["+2.1%", "—"]
    assert all("note" not in r for r in rows)


# -- bars ----------------------------------------------------------------------------------------
def test_grouped_bar_value_labels_are_dark():
    frame = pd.DataFrame(
        {
            "metric": ["a", "a", "b", "b"],
            "year": ["令和4年度", "令和5年度"] * 2,
            "value": [9179843, 9563937, 13939, 13555],
        }
    )
    spec = charts.bars(frame, category="metric", value="value", group="year", title="t", unit="人").to_dict()
    (text,) = _text_layers(spec)
    assert "color" not in text["encoding"]
    assert text["mark"]["color"] == "#1B2631"


# -- achievement_matrix --------------------------------------------------------------------------
def _cells() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": ["郵送化率", "標準期間"],
            "fiscal_year": [2024, 2024],
            "year_label": ["令和6年度", "令和6年度"],
            "verdict": ["達成", "判定なし"],
            "cell_text": ["95.1%", None],
            "actual_text": ["95.1%", None],
            "target_text": ["95.0%", None],
            "national_text": ["—", None],
            "rank_text": ["—", "—"],
            "direction_text": ["高いほど良い", "未設定"],
            "status": ["", None],
        }
    )


def test_matrix_text_layer_has_the_cell_tooltip():
    spec = charts.achievement_matrix(_cells(), title="t").to_dict()
    rect = next(layer for layer in _layers(spec) if _mark(layer) == "rect")
    (text,) = _text_layers(spec)
    assert _tooltip_titles(text) == _tooltip_titles(rect)
    assert "cell_text" not in _tooltip_fields(text)
    assert "判定" in _tooltip_titles(text)


def test_matrix_never_prints_null():
    spec = charts.achievement_matrix(_cells(), title="t").to_dict()
    (text,) = _text_layers(spec)
    for row in _data(spec, text):
        for field in _tooltip_fields(text) + ["cell_text"]:
            assert row[field] is not None, field


def test_monthly_series_title_defaults_to_fiscal_year_or_series():
    years = charts.monthly_lines(_monthly({"令和6年度": [94.0, 95.1]}), title="t", unit="%").to_dict()
    metrics = charts.monthly_lines(_monthly({"新規加入者数": [1.0, 2.0]}, prior=False), title="t", unit="人").to_dict()
    line = lambda spec: next(layer for layer in _layers(spec) if _mark(layer) == "line")  # noqa: E731
    assert _tooltip_titles(line(years))[0] == "年度"
    assert _tooltip_titles(line(metrics))[0] == "系列"


def test_yearly_lone_target_is_a_dashed_level():
    frame = _yearly({"群馬 実績": [14.1], "群馬 目標（KPI）": [16.3]}, dashed=("群馬 目標（KPI）",))
    spec = charts.yearly_lines(frame, title="t", unit="%").to_dict()
    (rule,) = [layer for layer in _layers(spec) if _mark(layer) == "rule"]
    assert rule["mark"]["strokeDash"] and [r["series"] for r in _data(spec, rule)] == ["群馬 目標（KPI）"]
    # every label at the lone target's year starts past its dashed level (none sits on the rule)
    assert [layer["mark"]["dx"] for layer in _text_layers(spec)] == [46]
