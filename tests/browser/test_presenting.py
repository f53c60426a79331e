"""Presenting in headless Chromium: a three-view deck stepped through with the keyboard, the deck
saved to a file and loaded again, a deck naming a metric the data no longer has, the page's
filters changed from presenter mode's 「表示を変更」, and every chart fitted to the window.

Skips where Chromium is absent, except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from kenpo.deck import Deck, Entry, from_code, from_json
from kenpo.navigation import slugs
from tests.serve import require_chromium

pytestmark = pytest.mark.browser

require_chromium()

CHART = '[data-testid="stVegaLiteChart"] .marks'
PRESENTER_BUTTONS = {"前へ", "次へ", "表示を変更", "通常表示に戻る"}


def deck_of_three(missing_metric: bool = False) -> Deck:
    views = [
        ("national", {"view": "推移", "metric": "加入者数"}, "全国の加入者数"),
        (
            "branch_monthly",
            {"branch": "群馬", "metric": "もう無い指標" if missing_metric else "保険証回収率", "basis": "累計"},
            "群馬 保険証回収率の累計",
        ),
        ("branch_vs_national", {"branch": "群馬", "view": "KPI一覧"}, "群馬のKPI一覧"),
    ]
    deck = Deck()
    for page, params, heading in views:
        deck = deck.add(Entry.of(page, params, heading))
    return deck


def start_address(server: str, deck: Deck) -> str:
    first = deck.entries[0]
    query = urlencode({**first.query(), "present": "true", "deck": deck.code(), "step": "1"}, doseq=True)
    return f"{server}/{first.page}?{query}"


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True, locale="ja-JP")
    p = context.new_page()
    yield p
    context.close()


def errors(tab) -> list[str]:
    return tab.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all_inner_texts()


def other_controls(tab) -> list[str]:
    """Visible buttons and inputs other than the presenter's (a button's text also holds its icon's
    name and its key hint: matched by the Japanese label it contains)."""
    others = []
    for b in tab.locator("button, input, select, textarea, [role=radiogroup]").all():
        if b.is_visible() and not any(name in b.inner_text() for name in PRESENTER_BUTTONS):
            others.append(b.inner_text() or b.evaluate("e => e.outerHTML.slice(0, 80)"))
    return others


def wait_for_step(tab, step: int, of: int) -> None:
    tab.wait_for_function(
        "(want) => [...document.querySelectorAll('p, strong')].some(e => e.innerText.trim() === want)",
        arg=f"{step} / {of}",
        timeout=30000,
    )
    tab.wait_for_selector(CHART, timeout=30000)
    tab.wait_for_timeout(600)


def check_presenting(tab, heading: str) -> None:
    """The view's heading and chart, nothing but the presenter's controls, every chart within the window."""
    title = tab.locator("h1").first.inner_text().strip()  # the deck's heading, then the page's name in small type
    assert title.split(" ")[0] == heading.split(" ")[0] and title.startswith(heading), title
    assert tab.locator(CHART).first.is_visible()
    assert not tab.locator('[data-testid="stSidebar"]').is_visible()
    assert tab.locator('[data-testid="stDataFrame"]').count() == 0
    assert tab.locator('[data-testid="stDownloadButton"]').count() == 0
    assert not other_controls(tab)
    for box in tab.locator('[data-testid="stVegaLiteChart"]').all():
        b = box.bounding_box()
        assert b["height"] <= 720, f"a chart {b['height']:.0f} px high does not fit the 720 px window"
    first = tab.locator('[data-testid="stVegaLiteChart"]').first.bounding_box()
    assert first["y"] >= 0 and first["y"] + first["height"] <= 720, "the first chart is not whole on screen"
    if tab.locator('[data-testid="stVegaLiteChart"]').count() == 1:  # its 出典 line on screen too
        source = tab.locator('[data-testid="stCaptionContainer"]').filter(has_text="出典").first.bounding_box()
        assert source["y"] + source["height"] <= 720, "the source line under the chart is cut off"
    assert not errors(tab)


def test_a_three_view_deck_steps_with_the_keyboard_in_presenter_mode(server, tab):
    deck = deck_of_three()
    tab.goto(start_address(server, deck), wait_until="commit")
    wait_for_step(tab, 1, 3)
    check_presenting(tab, "全国の加入者数")
    tab.keyboard.press("ArrowRight")
    wait_for_step(tab, 2, 3)
    check_presenting(tab, "群馬 保険証回収率の累計")
    assert "保険証回収率（累計）" in tab.locator(CHART).first.inner_html()  # the view the entry names
    assert "/branch_monthly" in tab.url
    tab.keyboard.press("ArrowRight")
    wait_for_step(tab, 3, 3)
    check_presenting(tab, "群馬のKPI一覧")
    # the KPI matrix is split into parts of at most 10 rows, each its own chart
    assert tab.locator('[data-testid="stVegaLiteChart"]').count() >= 2
    assert "（1/" in tab.locator(CHART).first.inner_html()
    tab.keyboard.press("ArrowLeft")
    wait_for_step(tab, 2, 3)
    check_presenting(tab, "群馬 保険証回収率の累計")
    query = parse_qs(urlparse(tab.url).query)
    assert query["present"] == ["true"] and query["step"] == ["2"] and from_code(query["deck"][0], set(slugs())) == deck


def test_a_deck_naming_a_missing_metric_says_so_and_plays_on(server, tab):
    deck = deck_of_three(missing_metric=True)
    tab.goto(start_address(server, deck), wait_until="commit")
    wait_for_step(tab, 1, 3)
    tab.keyboard.press("ArrowRight")
    wait_for_step(tab, 2, 3)
    notice = tab.locator('[data-testid="stAlert"]').filter(has_text="いまのデータにありません")
    assert notice.count() == 1 and "もう無い指標" in notice.inner_text()
    assert tab.locator(CHART).first.is_visible() and not errors(tab)
    tab.keyboard.press("ArrowRight")
    wait_for_step(tab, 3, 3)
    check_presenting(tab, "群馬のKPI一覧")


def test_a_deck_saved_to_a_file_and_loaded_again_gives_the_same_views(server, tab, tmp_path):
    deck = deck_of_three()
    tab.goto(f"{server}/?deck={deck.code()}", wait_until="commit")
    tab.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary').filter(has_text="発表デッキ").click()
    save = tab.get_by_role("button", name="デッキをファイルに保存")
    save.wait_for(timeout=30000)
    with tab.expect_download() as got:
        save.click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.suffix == ".json" and from_json(saved.read_bytes(), set(slugs())) == deck

    # A fresh browser session: no deck; load the file.
    tab.context.clear_cookies()
    tab.goto(f"{server}/insurers", wait_until="commit")
    tab.wait_for_selector(CHART, timeout=30000)
    tab.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary').filter(has_text="発表デッキ").click()
    tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(saved))
    for entry in deck.entries:
        tab.get_by_text(entry.heading, exact=False).first.wait_for(timeout=30000)
    tab.wait_for_function("() => location.search.includes('deck=')", timeout=30000)
    loaded = from_code(parse_qs(urlparse(tab.url).query)["deck"][0], set(slugs()))
    assert loaded == deck
    tab.get_by_role("button", name="発表を始める").click()
    wait_for_step(tab, 1, 3)
    check_presenting(tab, "全国の加入者数")


def test_filters_change_from_presenter_mode_without_the_sidebar(server, tab):
    tab.goto(f"{server}/branch_monthly?branch=群馬&metric=郵送化率&present=true", wait_until="commit")
    tab.wait_for_selector(CHART, timeout=30000)
    tab.get_by_role("button", name="表示を変更").click()
    tab.locator('[data-testid="stPopoverBody"]').get_by_text("三重", exact=True).click()
    tab.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')].some(e => e.innerHTML.includes('三重'))",
        timeout=30000,
    )
    assert not tab.locator('[data-testid="stSidebar"]').is_visible()
    assert parse_qs(urlparse(tab.url).query)["branch"] == ["三重"]
    assert not errors(tab)


def test_a_deck_heading_from_an_address_is_shown_as_the_very_text(server, tab):
    """A shared deck is text from outside: its heading makes no link, image, HTML or colour."""
    heading = "![x](http://example.invalid/a.png) [here](http://example.invalid) <b>b</b> :red[r] www.example.invalid"
    deck = Deck().add(Entry.of("national", {"view": "推移"}, heading[:60]))
    tab.goto(start_address(server, deck), wait_until="commit")
    wait_for_step(tab, 1, 1)
    h1 = tab.locator("h1").first
    assert h1.inner_text().replace("\u2060", "").startswith(heading[:60].strip())
    # no image, bold or coloured text, and no link but Streamlit's own anchor to the heading
    assert h1.locator("img, b, span[style*='color: rgb(255']").count() == 0
    assert h1.locator("a:not([aria-label='Link to heading'])").count() == 0
