"""Reading result layers given as attribute dicts: which field holds what, ids, 街镇, order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Optional

from ... import projects as P


_ID_CANDIDATES = ("unit_id", "unit", "id", "name", "单元", "单元编号")
_SD_CANDIDATES = ("subdistrict", "街镇", "jiezhen", "street")


def _first_field(names: Sequence[str], candidates: Sequence[str]) -> Optional[str]:
    lower = {n.lower(): n for n in names}
    for c in candidates:
        if c.lower() in lower:
            return lower[c.lower()]
    return None


def _field_names(rows: Sequence[Mapping[str, object]]) -> list[str]:
    names: dict[str, None] = {}
    for r in rows[:50]:
        for k in r:
            names.setdefault(k, None)
    return list(names)


def unit_share_codes(field_names: Sequence[str], prefix: str = "c_", profile: str = "shanghai") -> list[str]:
    """Checklist codes with a ``<prefix><code>`` field, in checklist order."""
    have = set(field_names)
    return [c for c in P.category_codes(profile) if f"{prefix}{c}" in have]


def _tier(code: str, profile: str) -> str:
    choice = P.category_choice(code, profile)
    return "十全" if choice and choice.kind == P.KINDS[0] else "十美"


def _cat_name(code: str, profile: str) -> str:
    choice = P.category_choice(code, profile)
    return choice.name_zh if choice else code


def _name_set(text: object) -> set:
    return {t.strip() for t in re.split(r"[、,，;；\s]+", str(text or "")) if t.strip() and t.strip() != "—"}


def _natural(v: object) -> tuple:
    s = str(v or "")
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"\d+|\D+", s))


def _filter_by_subdistrict(rows, sd_field: Optional[str], subdistricts: Sequence[str]):
    if not sd_field or not subdistricts:
        return list(rows)
    wanted = {P.subdistrict_short_name(s) for s in subdistricts}
    return [r for r in rows if P.subdistrict_short_name(str(r.get(sd_field) or "")) in wanted]


def _category_label(code: Optional[str], profile: str, fallback: object = None) -> object:
    """A checklist code as the sheets show it ('Q05 为老服务'); ``fallback`` for no code or one not in the
    checklist."""
    choice = P.category_choice(code, profile) if code else None
    return choice.label("zh") if choice else fallback


def _unit_id(u: Mapping[str, object], id_f: Optional[str], missing: str = "") -> str:
    """A unit's id as text (``missing`` when the layer has no id field or the unit no id)."""
    return str(u.get(id_f)) if id_f and u.get(id_f) is not None else missing


def _plain_cell(v: object) -> object:
    """A layer attribute as something a cell holds."""
    if v is None or isinstance(v, (str, int, float, bool, dt.date)):
        return v
    return str(v)


#: (role, header, candidate field names) for a potential-space layer, in column order
POTENTIAL_ROLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("rank", "排名", ("rank", "pot_rank", "lc_rank", "排名")),
    ("id", "地块编号", ("parcel_id", "id", "land_id", "地块编号")),
    ("subdistrict", "街镇", ("subdistrict", "街镇")),
    ("block", "街坊 / 单元", ("unit_id", "block_id", "unit", "单元")),
    ("kind", "潜力类型", ("main_kind", "kinds", "kind", "潜力类型")),
    ("land_use", "用地性质", ("land_use", "landuse", "用地性质")),
    ("status", "现状", ("status", "现状")),
    ("ownership", "权属", ("ownership", "owner", "权属")),
    ("area", "可用面积（m²）", ("area_used", "area_m2", "area", "面积")),
    ("gaps", "可补缺项", ("gaps_zh", "gaps", "缺项")),
    ("fits", "可承载类别", ("fits", "categories")),
    ("need", "需求（未覆盖人口加权）", ("need",)),
    ("score", "得分", ("score", "得分")),
    ("reason", "理由", ("reason", "reasons", "lc_reason", "理由")),
)


def _guess_columns(field_names: Sequence[str], roles, given: Optional[Mapping[str, Optional[str]]] = None):
    out, used = [], set()
    for role, header, cands in roles:
        f = given.get(role) if given and role in given else _first_field([n for n in field_names if n not in used],
                                                                          cands)
        if f and f in field_names:
            out.append((role, header, f))
            used.add(f)
    return out


def potential_columns(field_names: Sequence[str]) -> list[tuple[str, str, str]]:
    """(role, header, field) of the 潜力空间 sheet for a layer with ``field_names`` (guessed by name)."""
    return _guess_columns(field_names, POTENTIAL_ROLES)


#: (role, header, candidate field names) of the recommended sites (lifecircle:siting's SITES output first: its
#: own lc_ fields win over a candidate layer's rank/reason)
SITE_ROLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("rank", "排名", ("lc_rank", "site_rank", "rank", "排名")),
    ("category", "类别", ("lc_code", "category", "code", "类别")),
    ("site_id", "候选编号", ("lc_site_id", "site_id", "parcel_id", "candidate_id", "id")),
    ("name", "名称", ("name", "site_name", "名称")),
    ("subdistrict", "街镇", ("subdistrict", "街镇")),
    ("unit_id", "基本单元 / 街坊", ("unit_id", "block_id", "unit")),
    ("newly_covered", "新增覆盖人口", ("new_pop", "newly_covered", "marginal_population", "marginal", "新增覆盖")),
    ("cumulative", "累计覆盖人口", ("cum_pop",)),
    ("share", "累计覆盖率（%）", ("cum_share",)),
    ("area", "面积（m²）", ("area_used", "area_m2", "area")),
    ("reason", "理由", ("lc_reason", "reason", "reasons", "理由")),
)


def site_columns(field_names: Sequence[str], given: Optional[Mapping[str, Optional[str]]] = None):
    """(role, header, field) of the recommended-sites table (``given``: role -> field overrides)."""
    return _guess_columns(field_names, SITE_ROLES, given)
