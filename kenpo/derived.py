"""Caching what pages derive from query results: display tables, chart specs, Arrow tables.

Query results are cached objects (kenpo.connection): while the store is unchanged, a page gets
the very same DataFrame on every rerun. A pure function of such frames is therefore cached by
the frames' identity, not by hashing their contents on every rerun (hashing a frame costs as
much as deriving from it). Identity is a token handed out once per live frame and never reused,
so a frame that has been freed can never be mistaken for a new one at the same address. The
cache is a plain bounded LRU: a hit costs microseconds, where st.cache_resource's key (signature
inspection and hashing of every argument) cost more than most of the functions it saved.

Results are shared by every session and must not be modified in place; everything in
kenpo.display builds new frames. Chains stay cached: a derived frame is itself kept by the
cache, so a function of it (a chart of a display table) hits on the next rerun too. A rebuilt
store gives new query frames, hence new keys; the old entries age out of the LRU.
"""
from __future__ import annotations

import functools
import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa

F = TypeVar("F", bound=Callable)

MAX_ENTRIES = 4096

_tokens: dict[int, tuple[weakref.ref, int]] = {}
_serial = itertools.count(1)
_lock = threading.RLock()
_results: OrderedDict[tuple, Any] = OrderedDict()


def frame_token(frame: pd.DataFrame) -> int:
    """A number that stands for this frame object for as long as it lives, and for no other."""
    key = id(frame)
    with _lock:
        entry = _tokens.get(key)
        if entry is not None and entry[0]() is frame:
            return entry[1]
        token = next(_serial)

        def forget(ref: weakref.ref, key: int = key) -> None:
            with _lock:
                if _tokens.get(key, (None,))[0] is ref:
                    del _tokens[key]

        _tokens[key] = (weakref.ref(frame, forget), token)
        return token


def _key_part(value: Any) -> Any:
    if isinstance(value, pd.DataFrame):
        return ("frame", frame_token(value))
    if isinstance(value, list):
        return ("list", tuple(_key_part(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((k, _key_part(v)) for k, v in value.items()))
    if isinstance(value, tuple):
        return tuple(_key_part(v) for v in value)
    hash(value)  # anything else must be hashable: fail loudly rather than cache wrongly
    return value


def derived(fn: F) -> F:
    """Cache a pure function of DataFrames (and hashable, list or dict arguments) by frame identity."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (wrapper, _key_part(args), _key_part(tuple(sorted(kwargs.items()))))
        with _lock:
            if key in _results:
                _results.move_to_end(key)
                return _results[key]
        value = fn(*args, **kwargs)
        with _lock:
            _results[key] = value
            while len(_results) > MAX_ENTRIES:
                _results.popitem(last=False)
        return value
    return wrapper  # type: ignore[return-value]


def clear() -> None:
    """Forget every derived result (the benchmark's cold runs; tests)."""
    with _lock:
        _results.clear()


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
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if _is_text(column) and column.nunique(dropna=True) <= DICTIONARY_MAX_SHARE * len(frame):
            out.isetitem(position, column.astype("category"))
    return pa.Table.from_pandas(out, preserve_index=False)
