"""The page's filters: each a widget bound to the address (kenpo.url_state), the widget chosen to
fit its list of options. The widgets' options are the labels as shown; the functions return the
option's own value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from kenpo import url_state
from kenpo.aliases import option_label


def select(
    key: str,
    label: str,
    options: Sequence[Any],
    *,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    container=None,
    help: str | None = None,
    aliases: Callable[[Any], Sequence[str]] | None = None,
) -> Any:
    """A single choice kept in the address as ``?key=label``; None when there are no options.
    The widget fits the list: a few short options as buttons, up to ten as a list, more as a
    searchable box (see ``_single``).

    ``aliases``: the other names of each option (a metric's printed labels, kenpo.aliases), shown
    in its text after the label, 「…割合（カバー率・KPI 1-1）」, so that typing any of them finds
    it. The address still keeps the label alone (``?metric=…割合``): such a picker is not bound
    by Streamlit, whose binding would write the whole text; kenpo.url_state reads and writes it
    (the label, the whole text or an option's own value all open the choice)."""
    if not (options := list(options)):
        return None
    default = default if default in options else options[0]
    by_label = {str(format_func(o)): o for o in options}
    given = st.query_params.get_all(key)
    if given and all(v == "" for v in given):  # ?key= names no choice: not given (a button group reads None)
        del st.query_params[key]
    if aliases is None:
        shown, first = list(by_label), str(format_func(default))
        url_state.read_address(key, by_label, many=False)
        if st.session_state.get(key, first) not in by_label:  # the options narrowed: back to the default
            st.session_state[key] = first
        return by_label.get(_single(container or st.sidebar, label, shown, first, key, help), default)
    text = {lab: option_label(lab, aliases(o)) for lab, o in by_label.items()}  # label -> option as shown
    label_of = {t: lab for lab, t in text.items()}
    first = text[str(format_func(default))]
    read_as = {**{str(o): text[lab] for lab, o in by_label.items()}, **text}
    url_state.read_address(key, {t: by_label[lab] for t, lab in label_of.items()}, False, read_as, bound=False)
    if (current := st.session_state.get(key, first)) not in label_of:
        # the same choice under other aliases (another branch's document names it otherwise), or
        # the options narrowed: back to the default
        st.session_state[key] = text.get(state_label(key), first) if current is not None else first
    st.session_state.setdefault("_option_labels", {})[key] = label_of  # for state_label on the next run
    picked = _single(container or st.sidebar, label, list(label_of), first, key, help, bind=None)
    chosen = label_of.get(picked, label_of[first])
    url_state.remember(key, None if text[chosen] == first else chosen)
    return by_label[chosen]


def state_label(key: str) -> Any:
    """The choice the filter ``key`` holds in session state, as its label (the option's text less
    its aliases, as the address keeps it); before the filter is drawn on this run, that of the last run."""
    value = st.session_state.get(key)
    return st.session_state.get("_option_labels", {}).get(key, {}).get(value, value)


def _single(
    where, label: str, shown: list[str], first: str, key: str, help: str | None, bind: str | None = "query-params"
) -> str:
    """Up to four options of 12 characters in all: a segmented control (one click, all in view);
    up to ten: radio buttons; more: a selectbox, which can be searched by typing (its default
    fuzzy filter: the typed characters in order, 「KPI1-1」 finds 「KPI 1-1」). Buttons and radios
    also cost the browser less on a page's first load than a selectbox (README, Performance)."""
    if len(shown) <= 4 and sum(map(len, shown)) <= 12:
        return where.segmented_control(label, shown, default=first, required=True, key=key, help=help, bind=bind)
    if len(shown) <= 10:
        return where.radio(label, shown, index=shown.index(first), key=key, help=help, bind=bind)
    return where.selectbox(
        label, shown, index=shown.index(first), key=key, help=help, placeholder="選んでください", bind=bind
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
    """A multiple choice kept in the address as ``?key=a&key=b``; ``?key=`` is an emptied choice.
    Up to twelve options as toggle buttons (pills), more as a searchable multiselect."""
    options = list(options)
    by_label = {str(format_func(o)): o for o in options}
    shown = list(by_label)
    first = [str(format_func(d)) for d in (default if default is not None else options) if d in options]
    url_state.read_address(key, by_label, many=True)
    if any(v not in by_label for v in st.session_state.get(key, [])):
        st.session_state[key] = [v for v in st.session_state[key] if v in by_label]
    where = container or st.sidebar
    if len(shown) <= 12:
        picked = where.pills(label, shown, selection_mode="multi", default=first, key=key, bind="query-params")
    else:
        picked = where.multiselect(
            label, shown, default=first, key=key, placeholder="選んでください", bind="query-params"
        )
    return [by_label[p] for p in picked or []]


def text(key: str, label: str, *, container=None, help: str | None = None, placeholder: str | None = None) -> str:
    """Free text kept in the address as ``?key=text`` (bound by Streamlit; empty is left out)."""
    value = (container or st.sidebar).text_input(
        label, key=key, help=help, placeholder=placeholder, max_chars=100, bind="query-params"
    )
    return (value or "").strip()


def flag(key: str, label: str, *, container=None, help: str | None = None) -> bool:
    """An on/off switch kept in the address as ``?key=true`` (``?key=1`` is read too)."""
    url_state.read_address(
        key, {"true": True, "false": False}, many=False, aliases={"1": True, "0": False}, as_label=False
    )
    return (container or st.sidebar).toggle(label, key=key, help=help, bind="query-params")
