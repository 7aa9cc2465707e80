"""The sheet 需求: what residents asked where, and the projects answering each need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Optional

from ... import projects as P
from ...errors import LifeCircleError
from ..page import _listing_page
from ..styles import _header_row, _put, _Styles
from ..values import _as_text, _maybe_float
from .layer_fields import _field_names, _first_field, _natural, _plain_cell


#: columns of the 需求 sheet: (header, width)
_NEEDS_COLUMNS = (("编号", 10), ("所在单元", 12), ("需求类别", 16), ("诉求原文", 44), ("来源", 14), ("日期", 12),
                  ("权重", 7), ("回应项目", 44))
_NEED_ID_CANDIDATES = ("need_id", "id", "编号", "case_id", "工单号")
_NEED_SOURCE_CANDIDATES = ("source", "来源", "channel", "渠道")
_NEED_DATE_CANDIDATES = ("date", "日期", "created", "time", "时间")


def _write_needs_sheet(ws, needs: Sequence[Mapping[str, object]], answers: Optional[Sequence[Sequence[str]]],
                       projects) -> list[str]:
    """What residents asked where, and the projects answering each need (``answers``: project ids per need, found
    by the adapter: of the need's category, within its walking threshold; see core/needs.answering_projects)."""
    st = _Styles()
    names = _field_names(needs)
    if "lc_codes" not in names:
        raise LifeCircleError("The needs layer has no lc_codes field: give the needs output of 'Residents' needs'.")
    id_f, src_f, date_f = (_first_field(names, c) for c in (_NEED_ID_CANDIDATES, _NEED_SOURCE_CANDIDATES,
                                                              _NEED_DATE_CANDIDATES))
    by_id = {_as_text(p.get("project_id")): p for p in projects if not P.is_empty(p.get("project_id"))}
    mapped = [(n, list(answers[k]) if answers is not None else []) for k, n in enumerate(needs)
              if not P.is_empty(n.get("lc_codes"))]
    rows = sorted(mapped, key=lambda na: (_natural(na[0].get("unit_id")), str(na[0].get("lc_codes")),
                                          _natural(na[0].get(id_f)) if id_f else ()))
    answered = 0
    _put(ws, 1, 1, "居民需求（问需求计）：诉求、所在单元与回应项目", font=st.title)
    _put(ws, 2, 1, f"共 {len(rows)} 条可识别的需求（另有 {len(needs) - len(mapped)} 条未识别为设施需求，未列出）。"
                   "“回应项目”为清单中同一类别、位于需求点该类别步行阈值（直线距离）内的项目。", font=st.note)
    _header_row(ws, 3, [h for h, _ in _NEEDS_COLUMNS], st, [w for _, w in _NEEDS_COLUMNS])
    r = 4
    for k, (n, ids) in enumerate(rows, start=1):
        answering = [by_id[i] for i in ids if i in by_id]
        answered += bool(answering)
        values = [_plain_cell(n.get(id_f)) if id_f else k, _plain_cell(n.get("unit_id")) or "—",
                  _plain_cell(n.get("lc_names")) or _plain_cell(n.get("lc_codes")), _plain_cell(n.get("lc_text")),
                  _plain_cell(n.get(src_f)) if src_f else None, _plain_cell(n.get(date_f)) if date_f else None,
                  _maybe_float(n.get("lc_weight")),
                  "；".join(f"{p.get('project_id')} {p.get('name')}（{p.get('status') or '—'}）" for p in answering)
                  or "—"]
        for j, v in enumerate(values, start=1):
            _put(ws, r, j, v, border=st.border, align=st.wrap if j in (3, 4, 8) else st.top,
                 number_format="0" if j == 7 else None)
        r += 1
    _listing_page(ws, "A4", len(_NEEDS_COLUMNS), r - 1)
    _put(ws, 2, 1, ws.cell(row=2, column=1).value + f"已有项目回应 {answered} 条，{len(rows) - answered} 条尚无项目回应。",
         font=st.note)
    return []
