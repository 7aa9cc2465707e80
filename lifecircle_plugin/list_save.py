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
import weakref
from dataclasses import dataclass, field
from typing import Callable, Optional

from qgis.core import QgsFeatureRequest, QgsFields, QgsGeometry, QgsVectorLayer, QgsWkbTypes

from .core import conflicts as C
from .core import projects as P
from .core.errors import LifeCircleError
from .list_schema import EDITOR, VERSION, storage_of
from .messages import tr

StepCallback = Callable[[str], None]
TAKEN_MARK = "lifecircle-taken"




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
    from .project_layer import to_python

    idx = layer.fields().lookupField(VERSION)
    if idx < 0:
        return {}
    req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([idx])
    return {f.id(): int(to_python(f.attribute(idx)) or 0) for f in layer.dataProvider().getFeatures(req)}


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
    now = dt.datetime.now().replace(microsecond=0)
    if guard.storage.kind == "gpkg":
        from .list_save_gpkg import write_gpkg as writer
    else:
        from .list_save_postgis import write_postgres as writer
    outcome = writer(layer, guard, pending, now, step)
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


def claimed_fids(pending: Pending) -> list[int]:
    return sorted(set(pending.updates) | set(pending.geometries) | set(pending.deletes))


def find_conflicts(pending: Pending, now_rows: dict, guard: SaveGuard) -> list[C.Conflict]:
    """Projects whose stored version is not the one the save starts from."""
    out = []
    for fid in claimed_fids(pending):
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


def stamped(values: dict, now: dt.datetime) -> dict:
    out = dict(values)
    out["updated_at"] = now
    return out


def fit_geometry(layer: QgsVectorLayer, geom: QgsGeometry) -> QgsGeometry:
    g = QgsGeometry(geom)
    if QgsWkbTypes.isMultiType(layer.wkbType()) and not g.isMultipart():
        g.convertToMultiType()
    return g
