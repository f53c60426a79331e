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

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_NOTICES = "_url_notices"
_READ = "_url_keys_read"
_PENDING = "_url_pending"  # key -> value this run's filters write (None: remove the key)
_WRITTEN = "_url_written"  # the address has been written this run: later writes go at once


def reset_notices() -> None:
    """At the start of a page run: no notices yet, no filter read yet, nothing to write."""
    st.session_state[_NOTICES] = []
    st.session_state[_READ] = set()
    st.session_state[_PENDING] = {}
    st.session_state[_WRITTEN] = False


def _read(key: str) -> None:
    st.session_state.setdefault(_READ, set()).add(key)


def _write(key: str, value: str | None) -> None:
    """Set (or with None remove) ``?key=``: with this run's address update, or at once after it."""
    if st.session_state.get(_WRITTEN, True):
        if value is None:
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = value
        return
    st.session_state[_PENDING][key] = value


def _will_have(key: str) -> bool:
    pending = st.session_state.get(_PENDING, {})
    return pending[key] is not None if key in pending else key in st.query_params


def write_address() -> None:
    """Write the filters' values to the address and remove the parameters this page did not read
    (another page's filters left by the browser's Back button, or a view's filter after switching
    views), in one update: the address then names exactly the view on screen. Sent on every run,
    also when nothing changed (the browser's address may have moved on since the last run)."""
    read = st.session_state.get(_READ, set())
    pending = st.session_state.get(_PENDING, {})
    address = {k: st.query_params.get_all(k) for k in st.query_params if k in read and k not in pending}
    address.update({k: v for k, v in pending.items() if v is not None})
    st.query_params.from_dict(address)
    st.session_state[_PENDING] = {}
    st.session_state[_WRITTEN] = True


def notices() -> list[str]:
    return [message for _, message in st.session_state.get(_NOTICES, [])]


def add_notice(key: str, message: str) -> None:
    """A notice about filter ``key`` shown above the content (one per key: the first says it)."""
    found = st.session_state.setdefault(_NOTICES, [])
    if all(k != key for k, _ in found):
        found.append((key, message))


def _notice(key: str, raw: str, fallback: str) -> None:
    add_notice(key, f"URLの「{key}={raw}」は選べる値にないため、既定の「{fallback}」を表示しています。")


def _encode(value: Any) -> str:
    return str(value)


def _decode(raw: str, options: Sequence[Any]) -> Any:
    for option in options:
        if _encode(option) == raw:
            return option
    raise KeyError(raw)


def _from_url(key: str, widget_key: str) -> str | None:
    """The URL's value for ``key`` when it differs from what this widget last synced."""
    raw = st.query_params.get(key)
    synced = st.session_state.get(f"{widget_key}__synced")
    if widget_key in st.session_state and raw == synced:
        return None
    return raw if raw is not None else ""


def select(key: str, label: str, options: Sequence[Any], *, default: Any = None,
           format_func: Callable[[Any], str] = str, container=None, help: str | None = None) -> Any:
    """A single choice kept in the URL as ``?key=value``. Returns None when there are no options."""
    _read(key)
    options = list(options)
    if not options:
        _write(key, None)
        return None
    if default not in options:
        default = options[0]
    wkey = f"url_{key}"
    raw = _from_url(key, wkey)
    if raw is not None:
        value = default
        if raw != "":
            try:
                value = _decode(raw, options)
            except KeyError:
                _notice(key, raw, format_func(default))
        st.session_state[wkey] = value
    elif st.session_state.get(wkey) not in options:
        st.session_state[wkey] = default
    target = container if container is not None else st.sidebar
    value = target.selectbox(label, options, key=wkey, format_func=format_func, help=help)
    _write(key, _encode(value))
    st.session_state[f"{wkey}__synced"] = _encode(value)
    return value


def multi(key: str, label: str, options: Sequence[Any], *, default: Sequence[Any] | None = None,
          format_func: Callable[[Any], str] = str, container=None) -> list[Any]:
    """A multiple choice kept in the URL as ``?key=a,b``; unknown items are dropped with a notice."""
    _read(key)
    options = list(options)
    default = [d for d in (default if default is not None else options) if d in options]
    wkey = f"url_{key}"
    raw = _from_url(key, wkey)
    if raw is not None:
        chosen = list(default)
        if raw != "":
            parts = [p for p in raw.split(",") if p != ""]
            valid = [o for o in options if _encode(o) in parts]
            bad = [p for p in parts if p not in {_encode(o) for o in options}]
            if bad or not valid:
                _notice(key, raw, "、".join(format_func(d) for d in (valid or default)))
            chosen = valid or list(default)
        st.session_state[wkey] = chosen
    else:
        st.session_state[wkey] = [v for v in st.session_state.get(wkey, []) if v in options] or list(default)
    target = container if container is not None else st.sidebar
    value = target.multiselect(label, options, key=wkey, format_func=format_func)
    encoded = ",".join(_encode(v) for v in value)
    _write(key, encoded)
    st.session_state[f"{wkey}__synced"] = encoded
    return value


def flag(key: str, label: str, *, default: bool = False, container=None, help: str | None = None) -> bool:
    """An on/off switch kept in the URL as ``?key=1`` / ``?key=0``."""
    _read(key)
    wkey = f"url_{key}"
    raw = _from_url(key, wkey)
    if raw is not None:
        value = default
        if raw in ("1", "true"):
            value = True
        elif raw in ("0", "false"):
            value = False
        elif raw != "":
            _notice(key, raw, "オン" if default else "オフ")
        st.session_state[wkey] = value
    target = container if container is not None else st.sidebar
    value = target.toggle(label, key=wkey, help=help)
    if value == default and not _will_have(key):
        st.session_state[f"{wkey}__synced"] = None
        return value
    encoded = "1" if value else "0"
    _write(key, encoded)
    st.session_state[f"{wkey}__synced"] = encoded
    return value


def current_params() -> dict[str, str]:
    return {k: st.query_params[k] for k in st.query_params}
