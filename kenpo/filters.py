"""The page's filters: each a widget bound to the address (kenpo.url_state), the widget chosen to
fit its list of options. The widgets' options are the labels as shown; the functions return the
option's own value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from kenpo import url_state
from kenpo.aliases import option_label
from kenpo.notices import notice, plain

_AREA = "_filter_area"


def place(container) -> None:
    """Where this run's filters go: the sidebar (None), or presenter mode's 「表示を変更」 pop-over."""
    st.session_state[_AREA] = container


def _area(container):
    return container or st.session_state.get(_AREA) or st.sidebar


KEYS, DRAWN = "_filter_keys", "_filters_drawn"


def _register(key: str) -> None:
    """Note a filter's key: opening another view (a deck's next step) forgets their choices."""
    st.session_state.setdefault(KEYS, set()).add(key)


def _drawn(key: str, shown: str | list[str] | None) -> None:
    """Note what a filter shows in this run (kenpo.page.start empties the list): a deck entry
    records the whole view, defaults included, not only what the address keeps."""
    if shown is not None:
        st.session_state.setdefault(DRAWN, {})[key] = shown


def drawn() -> dict[str, str | list[str]]:
    """Each filter of the last run, by key: the option shown (a list for a multiple choice)."""
    return dict(st.session_state.get(DRAWN) or {})


def forget_drawn() -> None:
    st.session_state[DRAWN] = {}


REQUESTED = "_filters_requested"


def request(choices: dict[str, str | list[str]]) -> None:
    """Open the next view with these choices (a deck's step): every filter's own choice is
    forgotten, and each filter named here takes its choice when it is drawn, with a Japanese notice
    when the choice is no longer offered (a metric renamed after a data refresh)."""
    for key in st.session_state.get(KEYS, ()):
        st.session_state.pop(key, None)
    st.session_state[REQUESTED] = dict(choices)


def _take_requested(key: str, label: str, by_label: dict, many: bool, read_as: dict | None = None) -> None:
    want = (st.session_state.get(REQUESTED) or {}).pop(key, None)
    if want is None:
        return
    wanted = [(read_as or {}).get(w, w) for w in ([want] if isinstance(want, str) else list(want))]
    kept = [w for w in wanted if w in by_label]
    if len(kept) < len(wanted):
        missing = "、".join(f"「{plain(w, 40)}」" for w in wanted if w not in by_label)
        notice(
            key,
            f"この表示の「{label}」の{missing}は、いまのデータにありません。"
            + ("それを除いて表示しています。" if kept else "既定の表示にしています。"),
        )
    if many:
        st.session_state[key] = kept
    elif kept:
        st.session_state[key] = kept[0]


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
    it. The picker stays bound by Streamlit, so the address holds that text; an address with the
    label alone (or the option's own value), as written before the aliases, opens the same choice."""
    _register(key)
    if not (options := list(options)):
        return None
    default = default if default in options else options[0]
    names = {str(format_func(o)): o for o in options}  # the option's label, without aliases
    text = {n: option_label(n, aliases(o)) if aliases else n for n, o in names.items()}  # as shown
    by_label = {text[n]: o for n, o in names.items()}
    shown, first = list(by_label), text[str(format_func(default))]
    given = st.query_params.get_all(key)
    if given and all(v == "" for v in given):  # ?key= names no choice: not given (a button group reads None)
        del st.query_params[key]
    read_as = {**{str(o): text[n] for n, o in names.items()}, **{n: text[n] for n in names}} if aliases else None
    url_state.read_address(key, by_label, many=False, aliases=read_as)
    _take_requested(key, label, by_label, many=False, read_as=read_as)
    current = st.session_state.get(key, first)
    if current not in by_label:
        # the same option shown otherwise (another document prints other aliases for the metric),
        # else the options narrowed: back to the default
        before = st.session_state.get(_VALUES, {}).get(key, {}).get(current)
        st.session_state[key] = next((t for t, o in by_label.items() if o == before), first)
    st.session_state.setdefault(_VALUES, {})[key] = dict(by_label)
    picked = _single(_area(container), label, shown, first, key, help)
    value = by_label.get(picked, default)
    _drawn(key, next((n for n, o in names.items() if o == value), picked))  # a deck keeps the label alone
    return value


_VALUES = "_filter_option_values"  # per key, the last run's options as shown -> their values


def state_label(key: str) -> Any:
    """The option the filter ``key`` holds in session state, as its own value (a metric's name,
    not its text with aliases); before the filter is drawn on this run, that of the last run."""
    value = st.session_state.get(key)
    return st.session_state.get(_VALUES, {}).get(key, {}).get(value, value)


def _single(where, label: str, shown: list[str], first: str, key: str, help: str | None) -> str:
    """Up to four options of 12 characters in all: a segmented control (one click, all in view);
    up to ten: radio buttons; more: a selectbox, which can be searched by typing (its default
    fuzzy filter: the typed characters in order, 「KPI1-1」 finds 「KPI 1-1」). Buttons and radios
    also cost the browser less on a page's first load than a selectbox (README, Performance)."""
    if len(shown) <= 4 and sum(map(len, shown)) <= 12:
        return where.segmented_control(
            label, shown, default=first, required=True, key=key, help=help, bind="query-params"
        )
    if len(shown) <= 10:
        return where.radio(label, shown, index=shown.index(first), key=key, help=help, bind="query-params")
    return where.selectbox(
        label, shown, index=shown.index(first), key=key, help=help, placeholder="選んでください", bind="query-params"
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
    _register(key)
    options = list(options)
    by_label = {str(format_func(o)): o for o in options}
    shown = list(by_label)
    first = [str(format_func(d)) for d in (default if default is not None else options) if d in options]
    url_state.read_address(key, by_label, many=True)
    _take_requested(key, label, by_label, many=True)
    if any(v not in by_label for v in st.session_state.get(key, [])):
        st.session_state[key] = [v for v in st.session_state[key] if v in by_label]
    where = _area(container)
    if len(shown) <= 12:
        picked = where.pills(label, shown, selection_mode="multi", default=first, key=key, bind="query-params")
    else:
        picked = where.multiselect(
            label, shown, default=first, key=key, placeholder="選んでください", bind="query-params"
        )
    _drawn(key, list(picked or []))
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
