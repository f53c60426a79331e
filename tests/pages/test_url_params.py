"""Any address opens a page: arbitrary query parameters (unknown keys, invalid values, very long
strings, HTML/script text, SQL-looking text, full-width and control characters, repeated keys)
never raise, never render markup from the address, get a Japanese notice for each invalid value,
and otherwise give the default view."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from kenpo.notices import ICON, SHOWN_LIMIT, assignment
from tests.pages import walk
from tests.pages.conftest import assert_clean, new_session

# Every parameter some page reads, and a few that none does.
KNOWN = [
    "view",
    "branch",
    "metric",
    "basis",
    "years",
    "metrics",
    "declaration",
    "present",
    "source",
    "dataset",
    "scope",
    "year",
    "q",
]
UNKNOWN = ["foo", "utm_source", "page", "メトリック", "view[]", "a b"]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[クリック](https://evil.example/phish)",
    "![x](http://127.0.0.1:9999/t.png?leak=1)",
    "# 見出し",
    "**太字**",
    "' OR 1=1 --",
    "1; DROP TABLE facts; --",
    "群馬' --",
    "%27%20OR%201%3D1",
    "２０２３",
    "群馬\u200b",
    "\u202e群馬",
    "a\nb\r\nc",
    "\x00\x07\x1b[31m",
    ":material/home:",
    ":red[赤]",
    "$x^2$",
    "javascript:alert(1)",
    "x" * 5000,
    "あ" * 2000,
    "",
    " ",
    ",",
    ",,,",
    "2023,abc",
    "令和5年度",
    "None",
    "null",
    "NaN",
    "-1",
    "9999",
    "true",
    "1.0",
]
values = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=60),
    st.text(min_size=200, max_size=600),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
params = st.dictionaries(
    st.sampled_from(KNOWN + UNKNOWN),
    st.one_of(values, st.lists(values, min_size=2, max_size=3)),  # a list: a repeated key
    min_size=1,
    max_size=4,
)

DEFAULTS: dict[str, tuple] = {}


opened = new_session


def default_view(slug: str) -> tuple[AppTest, tuple]:
    if slug not in DEFAULTS:
        at = opened(slug, {})
        DEFAULTS[slug] = (at, walk.signature(at))
    return DEFAULTS[slug]


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if w.icon == ICON]


def last(value):
    """The value a page reads for a repeated key (Streamlit's st.query_params.get: the last one)."""
    return value[-1] if isinstance(value, list) else value


@pytest.mark.parametrize("slug", walk.slugs())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=params)
def test_any_address_opens_the_page(store_path, monkeypatch, slug, query):
    monkeypatch.setenv("KENPO_DB", str(store_path))
    default, default_signature = default_view(slug)
    at = opened(slug, query)
    assert_clean(at)
    shown = notices(at)
    assert all(n.startswith("URLの「") for n in shown), shown  # Japanese, and nothing else uses that icon
    texts = [e.value for kind in ("markdown", "caption", "info", "warning", "subheader") for e in getattr(at, kind)]
    address, before = walk.params_of(at), walk.params_of(default)
    default_texts = {
        e.value for kind in ("markdown", "caption", "info", "warning", "subheader") for e in getattr(default, kind)
    }
    # every key's own notice quotes its value in a code span: take those quotations out before
    # looking for markup (two keys may carry the same value, each quoted in its own notice)
    for k, v in query.items():
        texts = [text.replace(assignment(k, ",".join(v) if isinstance(v, list) else v), "") for text in texts]
    taken = set()
    for key, value in query.items():
        raw = ",".join(value) if isinstance(value, list) else value
        # markup from the address never reaches the page as markup: a notice shows it in a code span
        # (a text the page shows at its default address too, such as its heading's own
        # :small[:gray[…]] markup, is the page's, not the address's)
        if len(raw) > 1 and any(ch in raw for ch in "<>[]()*#`:!_~$"):
            assert not any(raw in text for text in texts if text not in default_texts), (key, raw)
        if key not in address:
            continue  # a parameter no filter of this page reads: it changes nothing
        if address[key] != before[key]:
            taken.add(key)  # a valid value (its label, or the option's own value as written before)
        mentioned = [n for n in shown if f"「{assignment(key, raw)}」" in n]
        if raw.strip(",") and address[key] == before[key] and value not in (address[key], [address[key]]):
            # not offered (or only partly): one notice, the value shortened
            assert len(mentioned) == 1 or key in taken, (key, raw, shown)
            assert all(len(n) < 2 * SHOWN_LIMIT + 120 for n in mentioned)
    if not taken:
        assert walk.signature(at) == default_signature, query
