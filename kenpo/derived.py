"""Caching what pages derive from query results: display tables, chart specs, Arrow tables.

Query results are cached objects (kenpo.connection, per store version): while the store is
unchanged, a page gets the very same DataFrame on every rerun. A pure function of such frames is
therefore cached by the frames' identity, not by hashing their contents on every rerun (hashing a
frame costs as much as deriving from it). Identity is a token handed out once per live frame and
never reused, so a frame that has been freed can never be mistaken for a new one at the same address.

The cache is bounded in bytes (MAX_BYTES, measured per result), and a result lives no longer
than the frames it was derived from: when a frame is freed (its store version was released after
a rebuild, or a derived frame was evicted) every result keyed by it is dropped at once. Keys
are typed, so 1, 1.0 and True, or a list and a tuple of the same items, are different keys.

Results are shared by every session and must not be modified in place; everything in
kenpo.shaping builds new frames. Chains stay cached: a derived frame is itself kept by the
cache, so a function of it (a chart of a display table) hits on the next rerun too.
"""

from __future__ import annotations

import functools
import itertools
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa

F = TypeVar("F", bound=Callable)

MAX_BYTES = 256 * 1024 * 1024

_tokens: dict[int, tuple[weakref.ref, int]] = {}
_serial = itertools.count(1)
_lock = threading.RLock()
_results: OrderedDict[tuple, tuple[Any, int, tuple[int, ...]]] = OrderedDict()  # key -> (value, bytes, tokens)
_keys_of_token: dict[int, set[tuple]] = {}
_bytes = 0


def size_of(value: Any) -> int:
    """Bytes a cached result holds (pandas' deep memory usage for frames, Arrow's buffers for tables)."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
    if isinstance(value, pa.Table):
        return int(value.nbytes)
    if isinstance(value, (list, tuple, dict, set)):
        return sys.getsizeof(value) + sum(
            sys.getsizeof(v) for v in (value.values() if isinstance(value, dict) else value)
        )
    return sys.getsizeof(value)


def _drop(key: tuple) -> None:
    """Remove one result (the lock is held)."""
    global _bytes
    entry = _results.pop(key, None)
    if entry is None:  # already dropped (a freed frame's callback ran meanwhile)
        return
    _, size, tokens = entry
    _bytes -= size
    for token in tokens:
        keys = _keys_of_token.get(token)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del _keys_of_token[token]


def _forget_token(token: int) -> None:
    """A frame was freed: every result derived from it goes too."""
    with _lock:
        for key in list(_keys_of_token.get(token, ())):
            if key in _results:
                _drop(key)
        _keys_of_token.pop(token, None)


def frame_token(frame: pd.DataFrame) -> int:
    """A number that stands for this frame object for as long as it lives, and for no other."""
    key = id(frame)
    with _lock:
        entry = _tokens.get(key)
        if entry is not None and entry[0]() is frame:
            return entry[1]
        token = next(_serial)

        def forget(ref: weakref.ref, key: int = key, token: int = token) -> None:
            with _lock:
                if _tokens.get(key, (None,))[0] is ref:
                    del _tokens[key]
            _forget_token(token)

        _tokens[key] = (weakref.ref(frame, forget), token)
        return token


def handed_out(value: Any) -> Any:
    """What callers get of a shared result: a frame as its own shallow copy, which stands for the
    shared frame in every key (same token) and, under pandas' copy-on-write, copies its data the
    moment a caller changes it, so a shared result cannot be modified in place, by design rather
    than by convention. Other results are returned as they are (Arrow tables are immutable)."""
    if not isinstance(value, pd.DataFrame):
        return value
    token = frame_token(value)
    view = value.copy(deep=False)
    key = id(view)

    def forget(ref: weakref.ref, key: int = key) -> None:  # the copy is gone: its results are the shared frame's
        with _lock:
            if _tokens.get(key, (None,))[0] is ref:
                del _tokens[key]

    with _lock:
        _tokens[key] = (weakref.ref(view, forget), token)
    return view


def _key_part(value: Any, tokens: list[int]) -> Any:
    if isinstance(value, pd.DataFrame):
        token = frame_token(value)
        tokens.append(token)
        return ("frame", token)
    if isinstance(value, list):
        return ("list", tuple(_key_part(v, tokens) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((_key_part(k, tokens), _key_part(v, tokens)) for k, v in value.items()))
    if isinstance(value, tuple):
        return ("tuple", tuple(_key_part(v, tokens) for v in value))
    hash(value)  # anything else must be hashable: fail loudly rather than cache wrongly
    return (type(value).__name__, value)


def derived(fn: F) -> F:
    """Cache a pure function of DataFrames (and hashable, list or dict arguments) by frame identity."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        global _bytes
        tokens: list[int] = []
        key = (wrapper, _key_part(args, tokens), _key_part(tuple(sorted(kwargs.items())), tokens))
        with _lock:
            if key in _results:
                _results.move_to_end(key)
                return handed_out(_results[key][0])
        value = fn(*args, **kwargs)
        size = size_of(value)
        with _lock:
            if key in _results:  # another session derived it meanwhile
                return handed_out(_results[key][0])
            _results[key] = (value, size, tuple(tokens))
            _bytes += size
            for token in tokens:
                _keys_of_token.setdefault(token, set()).add(key)
            while _bytes > MAX_BYTES and len(_results) > 1:
                _drop(next(iter(_results)))
        return handed_out(value)

    return wrapper  # type: ignore[return-value]


def clear() -> None:
    """Forget every derived result (the benchmark's cold runs; tests)."""
    global _bytes
    with _lock:
        _results.clear()
        _keys_of_token.clear()
        _bytes = 0


def cached() -> tuple[int, int]:
    """(results, bytes) held now."""
    with _lock:
        return len(_results), _bytes


@derived
def column_values(frame: pd.DataFrame, column: str) -> list:
    """A column as a list, made once per frame (a shared list: do not modify it)."""
    return frame[column].tolist()


@derived
def first_value(frame: pd.DataFrame, column: str) -> Any:
    """The column's first value, or None for an empty frame."""
    return frame[column].iloc[0] if len(frame) else None


# A text column whose distinct values are at most this share of its rows is sent as an Arrow
# dictionary (each distinct text once, then small integer codes). Source file names, sections,
# metric names and units repeat on every row of a data table: the encoded table is about a third
# of the plain one, and Streamlit serialises, hashes and sends the whole of it on every rerun.
DICTIONARY_MAX_SHARE = 0.5


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column)


@derived
def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table, converted once: st.dataframe then only serialises it.
    Repetitive text columns become categoricals (Arrow dictionaries); values and order are unchanged."""
    out = frame.copy(deep=False)
    for position, _name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if _is_text(column) and column.nunique(dropna=True) <= DICTIONARY_MAX_SHARE * len(frame):
            out.isetitem(position, column.astype("category"))
    return pa.Table.from_pandas(out, preserve_index=False)
