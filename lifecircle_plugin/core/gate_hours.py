"""When a compound gate is open: opening hours as planners and data sources write them.

Accepted (case and spaces ignored): empty (always open); ``24/7``, ``24h``, ``24小时``, ``全天``, ``always``
(always open); ``closed``, ``关闭``, ``不开放`` (never open); one or more time ranges ``06:00-22:00``,
``6-22``, ``06:00~22:00``, ``6点至22点``, joined by ``,`` ``;`` or ``、`` — a range ending before it starts runs
over midnight (``22:00-06:00``). OSM day prefixes are read past (``Mo-Su 06:00-22:00``: the times count every
day). Anything else is an error naming the gate, never a guess.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from .typed import clean_text

ALWAYS = ("24/7", "24h", "24小时", "24 小时", "全天", "全天开放", "always", "open")
NEVER = ("closed", "off", "关闭", "不开放", "封闭", "常闭")
_TIME = r"(\d{1,2})(?:[:：.](\d{2}))?\s*(?:点|时)?"
_RANGE = re.compile(_TIME + r"\s*(?:-|–|—|~|～|至|到)\s*" + _TIME)


def parse_hour(text: Any) -> Optional[float]:
    """An hour of the day as a number (22.5 for ``22:30``); None for no value; ValueError for anything else."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        s = clean_text(text)
        if not s:
            return None
        m = re.fullmatch(_TIME, s)
        if not m:
            raise ValueError(s)
        value = int(m.group(1)) + int(m.group(2) or 0) / 60.0
    if not 0 <= value <= 24:
        raise ValueError(str(text))
    return value % 24


def open_ranges(text: Any) -> Optional[list]:
    """The ranges (start, end) in hours a gate is open; None: always open; []: never; ValueError: unreadable."""
    s = clean_text(text).lower() if text is not None else ""
    if not s or s in ALWAYS:
        return None
    if s in NEVER:
        return []
    ranges = []
    for m in _RANGE.finditer(s):
        a = int(m.group(1)) + int(m.group(2) or 0) / 60.0
        b = int(m.group(3)) + int(m.group(4) or 0) / 60.0
        if a > 24 or b > 24:
            raise ValueError(s)
        ranges.append((a % 24, b if b == 24 else b % 24))
    rest = _RANGE.sub("", s)
    rest = re.sub(r"\b(mo|tu|we|th|fr|sa|su|ph)\b|[-,;、，；\s]", "", rest)
    if not ranges or rest:
        raise ValueError(s)
    if any((b - a) % 24 == 0 for a, b in ranges):  # 0-24, 6-6: round the clock
        return None
    return ranges


def is_open_at(ranges: Optional[list], hour: float) -> bool:
    """Whether a gate with these ``open_ranges`` is open at ``hour`` (start included, end excluded)."""
    if ranges is None:
        return True
    for a, b in ranges:
        if (a <= hour < b) if a < b else (hour >= a or hour < b):
            return True
    return False
