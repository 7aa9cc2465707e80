"""The dialog a planner sees when a save finds projects a colleague saved first: per project what it was when
the planner started (old), what the colleague saved (theirs) and the planner's own values (mine), and the choice
— keep mine, take theirs, or field by field. Nothing is saved until the planner chooses and saves again."""

from __future__ import annotations

from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import conflicts as C
from ..core import projects as P
from ..messages import tr_msg
from ..messages import tr

C_CLASH = QColor("#ffc7ce")  # both changed the field
C_THEIRS = QColor("#ddebf7")
C_MINE = QColor("#e2efda")




class ProjectConflict(QWidget):
    """One project: old / theirs / mine per field, and the choice."""

    def __init__(self, conflict: C.Conflict, parent=None):
        super().__init__(parent)
        self.conflict = conflict
        layout = QVBoxLayout(self)
        self.text = QLabel(tr_msg(conflict.message()))
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.mine = QRadioButton(self._mine_label())
        self.theirs = QRadioButton(self._theirs_label())
        self.merge = QRadioButton(tr("Field by field 逐项选择"))
        self.group = QButtonGroup(self)
        for button in (self.mine, self.theirs, self.merge):
            self.group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.fields = self._changed_fields()
        self.table = QTableWidget(len(self.fields), 5)
        self.table.setHorizontalHeaderLabels([tr("Field 字段"), tr("Started from 原值"), tr("Theirs 他人保存"),
                                              tr("Mine 我的"), tr("Keep 采用")])
        self.combos: dict[str, QComboBox] = {}
        self._fill()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        self.merge.setEnabled(conflict.kind == C.CHANGED)
        self.group.buttonToggled.connect(self._toggled)
        (self.merge if conflict.kind == C.CHANGED and not conflict.clashes() else self.mine).setChecked(True)
        self._toggled()

    def _mine_label(self) -> str:
        if self.conflict.kind == C.DELETED_BY_OTHER:
            return tr("Keep mine 保留我的 (add it again)")
        if self.conflict.kind == C.CHANGED_BY_OTHER:
            return tr("Keep mine 保留我的 (delete it)")
        return tr("Keep mine 保留我的")

    def _theirs_label(self) -> str:
        if self.conflict.kind == C.DELETED_BY_OTHER:
            return tr("Take theirs 采用他人的 (leave it deleted)")
        if self.conflict.kind == C.CHANGED_BY_OTHER:
            return tr("Take theirs 采用他人的 (keep the project)")
        return tr("Take theirs 采用他人的")

    def _changed_fields(self) -> list[str]:
        k = self.conflict
        names = set(k.their_changes()) | set(k.my_changes())
        return [n for n in P.FIELD_NAMES if n in names]

    def _fill(self) -> None:
        k = self.conflict
        clashes = set(k.clashes())
        theirs, mine = set(k.their_changes()), set(k.my_changes())
        default = C.merge_choices(k)
        for r, name in enumerate(self.fields):
            cells = [P.FIELDS_BY_NAME[name].label(), C.show(k.old.get(name)),
                     tr("(deleted)") if k.theirs is None else C.show(k.theirs.get(name)),
                     tr("(deleted)") if k.mine is None else C.show(k.mine.get(name))]
            colour = C_CLASH if name in clashes else C_THEIRS if name in theirs and name not in mine else C_MINE
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(QBrush(colour))
                self.table.setItem(r, c, item)
            combo = QComboBox()
            combo.addItem(tr("mine 我的"), C.KEEP_MINE)
            combo.addItem(tr("theirs 他人的"), C.TAKE_THEIRS)
            combo.setCurrentIndex(0 if default.get(name, C.KEEP_MINE) == C.KEEP_MINE else 1)
            self.combos[name] = combo
            self.table.setCellWidget(r, 4, combo)

    def _toggled(self, *_args) -> None:
        for combo in self.combos.values():
            combo.setEnabled(self.merge.isChecked())

    def resolution(self) -> C.Resolution:
        if self.theirs.isChecked():
            return C.Resolution(C.TAKE_THEIRS)
        if self.merge.isChecked():
            return C.Resolution(C.MERGE, {n: c.currentData() for n, c in self.combos.items()})
        return C.Resolution(C.KEEP_MINE)


class ConflictDialog(QDialog):
    """All conflicts of a save; **Save with these choices** / Cancel (the edits stay, unsaved)."""

    def __init__(self, conflicts: list, layer_name: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Changed by another user 他人已修改 — {}").format(layer_name))
        self.resize(980, 520)
        layout = QVBoxLayout(self)
        self.header = QLabel(tr("{} project(s) were saved by another user after you started changing them. Nothing "
                                "was saved yet. Choose for each project, then save.").format(len(conflicts)))
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        self.legend = QLabel(tr("<span style='background:#ffc7ce'>&nbsp;both changed&nbsp;</span> "
                                "<span style='background:#ddebf7'>&nbsp;only the other user&nbsp;</span> "
                                "<span style='background:#e2efda'>&nbsp;only you&nbsp;</span>"))
        layout.addWidget(self.legend)
        body = QHBoxLayout()
        self.projects = QListWidget()
        self.projects.setMaximumWidth(160)
        self.pages = QStackedWidget()
        self.panels: list[ProjectConflict] = []
        for k in conflicts:
            self.projects.addItem(k.project_id)
            panel = ProjectConflict(k)
            self.panels.append(panel)
            self.pages.addWidget(panel)
        self.projects.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.projects.setCurrentRow(0)
        body.addWidget(self.projects)
        body.addWidget(self.pages, 1)
        layout.addLayout(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(tr("Save with these choices 按所选保存"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def resolutions(self) -> list[tuple[C.Conflict, C.Resolution]]:
        return [(p.conflict, p.resolution()) for p in self.panels]
