"""What every page shares: the address names exactly the view on screen, presenter mode shows no
controls, the home cards lead where their figure is."""

from __future__ import annotations

from urllib.parse import parse_qs

from kenpo import filters
from kenpo.notices import ICON as NOTICE_ICON
from tests.pages import widgets
from tests.pages.conftest import assert_clean, new_session
from tests.pages.walk import params_of


def _links(at):
    return [(link.proto.label, link.proto.page, parse_qs(link.proto.query_string)) for link in at.get("page_link")]


def test_home_cards_lead_to_their_series_or_to_the_figure_itself(open_page):
    at = open_page("home")
    assert_clean(at)
    links = {label: (page, params) for label, page, params in _links(at)}
    trends = [(page, params) for label, page, params in _links(at) if label == "推移を見る"]
    assert ("national", {"view": ["推移"], "metric": ["加入者数"]}) in trends
    assert all(page == "national" and params["metric"] != ["任意継続被保険者数"] for page, params in trends)
    # 003 prints the medical cost per member for one year only: the card opens that figure
    assert links["資料の数値を見る"] == ("data", {"metric": ["加入者1人当たりの医療費総額"]})


def test_every_link_on_home_opens_the_view_it_names(store_path, monkeypatch):
    """The cards' and the questions' links name a branch, a metric, a view: each opens that view,
    without an error or a notice that a value is not offered (a document that stops printing a
    metric fails here, not in front of a planner)."""
    monkeypatch.setenv("KENPO_DB", str(store_path))
    home = new_session("home", {})
    links = _links(home)
    assert len(links) >= 8
    for label, page, params in links:
        at = new_session(page, {k: v if len(v) > 1 else v[0] for k, v in params.items()})
        assert_clean(at)
        assert not [w.value for w in at.warning if w.icon == NOTICE_ICON], (label, params)
        shown = params_of(at)
        # a picker may show its option with the metric's aliases: compare the option's own value
        try:  # AppTest's session state has no .get
            values = at.session_state[filters._VALUES]
        except KeyError:
            values = {}
        own = {k: values.get(k, {}).get(v, v) if isinstance(v, str) else v for k, v in shown.items()}
        assert all(own.get(k) in (v, v[0]) for k, v in params.items()), (label, params, shown)


def test_national_trend_opens_on_members(open_page):
    at = open_page("national", view="推移")
    assert_clean(at)
    assert widgets.single(at, "metric").value == "加入者数"


def test_another_pages_filters_in_the_address_are_ignored_without_a_notice(open_page):
    """Back from 全国 to 概要 leaves ?view=推移&metric=… in the address: 概要 reads none of them.
    (Bound filters write only their own parameters; a parameter no filter of the page reads stays
    in the address and changes nothing.)"""
    at = open_page("home", view="推移", metric="任意継続被保険者数")
    assert_clean(at)
    assert not at.warning
    at = open_page("national", view="KPI", metric="加入者数", branch="群馬")
    assert_clean(at)
    assert widgets.single(at, "view").value == "KPI" and not at.warning


def test_presenter_mode_shows_no_links_or_downloads(open_page):
    at = open_page("home", present=1)
    assert_clean(at)
    assert not _links(at) and [b.label for b in at.button] == ["通常表示に戻る"]
    at.button(key="leave_presenting").click().run()  # back to the normal view, written to the address
    assert_clean(at)
    assert at.toggle(key="present").value is False and params_of(at)["present"] == "false"
    assert _links(at)
    at = open_page("data", present=1, source="003_9fe123e5a1b14397.txt")
    assert_clean(at)
    assert not at.get("download_button") and len(at.dataframe) == 1


def test_data_page_years_read_in_japanese_eras_and_an_address_with_the_western_year_still_opens(open_page):
    at = open_page("data", source="003_9fe123e5a1b14397.txt", year=2023)
    assert_clean(at)
    picker = widgets.single(at, "year")
    assert picker.value == "令和5年度（2023）"
    assert params_of(at)["year"] == "令和5年度（2023）" and not at.warning  # year=2023 (written before) is read
    assert set(at.dataframe[0].value["年度"]) == {"令和5年度"}  # the table reads the era too


def _rules(at):
    """Values of the dashed horizontal rules (targets) in the page's first chart."""
    import json

    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    found = []

    def walk(node):
        if isinstance(node, dict):
            mark = node.get("mark")
            mark_type = mark.get("type") if isinstance(mark, dict) else mark
            if mark_type == "rule":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _chart_texts(at) -> set[str]:
    """Every text value in the first chart's datasets (labels are data, sent as Arrow)."""
    import pyarrow as pa

    texts = set()
    for dataset in at.get("vega_lite_chart")[0].proto.datasets:
        table = pa.ipc.open_stream(dataset.data.data).read_all()
        for column in table.columns:
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                texts.update(v for v in column.to_pylist() if v)
    return texts


def test_monthly_chart_draws_the_printed_target_for_a_rate(open_page):
    """002: 郵送化率 KPI 95.0% (令和6年度) is drawn across the monthly lines."""
    at = open_page("branch_monthly", branch="群馬", metric="郵送化率", basis="単月")
    assert_clean(at)
    assert _rules(at), "no target rule"
    # printed for 令和6年度 only, so the label says whose target it is (令和5年度 is on the chart too)
    assert "目標（令和6年度） 95.0%" in _chart_texts(at), _chart_texts(at)


def test_monthly_chart_draws_a_year_end_count_target_on_the_stock_line(open_page):
    """健康宣言事業所数 (時点, month-end stocks): KPI 1,580 事業所 is the level the line should reach."""
    at = open_page("branch_monthly", branch="群馬", metric="健康宣言事業所数")
    assert_clean(at)
    assert any(t.startswith("目標（令和6年度） 1,580") for t in _chart_texts(at)), _chart_texts(at)


def test_monthly_targets_rates_always_counts_only_on_cumulative_or_stock_lines():
    import pandas as pd

    from kenpo.shaping import branch_monthly

    rate = pd.DataFrame(
        {
            "kind": ["目標", "目標", "実績"],
            "fiscal_year": [2023, 2024, 2024],
            "value": [95.0, 96.0, 93.0],
            "unit": ["%", "%", "%"],
        }
    )
    assert branch_monthly.monthly_targets(rate, "単月", [2023, 2024]) == [
        ("目標（令和5年度）", 95.0),
        ("目標（令和6年度）", 96.0),
    ]
    assert branch_monthly.monthly_targets(rate, "単月", [2024]) == [("目標", 96.0)]
    count = pd.DataFrame({"kind": ["目標"], "fiscal_year": [2024], "value": [1580.0], "unit": ["事業所"]})
    assert branch_monthly.monthly_targets(count, "単月", [2024]) == []
    assert branch_monthly.monthly_targets(count, "累計", [2024]) == [("目標", 1580.0)]
    assert branch_monthly.monthly_targets(count, "累計", [2023, 2024]) == [("目標（令和6年度）", 1580.0)]
    assert branch_monthly.monthly_targets(count, "時点", [2023]) == []  # no target printed for that year


def test_data_page_describes_the_five_documents_in_one_block(open_page):
    at = open_page("data")
    assert_clean(at)
    blocks = [m.value for m in at.markdown if "収録した数値" in m.value]
    assert len(blocks) == 1
    assert blocks[0].startswith("## 出典")
    rows = [r for r in blocks[0].split("\n\n") if "収録した数値" in r]
    assert len(rows) == 5
    for name in ("000\\_ea8c514f59c29b9d.txt", "002\\_3cca3b27335fda2a.txt", "004\\_d6ee1ea992777844.txt"):
        assert any(name in row for row in rows), name
    assert any("1,099件" in row for row in rows)  # 002's figures in facts


def test_tables_print_a_dash_for_a_missing_figure(open_page):
    """保険者: 協会けんぽ's number of insurers is not printed; the cell reads —, not "None"."""
    at = open_page("insurers")
    assert_clean(at)
    assert at.dataframe[0].proto.placeholder == "—"
    assert at.dataframe[0].value["保険者数"].isna().any()
