"""Finding a metric by any name its document prints for it (data/metric_aliases.csv).

Owns two rules: how an alias reads in a picker (``shown``: a KPI number as 「KPI 1-1」, anything
else as printed) and how search text is compared (``search_key``: NFKC, lower case, no white
space, so 「ＫＰＩ１-１」, 「kpi 1-1」 and 「KPI1-1」 are one key). The SQL views compare with the
macro ``search_key``, rendered from ``SEARCH_KEY_TRANSLATION`` by ``kenpo.build.sql_macros``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kenpo import contracts as C

_SPACE = re.compile(r"\s+")


def search_key(text: str) -> str:
    """The form search compares: NFKC (full-width letters and digits, half-width katakana), lower
    case, white space removed."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).lower())


# The blocks where the documents' text and typed search differ in width: number forms (Ⅰ), enclosed
# numerals (①), the ideographic space and the full-width and half-width forms (ＡＫ１－, ｶﾀｶﾅ).
_BLOCKS = ((0x2150, 0x2190), (0x2460, 0x2500), (0x3000, 0x3001), (0xFF01, 0xFFEF))


def _translation() -> tuple[str, str]:
    """Each character of those blocks whose NFKC form is one other character: the part of NFKC
    that SQL's translate() applies character by character (a character whose NFKC form is several,
    ⑸ → (5), or a half-width voiced katakana pair, is left as it is in SQL, as is the full-width
    semicolon, which the macros file cannot hold in a literal)."""
    source, target = [], []
    for start, end in _BLOCKS:
        for char in map(chr, range(start, end)):
            form = unicodedata.normalize("NFKC", char)
            if form != char and len(form) == 1 and form != ";":  # ；: a macro ends at ;
                source.append(char)
                target.append(form)
    return "".join(source), "".join(target)


SEARCH_KEY_TRANSLATION = _translation()


def shown(alias: str, kind: str) -> str:
    """An alias as a picker shows it: a KPI number with its prefix (「1-1」 → 「KPI 1-1」, 「１」 →
    「KPI 1」), anything else as printed."""
    return C.KPI_NUMBER_PREFIX + unicodedata.normalize("NFKC", alias) if kind == C.KPI_NUMBER else alias


def option_label(name: str, aliases: Iterable[str]) -> str:
    """A picker's option: the metric's name with the aliases that it does not already contain, in
    full-width brackets (「健康保険委員が…割合（カバー率・KPI 1-1）」); the name alone without any."""
    key, extra = search_key(name), []
    for alias in aliases:
        if search_key(alias) not in key and alias not in extra:
            extra.append(alias)
    return f"{name}（{'・'.join(extra)}）" if extra else name
