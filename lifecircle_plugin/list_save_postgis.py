"""Writing a save to PostGIS: the versions read first, then every write in one PL/pgSQL statement (one
transaction), each guarded by the version it expects (see ``list_save``)."""

from __future__ import annotations

import datetime as dt
import secrets

from qgis.core import QgsGeometry

from .core import projects as P
from .core.errors import LifeCircleError
from .list_save import (TAKEN_MARK, Pending, Row, SaveGuard, SaveOutcome, claimed_fids, stamped,
                        find_conflicts, fit_geometry, new_ids, taken_message, tr, who_saves)
from .list_schema import CONFLICT_MARK, EDITOR, VERSION, Storage, literal, run_sql




def write_postgres(layer, guard: SaveGuard, pending: Pending, now, step) -> SaveOutcome:
    storage = guard.storage
    try:
        conflicts = find_conflicts(pending, _pg_rows(storage, claimed_fids(pending)), guard)
        if conflicts:
            return SaveOutcome(False, conflicts=conflicts)
        body = _pg_body(layer, storage, pending, now)
        if not body:
            return SaveOutcome(True)
        tag = "lc" + secrets.token_hex(4)
        step("send")
        run_sql(storage, f"DO ${tag}$ BEGIN {body} END ${tag}$")
        step("committed")
        return SaveOutcome(True)
    except LifeCircleError as exc:
        text = str(exc)
        if TAKEN_MARK in text:
            return SaveOutcome(False, problem=taken_message(_pg_taken(storage, pending)))
        if CONFLICT_MARK in text:  # a colleague saved between the check and the write
            conflicts = find_conflicts(pending, _pg_rows(storage, claimed_fids(pending)), guard)
            if conflicts:
                return SaveOutcome(False, conflicts=conflicts)
            return SaveOutcome(False, problem=tr("Another planner saved the same project at the same moment: "
                                                 "nothing was written; save again."))
        return SaveOutcome(False, problem=text)


def _pg_rows(storage: Storage, fids) -> dict[int, Row]:
    from .project_layer import to_python

    if not fids:
        return {}
    key = f'"{storage.key}"'
    cols = ", ".join(f'"{n}"' for n in P.FIELD_NAMES)
    rows = run_sql(storage, f'SELECT {key}, "{VERSION}", "{EDITOR}", {cols} FROM {storage.qualified} '
                            f"WHERE {key} IN ({', '.join(str(int(f)) for f in fids)})")
    out = {}
    for r in rows:
        values = {n: _pg_value(n, to_python(v)) for n, v in zip(P.FIELD_NAMES, r[3:])}
        out[int(r[0])] = Row(values, int(to_python(r[1]) or 0), to_python(r[2]))
    return out


def _pg_value(name: str, value):
    kind = P.FIELDS_BY_NAME[name].type
    if value is None:
        return None
    if kind == P.DATE and isinstance(value, dt.datetime):
        return value.date()
    if kind == P.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if kind == P.DATETIME and isinstance(value, str):
        return dt.datetime.fromisoformat(value[:19])
    return value


def _pg_body(layer, storage: Storage, pending: Pending, now) -> str:
    q, key = storage.qualified, f'"{storage.key}"'
    who = literal(who_saves())
    srid = f"Find_SRID({literal(storage.schema)}, {literal(storage.table)}, {literal(storage.geometry)})"
    parts = []
    among = _pg_taken_clause(storage, pending)
    if among:
        parts.append(f"IF EXISTS (SELECT 1 FROM {q} WHERE {among}) THEN RAISE EXCEPTION '{TAKEN_MARK}: %', "
                     f"(SELECT string_agg(project_id, ', ') FROM {q} WHERE {among}); END IF;")
    for fid in sorted(set(pending.updates) | set(pending.geometries)):
        expected = pending.versions.get(fid) or 0
        sets = [f'"{n}" = {_pg_literal(n, v)}' for n, v in stamped(pending.updates.get(fid, {}), now).items()]
        sets += [f'"{VERSION}" = {-(expected + 1)}', f'"{EDITOR}" = {who}']
        if fid in pending.geometries:
            sets.append(f'"{storage.geometry}" = {_pg_geometry(pending.geometries[fid], srid)}')
        parts.append(f"UPDATE {q} SET {', '.join(sets)} WHERE {key} = {int(fid)} AND "
                     f'coalesce("{VERSION}", 0) = {expected}; ' + _or_conflict(fid))
    for fid in pending.deletes:
        expected = pending.versions.get(fid) or 0
        parts.append(f'DELETE FROM {q} WHERE {key} = {int(fid)} AND coalesce("{VERSION}", 0) = {expected}; '
                     + _or_conflict(fid))
    for values, geom in pending.inserts:
        row = stamped(values, now)
        names = [f'"{n}"' for n in row] + [f'"{VERSION}"', f'"{EDITOR}"']
        vals = [_pg_literal(n, v) for n, v in row.items()] + ["1", who]
        if geom is not None and not geom.isNull():
            names.append(f'"{storage.geometry}"')
            vals.append(_pg_geometry(fit_geometry(layer, geom), srid))
        parts.append(f"INSERT INTO {q} ({', '.join(names)}) VALUES ({', '.join(vals)});")
    return " ".join(parts)


def _pg_taken_clause(storage: Storage, pending: Pending) -> str:
    """The WHERE clause of stored projects holding an id the save gives (empty: the save gives none)."""
    ids, freed = new_ids(pending)
    if not ids:
        return ""
    return f"project_id IN ({', '.join(literal(i) for i in sorted(ids))})" + (
        f' AND "{storage.key}" NOT IN ({", ".join(str(int(f)) for f in sorted(freed))})' if freed else "")


def _pg_taken(storage: Storage, pending: Pending) -> list:
    among = _pg_taken_clause(storage, pending)
    if not among:
        return []
    return [r[0] for r in run_sql(storage, f"SELECT project_id FROM {storage.qualified} WHERE {among}")]


def _or_conflict(fid: int) -> str:
    return f"IF NOT FOUND THEN RAISE EXCEPTION '{CONFLICT_MARK}: feature {int(fid)}'; END IF;"


def _pg_literal(name: str, value) -> str:
    kind = P.FIELDS_BY_NAME[name].type if name in P.FIELDS_BY_NAME else P.TEXT
    if isinstance(value, str) and value == "" and kind != P.TEXT:
        value = None
    text = literal(value)
    if value is None:
        return text
    return {P.DATE: text + "::date", P.DATETIME: text + "::timestamp"}.get(kind, text)


def _pg_geometry(geom: QgsGeometry, srid: str) -> str:
    return f"ST_SetSRID(ST_GeomFromWKB(decode('{bytes(geom.asWkb()).hex()}', 'hex')), {srid})"
