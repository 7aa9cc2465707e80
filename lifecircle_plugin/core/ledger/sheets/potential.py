"""The sheet 潜力空间: the potential-space parcels by rank, with their reasons."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ...errors import LifeCircleError
from ..page import _listing_page
from ..styles import _header_row, _put, _Styles
from ..values import _maybe_float
from .layer_fields import _field_names, _plain_cell, potential_columns


def _write_potential_sheet(ws, parcels: Sequence[Mapping[str, object]]) -> list[str]:
    st = _Styles()
    names = _field_names(parcels)
    cols = potential_columns(names)
    roles = {role: f for role, _, f in cols}
    notes = []
    if "rank" not in roles and "score" not in roles:
        raise LifeCircleError("The potential-space layer has neither a rank nor a score field: it is not a result of "
                              "'Potential space'.")

    def key(p):
        rank = _maybe_float(p.get(roles["rank"])) if "rank" in roles else None
        score = _maybe_float(p.get(roles["score"])) if "score" in roles else None
        return (rank is None or rank <= 0, rank if rank else 0, -(score or 0))

    def is_potential(p):
        if "rank" in roles:
            rank = _maybe_float(p.get(roles["rank"]))
            return rank is not None and rank > 0
        score = _maybe_float(p.get(roles["score"]))
        return score is not None and not math.isnan(score)

    rows = sorted((p for p in parcels if is_potential(p)), key=key)
    left = len(parcels) - len(rows)
    _put(ws, 1, 1, "潜力空间：按得分排序的地块及理由", font=st.title)
    _put(ws, 2, 1, f"共 {len(rows)} 个潜力地块" + (f"（另有 {left} 个地块无潜力或被约束排除，未列出）" if left else ""),
         font=st.note)
    widths = {"reason": 60, "gaps": 24, "fits": 22, "kind": 12, "id": 12}
    _header_row(ws, 3, [h for _, h, _ in cols], st, [widths.get(role, 11) for role, _, _ in cols])
    r = 4
    for p in rows:
        for j, (role, _, f) in enumerate(cols, start=1):
            v = _plain_cell(p.get(f))
            fmt = {"area": "#,##0", "need": "#,##0", "score": "0.0", "rank": "0"}.get(role)
            _put(ws, r, j, v, border=st.border, align=st.wrap if role in ("reason", "gaps", "fits") else st.top,
                 number_format=fmt)
        r += 1
    _listing_page(ws, "C4", len(cols), r - 1)
    return notes
