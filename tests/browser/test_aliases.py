"""Finding a metric by a name its document prints, in headless Chromium against the real server:
typing 「カバー率」 (002's 表頭) or 「KPI 1-1」 (002 prints 「【KPI】1-1）」) into 支部 月次's metric
picker offers the metric; choosing it draws its chart and writes its name, alone, to the address.
データ's 検索 box filters the table and is kept in the address (?q=).

Skips where Chromium is absent, except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.filters import chosen, filter_box
from tests.serve import require_chromium, wait_for_page

pytestmark = pytest.mark.browser

require_chromium()

COVER = "健康保険委員が委嘱されている事業所の被保険者数の割合"
OPTION = f"{COVER}（カバー率・KPI 1-1）"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP")
    p = context.new_page()
    yield p
    context.close()


def _errors(page) -> list[str]:
    return page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all_inner_texts()


def _chart_text(page) -> str:
    return page.locator('[data-testid="stVegaLiteChart"]').first.text_content() or ""


@pytest.mark.parametrize("typed", ["カバー率", "KPI 1-1", "KPI1-1", "1-1"])
def test_typing_an_alias_in_the_metric_picker_finds_the_metric_and_draws_it(server, page, typed):
    page.goto(f"{server}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月")
    wait_for_page(page, charts=1)
    assert COVER not in _chart_text(page)
    box = filter_box(page, "指標")
    assert box.get_attribute("data-testid") == "stSelectbox"  # 50 metrics: a searchable box
    field = box.locator("input")
    field.click()
    field.fill(typed)
    offered = page.get_by_role("option")
    offered.first.wait_for(timeout=10000)
    names = offered.all_inner_texts()
    assert OPTION in names, names
    assert names[0] == OPTION, names  # the best match comes first
    page.get_by_role("option", name=OPTION, exact=True).click()
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('metric') === " + repr(OPTION), timeout=20000
    )
    wait_for_page(page, charts=1)
    assert not _errors(page)
    assert chosen(page, "指標") == [OPTION]
    # bound by Streamlit: the address holds the option as shown; the name alone opens it too
    assert parse_qs(urlparse(page.url).query)["metric"] == [OPTION]
    page.wait_for_function(
        """() => (document.querySelector('[data-testid="stVegaLiteChart"]').textContent || '').includes('健康保険委員')""",
        timeout=20000,
    )
    text = _chart_text(page)
    assert "カバー率" not in text and "KPI" not in text  # the chart title keeps the name as it was
    # the copied address opens the same view
    page.goto(page.url)
    wait_for_page(page, charts=1)
    assert chosen(page, "指標") == [OPTION] and not _errors(page)


def test_data_search_box_filters_the_table_and_keeps_its_text_in_the_address(server, page):
    page.goto(f"{server}/data")
    wait_for_page(page)
    assert page.get_by_text("1,962件").count() >= 1
    search = page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"] input')
    search.fill("カバー率")
    search.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'カバー率'", timeout=20000)
    wait_for_page(page)
    assert page.get_by_text("12件").count() >= 1, page.locator('[data-testid="stMain"]').inner_text()[:500]
    assert chosen(page, "指標") == ["（すべて）"]
    assert not _errors(page)
    page.goto(page.url)
    wait_for_page(page)
    assert search.input_value() == "カバー率" and page.get_by_text("12件").count() >= 1


def test_leaving_the_page_leaves_the_metric_behind(server, page):
    """The metric the picker writes is the page's own parameter: the menu opens another page
    without it (no notice there about a metric it does not offer)."""
    page.goto(f"{server}/branch_monthly?branch=群馬&metric={COVER}")
    wait_for_page(page, charts=1)
    assert chosen(page, "指標") == [OPTION]
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="支部 vs 全国", exact=True).click()
    page.wait_for_function("() => location.pathname.endsWith('/branch_vs_national')", timeout=20000)
    wait_for_page(page, charts=1)
    assert not _errors(page)
    assert "URLの「" not in page.locator('[data-testid="stMain"]').inner_text()
