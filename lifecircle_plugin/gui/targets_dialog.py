"""The yearly targets of a project list (年度目标): a small table a programme office fills in — year, 街镇 or
district, projects to start and to complete, investment — saved beside the list (list_targets). Save is refused,
with every row and column named, while a value cannot be read; nothing is written then.
"""

from __future__ import annotations

from typing import Optional, Sequence

from qgis.PyQt.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                                 QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from ..core import programme as G
from ..core.errors import LifeCircleError
from ..messages import error_message
from ..messages import tr




def column_titles() -> list[str]:
    """The columns' Chinese names, as the list's fields have (and as a problem with a row names them)."""
    return [G.TARGET_HEADERS_ZH[c] for c in G.TARGET_COLUMNS]


class TargetsDialog(QDialog):
    """Edit the targets of ``layer``; ``save(rows)`` is list_targets.save_layer_targets bound to the layer."""

    def __init__(self, targets: Sequence[G.Target], where: str, save, default_year: Optional[int] = None,
                 units: Sequence[str] = (), parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Yearly targets 年度目标"))
        self._save = save
        self._default_year = default_year
        self._units = list(units)
        self.saved: Optional[list[G.Target]] = None
        layout = QVBoxLayout(self)
        intro = QLabel(tr("The programme office's targets for each year: per 街镇, or for the whole district (its "
                          "name, e.g. 示例区). The dock and the ledger's 汇总 sheet compare them with the list. "
                          "Kept {}.").format(where), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(G.TARGET_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(column_titles())
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.addButton = QPushButton(tr("Add a row"), self)
        self.removeButton = QPushButton(tr("Remove the selected rows"), self)
        self.addButton.clicked.connect(lambda: self.add_row())
        self.removeButton.clicked.connect(self.remove_selected)
        buttons.addWidget(self.addButton)
        buttons.addWidget(self.removeButton)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problemLabel = QLabel(self)
        self.problemLabel.setWordWrap(True)
        self.problemLabel.setStyleSheet("color: #b71c1c;")
        self.problemLabel.hide()
        layout.addWidget(self.problemLabel)
        self.buttonBox = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                          QDialogButtonBox.StandardButton.Cancel, self)
        self.buttonBox.accepted.connect(self.try_save)
        self.buttonBox.rejected.connect(self.reject)
        layout.addWidget(self.buttonBox)
        for target in targets:
            self.add_row({c: getattr(target, c) for c in G.TARGET_COLUMNS})
        if not targets:
            for unit in self._units:
                self.add_row({"year": default_year, "unit": unit})
        self.resize(720, 380)

    def add_row(self, values: Optional[dict] = None) -> None:
        values = values or {"year": self._default_year}
        row = self.table.rowCount()
        self.table.insertRow(row)
        for j, column in enumerate(G.TARGET_COLUMNS):
            value = values.get(column)
            text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
            self.table.setItem(row, j, QTableWidgetItem(text))

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def rows(self) -> list[dict]:
        out = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, j) for j in range(len(G.TARGET_COLUMNS))]
            out.append({c: (cell.text().strip() if cell is not None else "") or None
                        for c, cell in zip(G.TARGET_COLUMNS, cells)})
        return out

    def try_save(self) -> None:
        try:
            self.saved = self._save(self.rows())
        except LifeCircleError as exc:
            self.problemLabel.setText(error_message(exc))
            self.problemLabel.show()
            return
        self.accept()
