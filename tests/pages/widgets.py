"""The page's filters as AppTest sees them, whatever widget kenpo.filters chose for a list of
options (a segmented control, radio buttons or a selectbox for one choice; pills or a
multiselect for several). Their options are the labels as shown, and so are their values."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def singles(at: AppTest) -> list:
    """Every single-choice filter, in the order of the page."""
    groups = [g for g in at.button_group if not isinstance(g.value, list)]
    return _in_order(at, [*at.selectbox, *at.radio, *groups])


def multis(at: AppTest) -> list:
    """Every multiple-choice filter, in the order of the page."""
    groups = [g for g in at.button_group if isinstance(g.value, list)]
    return _in_order(at, [*at.multiselect, *groups])


def single(at: AppTest, key: str):
    """The single-choice filter bound to ``key``."""
    return _by_key(singles(at), key)


def multi(at: AppTest, key: str):
    """The multiple-choice filter bound to ``key``."""
    return _by_key(multis(at), key)


def chosen(widget) -> list[str]:
    """The labels chosen in a filter (one for a single choice)."""
    value = widget.value
    return list(value) if isinstance(value, list) else [value]


def index(widget) -> int:
    """The position of a single choice's value among its options."""
    return list(widget.options).index(widget.value)


def _by_key(widgets: list, key: str):
    for w in widgets:
        if w.key == key:
            return w
    raise KeyError(key)


def _in_order(at: AppTest, widgets: list) -> list:
    order = [id(w) for block in (at.sidebar, at.main) for w in _walk(block)]
    return sorted(widgets, key=lambda w: order.index(id(w)) if id(w) in order else len(order))


def _walk(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from _walk(child)
