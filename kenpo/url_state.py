"""Filters kept in the address by Streamlit's own binding (bind="query-params"): the widget's key is
the parameter, the option as shown its value (a choice at its default is left out). Added here, read
before the widget: a Japanese notice when the address names a value the filter does not offer
(Streamlit drops it silently), and addresses written before the binding (an option's own value,
comma separated: years=2023,2024, present=1), put in session state and rewritten as labels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from kenpo.notices import assignment, notice


def _from_address(key: str, labels: dict[str, Any], many: bool, aliases: dict[str, Any] | None = None) -> None:
    raw, seen = st.query_params.get_all(key), st.session_state.setdefault("_url_seen", {})
    if not raw or seen.get(key) == raw or seen.update({key: raw}):  # each value given is read once per session
        return
    parts = [p for r in raw for p in (r.split(",") if many and r not in labels else [r]) if p != ""]
    if all(p in labels for p in parts):  # Streamlit reads it as it is
        return
    by_value = {**(aliases or {str(o): o for o in labels.values()}), **labels}
    chosen = [by_value[p] for p in parts if p in by_value]
    if len(chosen) < len(parts):
        notice(
            key,
            f"URLの「{assignment(key, ','.join(raw))}」は選べる値にないため、"
            + ("それを除いて表示しています。" if chosen else "既定の表示にしています。"),
        )
    if chosen:
        st.session_state[key] = chosen if many else chosen[0]


def select(
    key: str,
    label: str,
    options: Sequence[Any],
    *,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    container=None,
    help: str | None = None,
) -> Any:
    """A single choice kept in the address as ``?key=label``; None when there are no options."""
    if not (options := list(options)):
        return None
    default = default if default in options else options[0]
    _from_address(key, {str(format_func(o)): o for o in options}, many=False)
    if st.session_state.get(key, default) not in options:  # the options narrowed: back to the default
        st.session_state[key] = default
    return (container or st.sidebar).selectbox(
        label, options, index=options.index(default), key=key, format_func=format_func, help=help, bind="query-params"
    )


def multi(
    key: str,
    label: str,
    options: Sequence[Any],
    *,
    default: Sequence[Any] | None = None,
    format_func: Callable[[Any], str] = str,
    container=None,
) -> list[Any]:
    """A multiple choice kept in the address as ``?key=a&key=b``; ``?key=`` is an emptied choice."""
    options = list(options)
    default = [d for d in (default if default is not None else options) if d in options]
    _from_address(key, {str(format_func(o)): o for o in options}, many=True)
    if any(v not in options for v in st.session_state.get(key, [])):
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    return (container or st.sidebar).multiselect(
        label,
        options,
        default=default,
        key=key,
        format_func=format_func,
        placeholder="選んでください",
        bind="query-params",
    )


def flag(key: str, label: str, *, container=None, help: str | None = None) -> bool:
    """An on/off switch kept in the address as ``?key=true`` (``?key=1`` is read too)."""
    _from_address(key, {"true": True, "false": False}, many=False, aliases={"1": True, "0": False})
    return (container or st.sidebar).toggle(label, key=key, help=help, bind="query-params")
