"""Cost tables (origin_id, destination_id, cost), e.g. OD matrices from QNEAT3 or ORS Tools, read against the
layers' ids into demand × candidate and demand × existing matrices; ids compared as text, candidates named."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import numpy as np

from ..errors import LifeCircleError, Msg, listed
from .costs import ZERO_COST


_INTEGER_TEXT = re.compile(r"^[+-]?\d+(\.0*)?$")


def candidate_names(columns: dict, fids: Sequence, layer_name: str) -> list[str]:
    """What each candidate site is called when no id field was chosen — by what it is, not a bare feature id: its
    own id or name field when it has one (parcel_id, site_id, name …); a potential-space parcel by its rank and
    kind ('潜力空间第 3 位（闲置）'); otherwise its layer and feature id ('地块 要素 48').

    ``columns``: {field name: values} of the candidate layer."""
    from ..projects import guess_site_fields

    guess = guess_site_fields(list(columns))
    for role in ("site_id", "name"):
        field_name = guess.get(role)
        if field_name and role == "site_id" and field_name.lower() == "lc_site_id":
            field_name = None  # (a siting result's own ids: name the parcels it came from instead)
        if field_name:
            values = [normalise_id(v) for v in columns[field_name]]
            if all(values) and len(set(values)) == len(values):
                return values
    if "rank" in columns and "main_kind" in columns:
        return [f"潜力空间第 {normalise_id(r) or '?'} 位（{k or '—'}）"
                for r, k in zip(columns["rank"], columns["main_kind"])]
    return [f"{layer_name} 要素 {fid}" for fid in fids]


def normalise_id(value: Any) -> Optional[str]:
    """Ids compared as text: 7, 7.0 and "7" are the same id; None/empty → None."""
    if value is None:
        return None
    if isinstance(value, float):
        if not np.isfinite(value):
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    text = str(value).strip()
    if not text:
        return None
    if _INTEGER_TEXT.match(text):
        return str(int(float(text)))
    return text


def _listed(items: Sequence, n: int = 12) -> str:
    return listed(items, n)


def unique_ids(values: Sequence[Any], fids: Sequence[Any], layer: str, field_name: str) -> list:
    """The layer's ids as normalised text; a LifeCircleError names empty and repeated ids."""
    ids = [normalise_id(v) for v in values]
    empty = [fids[i] for i, v in enumerate(ids) if v is None]
    if empty:
        raise LifeCircleError(
            Msg(
                "Layer '{}', id field '{}': no value in feature ids {}. Every feature needs an id that the cost "
                "matrix uses.",
                layer,
                field_name,
                _listed(empty),
            )
        )
    seen: dict = {}
    dup: dict = {}
    for i, v in enumerate(ids):
        if v in seen:
            dup.setdefault(v, [seen[v]]).append(fids[i])
        else:
            seen[v] = fids[i]
    if dup:
        listed = "; ".join(f"'{k}' (feature ids {', '.join(map(str, v))})" for k, v in list(dup.items())[:10])
        raise LifeCircleError(Msg("Layer '{}', id field '{}': ids are not unique: {}. The cost matrix could not tell "
                                  "these features "
                                  "apart.", layer, field_name, listed))
    return ids


@dataclass
class CostTable:
    """A cost table read against the layers: demand × candidate and demand × existing CSR matrices."""

    candidates: Any
    existing: Any
    rows_read: int
    pairs_candidates: int
    pairs_existing: int


def cost_matrix_from_table(origins: Sequence[Any], destinations: Sequence[Any], costs: Sequence[Any],
                           demand_ids: Sequence[str], candidate_ids: Sequence[str],
                           existing_ids: Optional[Sequence[str]] = None, table: str = "cost matrix",
                           fields: tuple = ("origin_id", "destination_id", "cost")) -> CostTable:
    """Reads a long-format cost table (one row per origin → destination pair) into matrices.

    Origins are demand ids, destinations candidate ids (or existing facility ids). Pairs missing from the
    table cannot reach each other. Every problem is named with its table row numbers (the first data row is
    row 1): unknown ids, empty/non-numeric/negative/infinite costs, repeated pairs; ids used by both a
    candidate and an existing facility.
    """
    from scipy import sparse

    o_field, d_field, c_field = fields
    n = len(origins)
    dem = {k: i for i, k in enumerate(demand_ids)}
    cand = {k: i for i, k in enumerate(candidate_ids)}
    exist = {k: i for i, k in enumerate(existing_ids or [])}
    both = sorted(set(cand) & set(exist))
    if both:
        raise LifeCircleError(Msg("Ids {} belong to both a candidate and an existing facility: the cost matrix '{}' "
                                  "could not tell "
                                  "which is meant. Give them distinct ids.", _listed(both), table))
    bad_origin, bad_dest, bad_cost, neg_cost = [], [], [], []
    r_c, c_c, v_c, row_c = [], [], [], []
    r_e, c_e, v_e, row_e = [], [], [], []
    for k in range(n):
        row_no = k + 1
        o = normalise_id(origins[k])
        d = normalise_id(destinations[k])
        if o not in dem:
            bad_origin.append((row_no, o))
        is_c, is_e = d in cand, d in exist
        if not (is_c or is_e):
            bad_dest.append((row_no, d))
        raw = costs[k]
        try:
            if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
                raise ValueError
            v = float(raw)
            if math.isnan(v) or math.isinf(v):
                raise ValueError
        except (TypeError, ValueError):
            bad_cost.append((row_no, raw))
            continue
        if v < 0:
            neg_cost.append((row_no, v))
            continue
        if o in dem and is_c:
            r_c.append(dem[o]); c_c.append(cand[d]); v_c.append(v); row_c.append(row_no)  # noqa: E702
        elif o in dem and is_e:
            r_e.append(dem[o]); c_e.append(exist[d]); v_e.append(v); row_e.append(row_no)  # noqa: E702
    problems = []
    if bad_origin:
        problems.append(Msg("{} row(s) whose {} is not an id of the demand layer: rows {}", len(bad_origin), o_field,
                            _listed([f"{r} ('{v}')" for r, v in bad_origin])))
    if bad_dest:
        what = Msg("a candidate or an existing facility") if existing_ids else Msg("a candidate")
        problems.append(Msg("{} row(s) whose {} is not the id of {}: rows {}", len(bad_dest), d_field, what,
                            _listed([f"{r} ('{v}')" for r, v in bad_dest])))
    if bad_cost:
        problems.append(Msg("{} row(s) whose {} is empty or not a number: rows {}", len(bad_cost), c_field,
                            _listed([f"{r} ({v!r})" for r, v in bad_cost])))
    if neg_cost:
        problems.append(Msg("{} row(s) with a negative {}: rows {}", len(neg_cost), c_field,
                            _listed([f"{r} ({v:g})" for r, v in neg_cost])))
    for rr, cc, rows_no, what in ((r_c, c_c, row_c, Msg("candidate")), (r_e, c_e, row_e, Msg("existing facility"))):
        if rr:
            key = np.asarray(rr, dtype=np.int64) * (max(cc) + 1) + np.asarray(cc, dtype=np.int64)
            order = np.argsort(key, kind="stable")
            ks = key[order]
            rep = np.flatnonzero(ks[1:] == ks[:-1])
            if len(rep):
                pairs = [f"{rows_no[order[i]]} & {rows_no[order[i + 1]]}" for i in rep]
                problems.append(Msg("{} repeated {} pair(s) (the same {} and {} twice), rows: {}", len(rep), what,
                                    o_field, d_field, _listed(pairs)))
    if problems:
        raise LifeCircleError(Msg("Cost matrix '{}' (rows counted from 1, the header not included): {}.", table,
                                  Msg.join("; ", problems)))
    n_dem = len(demand_ids)
    m_c = sparse.csr_matrix((np.maximum(np.asarray(v_c, dtype=float), ZERO_COST), (r_c, c_c)),
                            shape=(n_dem, len(candidate_ids)))
    m_e = None
    if existing_ids is not None:
        m_e = sparse.csr_matrix((np.maximum(np.asarray(v_e, dtype=float), ZERO_COST), (r_e, c_e)),
                                shape=(n_dem, len(existing_ids)))
    return CostTable(candidates=m_c, existing=m_e, rows_read=n, pairs_candidates=len(v_c),
                     pairs_existing=len(v_e))
