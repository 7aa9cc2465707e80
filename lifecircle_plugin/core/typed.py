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


# The one yes/no vocabulary: every yes/no field, column or cell a planner fills (a network's walkable flag, a
# compound's "open" mark, a facility's one-stop mark, a candidate's "available", a ledger's 计入) is read by
# :func:`yes_no`. A domain may add its own words on top (a compound's 开放 is a yes; a road's 不可通行 is a no), never
# a second list of the common ones.
# (a Latin "x" is in neither: an English sheet ticks a box with it, a Chinese one types it for ×; a reader whose
# column has a known meaning for it adds it as its own word)
YES_WORDS = frozenset({"1", "1.0", "true", "t", "yes", "y", "是", "✓", "√"})
NO_WORDS = frozenset({"0", "0.0", "false", "f", "no", "n", "否", "×", "✗"})


def yes_no(value: object, yes_words: Iterable[str] = (), no_words: Iterable[str] = ()) -> Optional[bool]:
    """A typed yes/no: True, False, or None when the value is empty or says neither (the caller decides whether an
    unknown word is an error). Booleans and numbers read as they are (0 is no, any other number yes); text through
    :func:`word_key` against YES_WORDS / NO_WORDS plus the caller's extra words."""
    if value is None:
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if not isinstance(value, str) and (isinstance(value, (int, float)) or type(value).__module__ == "numpy"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        return None if math.isnan(number) else number != 0
    key = word_key(value)
    if not key:
        return None
    if key in YES_WORDS or key in {word_key(w) for w in yes_words}:
        return True
    if key in NO_WORDS or key in {word_key(w) for w in no_words}:
        return False
    return None


def is_yes(value: object, yes_words: Iterable[str] = ()) -> bool:
    """True only for a value :func:`yes_no` reads as yes (empty and unknown words are not a yes)."""
    return yes_no(value, yes_words) is True


def is_no(value: object, no_words: Iterable[str] = ()) -> bool:
    """True only for a value :func:`yes_no` reads as no (empty and unknown words are not a no)."""
    return yes_no(value, (), no_words) is False
