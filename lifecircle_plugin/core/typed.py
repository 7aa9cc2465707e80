"""Values read the way people type them.

Planners and offices type statuses, years, categories and class names by hand, in Excel and in QGIS forms:
' 完工', '完工 ', '２０２６' (full-width digits from a Chinese input method), '2026年', 'Trunk', 'MOTORWAY',
'Ｑ０５'. Every comparison of such a value with a vocabulary goes through this module: NFKC normalisation (full-width
letters, digits and spaces become their plain forms), trimmed, runs of spaces made one, and — for comparing —
case folded (Latin vocabularies such as OSM road classes are case-insensitive; Chinese has no case).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Iterable, Mapping, Optional

_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"^(\d{4})\s*(?:年度?|年份)?$")
# years a project list or a survey can be about (a wider number is a typing slip, not a year)
YEAR_RANGE = (1900, 2200)


def clean_text(value: object) -> str:
    """The text of ``value`` as typed, normalised: NFKC, trimmed, inner whitespace runs made one space. '' for
    None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 2026.0 from a spreadsheet or a real field: "2026"
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACES.sub(" ", text).strip()


def word_key(value: object) -> str:
    """The key two typings of one word share: :func:`clean_text`, case folded."""
    return clean_text(value).casefold()


def same_word(a: object, b: object) -> bool:
    return word_key(a) == word_key(b)


def vocabulary_lookup(words: Iterable[str], aliases: Optional[Mapping[str, str]] = None) -> dict[str, str]:
    """{word key: canonical word} for a vocabulary (and extra aliases → canonical words)."""
    table = {word_key(w): w for w in words}
    for alias, word in (aliases or {}).items():
        table[word_key(alias)] = word
    return table


def canonical_word(value: object, lookup: Mapping[str, str]) -> Optional[str]:
    """The vocabulary's own spelling of ``value`` (a lookup from :func:`vocabulary_lookup`), or None."""
    return lookup.get(word_key(value))


def year_of(value: object) -> Optional[int]:
    """The year in a typed value: 2026, 2026.0, '2026', ' 2026 ', '2026年', '2026年度', '２０２６', a date or datetime.
    None for anything else (empty, text, a number that is not a whole year in 1900–2200)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
            return None
        year = int(value)
    else:
        m = _YEAR.match(clean_text(value))
        if not m:
            return None
        year = int(m.group(1))
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


def split_list(text: object) -> list[str]:
    """A typed list ('在建, 完工', '在建，完工', '在建、完工', '在建;完工') as its cleaned items."""
    return [item for item in (clean_text(p) for p in re.split(r"[,;、|]", clean_text(text))) if item]


def number_of(value: object) -> float:
    """A number as typed: 1200, '1200', ' 1,200 ', '１２００', '1,200.5'. Raises ValueError for text that is not one
    (a thousands separator is a comma: Chinese and English data both write 1,200)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    text = clean_text(value).replace(",", "")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"'{clean_text(value)}' is not a number") from None


_WITH_UNIT = re.compile(r"^(.*?\d)\s*(?:层|楼层|楼|票|人|户|个|栋|幢|次|米|m)$", re.IGNORECASE)


def count_of(value: object) -> float:
    """A count or measure as typed, also with its unit word after it: '6层', '3票', '12 m', '１８层' (and whatever
    :func:`number_of` reads). Raises ValueError for anything else."""
    if isinstance(value, str):
        m = _WITH_UNIT.match(clean_text(value))
        if m:
            return number_of(m.group(1))
    return number_of(value)


def phrase_positions(text: str, part: str):
    """Where ``part`` stands in ``text``; a Latin phrase (AED, gym) only as a word of its own — not inside
    'paediatric' — while Chinese phrases match anywhere (Chinese has no spaces between words)."""
    latin = part.isascii() and part[:1].isalnum()
    start = text.find(part)
    while start >= 0:
        end = start + len(part)
        if not latin or ((start == 0 or not _latin(text[start - 1])) and (end == len(text) or not _latin(text[end]))):
            yield start
        start = text.find(part, start + 1)


def contains_phrase(text: str, part: str) -> bool:
    return next(phrase_positions(text, part), None) is not None


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()
