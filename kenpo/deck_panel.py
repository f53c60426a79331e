"""The meeting deck in the dashboard: made in the sidebar's 「発表デッキ」 panel (add the current
view, reorder, remove, save as a file, load a file, copy its address, start presenting), played in
presenter mode with 前へ / 次へ (← / → keys). The deck itself and its file and address forms are in
kenpo.deck; while presenting it travels in the address (``?deck=…&step=3``), so a reload or a
shared link stays on the same view.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode, urlsplit

import streamlit as st

from kenpo import filters, navigation
from kenpo.deck import Deck, DeckError, Entry, from_code, from_json
from kenpo.notices import notice, plain

_DECK, _SEEN = "deck_entries", "_deck_code_seen"


def current() -> Deck:
    return st.session_state.get(_DECK) or Deck()


def _set(deck: Deck) -> None:
    st.session_state[_DECK] = deck


def from_address(presenting: bool) -> tuple[Deck | None, int | None]:
    """The session's deck, kept in the address (``?deck=…``) so that a reload or a shared link
    restores it, and, when presenting, the step the address names (``&step=n``); (None, None)
    without a deck. A deck code new to this session replaces the session's deck; a damaged code or
    step is a Japanese notice."""
    code = st.query_params.get("deck")
    if code and st.session_state.get(_SEEN) != code:
        st.session_state[_SEEN] = code
        try:
            _set(from_code(code, set(navigation.slugs())))
        except DeckError as exc:
            notice("deck", plain(str(exc), 400))
    deck = current()
    wanted = deck.code() if len(deck) else None
    if wanted != code:  # the address follows the session's deck (added, moved, removed, loaded)
        if wanted:
            st.query_params["deck"] = wanted
        elif "deck" in st.query_params:
            del st.query_params["deck"]
        st.session_state[_SEEN] = wanted
    if not len(deck):
        return None, None
    if (to := st.session_state.pop("_deck_go", None)) and 1 <= to <= len(deck):  # 発表を始める, 前へ, 次へ
        go(deck, to)
    if not presenting:
        return deck, None
    raw = st.query_params.get("step", "1")
    step = int(raw) if raw.isdigit() and 1 <= int(raw) <= len(deck) else None
    if step is None:
        notice("step", f"デッキ（{len(deck)}件）に、アドレスの step\\={plain(raw, 10)} の表示はありません。")
    return deck, step


def view_heading(title: str, shown: dict[str, str | list[str]]) -> str:
    """A heading for a view: the page's title and its single choices (「支部 月次：群馬・郵送化率・単月」);
    choices of several values (years) are left out."""
    chosen = [v for v in shown.values() if isinstance(v, str) and v]
    return f"{title}：{'・'.join(chosen)}" if chosen else title


def _add(slug: str, title: str) -> None:
    """Add the view of the last run: its page and every filter's choice, defaults included (the
    address leaves a default out, and a default can change when the data does)."""
    typed = st.session_state.get("deck_heading", "").strip()
    shown = filters.drawn()
    params = {k: v for k, v in shown.items() if k != "present"}
    _set(current().add(Entry.of(slug, params, typed or view_heading(title, shown))))
    st.session_state["deck_heading"] = ""


def _load() -> None:
    upload = st.session_state.get("deck_file")
    if upload is None:
        return
    try:
        _set(from_json(upload.getvalue(), set(navigation.slugs())))
        st.session_state["_deck_load_error"] = None
    except DeckError as exc:
        st.session_state["_deck_load_error"] = str(exc)


def start_query(deck: Deck, step: int) -> dict[str, list[str] | str]:
    """The address parameters of step ``step`` (1-based) of ``deck`` played in presenter mode."""
    entry = deck.entries[step - 1]
    return {**entry.query(), "present": "true", "deck": deck.code(), "step": str(step)}


def address(deck: Deck) -> str:
    """The deck's shareable address: its first view, presenting, with the deck in the address."""
    entry = deck.entries[0]
    url = urlsplit(st.context.url or "http://localhost/")
    path = url.path.rstrip("/")
    last = path.rsplit("/", 1)[-1] if path else ""
    base = path[: -len(last)].rstrip("/") if last in navigation.slugs() else path
    page = "" if entry.page == navigation.DEFAULT else entry.page
    query = urlencode(start_query(deck, 1), doseq=True)
    return f"{url.scheme}://{url.netloc}{base}/{page}?{query}"


def go(deck: Deck, step: int) -> None:
    """Open step ``step`` of the deck in presenter mode (ends this run). The filters' choices of
    this session are forgotten first, so that the view is the one its address names (a choice left
    at its default is not in the address)."""
    entry = deck.entries[step - 1]
    # The view's choices go to its filters through the session (kenpo.filters.request), not the
    # address: Streamlit refuses to set a parameter bound to a widget, and the filters and the
    # presenter toggle were bound in earlier runs. The bound widgets then write them to the address.
    filters.request(entry.query())
    st.switch_page(navigation.target(entry.page), query_params={"deck": deck.code(), "step": str(step)})


def sidebar(slug: str, title: str) -> None:
    """The 「発表デッキ」 panel in the sidebar; its content is drawn only while it is open (a page's
    first load draws no file uploader nor download)."""
    deck = current()
    panel = st.sidebar.expander("発表デッキ", icon=":material/slideshow:", key="deck_open", on_change="rerun")
    if not panel.open:
        return
    with panel:
        st.caption(
            f"いまのデッキ：{len(deck)}件。発表モードでは ←/→ キーか「前へ」「次へ」で順に表示します。"
            if len(deck)
            else "会議で順に見せる表示を、ここに集めます。"
        )
        st.text_input(
            "見出し",
            key="deck_heading",
            placeholder="空欄なら、ページ名と選んだ条件",
            help="デッキでこの表示の上に出す見出し",
        )
        st.button(
            "この表示をデッキに追加",
            icon=":material/add:",
            key="deck_add",
            on_click=_add,
            args=(slug, title),
            width="stretch",
        )
        for i, entry in enumerate(deck.entries):
            row = st.container(horizontal=True, vertical_alignment="center", gap="small")
            row.markdown(f"{i + 1}\\. {plain(entry.heading)}", width="stretch")
            row.button(
                "",
                icon=":material/arrow_upward:",
                key=f"deck_up_{i}",
                help="上へ",
                type="tertiary",
                disabled=i == 0,
                on_click=lambda i=i: _set(current().move(i, -1)),
            )
            row.button(
                "",
                icon=":material/arrow_downward:",
                key=f"deck_down_{i}",
                help="下へ",
                type="tertiary",
                disabled=i == len(deck) - 1,
                on_click=lambda i=i: _set(current().move(i, 1)),
            )
            row.button(
                "",
                icon=":material/close:",
                key=f"deck_remove_{i}",
                help="デッキから外す",
                type="tertiary",
                on_click=lambda i=i: _set(current().remove(i)),
            )
        if len(deck):
            st.button(
                "発表を始める（←/→で移動）",
                icon=":material/play_arrow:",
                key="deck_start",
                type="primary",
                width="stretch",
                on_click=st.session_state.update,
                kwargs={"_deck_go": 1, "present": True},
            )
            st.download_button(
                "デッキをファイルに保存（.json）",
                deck.to_json().encode("utf-8"),
                file_name=f"発表デッキ_{date.today():%Y%m%d}.json",
                mime="application/json",
                key="deck_save",
                on_click="ignore",
                icon=":material/save:",
                width="stretch",
            )
            st.caption("デッキのアドレス（共有用）")
            st.code(address(deck), language=None, wrap_lines=True)
        st.file_uploader("デッキのファイルを読み込む", type=["json"], key="deck_file", on_change=_load)
        if error := st.session_state.get("_deck_load_error"):
            st.error(plain(error, 400), icon=":material/error:")


def controls(deck: Deck | None, step: int | None, where) -> None:
    """前へ / 「3 / 7」 / 次へ in presenter mode's control row (keys ← and →), for a deck being played."""
    if deck is None or step is None:
        return
    where.button(
        "前へ",
        icon=":material/arrow_back:",
        key="deck_prev",
        on_click=st.session_state.update,
        kwargs={"_deck_go": step - 1},
        shortcut="Left",
        disabled=step <= 1,
        help="前の表示（←キー）",
    )
    where.markdown(f"**{step} / {len(deck)}**", width="content")
    where.button(
        "次へ",
        icon=":material/arrow_forward:",
        key="deck_next",
        on_click=st.session_state.update,
        kwargs={"_deck_go": step + 1},
        shortcut="Right",
        disabled=step >= len(deck),
        help="次の表示（→キー）",
    )
