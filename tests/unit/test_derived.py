"""kenpo.derived: results cached by the identity of the frames they come from."""

from __future__ import annotations

import gc

import pandas as pd
import pyarrow as pa
import pytest

from kenpo import derived as D


@pytest.fixture(autouse=True)
def _fresh():
    D.clear()
    yield
    D.clear()


def _counting():
    calls = []

    @D.derived
    def total(frame: pd.DataFrame, column: str, *, scale: int = 1) -> float:
        calls.append(column)
        return float(frame[column].sum()) * scale

    return total, calls


def test_same_frame_and_arguments_compute_once():
    total, calls = _counting()
    frame = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    assert total(frame, "a") == 3 and total(frame, "a") == 3
    assert calls == ["a"]
    assert total(frame, "b") == 7 and total(frame, "a", scale=10) == 30
    assert calls == ["a", "b", "a"]


def test_an_equal_but_different_frame_is_computed_anew():
    """Identity, not content: a rebuilt store gives new frames, so nothing stale is served."""
    total, calls = _counting()
    one, two = pd.DataFrame({"a": [1, 2]}), pd.DataFrame({"a": [1, 2]})
    total(one, "a")
    total(two, "a")
    assert calls == ["a", "a"]


def test_a_freed_frame_never_lends_its_token_to_a_new_one():
    tokens = set()
    for value in range(50):  # new frames often reuse a freed frame's address
        frame = pd.DataFrame({"a": [value]})
        token = D.frame_token(frame)
        assert token not in tokens
        tokens.add(token)
        assert D.frame_token(frame) == token
        del frame
        gc.collect()


def test_results_follow_their_frames_not_their_addresses():
    total, _ = _counting()
    seen = {}
    for value in range(50):
        frame = pd.DataFrame({"a": [value]})
        seen[value] = total(frame, "a")
        del frame
        gc.collect()
    assert seen == {v: float(v) for v in range(50)}


def test_lists_and_dicts_are_keys_by_value():
    @D.derived
    def pick(frame: pd.DataFrame, columns: list, labels: dict) -> list:
        return [labels[c] for c in columns]

    frame = pd.DataFrame({"a": [1], "b": [2]})
    assert pick(frame, ["a", "b"], {"a": "x", "b": "y"}) == ["x", "y"]
    assert pick(frame, ["b"], {"a": "x", "b": "y"}) == ["y"]


def test_an_unhashable_argument_is_refused_not_cached_wrongly():
    @D.derived
    def size(frame: pd.DataFrame, extra) -> int:
        return len(frame)

    with pytest.raises(TypeError):
        size(pd.DataFrame({"a": [1]}), {1, 2})


def test_the_cache_is_bounded_in_bytes(monkeypatch):
    """Each result counts its bytes; past MAX_BYTES the least recently used go first."""

    @D.derived
    def block(frame: pd.DataFrame, rows: int) -> pd.DataFrame:
        return pd.DataFrame({"x": range(rows)})

    D.clear()
    one = D.size_of(pd.DataFrame({"x": range(1000)}))
    monkeypatch.setattr(D, "MAX_BYTES", 10 * one)
    frame = pd.DataFrame({"a": [1]})
    for n in range(30):
        block(frame, 1000 + n)
    results, held = D.cached()
    assert held <= 10 * one and 5 <= results <= 10


def test_results_go_with_the_frame_they_were_derived_from():
    """A query frame freed (its store version released after a rebuild) takes its results along."""
    import gc

    D.clear()
    total, _ = _counting()
    frame = pd.DataFrame({"a": [1, 2, 3]})
    total(frame, "a")
    assert D.cached()[0] == 1
    del frame
    gc.collect()
    assert D.cached() == (0, 0)


def test_keys_tell_types_and_containers_apart():
    @D.derived
    def echo(frame: pd.DataFrame, value):
        return repr(value)

    frame = pd.DataFrame({"a": [1]})
    assert [echo(frame, v) for v in (1, 1.0, True)] == ["1", "1.0", "True"]
    assert echo(frame, ["a"]) == "['a']" and echo(frame, ("list", ("a",))) == "('list', ('a',))"


def test_arrow_table_keeps_columns_and_values():
    frame = pd.DataFrame({"年度": ["令和5年度", "令和6年度"], "値": [93.5, None]})
    table = D.arrow_table(frame)
    assert table.column_names == ["年度", "値"]
    assert table.to_pandas()["値"].iloc[0] == 93.5 and table.num_rows == 2
    assert D.arrow_table(frame) is table


def test_arrow_table_sends_repetitive_text_once():
    """Source, section and unit repeat on every row: sent as an Arrow dictionary, values unchanged;
    a column of distinct texts (the printed figure) stays plain; a missing cell stays missing."""
    frame = pd.DataFrame(
        {
            "出典": ["002.txt"] * 3 + ["003.txt"],
            "資料上の表記": ["93.5", "94.0", "95.1", None],
            "値": [93.5, 94.0, 95.1, None],
        }
    )
    table = D.arrow_table(frame)
    assert pa.types.is_dictionary(table.schema.field("出典").type)
    assert not pa.types.is_dictionary(table.schema.field("資料上の表記").type)
    assert table.column("出典").to_pylist() == frame["出典"].tolist()
    assert table.column("資料上の表記").to_pylist() == ["93.5", "94.0", "95.1", None]
    assert str(frame["出典"].dtype) != "category"  # the cached query frame itself is untouched


def test_arrow_table_of_an_empty_frame():
    table = D.arrow_table(pd.DataFrame({"出典": pd.Series([], dtype=object)}))
    assert table.num_rows == 0 and table.column_names == ["出典"]


def test_a_caller_cannot_change_a_shared_result():
    """Results are shared by every session: a caller that changes what it got changes its own copy."""

    @D.derived
    def doubled(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({"x": frame["a"] * 2})

    frame = pd.DataFrame({"a": [1, 2]})
    got = doubled(frame)
    got.loc[0, "x"] = -1
    got["extra"] = 0
    again = doubled(frame)
    assert again["x"].tolist() == [2, 4] and "extra" not in again.columns


def test_a_handed_out_copy_still_hits_the_cache():
    total, calls = _counting()
    frame = D.handed_out(pd.DataFrame({"a": [1, 2, 3]}))
    view = D.handed_out(frame)
    assert view is not frame
    total(frame, "a")
    total(view, "a")  # the same shared frame: no second computation
    assert len(calls) == 1
