"""Ledger (台账) dialogs the project dock opens: export for the district offices, and their updates back in.

* :func:`export_ledger_dialog` — years, 街镇, optional result layers for the extra sheets, the file; writes the
  workbook (``ledger_io``, the same code as ``lifecircle:exportledger``).
* :func:`import_ledger_dialog` — asks for the returned workbook, reads it (``ledger_io`` and the core, as
  ``lifecircle:importledger`` does)
  and shows :class:`LedgerPreviewDialog`: every change (project, field, old → new), conflicts side by side
  (exported / office / QGIS now), errors with sheet, row and column. **Apply** writes the changes through the
  layer's edit buffer, all or nothing; **Cancel** writes nothing.

Both take an optional ``run_dialog`` callable (default: ``dialog.exec()``) so that tests and scripts can drive
them without a modal loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from qgis.core import QgsProject
from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QBrush, QColor, QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from ..core import ledger_selection as S
from ..core import projects as P
from ..core.errors import CancelledError, LifeCircleError
from ..ledger_io import apply_ledger_changes, export_layer_ledger, layer_projects, read_attributes, read_projects
from ..qgis_compat import layer_filters
from ..messages import error_message, tr_msg
from ..messages import tr




def _level(name: str):
    from qgis.core import Qgis

    enum = getattr(Qgis, "MessageLevel", None)
    return getattr(enum, name) if enum is not None and hasattr(enum, name) else getattr(Qgis, name)


ACCEPTED = QDialog.DialogCode.Accepted
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
C_CONFLICT = QColor("#fff2cc")
C_ERROR = QColor("#ffc7ce")


def _default_run(dialog: QDialog) -> int:
    return dialog.exec()


# ------------------------------------------------------------------------------------------------------------
# export


class LedgerExportDialog(QDialog):
    """Years, 街镇, optional result layers and the workbook to write."""

    EXTRA_LAYERS = (
        ("units", "Coverage units (单元体检)", ("coverage_units", "units")),
        ("sites", "Recommended sites (选址)", ("siting", "sites")),
        ("potential", "Potential space (潜力空间)", ("potential",)),
        ("impact_units", "Impact units (成效评估)", ("impact_units", "compare")),
        ("impact_projects", "Impact projects (成效评估)", ("impact_projects",)),
    )

    def __init__(self, layer, projects: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Export Excel ledger 导出台账 — {}").format(layer.name()))
        self.layer = layer
        layout = QVBoxLayout(self)
        years = S.years_in(projects)
        sds = S.subdistricts_in(projects)
        lists = QGroupBox(tr("Projects"))
        form = QFormLayout(lists)
        self.years = self._checklist(map(str, years), {str(years[-1])} if years else set())
        self.subdistricts = self._checklist(sds, set(sds))
        form.addRow(tr("Year(s) 年度"), self.years)
        form.addRow(tr("街镇"), self.subdistricts)
        layout.addWidget(lists)
        extra = QGroupBox(tr("Extra sheets from results (optional)"))
        form2 = QFormLayout(extra)
        self.extra: dict[str, QgsMapLayerComboBox] = {}
        for key, label, hints in self.EXTRA_LAYERS:
            combo = QgsMapLayerComboBox()
            combo.setFilters(layer_filters("VectorLayer"))
            combo.setAllowEmptyLayer(True)
            combo.setExceptedLayerList([layer])
            combo.setLayer(None)
            for candidate in QgsProject.instance().mapLayers().values():
                name = candidate.name().lower()
                if candidate is not layer and any(h in name for h in hints):
                    combo.setLayer(candidate)
                    break
            self.extra[key] = combo
            form2.addRow(tr(label), combo)
        layout.addWidget(extra)
        self.file = QgsFileWidget()
        self.file.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.file.setFilter(tr("Excel workbook (*.xlsx)"))
        self.file.setDefaultRoot(str(Path.home()))
        out = QFormLayout()
        out.addRow(tr("Workbook 文件"), self.file)
        layout.addLayout(out)
        note = QLabel(tr("The ledger opens in Excel, WPS and LibreOffice. The offices fill the yellow columns and "
                         "send the file back: import it with 'Import ledger updates'."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Export 导出"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @staticmethod
    def _checklist(items, checked: set) -> QListWidget:
        widget = QListWidget()
        for text in items:
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(CHECKED if text in checked else UNCHECKED)
            widget.addItem(item)
        widget.setMaximumHeight(110)
        return widget

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [widget.item(i).text() for i in range(widget.count()) if widget.item(i).checkState() == CHECKED]

    def chosen_years(self) -> list[str]:
        return self._checked(self.years)

    def chosen_subdistricts(self) -> list[str]:
        chosen = self._checked(self.subdistricts)
        return [] if len(chosen) == self.subdistricts.count() else chosen  # all = no filter

    def path(self) -> str:
        path = self.file.filePath().strip()
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return path

    def _accept(self) -> None:
        if not self.path():
            QMessageBox.warning(self, self.windowTitle(), tr("Choose the workbook to write."))
            return
        if self.years.count() and not self.chosen_years():
            QMessageBox.warning(self, self.windowTitle(), tr("Choose at least one year."))
            return
        if self.subdistricts.count() and not self._checked(self.subdistricts):
            QMessageBox.warning(self, self.windowTitle(), tr("Choose at least one 街镇."))
            return
        self.accept()


def export_ledger_dialog(iface, layer, path: Optional[str] = None,
                         run_dialog: Callable[[QDialog], int] = _default_run) -> Optional[str]:
    """Asks what to export and writes the ledger of ``layer``; returns the workbook's path (None: cancelled or
    failed, with a message in the message bar)."""
    from ..core import ledger as L

    parent = iface.mainWindow() if iface is not None else None
    try:
        projects = [p for _, p in read_projects(layer)]
    except Exception as exc:  # a layer that is not a project list
        _message(iface, tr("Export ledger"), error_message(exc), "Critical")
        return None
    dialog = LedgerExportDialog(layer, projects, parent)
    try:
        if path:
            dialog.file.setFilePath(path)
        if run_dialog(dialog) != ACCEPTED:
            return None
        target = dialog.path()
        years = ",".join(dialog.chosen_years()) or "0"
        subdistricts = ",".join(dialog.chosen_subdistricts())
        extras = {}
        for key, combo in dialog.extra.items():
            other = combo.currentLayer()
            if other is not None:
                extras[key] = read_attributes(other)
    finally:
        dialog.deleteLater()  # parented to the main window: it would live (and watch the layers) until QGIS quits
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        summary = export_layer_ledger(layer, target, years=years, subdistricts=subdistricts,
                                      extras=L.ExportExtras(**extras))
    except LifeCircleError as exc:
        QApplication.restoreOverrideCursor()
        _message(iface, tr("Export ledger"), error_message(exc), "Critical")
        return None
    QApplication.restoreOverrideCursor()
    text = tr("{} project(s) written to {} (sheets: {}).").format(summary.projects, target, "、".join(summary.sheets))
    _message(iface, tr("Ledger exported 台账已导出"), text, "Success", open_path=target)
    return target


# ------------------------------------------------------------------------------------------------------------
# import


#: the rows an import skips, as the preview names them
SKIPPED_KINDS = {"blank": "空行", "total": "合计行", "note": "备注"}


class LedgerPreviewDialog(QDialog):
    """The changes a returned ledger would make, its conflicts and errors; Apply / Cancel."""

    def __init__(self, result, layer_name: str, parent=None):
        super().__init__(parent)
        self.result = result
        self.setWindowTitle(tr("Import ledger 导入台账 — preview"))
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        exported = result.exported
        head = tr("Workbook: {}").format(Path(result.path).name)
        if exported.get("exported_at"):
            head += tr(" — exported {} from '{}'").format(exported["exported_at"].replace("T", " "),
                                                       exported.get("layer_name", "?"))
        head += tr(" — into '{}'").format(layer_name)
        self.header = QLabel(head)
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.changes = self._table(
            [tr("项目编号"), tr("字段"), tr("原值 (QGIS)"), tr("新值 (台账)"), tr("行"), tr("列")],
            [[c.project_id, c.label, _show(c.old), _show(c.new), str(c.row), c.column] for c in result.changes])
        self.conflicts = self._table(
            [tr("项目编号"), tr("字段"), tr("导出时"), tr("街镇填报"), tr("QGIS 现在"), tr("行"), tr("QGIS 中改动的字段")],
            [[k.project_id, f.label, _show(f.exported), _show(f.office), _show(f.current), str(k.row),
              "、".join(P.FIELDS_BY_NAME[n].alias_zh for n in k.changed_in_qgis if n in P.FIELDS_BY_NAME)]
             for k in result.conflicts for f in k.fields], C_CONFLICT)
        self.errors = self._table(
            [tr("工作表"), tr("行"), tr("列"), tr("列名"), tr("项目编号"), tr("问题")],
            [[e.sheet or "", str(e.row or ""), e.column or "", e.header or "", e.project_id or "", tr_msg(e.message)]
             for e in result.errors], C_ERROR)
        not_taken = (
            [[tr("锁定列被改动"), e.project_id, e.label, _show(e.exported), _show(e.office), str(e.row), e.column]
             for e in result.locked]
            + [[tr("台账中缺少"), pid, "", "", "", "", ""] for pid in result.missing]
            + [[tr("跳过的行") + "：" + tr(SKIPPED_KINDS[k.kind]), "", "", "", k.text, str(k.row), ""]
               for k in result.skipped])
        self.not_taken = self._table(
            [tr("类型"), tr("项目编号"), tr("字段"), tr("导出时"), tr("台账中"), tr("行"), tr("列")], not_taken, C_CONFLICT)
        self.tabs.addTab(self.changes, tr("Changes 改动 ({})").format(len(result.changes)))
        self.tabs.addTab(self.conflicts, tr("Conflicts 冲突 ({})").format(len(result.conflicts)))
        self.tabs.addTab(self.errors, tr("Errors 错误 ({})").format(len(result.errors)))
        self.tabs.addTab(self.not_taken, tr("Not taken 未采用 ({})").format(len(not_taken)))
        if result.notes:
            notes = QListWidget()
            notes.addItems(result.notes)
            self.tabs.addTab(notes, tr("Notes 提示 ({})").format(len(result.notes)))
        if result.errors:
            self.tabs.setCurrentWidget(self.errors)
        elif not result.changes and result.conflicts:
            self.tabs.setCurrentWidget(self.conflicts)
        layout.addWidget(self.tabs)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton(tr("Apply 写入 {} change(s)").format(len(result.changes)))
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(result.ok and bool(result.changes))
        if not result.ok:
            self.apply_button.setToolTip(tr("The workbook has errors: fix them first. Nothing can be applied."))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _summary_text(self) -> str:
        r = self.result
        projects = len({c.project_id for c in r.changes})
        text = tr("{} project row(s) read: {} change(s) in {} project(s), {} conflict(s), {} error(s), {} unchanged.") \
            .format(r.rows, len(r.changes), projects, len(r.conflicts), len(r.errors), r.unchanged)
        if r.conflicts:
            text += " " + tr("Conflicts are projects changed in QGIS since the export: they are not applied; "
                             "compare the values and edit them by hand if needed.")
        if r.locked:
            text += " " + tr("{} edit(s) to the planner's columns (投资估算, 项目名称 …) are not applied: see 'Not "
                             "taken'.").format(len(r.locked))
        if r.missing:
            text += " " + tr("{} exported project(s) are not in the returned workbook: nothing is deleted from the "
                             "list.").format(len(r.missing))
        if r.skipped:
            text += " " + tr("{} row(s) without a project (blank, totals, notes) were skipped.").format(len(r.skipped))
        if r.errors:
            text += " " + tr("Nothing can be applied while there are errors.")
        return text

    @staticmethod
    def _table(headers: list[str], rows: list[list[str]], colour: Optional[QColor] = None) -> QTableWidget:
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                table.setItem(i, j, item)
        header = table.horizontalHeader()
        header.setMaximumSectionSize(240)  # long values wrap instead of pushing the last columns out of view
        table.resizeColumnsToContents()
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        return table


def import_ledger_dialog(iface, layer, path: Optional[str] = None,
                         run_dialog: Callable[[QDialog], int] = _default_run) -> Optional[int]:
    """Reads a returned ledger into ``layer`` after a preview; returns the number of projects updated (None:
    cancelled, nothing to apply or failed — said in the message bar)."""
    from ..core import ledger as L
    from .background import run_with_progress

    parent = iface.mainWindow() if iface is not None else None
    if not path:
        path, _ = QFileDialog.getOpenFileName(parent, tr("Returned ledger 导入台账"), str(Path.home()),
                                              tr("Excel workbook (*.xlsx)"))
        if not path:
            return None
    try:
        projects, fids = layer_projects(layer)  # (the layer, in the main thread; the workbook, in the background)
        result = run_with_progress(
            parent, tr("Reading the returned ledger {}…").format(Path(path).name),
            lambda progress, is_cancelled: L.read_ledger(path, projects, progress=progress,
                                                         is_cancelled=is_cancelled))
    except CancelledError:
        _message(iface, tr("Import ledger"), tr("Cancelled: nothing was changed."), "Info")
        return None
    except LifeCircleError as exc:
        _message(iface, tr("Import ledger"), error_message(exc), "Critical")
        return None
    dialog = LedgerPreviewDialog(result, layer.name(), parent)
    try:
        accepted = run_dialog(dialog) == ACCEPTED
    finally:
        dialog.deleteLater()
    if not accepted or not result.ok or not result.changes:
        return None
    try:
        applied = apply_ledger_changes(layer, result, fids)
    except LifeCircleError as exc:
        _message(iface, tr("Import ledger"), error_message(exc), "Critical")
        return None
    layer.triggerRepaint()
    _message(iface, tr("Ledger imported 台账已导入"),
             tr("{} change(s) to {} project(s) saved in '{}'.").format(len(result.changes), applied, layer.name())
             + (" " + tr("{} conflict(s) not applied.").format(len(result.conflicts)) if result.conflicts else ""),
             "Success" if not result.conflicts else "Warning")
    return applied


# ------------------------------------------------------------------------------------------------------------


def _show(value) -> str:
    from ..core.ledger import show

    return show(value)


def _message(iface, title: str, text: str, level: str, open_path: Optional[str] = None) -> None:
    if iface is None:
        return
    bar = iface.messageBar()
    if bar is None:
        return
    if open_path:
        widget = bar.createMessage(title, text)
        button = QPushButton(tr("Open 打开"))
        button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(open_path)))
        widget.layout().addWidget(button)
        bar.pushWidget(widget, _level(level), 10)
    else:
        bar.pushMessage(title, text, _level(level), 10)
