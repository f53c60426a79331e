"""Notices about the address, shown above a page's content: one per parameter, user-supplied text
as plain text (never read as Markdown), shortened."""

from __future__ import annotations

import re
import unicodedata

import streamlit as st

ICON = ":material/link_off:"
# A value from the address is shown in a notice at most this many characters long.
SHOWN_LIMIT = 40
_AREA, _SAID = "_notice_area", "_notices_said"


def visible(value: str, limit: int = SHOWN_LIMIT) -> str:
    """Control and format characters (line breaks, bidi marks, zero-width characters) shown as one
    visible mark; shortened to ``limit`` characters with 「…」."""
    shown = "".join("�" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else ch for ch in value)
    return shown[:limit] + "…" if len(shown) > limit else shown


def code_span(text: str) -> str:
    """``text`` as a Markdown code span, inside which nothing is read as markup: no link, image,
    emphasis, heading or HTML, and no bare address turned into a link (which escaping alone does
    not prevent). The fence is longer than any run of backticks in the text."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www|xmpp)")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$&=\"'])")


def plain(text: str, limit: int = 200) -> str:
    """``text`` (from an address, a deck, a file) for Markdown as the very text: every ASCII
    punctuation mark escaped, so no link, image, emphasis, heading, HTML, colour directive
    (:red[…]) or bare address (www.…, http://…) is made of it; control characters shown visibly."""
    shown = _MARKDOWN_PUNCTUATION.sub(r"\\\1", visible(text, limit))
    # GFM links bare addresses even with their punctuation escaped: a word joiner (U+2060, not
    # drawn) after the scheme or www keeps the text as it reads and makes no link of it.
    return _AUTOLINK.sub("\\1\u2060", shown)


def assignment(key: str, raw: str) -> str:
    """``key=value`` from the address as a notice shows it: one code span, both parts shortened."""
    return code_span(f"{visible(key, 20)}={visible(raw)}")


def reset() -> None:
    """At a page run's start: no notices yet; those said before the area opens wait for it."""
    st.session_state[_AREA] = None
    st.session_state[_SAID] = {}


def open_area() -> None:
    """Where the page's content begins: this run's notices stand here (those said so far, then
    those still to come)."""
    area = st.session_state[_AREA] = st.container()
    for message in st.session_state.setdefault(_SAID, {}).values():
        area.warning(message, icon=ICON)


def notice(key: str, message: str) -> None:
    """A notice about parameter ``key`` (the first one per key and run is shown)."""
    said = st.session_state.setdefault(_SAID, {})
    if key in said:
        return
    said[key] = message
    area = st.session_state.get(_AREA)
    if area is not None:
        area.warning(message, icon=ICON)
