"""Line parts out of WKB, in bulk: the vertices of many (multi)line geometries read by array operations.

The network is read from WKB (QGIS and shapely both write it): the little-endian LineStrings and
MultiLineStrings that make up nearly every street layer are parsed all at once over one joined buffer; any other
layout (big-endian, EWKB with an SRID, collections holding other types, truncated buffers) is read geometry by
geometry with :func:`geometry_line_parts`. Both readers give the same parts in the same order; Z and M values are
dropped.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np

_WKB_FLAG_Z, _WKB_FLAG_M, _WKB_FLAG_SRID = 0x80000000, 0x40000000, 0x20000000
_HEAD = 9  # byte order (1) + type code (4) + vertex or part count (4)


# ----------------------------------------------------------------------------------------------------------
# one geometry at a time


def _wkb_line_parts(buf: bytes, pos: int = 0):
    """Line parts of a WKB (ISO or EWKB) LineString / MultiLineString / GeometryCollection of lines.

    Returns (parts, next position); parts is None for any other geometry type. Z/M values are dropped.
    """
    import struct

    endian = "<" if buf[pos] == 1 else ">"
    (code,) = struct.unpack_from(endian + "I", buf, pos + 1)
    pos += 5
    if code & _WKB_FLAG_SRID:
        pos += 4
    dims = 2 + bool(code & _WKB_FLAG_Z) + bool(code & _WKB_FLAG_M)
    code &= 0x0FFFFFFF
    base, iso = code % 1000, code // 1000
    dims += (iso in (1, 3)) + (iso in (2, 3))
    (n,) = struct.unpack_from(endian + "I", buf, pos)
    pos += 4
    if base == 2:
        xy = np.frombuffer(buf, dtype=endian + "f8", count=n * dims, offset=pos).reshape(n, dims)[:, :2]
        return ([xy] if n else []), pos + 8 * n * dims
    if base in (5, 7):
        parts: list = []
        for _ in range(n):
            sub, pos = _wkb_line_parts(buf, pos)
            if sub is None:
                return None, pos
            parts.extend(sub)
        return parts, pos
    return None, pos


def geometry_line_parts(geom):
    """Line parts (list of (n, 2) float arrays) of a shapely geometry or WKB bytes.

    [] for null or empty geometries, None for geometries that are not lines.
    """
    if geom is None:
        return []
    if isinstance(geom, (bytes, bytearray, memoryview)):
        buf = bytes(geom)
    else:
        try:
            if geom.is_empty:
                return []
            buf = geom.wkb
        except Exception:  # noqa: BLE001 - shapely 1.8 cannot write some empty geometries
            return []
    if not buf:
        return []
    try:
        parts, _ = _wkb_line_parts(buf)
    except Exception:  # noqa: BLE001 - malformed WKB is reported as "not a line"
        return None
    return parts


def wkb_list(geometries) -> list:
    """WKB bytes of each geometry (shapely geometries or WKB buffers), None for null, empty or unwritable ones.

    With shapely 2 and nothing but shapely geometries, one vectorised call; otherwise one geometry at a time.
    """
    geoms = list(geometries)
    try:
        import shapely

        if geoms and int(shapely.__version__.split(".")[0]) >= 2 and all(
                g is None or isinstance(g, shapely.Geometry) for g in geoms):
            arr = np.empty(len(geoms), dtype=object)
            arr[:] = geoms
            keep = np.array([g is not None and not g.is_empty for g in geoms], dtype=bool)
            out = np.full(len(geoms), None, dtype=object)
            if keep.any():
                out[keep] = shapely.to_wkb(arr[keep])
            return list(out)
    except (ImportError, AttributeError, ValueError):
        pass
    return [_as_wkb(g) for g in geoms]


def _as_wkb(geom) -> Optional[bytes]:
    """WKB bytes of a shapely geometry or WKB buffer; None for null, empty or unwritable geometries."""
    if geom is None:
        return None
    if isinstance(geom, (bytes, bytearray, memoryview)):
        return bytes(geom) or None
    try:
        return None if geom.is_empty else geom.wkb
    except Exception:  # noqa: BLE001 - shapely 1.8 cannot write some empty geometries
        return None


# ----------------------------------------------------------------------------------------------------------
# array primitives over the joined buffer


def _gather_f8(buf: bytes, offsets: np.ndarray) -> np.ndarray:
    """Little-endian doubles at arbitrary byte offsets of ``buf`` (one zero-copy view per alignment)."""
    out = np.empty(len(offsets))
    rem = offsets & 7
    for a in range(8):
        m = rem == a
        if m.any():
            view = np.frombuffer(buf, dtype="<f8", offset=a, count=(len(buf) - a) // 8)
            out[m] = view[(offsets[m] - a) >> 3]
    return out


def _u32(u8: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Little-endian unsigned 32-bit integers at byte positions ``pos`` (as int64)."""
    b = [u8[pos + k].astype(np.int64) for k in range(4)]
    return b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)


def _wkb_dims(code: np.ndarray):
    """(base type, number of ordinates) of WKB type codes (ISO 1000s and EWKB Z/M flags alike)."""
    flags_dims = 2 + ((code & _WKB_FLAG_Z) > 0) + ((code & _WKB_FLAG_M) > 0)
    plain = code & 0x0FFFFFFF
    iso = plain // 1000
    return plain % 1000, flags_dims + np.isin(iso, (1, 3)) + np.isin(iso, (2, 3))


# ----------------------------------------------------------------------------------------------------------
# all geometries at once, in phases


class _Buffer:
    """The geometries' WKB joined into one buffer: each geometry's offset and length, and the bytes as uint8."""

    def __init__(self, blobs: list):
        self.lens = np.fromiter((len(b) for b in blobs), dtype=np.int64, count=len(blobs))
        self.buf = b"".join(blobs)
        self.u8 = np.frombuffer(self.buf, dtype=np.uint8)
        self.off = np.cumsum(self.lens) - self.lens

    def __len__(self) -> int:
        return len(self.lens)


def read_line_parts(geometries: Sequence[Any], use: np.ndarray):
    """Line parts of the geometries at the positions ``use``, parsed from WKB in bulk.

    Returns (flat vertices (n, 2), vertices per part, feature index per part, kind per geometry in ``use``:
    0 = lines, 1 = null or empty, 2 = not a line). Parts come in feature order, then part order.
    Little-endian LineStrings and MultiLineStrings (the common case: QGIS and shapely write them) are read by
    array operations over one joined buffer; anything else is read geometry by geometry.
    """
    blobs = [b or b"" for b in wkb_list([geometries[i] for i in use])]
    wkb = _Buffer(blobs)
    del blobs
    kind = np.zeros(len(wkb), dtype=np.int8)
    kind[wkb.lens == 0] = 1
    slow, lines, line_dims, multis = _sort_by_layout(wkb)
    pieces = [_single_line_parts(wkb, lines, line_dims, slow)] + _multi_line_parts(wkb, multis, slow)
    part_geom, p_start, counts, p_dims = _fast_parts(pieces, slow)
    flat = _gather_vertices(wkb.buf, p_start, counts, p_dims)
    # geometries read without parts are empty (kind 1)
    kind[np.setdiff1d(np.flatnonzero((wkb.lens > 0) & ~slow), part_geom)] = 1
    s_parts, s_geom = _slow_parts(wkb, np.flatnonzero(slow), kind)
    if s_parts:
        flat, counts, part_geom = _merge_in_feature_order(flat, counts, part_geom, s_parts, s_geom)
    return flat, counts, np.asarray(use)[part_geom], kind


def _sort_by_layout(wkb: _Buffer):
    """Which geometries the array reader takes: (slow mask, little-endian LineStrings and their ordinates per
    vertex, little-endian MultiLineStrings and collections). Every other non-empty geometry is marked slow."""
    lens, u8, off = wkb.lens, wkb.u8, wkb.off
    slow = (lens > 0) & (lens < _HEAD)
    cand = np.flatnonzero(lens >= _HEAD)
    cand = cand[u8[off[cand]] == 1]  # little-endian
    code = _u32(u8, off[cand] + 1)
    cand_ok = (code & _WKB_FLAG_SRID) == 0
    base, dims = _wkb_dims(code)
    is_line = cand_ok & (base == 2)
    is_multi = cand_ok & ((base == 5) | (base == 7))
    slow[np.setdiff1d(np.flatnonzero(lens >= _HEAD), cand[is_line | is_multi], assume_unique=True)] = True
    return slow, cand[is_line], dims[is_line], cand[is_multi]


def _single_line_parts(wkb: _Buffer, g1: np.ndarray, d1: np.ndarray, slow: np.ndarray):
    """The parts (geometry, first coordinate byte, vertices, ordinates, part number) of single LineStrings whose
    length matches their vertex count; the others are marked slow."""
    n1 = _u32(wkb.u8, wkb.off[g1] + 5)
    good1 = _HEAD + 8 * n1 * d1 == wkb.lens[g1]
    slow[g1[~good1]] = True
    g1, d1, n1 = g1[good1], d1[good1], n1[good1]
    return g1, wkb.off[g1] + _HEAD, n1, d1, np.zeros(len(g1), dtype=np.int64)


def _multi_line_parts(wkb: _Buffer, gm: np.ndarray, slow: np.ndarray) -> list:
    """The parts of (Multi)LineStrings and collections of LineStrings, walked part by part for all of them at
    once: one (geometry, first coordinate byte, vertices, ordinates, part number) tuple per part number.
    Geometries holding anything else, or whose parts overrun their buffer, are marked slow."""
    u8 = wkb.u8
    count = _u32(u8, wkb.off[gm] + 5)
    pos = wkb.off[gm] + _HEAD
    end = wkb.off[gm] + wkb.lens[gm]
    bad = np.zeros(len(gm), dtype=bool)
    pieces = []
    k = 0
    while True:
        act = np.flatnonzero(~bad & (count > k))
        if not len(act):
            break
        room = pos[act] + _HEAD <= end[act]
        bad[act[~room]] = True
        act = act[room]
        le = u8[pos[act]] == 1
        sub = _u32(u8, pos[act] + 1)
        sbase, sdims = _wkb_dims(sub)
        ok = le & (sbase == 2) & ((sub & _WKB_FLAG_SRID) == 0)
        bad[act[~ok]] = True
        act, sdims = act[ok], sdims[ok]
        m = _u32(u8, pos[act] + 5)
        nxt = pos[act] + _HEAD + 8 * m * sdims
        fits = nxt <= end[act]
        bad[act[~fits]] = True
        act, sdims, m, nxt = act[fits], sdims[fits], m[fits], nxt[fits]
        pieces.append((gm[act], pos[act] + _HEAD, m, sdims, np.full(len(act), k, dtype=np.int64)))
        pos[act] = nxt
        k += 1
    bad |= pos != end
    slow[gm[bad]] = True
    return pieces


def _fast_parts(pieces: list, slow: np.ndarray):
    """The array reader's parts of the geometries not marked slow, with vertices, in feature order then part
    order: (geometry, first coordinate byte, vertices, ordinates per vertex)."""
    p_geom, p_start, p_n, p_dims, p_k = (np.concatenate(a) for a in zip(*pieces))
    fast = ~slow[p_geom]
    p_geom, p_start, p_n, p_dims, p_k = p_geom[fast], p_start[fast], p_n[fast], p_dims[fast], p_k[fast]
    order = np.lexsort((p_k, p_geom))
    p_geom, p_start, p_n, p_dims = p_geom[order], p_start[order], p_n[order], p_dims[order]
    has_vertices = p_n > 0
    return p_geom[has_vertices], p_start[has_vertices], p_n[has_vertices], p_dims[has_vertices]


def _gather_vertices(buf: bytes, p_start: np.ndarray, p_n: np.ndarray, p_dims: np.ndarray) -> np.ndarray:
    """(x, y) of every vertex of the parts, one after the other (Z and M skipped)."""
    total = int(p_n.sum())
    if not total:
        return np.zeros((0, 2))
    first = np.cumsum(p_n) - p_n
    vo = np.repeat(p_start, p_n) + 8 * np.repeat(p_dims, p_n) * (np.arange(total) - np.repeat(first, p_n))
    return np.column_stack([_gather_f8(buf, vo), _gather_f8(buf, vo + 8)])


def _slow_parts(wkb: _Buffer, slow_idx: np.ndarray, kind: np.ndarray):
    """The parts of the geometries the array reader left, read one by one: (parts, geometry of each part).
    Sets ``kind`` of those that are empty (1) or not lines (2)."""
    s_parts, s_geom = [], []
    for g in slow_idx:
        parts = geometry_line_parts(wkb.buf[wkb.off[g]: wkb.off[g] + wkb.lens[g]])
        if parts is None:
            kind[g] = 2
        elif not parts:
            kind[g] = 1
        else:
            s_parts.extend(parts)
            s_geom.extend([g] * len(parts))
    return s_parts, s_geom


def _merge_in_feature_order(flat, counts, part_geom, s_parts: list, s_geom: list):
    """The array reader's parts and the one-by-one reader's parts together, in feature order (a stable sort:
    each geometry's parts keep their order)."""
    s_counts = np.fromiter((len(p) for p in s_parts), dtype=np.int64, count=len(s_parts))
    all_geom = np.concatenate([part_geom, np.asarray(s_geom, dtype=np.int64)])
    all_counts = np.concatenate([counts, s_counts])
    all_flat = np.concatenate([flat] + [np.asarray(p, dtype=float)[:, :2] for p in s_parts])
    order = np.argsort(all_geom, kind="stable")
    starts = np.cumsum(all_counts) - all_counts
    cnt = all_counts[order]
    idx = np.repeat(starts[order], cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    return all_flat[idx], cnt, all_geom[order]


def invalid_lines(geometries: Sequence[Any]) -> np.ndarray:
    """Positions of the line geometries GEOS calls invalid: a part with fewer than two distinct vertices ("too few
    points") or a coordinate that is not a finite number. Null and empty geometries are not invalid. (The check
    QGIS makes under "stop on invalid features", done on the WKB already read: no second pass over the layer.)"""
    flat, counts, part_geom, _ = read_line_parts(geometries, np.arange(len(geometries)))
    if not len(counts):
        return np.zeros(0, dtype=np.int64)
    start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    finite = np.isfinite(flat).all(axis=1)
    same_as_first = (flat == flat[np.repeat(start, counts)]).all(axis=1)
    bad_part = (np.logical_and.reduceat(same_as_first, start) | ~np.logical_and.reduceat(finite, start)
                | (counts < 2))
    return np.unique(part_geom[bad_part])
