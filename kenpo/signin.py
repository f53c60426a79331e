"""Sign-in for a shared dashboard: OpenID Connect through Streamlit's own st.login / st.user /
st.logout, and an allow-list of e-mail addresses and domains (docs/deploy.md, "Sign-in").

Sign-in is on when the secrets (``.streamlit/secrets.toml``, kept out of the repository) have an
``[auth]`` section, Streamlit's own settings for st.login. kenpo's allow-list stands beside it:

    [signin]
    allowed_domains = ["example.or.jp"]      # every address @example.or.jp
    allowed_emails = ["someone@example.com"]  # and these addresses
    contact = "本部 企画グループ（内線 1234）"    # whom a refused visitor asks (optional)

With no secrets file at all (a planner's own machine), nothing changes: no sign-in page, no
control. Everything else fails closed, showing no figure: a ``[signin]`` section without
``[auth]``, a secrets file that exists but cannot be read, ``KENPO_REQUIRE_SIGNIN=1`` in the
environment without ``[auth]`` (a shared deployment that lost its secrets), an empty allow-list
(every visitor is refused), an address the provider marks unverified.

``gate()`` runs before any page draws anything: app.py calls it before st.navigation, and
kenpo.page.start calls it again (a deep link opened on a freshly started server can run a page file
without app.py: kenpo.streamlit_internals). A visitor who may not see the dashboard gets a page of
its own and the run stops there.

A deep link survives sign-in: Streamlit's sign-in always returns to the home page, so the sign-in
page keeps the address it was opened at in a short-lived cookie (10 minutes) and the home page's
first run after sign-in opens that page with its parameters instead (``resume_deep_link``), once.

Downloads: Streamlit serves a download a user clicks at /media/<id> to whoever has that address,
without looking at the sign-in cookie. With sign-in on, ``MediaGuard`` (server.py) answers /media/
only to a browser holding kenpo's media grant: a cookie an allowed session sets (``grant``: an
expiry signed with a key derived from [auth] cookie_secret) and the sign-in and refusal pages
delete.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, unquote

import streamlit as st

from kenpo import navigation
from kenpo.notices import plain

_LOG = logging.getLogger(__name__)

REQUIRE_ENV = "KENPO_REQUIRE_SIGNIN"
SECTION = "signin"
DEFAULT_CONTACT = "このダッシュボードの管理者"
GRANT_COOKIE = "kenpo_media_grant"
AFTER_COOKIE = "kenpo_after_signin"  # the address opened before signing in (resume_deep_link)
AFTER_SECONDS = 600
GRANT_SECONDS = 12 * 3600  # a grant is renewed by the session's runs an hour before it ends


@dataclass(frozen=True)
class Settings:
    """What the secrets say about sign-in. ``problem``: a misconfiguration, shown instead of data."""

    required: bool
    domains: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    contact: str = DEFAULT_CONTACT
    provider: str | None = None
    problem: str | None = None


OFF = Settings(required=False)


def _required_by_environment() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _secrets_files_exist() -> bool:
    """Whether any of the places Streamlit reads secrets from exists (secrets.files)."""
    return any(Path(p).exists() for p in st.get_option("secrets.files"))


def _names(value, what: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    try:
        items = list(value)
    except TypeError:
        raise ValueError(f"[{SECTION}] {what} は文字列のリストで書いてください。") from None
    if not all(isinstance(v, str) for v in items):
        raise ValueError(f"[{SECTION}] {what} は文字列のリストで書いてください。")
    return frozenset(v.strip().lower().removeprefix("@") for v in items if v.strip())


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        _LOG.warning(message)


def settings() -> Settings:
    """Sign-in settings from st.secrets (read on every run: an edited allow-list applies to the next
    run of every session; Streamlit re-reads the secrets file when it changes)."""
    try:
        auth = st.secrets.get("auth")
        section = st.secrets.get(SECTION)
    except FileNotFoundError:  # no secrets file, or one Streamlit could not parse
        if _secrets_files_exist():
            return Settings(required=True, problem="秘密情報の設定ファイル（secrets.toml）を読み込めません。")
        if _required_by_environment():
            return Settings(required=True, problem=f"{REQUIRE_ENV} が設定されていますが、[auth] の設定がありません。")
        return OFF
    if auth is None:
        if section is not None:
            return Settings(required=True, problem=f"[{SECTION}] はありますが、[auth] の設定がありません。")
        if _required_by_environment():
            return Settings(required=True, problem=f"{REQUIRE_ENV} が設定されていますが、[auth] の設定がありません。")
        return OFF
    section = section or {}
    try:
        domains = _names(section.get("allowed_domains"), "allowed_domains")
        emails = _names(section.get("allowed_emails"), "allowed_emails")
    except ValueError as exc:
        return Settings(required=True, problem=str(exc))
    contact = section.get("contact") or DEFAULT_CONTACT
    provider = section.get("provider") or None
    if not domains and not emails:
        _warn_once(f"sign-in is on but [{SECTION}] allows no address: every visitor is refused")
    return Settings(
        required=True, domains=domains, emails=emails, contact=str(contact), provider=provider and str(provider)
    )


def allowed(claims, config: Settings) -> bool:
    """Whether the signed-in identity ``claims`` (st.user) is on the allow-list: its e-mail address
    listed, or its domain (the part after @, exactly; no subdomains). An address the provider marks
    unverified (email_verified false) is never allowed."""
    email = str(claims.get("email") or "").strip().lower()
    if "@" not in email or claims.get("email_verified") in (False, "false"):
        return False
    return email in config.emails or email.rsplit("@", 1)[1] in config.domains


def email() -> str:
    return str(st.user.get("email") or "")


def _shown(address: str) -> str:
    """An address for Markdown as the very text, not made a mailto: link (a word joiner, not
    drawn, after the @)."""
    return plain(address).replace("@", "@\u2060")


def gate() -> None:
    """Return when this visitor may see the dashboard (sign-in off, or signed in and allowed);
    otherwise draw the sign-in page, the refusal or the settings problem, and stop the run."""
    config = settings()
    if not config.required:
        return
    if config.problem is None and st.user.get("is_logged_in") and allowed(st.user, config):
        return
    st.set_page_config(page_title="サインイン｜kenpo")
    if config.problem is not None:
        _warn_once(f"sign-in settings: {config.problem}")
        _cookies(_cookie(GRANT_COOKIE, '""', 0), _cookie(AFTER_COOKIE, '""', 0))
        st.markdown("# サインインの設定に問題があります")
        st.error(
            f"{config.problem} 設定が直るまで、このダッシュボードは表示できません。管理者に連絡してください。",
            icon=":material/error:",
        )
    elif not st.user.get("is_logged_in"):
        _signin_page(config)
    else:
        _refusal_page(config)
    st.stop()


def resume_deep_link(slug: str) -> None:
    """On the home page's first run in a session after sign-in: open the address the sign-in page
    was opened at (a page of the menu, with its parameters), if it kept one. A page's parameters are
    checked by the page as any address's are; any other address is ignored."""
    if slug != navigation.DEFAULT or st.session_state.get("_signin_resumed") or not settings().required:
        return
    st.session_state["_signin_resumed"] = True
    kept = st.context.cookies.get(AFTER_COOKIE)
    kept = unquote(kept) if isinstance(kept, str) else ""  # (AppTest has no cookies)
    name, _, query = kept.partition("?")
    if name in navigation.slugs() and name != navigation.DEFAULT:
        st.switch_page(navigation.target(name), query_params=parse_qsl(query, keep_blank_values=True))


def _signin_page(config: Settings) -> None:
    # this browser may fetch no download; the address opened here is kept for after sign-in
    _cookies(
        _cookie(GRANT_COOKIE, '""', 0),
        _cookie(
            AFTER_COOKIE, 'encodeURIComponent(location.pathname.split("/").pop() + location.search)', AFTER_SECONDS
        ),
    )
    st.markdown("# kenpo ダッシュボード")
    st.markdown("このダッシュボードは、組織のアカウントでサインインした方だけが見られます。")
    if st.button("サインイン", type="primary", icon=":material/login:", key="signin"):
        st.login(config.provider)


def _refusal_page(config: Settings) -> None:
    _cookies(_cookie(GRANT_COOKIE, '""', 0), _cookie(AFTER_COOKIE, '""', 0))
    st.markdown("# 閲覧が許可されていません")
    shown = _shown(email()) if email() else "（メールアドレスなし）"
    st.markdown(
        f"いま **{shown}** でサインインしています。このアドレスには、このダッシュボードの閲覧が許可されていません。"
    )
    st.markdown(
        f"閲覧が必要な場合は、{plain(config.contact)}に許可を依頼してください。"
        "別のアカウントで入るときは、サインアウトしてからサインインし直してください。"
    )
    if st.button("サインアウト", icon=":material/logout:", key="signout"):
        st.logout()


def sidebar_account(container) -> None:
    """In the sidebar, when sign-in is on: the signed-in address and 「サインアウト」, and the media
    grant that lets this browser fetch the downloads it clicks. Not drawn in presenter mode (the
    caller leaves it out with the rest of the sidebar; presenter mode offers no download)."""
    config = settings()
    if not config.required:
        return
    with container:
        _renew_grant(config)
        row = st.container(horizontal=True, vertical_alignment="center", gap="small", key="account")
        row.caption(f":material/account_circle: {_shown(email())}", width="stretch")
        if row.button("サインアウト", type="tertiary", icon=":material/logout:", key="signout"):
            st.logout()


# --- the media grant -------------------------------------------------------------------------


def _grant_key() -> bytes | None:
    try:
        secret = st.secrets["auth"]["cookie_secret"]
    except (KeyError, FileNotFoundError, TypeError):
        return None
    return hmac.new(str(secret).encode(), b"kenpo media grant", hashlib.sha256).digest()


def grant(expires: int, key: bytes) -> str:
    """The grant's value: its expiry (Unix seconds) and the expiry's signature."""
    return f"{expires}.{hmac.new(key, str(expires).encode(), hashlib.sha256).hexdigest()}"


def grant_valid(value: str, key: bytes | None, now: float | None = None) -> bool:
    expires, _, _ = value.partition(".")
    if key is None or not expires.isdigit() or int(expires) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(value, grant(int(expires), key))


def _cookie_path() -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else "/"


def _cookie(name: str, js_value: str, max_age: int) -> str:
    """A JavaScript statement that sets (max_age 0: deletes) a cookie to the value of ``js_value``
    (a JavaScript expression)."""
    attributes = json.dumps(f"; Path={_cookie_path()}; Max-Age={max_age}; SameSite=Lax")
    return f"document.cookie = {json.dumps(name + '=')} + {js_value} + {attributes};"


def _cookies(*statements: str) -> None:
    """Run these cookie statements in this browser: an invisible element whose script does it
    (Streamlit's public API sets no cookie from a script run)."""
    st.html(f"<script>{' '.join(statements)}</script>", unsafe_allow_javascript=True, width="content")


def _renew_grant(config: Settings) -> None:
    key = _grant_key()
    if key is None:
        return
    held = st.session_state.get("_signin_grant")
    if held is None or int(held.partition(".")[0]) - time.time() < 3600:
        held = st.session_state["_signin_grant"] = grant(int(time.time()) + GRANT_SECONDS, key)
    statements = [_cookie(GRANT_COOKIE, json.dumps(held), GRANT_SECONDS)]
    if AFTER_COOKIE in st.context.cookies:  # the address kept across sign-in has served
        statements.append(_cookie(AFTER_COOKIE, '""', 0))
    _cookies(*statements)


class MediaGuard:
    """ASGI middleware (server.py): with sign-in on, <base>/media/… (downloads, images) only for a
    browser holding a valid media grant; anything else goes on unchanged. With sign-in off it
    passes everything through."""

    def __init__(self, app, base_url_path: str | None = None) -> None:
        self.app = app
        base = (st.get_option("server.baseUrlPath") if base_url_path is None else base_url_path) or ""
        self.prefix = ("/" + base.strip("/") if base.strip("/") else "") + "/media/"

    async def __call__(self, scope, receive, send) -> None:
        guarded = scope["type"] == "http" and scope["path"].startswith(self.prefix)
        if guarded and settings().required and not self._granted(scope):
            body = "サインインが必要です。".encode()
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 403, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _granted(scope) -> bool:
        raw = b"; ".join(v for k, v in scope.get("headers") or [] if k == b"cookie").decode("latin-1")
        cookie = SimpleCookie()
        try:
            cookie.load(raw)
        except Exception:  # a malformed Cookie header grants nothing
            return False
        held = cookie.get(GRANT_COOKIE)
        return held is not None and grant_valid(held.value, _grant_key())
