"""Writing a save to a GeoPackage: GDAL in one SQLite transaction, the write lock taken first, each project's
version checked under that lock (see ``list_save``); a file on a network share leaves the WAL journal."""

from __future__ import annotations

import datetime as dt
import os

from qgis.core import QgsGeometry

from .core import projects as P
from .core.errors import LifeCircleError
from .list_save import (Pending, Row, SaveGuard, SaveOutcome, claimed_fids, stamped, find_conflicts,
                        fit_geometry, new_ids, taken_message, tr, who_saves)
from .list_schema import CONFLICT_MARK, EDITOR, VERSION, Storage, gpkg_dataset, literal




def write_gpkg(layer, guard: SaveGuard, pending: Pending, now, step) -> SaveOutcome:
    from osgeo import gdal, ogr

    storage = guard.storage
    who = who_saves()
    try:
        with gpkg_dataset(storage.path) as ds:
            use_safe_journal(ds, storage.path)
            lyr = ds.GetLayerByName(storage.table)
            if lyr is None:
                return SaveOutcome(False, problem=tr("{} has no table {} any more.").format(storage.path,
                                                                                             storage.table))
            if ds.StartTransaction() != 0:
                return SaveOutcome(False, problem=_gdal_problem(tr("the transaction could not start")))
            committed = False
            try:
                gdal.ErrorReset()
                ds.ExecuteSQL(f'UPDATE "{storage.table}" SET "{storage.key}" = "{storage.key}" WHERE 0')  # lock
                if gdal.GetLastErrorMsg():
                    return SaveOutcome(False, problem=_gdal_problem(tr("the GeoPackage is locked")))
                step("locked")
                conflicts = find_conflicts(pending, _ogr_rows(lyr, claimed_fids(pending)), guard)
                if conflicts:
                    return SaveOutcome(False, conflicts=conflicts)
                taken = _gpkg_taken(ds, storage, pending)
                if taken:
                    return SaveOutcome(False, problem=taken_message(taken))
                for fid in sorted(set(pending.updates) | set(pending.geometries)):
                    f = lyr.GetFeature(fid)
                    _ogr_set(f, stamped(pending.updates.get(fid, {}), now))
                    f.SetField(VERSION, -((pending.versions.get(fid) or 0) + 1))
                    f.SetField(EDITOR, who)
                    if fid in pending.geometries:
                        f.SetGeometry(_ogr_geometry(pending.geometries[fid]))
                    _check(lyr.SetFeature(f), tr("project {} could not be changed").format(
                        pending.mine.get(fid, {}).get("project_id") or fid))
                    step("update")
                for fid in pending.deletes:
                    _check(lyr.DeleteFeature(fid), tr("feature {} could not be deleted").format(fid))
                    step("delete")
                for values, geom in pending.inserts:
                    f = ogr.Feature(lyr.GetLayerDefn())
                    _ogr_set(f, stamped(values, now))
                    f.SetField(VERSION, 1)
                    f.SetField(EDITOR, who)
                    if geom is not None and not geom.isNull():
                        f.SetGeometry(_ogr_geometry(fit_geometry(layer, geom)))
                    _check(lyr.CreateFeature(f), tr("project {} could not be added").format(
                        values.get("project_id")))
                    step("insert")
                step("commit")
                if ds.CommitTransaction() != 0:
                    raise LifeCircleError(_gdal_problem(tr("the commit failed")))
                committed = True
                step("committed")
                return SaveOutcome(True)
            finally:
                if not committed:
                    ds.RollbackTransaction()
    except LifeCircleError as exc:
        text = str(exc)
        if CONFLICT_MARK in text:
            return SaveOutcome(False, problem=tr("Another planner saved the same project at the same moment: "
                                                 "nothing was written; save again to see what changed."))
        return SaveOutcome(False, problem=text)


def _gpkg_taken(ds, storage: Storage, pending: Pending) -> set:
    ids, freed = new_ids(pending)
    if not ids:
        return set()
    sql = ds.ExecuteSQL(f'SELECT "project_id", "{storage.key}" * 1 AS lc_key FROM "{storage.table}" WHERE '
                        f"\"project_id\" IN ({', '.join(literal(i) for i in sorted(ids))})")
    try:
        return {f.GetField("project_id") for f in sql if f.GetField("lc_key") not in freed}
    finally:
        ds.ReleaseResultSet(sql)


def use_safe_journal(ds, path: str) -> None:
    """A GeoPackage on a network share: SQLite's WAL journal is unsafe there (it needs shared memory on one
    machine), so such a file is switched to the rollback journal (what QGIS itself does since 3.14)."""
    if not is_network_path(path):
        return
    sql = ds.ExecuteSQL("PRAGMA journal_mode")
    try:
        mode = str(sql.GetNextFeature().GetField(0)).lower() if sql is not None else ""
    finally:
        if sql is not None:
            ds.ReleaseResultSet(sql)
    if mode == "wal":
        ds.ExecuteSQL("PRAGMA journal_mode = DELETE")


_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph",
               "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "fuse.rclone", "vboxsf", "prl_fs",
               "fuse.gvfsd-fuse"}


def is_network_path(path: str, mounts_file: str = "/proc/mounts") -> bool:
    """Whether ``path`` is on a network share (UNC path or mapped network drive on Windows; NFS, SMB/CIFS, SSHFS
    … mounts elsewhere)."""
    path = os.path.abspath(path)
    if path.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        drive = os.path.splitdrive(path)[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
    try:
        with open(mounts_file, encoding="utf-8") as fh:
            mounts = [line.split()[:3] for line in fh if len(line.split()) >= 3]
    except OSError:
        return False
    best, kind = "", ""
    for _dev, point, fstype in mounts:
        point = point.replace("\\040", " ")
        if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, kind = point, fstype
    return kind in _NETWORK_FS


def _gdal_problem(what: str) -> str:
    from osgeo import gdal

    said = gdal.GetLastErrorMsg()
    return f"{what}: {said}" if said else what


def _check(err: int, what: str) -> None:
    if err != 0:
        raise LifeCircleError(_gdal_problem(what))


def _ogr_rows(lyr, fids) -> dict[int, Row]:
    out = {}
    for fid in fids:
        f = lyr.GetFeature(fid)
        if f is None:
            continue
        values = {}
        for name in P.FIELD_NAMES:
            i = f.GetFieldIndex(name)
            values[name] = _ogr_value(f, i, P.FIELDS_BY_NAME[name].type) if i >= 0 else None
        i = f.GetFieldIndex(VERSION)
        version = f.GetFieldAsInteger64(i) if i >= 0 and f.IsFieldSetAndNotNull(i) else 0
        j = f.GetFieldIndex(EDITOR)
        out[fid] = Row(values, int(version), f.GetField(j) if j >= 0 and f.IsFieldSetAndNotNull(j) else None)
    return out


def _ogr_value(f, i: int, kind: str):
    if not f.IsFieldSetAndNotNull(i):
        return None
    if kind in (P.DATE, P.DATETIME):
        y, mo, d, h, mi, s, _tz = f.GetFieldAsDateTime(i)
        if kind == P.DATE:
            return dt.date(y, mo, d)
        return dt.datetime(y, mo, d, h, mi, int(s))
    if kind == P.INTEGER:
        return f.GetFieldAsInteger64(i)
    if kind == P.REAL:
        return f.GetFieldAsDouble(i)
    return f.GetField(i)


def _ogr_set(f, values: dict) -> None:
    for name, value in values.items():
        i = f.GetFieldIndex(name)
        if i < 0:
            continue
        if value is None or (isinstance(value, str) and value == "" and P.FIELDS_BY_NAME[name].type != P.TEXT):
            f.SetFieldNull(i)
        elif isinstance(value, dt.datetime):
            f.SetField(i, value.year, value.month, value.day, value.hour, value.minute, value.second, 0)
        elif isinstance(value, dt.date):
            f.SetField(i, value.year, value.month, value.day, 0, 0, 0, 0)
        else:
            f.SetField(i, value)


def _ogr_geometry(geom: QgsGeometry):
    from osgeo import ogr

    return ogr.CreateGeometryFromWkb(bytes(geom.asWkb()))
