"""Saving a shared project list: one save, one transaction, and no planner's work overwritten unseen.

:func:`save_edits` writes everything the layer's edit buffer holds — edits, new projects, deletions — to the
GeoPackage or PostGIS table in **one database transaction**: all of it is saved, or nothing (a crash, a kill, a
full disk or a lost connection in the middle leave the table as it was, and the edits stay in the buffer).

Before anything is written, each project the save changes or deletes is compared with the version the planner
started from (:class:`SaveGuard` remembers it when a project is first touched, or when its form opens). A project
another user saved in between is a :class:`~core.conflicts.Conflict`: the save writes nothing and the planner
chooses (keep mine, take theirs, field by field), then saves again. The check runs inside the transaction that
writes (GeoPackage: under the write lock; PostGIS: every write guarded by the version it expects), so two saves
at the same moment cannot both win; the database's own trigger (``list_schema``) refuses a stale claim whoever
makes it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import weakref
import secrets
from dataclasses import dataclass, field
from typing import Callable, Optional

from qgis.core import QgsFeatureRequest, QgsFields, QgsGeometry, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from .core import conflicts as C
from .core import projects as P
from .core.errors import LifeCircleError
from .list_schema import (CONFLICT_MARK, EDITOR, VERSION, Storage, gpkg_dataset, literal, run_sql, storage_of)

StepCallback = Callable[[str], None]
TAKEN_MARK = "lifecircle-taken"


def tr(text: str) -> str:
    return QCoreApplication.translate("LifeCircle", text)


def who_saves() -> str:
    """The name a colleague sees in a conflict: QGIS's user full name, else the login."""
    try:
        from qgis.core import QgsApplication

        name = QgsApplication.userFullName()
    except Exception:  # noqa: BLE001 pragma: no cover
        name = ""
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # noqa: BLE001 pragma: no cover
            name = ""
    return name or "?"


# ------------------------------------------------------------------------------------------------------------
# what the planner started from


@dataclass
class Row:
    """A project as stored: its schema values, version and last editor."""

    values: dict
    version: int = 0
    updated_by: Optional[str] = None


@dataclass
class Override:
    """What the next save does with a project after the planner resolved a conflict."""

    action: str  # "drop": not written; "write": these values (all fields); "insert": again; "delete": anyway
    values: dict = field(default_factory=dict)
    version: Optional[int] = None  # the version the save now starts from


class SaveGuard:
    """Remembers, per project, the stored version a planner's edits start from (the first time a project is
    changed, deleted or opened in the form) and the conflicts the planner resolved; forgotten after a save or a
    roll-back. Also stamps saves made through QGIS's own commit (attribute table, Save Layer Edits) with the version
    they start from, so the database refuses them when a colleague saved first."""

    _guards: dict[str, "SaveGuard"] = {}

    def __init__(self, layer: QgsVectorLayer):
        self._layer = weakref.ref(layer)  # (never keeps a layer alive: no provider may outlive QGIS)
        self.storage = storage_of(layer)
        self.bases: dict[int, Row] = {}
        self.overrides: dict[int, Override] = {}
        self.saving = False
        self.last_conflicts: list[C.Conflict] = []
        layer.attributeValueChanged.connect(self._touched)
        layer.geometryChanged.connect(self._touched)
        layer.featureDeleted.connect(self._touched)
        layer.afterRollBack.connect(self.forget)
        layer.afterCommitChanges.connect(self.forget)
        layer.beforeCommitChanges.connect(self._stamp_qgis_commit)
        layer.willBeDeleted.connect(lambda lid=layer.id(): SaveGuard._guards.pop(lid, None))

    @property
    def layer(self) -> QgsVectorLayer:
        return self._layer()

    @classmethod
    def of(cls, layer: QgsVectorLayer) -> "SaveGuard":
        guard = cls._guards.get(layer.id())
        if guard is None or guard.layer is not layer:
            guard = cls._guards[layer.id()] = SaveGuard(layer)
        return guard

    @property
    def versioned(self) -> bool:
        layer = self.layer
        return self.storage is not None and layer is not None and layer.fields().lookupField(VERSION) >= 0

    def remember(self, fid: int) -> None:
        """The stored state of ``fid`` as the base of the planner's edits (once per project and save)."""
        if fid < 0 or fid in self.bases or not self.versioned:
            return
        row = read_rows(self.layer, [fid]).get(fid)
        if row is not None:
            self.bases[fid] = row

    def _touched(self, fid, *_args) -> None:
        if not self.saving:
            self.remember(fid)

    def forget(self, *_args) -> None:
        if not self.saving:
            self.bases.clear()
            self.overrides.clear()

    def resolve(self, conflict: C.Conflict, resolution: C.Resolution) -> None:
        """The planner's choice for a conflict, used by the next save."""
        fid = conflict.fid
        if resolution.choice == C.TAKE_THEIRS:
            self.overrides[fid] = Override("drop")
        elif conflict.kind == C.DELETED_BY_OTHER:
            self.overrides[fid] = Override("insert", dict(conflict.mine or {}))
        elif conflict.kind == C.CHANGED_BY_OTHER:
            self.overrides[fid] = Override("delete", version=conflict.their_version)
        else:
            values = (dict(conflict.mine or {}) if resolution.choice == C.KEEP_MINE
                      else C.merged_values(conflict, {**C.merge_choices(conflict), **resolution.fields}))
            self.overrides[fid] = Override("write", values, conflict.their_version)

    def _stamp_qgis_commit(self, *_args) -> None:
        """QGIS's own commit: claim the next version of each changed project's base (the database refuses a claim
        on a project a colleague saved since)."""
        if self.saving or not self.versioned or self.layer.editBuffer() is None:
            return
        idx = self.layer.fields().lookupField(VERSION)
        editor = self.layer.fields().lookupField(EDITOR)
        buf = self.layer.editBuffer()
        changed = set(buf.changedAttributeValues()) | set(buf.changedGeometries())
        self.saving = True
        try:
            for fid in changed:
                base = self.bases.get(fid)
                if fid >= 0 and base is not None:
                    self.layer.changeAttributeValue(fid, idx, -(base.version + 1))
                    if editor >= 0:
                        self.layer.changeAttributeValue(fid, editor, who_saves())
        finally:
            self.saving = False


def read_rows(layer: QgsVectorLayer, fids) -> dict[int, Row]:
    """The stored rows of ``fids`` (through the data provider: not the edit buffer)."""
    from .project_layer import feature_project, to_python

    fids = [f for f in fids if f >= 0]
    if not fids:
        return {}
    fields = layer.fields()
    v, e = fields.lookupField(VERSION), fields.lookupField(EDITOR)
    req = QgsFeatureRequest().setFilterFids(fids).setFlags(QgsFeatureRequest.Flag.NoGeometry)
    out = {}
    for f in layer.dataProvider().getFeatures(req):
        out[f.id()] = Row(feature_project(f, fields), int(to_python(f.attribute(v)) or 0) if v >= 0 else 0,
                          to_python(f.attribute(e)) if e >= 0 else None)
    return out


def read_versions(layer: QgsVectorLayer) -> dict[int, int]:
    """{feature id: stored version} of every project (empty for a list without versions)."""
    idx = layer.fields().lookupField(VERSION)
    if idx < 0 or storage_of(layer) is None:
        return {}
    req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([idx])
    out = {}
    for f in layer.dataProvider().getFeatures(req):
        v = f.attribute(idx)
        out[f.id()] = int(v) if v not in (None, "") and not _is_null(v) else 0
    return out


def _is_null(v) -> bool:
    from qgis.PyQt.QtCore import QVariant

    return isinstance(v, QVariant) and v.isNull()


# ------------------------------------------------------------------------------------------------------------
# what a save writes


@dataclass
class Pending:
    """The edit buffer as database writes."""

    updates: dict = field(default_factory=dict)  # fid -> {field: value} (schema fields only)
    geometries: dict = field(default_factory=dict)  # fid -> QgsGeometry
    deletes: list = field(default_factory=list)  # fids
    inserts: list = field(default_factory=list)  # (values, QgsGeometry or None)
    versions: dict = field(default_factory=dict)  # fid -> the version the save starts from
    mine: dict = field(default_factory=dict)  # fid -> the planner's full values (for conflicts)

    @property
    def empty(self) -> bool:
        return not (self.updates or self.geometries or self.deletes or self.inserts)


def pending_of(layer: QgsVectorLayer, guard: SaveGuard) -> Pending:
    """What the layer's edit buffer asks to write, with the planner's resolved conflicts applied."""
    from .project_layer import feature_project, to_python

    buf = layer.editBuffer()
    fields: QgsFields = layer.fields()
    out = Pending()
    schema = set(P.FIELD_NAMES)
    for fid, attrs in buf.changedAttributeValues().items():
        values = {fields.at(i).name().lower(): to_python(v) for i, v in attrs.items()
                  if fields.at(i).name().lower() in schema}
        if values:
            out.updates[fid] = values
    out.geometries = {fid: QgsGeometry(g) for fid, g in buf.changedGeometries().items()}
    out.deletes = sorted(buf.deletedFeatureIds())
    for _fid, f in sorted(buf.addedFeatures().items(), reverse=True):
        geom = QgsGeometry(f.geometry()) if f.hasGeometry() else None
        out.inserts.append((feature_project(f, fields), geom))
    for fid in set(out.updates) | set(out.geometries) | set(out.deletes):
        guard.remember(fid)
        base = guard.bases.get(fid)
        out.versions[fid] = base.version if base is not None else None
        if fid not in out.deletes:
            out.mine[fid] = _mine(layer, fid, base, out.updates.get(fid, {}))
    _apply_overrides(out, guard)
    return out


def _mine(layer: QgsVectorLayer, fid: int, base: Optional[Row], changes: dict) -> dict:
    """The planner's version of a project: what they started from, with their own changes."""
    from .project_layer import feature_project

    if base is None:
        f = layer.getFeature(fid)
        return feature_project(f, layer.fields()) if f.isValid() else dict(changes)
    return {**base.values, **changes}


def _apply_overrides(out: Pending, guard: SaveGuard) -> None:
    for fid, o in guard.overrides.items():
        if o.action == "drop":
            out.updates.pop(fid, None)
            out.geometries.pop(fid, None)
            out.deletes = [d for d in out.deletes if d != fid]
            out.versions.pop(fid, None)
        elif o.action == "insert":
            out.updates.pop(fid, None)
            geom = out.geometries.pop(fid, None)
            out.versions.pop(fid, None)
            out.inserts.append((dict(o.values), geom))
        elif o.action == "delete":
            out.versions[fid] = o.version
        elif o.action == "write":
            out.updates[fid] = {n: o.values.get(n) for n in P.FIELD_NAMES if n != "updated_at"}
            out.versions[fid] = o.version


# ------------------------------------------------------------------------------------------------------------
# the save


@dataclass
class SaveOutcome:
    ok: bool
    conflicts: list = field(default_factory=list)  # core.conflicts.Conflict
    problem: Optional[str] = None  # what went wrong (nothing was written)
    written: int = 0


def save_edits(layer: QgsVectorLayer, on_step: Optional[StepCallback] = None) -> SaveOutcome:
    """Writes the edit buffer in one transaction (see the module doc). On success the buffer is emptied (the layer
    stays in edit mode) and the layer shows the stored rows; otherwise the buffer is kept as it was."""
    guard = SaveGuard.of(layer)
    if not guard.versioned:
        raise LifeCircleError(tr("'{}' is not a versioned GeoPackage or PostGIS table.").format(layer.name()))
    buf = layer.editBuffer()
    if buf is None or not layer.isModified():
        return SaveOutcome(True)
    if buf.addedAttributes() or buf.deletedAttributeIds():
        return SaveOutcome(False, problem=tr("Columns were added, removed or renamed in this editing session: save "
                                             "them with Layer › Save Layer Edits (the table's columns change only "
                                             "that way)."))
    pending = pending_of(layer, guard)
    step = on_step or (lambda _name: None)
    storage = guard.storage
    now = dt.datetime.now().replace(microsecond=0)
    writer = _write_gpkg if storage.kind == "gpkg" else _write_postgres
    outcome = writer(layer, storage, pending, now, step)
    guard.last_conflicts = outcome.conflicts
    if outcome.ok:
        guard.saving = True
        try:
            layer.rollBack(False)  # written: the buffer is emptied, editing goes on
            layer.undoStack().clear()  # (as after QGIS's own commit: nothing saved can be redone again)
        finally:
            guard.saving = False
            guard.forget()
        layer.dataProvider().reloadData()
        layer.triggerRepaint()
    return outcome


def _claims(pending: Pending) -> list[int]:
    return sorted(set(pending.updates) | set(pending.geometries) | set(pending.deletes))


def find_conflicts(layer: QgsVectorLayer, pending: Pending, now_rows: dict, guard: SaveGuard) -> list[C.Conflict]:
    """Projects whose stored version is not the one the save starts from."""
    out = []
    for fid in _claims(pending):
        expected = pending.versions.get(fid)
        row = now_rows.get(fid)
        if row is not None and (expected is None or row.version == expected):
            continue
        base = guard.bases.get(fid)
        old = dict(base.values) if base is not None else dict(pending.mine.get(fid) or {})
        mine = None if fid in pending.deletes else pending.mine.get(fid) or {}
        pid = str((mine or old).get("project_id") or f"#{fid}")
        if row is None:
            if fid in pending.deletes:
                continue  # deleted by both: nothing to decide
            out.append(C.Conflict(fid, pid, C.DELETED_BY_OTHER, old, None, mine))
            continue
        kind = C.CHANGED_BY_OTHER if fid in pending.deletes else C.CHANGED
        out.append(C.Conflict(fid, pid, kind, old, dict(row.values), mine, row.version,
                              row.values.get("updated_at"), row.updated_by))
    return out


def new_ids(pending: Pending) -> tuple[set, set]:
    """(project ids the save gives to new or renamed projects, the fids whose old ids it frees)."""
    ids = {str(v.get("project_id")).strip() for v, _ in pending.inserts if v.get("project_id")}
    renamed = {fid for fid, v in pending.updates.items() if "project_id" in v}
    ids |= {str(pending.updates[fid]["project_id"]).strip() for fid in renamed if pending.updates[fid]["project_id"]}
    return ids, renamed | set(pending.deletes)


def taken_message(taken) -> str:
    return tr("Project id(s) {} are already in the list (another planner saved them since you started): nothing "
              "was saved. Undo your addition or give the projects new ids, then save again.").format(
        ", ".join(sorted(taken)[:10]))


def _stamp(values: dict, now: dt.datetime) -> dict:
    out = dict(values)
    out["updated_at"] = now
    return out


# ------------------------------------------------------------------------------------------------------------
# GeoPackage: GDAL in one SQLite transaction, the write lock taken first


def _write_gpkg(layer, storage: Storage, pending: Pending, now, step) -> SaveOutcome:
    from osgeo import gdal, ogr

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
                conflicts = find_conflicts(layer, pending, _ogr_rows(lyr, _claims(pending)), SaveGuard.of(layer))
                if conflicts:
                    return SaveOutcome(False, conflicts=conflicts)
                taken = _gpkg_taken(ds, storage, pending)
                if taken:
                    return SaveOutcome(False, problem=taken_message(taken))
                written = 0
                for fid in sorted(set(pending.updates) | set(pending.geometries)):
                    f = lyr.GetFeature(fid)
                    _ogr_set(f, _stamp(pending.updates.get(fid, {}), now))
                    f.SetField(VERSION, -((pending.versions.get(fid) or 0) + 1))
                    f.SetField(EDITOR, who)
                    if fid in pending.geometries:
                        f.SetGeometry(_ogr_geometry(pending.geometries[fid]))
                    _check(lyr.SetFeature(f), tr("project {} could not be changed").format(
                        pending.mine.get(fid, {}).get("project_id") or fid))
                    written += 1
                    step("update")
                for fid in pending.deletes:
                    _check(lyr.DeleteFeature(fid), tr("feature {} could not be deleted").format(fid))
                    written += 1
                    step("delete")
                for values, geom in pending.inserts:
                    f = ogr.Feature(lyr.GetLayerDefn())
                    _ogr_set(f, _stamp(values, now))
                    f.SetField(VERSION, 1)
                    f.SetField(EDITOR, who)
                    if geom is not None and not geom.isNull():
                        f.SetGeometry(_ogr_geometry(_fit(layer, geom)))
                    _check(lyr.CreateFeature(f), tr("project {} could not be added").format(
                        values.get("project_id")))
                    written += 1
                    step("insert")
                step("commit")
                if ds.CommitTransaction() != 0:
                    raise LifeCircleError(_gdal_problem(tr("the commit failed")))
                committed = True
                step("committed")
                return SaveOutcome(True, written=written)
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


def _fit(layer: QgsVectorLayer, geom: QgsGeometry) -> QgsGeometry:
    g = QgsGeometry(geom)
    if QgsWkbTypes.isMultiType(layer.wkbType()) and not g.isMultipart():
        g.convertToMultiType()
    return g


# ------------------------------------------------------------------------------------------------------------
# PostGIS: read the versions, then every write in one statement, each guarded by the version it expects


def _write_postgres(layer, storage: Storage, pending: Pending, now, step) -> SaveOutcome:
    guard = SaveGuard.of(layer)
    try:
        conflicts = find_conflicts(layer, pending, _pg_rows(storage, _claims(pending)), guard)
        if conflicts:
            return SaveOutcome(False, conflicts=conflicts)
        body, written = _pg_body(layer, storage, pending, now)
        if not body:
            return SaveOutcome(True)
        tag = "lc" + secrets.token_hex(4)
        step("send")
        run_sql(storage, f"DO ${tag}$ BEGIN {body} END ${tag}$")
        step("committed")
        return SaveOutcome(True, written=written)
    except LifeCircleError as exc:
        text = str(exc)
        if TAKEN_MARK in text:
            return SaveOutcome(False, problem=taken_message(_pg_taken(storage, pending)))
        if CONFLICT_MARK in text:  # a colleague saved between the check and the write
            conflicts = find_conflicts(layer, pending, _pg_rows(storage, _claims(pending)), guard)
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


def _pg_body(layer, storage: Storage, pending: Pending, now) -> tuple[str, int]:
    q, key = storage.qualified, f'"{storage.key}"'
    who = literal(who_saves())
    srid = f"Find_SRID({literal(storage.schema)}, {literal(storage.table)}, {literal(storage.geometry)})"
    parts, written = [], 0
    among = _pg_taken_clause(storage, pending)
    if among:
        parts.append(f"IF EXISTS (SELECT 1 FROM {q} WHERE {among}) THEN RAISE EXCEPTION '{TAKEN_MARK}: %', "
                     f"(SELECT string_agg(project_id, ', ') FROM {q} WHERE {among}); END IF;")
    for fid in sorted(set(pending.updates) | set(pending.geometries)):
        expected = pending.versions.get(fid) or 0
        sets = [f'"{n}" = {_pg_literal(n, v)}' for n, v in _stamp(pending.updates.get(fid, {}), now).items()]
        sets += [f'"{VERSION}" = {-(expected + 1)}', f'"{EDITOR}" = {who}']
        if fid in pending.geometries:
            sets.append(f'"{storage.geometry}" = {_pg_geometry(pending.geometries[fid], srid)}')
        parts.append(f"UPDATE {q} SET {', '.join(sets)} WHERE {key} = {int(fid)} AND "
                     f'coalesce("{VERSION}", 0) = {expected}; ' + _or_conflict(fid))
        written += 1
    for fid in pending.deletes:
        expected = pending.versions.get(fid) or 0
        parts.append(f'DELETE FROM {q} WHERE {key} = {int(fid)} AND coalesce("{VERSION}", 0) = {expected}; '
                     + _or_conflict(fid))
        written += 1
    for values, geom in pending.inserts:
        row = _stamp(values, now)
        names = [f'"{n}"' for n in row] + [f'"{VERSION}"', f'"{EDITOR}"']
        vals = [_pg_literal(n, v) for n, v in row.items()] + ["1", who]
        if geom is not None and not geom.isNull():
            names.append(f'"{storage.geometry}"')
            vals.append(_pg_geometry(_fit(layer, geom), srid))
        parts.append(f"INSERT INTO {q} ({', '.join(names)}) VALUES ({', '.join(vals)});")
        written += 1
    return " ".join(parts), written


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
