"""The sign-in gate's logic (kenpo.signin) without a browser: the allow-list, the settings and how
they fail closed, the media grant and its guard, and the gate in AppTest runs (AppTest's public
``secrets`` and ``user`` stand for secrets.toml and st.user). The browser tests against a real
OpenID Connect provider are in tests/browser/test_signin.py."""

from __future__ import annotations

import asyncio

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from kenpo import signin
from kenpo.navigation import slugs
from kenpo.paths import ROOT

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "unit-test-cookie-secret",
    "client_id": "kenpo",
    "client_secret": "secret",
    "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
}
SIGNIN = {"allowed_domains": ["Kenpo.Example"], "allowed_emails": ["guest@partner.example"], "contact": "本部 企画G"}
CONFIG = signin.Settings(
    required=True, domains=frozenset({"kenpo.example"}), emails=frozenset({"guest@partner.example"})
)


@pytest.mark.parametrize(
    "claims,expected",
    [
        ({"email": "planner@kenpo.example"}, True),
        ({"email": "Planner@KENPO.example"}, True),  # case does not matter
        ({"email": "guest@partner.example"}, True),  # listed by address
        ({"email": "other@partner.example"}, False),  # its domain is not listed
        ({"email": "planner@sub.kenpo.example"}, False),  # a subdomain is not the domain
        ({"email": "planner@kenpo.example.evil"}, False),
        ({"email": "kenpo.example"}, False),  # no address
        ({"email": ""}, False),
        ({}, False),
        ({"email": "planner@kenpo.example", "email_verified": False}, False),  # the provider says unverified
        ({"email": "planner@kenpo.example", "email_verified": True}, True),
    ],
)
def test_allow_list(claims, expected):
    assert signin.allowed(claims, CONFIG) is expected


def test_an_empty_allow_list_refuses_everyone():
    assert not signin.allowed({"email": "planner@kenpo.example"}, signin.Settings(required=True))


class _NoSecrets:
    """st.secrets when there is no secrets file (Streamlit raises a FileNotFoundError)."""

    def get(self, key, default=None):
        raise FileNotFoundError("No secrets found")


@pytest.fixture
def secrets(monkeypatch):
    def use(value, *, files_exist: bool = False, require: bool = False):
        monkeypatch.setattr(streamlit, "secrets", _NoSecrets() if value is None else value)
        monkeypatch.setattr(signin, "_secrets_files_exist", lambda: files_exist)
        if require:
            monkeypatch.setenv(signin.REQUIRE_ENV, "1")
        else:
            monkeypatch.delenv(signin.REQUIRE_ENV, raising=False)
        return signin.settings()

    return use


def test_settings_off_without_secrets(secrets):
    assert secrets(None) == signin.OFF
    assert secrets({"other": {"x": 1}}) == signin.OFF


def test_settings_on_with_auth(secrets):
    config = secrets({"auth": AUTH, "signin": SIGNIN})
    assert config.required and config.problem is None
    assert config.domains == {"kenpo.example"} and config.emails == {"guest@partner.example"}
    assert config.contact == "本部 企画G"
    assert secrets({"auth": AUTH}).contact == signin.DEFAULT_CONTACT


@pytest.mark.parametrize(
    "value,files_exist,require",
    [
        (None, True, False),  # a secrets file that Streamlit cannot read
        (None, False, True),  # KENPO_REQUIRE_SIGNIN without any secrets
        ({"other": 1}, False, True),  # KENPO_REQUIRE_SIGNIN without [auth]
        ({"signin": SIGNIN}, False, False),  # an allow-list without [auth]
        ({"auth": AUTH, "signin": {"allowed_domains": [1, 2]}}, False, False),  # not a list of text
    ],
    ids=["unreadable", "required-no-secrets", "required-no-auth", "signin-without-auth", "malformed-list"],
)
def test_settings_fail_closed(secrets, value, files_exist, require):
    config = secrets(value, files_exist=files_exist, require=require)
    assert config.required and config.problem


def test_grant():
    key = b"k" * 32
    value = signin.grant(2_000_000_000, key)
    assert signin.grant_valid(value, key, now=1_999_999_999)
    assert not signin.grant_valid(value, key, now=2_000_000_001)  # expired
    assert not signin.grant_valid(value, b"x" * 32, now=0)  # another secret
    assert not signin.grant_valid(value, None, now=0)
    assert not signin.grant_valid("3000000000." + value.split(".")[1], key, now=0)  # expiry changed
    assert not signin.grant_valid("", key, now=0)


def _fetch(guard, path: str, cookie: str | None) -> int:
    sent = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    headers = [(b"cookie", cookie.encode())] if cookie else []
    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    asyncio.run(signin.MediaGuard(app, base_url_path="")(scope, receive, send))
    return sent[0]["status"]


def test_media_guard(monkeypatch):
    key = b"k" * 32
    good = f"{signin.GRANT_COOKIE}={signin.grant(4_000_000_000, key)}"
    monkeypatch.setattr(signin, "_grant_key", lambda: key)
    monkeypatch.setattr(signin, "settings", lambda: signin.Settings(required=True))
    assert _fetch(None, "/media/abc.csv", None) == 403
    assert _fetch(None, "/media/abc.csv", f"{signin.GRANT_COOKIE}=1.deadbeef") == 403
    assert _fetch(None, "/media/abc.csv", "other=1; " + good) == 200
    assert _fetch(None, "/branch_monthly", None) == 200  # pages themselves go on to Streamlit (and the gate)
    monkeypatch.setattr(signin, "settings", lambda: signin.OFF)
    assert _fetch(None, "/media/abc.csv", None) == 200  # sign-in off: nothing changes


# --- the gate in AppTest runs --------------------------------------------------------------------


def _session(slug: str, user: dict, *, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets.update(secrets if secrets is not None else {"auth": AUTH, "signin": SIGNIN})
    at.user = user
    if slug != "home":
        at.switch_page(f"pages/{slug}.py")
    return at.run()


def _title(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("# ")).split("\n", 1)[0][2:]


def _figures(at: AppTest) -> int:
    return sum(len(at.get(kind)) for kind in ("vega_lite_chart", "arrow_data_frame", "metric", "download_button"))


@pytest.mark.parametrize("slug", slugs())
def test_gate_signed_out_every_page(store_path, monkeypatch, slug):
    monkeypatch.setenv("KENPO_DB", str(store_path))
    at = _session(slug, {"is_logged_in": False})
    assert not at.exception
    assert _title(at) == "kenpo ダッシュボード"
    assert [b.label for b in at.button] == ["サインイン"]
    assert _figures(at) == 0 and not at.sidebar.markdown


def test_gate_refuses_an_address_not_allowed(store_path, monkeypatch):
    monkeypatch.setenv("KENPO_DB", str(store_path))
    at = _session("data", {"is_logged_in": True, "email": "someone@other.example"})
    assert _title(at) == "閲覧が許可されていません"
    text = " ".join(m.value for m in at.markdown).replace("\u2060", "").replace("\\", "")
    assert "someone@other.example" in text and "本部 企画G" in text
    assert [b.label for b in at.button] == ["サインアウト"]
    assert _figures(at) == 0


def test_gate_lets_an_allowed_address_in(store_path, monkeypatch):
    monkeypatch.setenv("KENPO_DB", str(store_path))
    at = _session("home", {"is_logged_in": True, "email": "planner@kenpo.example"})
    assert not at.exception
    assert _title(at) == "概要" and len(at.metric) >= 4
    account = " ".join(c.value for c in at.sidebar.caption).replace("\u2060", "").replace("\\", "")
    assert "planner@kenpo.example" in account
    assert "サインアウト" in [b.label for b in at.sidebar.button]


def test_gate_off_without_auth(store_path, monkeypatch):
    monkeypatch.setenv("KENPO_DB", str(store_path))
    at = _session("home", {"email": "test@example.com"}, secrets={"unrelated": "x"})
    assert _title(at) == "概要" and len(at.metric) >= 4
    assert "サインアウト" not in [b.label for b in at.button]
