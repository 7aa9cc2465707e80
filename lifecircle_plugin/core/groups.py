"""Population groups: who a checklist category serves (older residents, small children, school children …).

A resident layer may carry, besides its population, the number of residents of each group in fields with the
standard names below (``lifecircle:distributepopulation`` writes them; a planner's own layer can be given them in
QGIS's field calculator). A profile's ``serves`` column names the groups a category is for; coverage of such a
category is then measured over its own group (elderly-care coverage counts older residents), and the share over
all residents is kept beside it.

The age bands follow the law and the national policies a planner can look up — they are interpretations of which
residents a category serves, not part of the Shanghai checklist itself:

* 0–3: 《国务院办公厅关于促进3岁以下婴幼儿照护服务发展的指导意见》(国办发〔2019〕15号) — childcare (托育) is for
  children under three.
* 3–6: 《幼儿园工作规程》(教育部令第39号, 2016), 第二条 — kindergartens take children from three to six.
* 6–12: 《中华人民共和国义务教育法》第十一条 (school at six) and the six years of primary school — after-school care
  (儿童托管) is for primary-school children.
* 60+: 《中华人民共和国老年人权益保障法》第二条 — older people are citizens of sixty and over.
* 80+: the 高龄 band (80 is a tier boundary of Shanghai's 老年综合津贴 since 2016); no bundled category serves it
  alone — it is there for a planner's own profile (e.g. 长者照护之家).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

from .errors import LifeCircleError, Msg
from .typed import clean_text


@dataclass(frozen=True)
class Group:
    key: str  # what a profile's ``serves`` column says, e.g. "60+"
    field: str  # the resident field holding the group's count
    name_zh: str
    name_en: str

    def name(self, language: str = "zh") -> str:
        return self.name_zh if str(language or "zh").lower().startswith("zh") else self.name_en


GROUPS: tuple[Group, ...] = (
    Group("0-3", "pop_0_3", "0–3岁婴幼儿", "children 0–3"),
    Group("3-6", "pop_3_6", "3–6岁幼儿", "children 3–6"),
    Group("6-12", "pop_6_12", "6–12岁儿童", "children 6–12"),
    Group("60+", "pop_60p", "60岁及以上老人", "residents 60+"),
    Group("80+", "pop_80p", "80岁及以上老人", "residents 80+"),
)
EVERYONE = "all"
_BY_KEY = {g.key: g for g in GROUPS}
_SPELLINGS = {re.sub(r"[\s_岁]", "", k): k for k in _BY_KEY}
_SPELLINGS.update({"60p": "60+", "80p": "80+", "60以上": "60+", "80以上": "80+", "60及以上": "60+",
                   "80及以上": "80+", "0-2": "0-3"})


def group(key: str) -> Group:
    return _BY_KEY[key]


def group_fields() -> tuple[str, ...]:
    return tuple(g.field for g in GROUPS)


def parse_serves(text: object, where: str = "") -> tuple[str, ...]:
    """The group keys of a profile's ``serves`` cell: '' or 'all' is everyone; '0-3;3-6', '60+', '０–３' …"""
    cleaned = clean_text(text)
    if not cleaned or cleaned.lower() in (EVERYONE, "全体", "全部", "everyone"):
        return ()
    keys = []
    for part in re.split(r"[;,，；、/|]+", cleaned):
        spelled = re.sub(r"[\s_岁]", "", part).replace("–", "-").replace("—", "-").replace("~", "-")
        spelled = spelled.replace("周", "")
        key = _SPELLINGS.get(spelled.lower())
        if key is None:
            raise LifeCircleError(Msg("{}: unknown population group {!r}; use {} (several separated by ';'), or "
                                      "leave it empty for everyone.", where, part, ", ".join(_BY_KEY)))
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def serves_label(keys: Sequence[str], language: str = "zh") -> str:
    """'60岁及以上老人' / '0–3岁婴幼儿、3–6岁幼儿'; everyone when no key."""
    if not keys:
        return "全体居民" if str(language or "zh").lower().startswith("zh") else "all residents"
    sep = "、" if str(language or "zh").lower().startswith("zh") else ", "
    return sep.join(group(k).name(language) for k in keys)


def serves_of(profile, code: str) -> tuple[str, ...]:
    """The group keys a profile's category serves (() for everyone, and for profiles without the column)."""
    return tuple(getattr(profile.category(code), "serves", ()) or ())


def field_name_in(field_names: Iterable[str], key: str) -> Optional[str]:
    """The layer's own spelling of the group's standard field, or None."""
    wanted = group(key).field
    return next((n for n in field_names if str(n).strip().lower() == wanted), None)


def served_weights(population, group_counts: Mapping[str, object], serves: Sequence[str]):
    """How many of each resident point's residents a category serves: the sum of its groups' counts (a point's
    groups never count more than its population), or None when the category serves everyone or the residents do
    not carry all of its groups."""
    import numpy as np

    if not serves or any(k not in group_counts for k in serves):
        return None
    total = np.zeros(len(population))
    for k in serves:
        total = total + np.asarray(group_counts[k], dtype=float)
    return np.minimum(total, np.asarray(population, dtype=float))


def check_group_counts(population, group_counts: Mapping[str, object], ids: Sequence, layer: str) -> list[Msg]:
    """Warnings (not errors) for group counts larger than the point's population, by group and feature id."""
    import numpy as np

    out = []
    pop = np.asarray(population, dtype=float)
    for key, counts in group_counts.items():
        over = np.flatnonzero(np.asarray(counts, dtype=float) > pop + 1e-9)
        if len(over):
            shown = ", ".join(str(ids[i]) for i in over[:15])
            out.append(Msg("Layer '{}', field '{}': {} feature(s) have more residents in the group than in all "
                           "(feature ids {}); the group counts there are taken as the population.", layer,
                           group(key).field, len(over), shown))
    return out


def basis_text(serves: Mapping[str, Sequence[str]]) -> str:
    """What a coverage run measured over groups, as results store it: 'Q05:60+;Q06:0-3,3-6' ('' when none)."""
    return ";".join(f"{c}:{','.join(k)}" for c, k in serves.items())


def basis_of_rows(rows: Iterable[Mapping[str, object]], field_name: str = "group_basis") -> dict:
    """{code: group keys} from the ``group_basis`` field of a coverage result's rows (the first that has one);
    {} for a run over all residents."""
    for row in rows:
        text = row.get(field_name)
        if text:
            return {c: tuple(k for k in g.split(",") if k) for c, g in
                    (part.split(":", 1) for part in str(text).split(";") if ":" in part)}
    return {}
