"""What every page does first and last: store check, presenter mode, URL notices, tables."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

import streamlit as st

from kenpo import deck_panel, filters, navigation, notices, presenter, queries, signin, unavailable
from kenpo.connection import pin
from kenpo.derived import arrow_table, derived
from kenpo.figures import column_formats as _column_formats
from kenpo.notices import plain
from kenpo.store_access import StoreUnavailable

_page_runs = 0  # page runs begun in this server process


def _settle_long_lived() -> None:
    """Once per server process, at the start of its second page run (the libraries imported,
    Altair's schema loaded, the caches filled by the first): collect, then move every object alive
    out of the garbage collector's sight (gc.freeze). Streamlit collects all garbage after each
    script run (runner.postScriptGC, on) to keep memory down while sessions come and go; that full
    collection walked these ~130,000 long-lived objects every time, 75-100 ms of server CPU a run,
    and now walks only the objects made since. A frozen object is still freed when nothing refers
    to it (README, Performance)."""
    global _page_runs
    _page_runs += 1
    if _page_runs >= 2 and gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


@dataclass
class PageContext:
    slug: str
    title: str
    presenting: bool
    filters: dict[str, object] = field(default_factory=dict)


def heading(title: str, intro: str | None = None) -> str:
    """The page title (an h1, as st.title draws it) and its one-line introduction in small grey type,
    as one Markdown element."""
    return f"# {title}" + (f"\n\n:small[:gray[{intro}]]" if intro else "")


def start(slug: str, title: str, intro: str | None = None, *, cards: bool = False) -> PageContext:
    """Check the store, apply presenter mode and open the page. Stops the page if the store is unusable.
    ``cards``: the page shows metric cards (st.metric), which get the dashboard's sizes."""
    st.set_page_config(page_title=f"{title}｜kenpo", **navigation.PAGE_CONFIG)
    # app.py ran the gate already; a deep link run without app.py (kenpo.signin) is stopped here
    signin.gate()
    signin.resume_deep_link(slug)  # after sign-in, the address opened before it
    _settle_long_lived()
    notices.reset()
    unavailable.pending_heading(heading(title))  # a store message ends the run under the title
    try:
        pin()  # every query of this run reads the store version current now, even if it is rebuilt meanwhile
    except StoreUnavailable as exc:
        unavailable.stop_page(exc)
    if queries.facts_count() == 0:
        unavailable.stop_without_figures()
    menu = st.sidebar.container(border=True)  # the page menu, boxed apart from the controls below
    filters.place(None)
    filters.forget_drawn()
    presenter.reset_charts()
    presenting = filters.flag(
        "present",
        "発表モード",
        help="サイドバーと表を隠し、グラフを画面に合わせて文字を大きくします（URLに present=true）",
    )
    deck, step = deck_panel.from_address(presenting)
    if not presenting:  # the sidebar is hidden when presenting: no menu to draw
        navigation.sidebar_links(menu)
        signin.sidebar_account(menu)  # the signed-in address and サインアウト, when sign-in is on
        deck_panel.sidebar(slug, title)
    presenter.apply(presenting, cards=cards)
    if presenting:
        # One quiet row of controls at the top right, then the title across the whole width.
        row = st.container(
            horizontal=True, horizontal_alignment="right", vertical_alignment="center", key="presenter_bar"
        )
        deck_panel.controls(deck, step, row)
        filters.place(
            row.popover("表示を変更", icon=":material/tune:", help="このページの条件（支部・指標・年度など）を選びます")
        )
        row.button(
            "通常表示に戻る",
            icon=":material/close_fullscreen:",
            key="leave_presenting",
            on_click=st.session_state.update,
            kwargs={"present": False},
        )  # the bound toggle rewrites the address
        shown = deck.entries[step - 1].heading if deck is not None and step is not None else title
        # a deck's heading, with the page's name beside it in small grey type (one line: the chart
        # below keeps the window's height less one title line)
        # a deck's heading is text from a file or an address: shown as the very text (notices.plain)
        st.markdown(f"# {plain(shown)}" + (f" :small[:gray[{title}]]" if shown != title else ""))
    else:  # the title and the page's one-line introduction in one element
        st.markdown(heading(title, intro))
    notices.open_area()  # notices about the address stand here, above the content
    unavailable.pending_heading(None)
    return PageContext(slug=slug, title=title, presenting=presenting)


def stop_without_figures(what: str) -> None:
    """A view whose figures the store lacks (their rows are not in data/): say so, instead of an
    empty chart or a title with "None" in it, and end the run."""
    st.info(
        f"{what}の数値がデータストアにありません。data/ のCSVにその行があるか確かめ、データストアを作り直してください。",
        icon=":material/info:",
    )
    st.stop()


@derived
def column_formats(frame) -> dict[str, str]:
    return _column_formats(frame)


def table(frame, *, height: int | str = "auto") -> None:
    """A table full width without its index, from the Arrow form cached per frame; a missing
    figure reads — (Streamlit would print "None"); numbers with thousands separators and the
    decimals they were printed with (kenpo.figures.column_formats)."""
    config = {c: st.column_config.NumberColumn(format=f) for c, f in column_formats(frame).items()}
    st.dataframe(
        arrow_table(frame), hide_index=True, width="stretch", height=height, placeholder="—", column_config=config
    )
