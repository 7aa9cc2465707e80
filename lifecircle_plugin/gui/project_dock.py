"""The annual project list dock (年度项目实施清单): table, filters, totals, form, map links, rollover, drafts.

Everything the dock changes goes through the layer's edit buffer (``project_layer.ProjectEditor``), one edit
command per action, so QGIS's undo/redo, save and rollback apply — the dock's own buttons and QGIS's.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Optional, Sequence

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsMapToolEmitPoint
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel, QSize, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QLabel,
    QAction,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QToolBar,
)

from .. import project_layer as PL
from ..core import projects as P
from ..core.errors import LifeCircleError
from .flow_layout import FlowLayout, fixed_size
from .message_area import MessageArea
from .project_form import ProjectFormDialog
from .project_model import COLUMNS, FID_ROLE, ProjectFilterModel, ProjectTableModel
from ..qgis_compat import layer_filters
from ..messages import error_message, tr_msg
from ..messages import tr

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("project_dock.ui")))


# Qgis message levels (Qgis.MessageLevel.Info in scoped form; plain attributes exist on 3.22 and Qt6 builds)
def _level(name: str):
    from qgis.core import Qgis

    enum = getattr(Qgis, "MessageLevel", None)
    return getattr(enum, name) if enum is not None and hasattr(enum, name) else getattr(Qgis, name)


LEVEL_INFO = _level("Info")
LEVEL_WARNING = _level("Warning")
LEVEL_CRITICAL = _level("Critical")
LEVEL_SUCCESS = _level("Success")

SETTINGS_SCOPE = "LifeCircle"
ALL = None  # the "all" entry of a filter combo
PROBLEM_STYLE = ("QLabel { background: #fff4e5; border: 1px solid #f0b46b; border-radius: 3px; padding: 4px; "
                 "color: #5d3a00; }")
ERROR_STYLE = ("QLabel { background: #fdecea; border: 1px solid #e57373; border-radius: 3px; padding: 4px; "
               "color: #7f1d1d; }")




def _icon(name: str):
    return QgsApplication.getThemeIcon(name)


class ProjectPickTool(QgsMapToolEmitPoint):
    """Map tool: one click gives a project its location (the dock decides what the click means)."""

    picked = pyqtSignal(QgsPointXY)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.canvasClicked.connect(self._clicked)

    def _clicked(self, point, button) -> None:
        if button == Qt.MouseButton.LeftButton:
            self.picked.emit(QgsPointXY(point))


class ProjectDock(QgsDockWidget, FORM_CLASS):
    """The dock. ``iface`` is QGIS's interface (the map canvas and message bar come from it)."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.setObjectName("LifeCircleProjectDock")
        self.setWindowTitle(tr("Annual project list 年度项目实施清单"))
        self.layer: Optional[QgsVectorLayer] = None
        self.editor: Optional[PL.ProjectEditor] = None
        self.conflict_dialog = None
        self.form: Optional[ProjectFormDialog] = None  # the open form (tests and screenshots reach it here)
        self.siting_dialog = None
        self._syncing = False
        self._problems: list[str] = []
        self._read_only_reason: Optional[str] = None
        self._schema_ok = False
        self._previous_tool = None
        self.pick_tool = ProjectPickTool(iface.mapCanvas())
        self.pick_tool.picked.connect(self._map_clicked)
        self.pick_tool.deactivated.connect(lambda: self.actPick.setChecked(False))

        self.model = ProjectTableModel(self)
        self.proxy = ProjectFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.tableView.setModel(self.proxy)
        self.tableView.verticalHeader().setVisible(False)
        self.tableView.verticalHeader().setDefaultSectionSize(22)
        header = self.tableView.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.tableView.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        self.messageArea = MessageArea(self.dockContents)  # (under the list row: the whole message, wrapped)
        self.mainLayout.insertWidget(1, self.messageArea)
        self.targets: list = []  # the list's yearly targets (core.programme.Target), read with the layer
        self.targetsLabel = QLabel(self.dockContents)  # progress against them, under the totals
        self.targetsLabel.setWordWrap(True)
        self.targetsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        holder = self.totalsLabel.parentWidget().layout()
        holder.insertWidget(holder.indexOf(self.totalsLabel) + 1, self.targetsLabel)
        self._translate_ui()
        self._make_actions()
        self._set_up_combos()
        self._connect()
        self._pick_initial_layer()

    # ==========================================================================================================
    # set-up
    def _translate_ui(self) -> None:
        self.layerLabel.setText(tr("List"))
        self.newButton.setText(tr("New…"))
        self.linksGroup.setTitle(tr("Map links: units and geometry"))
        self.unitsLabel.setText(tr("Units"))
        self.unitFieldLabel.setText(tr("Unit id"))
        self.subdistrictFieldLabel.setText(tr("街镇"))
        self.sourceLabel.setText(tr("Geometry from"))
        self.searchEdit.setPlaceholderText(tr("Search…"))
        self.searchEdit.setShowSearchIcon(True)
        self.rolloverButton.setText(tr("Roll over to next year"))
        self.sitingButton.setText(tr("From siting results…"))
        self.rolloverButton.setIcon(_icon("/mActionDoubleArrowRight.svg"))
        self.sitingButton.setIcon(_icon("/mActionAddMarker.svg"))
        self.problemLabel.hide()
        self.linksGroup.setSaveCollapsedState(False)
        self.linksGroup.setCollapsed(True)
        self.filterGroup.setTitle(tr("Filters"))
        for column in range(2):
            self.filterLayout.setColumnStretch(column, 1)
        for combo in (self.yearFilter, self.subdistrictFilter, self.unitFilter, self.categoryFilter,
                      self.statusFilter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)

    def _make_actions(self) -> None:
        def action(icon, text, slot, checkable=False):
            a = QAction(_icon(icon), text, self)
            a.setToolTip(text)
            a.setCheckable(checkable)
            a.triggered.connect(slot)
            return a

        self.actAdd = action("/mActionNewTableRow.svg", tr("Add a project…"), lambda: self.add_project())
        self.actEdit = action("/mActionFormView.svg", tr("Edit the selected project…"), lambda: self.edit_selected())
        self.actDelete = action("/mActionDeleteSelectedFeatures.svg", tr("Delete the selected projects"),
                                lambda: self.delete_selected())
        self.actUndo = action("/mActionUndo.svg", tr("Undo"), lambda: self.undo())
        self.actRedo = action("/mActionRedo.svg", tr("Redo"), lambda: self.redo())
        self.actSave = action("/mActionSaveEdits.svg", tr("Save edits to the data source"), lambda: self.commit())
        self.actRollback = action("/mActionCancelEdits.svg", tr("Roll back: discard unsaved edits"),
                                  lambda: self.rollback())
        self.actPick = action("/mActionCapturePoint.svg",
                              tr("Locate on the map: click where the project is (with one project selected it "
                                 "moves; otherwise a new project starts there). A polygon list takes the polygon "
                                 "of the 'Geometry from' layer under the click."), self._toggle_pick, True)
        self.actFromSelected = action("/algorithms/mAlgorithmCentroids.svg",
                                      tr("Take the selected feature of the 'Geometry from' layer (a parcel or a "
                                         "site) as the location"), lambda: self.take_selected_feature())
        self.actFillUnits = action("/mActionIdentify.svg",
                                   tr("Fill in unit and 街镇 of the selected projects from the units layer"),
                                   lambda: self.fill_units_for_selected())
        self.actZoom = action("/mActionZoomToSelected.svg", tr("Zoom to the selected projects"),
                              lambda: self.zoom_to_fids(self.selected_fids()))
        # three tool bars in a flow layout: at a narrow dock's width they wrap onto a second row instead of hiding
        # tools behind "»"
        flow = FlowLayout(self.toolsHolder, spacing=6)
        self.toolBars = []
        for group in ((self.actAdd, self.actEdit, self.actDelete), (self.actUndo, self.actRedo, self.actSave,
                                                                     self.actRollback),
                      (self.actPick, self.actFromSelected, self.actFillUnits, self.actZoom)):
            bar = QToolBar(self.toolsHolder)
            bar.setIconSize(QSize(20, 20))
            bar.setFloatable(False)
            bar.setMovable(False)
            for a in group:
                bar.addAction(a)
            flow.addWidget(fixed_size(bar))
            self.toolBars.append(bar)
        menu = QMenu(self.newButton)
        self.actNewPoints = menu.addAction(_icon("/mActionNewGeoPackageLayer.svg"),
                                           tr("New GeoPackage list (points)…"), lambda: self.new_geopackage(PL.POINT))
        self.actNewPolygons = menu.addAction(_icon("/mActionNewGeoPackageLayer.svg"),
                                             tr("New GeoPackage list (polygons)…"),
                                             lambda: self.new_geopackage(PL.POLYGON))
        menu.addSeparator()
        self.actSharePostgis = menu.addAction(_icon("/mIconPostgis.svg"), tr("Share the list in PostGIS…"),
                                              lambda: self.share_in_postgis())
        self.actOpenPostgis = menu.addAction(_icon("/mActionAddPostgisLayer.svg"),
                                             tr("Open a shared list from PostGIS…"), lambda: self.open_from_postgis())
        menu.addSeparator()
        self.actExportLedger = menu.addAction(_icon("/mActionSaveAs.svg"), tr("Export Excel ledger (台账)…"),
                                              lambda: self.export_ledger())
        self.actImportLedger = menu.addAction(_icon("/mActionFileOpen.svg"), tr("Import ledger updates (台账)…"),
                                              lambda: self.import_ledger())
        menu.addSeparator()
        self.actTargets = menu.addAction(_icon("/mActionOpenTable.svg"), tr("Yearly targets 年度目标…"),
                                         lambda: self.edit_targets())
        self.newButton.setMenu(menu)
        self.newButton.setIcon(_icon("/mActionFileNew.svg"))

    def export_ledger(self, path: Optional[str] = None, **dialog_options):
        """The ledger export dialog for the current list (lifecircle:exportledger underneath)."""
        if self.layer is None:
            self.message(tr("Choose a project list first."), LEVEL_WARNING)
            return None
        from .ledger_dialogs import export_ledger_dialog

        return export_ledger_dialog(self.iface, self.layer, path, **dialog_options)

    def import_ledger(self, path: Optional[str] = None, **dialog_options):
        """The ledger import dialog: preview of the district offices' changes, then apply (all or nothing)."""
        if self.layer is None:
            self.message(tr("Choose a project list first."), LEVEL_WARNING)
            return None
        from .ledger_dialogs import import_ledger_dialog

        return import_ledger_dialog(self.iface, self.layer, path, **dialog_options)

    def _set_up_combos(self) -> None:
        self.layerCombo.setFilters(layer_filters("PointLayer", "PolygonLayer"))
        self.layerCombo.setAllowEmptyLayer(True)
        self.layerCombo.setLayer(None)
        self.unitsCombo.setFilters(layer_filters("PolygonLayer"))
        self.unitsCombo.setAllowEmptyLayer(True)
        self.unitsCombo.setLayer(None)
        self.sourceCombo.setFilters(layer_filters("PointLayer", "PolygonLayer"))
        self.sourceCombo.setAllowEmptyLayer(True)
        self.sourceCombo.setLayer(None)
        for combo in (self.unitFieldCombo, self.subdistrictFieldCombo):
            combo.setAllowEmptyFieldName(True)
        self._fill_filter(self.yearFilter, tr("All years"), [])
        self._fill_filter(self.subdistrictFilter, tr("All 街镇"), [])
        self._fill_filter(self.unitFilter, tr("All units"), [])
        self._fill_filter(self.categoryFilter, tr("All categories"), [])
        self._fill_filter(self.statusFilter, tr("All statuses"), [(s, s) for s in P.STATUSES])

    def _connect(self) -> None:
        self.layerCombo.layerChanged.connect(self.set_layer)
        self.unitsCombo.layerChanged.connect(self._units_changed)
        self.unitFieldCombo.fieldChanged.connect(lambda *_: self._store_links())
        self.subdistrictFieldCombo.fieldChanged.connect(lambda *_: self._store_links())
        self.sourceCombo.layerChanged.connect(lambda *_: self._store_links())
        for combo, name in ((self.yearFilter, "year"), (self.subdistrictFilter, "subdistrict"),
                            (self.unitFilter, "unit_id"), (self.categoryFilter, "category"),
                            (self.statusFilter, "status")):
            combo.currentIndexChanged.connect(lambda _i, c=combo, n=name: self.proxy.set_filter(n, c.currentData()))
        self.searchEdit.textChanged.connect(self.proxy.set_text)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.layoutChanged, self.proxy.dataChanged):
            signal.connect(self._update_totals)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.dataChanged):
            signal.connect(self._refresh_filter_choices)
        self.model.modelReset.connect(self._update_state)
        self.model.modelReset.connect(self._select_rows_from_layer)
        self.model.rowsInserted.connect(self._update_state)
        self.model.rowsRemoved.connect(self._update_state)
        self.model.dataChanged.connect(self._update_state)
        self.tableView.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.tableView.doubleClicked.connect(self._double_clicked)
        self.rolloverButton.clicked.connect(lambda: self.roll_over())
        self.sitingButton.clicked.connect(lambda: self.from_siting())
        QgsProject.instance().layersAdded.connect(self._layers_added)
        QgsProject.instance().readProject.connect(self._project_read)

    def _pick_initial_layer(self) -> None:
        with project_kept_clean():
            self._restore_links()
            if self.layer is None:
                candidates = [lyr for lyr in QgsProject.instance().mapLayers().values()
                              if isinstance(lyr, QgsVectorLayer) and PL.check_layer(lyr).ok]
                candidates.sort(key=lambda lyr: (lyr.name() != PL.LAYER_NAME, lyr.name()))
                if candidates:
                    self.layerCombo.setLayer(candidates[0])
        self._update_state()

    def _layers_added(self, layers) -> None:
        if self.layer is None:
            with project_kept_clean():
                for lyr in layers:
                    if isinstance(lyr, QgsVectorLayer) and PL.check_layer(lyr).ok:
                        self.layerCombo.setLayer(lyr)
                        break

    def _project_read(self, *_args) -> None:
        with project_kept_clean():
            self._restore_links()

    def unload(self) -> None:
        """Disconnect from the layer, the project and the canvas (called by the plugin before deleting the dock)."""
        canvas = self.iface.mapCanvas()
        if canvas is not None and canvas.mapTool() is self.pick_tool:
            canvas.unsetMapTool(self.pick_tool)
        self._watch_layer(None)
        self.model.set_layer(None)
        for signal, slot in ((QgsProject.instance().layersAdded, self._layers_added),
                             (QgsProject.instance().readProject, self._project_read)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    # ==========================================================================================================
    # the layer
    def set_layer(self, layer) -> None:
        """Show and edit ``layer`` (any layer can be picked; one without the schema gets the list of what's missing)."""
        if self.layerCombo.currentLayer() is not layer:
            self.layerCombo.blockSignals(True)
            self.layerCombo.setLayer(layer)
            self.layerCombo.blockSignals(False)
        self._watch_layer(layer if isinstance(layer, QgsVectorLayer) else None)
        self.layer = layer if isinstance(layer, QgsVectorLayer) else None
        check = PL.check_layer(layer) if layer is not None else None
        self._schema_ok = bool(check and check.ok)
        self.editor = PL.ProjectEditor(self.layer) if self._schema_ok else None
        self._say_upgrade()
        if self._schema_ok and self.layer.fields().lookupField("status") >= 0:
            if self.layer.editorWidgetSetup(self.layer.fields().lookupField("status")).type() != "ValueMap":
                PL.configure_layer(self.layer, symbology=False)  # QGIS's own form behaves too
        self._load_targets()
        self.model.set_layer(self.layer if self._schema_ok else None)
        self.tableView.resizeColumnsToContents()
        self._fit_columns()
        self._store_links()
        self._update_state()

    def _say_upgrade(self) -> None:
        upgrade = self.editor.upgrade if self.editor is not None else None
        if upgrade is None:
            return
        if upgrade.problem:
            self.message(tr("'{}' could not be prepared for shared editing ({}): saves are not checked against "
                            "colleagues' saves.").format(self.layer.name(), upgrade.problem), LEVEL_WARNING)
        elif upgrade.changed:
            self.message(tr("'{}' was prepared for shared editing (added: {}). Each save now checks that no "
                            "colleague saved the same project since you started.").format(
                self.layer.name(), ", ".join(upgrade.added) or tr("the database's version check")), LEVEL_INFO)

    def _watch_layer(self, layer: Optional[QgsVectorLayer]) -> None:
        old = getattr(self, "_watched", None)
        if old is not None:
            try:
                old.selectionChanged.disconnect(self._layer_selection_changed)
                old.editingStarted.disconnect(self._update_state)
                old.editingStopped.disconnect(self._update_state)
                old.layerModified.disconnect(self._update_state)
                old.undoStack().indexChanged.disconnect(self._update_actions)
                old.willBeDeleted.disconnect(self._layer_deleted)
            except (TypeError, RuntimeError):
                pass
        self._watched = layer
        if layer is not None:
            layer.selectionChanged.connect(self._layer_selection_changed)
            layer.editingStarted.connect(self._update_state)
            layer.editingStopped.connect(self._update_state)
            layer.layerModified.connect(self._update_state)
            layer.undoStack().indexChanged.connect(self._update_actions)
            layer.willBeDeleted.connect(self._layer_deleted)

    def _layer_deleted(self) -> None:
        self._watched = None
        self.layer = None
        self.editor = None
        self._schema_ok = False
        self._update_state()

    def _fit_columns(self) -> None:
        header = self.tableView.horizontalHeader()
        limits = {"project_id": 150, "name": 180, "implementer": 160, "category": 120}
        for i, name in enumerate(COLUMNS):
            width = header.sectionSize(i)
            header.resizeSection(i, min(max(width, 40), limits.get(name, 110)))

    # ==========================================================================================================
    # state: messages and enabled actions
    def _update_state(self, *_args) -> None:
        problems: list[str] = []
        error = False
        self._read_only_reason = None
        if self.layer is None:
            problems.append(tr("Choose a project list above, or make one with New…"))
        elif not self._schema_ok:
            problems.append(PL.check_layer(self.layer).message())
            error = True
        else:
            self._read_only_reason = PL.why_not_editable(self.layer)
            if self._read_only_reason:
                problems.append(self._read_only_reason)
            dups = P.duplicate_ids(p.get("project_id") for p in self.model.projects())
            if dups:
                listed = ", ".join(tr("{} (×{})").format(pid, n) for pid, n in dups.items())
                problems.append(tr("Duplicate project ids in the data: {}. Edits will not create more duplicates, "
                                   "and rollover waits until every project has its own id.").format(listed))
                error = True
            check = PL.check_layer(self.layer)
            if check.text_dates:
                problems.append(tr("Date fields stored as text: {}.").format(", ".join(check.text_dates)))
        self._problems = problems
        if problems:
            self.problemLabel.setText("\n".join(problems))
            self.problemLabel.setStyleSheet(ERROR_STYLE if error else PROBLEM_STYLE)
            self.problemLabel.show()
        else:
            self.problemLabel.clear()
            self.problemLabel.hide()
        self._update_actions()
        self._update_totals()

    def problems(self) -> list[str]:
        """The persistent messages the dock shows above the table (schema, read-only, duplicates)."""
        return list(self._problems)

    def _update_actions(self, *_args) -> None:
        usable = self.layer is not None and self._schema_ok
        editable = usable and not self._read_only_reason
        n_sel = len(self.selected_fids()) if usable else 0
        editing = editable and self.layer.isEditable()
        stack = self.layer.undoStack() if usable else None
        self.actAdd.setEnabled(editable)
        self.actEdit.setEnabled(editable and n_sel == 1)
        self.actDelete.setEnabled(editable and n_sel > 0)
        self.actUndo.setEnabled(bool(editing and stack is not None and stack.canUndo()))
        self.actRedo.setEnabled(bool(editing and stack is not None and stack.canRedo()))
        self.actSave.setEnabled(bool(editing and self.layer.isModified()))
        self.actRollback.setEnabled(bool(editing))
        self.actPick.setEnabled(editable)
        self.actFromSelected.setEnabled(editable)
        self.actFillUnits.setEnabled(editable and n_sel > 0)
        self.actZoom.setEnabled(usable and n_sel > 0)
        self.rolloverButton.setEnabled(editable)
        self.sitingButton.setEnabled(editable)
        self.actSharePostgis.setEnabled(usable)

    # ==========================================================================================================
    # filters and totals
    @staticmethod
    def _fill_filter(combo, all_text: str, items: Sequence[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, ALL)
        for label, value in items:
            combo.addItem(label, value)
        i = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)
        if combo.currentData() != current:
            combo.currentIndexChanged.emit(combo.currentIndex())

    def _refresh_filter_choices(self, *_args) -> None:
        years = sorted({int(y) for y in self.model.distinct("year")}, reverse=True)
        self._fill_filter(self.yearFilter, tr("All years"), [(str(y), y) for y in years])
        self._fill_filter(self.subdistrictFilter, tr("All 街镇"), [(s, s) for s in self.model.distinct("subdistrict")])
        self._fill_filter(self.unitFilter, tr("All units"), [(str(u), str(u)) for u in self.model.distinct("unit_id")])
        present = set(self.model.distinct("category"))
        self._fill_filter(self.categoryFilter, tr("All categories"),
                          [(c.label(), c.code) for c in P.categories() if c.code in present])

    def set_filter(self, name: str, value) -> None:
        """Set a filter combo by value (None: all) — what a user does by picking an entry."""
        combo = {"year": self.yearFilter, "subdistrict": self.subdistrictFilter, "unit_id": self.unitFilter,
                 "category": self.categoryFilter, "status": self.statusFilter}[name]
        i = combo.findData(value)
        if i < 0:
            raise LifeCircleError(tr("'{}' is not among the values of the filter {}.").format(value, name))
        combo.setCurrentIndex(i)

    def _update_totals(self, *_args) -> None:
        if self.layer is None or not self._schema_ok:
            self.totalsLabel.setText("")
            return
        t = P.totals(self.proxy.visible_projects())
        total = self.model.rowCount()
        head = tr("{} of {} project(s) shown · investment {} 万元 (excl. 取消)").format(
            t.count, total, f"{t.active_investment:,.1f}")
        parts = [tr("{}: {} · {} 万元").format(status, n, f"{inv:,.1f}") for status, (n, inv) in t.by_status.items()]
        self.totalsLabel.setText(totals_html(head, parts))
        self._totals_text = head + ("\n" + "   ".join(parts) if parts else "")
        self._update_progress()

    # -- yearly targets (年度目标) --
    def _load_targets(self) -> None:
        from ..list_targets import read_layer_targets

        self.targets = []
        if self.layer is None or not self._schema_ok:
            return
        try:
            self.targets = read_layer_targets(self.layer)
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_WARNING)

    def _progress_rows(self):
        from ..core import programme as G
        from .targets_panel import progress_year

        projects = self.proxy.visible_projects()
        years = sorted({y for y in (P.year_of(p.get("year")) for p in projects) if y is not None})
        year = progress_year(self.yearFilter.currentData(), self.targets, years)
        if year is None or not any(t.year == year for t in self.targets):
            return year, [], []
        return year, G.progress_by_unit(projects, self.targets, year), G.progress_by_category(projects, year)

    def _update_progress(self) -> None:
        from .targets_panel import progress_html

        year, rows, categories = self._progress_rows() if self.layer is not None and self._schema_ok else (None, [],
                                                                                                             [])
        self.targetsLabel.setText(progress_html(rows, categories, year) if rows else "")
        self.targetsLabel.setVisible(bool(rows))

    def progress_text(self) -> str:
        """The progress against the targets as plain text (what the panel under the totals shows)."""
        from .targets_panel import progress_text

        year, rows, _ = self._progress_rows()
        return progress_text(rows, year) if rows else ""

    def edit_targets(self, **dialog_options):
        """The yearly targets dialog; the panel under the totals follows what is saved."""
        if self.layer is None or not self._schema_ok:
            self.message(tr("Choose a project list first."), LEVEL_WARNING)
            return None
        from ..list_targets import save_layer_targets, targets_where
        from .targets_dialog import TargetsDialog

        subdistricts = sorted({str(p.get("subdistrict")) for p in self.proxy.visible_projects()
                               if not P.is_empty(p.get("subdistrict"))})
        dialog = TargetsDialog(self.targets, targets_where(self.layer),
                               lambda rows: save_layer_targets(self.layer, rows),
                               default_year=self.yearFilter.currentData() or self._latest_year(), units=subdistricts,
                               parent=self)
        if dialog_options.get("show", True) is False:
            return dialog
        if self._exec(dialog) and dialog.saved is not None:
            self.targets = dialog.saved
            self._update_progress()
            self.message(tr("{} target(s) saved.").format(len(self.targets)), LEVEL_SUCCESS)
        return dialog

    def targets_saved(self, dialog) -> None:
        """After a dialog opened with show=False was saved (tests drive the dialog themselves)."""
        if dialog.saved is not None:
            self.targets = dialog.saved
            self._update_progress()

    def tool_button(self, action):
        """The tool button of one of the dock's actions (the tools stand in three tool bars)."""
        for bar in self.toolBars:
            button = bar.widgetForAction(action)
            if button is not None:
                return button
        return None

    def totals_text(self) -> str:
        """The totals as plain text (the label shows them as a small table)."""
        return getattr(self, "_totals_text", "") if self.totalsLabel.text() else ""

    # ==========================================================================================================
    # selection and zoom
    def selected_fids(self) -> list[int]:
        rows = self.tableView.selectionModel().selectedRows() if self.tableView.selectionModel() else []
        return [self.proxy.data(r, FID_ROLE) for r in rows]

    def _table_selection_changed(self, *_args) -> None:
        self._update_actions()
        if self._syncing or self.layer is None:
            return
        self._syncing = True
        try:
            self.layer.selectByIds(self.selected_fids())
        finally:
            self._syncing = False

    def _layer_selection_changed(self, *_args) -> None:
        if self._syncing:
            return
        self._select_rows_from_layer()

    def _select_rows_from_layer(self, *_args) -> None:
        if self.layer is None or not self._schema_ok:
            return
        self._syncing = True
        try:
            self.select_fids(self.layer.selectedFeatureIds(), sync_layer=False)
        finally:
            self._syncing = False

    def select_fids(self, fids, sync_layer: bool = True) -> None:
        selection = QItemSelection()
        for fid in fids:
            row = self.model.row_of(fid)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                selection.select(index, self.proxy.index(index.row(), self.proxy.columnCount() - 1))
        sm = self.tableView.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        if sync_layer:
            sm.select(selection, flags)
        else:
            was = self._syncing
            self._syncing = True
            try:
                sm.select(selection, flags)
            finally:
                self._syncing = was
        if not selection.isEmpty():
            self.tableView.scrollTo(selection.indexes()[0])
        self._update_actions()

    def _double_clicked(self, index) -> None:
        fid = self.proxy.data(index, FID_ROLE)
        if fid is not None:
            self.zoom_to_fids([fid])

    def zoom_to_fids(self, fids) -> None:
        canvas = self.iface.mapCanvas()
        if self.layer is None or canvas is None or not fids:
            return
        rect = None
        for f in self.layer.getFeatures(QgsFeatureRequest().setFilterFids(list(fids))):
            if f.hasGeometry() and not f.geometry().isEmpty():
                box = f.geometry().boundingBox()
                if rect is None:
                    rect = box
                else:
                    rect.combineExtentWith(box)
        if rect is None:
            self.message(tr("The project has no location yet: use 'Locate on the map' or 'Take the selected "
                            "feature'."), LEVEL_WARNING)
            return
        rect = canvas.mapSettings().layerExtentToOutputExtent(self.layer, rect)
        metres = canvas.mapSettings().destinationCrs().mapUnits() != QgsUnitTypes.DistanceUnit.DistanceDegrees
        pad = 150.0 if metres else 0.0015
        if rect.width() < 2 * pad and rect.height() < 2 * pad:
            c = rect.center()
            rect = QgsRectangle(c.x() - pad, c.y() - pad, c.x() + pad, c.y() + pad)
        else:
            rect.scale(1.2)
        canvas.setExtent(rect)
        canvas.refresh()
        if hasattr(canvas, "flashFeatureIds"):
            canvas.flashFeatureIds(self.layer, list(fids))

    # ==========================================================================================================
    # messages and questions (one place, so tests can answer them)
    def message(self, text: str, level=None, duration: int = 8) -> None:
        level = LEVEL_INFO if level is None else level
        self.last_message = (text, level)
        self.messageArea.push(text, level, 0 if level == LEVEL_CRITICAL else duration)

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _exec(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _can_edit(self) -> bool:
        if self.layer is None:
            self.message(tr("Choose a project list first."), LEVEL_WARNING)
            return False
        if not self._schema_ok:
            self.message(tr("'{}' is not a project list (see the note above).").format(self.layer.name()),
                         LEVEL_WARNING)
            return False
        if self._read_only_reason:
            self.message(self._read_only_reason, LEVEL_WARNING)
            return False
        return True

    # ==========================================================================================================
    # add / edit / delete
    def _id_for(self, year: int, subdistrict: str) -> str:
        return P.next_project_id(year, subdistrict, self.editor.ids())

    def _choices(self) -> dict[str, list]:
        out = {name: [str(v) for v in self.model.distinct(name)]
               for name in ("subdistrict", "unit_id", "implementer", "funding", "design_team", "community_planner")}
        units, ufield, sfield = self._units()
        if units is not None:
            for name, fld in (("unit_id", ufield), ("subdistrict", sfield)):
                idx = units.fields().lookupField(fld) if fld else -1
                if idx >= 0:
                    values = {str(v) for v in units.uniqueValues(idx) if not PL._null(v)}
                    out[name] = sorted(set(out[name]) | values)
        return out

    def _common(self, name: str):
        values = Counter(p.get(name) for p in self.model.projects() if not P.is_empty(p.get(name)))
        return values.most_common(1)[0][0] if values else None

    def add_project(self, geometry: Optional[QgsGeometry] = None, values: Optional[dict] = None) -> list[int]:
        """Open the form for a new project (with a location, when given); save it into the edit buffer."""
        if not self._can_edit():
            return []
        year = self.yearFilter.currentData() or self._latest_year() or dt.date.today().year
        defaults = P.new_project(year=year, district=self._common("district"),
                                 subdistrict=self.subdistrictFilter.currentData(),
                                 unit_id=self.unitFilter.currentData())
        defaults.update({k: v for k, v in (values or {}).items() if not P.is_empty(v)})
        defaults["updated_at"] = None
        dialog = ProjectFormDialog(defaults, check=lambda v: self.editor.problems(v, None), id_for=self._id_for,
                                   choices=self._choices(), new=True, parent=self)
        if geometry is None:
            dialog.set_header(tr("No location yet: after saving, select the project and use 'Locate on the map' "
                                 "or 'Take the selected feature'."))
        else:
            dialog.set_header(tr("Location: from the map or the chosen feature; unit and 街镇 from the units layer "
                                 "where it lies."))
        self.form = dialog
        try:
            if not self._exec(dialog):
                return []
            values = dialog.values()
        finally:
            self.form = None
        try:
            fids = self.editor.add([values], [geometry] if geometry is not None else None,
                                   tr("Add project {}").format(values.get("project_id")))
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return []
        self.select_fids(fids)
        self._say_done(tr("Project {} added (not saved yet: Save edits writes it).").format(values.get("project_id")),
                       values)
        return fids

    def edit_selected(self) -> bool:
        fids = self.selected_fids()
        if len(fids) != 1:
            self.message(tr("Select one project to edit."), LEVEL_WARNING)
            return False
        return self.edit_project(fids[0])

    def edit_project(self, fid: int) -> bool:
        if not self._can_edit():
            return False
        project = self.editor.starting_values(fid) or self.model.project_by_fid(fid)
        if project is None:
            return False
        dialog = ProjectFormDialog(dict(project), check=lambda v: self.editor.problems(v, fid), id_for=self._id_for,
                                   choices=self._choices(), new=False, parent=self)
        dups = P.duplicate_ids(p.get("project_id") for p in self.model.projects())
        if project.get("project_id") in dups:
            dialog.set_header(tr("{} is used by {} projects: give this one a new id (Generate).").format(
                project.get("project_id"), dups[project.get("project_id")]))
        self.form = dialog
        try:
            if not self._exec(dialog):
                return False
            values = dialog.values()
        finally:
            self.form = None
        try:
            self.editor.update(fid, values, command=tr("Edit project {}").format(values.get("project_id")),
                               base=project)
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return False
        self._say_done(tr("Project {} changed (not saved yet).").format(values.get("project_id")), values)
        return True

    def _say_done(self, text: str, values: dict) -> None:
        """What was done, and what is worth a second look (funding that does not add up …) without stopping it."""
        warnings = P.project_warnings(values)
        if warnings:
            text += " " + tr("Please check: {}").format("; ".join(tr_msg(w.message) for w in warnings))
        self.message(text, LEVEL_WARNING if warnings else LEVEL_SUCCESS)

    def delete_selected(self) -> bool:
        if not self._can_edit():
            return False
        fids = self.selected_fids()
        if not fids:
            self.message(tr("Select the projects to delete."), LEVEL_WARNING)
            return False
        ids = [str(self.model.project_by_fid(f).get("project_id")) for f in fids]
        shown = ", ".join(ids[:6]) + (" …" if len(ids) > 6 else "")
        if not self._ask(tr("Delete projects"), tr("Delete {} project(s): {}?\n\nYou can undo this; nothing is "
                                                   "written until you save edits.").format(len(ids), shown)):
            return False
        try:
            self.editor.delete(fids, tr("Delete {}").format(shown))
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return False
        self.message(tr("{} project(s) deleted (not saved yet).").format(len(ids)), LEVEL_SUCCESS)
        return True

    # ==========================================================================================================
    # undo / redo / save / roll back
    def undo(self) -> None:
        if self.layer is not None and self.layer.isEditable():
            self.layer.undoStack().undo()
            self._update_state()

    def redo(self) -> None:
        if self.layer is not None and self.layer.isEditable():
            self.layer.undoStack().redo()
            self._update_state()

    def commit(self) -> bool:
        if self.editor is None:
            return False
        result = self.editor.commit()
        for _round in range(3):  # (a colleague may save again while the planner chooses)
            if not result.conflicts:
                break
            self.message(result.message, LEVEL_WARNING)
            if not self._resolve(result.conflicts):
                self._update_state()
                return False
            result = self.editor.commit()
        self.message(result.message, LEVEL_SUCCESS if result.ok else LEVEL_CRITICAL)
        self._update_state()
        return result.ok

    def _resolve(self, conflicts) -> bool:
        """The planner chooses per project (keep mine, take theirs, field by field); False: cancelled."""
        from .conflict_dialog import ConflictDialog

        dialog = ConflictDialog(conflicts, self.layer.name(), self)
        self.conflict_dialog = dialog
        try:
            if not self._exec(dialog):
                self.message(tr("Not saved: your edits are still here, unsaved."), LEVEL_WARNING)
                return False
            for conflict, resolution in dialog.resolutions():
                self.editor.resolve(conflict, resolution)
            return True
        finally:
            self.conflict_dialog = None
            dialog.deleteLater()

    def rollback(self) -> bool:
        if self.editor is None or not self.layer.isEditable():
            return False
        if self.layer.isModified():
            n = PL._pending_count(self.layer)
            if not self._ask(tr("Roll back"), tr("Discard {} unsaved change(s) to '{}'?").format(n, self.layer.name())):
                return False
        self.editor.rollback()
        self.message(tr("Unsaved edits discarded."), LEVEL_INFO)
        self._update_state()
        return True

    # ==========================================================================================================
    # locations: map click, selected feature of another layer, units
    def _units(self) -> tuple[Optional[QgsVectorLayer], Optional[str], Optional[str]]:
        return (self.unitsCombo.currentLayer(), self.unitFieldCombo.currentField() or None,
                self.subdistrictFieldCombo.currentField() or None)

    def _units_changed(self, layer) -> None:
        self.unitFieldCombo.setLayer(layer)
        self.subdistrictFieldCombo.setLayer(layer)
        if layer is not None:
            unit, sd = PL.guess_unit_fields(layer)
            self.unitFieldCombo.setField(unit or "")
            self.subdistrictFieldCombo.setField(sd or "")
        self._store_links()

    def locate(self, geometry: QgsGeometry) -> tuple[Optional[str], Optional[str]]:
        """(unit id, 街镇) of a location in the project layer's CRS, from the units layer (None, None without)."""
        units, ufield, sfield = self._units()
        if units is None or self.layer is None:
            return None, None
        return PL.locate_in_units([geometry], self.layer.crs(), units, ufield, sfield)[0]

    def _toggle_pick(self, checked: bool) -> None:
        canvas = self.iface.mapCanvas()
        if checked:
            if not self._can_edit():
                self.actPick.setChecked(False)
                return
            self._previous_tool = canvas.mapTool()
            canvas.setMapTool(self.pick_tool)
        elif canvas.mapTool() is self.pick_tool:
            canvas.unsetMapTool(self.pick_tool)
            if self._previous_tool is not None:
                canvas.setMapTool(self._previous_tool)

    def _map_clicked(self, point: QgsPointXY) -> None:
        """A click on the map (canvas CRS): a location for the selected project, or a new project."""
        self.actPick.setChecked(False)
        self._toggle_pick(False)
        if self.layer is None:
            return
        canvas_crs = self.iface.mapCanvas().mapSettings().destinationCrs()
        click = QgsGeometry.fromPointXY(point)
        attrs: dict = {}
        if self.layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry:
            source = self.sourceCombo.currentLayer()
            if source is None or source.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
                self.message(tr("This list holds polygons: choose a polygon layer (parcels) under 'Geometry from', "
                                "then click inside one of its features."), LEVEL_WARNING)
                return
            pt = PL.transform_geometry(click, canvas_crs, source.crs())
            hit = None
            for f in source.getFeatures(QgsFeatureRequest().setFilterRect(pt.boundingBox().buffered(1e-6))):
                if f.hasGeometry() and f.geometry().intersects(pt):
                    hit = f
                    break
            if hit is None:
                self.message(tr("No feature of '{}' under the click.").format(source.name()), LEVEL_WARNING)
                return
            geometry = PL.transform_geometry(hit.geometry(), source.crs(), self.layer.crs())
            attrs = self._suggestions(source, hit)
        else:
            geometry = PL.transform_geometry(click, canvas_crs, self.layer.crs())
        self.place(geometry, attrs)

    def take_selected_feature(self) -> None:
        """The selected feature of the 'Geometry from' layer gives the location (of the selected project, or of
        a new one)."""
        if not self._can_edit():
            return
        source = self.sourceCombo.currentLayer()
        if source is None:
            self.message(tr("Choose the layer to take the geometry from (parcels, siting sites) under 'Map links'."),
                         LEVEL_WARNING)
            return
        feats = list(source.getSelectedFeatures())
        if len(feats) != 1:
            self.message(tr("Select exactly one feature of '{}' ({} selected).").format(source.name(), len(feats)),
                         LEVEL_WARNING)
            return
        f = feats[0]
        if not f.hasGeometry():
            self.message(tr("The selected feature of '{}' has no geometry.").format(source.name()), LEVEL_WARNING)
            return
        geometry = PL.transform_geometry(f.geometry(), source.crs(), self.layer.crs())
        self.place(geometry, self._suggestions(source, f))

    def _suggestions(self, source: QgsVectorLayer, feature) -> dict:
        """Category (and name) a parcel or site suggests for a new project."""
        guess = P.guess_site_fields([fl.name() for fl in source.fields()])
        out = {}
        if guess.get("category"):
            code = P.parse_category(PL.to_python(feature.attribute(guess["category"])))
            if code:
                out["category"] = code
        if guess.get("reason"):
            reason = PL.to_python(feature.attribute(guess["reason"]))
            if not P.is_empty(reason):
                out["remarks"] = str(reason)
        return out

    def place(self, geometry: QgsGeometry, suggestions: Optional[dict] = None) -> list[int]:
        """Put the selected project at ``geometry`` (layer CRS), or start a new project there; unit and 街镇 come
        from the units layer."""
        unit, sd = self.locate(geometry)
        fids = self.selected_fids()
        if len(fids) == 1:
            project = self.model.project_by_fid(fids[0])
            changes = {}
            if unit is not None:
                changes["unit_id"] = unit
            if sd is not None:
                changes["subdistrict"] = sd
            try:
                self.editor.update(fids[0], changes, geometry=geometry, validate=False,
                                   command=tr("Locate project {}").format(project.get("project_id")))
            except LifeCircleError as exc:
                self.message(error_message(exc), LEVEL_CRITICAL)
                return []
            self.message(tr("Project {} located{}.").format(
                project.get("project_id"), tr(" in unit {} ({})").format(unit, sd) if unit or sd else ""),
                LEVEL_SUCCESS)
            return fids
        values = dict(suggestions or {})
        if unit is not None:
            values["unit_id"] = unit
        if sd is not None:
            values["subdistrict"] = sd
        return self.add_project(geometry, values)

    def fill_units_for_selected(self) -> int:
        """unit_id and 街镇 of the selected projects from the units layer, in one edit command."""
        if not self._can_edit():
            return 0
        units, ufield, sfield = self._units()
        if units is None:
            self.message(tr("Choose the units layer under 'Map links'."), LEVEL_WARNING)
            return 0
        fids = self.selected_fids()
        feats = {f.id(): f for f in self.layer.getFeatures(QgsFeatureRequest().setFilterFids(fids))}
        geoms = [feats[f].geometry() if f in feats and feats[f].hasGeometry() else None for f in fids]
        found = PL.locate_in_units(geoms, self.layer.crs(), units, ufield, sfield)
        changed = 0
        self.editor._ensure_editable()
        self.layer.beginEditCommand(tr("Fill unit and 街镇 of {} project(s)").format(len(fids)))
        try:
            for fid, (unit, sd) in zip(fids, found):
                changes = {k: v for k, v in (("unit_id", unit), ("subdistrict", sd)) if v is not None}
                if changes:
                    self.editor.update(fid, changes, validate=False, command="")
                    changed += 1
        except LifeCircleError as exc:
            self.layer.destroyEditCommand()
            self.message(error_message(exc), LEVEL_CRITICAL)
            return 0
        self.layer.endEditCommand()
        missing = len(fids) - changed
        self.message(tr("Unit and 街镇 filled in for {} project(s); {} without a location inside a unit.").format(
            changed, missing), LEVEL_SUCCESS if not missing else LEVEL_WARNING)
        return changed

    # ==========================================================================================================
    # rollover and drafts
    def _latest_year(self) -> Optional[int]:
        years = [int(y) for y in self.model.distinct("year")]
        return max(years) if years else None

    def roll_over(self, from_year: Optional[int] = None) -> list[int]:
        """Copy the unfinished projects of a year (the year filter, else the latest year) into the next year."""
        if not self._can_edit():
            return []
        year = from_year or self.yearFilter.currentData() or self._latest_year()
        if year is None:
            self.message(tr("The list has no projects to roll over."), LEVEL_WARNING)
            return []
        try:
            plan = P.plan_rollover(self.model.projects(), int(year))
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return []
        summary = tr("{} unfinished project(s) of {} (谋划/前期/在建) roll into {} with new ids linked to the old "
                     "ones; {} finished and {} cancelled stay; {} already rolled over.").format(
            len(plan.new_projects), plan.from_year, plan.to_year, len(plan.finished), len(plan.cancelled),
            len(plan.already_rolled))
        if not plan.new_projects:
            self.message(summary, LEVEL_INFO)
            return []
        if not self._ask(tr("Roll over to {}").format(plan.to_year),
                         summary + "\n\n" + tr("The new projects go into the edit buffer: check them, then save "
                                               "(or undo).")):
            return []
        try:
            plan, fids = self.editor.roll_over(int(year))
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return []
        self.set_filter("year", plan.to_year)
        self.select_fids(fids)
        self.message(tr("{} project(s) copied into {}, linked to their {} ids — not saved yet.").format(
            len(fids), plan.to_year, plan.from_year), LEVEL_SUCCESS)
        return fids

    def from_siting(self) -> list[int]:
        """Draft projects from chosen sites of a siting result (or potential-space parcels)."""
        from .siting_drafts import SitingDraftsDialog, likely_sites_layer

        if not self._can_edit():
            return []
        sites = likely_sites_layer(exclude=self.layer) or self.sourceCombo.currentLayer()
        dialog = SitingDraftsDialog(self.yearFilter.currentData() or self._latest_year(), sites=sites,
                                    exclude=self.layer, parent=self)
        self.siting_dialog = dialog
        try:
            if not self._exec(dialog):
                return []
            sites_layer = dialog.layer()
            mapping = dialog.mapping()
            selected_only = dialog.selected_only()
            default_category = dialog.default_category()
            year = dialog.year()
        finally:
            self.siting_dialog = None
        if sites_layer is None:
            self.message(tr("Choose the layer of chosen sites."), LEVEL_WARNING)
            return []
        return self.drafts_from_layer(sites_layer, mapping, year, selected_only, default_category)

    def drafts_from_layer(self, sites_layer: QgsVectorLayer, mapping: dict, year: int, selected_only: bool = True,
                          default_category: Optional[str] = None) -> list[int]:
        feats = sorted(sites_layer.getSelectedFeatures() if selected_only else sites_layer.getFeatures(),
                       key=lambda f: f.id())
        if not feats:
            self.message(tr("No sites to turn into projects: select the chosen sites of '{}' first.").format(
                sites_layer.name()), LEVEL_WARNING)
            return []
        names = sites_layer.fields().names()
        sites = [{n: PL.to_python(f.attribute(i)) for i, n in enumerate(names)} for f in feats]
        geoms = [PL.transform_geometry(f.geometry(), sites_layer.crs(), self.layer.crs()) if f.hasGeometry() else None
                 for f in feats]
        units, ufield, sfield = self._units()
        if units is not None:
            located = PL.locate_in_units(geoms, self.layer.crs(), units, ufield, sfield)
        else:
            located = [(None, None)] * len(feats)
        try:
            result = P.drafts_from_sites(
                sites, mapping, year=year, existing_ids=self.editor.ids(),
                subdistricts=[sd for _u, sd in located], unit_ids=[u for u, _sd in located],
                district=self._common("district"), default_category=default_category)
            if not result.projects:
                self.message(tr("No draft projects: {}").format("; ".join(result.skipped[:8])), LEVEL_WARNING)
                return []
            if self.layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry:
                bad = [i for i in result.sources if geoms[i] is not None
                       and geoms[i].type() != QgsWkbTypes.GeometryType.PolygonGeometry]
                if bad:
                    raise LifeCircleError(tr("'{}' holds polygons but the sites are points: choose a point list, "
                                             "or take the sites' parcels.").format(self.layer.name()))
            fids = self.editor.add(result.projects, [geoms[i] for i in result.sources],
                                   tr("Draft {} project(s) from '{}'").format(len(result.projects), sites_layer.name()))
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return []
        if self.yearFilter.findData(year) >= 0:
            self.set_filter("year", year)
        self.select_fids(fids)
        text = tr("{} draft project(s) (谋划) from '{}' — check names and content, then save.").format(
            len(fids), sites_layer.name())
        if result.skipped:
            text += " " + tr("Skipped: {}").format("; ".join(result.skipped[:8]))
        self.message(text, LEVEL_SUCCESS if not result.skipped else LEVEL_WARNING)
        return fids

    # ==========================================================================================================
    # new lists, PostGIS
    def _save_file_name(self) -> str:
        path, _ = QFileDialog.getSaveFileName(self, tr("New project list"), "", tr("GeoPackage (*.gpkg)"))
        return path

    def _canvas_crs(self) -> QgsCoordinateReferenceSystem:
        canvas = self.iface.mapCanvas()
        crs = canvas.mapSettings().destinationCrs() if canvas is not None else QgsCoordinateReferenceSystem()
        return crs if crs.isValid() else QgsProject.instance().crs()

    def new_geopackage(self, geometry: str, path: Optional[str] = None) -> Optional[QgsVectorLayer]:
        path = path or self._save_file_name()
        if not path:
            return None
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        name, overwrite = PL.LAYER_NAME, False
        if Path(path).exists():
            name, ok = QInputDialog.getText(self, tr("New project list"),
                                            tr("{} exists: name of the new table in it").format(path),
                                            text=PL.LAYER_NAME)
            if not ok or not name.strip():
                return None
            name = name.strip()
        try:
            layer = PL.create_geopackage_layer(path, self._canvas_crs(), geometry, name, overwrite)
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return None
        QgsProject.instance().addMapLayer(layer)
        self.set_layer(layer)
        self.message(tr("New project list '{}' in {}.").format(name, path), LEVEL_SUCCESS)
        return layer

    def share_in_postgis(self) -> Optional[QgsVectorLayer]:
        from .postgis_dialog import PostgisDialog

        dialog = PostgisDialog(True, self.layer.name() if self.layer is not None and self._schema_ok else None, self)
        if not self._exec(dialog):
            return None
        source = self.layer if dialog.copy_current() else None
        if source is not None and source.isEditable() and source.isModified():
            self.message(tr("Save or roll back the edits of '{}' first.").format(source.name()), LEVEL_WARNING)
            return None
        try:
            layer = PL.export_to_postgis(dialog.connection(), dialog.table(), dialog.schema(), source=source,
                                         geometry=dialog.geometry(), crs=self._canvas_crs())
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return None
        QgsProject.instance().addMapLayer(layer)
        self.set_layer(layer)
        self.message(tr("The list is shared as {}.{}.").format(dialog.schema(), dialog.table()), LEVEL_SUCCESS)
        return layer

    def open_from_postgis(self) -> Optional[QgsVectorLayer]:
        from .postgis_dialog import PostgisDialog

        dialog = PostgisDialog(False, parent=self)
        if not self._exec(dialog):
            return None
        try:
            layer = PL.open_postgis_layer(PL.postgis_uri(dialog.connection(), dialog.table(), dialog.schema()))
        except LifeCircleError as exc:
            self.message(error_message(exc), LEVEL_CRITICAL)
            return None
        QgsProject.instance().addMapLayer(layer)
        self.set_layer(layer)
        return layer

    # ==========================================================================================================
    # links kept in the QGIS project
    def _store_links(self) -> None:
        """Remember the chosen layers and fields in the QGIS project (written only when they change, so that
        opening a project does not mark it modified)."""
        project = QgsProject.instance()
        values = {key: (combo.currentLayer().id() if combo.currentLayer() is not None else "")
                  for key, combo in (("projects/list_layer", self.layerCombo),
                                     ("projects/units_layer", self.unitsCombo),
                                     ("projects/geometry_layer", self.sourceCombo))}
        values["projects/unit_field"] = self.unitFieldCombo.currentField() or ""
        values["projects/subdistrict_field"] = self.subdistrictFieldCombo.currentField() or ""
        for key, value in values.items():
            if project.readEntry(SETTINGS_SCOPE, key, "")[0] != value:
                project.writeEntry(SETTINGS_SCOPE, key, value)

    def _restore_links(self) -> None:
        project = QgsProject.instance()

        def layer(key):
            layer_id, ok = project.readEntry(SETTINGS_SCOPE, key, "")
            return project.mapLayer(layer_id) if ok and layer_id else None

        units = layer("projects/units_layer")
        unit_field, _ = project.readEntry(SETTINGS_SCOPE, "projects/unit_field", "")
        sd_field, _ = project.readEntry(SETTINGS_SCOPE, "projects/subdistrict_field", "")
        if units is not None:
            self.unitsCombo.setLayer(units)
            if unit_field:
                self.unitFieldCombo.setField(unit_field)
            if sd_field:
                self.subdistrictFieldCombo.setField(sd_field)
        source = layer("projects/geometry_layer")
        if source is not None:
            self.sourceCombo.setLayer(source)
        lst = layer("projects/list_layer")
        if lst is not None:
            self.set_layer(lst)


def totals_html(head: str, parts: list[str], per_row: int = 2) -> str:
    """The totals under the table: the head line, then the statuses two a row, each on one line (Chinese text
    breaks between any two characters: only a table cell that does not wrap keeps '在建' and its numbers together)."""
    cells = [f"<td style='white-space:nowrap; padding-right:12px'>{html.escape(p)}</td>" for p in parts]
    rows = ["<tr>" + "".join(cells[i:i + per_row]) + "</tr>" for i in range(0, len(cells), per_row)]
    return f"<div>{html.escape(head)}</div>" + (f"<table cellspacing='0'>{''.join(rows)}</table>" if rows else "")


@contextmanager
def project_kept_clean():
    """What the dock does by itself (restoring or picking its layers when it opens, and remembering them) leaves a
    project that had no unsaved changes without any: only a planner's own choice marks it modified."""
    project = QgsProject.instance()
    was_dirty = project.isDirty()
    try:
        yield
    finally:
        if not was_dirty and project.isDirty():
            project.setDirty(False)


def create_project_dock(iface, area=Qt.DockWidgetArea.RightDockWidgetArea) -> ProjectDock:
    """The dock, added to QGIS's main window (the plugin keeps it and calls ``unload()`` + removes it)."""
    dock = ProjectDock(iface, iface.mainWindow())
    iface.addDockWidget(area, dock)
    return dock
