"""The meeting deck's own rules (kenpo.deck): its file and address forms give back the same views,
reordering and removing keep the rest, and what is not a deck is refused in Japanese."""

from __future__ import annotations

import json

import pytest

from kenpo.deck import MAX_ENTRIES, Deck, DeckError, Entry, from_code, from_json
from kenpo.navigation import slugs

PAGES = set(slugs())


def three() -> Deck:
    deck = Deck()
    deck = deck.add(Entry.of("national", {"view": "推移", "metric": "加入者数"}, "全国 加入者数"))
    deck = deck.add(
        Entry.of(
            "branch_monthly",
            {"branch": "群馬", "metric": "保険証回収率", "basis": "累計", "years": ["令和5年度", "令和6年度"]},
            "群馬 保険証回収率（累計）",
        )
    )
    return deck.add(
        Entry.of("branch_vs_national", {"branch": "群馬", "view": "KPI一覧", "present": "true"}, "群馬 KPI一覧")
    )


def test_file_and_address_give_back_the_same_views_in_order():
    deck = three()
    assert from_json(deck.to_json(), PAGES) == deck
    assert from_json(deck.to_json().encode("utf-8-sig"), PAGES) == deck  # saved by Windows Notepad
    assert from_code(deck.code(), PAGES) == deck
    assert [e.page for e in deck.entries] == ["national", "branch_monthly", "branch_vs_national"]
    # a single choice stays a string, a multiple choice a list (the filter it goes to needs which)
    assert deck.entries[1].query()["metric"] == "保険証回収率"
    assert deck.entries[1].query()["years"] == ["令和5年度", "令和6年度"]


def test_the_file_is_readable_json_with_japanese_as_written():
    text = three().to_json()
    body = json.loads(text)
    assert body["format"] == "kenpo-deck" and body["version"] == 1
    assert body["views"][2] == {
        "heading": "群馬 KPI一覧",
        "page": "branch_vs_national",
        "params": {"branch": "群馬", "view": "KPI一覧"},
    }
    assert "保険証回収率" in text  # not \\u escapes: a planner can read and edit it


def test_presenting_parameters_never_enter_an_entry():
    entry = Entry.of("home", {"present": "true", "deck": "x", "step": "2", "a": "b"}, " 見出し ")
    assert entry.query() == {"a": "b"} and entry.heading == "見出し"


def test_move_and_remove():
    deck = three()
    moved = deck.move(2, -1)
    assert [e.page for e in moved.entries] == ["national", "branch_vs_national", "branch_monthly"]
    assert deck.move(0, -1) == deck and deck.move(2, 1) == deck  # nothing moves past the ends
    assert [e.page for e in deck.remove(0).entries] == ["branch_monthly", "branch_vs_national"]


def test_a_deck_holds_at_most_max_entries():
    deck = Deck()
    for n in range(MAX_ENTRIES + 3):
        deck = deck.add(Entry.of("home", {}, str(n)))
    assert len(deck) == MAX_ENTRIES


@pytest.mark.parametrize(
    "text, says",
    [
        ("not json", "JSONとして読めません"),
        ('{"format": "other"}', "kenpo のデッキのファイルではありません"),
        ('{"format": "kenpo-deck", "version": 9, "views": []}', "version 9"),
        ('{"format": "kenpo-deck", "version": 1, "views": []}', "1つもありません"),
        ('{"format": "kenpo-deck", "version": 1, "views": [{"page": "nope", "params": {}}]}', "1件目のページ「nope」"),
        ('{"format": "kenpo-deck", "version": 1, "views": [{"page": "home", "params": {"a": {"x": 1}}}]}', "条件「a」"),
    ],
)
def test_what_is_not_a_deck_file_is_refused_in_japanese(text, says):
    with pytest.raises(DeckError, match=says):
        from_json(text, PAGES)


def test_a_damaged_or_cut_address_is_refused_in_japanese():
    code = three().code()
    for broken in (code[: len(code) // 2], "!!!", code[:-3] + "AAA"):
        with pytest.raises(DeckError, match="アドレスのデッキ"):
            from_code(broken, PAGES)


def test_text_from_outside_is_escaped_for_markdown():
    from kenpo.notices import plain

    shown = plain("![x](http://e.invalid/a.png) :red[x] <b>y</b> www.e.invalid a_b*c")
    # every ASCII punctuation mark is escaped, the text itself is kept
    assert (
        shown.replace("\\", "").replace("\u2060", "")
        == "![x](http://e.invalid/a.png) :red[x] <b>y</b> www.e.invalid a_b*c"
    )
    assert "\\[x\\]" in shown and "\\:red" in shown and "\\<b\\>" in shown and "www\u2060\\.e" in shown
