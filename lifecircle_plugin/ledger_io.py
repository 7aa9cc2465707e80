"""The project list's ledger (台账) I/O: the list read for a ledger, the workbook written from it, and a returned
workbook's changes written back to the list.

The QGIS side of ``core/ledger/``, shared by the Processing algorithms (``lifecircle:exportledger``,
``lifecircle:importledger``) and the project dock's dialogs (gui/ledger_dialogs.py). The layer is read and
written in the main thread; the workbook itself is the core's.
"""

from __future__ import annotations

from typing import Optional

from qgis.core import QgsDataSourceUri, QgsFeatureRequest

from .core import projects as P
from .core.errors import CancelledError, LifeCircleError
from .messages import error_message, tr_msg
from .project_layer import ProjectEditor, check_layer, to_python, tr, why_not_editable

# ------------------------------------------------------------------------------------------------------------
# the list read, a ledger written


def default_target() -> float:
    """The profile's coverage target for the 单元体检 colours, in per cent."""
    try:
        from .core.checklist import DEFAULT_PROFILE, load_profile

        return round(100.0 * float(load_profile(DEFAULT_PROFILE).target_share), 6)
    except Exception:  # pragma: no cover - a broken profile file must not break the toolbox
        return 85.0


def safe_source(layer) -> str:
    """The layer's data source without a password (it goes into the workbook)."""
    source = layer.source()
    try:
        return QgsDataSourceUri.removePassword(source)
    except Exception:  # pragma: no cover - older API
        import re

        return re.sub(r"password=('[^']*'|\S+)", "password=***", source)


def read_projects(layer, is_cancelled=None) -> list[tuple[int, dict]]:
    """(feature id, project dict) of every feature of a project-list layer (the edit buffer included).

    The same values as ``project_layer.feature_project`` (schema fields; absent → None; NULL → None; QDate →
    date; dates kept as text parsed), read with one ``attributes()`` call per feature: 10,000 projects in a
    fraction of a second instead of ~1.5 s.
    """
    fields = layer.fields()
    index = [(name, fields.lookupField(name)) for name in P.FIELD_NAMES]
    present = [(name, i) for name, i in index if i >= 0]
    absent = {name: None for name, i in index if i < 0}
    plain = (str, int, float)
    req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    out = []
    for f in layer.getFeatures(req):
        if is_cancelled is not None and len(out) % 2000 == 1999 and is_cancelled():
            raise CancelledError()
        attrs = f.attributes()
        project = dict(absent)
        for name, i in present:
            v = attrs[i]
            project[name] = v if type(v) in plain else to_python(v)
        for name in P.DATE_FIELDS:  # dates kept as text in some sources
            v = project.get(name)
            if isinstance(v, str):
                try:
                    project[name] = P.to_date(v)
                except ValueError:
                    pass
        out.append((f.id(), project))
    return out


def read_attributes(source, feedback=None) -> list[dict]:
    """Every feature's attributes as a plain dict (NULL → None, QDate → date)."""
    names = source.fields().names()
    out = []
    req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    for f in source.getFeatures(req):
        if feedback is not None and feedback.isCanceled():
            raise CancelledError()
        attrs = f.attributes()
        out.append({n: to_python(attrs[i]) for i, n in enumerate(names)})
    return out


def _targets_of(layer, selected, by_subdistrict: bool, feedback) -> list:
    """The list's yearly targets for the 汇总 sheet (a 街镇 choice keeps the targets of those 街镇 only); a targets
    table that cannot be read is said in the log, and the ledger is written without it."""
    from .core import programme as G
    from .list_targets import read_layer_targets

    try:
        targets = read_layer_targets(layer)
    except LifeCircleError as exc:
        if feedback is not None:
            feedback.pushWarning(error_message(exc))
        return []
    if by_subdistrict:
        targets = [t for t in targets if any(G.names_subdistrict(t.unit, p) for p in selected)]
    if targets and feedback is not None:
        feedback.pushInfo(tr("Yearly targets: {} row(s), compared in the 汇总 sheet.").format(len(targets)))
    return targets


def export_layer_ledger(layer, path: str, *, years: object = "", subdistricts: object = "",
                        target_share: Optional[float] = None, extras=None, feedback=None, progress=None,
                        is_cancelled=None):
    """Exports the projects of ``layer`` (chosen by ``years`` / ``subdistricts`` as the algorithm's parameters)
    to ``path``; returns the core's ExportSummary. Raises LifeCircleError with a planner's message."""
    from .core import ledger as L
    from .core import ledger_selection as S

    check = check_layer(layer)
    if not check.ok:
        raise LifeCircleError(check.message())
    projects = [p for _, p in read_projects(layer, is_cancelled)]
    if not projects:
        raise LifeCircleError(tr("'{}' holds no project: nothing to export.").format(layer.name()))
    chosen_years, latest = S.chosen_years(years, projects)
    if latest and chosen_years and feedback is not None:
        feedback.pushInfo(tr("Year: {} (the latest in the list; set YEARS to choose others, 0 for all).").format(
            chosen_years[0]))
    names = L.parse_names(subdistricts)
    selected = L.select_projects(projects, chosen_years, names)
    if not selected:
        have = sorted({str(p.get("subdistrict")) for p in projects if not P.is_empty(p.get("subdistrict"))})
        raise LifeCircleError(tr("No project of '{}' matches year(s) {} and 街镇 {}. The list has years {} and 街镇 {}.")
                              .format(layer.name(), ", ".join(map(str, chosen_years)) or tr("all"),
                                      "、".join(names) or tr("all"), ", ".join(map(str, S.years_in(projects))) or "—",
                                      "、".join(have) or "—"))
    if names:
        unknown = S.unknown_subdistricts(names, projects)
        if unknown and feedback is not None:
            feedback.pushWarning(tr("No project in 街镇 {}.").format("、".join(unknown)))
    info = L.ExportInfo(layer_name=layer.name(), layer_source=safe_source(layer), years=chosen_years,
                        subdistricts=names,
                        target_share=target_share if target_share is not None else default_target() / 100.0)
    extras = extras or L.ExportExtras()
    if extras.targets is None:
        extras.targets = _targets_of(layer, selected, bool(names), feedback)
    summary = L.export_ledger(path, selected, info, extras, progress=progress, is_cancelled=is_cancelled)
    if feedback is not None:
        feedback.pushInfo(tr("Ledger written: {} — {} project(s) in {} 街镇, investment {:,.2f} 万元; sheets: {}.")
                          .format(path, summary.projects, len(summary.subdistricts), summary.investment,
                                  "、".join(summary.sheets)))
        for note in summary.notes:
            feedback.pushWarning(tr_msg(note))
    return summary


# ------------------------------------------------------------------------------------------------------------
# a returned ledger: read against the list, its changes written back


class ListSnapshot(dict):
    """{project id: feature id} of the list as the preview read it, with each project's stored version and
    values then (the apply step checks them again)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions: dict[int, int] = {}
        self.values: dict[int, dict] = {}


def layer_projects(layer, is_cancelled=None) -> tuple[list, dict]:
    """(the projects of ``layer`` as dicts, {project id: feature id}), read from the layer in the main thread."""
    from .list_save import read_versions

    check = check_layer(layer)
    if not check.ok:
        raise LifeCircleError(check.message())
    pairs = read_projects(layer, is_cancelled)
    fids = ListSnapshot()
    for fid, p in pairs:
        pid = str(p.get("project_id") or "").strip()
        if pid:
            fids.setdefault(pid, fid)
            fids.values[fid] = p
    fids.versions = read_versions(layer)
    return [p for _, p in pairs], fids


def read_layer_ledger(layer, path: str, progress=None, is_cancelled=None):
    """(LedgerImport, {project id: feature id}) of a returned workbook against ``layer`` as it is now."""
    from .core import ledger as L

    projects, fids = layer_projects(layer, is_cancelled)
    return L.read_ledger(path, projects, progress=progress, is_cancelled=is_cancelled), fids


def why_not_applicable(layer) -> str | None:
    """Why a ledger's changes cannot be written to ``layer`` now (not editable, or unsaved edits of its own)."""
    reason = why_not_editable(layer)
    if reason:
        return reason
    if layer.isEditable() and layer.isModified():
        return tr("'{}' has unsaved edits: save or roll them back first, then import the ledger (its changes are "
                  "saved all together, without mixing in other edits).").format(layer.name())
    return None


def apply_ledger_changes(layer, result, fids: dict) -> int:
    """Writes the changes of ``result`` to ``layer`` and saves them: all or nothing.

    On a shared list (GeoPackage, PostGIS) the projects are checked again as they are saved: one changed since the
    preview read it (a colleague's save, another import landing first) is not written — its changes become
    conflicts of ``result`` — and the others are saved together. Returns the number of projects updated. Raises
    LifeCircleError (and leaves the layer as it was) when the import has errors, when the layer has unsaved edits
    of its own, cannot be edited, or refuses the changes. A layer that was in edit mode stays in edit mode.
    """
    if not result.ok:
        raise LifeCircleError(tr("The import has {} error(s): nothing was changed.").format(len(result.errors)))
    updates = result.updates()
    if not updates:
        return 0
    reason = why_not_applicable(layer)
    if reason:
        raise LifeCircleError(reason)
    was_editing = layer.isEditable()
    missing = [pid for pid in updates if pid not in fids]
    if missing:
        raise LifeCircleError(tr("Project(s) {} are no longer in '{}': nothing was changed.").format(
            ", ".join(missing[:10]), layer.name()))
    editor = ProjectEditor(layer, upgrade=False)
    late = _changed_since_preview(layer, updates, fids)
    updates = {pid: v for pid, v in updates.items() if pid not in {k.project_id for k in late}}
    if not updates:
        _late_conflicts(result, late, fids)
        return 0
    if not was_editing and not layer.startEditing():
        raise LifeCircleError(tr("Editing '{}' could not start: nothing was changed.").format(layer.name()))
    if editor.shared:
        _start_from_preview(editor.guard, updates, fids)
    failure = editor.set_values([(pid, fids[pid], values) for pid, values in updates.items()],
                                tr("Import ledger ({} projects)").format(len(updates)))
    if failure:
        layer.rollBack(not was_editing)
        raise LifeCircleError(tr("Applying the ledger to '{}' failed ({}): everything was rolled back, nothing was "
                                 "changed.").format(layer.name(), failure))
    late += _save_ledger(editor, layer, was_editing) if editor.shared else _commit_ledger(layer, was_editing)
    if late:
        _late_conflicts(result, late, fids)
    return len(updates) - len([k for k in late if k.project_id in updates])


def _changed_since_preview(layer, updates: dict, fids: dict) -> list:
    """Projects whose stored values differ from what the preview read (any kind of layer)."""
    from .core import conflicts as C
    from .list_save import read_rows

    before = getattr(fids, "values", {})
    wanted = [fids[pid] for pid in updates if fids[pid] in before]
    now = read_rows(layer, wanted)
    out = []
    for pid in updates:
        fid = fids[pid]
        if fid not in before:
            continue
        row = now.get(fid)
        conflict = C.Conflict(fid, pid, C.CHANGED if row else C.DELETED_BY_OTHER, dict(before[fid]),
                              dict(row.values) if row else None, None)
        if row is None or conflict.their_changes():
            out.append(conflict)
    return out


def _start_from_preview(guard, updates: dict, fids: dict) -> None:
    """The versions the preview read are what the apply starts from (not the versions now)."""
    from .list_save import Row

    versions = getattr(fids, "versions", {})
    values = getattr(fids, "values", {})
    for pid in updates:
        fid = fids[pid]
        if fid in versions:
            guard.bases[fid] = Row(dict(values.get(fid) or {}), versions[fid])


def _save_ledger(editor, layer, was_editing: bool) -> list:
    """One transaction; projects changed since the preview are left out (returned) and the rest saved."""
    from .core import conflicts as C
    from .list_save import save_edits

    late: list = []
    for _round in range(3):
        saved = save_edits(layer)
        if saved.ok:
            if not was_editing:
                layer.commitChanges()  # (nothing left: stops editing)
            return late
        if not saved.conflicts:
            layer.rollBack(not was_editing)
            raise LifeCircleError(tr("Saving the ledger's changes to '{}' failed: {}. Everything was rolled back, "
                                     "nothing was changed.").format(layer.name(), (saved.problem or "").rstrip(".")))
        for conflict in saved.conflicts:
            editor.resolve(conflict, C.Resolution(C.TAKE_THEIRS))
        late += saved.conflicts
    layer.rollBack(not was_editing)
    raise LifeCircleError(tr("'{}' kept changing while the ledger was saved: nothing was changed; import it "
                             "again.").format(layer.name()))


def _commit_ledger(layer, was_editing: bool) -> list:

    if not layer.commitChanges(not was_editing):
        errors = [e for e in layer.commitErrors() if e and not e.startswith("SUCCESS")]
        layer.rollBack(not was_editing)
        raise LifeCircleError(tr("Saving the ledger's changes to '{}' failed: {}. Everything was rolled back, nothing "
                                 "was changed.").format(layer.name(), "; ".join(errors[:5]) or tr("refused")))
    return []


def _late_conflicts(result, late: list, fids: dict) -> None:
    """Projects changed since the preview: their changes move from ``result.changes`` to its conflicts."""
    from .core import ledger as L

    by_pid = {k.project_id: k for k in late}
    for pid, k in by_pid.items():
        changes = [c for c in result.changes if c.project_id == pid]
        theirs = k.theirs or {}
        fields = [L.ConflictField(c.field, c.old, c.new, theirs.get(c.field) if k.theirs is not None else None)
                  for c in changes]
        row = changes[0].row if changes else 0
        result.conflicts.append(L.LedgerConflict(pid, row, fields, k.their_changes()))
    result.changes = [c for c in result.changes if c.project_id not in by_pid]
