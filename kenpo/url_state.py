"""Filters kept in the address by Streamlit's own binding (bind="query-params"): the widget's key is
the parameter, the option as shown its value (a choice at its default is left out). Added here, read
before the widget: a Japanese notice when the address names a value the filter does not offer
(Streamlit drops it silently), and addresses written before the binding (an option's own value,
comma separated: years=2023,2024, present=1), put in session state and rewritten as labels. A
picker whose options carry more than their name (a metric with its aliases) is not bound: its
address keeps the name alone, read here and written by kenpo.filters (``remember``)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kenpo.notices import assignment, notice


def read_address(
    key: str,
    labels: dict[str, Any],
    many: bool,
    aliases: dict[str, Any] | None = None,
    as_label: bool = True,
    bound: bool = True,
) -> None:
    """``bound=False``: the widget is not bound (kenpo.filters writes its address itself), so a
    value Streamlit would read as it is is put in session state here."""
    raw, seen = st.query_params.get_all(key), st.session_state.setdefault("_url_seen", {})
    if not raw or seen.get(key) == raw or seen.update({key: raw}):  # each value given is read once per session
        return
    parts = [p for r in raw for p in (r.split(",") if many and r not in labels else [r]) if p != ""]
    if all(p in labels for p in parts):  # Streamlit reads it as it is
        if not bound and parts:
            st.session_state[key] = parts if many else parts[-1]  # a repeated key: the last, as Streamlit reads it
        return
    if as_label:  # the widget's options are the labels: an option's own value is read as its label
        by_value = {**(aliases or {str(o): lab for lab, o in labels.items()}), **{lab: lab for lab in labels}}
    else:
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


def remember(key: str, value: str | None) -> None:
    """Write a filter that is not bound to the address: ``?key=value``, or no parameter for the
    default (None), as Streamlit does for a bound one; the value written is not read back as a
    new address on the next run."""
    given = st.query_params.get_all(key)
    if value is None:
        if given:
            del st.query_params[key]
    elif given != [value]:
        st.query_params[key] = value
    st.session_state.setdefault("_url_seen", {})[key] = st.query_params.get_all(key)
