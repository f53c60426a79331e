"""Filters that live in the URL (st.query_params), so a copied address reproduces the view.

Each filter is a widget whose value is read from the URL when the URL carries one (a
deep link, or a link from another page) and written back to the URL on every run.
An invalid value falls back to the default and leaves a visible notice, never an error.

The values a page's filters write are collected and sent to the browser together, with the
removal of parameters the page did not read, in one address update (``write_address``, called
by kenpo.page.PageContext.finish once the filters are read): a page with five filters sends one
message per rerun, not five.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

_RUN = "_url_run"


@dataclass
class _Run:
    """What one page run's filters have done to the address so far (one session_state entry)."""
    read: set[str] = field(default_factory=set)  # parameters the page reads
    pending: dict[str, str | None] = field(default_factory=dict)  # to write (None: remove)
    notices: list[tuple[str, str]] = field(default_factory=list)  # (filter key, message)
    written: bool = True  # the address has been written: later writes go at once


def _run() -> _Run:
    run = st.session_state.get(_RUN)
    if run is None:  # used outside kenpo.page.start (a test of one widget): write at once
        run = st.session_state[_RUN] = _Run()
    return run


def reset_notices() -> None:
    """At the start of a page run: no notices yet, no filter read yet, nothing to write."""
    st.session_state[_RUN] = _Run(written=False)


def _write(run: _Run, key: str, value: str | None) -> None:
    """Set (or with None remove) ``?key=``: with this run's address update, or at once after it."""
    if not run.written:
        run.pending[key] = value
    elif value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value


def write_address() -> None:
    """Write the filters' values to the address and remove the parameters this page did not read
    (another page's filters left by the browser's Back button, or a view's filter after switching
    views), in one update: the address then names exactly the view on screen. Sent on every run,
    also when nothing changed (the browser's address may have moved on since the last run)."""
    run = _run()
    address = {k: st.query_params.get_all(k) for k in st.query_params if k in run.read and k not in run.pending}
    address.update({k: v for k, v in run.pending.items() if v is not None})
    st.query_params.from_dict(address)
    run.pending = {}
    run.written = True


def notices() -> list[str]:
    return [message for _, message in _run().notices]


def add_notice(key: str, message: str) -> None:
    """A notice about filter ``key`` shown above the content (one per key: the first says it)."""
    found = _run().notices
    if all(k != key for k, _ in found):
        found.append((key, message))


# A value from the address is shown in a notice as plain text, at most this many characters.
SHOWN_LIMIT = 40


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


def assignment(key: str, raw: str) -> str:
    """``key=value`` from the address as a notice shows it: one code span, both parts shortened."""
    return code_span(f"{visible(key, 20)}={visible(raw)}")


def _notice(key: str, raw: str, fallback: str, *, partly: bool = False) -> None:
    """The notice for an invalid value: shown as plain text, shortened; ``partly``: some of a
    multiple choice's values were valid and are shown."""
    shown = f"URLの「{assignment(key, raw)}」"
    if partly:
        add_notice(key, f"{shown}には選べない値が含まれているため、それを除いた「{fallback}」を表示しています。")
    else:
        add_notice(key, f"{shown}は選べる値にないため、既定の「{fallback}」を表示しています。")


def _encode(value: Any) -> str:
    return str(value)


def _decode(raw: str, options: Sequence[Any]) -> Any:
    for option in options:
        if _encode(option) == raw:
            return option
    raise KeyError(raw)


_SYNCED = "_url_synced"  # widget key -> the URL value it last wrote (kept across runs)


def _synced() -> dict[str, str | None]:
    synced = st.session_state.get(_SYNCED)
    if synced is None:
        synced = st.session_state[_SYNCED] = {}
    return synced


_ABSENT = object()  # the address carries no value for the key


def _from_url(key: str, widget_key: str, synced: dict[str, str | None]) -> object:
    """The URL's value for ``key`` when it differs from what this widget last synced: None when
    nothing changed, _ABSENT when the address has no such parameter, else the text."""
    raw = st.query_params.get(key)
    if widget_key in st.session_state and raw == synced.get(widget_key):
        return None
    return raw if raw is not None else _ABSENT


def select(key: str, label: str, options: Sequence[Any], *, default: Any = None,
           format_func: Callable[[Any], str] = str, container=None, help: str | None = None) -> Any:
    """A single choice kept in the URL as ``?key=value``. Returns None when there are no options."""
    run = _run()
    run.read.add(key)
    options = list(options)
    if not options:
        _write(run, key, None)
        return None
    if default not in options:
        default = options[0]
    wkey = f"url_{key}"
    synced = _synced()
    raw = _from_url(key, wkey, synced)
    if raw is not None:
        value = default
        if raw is not _ABSENT and raw != "":  # ?key= (empty) reads as not given
            try:
                value = _decode(raw, options)
            except KeyError:
                _notice(key, raw, format_func(default))
        st.session_state[wkey] = value
    elif st.session_state.get(wkey) not in options:
        st.session_state[wkey] = default
    target = container if container is not None else st.sidebar
    value = target.selectbox(label, options, key=wkey, format_func=format_func, help=help)
    synced[wkey] = encoded = _encode(value)
    _write(run, key, encoded)
    return value


def multi(key: str, label: str, options: Sequence[Any], *, default: Sequence[Any] | None = None,
          format_func: Callable[[Any], str] = str, container=None) -> list[Any]:
    """A multiple choice kept in the URL as ``?key=a,b``; unknown items are dropped with a notice."""
    run = _run()
    run.read.add(key)
    options = list(options)
    default = [d for d in (default if default is not None else options) if d in options]
    wkey = f"url_{key}"
    synced = _synced()
    raw = _from_url(key, wkey, synced)
    if raw is _ABSENT:
        st.session_state[wkey] = list(default)
    elif raw is not None:
        # ?key= (empty) is an emptied choice: the page says that nothing is chosen
        parts = [p for p in raw.split(",") if p != ""]
        chosen = [o for o in options if _encode(o) in parts]
        bad = [p for p in parts if p not in {_encode(o) for o in options}]
        if bad:
            partly = bool(chosen)
            chosen = chosen or list(default)
            _notice(key, raw, "、".join(format_func(d) for d in chosen), partly=partly)
        st.session_state[wkey] = chosen
    else:  # the user's own choice, kept as it is (an emptied box stays empty); options may have narrowed
        st.session_state[wkey] = [v for v in st.session_state.get(wkey, []) if v in options]
    target = container if container is not None else st.sidebar
    value = target.multiselect(label, options, key=wkey, format_func=format_func, placeholder="選んでください")
    synced[wkey] = encoded = ",".join(_encode(v) for v in value)
    _write(run, key, encoded)
    return value


def flag(key: str, label: str, *, default: bool = False, container=None, help: str | None = None) -> bool:
    """An on/off switch kept in the URL as ``?key=1`` / ``?key=0``."""
    run = _run()
    run.read.add(key)
    wkey = f"url_{key}"
    synced = _synced()
    raw = _from_url(key, wkey, synced)
    if raw is not None:
        value = default
        if raw in ("1", "true"):
            value = True
        elif raw in ("0", "false"):
            value = False
        elif raw is not _ABSENT and raw != "":
            _notice(key, raw, "オン" if default else "オフ")
        st.session_state[wkey] = value
    target = container if container is not None else st.sidebar
    value = target.toggle(label, key=wkey, help=help)
    will_have = run.pending[key] is not None if key in run.pending else key in st.query_params
    if value == default and not will_have:
        synced[wkey] = None
        return value
    synced[wkey] = encoded = "1" if value else "0"
    _write(run, key, encoded)
    return value


def current_params() -> dict[str, str]:
    return {k: st.query_params[k] for k in st.query_params}
