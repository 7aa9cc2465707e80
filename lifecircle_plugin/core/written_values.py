"""How the analyses' results are written into output fields: numbers rounded (NULL for missing), and the planner's
notes that explain a figure — why a unit has no one-stop centre, why a site was chosen. One place for the
Processing algorithms and for lifecircle.api, so that both write the same values."""

from __future__ import annotations

import math
from typing import Optional


def number_or_null(value, digits: int):
    """A number for an attribute, rounded; None (NULL) for missing, NaN, infinite or non-numeric values."""
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(v) or math.isinf(v):
        return None
    return round(v, digits)


def numbers_or_null(values, digits: int) -> list:
    """:func:`number_or_null` for a whole numeric column at once (a list of floats and Nones)."""
    import numpy as np

    a = np.round(np.asarray(values, dtype=float), digits)
    out = a.tolist()
    for i in np.flatnonzero(~np.isfinite(a)).tolist():
        out[i] = None
    return out


def centre_note(r, u: int) -> Optional[str]:
    """Why unit ``u`` of a coverage result ``r`` has no one-stop centre, in the planner's words (Chinese, like
    missing_q); None when it has one."""
    ones = r.one_plus_n
    if ones.centre[u] >= 0:
        return None
    if ones.candidate[u] < 0:
        return "无标记的一站式中心"
    notes = []
    if ones.missing[u]:
        notes.append("缺少一站式功能：" + r.missing_functions(u))
    if ones.area_short[u]:
        notes.append("面积不足")
    return "；".join(notes) or None


def site_reason(r, k: int, rank: int, cat_name: str, share: float, mean: float) -> str:
    """Why the ``k``-th chosen site of a siting result ``r`` (rank ``rank``), in the planner's words (Chinese, like
    the checklist)."""
    what = cat_name or "设施"
    if r.model == "pmedian":
        text = "第{}推荐：{}就近服务 {:,.0f} 人".format(rank, what, r.site_assigned[k])
        if not math.isnan(mean):
            text += "，人均步行 {:,.0f} m".format(mean)
        if r.threshold and not math.isnan(r.site_marginal[k]):
            text += "；{:g} m 内新增覆盖 {:,.0f} 人".format(r.threshold, r.site_marginal[k])
        return text
    text = "第{}推荐：{:g} m 步行范围内新增覆盖 {:,.0f} 名缺少{}的居民".format(
        rank, r.threshold, r.site_marginal[k], what)
    if not math.isnan(share):
        text += "，累计覆盖率 {:.1f}%".format(share)
    return text
