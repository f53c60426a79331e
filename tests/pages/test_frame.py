"""What every page shares: the address names exactly the view on screen, presenter mode shows no
controls, the home cards lead where their figure is."""
from __future__ import annotations

from urllib.parse import parse_qs

from tests.pages.conftest import assert_clean


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


def test_national_trend_opens_on_members(open_page):
    at = open_page("national", view="推移")
    assert_clean(at)
    assert at.selectbox(key="url_metric").value == "加入者数"


def test_another_pages_filters_are_dropped_from_the_address(open_page):
    """Back from 全国 to 概要 used to leave ?view=推移&metric=… on the home page's address."""
    at = open_page("home", view="推移", metric="任意継続被保険者数")
    assert_clean(at)
    assert "view" not in at.query_params and "metric" not in at.query_params
    at = open_page("national", view="KPI", metric="加入者数", branch="群馬")
    assert_clean(at)
    assert at.query_params["view"] in (["KPI"], "KPI")
    assert "metric" not in at.query_params and "branch" not in at.query_params


def test_presenter_mode_shows_no_links_or_downloads(open_page):
    at = open_page("home", present=1)
    assert_clean(at)
    assert [label for label, _, _ in _links(at)] == ["通常表示に戻る"]
    at = open_page("data", present=1, source="003_9fe123e5a1b14397.txt")
    assert_clean(at)
    assert not at.get("download_button") and len(at.dataframe) == 1


def test_data_page_years_read_in_japanese_eras_and_keep_the_western_year_in_the_address(open_page):
    at = open_page("data", source="003_9fe123e5a1b14397.txt", year=2023)
    assert_clean(at)
    picker = at.selectbox(key="url_year")
    assert picker.value == 2023 and "令和5年度（2023）" in picker.options
    assert at.query_params["year"] in (["2023"], "2023")
    assert set(at.dataframe[0].value["年度"]) == {2023}
