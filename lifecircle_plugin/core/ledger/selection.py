"""Which projects a ledger holds and in what order: years and 街镇 as typed, groups by 街镇."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from .. import projects as P
from ..errors import LifeCircleError, Msg
from .model import NO_SUBDISTRICT


def parse_years(text: object) -> tuple[int, ...]:
    """``"2026"``, ``"2025, 2026"``, ``"2024-2026"``; empty or ``0`` = all years (an empty tuple)."""
    if text is None:
        return ()
    if isinstance(text, int):
        return () if text == 0 else (int(text),)
    years: set[int] = set()
    for part in re.split(r"[,，;；\s]+", str(text).strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})\s*[-–~至]\s*(\d{4})", part)
        try:
            if m:
                a, b = int(m.group(1)), int(m.group(2))
                years.update(range(min(a, b), max(a, b) + 1))
            elif int(part) != 0:
                years.add(int(part))
        except ValueError:
            raise LifeCircleError(Msg("Years: '{}' is not a year (write 2026, or 2025,2026, or "
                                      "2024-2026).", part)) from None
    bad = [y for y in years if not P.MIN_YEAR <= y <= P.MAX_YEAR]
    if bad:
        raise LifeCircleError(Msg("Years: {} is outside {}–{}.", bad[0], P.MIN_YEAR, P.MAX_YEAR))
    return tuple(sorted(years))


def parse_names(text: object) -> tuple[str, ...]:
    """A comma/semicolon separated list of names (街镇)."""
    if text is None:
        return ()
    return tuple(p.strip() for p in re.split(r"[,，;；、]+", str(text)) if p.strip())


def select_projects(projects: Sequence[Mapping[str, object]], years: Sequence[int] = (),
                    subdistricts: Sequence[str] = ()) -> list[Mapping[str, object]]:
    """Projects of ``years`` (all when empty) in ``subdistricts`` (all when empty; ``东湖`` matches ``东湖街道``)."""
    wanted_years = {int(y) for y in years}
    wanted_sd = {P.subdistrict_short_name(s) for s in subdistricts}
    out = []
    for p in projects:
        if wanted_years:
            try:
                year = P.to_number(p.get("year"), integer=True)
            except ValueError:
                year = None
            if year not in wanted_years:
                continue
        if wanted_sd and P.subdistrict_short_name(str(p.get("subdistrict") or "")) not in wanted_sd:
            continue
        out.append(p)
    return out


def _id_key(pid: object) -> tuple:
    parsed = P.parse_project_id(pid)
    if parsed:
        return (0, parsed[0], parsed[1], parsed[2], "")
    return (1, 0, "", 0, str(pid or ""))


def group_by_subdistrict(projects: Sequence[Mapping[str, object]]) -> list[tuple[str, list[Mapping[str, object]]]]:
    """(街镇, its projects by id) in 街镇 order; projects without a 街镇 last, under :data:`NO_SUBDISTRICT`."""
    groups: dict[str, list] = defaultdict(list)
    for p in projects:
        sd = str(p.get("subdistrict") or "").strip() or NO_SUBDISTRICT
        groups[sd].append(p)
    names = sorted((g for g in groups if g != NO_SUBDISTRICT)) + ([NO_SUBDISTRICT] if NO_SUBDISTRICT in groups else [])
    return [(g, sorted(groups[g], key=lambda p: _id_key(p.get("project_id")))) for g in names]


def _investment(p: Mapping[str, object]) -> float:
    v = p.get("investment")
    if type(v) is float:
        return v if math.isfinite(v) else 0.0
    try:
        return float(P.to_number(v) or 0.0)
    except ValueError:
        return 0.0
