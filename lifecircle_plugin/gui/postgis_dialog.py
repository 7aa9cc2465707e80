"""Dialog: a PostGIS connection (a saved QGIS connection or a connection string), schema and table."""

from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from .. import project_layer as PL
from ..messages import tr




class PostgisDialog(QDialog):
    """``share=True``: create the table (optionally with the current list's projects); else open one."""

    def __init__(self, share: bool, current_name: Optional[str] = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Share the project list in PostGIS") if share else
                            tr("Open a shared project list from PostGIS"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("A district that shares one list keeps it in a PostGIS database: everyone opens the same "
                          "table, and the dock works the same as with a GeoPackage.") if share else
                       tr("Open a project list table from a PostGIS database."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.connectionCombo = QComboBox()
        self.connectionCombo.addItem(tr("Connection string below"), None)
        for name, uri in PL.postgis_connections().items():
            self.connectionCombo.addItem(name, uri)
        if self.connectionCombo.count() > 1:
            self.connectionCombo.setCurrentIndex(1)
        self.connectionEdit = QLineEdit()
        self.connectionEdit.setPlaceholderText("dbname='lc' host=127.0.0.1 port=5432 user='lc' password='…'")
        self.schemaEdit = QLineEdit("public")
        self.tableEdit = QLineEdit(PL.LAYER_NAME)
        form.addRow(tr("Connection"), self.connectionCombo)
        form.addRow(tr("Connection string"), self.connectionEdit)
        form.addRow(tr("Schema"), self.schemaEdit)
        form.addRow(tr("Table"), self.tableEdit)
        self.copyCheck = QCheckBox(tr("Copy the projects of '{}'").format(current_name)) if share and current_name \
            else None
        if self.copyCheck is not None:
            self.copyCheck.setChecked(True)
            form.addRow("", self.copyCheck)
        self.geometryCombo = QComboBox() if share else None
        if self.geometryCombo is not None:
            self.geometryCombo.addItem(tr("Points"), PL.POINT)
            self.geometryCombo.addItem(tr("Polygons"), PL.POLYGON)
            form.addRow(tr("Geometry (empty list)"), self.geometryCombo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.connectionCombo.currentIndexChanged.connect(self._toggle)
        self._toggle()

    def _toggle(self, *_args) -> None:
        self.connectionEdit.setEnabled(self.connectionCombo.currentData() is None)

    def connection(self) -> str:
        return self.connectionCombo.currentData() or self.connectionEdit.text().strip()

    def schema(self) -> str:
        return self.schemaEdit.text().strip() or "public"

    def table(self) -> str:
        return self.tableEdit.text().strip() or PL.LAYER_NAME

    def copy_current(self) -> bool:
        return self.copyCheck is not None and self.copyCheck.isChecked()

    def geometry(self) -> str:
        return self.geometryCombo.currentData() if self.geometryCombo is not None else PL.POINT
