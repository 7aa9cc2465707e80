"""The project form: one project's fields with dropdowns, dates and validation before anything is saved.

The dialog only collects and checks values; the dock writes them through the layer's edit buffer. Save is
refused while :func:`core.projects.validate_project` finds problems: they are listed under the tabs (naming the
field) and the fields concerned are outlined in red.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable, Optional

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QDate
from qgis.PyQt.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit, QSpinBox

from ..core import projects as P
from ..project_layer import FORM_TABS
from ..messages import tr_msg
from ..messages import tr

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("project_form.ui")))

TEXT_COMBOS = ("subdistrict", "unit_id", "implementer", "funding", "design_team", "community_planner")
VALUE_COMBOS = ("category", "kind", "path", "status", "project_source")
DATE_FIELDS = P.DATE_FIELDS
#: the programme's fields (issue 19), added to the form's tabs in code: (field, the field they follow)
PROGRAMME_ROWS = (("project_source", "implementer"), ("budget_year", "project_source"),
                  ("fund_fiscal", "investment"), ("fund_social", "fund_fiscal"), ("fund_other", "fund_social"),
                  ("actual_start", "end_date"), ("actual_end", "actual_start"),
                  ("hearing_attendance", "hearing_date"), ("notice_start", "coordination_date"),
                  ("notice_end", "notice_start"), ("voters", "notice_end"), ("votes_for", "voters"),
                  ("votes_against", "votes_for"), ("votes_abstain", "votes_against"),
                  ("satisfaction", "evaluation_date"), ("feedback", "satisfaction"))
ERROR_STYLE = "border: 1px solid #d32f2f;"




def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class ProjectFormDialog(QDialog, FORM_CLASS):
    """Add or edit one project.

    ``check(values) -> list[Problem]`` validates (the dock passes its editor's check, which knows the other
    ids); ``id_for(year, subdistrict) -> str`` generates ids; ``choices`` maps field -> known values for the
    editable dropdowns (街镇, units, implementers…).
    """

    def __init__(self, project: dict, check: Callable[[dict], list], id_for: Callable[[int, str], str],
                 choices: Optional[dict[str, list]] = None, new: bool = True, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self._add_programme_rows()
        self._check = check
        self._id_for = id_for
        self._new = new
        self._auto_id = new and P.is_empty(project.get("project_id"))
        self._filling = False
        self.problems: list[P.Problem] = []
        self.tabs.setTabText(0, tr("Basics"))
        self.tabs.setTabText(1, tr("Implementation"))
        self.tabs.setTabText(2, tr("Consultations 一图三会"))
        self.setWindowTitle(tr("New project") if new else tr("Edit project {}").format(project.get("project_id") or ""))
        for spec in P.FIELDS:
            label = getattr(self, f"{_camel(spec.name)}Label", None)
            if label is not None:
                label.setText(spec.alias_zh + ("*" if spec.required else ""))
                label.setToolTip(f"{spec.alias_en} ({spec.name})" + (f": {spec.help_en}" if spec.help_en else ""))
        self.projectIdEdit.setPlaceholderText(tr("year-街镇-sequence, e.g. 2026-东湖-003"))
        self.investmentEdit.setPlaceholderText(tr("万元, e.g. 120.5"))
        self.progressEdit.setPlaceholderText(tr("0–100"))
        self.satisfactionEdit.setPlaceholderText(tr("0–100"))
        self.budgetYearEdit.setPlaceholderText(tr("e.g. 2026"))
        for name in P.FUNDING_FIELDS:
            self.widget(name).setPlaceholderText(tr("万元"))
        for name in VALUE_COMBOS:
            combo: QComboBox = self.widget(name)
            combo.clear()
            if not P.FIELDS_BY_NAME[name].required or name == "category":
                combo.addItem("", None)
            for label, value in P.value_choices(name):
                combo.addItem(label, value)
        for name in TEXT_COMBOS:
            combo = self.widget(name)
            combo.clear()
            combo.addItem("")
            for v in (choices or {}).get(name, []):
                if not P.is_empty(v):
                    combo.addItem(str(v))
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for name in DATE_FIELDS:
            w = self.widget(name)
            w.setAllowNull(True)
            w.setDisplayFormat("yyyy-MM-dd")
        self.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText(tr("Save to list"))
        self.buttonBox.accepted.connect(self.try_accept)
        self.buttonBox.rejected.connect(self.reject)
        self.generateIdButton.clicked.connect(self.generate_id)
        self.categoryEdit.currentIndexChanged.connect(self._category_changed)
        self.yearEdit.valueChanged.connect(self._refresh_auto_id)
        self.subdistrictEdit.currentTextChanged.connect(self._refresh_auto_id)
        self.projectIdEdit.textEdited.connect(self._id_edited)
        self.problemsLabel.setStyleSheet("color: #b71c1c;")
        self.problemsLabel.hide()
        self.headerLabel.hide()
        self.set_values(project)
        if self._auto_id:
            self._refresh_auto_id()

    def _add_programme_rows(self) -> None:
        """Rows for the programme's fields, each under the field it follows (in the tab of that field)."""
        from qgis.gui import QgsDateEdit
        from qgis.PyQt.QtWidgets import QFormLayout, QLabel

        for name, after in PROGRAMME_ROWS:
            spec = P.FIELDS_BY_NAME[name]
            if name in VALUE_COMBOS:
                widget = QComboBox(self)
            elif spec.type == P.DATE:
                widget = QgsDateEdit(self)
            elif spec.multiline:
                widget = QPlainTextEdit(self)
                widget.setTabChangesFocus(True)
                widget.setMaximumHeight(70)
            else:
                widget = QLineEdit(self)
            label = QLabel(self)
            setattr(self, f"{_camel(name)}Edit", widget)
            setattr(self, f"{_camel(name)}Label", label)
            previous = self.widget(after)
            form = next(f for f in (self.basicForm, self.workForm, self.meetingsForm) if f.indexOf(previous) >= 0)
            row, _role = form.getWidgetPosition(previous)
            if row < 0:  # (a widget inside a row's own layout)
                row = form.rowCount() - 1
            form.insertRow(row + 1, label, widget)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def set_header(self, text: str) -> None:
        """A note above the tabs (where the location comes from, a duplicated id …)."""
        self.headerLabel.setText(text)
        self.headerLabel.setVisible(bool(text))

    # -- widgets ----------------------------------------------------------------------------------------------
    def widget(self, name: str):
        return getattr(self, "projectIdEdit" if name == "project_id" else f"{_camel(name)}Edit")

    def set_values(self, project: dict) -> None:
        self._filling = True
        try:
            for spec in P.FIELDS:
                self._set(spec.name, project.get(spec.name))
        finally:
            self._filling = False

    def _set(self, name: str, value: Any) -> None:
        w = self.widget(name)
        if name in VALUE_COMBOS:
            i = w.findData(value) if value is not None else w.findData(None)
            if i < 0 and value is not None:  # a value outside the list: shown as it is, validation will say
                w.addItem(str(value), value)
                i = w.count() - 1
            w.setCurrentIndex(max(i, 0))
        elif name in TEXT_COMBOS:
            w.setEditText("" if value is None else str(value))
        elif name in DATE_FIELDS:
            if isinstance(value, dt.date):
                w.setDate(QDate(value.year, value.month, value.day))
            else:
                w.clear()
        elif isinstance(w, QSpinBox):
            w.setValue(int(value) if value is not None else dt.date.today().year)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        elif isinstance(w, QLineEdit):
            if isinstance(value, dt.datetime):
                text = value.strftime("%Y-%m-%d %H:%M:%S")
            elif isinstance(value, float):
                text = f"{value:g}"
            else:
                text = "" if value is None else str(value)
            w.setText(text)

    def values(self) -> dict:
        """What the form holds, as raw values (text where the user typed; core coerces and validates)."""
        out: dict[str, Any] = {}
        for spec in P.FIELDS:
            name = spec.name
            w = self.widget(name)
            if name in VALUE_COMBOS:
                out[name] = w.currentData()
            elif name in TEXT_COMBOS:
                out[name] = w.currentText().strip() or None
            elif name in DATE_FIELDS:
                out[name] = None if w.isNull() else w.date().toPyDate()
            elif isinstance(w, QSpinBox):
                out[name] = w.value()
            elif isinstance(w, QPlainTextEdit):
                out[name] = w.toPlainText().strip() or None
            else:
                out[name] = w.text().strip() or None
        out.pop("updated_at", None)  # set on save
        return out

    # -- behaviour ------------------------------------------------------------------------------------------
    def _category_changed(self) -> None:
        kind = P.kind_for_category(self.categoryEdit.currentData())
        if kind:
            self.kindEdit.setCurrentIndex(max(self.kindEdit.findData(kind), 0))

    def _id_edited(self, _text: str) -> None:
        self._auto_id = False

    def _refresh_auto_id(self, *_args) -> None:
        if self._auto_id and not self._filling:
            self.generate_id(keep_auto=True)

    def generate_id(self, *_args, keep_auto: bool = False) -> None:
        subdistrict = self.subdistrictEdit.currentText().strip()
        if not subdistrict:
            if not keep_auto:
                self.show_problems([P.Problem("subdistrict", tr("{}: choose the 街镇 first, the id needs it").format(
                    P.FIELDS_BY_NAME["subdistrict"].label()))])
            return
        self.projectIdEdit.setText(self._id_for(self.yearEdit.value(), subdistrict))
        self._auto_id = True if keep_auto else self._new

    def show_problems(self, problems: list) -> None:
        self.problems = list(problems)
        bad = {f for p in problems for f in getattr(p, "fields", (p.field,))}  # (and the fields it is about)
        for spec in P.FIELDS:
            self.widget(spec.name).setStyleSheet(ERROR_STYLE if spec.name in bad else "")
        if problems:
            self.problemsLabel.setText("\n".join(f"• {tr_msg(p.message)}" for p in problems))
            self.problemsLabel.show()
            first = next(p.field for p in problems)
            for i, (_title, names) in enumerate(FORM_TABS):
                if first in names:
                    self.tabs.setCurrentIndex(i)
                    break
        else:
            self.problemsLabel.clear()
            self.problemsLabel.hide()

    def try_accept(self) -> None:
        problems = self._check(self.values())
        self.show_problems(problems)
        if not problems:
            self.accept()

