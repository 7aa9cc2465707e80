"""The one list of words that say "residential" (居住).

Where it lives: the rows of ``resources/rules/unit_types.csv`` whose type is 居住 (the block types of 'Delineate
units', read by :func:`core.units.unit_type_words`). Every other place that asks "is this residential" reads the
same rows through :func:`residential_words`: the zone types of potential space (its ``residential_zone_values``
setting, unless a planner's rules file names its own) and its land-use values (each word an exact land-use value
of the class 居住, after the land-use table's own rows). A planner who adds a word adds one row to that file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from .checklist import RESOURCES, _read_table, _require_columns
from .typed import clean_text, word_key

#: the residential unit type and land-use class
RESIDENTIAL = "居住"
#: the table of unit-type words (the same file core/units.py reads as BUNDLED_UNIT_TYPES)
UNIT_TYPES_FILE = RESOURCES / "rules" / "unit_types.csv"


def residential_words(path: Optional[Union[str, Path]] = None) -> tuple:
    """The words that mean 居住, as the table spells them, 居住 itself first, each once (compared as typed:
    trimmed, full-width → half-width, case folded). ``path``: the table (default :data:`UNIT_TYPES_FILE`)."""
    path = Path(path) if path is not None else UNIT_TYPES_FILE
    header, rows = _read_table(path)
    _require_columns(path, header, ("word", "type"), ("word", "type", "note"))
    words, seen = [RESIDENTIAL], {word_key(RESIDENTIAL)}
    for _, row in rows:
        word = clean_text(row.get("word", ""))
        if not word or word.startswith("#") or word_key(row.get("type", "")) != word_key(RESIDENTIAL):
            continue
        if word_key(word) not in seen:
            seen.add(word_key(word))
            words.append(word)
    return tuple(words)
