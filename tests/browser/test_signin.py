"""Sign-in end to end in headless Chromium, against a real OpenID Connect provider started here
(oidc-provider-mock on a free loopback port) and the dashboard (server.py) with a secrets.toml that
points at it: an allowed address gets in and sees figures, another gets the Japanese refusal and no
figure, サインアウト leads back to the sign-in page, no page address (with its parameters), no deep
link and no download gives a figure before sign-in, and with no secrets nothing changes.

The provider's own form (its 「Authorize」 button and a field for the subject) stands for the
organisation's sign-in page; the subject typed there is the address it vouches for (kenpo.signin).
"""

from __future__ import annotations

import re
import textwrap
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from kenpo.deck import Deck, Entry
from kenpo.navigation import slugs
from kenpo.paths import ROOT
from tests.serve import dashboard, free_port, require_chromium, wait_for_page

pytestmark = [
    pytest.mark.browser,
    # oidc-provider-mock 0.3.4 (the last for Python 3.11) uses Authlib APIs Authlib now deprecates
    pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning"),
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]

require_chromium()

ALLOWED_DOMAIN = "kenpo.example"
ALLOWED = "planner@kenpo.example"
ALSO_ALLOWED = "guest@partner.example"  # allowed by address, not by domain
REFUSED = "someone@other.example"
CONTACT = "本部 企画グループ（内線 0000）"

# Elements that carry figures: charts, tables, metric cards, downloads.
FIGURE_ELEMENTS = (
    '[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"], [data-testid="stTable"], '
    '[data-testid="stMetric"], [data-testid="stDownloadButton"]'
)
# Text that only a page with data shows (labels and figures of the store); never in an address
# below, so an echo of the address cannot match.
FIGURE_TEXTS = ("加入者数", "郵送化率", "特定保健指導", "39,559", "出典", "宣言2020")
DECK = Deck((Entry.of("branch_monthly", {"branch": "群馬", "metric": "保険証回収率"}, "群馬の回収率"),)).code()
# Every page (as st.navigation names it, and as the pages/ folder does), and deep links with their
# parameters (filters, search, presenter mode, a deck).
PAGE_ADDRESSES = [f"/{'' if slug == 'home' else slug}" for slug in slugs()]
DEEP_LINKS = [
    *PAGE_ADDRESSES,
    *sorted({f"/{p.stem}" for p in (ROOT / "pages").glob("*.py")} - set(PAGE_ADDRESSES)),
    "/branch_monthly?branch=群馬&metric=保険証回収率&basis=累計",
    "/branch_vs_national?branch=三重",
    "/national?view=KPI&present=true",
    "/data?q=カバー率",
    "/data?source=003_9fe123e5a1b14397.txt&year=2023",
    "/declarations?declaration=宣言5",
    "/insurers?present=1",
    f"/branch_monthly?present=true&deck={DECK}&step=1",  # a meeting deck's address
    "/pages/data.py?q=KPI",
]


@pytest.fixture(scope="module")
def idp():
    """A real OpenID Connect provider on a free loopback port (any client id and secret)."""
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


def write_secrets(path: Path, port: int, idp: str) -> Path:
    """A secrets.toml for a dashboard on ``port`` signing in through ``idp``: @kenpo.example and one
    more address (written in capitals) allowed."""
    signin = (
        f'allowed_domains = ["{ALLOWED_DOMAIN}"]\nallowed_emails = ["{ALSO_ALLOWED.upper()}"]\ncontact = "{CONTACT}"'
    )
    path.write_text(
        textwrap.dedent(f"""\
            [auth]
            redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
            cookie_secret = "kenpo-test-cookie-secret-0123456789abcdef"
            client_id = "kenpo-test"
            client_secret = "kenpo-test-secret"
            server_metadata_url = "{idp}/.well-known/openid-configuration"

            [signin]
            """)
        + signin
        + "\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def signed_server(store_path, idp, tmp_path_factory):
    """The dashboard with sign-in on: [auth] pointing at the test provider, [signin] allowing
    @kenpo.example and one more address."""
    port = free_port()
    secrets = write_secrets(tmp_path_factory.mktemp("secrets") / "secrets.toml", port, idp)
    with dashboard(store_path, port=port, secrets=secrets) as (url, _):
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True, locale="ja-JP")
    yield context
    context.close()


def app_text(page, where: str = '[data-testid="stApp"]') -> str:
    """The text drawn, as read (without the word joiner that keeps an address from being a link)."""
    return page.locator(where).inner_text().replace("\u2060", "")


def assert_no_figures(page, where: str) -> None:
    assert page.locator(FIGURE_ELEMENTS).count() == 0, f"{where}: a chart, table, card or download is shown"
    text = app_text(page)
    shown = [t for t in FIGURE_TEXTS if t in text]
    assert not shown, f"{where}: {shown} on the page"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.count() == 0 or "支部 月次" not in sidebar.inner_text(), f"{where}: the page menu is shown"


def assert_signin_page(page, where: str) -> None:
    wait_for_page(page)
    assert page.locator("h1").first.inner_text().strip() == "kenpo ダッシュボード", where
    assert "サインインした方だけが見られます" in app_text(page), where
    assert page.get_by_role("button", name="サインイン").count() == 1, where
    assert_no_figures(page, where)


def sign_in(page, base: str, address: str, *, arrive: re.Pattern | None = None) -> None:
    """On the sign-in page: 「サインイン」, then the provider's form vouches for ``address``; back on
    the dashboard at ``arrive`` (by default the home page, where Streamlit returns; a deep link
    opened before sign-in is opened from there)."""
    page.get_by_role("button", name="サインイン").click()
    page.wait_for_url(re.compile(r"^http://localhost:\d+/oauth2/authorize\?"), timeout=30000)
    page.fill('input[name="sub"]', address)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(arrive or home(base), timeout=30000)
    wait_for_page(page)


def home(base: str) -> re.Pattern:
    """The dashboard's home address (Streamlit's callback and sign-out return there)."""
    return re.compile("^" + re.escape(base) + r"/(\?.*)?$")


def test_allowed_address_gets_in_and_sees_figures(signed_server, context):
    page = context.new_page()
    page.goto(f"{signed_server}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月")
    assert_signin_page(page, "deep link before sign-in")
    # Streamlit's sign-in returns to the home page; the deep link opened before it is opened then
    sign_in(page, signed_server, ALLOWED, arrive=re.compile(r"/branch_monthly\?"))
    wait_for_page(page, charts=1)
    assert page.locator("h1").first.inner_text().strip() == "支部 月次"
    assert "metric=郵送化率" in unquote(page.url)  # a choice at its default is left out of the address
    assert "郵送化率" in app_text(page) and page.locator('[data-testid="stVegaLiteChart"]').count() >= 1
    sidebar = app_text(page, '[data-testid="stSidebar"]')
    assert ALLOWED in sidebar and "サインアウト" in sidebar and "支部 月次" in sidebar
    # ... once: the home page opened afterwards is the home page
    page.goto(signed_server)
    wait_for_page(page)
    assert page.locator("h1").first.inner_text().strip() == "概要"
    assert page.locator('[data-testid="stMetric"]').count() >= 4
    assert not [c for c in context.cookies() if c["name"] == "kenpo_after_signin" and c["value"]]
    # presenter mode shows no address (the sidebar is left out, not merely hidden)
    page.goto(f"{signed_server}/branch_monthly?branch=群馬&present=true")
    wait_for_page(page, charts=1)
    assert ALLOWED not in page.content().replace("\u2060", "")


def test_address_allowed_by_name_gets_in(signed_server, context):
    """allowed_emails is compared without case (the secrets list it in capitals)."""
    page = context.new_page()
    page.goto(f"{signed_server}/insurers")
    assert_signin_page(page, "/insurers")
    sign_in(page, signed_server, ALSO_ALLOWED, arrive=re.compile(r"/insurers$"))  # the page opened before
    wait_for_page(page, charts=1)
    assert page.locator("h1").first.inner_text().strip() == "保険者"
    assert ALSO_ALLOWED in app_text(page, '[data-testid="stSidebar"]')


def test_refused_address_gets_japanese_refusal_and_no_figures(signed_server, context):
    page = context.new_page()
    page.goto(f"{signed_server}/data?q=カバー率")
    assert_signin_page(page, "/data before sign-in")
    sign_in(page, signed_server, REFUSED)
    assert page.locator("h1").first.inner_text().strip() == "閲覧が許可されていません"
    text = app_text(page)
    assert REFUSED in text and "このアドレスには、このダッシュボードの閲覧が許可されていません" in text
    assert CONTACT in text
    assert page.get_by_role("button", name="サインアウト").count() == 1
    assert_no_figures(page, "refusal")
    # signed in but not allowed: every page and deep link gives the refusal
    for link in DEEP_LINKS:
        page.goto(signed_server + link)
        wait_for_page(page)
        assert page.locator("h1").first.inner_text().strip() == "閲覧が許可されていません", link
        assert_no_figures(page, f"{link} (refused address)")


def test_sign_out_leads_back_to_the_sign_in_page(signed_server, context):
    page = context.new_page()
    page.goto(signed_server)
    assert_signin_page(page, "/")
    sign_in(page, signed_server, ALLOWED)
    assert page.locator('[data-testid="stMetric"]').count() >= 4
    assert [c for c in context.cookies() if c["name"] == "kenpo_media_grant" and c["value"]]  # downloads allowed
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="サインアウト").click()
    # Streamlit clears its cookie and sends the browser to the provider's end of session (the
    # provider's metadata names one), whose form leads back to the dashboard
    page.wait_for_url(re.compile(r"^http://localhost:\d+/oauth2/end_session\?"), timeout=30000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(home(signed_server), timeout=30000)
    assert_signin_page(page, "after サインアウト")
    assert not [c for c in context.cookies() if c["name"].startswith("_streamlit_user")]
    assert not [c for c in context.cookies() if c["name"] == "kenpo_media_grant" and c["value"]]
    page.goto(f"{signed_server}/branch_monthly?branch=群馬")
    assert_signin_page(page, "deep link after サインアウト")


def test_no_page_deep_link_or_download_gives_figures_before_sign_in(store_path, idp, browser, tmp_path):
    """A dashboard started for this test (its first request is a deep link, which Streamlit can run
    without app.py): every page address with parameters, read by an unsigned browser, gives the
    sign-in page only, in what is drawn and in what the server sends over the websocket; a download
    address made in a signed-in browser gives nothing to an unsigned one; /pages/<file> only
    redirects."""
    port = free_port()
    secrets = write_secrets(tmp_path / "secrets.toml", port, idp)
    with dashboard(store_path, port=port, secrets=secrets) as (base, _):
        unsigned = browser.new_context(locale="ja-JP")
        frames: list[bytes] = []

        def watch(ws) -> None:
            ws.on(
                "framereceived",
                lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode()),
            )

        try:
            page = unsigned.new_page()
            page.on("websocket", watch)
            for link in DEEP_LINKS:
                page.goto(base + link)
                assert_signin_page(page, link)
            received = b"".join(frames)
            assert received, "no websocket frame was captured"
            leaked = [t for t in FIGURE_TEXTS if t.encode() in received]
            assert not leaked, f"the server sent {leaked} to an unsigned browser"

            # the page addresses themselves, without a browser: Streamlit's index page, no figure;
            # nor Streamlit's own endpoints
            for link in [*DEEP_LINKS, "/_stcore/health", "/_stcore/host-config", "/_stcore/metrics"]:
                with urllib.request.urlopen(base + quote(link, safe="/?=&"), timeout=10) as response:
                    body = response.read().decode("utf-8", errors="replace")
                assert not [t for t in FIGURE_TEXTS if t in body], link
            # no static file serving (server.enableStaticServing stays off): Streamlit's index page
            static = unsigned.request.get(f"{base}/app/static/kenpo.duckdb")
            assert static.headers["content-type"].startswith("text/html"), static.headers
            assert "<html" in static.text() and not [t for t in FIGURE_TEXTS if t in static.text()]

            # a download made by an allowed, signed-in browser ...
            signed = browser.new_context(locale="ja-JP", accept_downloads=True)
            try:
                page2 = signed.new_page()
                page2.goto(f"{base}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月&years=2024")
                assert_signin_page(page2, "before the download")
                sign_in(page2, base, ALLOWED, arrive=re.compile(r"/branch_monthly\?"))
                page2.goto(f"{base}/branch_monthly?branch=群馬&metric=郵送化率&basis=単月&years=2024")
                wait_for_page(page2, charts=1)
                with page2.expect_download() as info:
                    page2.get_by_role("button", name="CSVをダウンロード（Excel用・15行）").click()
                download = info.value
                media_url = download.url
                assert "/media/" in media_url, media_url
                assert "郵送化率" in Path(download.path()).read_text(encoding="utf-8-sig")
                # ... is not given to an unsigned browser that has its address
                response = unsigned.request.get(media_url)
                assert response.status in (401, 403, 404), (response.status, media_url)
                assert "郵送化率" not in response.text()
            finally:
                signed.close()
        finally:
            unsigned.close()


def test_sign_in_off_changes_nothing(server, context):
    """No secrets (a planner's own machine, and every other browser test): no sign-in page, no
    address nor サインアウト in the sidebar, the figures at once."""
    page = context.new_page()
    page.goto(f"{server}/branch_monthly?branch=群馬")
    wait_for_page(page, charts=1)
    assert page.locator("h1").first.inner_text().strip() == "支部 月次"
    assert page.get_by_role("button", name="サインイン").count() == 0
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "サインアウト" not in sidebar and "支部 月次" in sidebar
    assert page.locator('[class*="st-key-account"]').count() == 0


def test_sign_in_pages_pass_axe(signed_server, browser):
    """The sign-in page, the refusal and a page with the signed-in address in the sidebar: no
    serious or critical axe-core violation (as tests/browser/test_accessibility.py checks the
    pages)."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_accessibility import blocking_violations
    from tests.serve import wait_until_drawn

    axe = Axe()
    found = {}
    for address, views in ((REFUSED, ("sign-in page", "refusal")), (ALLOWED, (None, "signed in"))):
        context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="ja-JP")
        try:
            page = context.new_page()
            page.goto(signed_server)
            wait_until_drawn(page)
            if views[0]:
                found[views[0]] = blocking_violations(axe.run(page).response)
            sign_in(page, signed_server, address)
            wait_until_drawn(page)
            found[views[1]] = blocking_violations(axe.run(page).response)
        finally:
            context.close()
    assert not any(found.values()), found
