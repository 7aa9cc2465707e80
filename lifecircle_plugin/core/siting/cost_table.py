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

    cand = {k: i for i, k in enumerate(candidate_ids)}
    exist = {k: i for i, k in enumerate(existing_ids or [])}
    both = sorted(set(cand) & set(exist))
    if both:
        raise LifeCircleError(Msg("Ids {} belong to both a candidate and an existing facility: the cost matrix '{}' "
                                  "could not tell "
                                  "which is meant. Give them distinct ids.", _listed(both), table))
    rows = _TableRows({k: i for i, k in enumerate(demand_ids)}, cand, exist)
    for k in range(len(origins)):
        rows.read(k + 1, origins[k], destinations[k], costs[k])
    problems = rows.problems(fields, bool(existing_ids))
    if problems:
        raise LifeCircleError(Msg("Cost matrix '{}' (rows counted from 1, the header not included): {}.", table,
                                  Msg.join("; ", problems)))
    n_dem = len(demand_ids)
    r_c, c_c, v_c, _ = rows.candidate
    m_c = sparse.csr_matrix((np.maximum(np.asarray(v_c, dtype=float), ZERO_COST), (r_c, c_c)),
                            shape=(n_dem, len(candidate_ids)))
    m_e = None
    r_e, c_e, v_e, _ = rows.existing
    if existing_ids is not None:
        m_e = sparse.csr_matrix((np.maximum(np.asarray(v_e, dtype=float), ZERO_COST), (r_e, c_e)),
                                shape=(n_dem, len(existing_ids)))
    return CostTable(candidates=m_c, existing=m_e, rows_read=len(origins), pairs_candidates=len(v_c),
                     pairs_existing=len(v_e))


class _TableRows:
    """The cost table's rows as read: the candidate and existing-facility pairs (demand index, column index, cost,
    table row number) and the rows that are wrong, by what is wrong with them."""

    def __init__(self, dem: dict, cand: dict, exist: dict):
        self.dem, self.cand, self.exist = dem, cand, exist
        self.bad_origin, self.bad_dest, self.bad_cost, self.neg_cost = [], [], [], []
        self.candidate = ([], [], [], [])
        self.existing = ([], [], [], [])

    def read(self, row_no: int, origin: Any, destination: Any, raw: Any) -> None:
        o = normalise_id(origin)
        d = normalise_id(destination)
        if o not in self.dem:
            self.bad_origin.append((row_no, o))
        is_c, is_e = d in self.cand, d in self.exist
        if not (is_c or is_e):
            self.bad_dest.append((row_no, d))
        v = _cost_value(raw)
        if v is None:
            self.bad_cost.append((row_no, raw))
            return
        if v < 0:
            self.neg_cost.append((row_no, v))
            return
        if o in self.dem and (is_c or is_e):
            pairs, column = (self.candidate, self.cand[d]) if is_c else (self.existing, self.exist[d])
            for values, value in zip(pairs, (self.dem[o], column, v, row_no)):
                values.append(value)

    def problems(self, fields: tuple, with_existing: bool) -> list:
        o_field, d_field, c_field = fields
        problems = []
        if self.bad_origin:
            problems.append(Msg("{} row(s) whose {} is not an id of the demand layer: rows {}", len(self.bad_origin),
                                o_field, _listed([f"{r} ('{v}')" for r, v in self.bad_origin])))
        if self.bad_dest:
            what = Msg("a candidate or an existing facility") if with_existing else Msg("a candidate")
            problems.append(Msg("{} row(s) whose {} is not the id of {}: rows {}", len(self.bad_dest), d_field, what,
                                _listed([f"{r} ('{v}')" for r, v in self.bad_dest])))
        if self.bad_cost:
            problems.append(Msg("{} row(s) whose {} is empty or not a number: rows {}", len(self.bad_cost), c_field,
                                _listed([f"{r} ({v!r})" for r, v in self.bad_cost])))
        if self.neg_cost:
            problems.append(Msg("{} row(s) with a negative {}: rows {}", len(self.neg_cost), c_field,
                                _listed([f"{r} ({v:g})" for r, v in self.neg_cost])))
        for (rr, cc, _, rows_no), what in ((self.candidate, Msg("candidate")),
                                           (self.existing, Msg("existing facility"))):
            repeated = _repeated_pairs(rr, cc, rows_no)
            if repeated:
                problems.append(Msg("{} repeated {} pair(s) (the same {} and {} twice), rows: {}", len(repeated),
                                    what, o_field, d_field, _listed(repeated)))
        return problems


def _cost_value(raw: Any) -> Optional[float]:
    """A table cell as a finite number; None when empty, a boolean, not a number, NaN or infinite."""
    try:
        if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
            raise ValueError
        v = float(raw)
        if math.isnan(v) or math.isinf(v):
            raise ValueError
    except (TypeError, ValueError):
        return None
    return v


def _repeated_pairs(rr: list, cc: list, rows_no: list) -> list:
    """'row & row' for each pair (same demand, same column) given twice."""
    if not rr:
        return []
    key = np.asarray(rr, dtype=np.int64) * (max(cc) + 1) + np.asarray(cc, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    rep = np.flatnonzero(ks[1:] == ks[:-1])
    return [f"{rows_no[order[i]]} & {rows_no[order[i + 1]]}" for i in rep]
