"""A table model over a project-list layer, and the filter proxy the dock uses.

:class:`ProjectTableModel` reads the layer's features (through the edit buffer, so uncommitted edits show) and
follows the layer's signals: added/deleted features and changed values update single rows; rollback, commit,
reload and field changes re-read the layer. It keeps no data of its own beyond the rows it shows: every edit
goes to the layer (see ``project_layer.ProjectEditor``) and comes back through those signals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from qgis.core import QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QBrush, QColor

from .. import project_layer as PL
from ..core import projects as P
from ..messages import tr

#: columns of the table (schema field names), in order
COLUMNS: tuple[str, ...] = ("project_id", "name", "status", "progress", "investment", "category", "subdistrict",
                            "unit_id", "year", "project_source", "path", "implementer", "start_date", "end_date",
                            "actual_start", "actual_end", "previous_id")
#: fields the free-text search looks in
SEARCH_FIELDS: tuple[str, ...] = ("project_id", "name", "content", "implementer", "funding", "design_team",
                                  "community_planner", "remarks", "subdistrict", "unit_id", "district", "previous_id",
                                  "project_source", "feedback")
STATUS_BACKGROUND = {"谋划": "#eeeeee", "前期": "#dcecfb", "在建": "#ffe6c7", "完工": "#d9efd9", "运营": "#c8e0c8",
                     "取消": "#d6d6d6"}

FID_ROLE = Qt.ItemDataRole.UserRole + 1
PROJECT_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3




class ProjectTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.layer: Optional[QgsVectorLayer] = None
        self._fids: list[int] = []
        self._rows: dict[int, dict] = {}
        self._category_labels = {c.code: c.label() for c in P.categories()}

    # -- the layer ------------------------------------------------------------------------------------------
    def set_layer(self, layer: Optional[QgsVectorLayer]) -> None:
        if self.layer is not None:
            self._disconnect(self.layer)
        self.layer = layer if layer is not None and PL.check_layer(layer).ok else None
        if self.layer is not None:
            lyr = self.layer
            lyr.featureAdded.connect(self._feature_added)
            lyr.featureDeleted.connect(self._feature_deleted)
            lyr.attributeValueChanged.connect(self._attribute_changed)
            for signal in (lyr.afterRollBack, lyr.afterCommitChanges, lyr.dataChanged, lyr.updatedFields,
                           lyr.editingStopped):
                signal.connect(self.reload)
            lyr.willBeDeleted.connect(self._layer_deleted)
        self.reload()

    def _disconnect(self, lyr: QgsVectorLayer) -> None:
        pairs = [(lyr.featureAdded, self._feature_added), (lyr.featureDeleted, self._feature_deleted),
                 (lyr.attributeValueChanged, self._attribute_changed), (lyr.afterRollBack, self.reload),
                 (lyr.afterCommitChanges, self.reload), (lyr.dataChanged, self.reload),
                 (lyr.updatedFields, self.reload), (lyr.editingStopped, self.reload),
                 (lyr.willBeDeleted, self._layer_deleted)]
        for signal, slot in pairs:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    def _layer_deleted(self) -> None:
        self.beginResetModel()
        self.layer = None
        self._fids, self._rows = [], {}
        self.endResetModel()

    def reload(self, *_args) -> None:
        """Re-read every feature of the layer (after commit, rollback, reload or a change of fields)."""
        self.beginResetModel()
        self._fids, self._rows = [], {}
        if self.layer is not None and self.layer.isValid():
            req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
            fields = self.layer.fields()
            for f in self.layer.getFeatures(req):
                self._fids.append(f.id())
                self._rows[f.id()] = PL.feature_project(f, fields)
        self.endResetModel()

    def _read(self, fid: int) -> Optional[dict]:
        f = self.layer.getFeature(fid) if self.layer is not None else None
        if f is None or not f.isValid():
            return None
        return PL.feature_project(f, self.layer.fields())

    def _feature_added(self, fid: int) -> None:
        if fid in self._rows:
            return
        project = self._read(fid)
        if project is None:
            return
        row = len(self._fids)
        self.beginInsertRows(QModelIndex(), row, row)
        self._fids.append(fid)
        self._rows[fid] = project
        self.endInsertRows()

    def _feature_deleted(self, fid: int) -> None:
        if fid not in self._rows:
            return
        row = self._fids.index(fid)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._fids[row]
        del self._rows[fid]
        self.endRemoveRows()

    def _attribute_changed(self, fid: int, _idx: int, _value: Any) -> None:
        if fid not in self._rows:
            self._feature_added(fid)
            return
        project = self._read(fid)
        if project is None:
            return
        self._rows[fid] = project
        row = self._fids.index(fid)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # -- reading ---------------------------------------------------------------------------------------------
    def fid(self, row: int) -> int:
        return self._fids[row]

    def row_of(self, fid: int) -> int:
        try:
            return self._fids.index(fid)
        except ValueError:
            return -1

    def project(self, row: int) -> dict:
        return self._rows[self._fids[row]]

    def project_by_fid(self, fid: int) -> Optional[dict]:
        return self._rows.get(fid)

    def projects(self) -> list[dict]:
        return [self._rows[f] for f in self._fids]

    def distinct(self, name: str) -> list:
        values = {p.get(name) for p in self._rows.values() if not P.is_empty(p.get(name))}
        return sorted(values, key=lambda v: (str(type(v)), v))

    # -- QAbstractTableModel ----------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self._fids)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            spec = P.FIELDS_BY_NAME[COLUMNS[section]]
            if role == Qt.ItemDataRole.DisplayRole:
                return spec.alias_zh
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{spec.alias_zh} · {spec.alias_en} ({spec.name})"
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._fids):
            return None
        fid = self._fids[index.row()]
        project = self._rows[fid]
        name = COLUMNS[index.column()]
        value = project.get(name)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(name, value)
        if role == SORT_ROLE:
            return value
        if role == FID_ROLE:
            return fid
        if role == PROJECT_ROLE:
            return project
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"<b>{project.get('project_id') or ''} {project.get('name') or ''}</b>"]
            if project.get("content"):
                lines.append(str(project["content"]))
            if project.get("remarks"):
                lines.append(tr("Remarks: {}").format(project["remarks"]))
            if project.get("previous_id"):
                lines.append(tr("Continues {}").format(project["previous_id"]))
            return "<br>".join(lines)
        if role == Qt.ItemDataRole.BackgroundRole and name == "status" and value in STATUS_BACKGROUND:
            return QBrush(QColor(STATUS_BACKGROUND[value]))
        if role == Qt.ItemDataRole.TextAlignmentRole and name in ("year", "progress", "investment"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display(self, name: str, value: Any) -> str:
        if value is None:
            return ""
        if name == "category":
            return self._category_labels.get(value, str(value))
        if name == "progress":
            return f"{value}%"
        if name == "investment":
            try:
                return f"{float(value):,.1f}"
            except (TypeError, ValueError):
                return str(value)
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)


class ProjectFilterModel(QSortFilterProxyModel):
    """Filters by year, 街镇, unit, category, status and free text; sorts by the raw values."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filters: dict[str, Any] = {}
        self.text = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filter(self, name: str, value: Any) -> None:
        if value is None or value == "":
            self.filters.pop(name, None)
        else:
            self.filters[name] = value
        self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self.text = (text or "").strip().lower()
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802
        model: ProjectTableModel = self.sourceModel()
        project = model.project(source_row)
        for name, wanted in self.filters.items():
            value = project.get(name)
            if name == "year":
                try:
                    if value is None or int(value) != int(wanted):
                        return False
                except (TypeError, ValueError):
                    return False
            elif str(value if value is not None else "") != str(wanted):
                return False
        if self.text:
            words = self.text.split()
            hay = " ".join(str(project.get(n) or "") for n in SEARCH_FIELDS).lower()
            category = project.get("category")
            if category:
                hay += " " + model.display("category", category).lower()
            if not all(w in hay for w in words):
                return False
        return True

    def lessThan(self, left, right):  # noqa: N802
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)

    def visible_projects(self) -> list[dict]:
        model: ProjectTableModel = self.sourceModel()
        return [model.project(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())]

    def visible_fids(self) -> list[int]:
        model: ProjectTableModel = self.sourceModel()
        return [model.fid(self.mapToSource(self.index(r, 0)).row()) for r in range(self.rowCount())]
