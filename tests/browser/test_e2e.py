"""End to end in headless Chromium: `streamlit run` on a free localhost port, every page opened
through Playwright, no error element, a rendered chart, Japanese text, a CSV downloaded through
the UI, presenter mode and filters in the URL.

Skips where Chromium is absent, except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pandas as pd
import pytest

from kenpo import presenter
from tests.browser.filters import choose, chosen
from tests.serve import dashboard, require_chromium, wait_for_page

pytestmark = pytest.mark.browser

require_chromium()


PAGES = [
    ("home", "", 0, "概要"),
    ("insurers", "insurers", 1, "保険者"),
    ("declarations", "declarations?declaration=宣言5", 2, "日本健康会議"),
    ("national", "national?view=KPI", 1, "全国"),
    ("branch_monthly", "branch_monthly?branch=群馬&metric=郵送化率&basis=単月", 1, "支部 月次"),
    ("branch_vs_national", "branch_vs_national?branch=三重&metric=特定保健指導実施率（被保険者）", 1, "支部 vs 全国"),
    ("data", "data?source=003_9fe123e5a1b14397.txt", 0, "データ"),
    ("reconciliation", "reconciliation?source=令和5年度 事業報告書（案）概要版", 1, "検算"),
]


def test_every_registered_page_is_opened_here():
    """PAGES names a view of each page (with what it must show): a page added to the navigation
    without a view here fails this test instead of going untested in the browser."""
    from kenpo.navigation import slugs

    assert {name for name, *_ in PAGES} == set(slugs())


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True, locale="ja-JP")
    p = context.new_page()
    yield p
    context.close()


def _errors(page) -> list[str]:
    return page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all_inner_texts()


@pytest.mark.parametrize("name,path,charts,title", PAGES, ids=[p[0] for p in PAGES])
def test_page_opens_with_chart_and_no_error(server, page, name, path, charts, title):
    page.goto(f"{server}/{path}")
    wait_for_page(page, charts=charts)
    assert not _errors(page)
    assert page.locator("h1").first.inner_text().strip() == title
    if charts:
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        box = chart.bounding_box()
        assert box and box["width"] > 600 and box["height"] > 150, box
    # the sidebar menu is ours (Japanese titles), also on a deep link opened in a fresh browser
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "支部 vs 全国" in sidebar and "branch_vs_national" not in sidebar
    # Japanese glyphs are available to the browser (fonts-noto-cjk), not tofu
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans CJK JP\"', '全国')")


def test_csv_download_through_the_ui(server, page):
    page.goto(f"{server}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月&years=2024")
    wait_for_page(page, charts=1)
    with page.expect_download() as info:
        page.get_by_role("button", name="CSVをダウンロード（Excel用・15行）").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv") and "群馬" in unquote(download.suggested_filename)
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert len(frame) == 15  # 12 months, then the year's printed 実績, 目標 and 順位
    assert list(frame.columns[:5]) == ["行の種類", "年度", "年度表示", "月", "月順"] and "出典" in frame.columns
    assert frame.loc[frame["月"] == 4, "値"].iloc[0] == 93.5  # 002: 郵送化率 令和6年度 4月 93.5%
    assert frame.loc[(frame["行の種類"] == "年度") & (frame["種別"] == "目標"), "値"].tolist() == [95.0]


def test_chart_image_downloads_through_the_ui(server, page):
    """The buttons under a chart give it as a slide image, rendered on the server when clicked: a
    PNG 2400 px wide named 支部_指標_年度 with its top 8 px blank (the title is not clipped, as in
    the chart toolbar's PNG), and an SVG with the title and the 出典 line as text."""
    from PIL import Image

    page.goto(f"{server}/branch_monthly?branch=群馬&metric=保険証回収率")
    wait_for_page(page, charts=1)
    with page.expect_download() as info:
        page.get_by_role("button", name="図をPNGで保存").click()
    download = info.value
    assert unquote(download.suggested_filename) == "群馬_保険証回収率_令和5-6年度.png"
    image = Image.open(download.path()).convert("RGB")
    assert image.width == 2400 and image.height > 600
    assert image.crop((0, 0, image.width, 8)).getcolors() == [(image.width * 8, (255, 255, 255))]
    with page.expect_download() as info:
        page.get_by_role("button", name="図をSVGで保存").click()
    download = info.value
    assert unquote(download.suggested_filename) == "群馬_保険証回収率_令和5-6年度.svg"
    svg = Path(download.path()).read_text(encoding="utf-8")
    assert ">群馬 保険証回収率（累計）</text>" in svg and ">出典: 群馬支部 令和6年度 事業計画 実施状況" in svg
    assert not _errors(page)


def test_workbook_download_through_the_ui(server, page):
    """The .xlsx button beside the CSVs gives a workbook named with the filters: typed cells and
    the 出典 sheet."""
    from openpyxl import load_workbook

    page.goto(f"{server}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月&years=2024")
    wait_for_page(page, charts=1)
    with page.expect_download() as info:
        page.get_by_role("button", name="Excelブック（.xlsx）").click()
    download = info.value
    assert unquote(download.suggested_filename) == "支部月次_群馬_郵送化率_単月_2024.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = [[c.value for c in r] for r in book["データ"].iter_rows()]
    at = {name: i for i, name in enumerate(rows[0])}
    april = next(r for r in rows[1:] if r[at["月"]] == 4)
    assert (april[at["年度"]], april[at["値"]], april[at["単位"]]) == (2024, 93.5, "%")  # 002: 令和6年度 4月 93.5%
    assert book["出典"]["A2"].value == "群馬支部 令和6年度 事業計画 実施状況"


def test_filter_change_is_written_to_the_url(server, page):
    page.goto(f"{server}/national?view=推移&metric=加入者数")
    wait_for_page(page, charts=1)
    choose(page, "指標", "被保険者数")
    page.wait_for_function("() => decodeURIComponent(location.search).includes('metric=被保険者数')", timeout=20000)
    wait_for_page(page, charts=1)
    params = parse_qs(urlparse(page.url).query)
    # bound filters write the option as shown; a choice at its default (表示 推移) is left out
    assert params["metric"] == ["被保険者数"] and params.get("view", ["推移"]) == ["推移"]
    # the copied address reproduces the view
    page.goto(page.url)
    wait_for_page(page, charts=1)
    assert chosen(page, "指標") == ["被保険者数"]
    assert not _errors(page)


def test_presenter_mode_hides_sidebar_and_controls(server, page):
    page.goto(f"{server}/branch_vs_national?branch=三重&metric=特定保健指導実施率（被保険者）&present=1")
    wait_for_page(page, charts=1)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    assert page.locator('[data-testid="stDownloadButton"]').count() == 0
    assert page.get_by_text("出典:").count() >= 1
    assert page.get_by_text("通常表示に戻る").is_visible()
    assert not _errors(page)


def test_deep_link_on_a_freshly_started_server_gets_the_layout_and_title(store_path, browser):
    """The first request a new server gets is a shared deep link: Streamlit then runs the page file
    without app.py (its pages/ compatibility), and the page must still be wide and titled."""
    with dashboard(store_path) as (url, proc):
        context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP")
        page = context.new_page()
        page.goto(f"{url}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月")
        wait_for_page(page, charts=1)
        assert page.title() == "支部 月次｜kenpo"
        box = page.locator('[data-testid="stVegaLiteChart"]').first.bounding_box()
        assert box and box["width"] > 760, box  # wide layout (~820 px); the centred one leaves ~700 px
        assert not _errors(page)
        context.close()


def test_leaving_presenter_mode_drops_it_from_the_address(server, page):
    """Toggle 発表モード on, leave it with 「通常表示に戻る」: the address no longer says present=true,
    so copying it reproduces the normal view."""
    page.goto(f"{server}/branch_monthly?branch=群馬&metric=保険証回収率&basis=累計")
    wait_for_page(page, charts=1)
    page.locator('[data-testid="stSidebar"]').get_by_text("発表モード").click()
    page.wait_for_function("() => location.search.includes('present=true')", timeout=20000)
    page.get_by_text("通常表示に戻る").click()
    page.wait_for_function("() => !location.search.includes('present=true')", timeout=20000)
    wait_for_page(page, charts=1)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    # the choices are the defaults, which the address leaves out: opened again, it is the same view
    page.goto(page.url)
    wait_for_page(page, charts=1)
    assert chosen(page, "指標") == ["保険証回収率"] and "present" not in page.url


def test_presenter_css_names_elements_streamlit_draws(server, page):
    """Presenter mode hides Streamlit's sidebar, header and toolbars by their data-testid (no
    public switch does it): every data-testid the CSS names must be an element Streamlit draws,
    on a page with cards and on one with a chart and its toolbar (shown on hover)."""
    named = set(re.findall(r'data-testid="(\w+)"', presenter._PRESENTER_CSS + presenter._BASE_CSS))
    drawn: set[str] = set()
    for path in ("/", "/national"):
        page.goto(f"{server}{path}")
        wait_for_page(page)
        if path == "/national":
            page.locator('[data-testid="stVegaLiteChart"]').first.hover()
            page.locator('[data-testid="stElementToolbar"]').first.wait_for(state="attached", timeout=10000)
        drawn |= set(page.evaluate("() => [...document.querySelectorAll('[data-testid]')].map(e => e.dataset.testid)"))
    missing = sorted(named - drawn)
    assert not missing, f"Streamlit no longer draws data-testid {missing}: kenpo/presenter.py's CSS must follow it"


def test_table_toolbar_offers_no_csv_download(server, page):
    """The table's own toolbar would export text cells raw (=HYPERLINK(...) and the like, which
    Excel runs as formulas): only the page's download buttons, which neutralise them, export."""
    page.goto(f"{server}/data?source=003_9fe123e5a1b14397.txt")
    wait_for_page(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').filter(has=page.get_by_role("button", name="Search"))
    toolbar.get_by_role("button", name="Search").wait_for(state="visible", timeout=10000)
    assert toolbar.get_by_role("button", name="Fullscreen").count() == 1  # the toolbar is there
    assert toolbar.get_by_role("button", name="Download as CSV").count() == 0
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    assert page.get_by_role("button", name="CSVをダウンロード（Excel用・350行）").count() == 1
    # nor the table view of a chart (its toolbar's "Show data")
    page.goto(f"{server}/national?view=推移&metric=加入者数")
    wait_for_page(page, charts=1)
    page.locator('[data-testid="stVegaLiteChart"]').first.hover()
    page.get_by_role("button", name="Show data").first.click()
    page.locator('[data-testid="stDataFrame"]').first.hover()
    page.get_by_role("button", name="Search").first.wait_for(state="visible", timeout=10000)
    assert page.get_by_role("button", name="Download as CSV").count() == 0


def test_every_page_complete_with_the_network_restricted_to_the_dashboard(server, browser):
    """An office network without internet access: every request a page makes goes to the
    dashboard itself (no icon or font from a CDN), none fails, and every page draws its charts or
    cards. Requests elsewhere are recorded and aborted."""
    own = urlparse(server).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP")
    requested: list[str] = []
    elsewhere: list[str] = []
    failed: list[tuple[str, str | None]] = []

    def only_the_dashboard(route):
        url = route.request.url
        if urlparse(url).netloc == own:
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    context.route("**/*", only_the_dashboard)
    context.on("request", lambda request: requested.append(request.url))
    context.on("requestfailed", lambda request: failed.append((request.url, request.failure)))
    page = context.new_page()
    for name, path, charts, title in PAGES:
        page.goto(f"{server}/{path}")
        wait_for_page(page, charts=charts)
        assert page.locator("h1").first.inner_text().strip() == title, name
        if name == "home":
            assert page.locator('[data-testid="stMetric"]').count() >= 8
        if name == "data":
            page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(state="attached", timeout=10000)
        assert not _errors(page), name
        # the favicon is the dashboard's own, inline (no request at all)
        icon = page.locator('link[rel="shortcut icon"], link[rel="icon"]').first.get_attribute("href")
        assert icon and icon.startswith("data:image/svg+xml"), (name, icon and icon[:80])
    page.wait_for_timeout(500)
    context.close()
    assert requested and not elsewhere, sorted(set(elsewhere))
    outside = [u for u in requested if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != own]
    assert not outside, sorted(set(outside))
    assert not failed, failed


@pytest.mark.parametrize(
    "path,title,address",
    [
        ("pages/data.py?source=003_9fe123e5a1b14397.txt", "データ", "/data"),
        ("pages/home.py", "概要", "/"),
        ("pages/nothing.py", "概要", "/"),  # no such page: Streamlit's unknown page, the home page
    ],
    ids=["data", "home", "unknown"],
)
def test_a_page_file_address_opens_the_page(server, page, path, title, address):
    """/pages/data.py, a page's file as an address (the pages/ folder is in the repository), used
    to draw a blank page: the index page's scripts are linked relative to the address."""
    page.goto(f"{server}/{path}")
    wait_for_page(page, charts=0)
    assert page.locator("h1").first.inner_text().strip() == title
    assert urlparse(page.url).path == address
    if title == "データ":  # an address written with the file name: the document, named by its short title
        assert chosen(page, "資料") == ["令和5年度 事業報告書（案）概要版"]
        # Streamlit drops the old form from the address; the filter writes the title when next changed
        assert parse_qs(urlparse(page.url).query).get("source") in (None, ["令和5年度 事業報告書（案）概要版"])
        assert page.get_by_text("350件").count() >= 1
    assert not _errors(page)


def test_an_address_written_before_the_binding_still_opens_its_view(server, page):
    """Addresses shared before the filters were bound (?years=2023, ?present=1) open the same view
    without a notice. (Streamlit drops the old form from the address; the filter writes its bound
    form again when it is next changed.)"""
    page.goto(f"{server}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月&years=2023")
    wait_for_page(page, charts=1)
    assert chosen(page, "年度") == ["令和5年度"]
    assert not page.locator('[data-testid="stAlert"]').filter(has_text="URLの").count()
    page.goto(f"{server}/national?present=1")
    wait_for_page(page, charts=1)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.get_by_text("通常表示に戻る").is_visible()
