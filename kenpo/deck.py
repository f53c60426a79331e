"""A meeting deck: an ordered list of views, each a page of the dashboard with the parameters of its
address and a short heading. Two portable forms: a small JSON file (saved, mailed, loaded) and a
code in the address (``?deck=…``, compressed JSON in base64url), so a deck is shareable as a link.
No Streamlit here: the deck panel and presenter mode (kenpo.deck_panel, kenpo.presenter) use it.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass, field

FORMAT = "kenpo-deck"
VERSION = 1
# Parameters that belong to presenting, not to a view: never stored in an entry.
PRESENTING_KEYS = frozenset({"present", "deck", "step"})
MAX_ENTRIES = 50
MAX_HEADING = 60
MAX_FILE_BYTES = 200_000


class DeckError(ValueError):
    """A deck file or code that cannot be read; the message is Japanese, for the screen."""


@dataclass(frozen=True)
class Entry:
    page: str  # a page slug (kenpo.navigation.slugs())
    # The view's filters, in order: a single choice as a string, a multiple choice as a tuple.
    params: tuple[tuple[str, str | tuple[str, ...]], ...]
    heading: str

    @staticmethod
    def of(page: str, params: dict[str, list[str] | str], heading: str) -> Entry:
        kept = tuple(
            (str(k), tuple(map(str, v)) if isinstance(v, list | tuple) else str(v))
            for k, v in params.items()
            if k not in PRESENTING_KEYS
        )
        return Entry(page, kept, heading.strip()[:MAX_HEADING])

    def query(self) -> dict[str, str | list[str]]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.params}


@dataclass(frozen=True)
class Deck:
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: Entry) -> Deck:
        return Deck(self.entries + (entry,)) if len(self.entries) < MAX_ENTRIES else self

    def remove(self, index: int) -> Deck:
        return Deck(tuple(e for i, e in enumerate(self.entries) if i != index))

    def move(self, index: int, by: int) -> Deck:
        """The entry at ``index`` moved ``by`` places (-1: up, 1: down), kept within the deck."""
        to = index + by
        if not (0 <= index < len(self.entries) and 0 <= to < len(self.entries)):
            return self
        entries = list(self.entries)
        entries[index], entries[to] = entries[to], entries[index]
        return Deck(tuple(entries))

    # The file: what a planner saves and mails.
    def to_json(self) -> str:
        body = {
            "format": FORMAT,
            "version": VERSION,
            "views": [{"heading": e.heading, "page": e.page, "params": e.query()} for e in self.entries],
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"

    # The address: the same content, compact.
    def code(self) -> str:
        compact = [[e.page, e.heading, e.query()] for e in self.entries]
        raw = json.dumps(compact, ensure_ascii=False, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def _entries(views: object, pages: set[str]) -> tuple[Entry, ...]:
    if not isinstance(views, list) or not views:
        raise DeckError("デッキに表示が1つもありません。")
    if len(views) > MAX_ENTRIES:
        raise DeckError(f"デッキの表示は{MAX_ENTRIES}件までです（{len(views)}件あります）。")
    entries = []
    for n, view in enumerate(views, 1):
        if not isinstance(view, dict):
            raise DeckError(f"{n}件目の表示が読めません。")
        page, heading, params = view.get("page"), view.get("heading", ""), view.get("params", {})
        if page not in pages:
            raise DeckError(f"{n}件目のページ「{str(page)[:30]}」はこのダッシュボードにありません。")
        if not isinstance(heading, str) or not isinstance(params, dict):
            raise DeckError(f"{n}件目の見出しか条件が読めません。")
        for k, v in params.items():
            values = v if isinstance(v, list) else [v]
            if not all(isinstance(x, str | int | float) and not isinstance(x, bool) for x in values):
                raise DeckError(f"{n}件目の条件「{str(k)[:20]}」が読めません。")
        entries.append(
            Entry.of(
                page, {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in params.items()}, heading
            )
        )
    return tuple(entries)


def from_json(text: str | bytes, pages: set[str]) -> Deck:
    """A deck file read back; DeckError (in Japanese) when it is not one."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise DeckError("デッキのファイルが大きすぎます。")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DeckError("デッキのファイルがUTF-8のJSONではありません。") from exc
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DeckError("デッキのファイルがJSONとして読めません。") from exc
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise DeckError("kenpo のデッキのファイルではありません（format が kenpo-deck ではありません）。")
    if body.get("version") != VERSION:
        raise DeckError(f"このデッキの形式（version {str(body.get('version'))[:10]}）には対応していません。")
    return Deck(_entries(body.get("views"), pages))


def from_code(code: str, pages: set[str]) -> Deck:
    """A deck from its address code; DeckError (in Japanese) when the code is damaged."""
    try:
        inflate = zlib.decompressobj()
        raw = inflate.decompress(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)), MAX_FILE_BYTES)
        if inflate.unconsumed_tail or not inflate.eof:
            raise ValueError("too long or cut")
        compact = json.loads(raw)
        views = [{"page": p, "heading": h, "params": q} for p, h, q in compact]
    except (ValueError, TypeError, zlib.error) as exc:
        raise DeckError(
            "アドレスのデッキ（deck=…）が読めません。アドレスが途中で切れていないか確かめてください。"
        ) from exc
    return Deck(_entries(views, pages))
