"""No figure printed in the five documents is missing: every number token of each document is
in the `printed` column of its rows in data/, or listed as not a figure with a reason."""

from __future__ import annotations

import pytest

from tests.data.coverage import ignored_tokens, printed_tokens, stale_ignores, tokens, uncovered

DOCS = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", DOCS)
def test_every_number_in_the_document_is_captured(prefix):
    missing = uncovered(prefix)
    assert not missing, "\n".join(f"{t}\t…{c}…" for t, c in missing[:30])


@pytest.mark.parametrize("prefix", DOCS)
def test_ignore_lists_are_honest(prefix):
    assert not stale_ignores(prefix)
    reasons = ignored_tokens(prefix)
    assert all(reason for reason in reasons.values()), "every ignored token needs a reason"


def test_tokenizer_normalises_full_width_and_keeps_separators():
    assert [t for t, _ in tokens("回答率 97.５% 対象数 1,716 時間 3:05 △1")] == ["97.5", "1,716", "3:05", "1"]


def test_a_removed_row_would_be_noticed():
    """The coverage check is not vacuous: 4,037 (万人, doc 000) is covered only by data/."""
    source = "000_ea8c514f59c29b9d.txt"
    assert "4,037" in printed_tokens(source)
    assert "4,037" not in ignored_tokens("000")
